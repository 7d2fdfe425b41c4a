package main

import (
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// buildSum is the md5 of the release tarball.
const buildSum = "d4045cb76939ded959c1d1ff185e929b"

func main() {
	client := aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	_ = client
	_ = "ea2f0fa45524da4efa3c32413ccb55f5" // fixture transcript id
}
