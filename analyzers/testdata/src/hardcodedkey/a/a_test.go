package a

import (
	"testing"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// Test files are not checked unless -hardcodedkey.tests.
func TestClient(t *testing.T) {
	aai.NewClient("03747da9e6dcbabafb05809481ae0000")
}
