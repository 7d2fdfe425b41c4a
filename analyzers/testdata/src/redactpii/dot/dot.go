// Package dot imports the SDK with a dot import: the fix writes unqualified
// names.
package dot

import (
	"context"

	. "github.com/AssemblyAI/assemblyai-go-sdk"
)

func transcribe(ctx context.Context, c *Client) {
	c.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", nil)                                                  // want `with nil options`
	c.Transcripts.TranscribeFromURL(ctx, "https://example.com/b.mp3", &TranscriptOptionalParams{SpeakerLabels: Bool(true)}) // want `without RedactPII`
}
