// Package gofixture writes Go modules for tests: modules that use the AssemblyAI Go SDK through the stub the analyzers'
// tests share (analyzers/testdata/src/github.com/AssemblyAI/assemblyai-go-sdk),
// so that no network or module cache is needed.
package gofixture

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// SDKStub returns the absolute path of the SDK stub.
func SDKStub(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("gofixture: cannot locate the source tree")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "analyzers", "testdata", "src", "github.com", "AssemblyAI", "assemblyai-go-sdk")
}

// WriteModule writes a Go module to dir: files plus a go.mod that requires
// the SDK, replaced by a copy of the stub in dir/sdk.
func WriteModule(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	stub := SDKStub(t)
	entries, err := os.ReadDir(stub)
	if err != nil {
		t.Fatal(err)
	}
	sdk := map[string]string{"sdk/go.mod": "module github.com/AssemblyAI/assemblyai-go-sdk\n\ngo 1.21\n"}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(stub, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sdk["sdk/"+e.Name()] = string(b)
	}
	gitfixture.Write(t, dir, sdk)
	gitfixture.Write(t, dir, map[string]string{"go.mod": "module example.com/svc\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk\n"})
	gitfixture.Write(t, dir, files)
}

// ServiceGo is a main package that uses the SDK: a hard-coded key (not
// key-shaped, so only the Go analyzer reports it; a 32-hex key would be
// the secret rule's), a request without redaction, a deletion, the key read
// from the environment and a request with redaction.
const ServiceGo = `package main

import (
	"context"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClient("staging-key-do-not-commit")

func main() {
	ctx := context.Background()
	t, _ := client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", nil)
	client.Transcripts.Delete(ctx, aai.ToString(t.ID))
	_ = aai.NewClient(os.Getenv("ASSEMBLYAI_API_KEY"))
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/b.mp3", &aai.TranscriptOptionalParams{
		RedactPII:         aai.Bool(true),
		RedactPIIPolicies: []aai.PIIPolicy{"person_name"},
	})
}
`
