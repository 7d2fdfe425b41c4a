package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
)

// linkedRepo is a committed repository that plants what a hostile pull
// request would: aaiguard.sarif -> a file outside (victim), a dangling
// aaiguard.json -> a file that does not exist yet, and a directory
// reports -> outside.
func linkedRepo(t *testing.T) (repo, outside, victim string) {
	t.Helper()
	gitfixture.Isolate(t)
	outside = t.TempDir()
	victim = filepath.Join(outside, "bashrc")
	if err := os.WriteFile(victim, []byte("export PATH=/usr/bin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	repo = t.TempDir()
	gitRun(t, repo, "init", "-q")
	writeFiles(t, repo, map[string]string{"app.py": leakLine})
	for link, target := range map[string]string{
		"aaiguard.sarif": victim,
		"aaiguard.json":  filepath.Join(outside, "created"),
		"reports":        outside,
	} {
		if err := os.Symlink(target, filepath.Join(repo, link)); err != nil {
			t.Fatal(err)
		}
	}
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "planted links")
	return repo, outside, victim
}

// TestOutputRefusesPlantedLinks: --output through a link that the scanned
// repository committed (the file, a dangling one, or a directory on the
// way) is refused with exit 2 before the scan, for every scanning command
// and merge, and nothing outside is written or created.
func TestOutputRefusesPlantedLinks(t *testing.T) {
	repo, outside, victim := linkedRepo(t)
	t.Chdir(repo) // CI runs from the checkout, with relative report paths
	shard := filepath.Join(t.TempDir(), "shard.json")
	if code, _, errs := runCLI(t, "scan", ".", "--format", "json", "-o", shard); code != 1 {
		t.Fatalf("shard: exit %d: %s", code, errs)
	}
	for _, target := range []string{"aaiguard.sarif", "aaiguard.json", "reports/aaiguard.sarif", filepath.Join(repo, "reports", "x.json")} {
		for _, cmd := range [][]string{{"check", "."}, {"scan", "."}, {"history", "."}, {"staged", "."}, {"merge", shard}} {
			t.Run(cmd[0]+" "+target, func(t *testing.T) {
				code, out, errs := runCLI(t, append(cmd, "--format", "sarif", "-o", target)...)
				if code != 2 || !strings.Contains(errs, "symbolic link") || !strings.Contains(errs, "--output-follow-symlinks") {
					t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
				}
				if strings.Count(errs, "\n") != 1 {
					t.Errorf("want one line, got %q", errs)
				}
				if b, _ := os.ReadFile(victim); string(b) != "export PATH=/usr/bin\n" {
					t.Fatalf("the link's target was overwritten: %q", b)
				}
				ents, _ := os.ReadDir(outside)
				if len(ents) != 1 {
					t.Fatalf("files created outside: %v", ents)
				}
			})
		}
	}
}

// TestOutputFollowSymlinks: the flag restores writing through a link (a
// user's own latest.json -> report-42.json), keeping the link and the
// target's mode; a dangling link creates its target.
func TestOutputFollowSymlinks(t *testing.T) {
	dir := leakyDir(t)
	out := t.TempDir()
	target := filepath.Join(out, "report.json")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(out, "link.json")
	if err := os.Symlink("report.json", link); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "--output", link); code != 2 || !strings.Contains(errs, "is a symbolic link (to report.json)") {
		t.Fatalf("without the flag: exit %d, %s", code, errs)
	}
	if b, _ := os.ReadFile(target); string(b) != "old" {
		t.Fatalf("written through without the flag: %q", b)
	}
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "--output", link, "--output-follow-symlinks"); code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v", err)
	}
	data, err := os.ReadFile(target)
	if err != nil || !json.Valid(data) {
		t.Errorf("target not written: %q %v", data, err)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v", fi.Mode().Perm())
	}
	dangling := filepath.Join(out, "dangling.json")
	if err := os.Symlink("new.json", dangling); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "--output", dangling, "--output-follow-symlinks"); code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "new.json")); err != nil {
		t.Errorf("dangling link target not created: %v", err)
	}
}

// TestOutputOwnDescriptors: /dev/stdout and /dev/fd/N are the process's own
// open files (system links, never a repository's): the report goes into
// them, appending to what the shell opened.
func TestOutputOwnDescriptors(t *testing.T) {
	dir := leakyDir(t)
	f, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("before\n")
	// The test's own stdout is not f: write through /proc/self/fd/N of f.
	p := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if _, err := os.Stat(p); err != nil {
		t.Skip("no /proc/self/fd")
	}
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "-o", p); code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, _ := os.ReadFile(f.Name())
	if !strings.HasPrefix(string(b), "before\n{") || !json.Valid(b[len("before\n"):]) {
		t.Fatalf("got %q", b)
	}
}
