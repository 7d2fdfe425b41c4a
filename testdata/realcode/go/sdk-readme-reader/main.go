// Reduction of AssemblyAI/assemblyai-go-sdk README.md ("Transcribe a local
// audio file"): a reader and nil options.
package main

import (
	"context"
	"log"
	"os"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	client := assemblyai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	f, err := os.Open("./my-local-audio-file.wav")
	if err != nil {
		log.Fatal("Couldn't open audio file:", err)
	}
	defer f.Close()
	transcript, err := client.Transcripts.TranscribeFromReader(context.Background(), f, nil) // want "aai-pii-redaction-missing" "aai-content-safety-missing" "aai-retention-no-deletion"
	if err != nil {
		log.Fatal(err)
	}
	log.Println(*transcript.Text)
}
