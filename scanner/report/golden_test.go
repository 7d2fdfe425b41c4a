package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// go test ./scanner/report -run TestGolden -update rewrites the golden
// files; review the diff before committing it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenExt is the file extension of each format's golden files.
var goldenExt = map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "markdown": "md"}

func render(t *testing.T, format string, r *report.Report, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, format, r, opts); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./scanner/report -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// Every format, for every fixture, matches its golden file; text also in
// colour for two fixtures.
func TestGolden(t *testing.T) {
	fx := fixtures()
	names := make([]string, 0, len(fx))
	for n := range fx {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, format := range report.Formats {
			t.Run(name+"/"+format, func(t *testing.T) {
				checkGolden(t, name+"."+goldenExt[format], render(t, format, fx[name], report.Options{}))
			})
		}
	}
	for _, name := range []string{"checklist", "history"} {
		t.Run(name+"/text-color", func(t *testing.T) {
			checkGolden(t, name+".color.txt", render(t, "text", fx[name], report.Options{Color: true}))
		})
	}
}

// Every golden file belongs to a fixture and format: a renamed fixture
// does not leave a stale file that CI would keep validating.
func TestNoStaleGoldenFiles(t *testing.T) {
	want := map[string]bool{"checklist.color.txt": true, "history.color.txt": true}
	for name := range fixtures() {
		for _, ext := range goldenExt {
			want[name+"."+ext] = true
		}
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("testdata/golden/%s is not produced by any fixture", e.Name())
		}
	}
}
