// Reduction of AssemblyAI/assemblyai-go-sdk README.md ("Identify entities
// in a transcript"): the README's options literal names TranscriptParams,
// which does not compile against v1.10.0 (the type is
// TranscriptOptionalParams): the typed stage cannot load it, the syntactic
// rules still read the literal.
package main

import (
	"context"
	"log"
	"os"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	client := assemblyai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	opts := &assemblyai.TranscriptParams{
		EntityDetection: assemblyai.Bool(true),
	}
	transcript, err := client.Transcripts.TranscribeFromURL(context.Background(), "https://example.org/audio.mp3", opts) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
	if err != nil {
		log.Fatal(err)
	}
	for _, entity := range transcript.Entities {
		log.Println(*entity.Text)
	}
}
