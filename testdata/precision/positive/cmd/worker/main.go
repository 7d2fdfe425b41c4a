package main

import (
	"context"
	"fmt"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

const transcriptCacheID = "3d127ae5403766126e772263fb100b4e"

func main() {
	client := aai.NewClient("04ec7f7a85c1753d40ea17e17edf9f22")
	t, err := client.Transcripts.TranscribeFromURL(context.Background(), "https://example.com/a.mp3", nil)
	fmt.Println(t.ID, err, transcriptCacheID)
}
