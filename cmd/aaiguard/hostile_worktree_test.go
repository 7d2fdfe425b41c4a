package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// workRepo is a repository with files written (nothing committed).
func workRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	return gitfixture.Repo(t, files)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
}

// deepDirs creates n nested directories named name below dir with openat
// and mkdirat, so that the whole path may exceed PATH_MAX, and writes a
// file holding content at the bottom.
func deepDirs(t *testing.T, dir, name string, n int, content string) {
	t.Helper()
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		if err := syscall.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := syscall.Openat(fd, name, syscall.O_RDONLY|syscall.O_DIRECTORY, 0)
		syscall.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	defer syscall.Close(fd)
	f, err := syscall.Openat(fd, "app.py", syscall.O_WRONLY|syscall.O_CREAT, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Write(f, []byte(content))
	syscall.Close(f)
	// (t.TempDir's cleanup, os.RemoveAll, removes with *at calls too.)
}

// TestHostileWorkTree: files, links and configuration a repository can
// carry (or a checkout can have) that must not crash, hang or exhaust
// scan and check.
func TestHostileWorkTree(t *testing.T) {
	cases := []hostile{
		{
			name: "1 GiB sparse file",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				f, err := os.Create(filepath.Join(dir, "big.bin"))
				if err != nil {
					t.Fatal(err)
				}
				if err := f.Truncate(1 << 30); err != nil {
					t.Fatal(err)
				}
				f.Close()
				return dir
			},
			args: []string{"scan", "DIR"}, code: 1, findings: -1, maxRSS: 200 * mib,
			want: []string{"skipped big.bin (1073741824 bytes): larger than the 10485760-byte limit"},
		},
		{
			name: "symbolic link loops",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				symlink(t, "b", filepath.Join(dir, "a"))
				symlink(t, "a", filepath.Join(dir, "b"))
				symlink(t, ".", filepath.Join(dir, "self"))
				symlink(t, "..", filepath.Join(dir, "up"))
				symlink(t, "/", filepath.Join(dir, "root"))
				return dir
			},
			args: []string{"check", "DIR"}, code: 1, findings: -1,
		},
		{
			name: "a FIFO among the files",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				mkfifo(t, filepath.Join(dir, "pipe.py"))
				return dir
			},
			args: []string{"check", "DIR"}, code: 1, findings: -1,
		},
		{
			name: ".aaiguard.toml is a FIFO",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				mkfifo(t, filepath.Join(dir, ".aaiguard.toml"))
				return dir
			},
			args: []string{"scan", "DIR"}, code: 2, findings: -1, want: []string{"aaiguard: config .aaiguard.toml: not a regular file (a FIFO)"},
		},
		{
			name: ".aaiguard.toml links to /dev/zero",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				symlink(t, "/dev/zero", filepath.Join(dir, ".aaiguard.toml"))
				return dir
			},
			args: []string{"scan", "DIR"}, code: 2, findings: -1, maxRSS: 200 * mib,
			want: []string{"aaiguard: config .aaiguard.toml: a symbolic link to /dev/zero, outside the repository: not read"},
		},
		{
			name: ".aaiguard.toml links to a file outside the repository",
			build: func(t *testing.T) string {
				secret := filepath.Join(t.TempDir(), "id_rsa")
				os.WriteFile(secret, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"), 0o600)
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				symlink(t, secret, filepath.Join(dir, ".aaiguard.toml"))
				return dir
			},
			args: []string{"scan", "DIR"}, code: 2, findings: -1, want: []string{"outside the repository: not read"},
		},
		{
			name: ".aaiguard.toml of 2 MiB",
			build: func(t *testing.T) string {
				return workRepo(t, map[string]string{"app.py": leakLine, ".aaiguard.toml": "# " + strings.Repeat("x", 2*mib) + "\n"})
			},
			args: []string{"scan", "DIR"}, code: 2, findings: -1, want: []string{"aaiguard: config .aaiguard.toml: larger than 1048576 bytes"},
		},
		{
			name: ".gitignore files that are links to /dev/zero and FIFOs",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine, "sub/b.py": leakLine})
				symlink(t, "/dev/zero", filepath.Join(dir, ".gitignore"))
				mkfifo(t, filepath.Join(dir, "sub", ".gitignore"))
				return dir
			},
			// check includes hygiene, which reads the .gitignore files too.
			args: []string{"check", "DIR"}, code: 1, findings: -1, maxRSS: 300 * mib,
		},
		{
			name: "core.excludesFile is /dev/zero",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				cfg := filepath.Join(dir, ".git", "config")
				b, _ := os.ReadFile(cfg)
				os.WriteFile(cfg, append(b, []byte("[core]\n\texcludesFile = /dev/zero\n")...), 0o644)
				return dir
			},
			args: []string{"scan", "DIR"}, code: 1, findings: -1, maxRSS: 200 * mib,
		},
		{
			name: "100k-line file and a 5 MB single-line minified file",
			build: func(t *testing.T) string {
				var lines strings.Builder
				for i := 0; i < 100_000; i++ {
					lines.WriteString("var a" + strings.Repeat("x", i%40) + "=function(t){return t.map(function(e){return e*2})};\n")
				}
				lines.WriteString("const client = new AssemblyAI({apiKey: \"" + fakeKey + "\"});\n")
				one := strings.Repeat("var q=function(t){return t.a?t.b:t.c},", 130_000) +
					"aai.settings.api_key=\"" + fakeKey + "\";" + strings.Repeat("(function(){})();", 10_000)
				return workRepo(t, map[string]string{"bundle.js": lines.String(), "dist/app.js": "import assemblyai as aai\n" + one})
			},
			// Both keys are found; the code rules parse neither file (a
			// 7.7 MB parse took 1.5 GB): a note says so.
			args: []string{"check", "DIR"}, code: 1, findings: -1, maxRSS: 300 * mib,
			want: []string{"code rules: bundle.js could not be parsed (7750077 bytes of code, more than the 1048576 parsed per file"},
		},
		{
			name: "a cgo file that includes /dev/zero",
			build: func(t *testing.T) string {
				return workRepo(t, map[string]string{
					"go.mod":  "module example.com/cgo\n\ngo 1.21\n",
					"main.go": "package main\n\n/*\n#include \"/dev/zero\"\n*/\nimport \"C\"\n\nfunc main() {}\n",
					"util.go": "package main\n\nvar x = \"https://api.assemblyai.com\"\n",
				})
			},
			// The C compiler would read /dev/zero forever: it is not run.
			// (util.go names AssemblyAI: the package is type-checked.)
			args: []string{"scan", "DIR"}, code: 0, findings: -1,
			want: []string{`go: files that import "C" were not analysed (aaiguard runs neither cgo nor the C compiler on scanned code): main.go`},
		},
		{
			name: "a package importing a cgo package that includes /dev/zero",
			build: func(t *testing.T) string {
				return workRepo(t, map[string]string{
					"go.mod":      "module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ./dep\n",
					"main.go":     "package main\n\nimport \"example.com/dep\"\n\nconst api = \"https://api.assemblyai.com\"\n\nfunc main() { _ = dep.F() }\n",
					"dep/go.mod":  "module example.com/dep\n\ngo 1.21\n",
					"dep/dep.go":  "package dep\n\n// #include \"/dev/zero\"\nimport \"C\"\n\nfunc F() int { return 1 }\n",
					"dep/doc.txt": "a dependency using cgo\n",
				})
			},
			// Without cgo the importer cannot be type-checked: a note, as
			// for a missing Go toolchain, not a failure.
			args: []string{"scan", "DIR"}, code: 0, findings: -1,
			want: []string{"go: module .: example.com/app use cgo or import packages that do, and were not analysed"},
		},
		{
			name: "1000 nested directories",
			build: func(t *testing.T) string {
				dir := workRepo(t, nil)
				deepDirs(t, dir, "d", 1000, leakLine)
				return dir
			},
			args: []string{"check", "DIR"}, code: 1, findings: -1,
		},
		{
			name: "a path longer than PATH_MAX",
			build: func(t *testing.T) string {
				dir := workRepo(t, map[string]string{"app.py": leakLine})
				deepDirs(t, dir, strings.Repeat("n", 200), 25, leakLine) // 5 KB of path
				return dir
			},
			// The rest of the tree is scanned; the run is incomplete.
			args: []string{"scan", "DIR"}, code: 2, findings: -1, want: []string{"file name too long", "the scan did not complete"},
		},
	}
	for _, h := range cases {
		t.Run(h.name, func(t *testing.T) { h.run(t) })
	}
}

// TestHostileStaged: what the pre-commit hook meets in a hostile index.
func TestHostileStaged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1 GiB zip-bomb object")
	}
	// staged builds a repository whose index stages app.py and names.
	staged := func(t *testing.T, names map[string]plumbing.Hash) (string, *gitfixture.Objects) {
		dir := workRepo(t, map[string]string{"app.py": leakLine})
		repo, err := git.PlainOpen(dir)
		if err != nil {
			t.Fatal(err)
		}
		wt, _ := repo.Worktree()
		for name := range names {
			os.WriteFile(filepath.Join(dir, name), []byte("placeholder\n"), 0o644)
			if _, err := wt.Add(name); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := wt.Add("app.py"); err != nil {
			t.Fatal(err)
		}
		idx, err := repo.Storer.Index()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range idx.Entries {
			if h, ok := names[e.Name]; ok {
				e.Hash = h
			}
		}
		if err := repo.Storer.SetIndex(idx); err != nil {
			t.Fatal(err)
		}
		return dir, gitfixture.NewObjects(t, filepath.Join(dir, ".git"))
	}
	cases := []hostile{
		{
			name: "staged blob missing from the object store",
			build: func(t *testing.T) string {
				dir, _ := staged(t, map[string]plumbing.Hash{"gone.txt": {0xde, 0xad}})
				return dir
			},
			args: []string{"staged", "DIR"}, code: 2, findings: 1, want: []string{"gone.txt (staged): missing object dead"},
		},
		{
			name: "staged zip-bomb blob",
			build: func(t *testing.T) string {
				bh := plumbing.Hash{0xb0, 0x4b}
				dir, o := staged(t, map[string]plumbing.Hash{"zeros.bin": bh})
				o.LooseRaw(bh, gitfixture.ZeroBomb([]byte("blob 1073741824\x00"), bombSize))
				return dir
			},
			args: []string{"staged", "DIR"}, code: 1, findings: 1, maxRSS: 200 * mib,
			want: []string{"skipped zeros.bin (1073741824 bytes): staged file larger than the 10485760-byte limit"},
		},
		{
			name: "truncated index",
			build: func(t *testing.T) string {
				dir, _ := staged(t, nil)
				p := filepath.Join(dir, ".git", "index")
				st, _ := os.Stat(p)
				os.Truncate(p, st.Size()-30)
				return dir
			},
			args: []string{"staged", "DIR"}, code: 2, findings: -1, want: []string{"index"},
		},
	}
	for _, h := range cases {
		t.Run(h.name, func(t *testing.T) { h.run(t) })
	}
}
