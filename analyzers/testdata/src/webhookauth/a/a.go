package a

import (
	"context"
	"encoding/json"
	"os"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

const audio = "https://example.com/call.mp3"

var policies = []assemblyai.PIIPolicy{"person_name"}

func noAuth(ctx context.Context, c *assemblyai.Client) {
	c.Transcripts.SubmitFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{ // want `transcription request \(SubmitFromURL\) sets WebhookURL without WebhookAuthHeaderName and WebhookAuthHeaderValue.*\(webhook-auth\)`
		WebhookURL: assemblyai.String("https://hooks.example.com/aai"),
	})
}

func onlyName(ctx context.Context, c *assemblyai.Client) {
	opts := &assemblyai.TranscriptOptionalParams{WebhookURL: assemblyai.String(os.Getenv("HOOK_URL"))} // want `sets WebhookURL without`
	opts.WebhookAuthHeaderName = assemblyai.String("X-Hook-Secret")
	c.Transcripts.SubmitFromURL(ctx, audio, opts)
}

func plainHTTP(ctx context.Context, c *assemblyai.Client) {
	c.Transcripts.SubmitFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{
		WebhookURL:             assemblyai.String("http://hooks.example.com/aai"), // want `webhook URL "http://hooks.example.com/aai" uses http://`
		WebhookAuthHeaderName:  assemblyai.String("X-Hook-Secret"),
		WebhookAuthHeaderValue: assemblyai.String(os.Getenv("HOOK_SECRET")),
	})
}

func restNoAuth() ([]byte, error) {
	return json.Marshal(map[string]any{"audio_url": audio, "webhook_url": "https://hooks.example.com/aai"}) // want `REST transcript request \(json.Marshal\) sets webhook_url without webhook_auth_header_name and webhook_auth_header_value`
}

// Negative cases.

func authenticated(ctx context.Context, c *assemblyai.Client) {
	c.Transcripts.SubmitFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{
		WebhookURL:             assemblyai.String("https://hooks.example.com/aai"),
		WebhookAuthHeaderName:  assemblyai.String("X-Hook-Secret"),
		WebhookAuthHeaderValue: assemblyai.String(os.Getenv("HOOK_SECRET")),
	})
	c.Transcripts.TranscribeFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{RedactPII: assemblyai.Bool(true), RedactPIIPolicies: policies})
	c.Transcripts.TranscribeFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{WebhookURL: nil})
	c.Transcripts.TranscribeFromURL(ctx, audio, &assemblyai.TranscriptOptionalParams{WebhookURL: assemblyai.String("")})
}

func restAuthenticated() ([]byte, error) {
	return json.Marshal(map[string]any{
		"audio_url":                 audio,
		"webhook_url":               "https://hooks.example.com/aai",
		"webhook_auth_header_name":  "X-Hook-Secret",
		"webhook_auth_header_value": os.Getenv("HOOK_SECRET"),
	})
}

func fromParam(ctx context.Context, c *assemblyai.Client, opts *assemblyai.TranscriptOptionalParams) {
	c.Transcripts.SubmitFromURL(ctx, audio, opts)
}
