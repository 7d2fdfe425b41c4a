package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoVetVettool builds aaiguard-vet and runs it the way users do:
// go vet -vettool=aaiguard-vet, on a module whose SDK is the test stub.
// Facts cross packages here too (unitchecker passes them between go vet's
// per-package runs): the literal key goes through a wrapper in another
// package.
func TestGoVetVettool(t *testing.T) {
	dir := t.TempDir()
	tool := filepath.Join(dir, "aaiguard-vet")
	build := exec.Command("go", "build", "-o", tool, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := filepath.Join(dir, "mod")
	stub, err := filepath.Abs(filepath.Join("..", "..", "analyzers", "testdata", "src", "github.com", "AssemblyAI", "assemblyai-go-sdk"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":              "module example.com/svc\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./sdk\n",
		"sdk/go.mod":          "module github.com/AssemblyAI/assemblyai-go-sdk\n\ngo 1.21\n",
		"aaiclient/client.go": "package aaiclient\n\nimport aai \"github.com/AssemblyAI/assemblyai-go-sdk\"\n\nfunc New(key string) *aai.Client { return aai.NewClient(key) }\n",
		"main.go":             "package main\n\nimport \"example.com/svc/aaiclient\"\n\nfunc main() {\n\taaiclient.New(\"15137b8789c9d04ddb58f297428216f5\")\n}\n",
	}
	for _, name := range []string{"assemblyai.go", "types.go"} {
		b, err := os.ReadFile(filepath.Join(stub, name))
		if err != nil {
			t.Fatal(err)
		}
		files["sdk/"+name] = string(b)
	}
	for name, content := range files {
		p := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vet := exec.Command("go", "vet", "-vettool="+tool, "-tokenexpiry.max=300", "./...")
	vet.Dir = mod
	out, err := vet.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet passed, want diagnostics:\n%s", out)
	}
	want := "main.go:6:16: hard-coded AssemblyAI API key passed to New (which passes it to the AssemblyAI SDK)"
	if !strings.Contains(string(out), want) {
		t.Errorf("go vet output lacks %q:\n%s", want, out)
	}
}
