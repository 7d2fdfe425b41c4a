package detect_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/detect"
)

// TestPrecisionCorpus scans realistic files (testdata/precision): positive
// files with leaked keys at known lines, and negative files full of 32-hex
// values that are not keys (lockfiles, manifests, checksum lists, ETags,
// IDs, other vendors' keys, placeholders). It logs precision and recall and
// fails on any miss or false positive.
func TestPrecisionCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "precision")
	data, err := os.ReadFile(filepath.Join(root, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expect struct {
		Positive map[string][]int `json:"positive"`
		Negative []string         `json:"negative"`
	}
	if err := json.Unmarshal(data, &expect); err != nil {
		t.Fatal(err)
	}
	e := defaultEngine(t)
	tp, fp, fn := 0, 0, 0
	scan := func(rel string) []int {
		content, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		var lines []int
		for _, f := range e.Scan(detect.Item{Path: rel, Content: content}) {
			lines = append(lines, f.Line)
		}
		return lines
	}
	for rel, want := range expect.Positive {
		got := scan(rel)
		for _, l := range got {
			if slices.Contains(want, l) {
				tp++
			} else {
				fp++
				t.Errorf("%s:%d: false positive", rel, l)
			}
		}
		for _, l := range want {
			if !slices.Contains(got, l) {
				fn++
				t.Errorf("%s:%d: missed key", rel, l)
			}
		}
	}
	for _, rel := range expect.Negative {
		for _, l := range scan(rel) {
			fp++
			t.Errorf("%s:%d: false positive", rel, l)
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("precision corpus: %d files, %d keys: precision %.3f, recall %.3f (tp %d, fp %d, fn %d)",
		len(expect.Positive)+len(expect.Negative), tp+fn, precision, recall, tp, fp, fn)
}
