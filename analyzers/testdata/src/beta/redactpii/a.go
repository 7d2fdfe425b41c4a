// Package redactpii uses the vendored v1.0.0-beta SDK.
package redactpii

import (
	"context"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

func submit(ctx context.Context, c *assemblyai.Client) {
	c.Transcripts.Submit(ctx, "https://example.com/a.mp3", nil) // want `transcription request \(Submit\) with nil options`
	c.Transcripts.Submit(ctx, "https://example.com/a.mp3", &assemblyai.CreateTranscriptOptionalParameters{
		RedactPII:         assemblyai.Bool(true),
		RedactPIIPolicies: []assemblyai.PIIPolicy{"person_name"},
	})
}
