package hygiene_test

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const block = hygiene.FixHeader + "\n.env\n.env.local\n.env.*.local\n"

func TestFixGitignore(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   map[string]string
		track   []string
		added   []string
		result  string // the .gitignore afterwards
		untrack []string
	}{
		{
			name:   "missing .gitignore is created",
			files:  map[string]string{"a.py": "x\n"},
			added:  []string{".env", ".env.local", ".env.*.local"},
			result: block,
		},
		{
			name:   "content kept, missing final newline added",
			files:  map[string]string{".gitignore": "node_modules/\n# build\ndist"},
			added:  []string{".env", ".env.local", ".env.*.local"},
			result: "node_modules/\n# build\ndist\n\n" + block,
		},
		{
			name:   "only the missing patterns",
			files:  map[string]string{".gitignore": ".env\n"},
			added:  []string{".env.local", ".env.*.local"},
			result: ".env\n\n" + hygiene.FixHeader + "\n.env.local\n.env.*.local\n",
		},
		{
			name:   ".env* already covers everything",
			files:  map[string]string{".gitignore": ".env*\n"},
			result: ".env*\n",
		},
		{
			name:   "a negation later in the file is overridden by appending",
			files:  map[string]string{".gitignore": ".env*\n!.env.local\n"},
			added:  []string{".env.local"},
			result: ".env*\n!.env.local\n\n" + hygiene.FixHeader + "\n.env.local\n",
		},
		{
			name:   "present env files no pattern covers are added by name",
			files:  map[string]string{".gitignore": "dist\n", ".env.production": "X=1\n", "apps/api/.env.staging": "X=1\n", ".env.example": "X=\n"},
			added:  []string{".env", ".env.local", ".env.*.local", ".env.production", ".env.staging"},
			result: "dist\n\n" + block + ".env.production\n.env.staging\n",
		},
		{
			name:    "tracked env files are listed for git rm --cached",
			files:   map[string]string{".gitignore": goodGitignore, ".env.production": "X=1\n"},
			track:   []string{".gitignore", ".env.production"},
			added:   []string{".env.production"},
			result:  goodGitignore + "\n" + hygiene.FixHeader + "\n.env.production\n",
			untrack: []string{".env.production"},
		},
		{
			name:   "CRLF files keep CRLF",
			files:  map[string]string{".gitignore": "dist\r\nbuild\r\n"},
			added:  []string{".env", ".env.local", ".env.*.local"},
			result: "dist\r\nbuild\r\n\r\n" + strings.ReplaceAll(block, "\n", "\r\n"),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := gitfixture.Repo(t, c.files, c.track...)
			res, err := hygiene.FixGitignore(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Added, c.added) {
				t.Errorf("added %q, want %q", res.Added, c.added)
			}
			if !slices.Equal(res.Untrack, c.untrack) {
				t.Errorf("untrack %q, want %q", res.Untrack, c.untrack)
			}
			if _, had := c.files[".gitignore"]; res.Created == had && len(c.added) > 0 {
				t.Errorf("created = %v", res.Created)
			}
			gi := filepath.Join(dir, ".gitignore")
			got := readFile(t, gi)
			if got != c.result {
				t.Errorf(".gitignore:\n got %q\nwant %q", got, c.result)
			}
			// Idempotent: a second run adds nothing and leaves the bytes.
			res, err = hygiene.FixGitignore(dir, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Added) != 0 {
				t.Errorf("second run added %q", res.Added)
			}
			if again := readFile(t, gi); again != got {
				t.Errorf("second run changed the file:\n%q", again)
			}
			// And the check agrees.
			r := runCheck(t, dir, "")
			for _, f := range r.Findings {
				if f.Rule == hygiene.RuleGitignorePatterns || f.Rule == hygiene.RuleEnvFileNotIgnored {
					t.Errorf("after fix: %s %s", f.Rule, f.Message)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temporary file left: %s", e.Name())
				}
			}
		})
	}
}

func TestFixGitignoreKeepsModeAndReplacesAtomically(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": "dist\n"})
	gi := filepath.Join(dir, ".gitignore")
	if err := os.Chmod(gi, 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader that opened the old file keeps seeing it whole: the new
	// content arrives by rename, not by writing into the file.
	old, err := os.Open(gi)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, err := hygiene.FixGitignore(dir, false); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(old)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "dist\n" {
		t.Errorf("the open file changed in place: %q", b)
	}
	st, err := os.Stat(gi)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if got := readFile(t, gi); got != "dist\n\n"+block {
		t.Errorf("content %q", got)
	}
}

func TestFixGitignoreDryRunAndErrors(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": "dist\n"})
	res, err := hygiene.FixGitignore(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 3 || readFile(t, filepath.Join(dir, ".gitignore")) != "dist\n" {
		t.Errorf("dry run: added %q, file %q", res.Added, readFile(t, filepath.Join(dir, ".gitignore")))
	}
	if _, err := hygiene.FixGitignore(filepath.Join(dir, "missing"), false); err == nil {
		t.Error("no error for a missing directory")
	}
	isDir := gitfixture.Repo(t, map[string]string{".gitignore/x": "x\n"})
	if _, err := hygiene.FixGitignore(isDir, false); err == nil || !strings.Contains(err.Error(), ".gitignore") {
		t.Errorf(".gitignore is a directory: err %v", err)
	}
	if os.Getuid() != 0 { // root writes into read-only directories
		ro := gitfixture.Repo(t, map[string]string{".gitignore": "dist\n"})
		if err := os.Chmod(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(ro, 0o755)
		if _, err := hygiene.FixGitignore(ro, false); err == nil || !strings.Contains(err.Error(), ".gitignore") {
			t.Errorf("read-only directory: err %v", err)
		}
		if readFile(t, filepath.Join(ro, ".gitignore")) != "dist\n" {
			t.Error("file changed after a failed fix")
		}
	}
}

func TestFixGitignoreSymlinkAndNoRepo(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"shared/ignore": "dist\n"})
	if err := os.Symlink(filepath.Join("shared", "ignore"), filepath.Join(dir, ".gitignore")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := hygiene.FixGitignore(dir, false); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(dir, ".gitignore")); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st, err)
	}
	if got := readFile(t, filepath.Join(dir, "shared", "ignore")); got != "dist\n\n"+block {
		t.Errorf("target %q", got)
	}

	// A link leading outside the repository is refused, and its target kept.
	outside := filepath.Join(t.TempDir(), "bashrc")
	os.WriteFile(outside, []byte("export A=1\n"), 0o644)
	evil := gitfixture.Repo(t, map[string]string{".env": "X=1\n"})
	if err := os.Symlink(outside, filepath.Join(evil, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if _, err := hygiene.FixGitignore(evil, false); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("link outside: err %v", err)
	}
	if got := readFile(t, outside); got != "export A=1\n" {
		t.Errorf("written through a link outside the repository: %q", got)
	}

	plain := t.TempDir()
	gitfixture.Write(t, plain, map[string]string{".env": "X=1\n"})
	res, err := hygiene.FixGitignore(plain, false)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || len(res.Added) != 3 {
		t.Errorf("outside git: %+v", res)
	}
}
