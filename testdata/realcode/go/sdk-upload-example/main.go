// Reduction of AssemblyAI/assemblyai-go-sdk
// examples/upload-with-progress/main.go: an upload with a progress bar and
// no transcript (nothing to judge but the key from the environment).
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	apiKey := os.Getenv("ASSEMBLYAI_API_KEY")
	f, err := os.Open(os.Args[1])
	if err != nil {
		os.Exit(1)
	}
	defer f.Close()
	client := assemblyai.NewClient(apiKey)
	url, err := client.Upload(context.Background(), io.TeeReader(f, io.Discard))
	if err != nil {
		os.Exit(1)
	}
	fmt.Println(url)
}
