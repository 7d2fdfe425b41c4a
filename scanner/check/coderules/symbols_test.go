package coderules_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// checkAll checks every fixture with one project, as a scan does, and
// returns the results by path.
func checkAll(t *testing.T) map[string]*coderules.Result {
	t.Helper()
	return checkAllWith(t, func(string) bool { return true })
}

// checkAllWith is checkAll with a project built from the paths keep
// accepts.
func checkAllWith(t *testing.T, keep func(string) bool) map[string]*coderules.Result {
	t.Helper()
	paths, root := fixtures(t)
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, p)) }
	c := &coderules.Checker{Project: coderules.NewProject(slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return !keep(p) }), read)}
	out := map[string]*coderules.Result{}
	for _, p := range paths {
		if !coderules.Relevant(p) {
			continue
		}
		src, err := read(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = c.Check(p, src)
	}
	return out
}

// TestCrossFile: clients, params objects, base URLs and factories imported
// from other modules are what those modules export (xfile/ fixtures); the
// findings are checked by TestFixtures, the evidence that proves the
// imports were resolved here.
func TestCrossFile(t *testing.T) {
	res := checkAll(t)
	has := func(p, id, want string) {
		t.Helper()
		r := res[p]
		if r == nil {
			t.Fatalf("%s not checked", p)
		}
		if !slices.Contains(r.Evidence[id], want) {
			t.Errorf("%s: evidence[%s] lacks %q; have %q", p, id, want, r.Evidence[id])
		}
	}
	js := "xfile/js/app/api/transcribe.ts"
	has(js, catalog.PIIRedaction, js+":11: transcription request with redact_pii and policies (client.transcripts.transcribe)")
	has(js, catalog.PIIRedaction, js+":14: transcription request with redact_pii and policies (makeHttp().post POST /v2/transcript)")
	has(js, catalog.ContentSafety, js+":12: transcription request with content_safety (aai.transcripts.submit)")
	has("xfile/js/app/api/cleanup.ts", catalog.Retention, "xfile/js/app/api/cleanup.ts:7: transcript deletion (client.transcripts.delete)")
	has("xfile/js/app/api/legacy.js", catalog.Retention, "xfile/js/app/api/legacy.js:13: transcript deletion (sdk.transcripts.delete)")
	if n := strings.Join(res[js].Notes, "\n"); !strings.Contains(n, "import cycle") {
		t.Errorf("no note on the import cycle: %q", n)
	}
	// The params object's module is named where it decides the finding.
	for _, f := range res[js].Findings {
		if f.Line == 10 && !slices.ContainsFunc(f.Also, func(l finding.Location) bool { return l.File == "xfile/js/lib/client.ts" }) {
			t.Errorf("line 10: the params object's module is not a related location: %+v", f.Also)
		}
	}

	py := "xfile/py/app/services/jobs.py"
	has(py, catalog.PIIRedaction, py+":9: transcription request with redact_pii and policies (redacting.transcribe)")
	has(py, catalog.Retention, py+":19: transcript deletion (http.delete DELETE /v2/transcript/{id})")
}

// TestProjectPath: a project built from the paths ProjectPath keeps (what
// staged lists in a large repository) judges every fixture as one built
// from every path does, and it keeps less.
func TestProjectPath(t *testing.T) {
	all, some := checkAll(t), checkAllWith(t, coderules.ProjectPath)
	for _, res := range []map[string]*coderules.Result{all, some} {
		for _, r := range res {
			r.ParseTime, r.RuleTime = 0, 0 // timings differ run to run
		}
	}
	if len(all) == 0 || !reflect.DeepEqual(all, some) {
		for p := range all {
			if !reflect.DeepEqual(all[p], some[p]) {
				t.Errorf("%s: judged differently from the kept paths:\n%+v\n%+v", p, all[p], some[p])
			}
		}
		t.Fatalf("%d fixtures, results differ", len(all))
	}
	for p, want := range map[string]bool{
		"web/package.json": true, "web/tsconfig.json": true, "kit/svelte.config.js": true, "nuxt.config.ts": true,
		"src/App.JS": true, "lib/x.mts": true, "svc/app.py": true,
		"README.md": false, "pages/index.vue": false, "main.go": false, "assets/logo.png": false,
	} {
		if got := coderules.ProjectPath(p); got != want {
			t.Errorf("ProjectPath(%q) = %v, want %v", p, got, want)
		}
	}
}
