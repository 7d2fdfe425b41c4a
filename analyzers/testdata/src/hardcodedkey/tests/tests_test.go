package tests

import (
	"testing"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

// With -hardcodedkey.tests, test files are checked too.
func TestClient(t *testing.T) {
	aai.NewClient("03747da9e6dcbabafb05809481ae0000") // want `read it from the environment, e.g. os.Getenv\("AAI_KEY"\)`
}
