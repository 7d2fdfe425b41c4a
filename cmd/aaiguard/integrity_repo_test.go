package main

// How a repository is found and opened (issues 13 and 14): reader-safe
// extensions, GIT_DIR and GIT_WORK_TREE. Repositories are built at test
// time with git.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// keyRepo is a repository (real git) whose one commit holds fakeKey in
// app.py.
func keyRepo(t *testing.T) string {
	t.Helper()
	isolateGitConfig(t)
	notInCI(t)
	os.Unsetenv("GIT_DIR") // (git refuses an empty one; notInCI restores it)
	os.Unsetenv("GIT_WORK_TREE")
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{"app.py": leakLine})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "leak")
	return dir
}

// TestWorktreeConfigExtension: git sparse-checkout init sets
// extensions.worktreeConfig (repository format 1); go-git refuses it
// ("core.repositoryformatversion does not support extension:
// worktreeconfig"), but it changes nothing a reader sees: the repository
// opens and its history is scanned, in check, history and staged.
func TestWorktreeConfigExtension(t *testing.T) {
	dir := keyRepo(t)
	gitRun(t, dir, "sparse-checkout", "init")
	if v := gitRun(t, dir, "config", "extensions.worktreeConfig"); v != "true" {
		t.Fatalf("extensions.worktreeConfig = %q", v)
	}
	for _, args := range [][]string{{"history", dir}, {"check", dir}} {
		code, out, errs := runCLI(t, append(args, "--format", "json")...)
		if code != exitFindings || strings.Contains(out+errs, "extension") {
			t.Errorf("%s: exit %d, stderr %q", args[0], code, errs)
		}
		if rep := histReport(t, out); rep.Summary.Commits != 1 {
			t.Errorf("%s: %d commits scanned", args[0], rep.Summary.Commits)
		}
	}
	if code, _, errs := runCLI(t, "staged", dir); code != exitOK {
		t.Errorf("staged: exit %d %q", code, errs)
	}
}

// TestGitDirAndWorkTreeHonoured: with the git directory elsewhere
// (GIT_DIR) and GIT_WORK_TREE naming the scanned directory, as git sees
// it: the history is the one GIT_DIR holds. Without the variables the
// same directory is plain files; with GIT_DIR naming no repository the
// scan is an error, as it is for git.
func TestGitDirAndWorkTreeHonoured(t *testing.T) {
	dir := keyRepo(t)
	store := filepath.Join(t.TempDir(), "store.git")
	if err := os.Rename(filepath.Join(dir, ".git"), store); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "history", dir); code != exitError || !strings.Contains(errs, "not in a git repository") {
		t.Errorf("without GIT_DIR: exit %d %q", code, errs)
	}
	t.Setenv("GIT_DIR", store)
	t.Setenv("GIT_WORK_TREE", dir)
	for _, args := range [][]string{{"history", dir}, {"check", dir}, {"history", filepath.Join(dir)}} {
		code, out, errs := runCLI(t, append(args, "--format", "json")...)
		rep := histReport(t, out)
		if code != exitFindings || rep.Summary.Commits != 1 {
			t.Errorf("%v: exit %d, %d commits, stderr %q", args, code, rep.Summary.Commits, errs)
		}
	}
	// The bare git directory itself, named as the path.
	if code, _, errs := runCLI(t, "history", store); code != exitFindings {
		t.Errorf("history GIT_DIR: exit %d %q", code, errs)
	}
	// GIT_DIR relative to the current directory, the work tree the current
	// directory (GIT_WORK_TREE unset), as in a hook.
	t.Setenv("GIT_WORK_TREE", "")
	t.Chdir(dir)
	rel, err := filepath.Rel(dir, store)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_DIR", rel)
	if code, _, errs := runCLI(t, "history", "."); code != exitFindings {
		t.Errorf("relative GIT_DIR, work tree the current directory: exit %d %q", code, errs)
	}
	t.Setenv("GIT_DIR", filepath.Join(t.TempDir(), "none"))
	if code, _, errs := runCLI(t, "history", "."); code != exitError || !strings.Contains(errs, "GIT_DIR") {
		t.Errorf("GIT_DIR naming no repository: exit %d %q", code, errs)
	}
}

// TestUnreachableObjectKeys (issue 13): a key found only in an object no
// ref reaches is a finding, not a note: exit 1 under the normal gate, with
// the rule's severity and a message naming the blob and where it likely
// came from. A packed one came with the clone here (git clone of a local
// path copies every object, as a server's pack may hold a rewritten
// branch): the wording must not call it local or never pushed. A loose one
// was left by a local reset.
func TestUnreachableObjectKeys(t *testing.T) {
	origin := keyRepo(t)
	gitRun(t, origin, "rm", "-q", "app.py")
	writeFiles(t, origin, map[string]string{"README": "clean\n"})
	gitRun(t, origin, "add", "-A")
	gitRun(t, origin, "commit", "-q", "-m", "clean")
	// Rewrite the history: the key's commit is no longer reachable, but
	// stays in the pack.
	gitRun(t, origin, "repack", "-a", "-d", "-q")
	gitRun(t, origin, "checkout", "-q", "--orphan", "fresh")
	gitRun(t, origin, "commit", "-q", "-m", "fresh start")
	gitRun(t, origin, "branch", "-D", "master")
	clone := filepath.Join(t.TempDir(), "clone")
	gitRun(t, filepath.Dir(clone), "clone", "-q", origin, clone)
	if out := gitRun(t, clone, "log", "--all", "--format=%s"); out != "fresh start" {
		t.Fatalf("clone history: %q", out)
	}

	code, out, errs := runCLI(t, "history", clone, "--format", "json")
	rep := histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 1 {
		t.Fatalf("packed unreachable key: exit %d, findings %+v, stderr %q", code, rep.Findings, errs)
	}
	f := rep.Findings[0]
	if f.Severity == "" || !strings.Contains(f.Message, "no commit of any ref reaches") || !strings.Contains(f.Message, "clone") ||
		strings.Contains(f.Message+f.Remediation, "never pushed") || !strings.Contains(f.Remediation, "server") {
		t.Errorf("packed unreachable key: %+v", f)
	}
	for _, n := range rep.Summary.Notes {
		if strings.Contains(n, "local only") {
			t.Errorf("note: %s", n)
		}
	}

	// A second key, committed in the clone and reset away: loose.
	writeFiles(t, clone, map[string]string{"k.env": "ASSEMBLYAI_API_KEY=" + histKey + "\n"})
	gitRun(t, clone, "add", "-A")
	gitRun(t, clone, "commit", "-q", "-m", "oops")
	gitRun(t, clone, "reset", "-q", "--hard", "HEAD~1")
	code, out, errs = runCLI(t, "history", clone, "--format", "json")
	rep = histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 2 {
		t.Fatalf("loose unreachable key: exit %d, findings %+v, stderr %q", code, rep.Findings, errs)
	}
	loose := 0
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "loose object") && strings.Contains(f.Message, "reset") {
			loose++
		}
	}
	if loose != 1 {
		t.Errorf("loose unreachable key: %+v", rep.Findings)
	}
	// Text output names the blob; check's gate fails the same way.
	if code, out, _ := runCLI(t, "check", clone); code != exitFindings || !strings.Contains(out, "no commit of any ref reaches") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
}

// Keys for the pushed-but-not-in-files cases (random, never issued).
const (
	tagMsgKey  = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	tagBlobKey = "1b2c3d4e5f60718293a4b5c6d7e8f901"
	tagTreeKey = "a0b1c2d3e4f5061728394a5b6c7d8e9f"
)

// TestMessagesAndTaggedObjects (issue 14): commit messages and annotated
// tags' messages are pushed and public, and so is a blob or tree a tag
// names directly (git push --tags): each key is a finding, attributed to
// the commit or naming the tag ref, through the full pass; the selective
// pass scans the messages of the commits it selects.
func TestMessagesAndTaggedObjects(t *testing.T) {
	isolateGitConfig(t)
	notInCI(t)
	os.Unsetenv("GIT_DIR")
	os.Unsetenv("GIT_WORK_TREE")
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "master")
	writeFiles(t, dir, map[string]string{"README": "clean\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "configure\n\n"+leakLine)
	commitHash := gitRun(t, dir, "rev-parse", "HEAD")
	gitRun(t, dir, "tag", "-a", "v1", "-m", "release\n\nASSEMBLYAI_API_KEY="+tagMsgKey)
	writeFiles(t, dir, map[string]string{"../blob.env": "ASSEMBLYAI_API_KEY=" + tagBlobKey + "\n"})
	blob := gitRun(t, dir, "hash-object", "-w", filepath.Join(dir, "..", "blob.env"))
	gitRun(t, dir, "tag", "key-blob", blob)
	writeFiles(t, dir, map[string]string{"../tree.env": "ASSEMBLYAI_API_KEY=" + tagTreeKey + "\n"})
	tb := gitRun(t, dir, "hash-object", "-w", filepath.Join(dir, "..", "tree.env"))
	cmd := exec.Command("git", "-C", dir, "mktree")
	cmd.Stdin = strings.NewReader("100644 blob " + tb + "\tsecrets.env\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sub := strings.TrimSpace(string(out))
	cmd = exec.Command("git", "-C", dir, "mktree")
	cmd.Stdin = strings.NewReader("040000 tree " + sub + "\tconf\n")
	if out, err = cmd.Output(); err != nil {
		t.Fatal(err)
	}
	gitRun(t, dir, "tag", "-a", "key-tree", "-m", "a tree", strings.TrimSpace(string(out)))

	code, stdout, errs := runCLI(t, "history", dir, "--format", "json")
	rep := histReport(t, stdout)
	if code != exitFindings {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := map[string]func(f finding.Finding) bool{
		"commit message": func(f finding.Finding) bool {
			return sameKey(f, fakeKey) && f.Commit == commitHash && strings.Contains(f.Message, "commit message")
		},
		"tag message": func(f finding.Finding) bool {
			return sameKey(f, tagMsgKey) && f.Commit == commitHash && strings.Contains(f.Message, "annotated tag refs/tags/v1")
		},
		"tagged blob": func(f finding.Finding) bool {
			return sameKey(f, tagBlobKey) && strings.Contains(f.Message, "refs/tags/key-blob") && strings.Contains(f.Message, "push --tags")
		},
		"tagged tree": func(f finding.Finding) bool {
			return sameKey(f, tagTreeKey) && f.File == "conf/secrets.env" && strings.Contains(f.Message, "refs/tags/key-tree")
		},
	}
	for name, ok := range want {
		n := 0
		for _, f := range rep.Findings {
			if ok(f) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d matching findings in %+v", name, n, rep.Findings)
		}
	}
	if len(rep.Findings) != len(want) {
		t.Errorf("%d findings, want %d: %+v", len(rep.Findings), len(want), rep.Findings)
	}
	for _, n := range rep.Summary.Notes {
		if strings.Contains(n, "not scanned") || strings.Contains(n, "no commit of any ref") {
			t.Errorf("note: %s", n)
		}
	}
	// The selective pass of the branch: its commit's message.
	code, stdout, errs = runCLI(t, "history", dir, "--branch", "master", "--format", "json")
	rep = histReport(t, stdout)
	if code != exitFindings || len(rep.Findings) != 1 || !want["commit message"](rep.Findings[0]) {
		t.Errorf("--branch master: exit %d %+v %s", code, rep.Findings, errs)
	}
	// And of the tag: its message as well.
	code, stdout, _ = runCLI(t, "history", dir, "--branch", "v1", "--format", "json")
	if rep = histReport(t, stdout); code != exitFindings || len(rep.Findings) != 2 {
		t.Errorf("--branch v1: exit %d %+v", code, rep.Findings)
	}
}

// sameKey reports whether a finding read back from a JSON report (its
// secret redacted to the first characters) is key's.
func sameKey(f finding.Finding, key string) bool {
	return strings.HasPrefix(key, strings.TrimRight(f.Secret.Reveal(), "…"))
}

// TestTreeNamesFsckRejects (issue 14): tree entries named "..", ".git" (in
// any case, "git~1", ".git."), or with a "/" inside are not followed into
// paths (x/../../etc/evil.py, .git/hooks/...): a note names the tree
// object and the entry, and the rest of the tree is still scanned, in the
// full and the selective pass.
func TestTreeNamesFsckRejects(t *testing.T) {
	notInCI(t)
	dir, o := hostileRepo(t)
	evil := o.Tree(gitfixture.Entry{Mode: "100644", Name: "evil.py", Hash: o.Blob(leakLine)})
	names := []string{"..", ".git", ".GIT.", "git~1", "a/b", "."}
	entries := []gitfixture.Entry{{Mode: "100644", Name: "ok.py", Hash: o.Blob(leakLine)}}
	for _, n := range names {
		entries = append(entries, gitfixture.Entry{Mode: "40000", Name: n, Hash: evil})
	}
	root := o.Tree(entries...)
	o.Ref("refs/heads/master", o.Commit(root, "Dev <dev@example.com>", "hostile names"))
	for _, args := range [][]string{{"history", dir}, {"history", dir, "--branch", "master"}} {
		code, out, errs := runCLI(t, append(args, "--format", "json")...)
		rep := histReport(t, out)
		if code != exitFindings || len(rep.Findings) != 1 || rep.Findings[0].File != "ok.py" {
			t.Errorf("%v: exit %d, findings %+v, stderr %q", args[2:], code, rep.Findings, errs)
		}
		for _, n := range names {
			want := fmt.Sprintf("tree %s has an entry named %q, which git's fsck rejects", root, n)
			if !hasNote(rep, want) {
				t.Errorf("%v: no note %q in %q", args[2:], want, rep.Summary.Notes)
			}
		}
	}
}

// TestRefsReadOnce (issue 14: 40,000 loose refs took 6.9 s): refs are read
// by aaiguard itself, each loose ref file once. What git would list is
// scanned: a loose ref overrides its packed-refs entry, refs nest, lock
// files and symbolic refs are not refs, and thousands of refs at one
// commit peel it once. (The cost is measured by hand: see DESIGN.)
func TestRefsReadOnce(t *testing.T) {
	dir := keyRepo(t)
	keyCommit := gitRun(t, dir, "rev-parse", "HEAD")
	gitRun(t, dir, "rm", "-q", "app.py")
	gitRun(t, dir, "commit", "-q", "-m", "clean")
	clean := gitRun(t, dir, "rev-parse", "HEAD")
	// Only refs/heads/team/feature reaches the key, through its loose file;
	// packed-refs still says the clean commit.
	gitRun(t, dir, "reset", "-q", "--hard", clean)
	var refs strings.Builder
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&refs, "create refs/heads/many/b%d %s\n", i, clean)
	}
	refs.WriteString("create refs/heads/team/feature " + clean + "\n")
	cmd := exec.Command("git", "-C", dir, "update-ref", "--stdin")
	cmd.Stdin = strings.NewReader(refs.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("update-ref: %v %s", err, out)
	}
	gitRun(t, dir, "pack-refs", "--all")
	gitRun(t, dir, "reflog", "expire", "--expire=now", "--all")
	gitRun(t, dir, "update-ref", "refs/heads/team/feature", keyCommit)
	if _, err := os.Stat(filepath.Join(dir, ".git", "refs", "heads", "team", "feature")); err != nil {
		t.Fatalf("no loose ref: %v", err)
	}
	writeFiles(t, dir, map[string]string{".git/refs/heads/broken.lock": "not a ref\n"})
	gitRun(t, dir, "symbolic-ref", "refs/heads/alias", "refs/heads/team/feature")
	code, out, errs := runCLI(t, "history", dir, "--format", "json")
	rep := histReport(t, out)
	if code != exitFindings || len(rep.Findings) != 1 || rep.Findings[0].Commit != keyCommit || rep.Summary.Commits != 2 {
		t.Errorf("exit %d, %d commits, findings %+v, stderr %q", code, rep.Summary.Commits, rep.Findings, errs)
	}
	// A loose ref that is not an object name is an error naming it.
	writeFiles(t, dir, map[string]string{".git/refs/heads/bad": "garbage\n"})
	if code, _, errs := runCLI(t, "history", dir); code != exitError || !strings.Contains(errs, filepath.Join("refs", "heads", "bad")) {
		t.Errorf("broken ref: exit %d %q", code, errs)
	}
	// A ref naming an object the database lacks is an error naming the
	// ref (the rest is scanned: the report says it is partial), in the full
	// pass, which resolves its tips while it plans the walk, as in the
	// selective scan.
	os.Remove(filepath.Join(dir, ".git", "refs", "heads", "bad"))
	writeFiles(t, dir, map[string]string{".git/refs/heads/ghost": "0123456789abcdef0123456789abcdef01234567\n"})
	for _, args := range [][]string{{"history", dir}, {"history", dir, "--max-commits", "5"}} {
		code, out, errs := runCLI(t, args...)
		if want := "refs/heads/ghost: missing object 0123456789abcdef0123456789abcdef01234567"; code != exitError || !strings.Contains(out, want) || !strings.Contains(out, keyCommit) {
			t.Errorf("%v, a ref to a missing object: exit %d %q %q", args[2:], code, out, errs)
		}
	}
}

// TestCacheSeesMessagesAndTags: history --cache resumes from its record
// over new commits; a key in a new commit's message or a new tag's message
// is still reported (the record holds file findings only: the run falls
// back to the full pass, or rescans the tags).
func TestCacheSeesMessagesAndTags(t *testing.T) {
	isolateGitConfig(t)
	notInCI(t)
	os.Unsetenv("GIT_DIR")
	os.Unsetenv("GIT_WORK_TREE")
	dir := t.TempDir()
	cache := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "master")
	writeFiles(t, dir, map[string]string{"README": "clean\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "clean")
	if code, _, errs := runCLI(t, "history", dir, "--cache", cache); code != exitOK {
		t.Fatalf("first run: exit %d %q", code, errs)
	}
	writeFiles(t, dir, map[string]string{"README": "still clean\n"})
	gitRun(t, dir, "commit", "-q", "-am", "configure\n\n"+leakLine)
	code, out, errs := runCLI(t, "history", dir, "--cache", cache, "--format", "json")
	if rep := histReport(t, out); code != exitFindings || len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "commit message") {
		t.Errorf("new commit's message: exit %d %+v %q", code, rep.Findings, errs)
	}
	// A record without it (the message's commit amended away), then a tag.
	gitRun(t, dir, "commit", "-q", "--amend", "-m", "configure")
	gitRun(t, dir, "reflog", "expire", "--expire=now", "--all")
	gitRun(t, dir, "gc", "-q", "--prune=now")
	runCLI(t, "history", dir, "--cache", cache)
	gitRun(t, dir, "tag", "-a", "v1", "-m", "release\n\nASSEMBLYAI_API_KEY="+tagMsgKey)
	code, out, errs = runCLI(t, "history", dir, "--cache", cache, "--format", "json")
	if rep := histReport(t, out); code != exitFindings || len(rep.Findings) != 1 || !sameKey(rep.Findings[0], tagMsgKey) {
		t.Errorf("new tag's message: exit %d %+v %q", code, rep.Findings, errs)
	}
}
