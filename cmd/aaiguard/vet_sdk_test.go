package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// realSDKMain uses the real SDK (v1.10.0, from the module proxy) under an
// alias; each line with a problem is one the analyzers must report.
const realSDKMain = `package main

import (
	"context"
	"os"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

func main() {
	ctx := context.Background()
	client := aai.NewClient("15137b8789c9d04ddb58f297428216f5")
	client.Transcripts.TranscribeFromURL(ctx, "https://example.com/a.mp3", nil)
	client.Transcripts.SubmitFromURL(ctx, "https://example.com/b.mp3", &aai.TranscriptOptionalParams{
		RedactPII:         aai.Bool(true),
		RedactPIIPolicies: []aai.PIIPolicy{"person_name"},
		WebhookURL:        aai.String("http://hooks.example.com/aai"),
	})
	client.RealTime.CreateTemporaryToken(ctx, 3600)
	rt := aai.NewRealTimeClientWithOptions(aai.WithRealTimeAPIKey(os.Getenv("ASSEMBLYAI_API_KEY")))
	_ = rt
}
`

// TestVetRealSDK runs aaiguard vet on a module that requires the real
// github.com/AssemblyAI/assemblyai-go-sdk v1.10.0: the go command fetches
// it from the module proxy when the module cache does not have it (CI can
// reach the proxy). It proves the analyzers match the real SDK's objects,
// not only the test stub's.
func TestVetRealSDK(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/realsdk\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n")
	write(t, filepath.Join(dir, "main.go"), realSDKMain)
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy (needs the module proxy or a module cache holding the SDK v1.10.0): %v\n%s", err, out)
	}
	out, stderr, code := vet(t, "-C", dir, "./...")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr %s", code, exitFindings, stderr)
	}
	want := []string{
		"main.go:12:26: hard-coded AssemblyAI API key passed to assemblyai.NewClient",
		"main.go:13:73: transcription request (TranscribeFromURL) with nil options",
		"main.go:14:70: transcription request (SubmitFromURL) sets WebhookURL without WebhookAuthHeaderName and WebhookAuthHeaderValue",
		`main.go:17:33: webhook URL "http://hooks.example.com/aai" uses http://`,
		"main.go:19:44: temporary token expires after 3600 s, above the 600 s limit",
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want) {
		t.Errorf("%d diagnostics, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("diagnostic %d: want prefix %q\n%s", i, w, out)
		}
	}
}
