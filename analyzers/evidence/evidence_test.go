package evidence_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/aaiguard/aaiguard/analyzers/evidence"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGoodPractices(t *testing.T) {
	results := analysistest.Run(t, testdata(t), evidence.Analyzer, "evidence/good")
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	res := results[0].Result.(*evidence.Result)
	fset := results[0].Pass.Fset
	var got []string
	for _, it := range res.Evidence {
		got = append(got, fmt.Sprintf("%s %d %s", it.Checklist, fset.Position(it.Pos).Line, it.What))
	}
	want := []string{
		`env-key 14 API key read from the environment (os.Getenv("ASSEMBLYAI_API_KEY"))`,
		`env-key 16 SDK client takes the key from $ASSEMBLYAI_API_KEY (NewClientWithOptions without WithAPIKey)`,
		`pii-redaction 19 transcription request (TranscribeFromURL) with PII redaction and policies`,
		`content-safety 19 transcription request (TranscribeFromURL) with content safety`,
		`webhook-auth 19 transcription request (TranscribeFromURL) with a webhook auth header`,
		`retention 27 transcript deleted after use (Transcripts.Delete)`,
		`browser-tokens 31 temporary streaming token minted on the server (RealTime.CreateTemporaryToken)`,
		`retention 35 transcript deleted after use (DELETE /v2/transcript)`,
		`browser-tokens 38 temporary token endpoint https://streaming.assemblyai.com/v3/token?expires_in_seconds=60`,
		`webhook-auth 41 webhook handler compares a request header in constant time (subtle.ConstantTimeCompare)`,
		`browser-tokens 48 temporary token endpoint /v3/token`,
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing evidence %q", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d evidence items, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	var usage []string
	for _, it := range res.Usage {
		usage = append(usage, fmt.Sprintf("%d %s", fset.Position(it.Pos).Line, it.What))
	}
	for _, w := range []string{"11 imports github.com/AssemblyAI/assemblyai-go-sdk", "35 AssemblyAI host api.assemblyai.com", "38 AssemblyAI host streaming.assemblyai.com"} {
		if !slices.Contains(usage, w) {
			t.Errorf("missing usage %q in %q", w, usage)
		}
	}
}

// Bad code yields no positive evidence.
func TestNoEvidence(t *testing.T) {
	results := analysistest.Run(t, testdata(t), evidence.Analyzer, "evidence/bad")
	if len(results) == 0 {
		t.Fatal("no package analysed")
	}
	usage := 0
	for _, r := range results {
		res := r.Result.(*evidence.Result)
		for _, it := range res.Evidence {
			t.Errorf("unexpected evidence at %s: %s %s", r.Pass.Fset.Position(it.Pos), it.Checklist, it.What)
		}
		usage += len(res.Usage)
	}
	if usage == 0 {
		t.Error("no usage recorded for a package importing the SDK")
	}
}
