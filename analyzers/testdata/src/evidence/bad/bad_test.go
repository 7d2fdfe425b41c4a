package bad

import (
	"context"
	"os"
	"testing"
)

// Tests do not count as evidence.
func TestDelete(t *testing.T) {
	client.Transcripts.Delete(context.Background(), os.Getenv("ASSEMBLYAI_API_KEY"))
}
