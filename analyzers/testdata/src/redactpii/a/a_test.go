package a

import (
	"context"
	"testing"
)

// Test files are skipped unless -redactpii.tests.
func TestTranscribe(t *testing.T) {
	client.Transcripts.TranscribeFromURL(context.Background(), audio, nil)
}
