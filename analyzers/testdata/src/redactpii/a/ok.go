package a

import (
	"context"
	"encoding/json"
	"net/url"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const on = true

var policies = []aai.PIIPolicy{"person_name", "phone_number"}

func ptr[T any](v T) *T { return &v }

func redacted(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{
		RedactPII:         aai.Bool(true),
		RedactPIIPolicies: []aai.PIIPolicy{"person_name", "phone_number"},
	})
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: new(true), RedactPIIPolicies: policies})
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(on), RedactPIIPolicies: policies})
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: ptr(true), RedactPIIPolicies: policies})
	yes := true
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: &yes, RedactPIIPolicies: policies})
}

// Fields set after the declaration count.
func setLater(ctx context.Context) {
	opts := &aai.TranscriptOptionalParams{}
	opts.RedactPII = aai.Bool(true)
	opts.RedactPIIPolicies = policies
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

// Options that come from elsewhere are not judged.
func fromParam(ctx context.Context, opts *aai.TranscriptOptionalParams) {
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

func defaults() *aai.TranscriptOptionalParams { return nil }

func fromCall(ctx context.Context) {
	client.Transcripts.TranscribeFromURL(ctx, audio, defaults())
}

func configure(o *aai.TranscriptOptionalParams) { o.RedactPII = aai.Bool(true) }

func escapes(ctx context.Context) {
	opts := &aai.TranscriptOptionalParams{}
	configure(opts)
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

func unknownValue(ctx context.Context, redact bool) {
	client.Transcripts.TranscribeFromURL(ctx, audio, &aai.TranscriptOptionalParams{RedactPII: aai.Bool(redact)})
}

func reassigned(ctx context.Context, pii bool) {
	opts := &aai.TranscriptOptionalParams{}
	if pii {
		opts = &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true), RedactPIIPolicies: policies}
	}
	client.Transcripts.TranscribeFromURL(ctx, audio, opts)
}

func restRedacted() ([]byte, error) {
	body := map[string]any{"audio_url": audio}
	body["redact_pii"] = true
	body["redact_pii_policies"] = []string{"person_name"}
	return json.Marshal(body)
}

// Not a transcript request: no audio_url.
func tokenRequest() ([]byte, error) {
	return json.Marshal(map[string]any{"expires_in": 60})
}

func other() string { return url.QueryEscape(audio) }
