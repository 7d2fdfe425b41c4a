// Command sample is the module .ci/golangci-plugin.sh lints with
// golangci-lint built with the aaiguard plugin; expected.txt lists what it
// must report.
package main

import (
	"context"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	ctx := context.Background()
	client := aai.NewClient("af36baae8661d44b5db4ad886795daa8")
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", nil)
	client.RealTime.CreateTemporaryToken(ctx, 400) // above the 300 s set in .golangci.yml
	client.RealTime.CreateTemporaryToken(ctx, 120)
	_ = aai.NewClient("531b92387181e40c29e8941c2b0148d9") //nolint:aaiguard // suppressed on purpose
}
