package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// integrationFiles are what a pinned snippet runs: pinning a commit whose
// versions of them differ from HEAD's would document one behaviour and
// install another.
var integrationFiles = []string{
	"action.yml", ".pre-commit-hooks.yaml",
	"scripts/ci/github-action.sh", "scripts/ci/github-action-build.sh", "scripts/ci/pr-baseline.sh",
}

// Every install and integration snippet pins the same full commit hash
// (pinnedCommit), with the release tag beside it once there is one; the
// commit is in this repository's history and has the integrations HEAD
// has. scripts/pin.sh moves every pin.
func TestSnippetsPinned(t *testing.T) {
	root := filepath.Join("..", "..")
	if !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(pinnedCommit) {
		t.Fatalf("pinnedCommit %q is not a full commit hash", pinnedCommit)
	}
	files, err := filepath.Glob(filepath.Join(root, "docs", "examples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("docs/examples: %v", err)
	}
	files = append(files, filepath.Join(root, "README.md"))
	// Every way a snippet names a version of aaiguard.
	ref := regexp.MustCompile(`(?:github\.com/aaiguard/aaiguard(?:/cmd/aaiguard(?:-vet)?)?|uses: aaiguard/aaiguard)@([^\s)` + "`" + `]+)`)
	comment := regexp.MustCompile(`# (no release tag yet|v\d+\.\d+\.\d+\S*)$`)
	tag := taggedAs(t, root, pinnedCommit)
	pins := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(root, f)
		lines := strings.Split(string(b), "\n")
		for i, line := range lines {
			where := name + ":" + strconv.Itoa(i+1)
			for _, m := range ref.FindAllStringSubmatch(line, -1) {
				pins++
				if m[1] != pinnedCommit {
					t.Errorf("%s: aaiguard pinned at %q, want the commit %s (scripts/pin.sh)", where, m[1], pinnedCommit)
				}
			}
			// pre-commit's rev, and golangci-lint's plugin version (the line
			// after the plugin's import).
			field := ""
			switch code := strings.TrimSpace(strings.SplitN(line, "#", 2)[0]); {
			case strings.HasPrefix(code, "rev: "):
				field = strings.TrimPrefix(code, "rev: ")
			case i > 0 && strings.Contains(lines[i-1], "import: github.com/aaiguard/aaiguard/") && strings.HasPrefix(code, "version: "):
				field = strings.TrimPrefix(code, "version: ")
			}
			if field != "" {
				pins++
				if field != pinnedCommit {
					t.Errorf("%s: %q, want the commit %s (scripts/pin.sh)", where, strings.TrimSpace(line), pinnedCommit)
				}
			}
			// Code lines carrying the pin say which release it is, if any.
			if !strings.Contains(line, pinnedCommit) || strings.Contains(line, "`") {
				continue
			}
			switch m := comment.FindStringSubmatch(line); {
			case m == nil:
				t.Errorf("%s: the pin has no comment (# no release tag yet, or # vX.Y.Z): %s", where, line)
			case tag != "" && m[1] != tag:
				t.Errorf("%s: the pinned commit is tagged %s: say so beside it (scripts/pin.sh %s %s)", where, tag, tag, tag)
			case tag == "" && m[1] != "no release tag yet":
				t.Errorf("%s: no tag %s points at the pinned commit", where, m[1])
			}
		}
		if strings.Contains(string(b), "aaiguard@latest") || strings.Contains(string(b), "version: latest") {
			t.Errorf("%s names @latest: aaiguard has no release to resolve it to", name)
		}
	}
	// pre-commit rev, the Action, GitLab's and the matrix's go install, the
	// Install section, golangci's plugin version, aaiguard-vet.
	if pins < 8 {
		t.Errorf("found %d pins, want every snippet's", pins)
	}

	// The commit is in the history and has HEAD's integrations.
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on PATH: the pinned commit cannot be looked up")
	}
	if out, err := gitIn(root, "rev-parse", "--is-inside-work-tree"); err != nil || out != "true" {
		t.Skip("not a git checkout: the pinned commit cannot be looked up")
	}
	if _, err := gitIn(root, "cat-file", "-e", pinnedCommit+"^{commit}"); err != nil {
		if out, _ := gitIn(root, "rev-parse", "--is-shallow-repository"); out == "true" {
			t.Skip("a shallow clone: the pinned commit " + pinnedCommit + " is beyond its depth")
		}
		t.Fatalf("the pinned commit %s is not in this repository (a squash merge or rebase dropped it?): pin a commit of this history with scripts/pin.sh", pinnedCommit)
	}
	if _, err := gitIn(root, "merge-base", "--is-ancestor", pinnedCommit, "HEAD"); err != nil {
		t.Errorf("the pinned commit %s is not an ancestor of HEAD", pinnedCommit)
	}
	if out, err := gitIn(root, append([]string{"diff", "--stat", pinnedCommit, "HEAD", "--"}, integrationFiles...)...); err != nil || out != "" {
		t.Errorf("the integrations at the pinned commit %s differ from HEAD's (%v):\n%s\ncommit them, then pin that commit: scripts/pin.sh <commit>", pinnedCommit, err, out)
	}
}

// taggedAs returns a release tag pointing at commit, or "".
func taggedAs(t *testing.T, root, commit string) string {
	t.Helper()
	out, err := gitIn(root, "tag", "--points-at", commit, "--list", "v*")
	if err != nil || out == "" {
		return ""
	}
	return strings.Fields(out)[0]
}

func gitIn(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}
