package detect_test

import (
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/detect"
)

// FuzzScan: the engine never panics, and every finding points inside the
// content at a secret that is really there.
func FuzzScan(f *testing.F) {
	for _, tc := range append(append([]tcase{}, positives...), negatives...) {
		f.Add(tc.path, []byte(expand(tc.content)))
	}
	f.Add("x.ipynb", []byte(`{"cells":[{"source":["aai.settings.api_key = \"`+key+`\""]}],"nbformat":4}`))
	f.Add("", []byte("\x00\xff\xfe"))
	e := defaultEngine(f)
	f.Fuzz(func(t *testing.T, path string, content []byte) {
		fs := e.Scan(detect.Item{Path: path, Content: content})
		nl := strings.Count(string(content), "\n")
		for _, fd := range fs {
			if fd.Line < 1 || fd.Line > nl+1 || fd.Column < 1 {
				t.Fatalf("finding out of range: line %d col %d (%d lines)", fd.Line, fd.Column, nl+1)
			}
			// A notebook's secret may be JSON-escaped in the file; any
			// other secret is there verbatim.
			if !strings.HasSuffix(path, ".ipynb") && !strings.Contains(string(content), "nbformat") && !strings.Contains(string(content), fd.Secret.Reveal()) {
				t.Fatalf("secret %q not in the content", fd.Secret.Reveal())
			}
			if fd.Fingerprint == "" || fd.Secret.Reveal() == "" {
				t.Fatalf("finding without secret or fingerprint: %+v", fd)
			}
		}
	})
}
