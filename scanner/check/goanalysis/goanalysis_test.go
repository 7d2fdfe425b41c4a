package goanalysis_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
)

// serviceGo imports net/http (the package the old cgo test marked
// blocked) and the SDK; its key literal is not key-shaped.
const serviceGo = `package main

import (
	"context"
	"net/http"

	aai "github.com/AssemblyAI/assemblyai-go-sdk"
)

var client = aai.NewClient("staging-key-do-not-commit")

func handle(w http.ResponseWriter, r *http.Request) {
	client.Transcripts.TranscribeFromURL(context.Background(), "https://example.com/a.mp3", nil)
}

func main() { http.ListenAndServe(":8080", http.HandlerFunc(handle)) }
`

var serviceFindings = []string{
	"go-contentsafety main.go:13",
	"go-hardcodedkey main.go:10",
	"go-redactpii main.go:13",
}

// With the SDK absent from the module cache (a fresh GOMODCACHE, as on a
// CI runner before go mod download), the scan names the missing module
// and the fix, makes the scan incomplete, hands the files to a syntactic
// checker, and still sees that the code uses AssemblyAI.
func TestMissingModule(t *testing.T) {
	g := newGoEnv(t)
	dir := t.TempDir()
	g.sdkModule(t, dir, "example.com/svc", map[string]string{"main.go": serviceGo}, false)
	res := run(t, input(t, dir, g.env))
	errs := errorsOf(res)
	for _, want := range []string{
		"github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 is not in the module cache",
		"go mod download", "--go-download", "AAIGUARD_GO_DOWNLOAD=1", "not type-checked: example.com/svc",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
	if len(res.Errors) != 1 {
		t.Errorf("%d errors, want 1:\n%s", len(res.Errors), errs)
	}
	if notes := strings.Join(res.Notes, "\n"); strings.Contains(notes, "cgo") {
		t.Errorf("the missing module is reported as cgo: %s", notes)
	}
	if got := untyped(res); !slices.Equal(got, []string{"main.go"}) {
		t.Errorf("untyped %q", got)
	}
	if !slices.Contains(res.Usage, "main.go:7: imports github.com/AssemblyAI/assemblyai-go-sdk") {
		t.Errorf("usage %q: the SDK import is AssemblyAI usage even untyped", res.Usage)
	}
	if len(res.Findings) != 0 || len(res.TypeChecked) != 0 {
		t.Errorf("findings %q, type-checked %q", rules(res), res.TypeChecked)
	}
}

// A go.sum without the module's checksum: downloading would not help (the
// go command refuses the module either way), so the fix is go mod tidy.
func TestMissingGoSumEntry(t *testing.T) {
	g := newGoEnv(t)
	dir := t.TempDir()
	g.sdkModule(t, dir, "example.com/svc", map[string]string{"main.go": serviceGo}, true)
	if err := os.Remove(filepath.Join(dir, "go.sum")); err != nil {
		t.Fatal(err)
	}
	in := input(t, dir, g.env)
	in.Download = true
	res := run(t, in)
	errs := errorsOf(res)
	if !strings.Contains(errs, "go.sum lacks a checksum the go command needs for github.com/AssemblyAI/assemblyai-go-sdk v1.10.0") || !strings.Contains(errs, "go mod tidy") {
		t.Errorf("errors %s", errs)
	}
	if got := untyped(res); !slices.Equal(got, []string{"main.go"}) {
		t.Errorf("untyped %q", got)
	}
}

// With a syntactic checker to run on the untyped files, the missing
// module is a note saying so, and the scan is complete.
func TestMissingModuleSyntacticFallback(t *testing.T) {
	g := newGoEnv(t)
	dir := t.TempDir()
	g.sdkModule(t, dir, "example.com/svc", map[string]string{"main.go": serviceGo}, false)
	in := input(t, dir, g.env)
	in.SyntacticFallback = true
	res := run(t, in)
	if len(res.Errors) > 0 {
		t.Errorf("errors %s", errorsOf(res))
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 is not in the module cache", "typed analysis was replaced"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %q", want, res.Notes)
		}
	}
	if got := untyped(res); !slices.Equal(got, []string{"main.go"}) {
		t.Errorf("untyped %q", got)
	}
}

// The same module with the SDK in the module cache is analysed in full.
func TestModulePresent(t *testing.T) {
	g := newGoEnv(t)
	dir := t.TempDir()
	g.sdkModule(t, dir, "example.com/svc", map[string]string{"main.go": serviceGo}, true)
	res := run(t, input(t, dir, g.env))
	if len(res.Errors) > 0 || len(res.Notes) > 0 {
		t.Errorf("errors %s\nnotes %q", errorsOf(res), res.Notes)
	}
	if got := rules(res); !slices.Equal(got, serviceFindings) {
		t.Errorf("findings %q, want %q", got, serviceFindings)
	}
	if len(res.Untyped) > 0 {
		t.Errorf("untyped %q", untyped(res))
	}
}

// --go-download lets the go command fetch the missing module from the
// configured GOPROXY (here a file:// proxy: no network).
func TestDownload(t *testing.T) {
	g := newGoEnv(t)
	dir := t.TempDir()
	g.sdkModule(t, dir, "example.com/svc", map[string]string{"main.go": serviceGo}, false)
	in := input(t, dir, g.env)
	in.Download = true
	res := run(t, in)
	if len(res.Errors) > 0 {
		t.Errorf("errors %s", errorsOf(res))
	}
	if got := rules(res); !slices.Equal(got, serviceFindings) {
		t.Errorf("findings %q, want %q", got, serviceFindings)
	}
	// And a proxy that does not have it: the error says it could not be
	// downloaded.
	g2 := newGoEnv(t)
	dir2 := t.TempDir()
	g2.sdkModule(t, dir2, "example.com/svc", map[string]string{"main.go": serviceGo}, false)
	in = input(t, dir2, append(g2.env, "GOPROXY=file://"+filepath.ToSlash(t.TempDir())))
	in.Download = true
	res = run(t, in)
	if errs := errorsOf(res); !strings.Contains(errs, "github.com/AssemblyAI/assemblyai-go-sdk v1.10.0 could not be downloaded") {
		t.Errorf("errors %s", errs)
	}
}

// A repository with no AssemblyAI usage never fails because of its
// dependencies, and runs no go command at all.
func TestNoMentionRunsNoGoCommand(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":     "module example.com/m\n\ngo 1.26\n\nrequire example.com/not/in/cache v1.2.3\n",
		"m.go":       "package m\n\n// Talks to a speech API (not AssemblyAI: comments do not count).\nimport _ \"example.com/not/in/cache\"\n",
		"sub/sub.go": "package sub\n\nimport \"net/http\"\n\nvar C = http.DefaultClient\n",
		"m_test.go":  "package m\n\nimport _ \"github.com/AssemblyAI/assemblyai-go-sdk\"\n",
		"tests/t.go": "package tests\n\nconst api = \"https://api.assemblyai.com\"\n",
	})
	marker := filepath.Join(t.TempDir(), "ran")
	bin := t.TempDir()
	writeFiles(t, bin, map[string]string{"go": "#!/bin/sh\necho \"$@\" >> " + marker + "\nexit 1\n"})
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	res := run(t, input(t, dir, nil))
	if len(res.Errors) > 0 || len(res.Findings) > 0 || len(res.Usage) > 0 {
		t.Errorf("errors %s, findings %q, usage %q", errorsOf(res), rules(res), res.Usage)
	}
	if _, err := os.Stat(marker); err == nil {
		b, _ := os.ReadFile(marker)
		t.Errorf("the go command ran: %s", b)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "no Go package mentions AssemblyAI") || !strings.Contains(notes, "none of the 2 was type-checked") {
		t.Errorf("notes %q", res.Notes)
	}
	// The fake go command is the one that would run: with a mention, it
	// does (so the test above can fail).
	writeFiles(t, dir, map[string]string{"sub/aai.go": "package sub\n\nconst host = \"api.assemblyai.com\"\n"})
	res = run(t, input(t, dir, nil))
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the fake go command did not run: %v (errors %s)", err, errorsOf(res))
	}
}

// In a large module where one package mentions AssemblyAI, only it and
// the packages that import it (transitively) are type-checked.
func TestSelection(t *testing.T) {
	dir := t.TempDir()
	// The SDK in a directory the go command and the scan skip: it is not
	// a module of the tree, as in a real repository.
	stubModule(t, filepath.Join(dir, "_sdk"))
	files := map[string]string{
		"go.mod": "module example.com/big\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./_sdk\n",
		// The one package that uses the SDK, with a wrapper.
		"speech/speech.go": "package speech\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nfunc New(key string) *aai.Client { return aai.NewClient(key) }\n",
		// Its importers: their code never names AssemblyAI.
		"api/api.go":          "package api\n\nimport \"example.com/big/speech\"\n\nvar C = speech.New(\"dev-key-in-code\")\n",
		"cmd/server/main.go":  "package main\n\nimport _ \"example.com/big/api\"\n\nfunc main() {}\n",
		"util/strings.go":     "package util\n\nimport \"example.com/big/lib/l3\"\n\nvar X = l3.X\n",
		"docs/readme_test.go": "package docs\n",
	}
	// 40 packages that do not matter, in a chain of imports.
	for i := 0; i < 40; i++ {
		imp := ""
		if i > 0 {
			imp = fmt.Sprintf("import _ \"example.com/big/lib/l%d\"\n\n", i-1)
		}
		files[fmt.Sprintf("lib/l%d/l.go", i)] = fmt.Sprintf("package l%d\n\n%s// Mentions AssemblyAI only in a comment.\nvar X = %d\n", i, imp, i)
	}
	writeFiles(t, dir, files)
	var phases []goanalysis.Progress
	in := input(t, dir, nil)
	in.Progress = func(p goanalysis.Progress) { phases = append(phases, p) }
	res := run(t, in)
	if len(res.Errors) > 0 {
		t.Fatalf("errors %s", errorsOf(res))
	}
	want := []string{"api", "cmd/server", "speech"}
	if !slices.Equal(res.TypeChecked, want) {
		t.Errorf("type-checked %q, want %q", res.TypeChecked, want)
	}
	// The wrapper's caller is reported: its fact flowed from speech.
	if got := rules(res); !slices.Contains(got, "go-hardcodedkey api/api.go:5") {
		t.Errorf("findings %q lack the key passed through the wrapper", got)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "3 of 44 Go packages mention AssemblyAI or import a package that does: only those were type-checked (41 skipped)") {
		t.Errorf("notes %q", res.Notes)
	}
	var seen []string
	for _, p := range phases {
		s := string(p.Phase)
		if p.Packages > 0 {
			s += fmt.Sprintf(" %d", p.Packages)
		}
		if !slices.Contains(seen, s) {
			seen = append(seen, s)
		}
	}
	if !slices.Equal(seen, []string{"selecting", "loading 3", "analysing 3"}) {
		t.Errorf("progress %q", seen)
	}
}

// A wrapper package that imports the SDK-using one is analysed with it,
// and facts flow: the key passed to the wrapper's wrapper is found.
func TestWrapperOfWrapper(t *testing.T) {
	dir := t.TempDir()
	stubModule(t, filepath.Join(dir, "sdk"))
	writeFiles(t, dir, map[string]string{
		"go.mod":           "module example.com/w\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk\n",
		"client/client.go": "package client\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nfunc New(key string) *aai.Client { return aai.NewClient(key) }\n",
		"svc/svc.go":       "package svc\n\nimport \"example.com/w/client\"\n\ntype S struct{ c any }\n\nfunc Open(token string) S { return S{c: client.New(token)} }\n",
		"main.go":          "package main\n\nimport \"example.com/w/svc\"\n\nfunc main() { _ = svc.Open(\"literal-key-here\") }\n",
	})
	res := run(t, input(t, dir, nil))
	if len(res.Errors) > 0 {
		t.Fatalf("errors %s", errorsOf(res))
	}
	if got := rules(res); !slices.Equal(got, []string{"go-hardcodedkey main.go:5"}) {
		t.Errorf("findings %q", got)
	}
}

// A real cgo package: a package of the module with import "C" is
// blocked (noted, its dependents untyped) without running the C compiler,
// while a package that only depends on the standard library's net (which
// has cgo files) is analysed.
func TestCgo(t *testing.T) {
	dir := t.TempDir()
	stubModule(t, filepath.Join(dir, "sdk"))
	writeFiles(t, dir, map[string]string{
		"go.mod": "module example.com/c\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk\n",
		// #include "/dev/zero" would keep the C compiler reading forever:
		// this test would hang if cgo ran.
		"native/native.go": "package native\n\n// #include \"/dev/zero\"\n// int twice(int x) { return 2 * x; }\nimport \"C\"\n\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n",
		"audio/audio.go":   "package audio\n\nimport (\n\taai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\t\"example.com/c/native\"\n)\n\nvar C = aai.NewClient(\"key-in-cgo-pkg\")\n\nvar N = native.Twice(2)\n",
		"web/web.go":       serviceGo,
	})
	res := run(t, input(t, dir, nil))
	if len(res.Errors) > 0 {
		t.Errorf("errors %s", errorsOf(res))
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "example.com/c/audio use cgo or import packages that do") {
		t.Errorf("notes %q", res.Notes)
	}
	if strings.Contains(notes, "example.com/c/web") {
		t.Errorf("net/http made web cgo-blocked: %q", res.Notes)
	}
	if got := untyped(res); !slices.Equal(got, []string{"audio/audio.go"}) {
		t.Errorf("untyped %q", got)
	}
	want := []string{"go-contentsafety web/web.go:13", "go-hardcodedkey web/web.go:10", "go-redactpii web/web.go:13"}
	if got := rules(res); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}

// A go.work whose use list covers one of two modules: the used one is
// loaded through the workspace, the other on its own with a note; neither
// fails. A go.work the toolchain refuses is noted and its modules loaded
// on their own.
func TestGoWork(t *testing.T) {
	module := func(name string) map[string]string {
		return map[string]string{
			name + "/go.mod":  "module example.com/" + name + "\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ../sdk\n",
			name + "/main.go": strings.Replace(serviceGo, "staging-key-do-not-commit", name+"-key", 1),
		}
	}
	for _, c := range []struct {
		name, gowork, note string
	}{
		{"partial use", "go 1.26\n\nuse ./a\n", "go: module b is not in the use list of go.work: analysed on its own (GOWORK=off)"},
		{"newer go", "go 1.99\n\nuse (\n\t./a\n\t./b\n)\n", "go: go.work could not be loaded"},
		{"bad syntax", "go 1.26\n\nuse ./a\nbogus\n", "go: go.work could not be read"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			stubModule(t, filepath.Join(dir, "sdk"))
			files := module("a")
			for k, v := range module("b") {
				files[k] = v
			}
			files["go.work"] = c.gowork
			writeFiles(t, dir, files)
			res := run(t, input(t, dir, nil))
			if len(res.Errors) > 0 {
				t.Errorf("errors %s", errorsOf(res))
			}
			if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, c.note) {
				t.Errorf("notes %q lack %q", res.Notes, c.note)
			}
			for _, m := range []string{"a", "b"} {
				if got := rules(res); !slices.Contains(got, "go-hardcodedkey "+m+"/main.go:10") {
					t.Errorf("module %s not analysed: %q", m, got)
				}
			}
		})
	}
}

// Test files are skipped unless Tests: _test.go files and files in test
// directories, as the code rules skip tests/ and *.test.ts.
func TestTestFiles(t *testing.T) {
	dir := t.TempDir()
	stubModule(t, filepath.Join(dir, "sdk"))
	writeFiles(t, dir, map[string]string{
		"go.mod":            "module example.com/t\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk\n",
		"svc/svc.go":        "package svc\n\nfunc Name() string { return \"svc\" }\n",
		"svc/svc_test.go":   "package svc\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar c = aai.NewClient(\"fake-test-key\")\n",
		"test/e2e/e2e.go":   "package e2e\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar c = aai.NewClient(\"fake-e2e-key\")\n",
		"internal/real.go":  "package internal\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar c = aai.NewClient(\"real-key-in-code\")\n",
		"sdk/extra_test.go": "package assemblyai\n",
	})
	res := run(t, input(t, dir, nil))
	if got := rules(res); !slices.Equal(got, []string{"go-hardcodedkey internal/real.go:5"}) || len(res.Errors) > 0 {
		t.Errorf("findings %q, errors %s", got, errorsOf(res))
	}
	for _, u := range res.Usage {
		if strings.Contains(u, "test") {
			t.Errorf("usage from a test file without Tests: %s", u)
		}
	}
	in := input(t, dir, nil)
	in.Tests = true
	res = run(t, in)
	want := []string{"go-hardcodedkey internal/real.go:5", "go-hardcodedkey svc/svc_test.go:5", "go-hardcodedkey test/e2e/e2e.go:5"}
	if got := rules(res); !slices.Equal(got, want) || len(res.Errors) > 0 {
		t.Errorf("with Tests: findings %q, want %q; errors %s", got, want, errorsOf(res))
	}
}

// Go files outside every module that import the SDK are noted as not
// type-checked, and still count as AssemblyAI usage.
func TestLooseFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"scripts/tool.go": "//go:build ignore\n\npackage main\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar _ = aai.NewClient\n",
		"other.go":        "package main\n",
	})
	res := run(t, input(t, dir, nil))
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "scripts/tool.go mention AssemblyAI but belong to no Go module") {
		t.Errorf("notes %q", res.Notes)
	}
	if got := untyped(res); !slices.Equal(got, []string{"scripts/tool.go"}) {
		t.Errorf("untyped %q", got)
	}
	if !slices.Equal(res.Usage, []string{"scripts/tool.go:5: imports github.com/AssemblyAI/assemblyai-go-sdk"}) {
		t.Errorf("usage %q", res.Usage)
	}
}

// Files the build leaves out are not analysed, and say so: a package of
// //go:build ignore examples, and such a file beside others.
func TestBuildConstraints(t *testing.T) {
	dir := t.TempDir()
	stubModule(t, filepath.Join(dir, "_sdk"))
	example := "//go:build ignore\n\npackage main\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nvar c = aai.NewClient(\"example-key\")\n\nfunc main() {}\n"
	writeFiles(t, dir, map[string]string{
		"go.mod":             "module example.com/b\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./_sdk\n",
		"examples/basic.go":  example,
		"svc/svc.go":         serviceGo,
		"svc/svc_windows.go": "package main\n\nconst host = \"https://api.assemblyai.com\"\n",
		"svc/gen.go":         example,
	})
	res := run(t, input(t, dir, nil))
	if len(res.Errors) > 0 {
		t.Errorf("errors %s", errorsOf(res))
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{
		"every file of example.com/b/examples is excluded by its build constraints",
		"files that mention AssemblyAI are excluded by their build constraints (for this platform, or //go:build ignore) and were not analysed: svc/gen.go, svc/svc_windows.go",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if got := untyped(res); !slices.Equal(got, []string{"examples/basic.go", "svc/gen.go", "svc/svc_windows.go"}) {
		t.Errorf("untyped %q", got)
	}
	want := []string{"go-contentsafety svc/svc.go:13", "go-hardcodedkey svc/svc.go:10", "go-redactpii svc/svc.go:13"}
	if got := rules(res); !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}
}
