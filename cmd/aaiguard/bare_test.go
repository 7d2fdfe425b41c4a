package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// A bare repository has a history and no work tree: check scans the
// history, does not call it "not in a git repository", and does not read
// git's own files as work-tree files.
func TestCheckBareRepository(t *testing.T) {
	src := gitfixture.Repo(t, map[string]string{
		"app.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
	}, "app.py")
	bare := filepath.Join(t.TempDir(), "bare.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", src, bare).CombinedOutput(); err != nil {
		t.Fatalf("git clone --bare: %v\n%s", err, out)
	}
	code, out, errs := runCLI(t, "check", "-q", "--format", "json", bare)
	if code != 1 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(rep.Summary.Notes, "\n")
	if strings.Contains(notes, "not in a git repository") || !strings.Contains(notes, "bare repository: there is no work tree to scan") {
		t.Errorf("notes:\n%s", notes)
	}
	if rep.Summary.FilesScanned != 0 || rep.Summary.Commits != 1 {
		t.Errorf("files %d (want 0: git's files are not a work tree), commits %d", rep.Summary.FilesScanned, rep.Summary.Commits)
	}
	for _, c := range rep.Checklist {
		if c.ID == "gitignore-env" && (c.Status != "unknown" || !strings.Contains(c.Reason, "bare repository")) {
			t.Errorf("gitignore-env: %s, %q", c.Status, c.Reason)
		}
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Source != "history" || rep.Findings[0].File != "app.py" {
		t.Errorf("findings %+v", rep.Findings)
	}
}
