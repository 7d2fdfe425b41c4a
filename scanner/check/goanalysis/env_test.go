package goanalysis_test

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/mod/zip"

	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
)

// sdkStub is the SDK stub shared with the analyzers' tests.
var sdkStub = filepath.Join("..", "..", "..", "analyzers", "testdata", "src", "github.com", "AssemblyAI", "assemblyai-go-sdk")

const sdkVersion = "v1.10.0"

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// stubModule copies the SDK stub into dir as a module.
func stubModule(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(sdkStub)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"go.mod": "module " + goanalysis.SDKPath + "\n\ngo 1.21\n"}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(sdkStub, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	writeFiles(t, dir, files)
}

// goEnv is a go environment of the test's own: an empty module cache, a
// file:// module proxy serving the SDK stub as v1.10.0 (never the
// network), no checksum database. cache says whether the module cache
// holds the SDK already (as after go mod download).
type goEnv struct {
	proxy, modcache string
	env             []string
}

func newGoEnv(t *testing.T) *goEnv {
	t.Helper()
	tmp := t.TempDir()
	g := &goEnv{proxy: filepath.Join(tmp, "proxy"), modcache: filepath.Join(tmp, "modcache")}
	src := filepath.Join(tmp, "sdk-src")
	stubModule(t, src)
	esc, err := module.EscapePath(goanalysis.SDKPath)
	if err != nil {
		t.Fatal(err)
	}
	vdir := filepath.Join(g.proxy, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(vdir, sdkVersion+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := zip.CreateFromDir(zf, module.Version{Path: goanalysis.SDKPath, Version: sdkVersion}, src); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	mod, _ := os.ReadFile(filepath.Join(src, "go.mod"))
	writeFiles(t, vdir, map[string]string{
		sdkVersion + ".mod":  string(mod),
		sdkVersion + ".info": `{"Version":"` + sdkVersion + `","Time":"2024-01-01T00:00:00Z"}`,
		"list":               sdkVersion + "\n",
	})
	g.env = append(os.Environ(),
		"GOMODCACHE="+g.modcache, "GOPROXY=file://"+filepath.ToSlash(g.proxy), "GOSUMDB=off",
		"GOFLAGS=-modcacherw -buildvcs=false", "GONOSUMDB=", "GOPRIVATE=", "GOWORK=")
	return g
}

// goCmd runs the go command in dir with the test's environment (and the
// proxy: this is the test's setup, not the scan).
func (g *goEnv) goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, append(g.env, "GOFLAGS=-modcacherw -buildvcs=false -mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// sdkModule writes a module that requires the SDK from the proxy, with
// its go.sum; the module cache is left holding the SDK when cached, and
// emptied otherwise.
func (g *goEnv) sdkModule(t *testing.T, dir, path string, files map[string]string, cached bool) {
	t.Helper()
	files["go.mod"] = "module " + path + "\n\ngo 1.26\n\nrequire " + goanalysis.SDKPath + " " + sdkVersion + "\n"
	writeFiles(t, dir, files)
	g.goCmd(t, dir, "mod", "download", goanalysis.SDKPath)
	g.goCmd(t, dir, "mod", "verify")
	sum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if err != nil || !strings.Contains(string(sum), goanalysis.SDKPath) {
		t.Fatalf("go.sum: %v %s", err, sum)
	}
	if !cached {
		g.goCmd(t, dir, "clean", "-modcache")
	}
}

// input lists the files under root as the work tree stage would.
func input(t testing.TB, root string, env []string) goanalysis.Input {
	t.Helper()
	root, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	var files []goanalysis.File
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, goanalysis.File{Path: filepath.ToSlash(rel), Abs: p})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return goanalysis.Input{Root: root, Files: files, Env: env}
}

func run(t *testing.T, in goanalysis.Input) *goanalysis.Result {
	t.Helper()
	return goanalysis.Run(context.Background(), in)
}

// rules lists "rule file:line" of the findings.
func rules(res *goanalysis.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Rule+" "+f.File+":"+strconv.Itoa(f.Line))
	}
	slices.Sort(out)
	return out
}

func errorsOf(res *goanalysis.Result) string {
	var s []string
	for _, e := range res.Errors {
		s = append(s, e.Error())
	}
	return strings.Join(s, "\n")
}

func untyped(res *goanalysis.Result) []string {
	var out []string
	for _, f := range res.Untyped {
		out = append(out, f.Path)
	}
	slices.Sort(out)
	return out
}
