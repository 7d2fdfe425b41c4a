// Package bad does none of what the checklist asks: no positive evidence.
package bad

import (
	"context"
	"os"
	"strings"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClient(apiKey())

func apiKey() string { return os.Args[1] }

func transcribe(ctx context.Context, redact bool) {
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", &aai.TranscriptOptionalParams{
		RedactPII:     aai.Bool(redact),
		ContentSafety: aai.Bool(false),
		WebhookURL:    aai.String("https://hooks.example.com/aai"),
	})
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", &aai.TranscriptOptionalParams{RedactPII: aai.Bool(true)})
	_ = client.RealTime.CreateTemporaryToken // a method value, not a call
}

// Prose that mentions the API is not use of it.
const help = "mint a token with GET https://streaming.assemblyai.com/v3/token first"

// A bare token path that is not joined to an AssemblyAI host is a pattern
// (a scanner's own source), not a request.
func isTokenURL(u string) bool { return strings.HasSuffix(u, "/v3/token") || u == "/v2/realtime/token" }
