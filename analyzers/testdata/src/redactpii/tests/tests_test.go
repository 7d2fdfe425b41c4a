package tests

import (
	"context"
	"testing"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// With -redactpii.tests, test files are checked too.
func TestTranscribe(t *testing.T) {
	client := aai.NewClientWithOptions()
	client.Transcripts.TranscribeFromURL(context.Background(), "https://example.com/a.mp3", nil) // want `with nil options`
}
