// Reduction of AssemblyAI/assemblyai-go-sdk README.md ("Transcribe an
// audio file from URL"): nil options.
package main

import (
	"context"
	"log"
	"os"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	apiKey := os.Getenv("ASSEMBLYAI_API_KEY")
	ctx := context.Background()
	audioURL := "https://example.org/audio.mp3"
	client := assemblyai.NewClient(apiKey)
	transcript, err := client.Transcripts.TranscribeFromURL(ctx, audioURL, nil) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
	if err != nil {
		log.Fatal("Something bad happened:", err)
	}
	log.Println(*transcript.Text)
}
