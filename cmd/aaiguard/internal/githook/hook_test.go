package githook_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/aaiguard/aaiguard/cmd/aaiguard/internal/githook"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// isolate keeps the machine's git configuration out of a test.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", "")
	return home
}

func newRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	// t.TempDir may sit behind a symlink (macOS); compare real paths.
	dir, _ = filepath.EvalSymlinks(dir)
	return dir
}

func appendConfig(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func locate(t *testing.T, path string) *githook.Location {
	t.Helper()
	loc, err := githook.Locate(path)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLocateDefaultAndSubdirectory(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	sub := filepath.Join(repo, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{repo, sub} {
		loc := locate(t, p)
		if loc.Dir != filepath.Join(repo, ".git", "hooks") || loc.WorkTree != repo || loc.HooksPath != "" {
			t.Errorf("%s: %+v", p, loc)
		}
	}
}

func TestLocateHooksPath(t *testing.T) {
	home := isolate(t)
	repo := newRepo(t)
	abs := t.TempDir()
	global := filepath.Join(home, "global-gitconfig")
	t.Setenv("GIT_CONFIG_GLOBAL", global)

	// Global only.
	appendConfig(t, global, "[core]\n\thooksPath = "+abs+"\n")
	if loc := locate(t, repo); loc.Dir != abs {
		t.Errorf("global: %s", loc.Dir)
	}
	// The repository's config wins; a relative path is relative to the
	// work tree's root. The key is case-insensitive, as in git.
	appendConfig(t, filepath.Join(repo, ".git", "config"), "[core]\n\tHooksPath = .githooks\n")
	if loc := locate(t, repo); loc.Dir != filepath.Join(repo, ".githooks") || loc.HooksPath != ".githooks" {
		t.Errorf("local: %+v", loc)
	}
	// ~ is the home directory.
	appendConfig(t, filepath.Join(repo, ".git", "config"), "[core]\n\thooksPath = ~/hooks\n")
	if loc := locate(t, repo); loc.Dir != filepath.Join(home, "hooks") {
		t.Errorf("~: %s", loc.Dir)
	}
}

func TestLocateXDGAndHomeConfigOrder(t *testing.T) {
	home := isolate(t)
	repo := newRepo(t)
	// git reads $XDG_CONFIG_HOME/git/config, then ~/.gitconfig (which wins).
	appendConfig(t, filepath.Join(home, ".config", "git", "config"), "[core]\n\thooksPath = /from/xdg\n")
	if loc := locate(t, repo); loc.Dir != "/from/xdg" {
		t.Errorf("xdg: %s", loc.Dir)
	}
	appendConfig(t, filepath.Join(home, ".gitconfig"), "[core]\n\thooksPath = /from/home\n")
	if loc := locate(t, repo); loc.Dir != "/from/home" {
		t.Errorf("home: %s", loc.Dir)
	}
}

func TestLocateBadConfigNamesFile(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	appendConfig(t, filepath.Join(repo, ".git", "config"), "[core\n")
	_, err := githook.Locate(repo)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(repo, ".git", "config")) {
		t.Errorf("%v", err)
	}
}

func TestLocateLinkedWorktreeUsesCommonDir(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	// What `git worktree add ../wt` leaves behind.
	wt := t.TempDir()
	wt, _ = filepath.EvalSymlinks(wt)
	admin := filepath.Join(repo, ".git", "worktrees", "wt")
	if err := os.MkdirAll(admin, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"commondir": "../..\n", "gitdir": filepath.Join(wt, ".git") + "\n", "HEAD": "ref: refs/heads/main\n",
	} {
		if err := os.WriteFile(filepath.Join(admin, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(wt, ".git"), []byte("gitdir: "+admin+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	loc := locate(t, wt)
	if loc.Dir != filepath.Join(repo, ".git", "hooks") || loc.WorkTree != wt {
		t.Errorf("%+v", loc)
	}
}

func TestLocateOutsideRepositoryAndBare(t *testing.T) {
	isolate(t)
	if _, err := githook.Locate(t.TempDir()); !errors.Is(err, gitrepo.ErrNotRepository) {
		t.Errorf("plain dir: %v", err)
	}
	bare := t.TempDir()
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	if _, err := githook.Locate(bare); err == nil || !strings.Contains(err.Error(), "bare") {
		t.Errorf("bare: %v", err)
	}
}

func mustInstall(t *testing.T, loc *githook.Location, opts githook.Options) githook.Result {
	t.Helper()
	res, err := githook.Install(loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), "aaiguard-tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestInstallFreshIdempotentExecutable(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	loc := locate(t, repo)
	os.RemoveAll(loc.Dir) // git init may not create hooks/; Install must
	res := mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Binary: "/opt/aaiguard/bin/aaiguard"})
	p := filepath.Join(repo, ".git", "hooks", "pre-commit")
	if res.Action != githook.Installed || res.Path != p || res.Chained != "" {
		t.Errorf("%+v", res)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Fatalf("mode %v %v", st.Mode(), err)
	}
	first := read(t, p)
	if !githook.IsOurs([]byte(first)) || !strings.HasPrefix(first, "#!/bin/sh\n") || !strings.Contains(first, "exec \"$aaiguard\" staged") ||
		!strings.Contains(first, "aaiguard='/opt/aaiguard/bin/aaiguard'") {
		t.Errorf("script:\n%s", first)
	}
	res = mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Binary: "/opt/aaiguard/bin/aaiguard"})
	if res.Action != githook.Updated || read(t, p) != first {
		t.Errorf("reinstall: %+v", res)
	}
	if _, err := os.Lstat(p + githook.ChainedSuffix); err == nil {
		t.Error("reinstall chained aaiguard's own hook")
	}
	noTempFiles(t, loc.Dir)
}

func TestInstallIntoHooksPathCreatesIt(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	appendConfig(t, filepath.Join(repo, ".git", "config"), "[core]\n\thooksPath = tools/hooks\n")
	res := mustInstall(t, locate(t, repo), githook.Options{Kind: githook.PrePush})
	if res.Path != filepath.Join(repo, "tools", "hooks", "pre-push") {
		t.Errorf("%+v", res)
	}
	if _, err := os.Stat(filepath.Join(repo, ".git", "hooks", "pre-push")); err == nil {
		t.Error("wrote .git/hooks despite core.hooksPath")
	}
}

func writeHook(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

func TestForeignHookRefusedWithoutForce(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	loc := locate(t, repo)
	p := filepath.Join(loc.Dir, "pre-commit")
	writeHook(t, p, "#!/bin/sh\necho lint\n")
	_, err := githook.Install(loc, githook.Options{Kind: githook.PreCommit})
	var fe *githook.ForeignHookError
	if !errors.As(err, &fe) || fe.PreCommitFramework || !strings.Contains(err.Error(), "--force") {
		t.Errorf("%v", err)
	}
	if read(t, p) != "#!/bin/sh\necho lint\n" {
		t.Error("foreign hook modified")
	}
	writeHook(t, p, "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n")
	_, err = githook.Install(loc, githook.Options{Kind: githook.PreCommit})
	if !errors.As(err, &fe) || !fe.PreCommitFramework || !strings.Contains(err.Error(), ".pre-commit-config.yaml") {
		t.Errorf("%v", err)
	}
}

func TestHuskyHooksPathGetsAPointer(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	appendConfig(t, filepath.Join(repo, ".git", "config"), "[core]\n\thooksPath = .husky/_\n")
	loc := locate(t, repo)
	writeHook(t, filepath.Join(loc.Dir, "pre-commit"), "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n")
	_, err := githook.Install(loc, githook.Options{Kind: githook.PreCommit})
	var fe *githook.ForeignHookError
	if !errors.As(err, &fe) || !fe.Husky || !strings.Contains(err.Error(), ".husky/pre-commit") {
		t.Errorf("%v", err)
	}
}

func TestForceChainsAndUninstallRestores(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	loc := locate(t, repo)
	p := filepath.Join(loc.Dir, "pre-commit")
	foreign := "#!/bin/sh\necho lint\n"
	writeHook(t, p, foreign)
	if err := os.Chmod(p, 0o750); err != nil {
		t.Fatal(err)
	}
	// A reader of the old hook keeps seeing it whole: the new hook is
	// renamed into place, never written over the old file.
	old, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()

	res := mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Force: true})
	if res.Action != githook.Chained || res.Chained != p+githook.ChainedSuffix {
		t.Errorf("%+v", res)
	}
	if read(t, res.Chained) != foreign {
		t.Error("chained hook content changed")
	}
	if st, _ := os.Stat(res.Chained); st.Mode().Perm() != 0o750 {
		t.Errorf("chained mode %v", st.Mode())
	}
	buf := make([]byte, 64)
	n, _ := old.Read(buf)
	if string(buf[:n]) != foreign {
		t.Errorf("old file rewritten in place: %q", buf[:n])
	}
	if !githook.IsOurs([]byte(read(t, p))) {
		t.Error("hook not ours")
	}
	// Idempotent: reinstalling keeps the chain as it is.
	if res := mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Force: true}); res.Action != githook.Updated || res.Chained == "" {
		t.Errorf("reinstall: %+v", res)
	}
	// Uninstall puts the old hook back.
	ures, err := githook.Uninstall(loc, githook.PreCommit)
	if err != nil || ures.Action != githook.Restored {
		t.Fatalf("%+v %v", ures, err)
	}
	if read(t, p) != foreign {
		t.Error("not restored")
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o750 {
		t.Errorf("restored mode %v", st.Mode())
	}
	if _, err := os.Lstat(p + githook.ChainedSuffix); err == nil {
		t.Error("chained file left")
	}
	// And a second uninstall leaves the foreign hook alone.
	if _, err := githook.Uninstall(loc, githook.PreCommit); err == nil || !strings.Contains(err.Error(), "not installed by aaiguard") {
		t.Errorf("%v", err)
	}
	if read(t, p) != foreign {
		t.Error("foreign hook touched by uninstall")
	}
	noTempFiles(t, loc.Dir)
}

func TestForceRefusesToClobberAnEarlierChain(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	p := filepath.Join(loc.Dir, "pre-commit")
	writeHook(t, p, "#!/bin/sh\necho new\n")
	writeHook(t, p+githook.ChainedSuffix, "#!/bin/sh\necho older\n")
	if _, err := githook.Install(loc, githook.Options{Kind: githook.PreCommit, Force: true}); err == nil {
		t.Fatal("installed over two foreign hooks")
	}
	if read(t, p) != "#!/bin/sh\necho new\n" || read(t, p+githook.ChainedSuffix) != "#!/bin/sh\necho older\n" {
		t.Error("hooks changed")
	}
}

func TestSymlinkedForeignHook(t *testing.T) {
	isolate(t)
	repo := newRepo(t)
	loc := locate(t, repo)
	writeHook(t, filepath.Join(repo, "scripts", "hook.sh"), "#!/bin/sh\nexit 0\n")
	p := filepath.Join(loc.Dir, "pre-commit")
	if err := os.MkdirAll(loc.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../scripts/hook.sh", p); err != nil {
		t.Fatal(err)
	}
	mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Force: true})
	if target, err := os.Readlink(p + githook.ChainedSuffix); err != nil || target != "../../scripts/hook.sh" {
		t.Errorf("chained: %q %v", target, err)
	}
	if _, err := githook.Uninstall(loc, githook.PreCommit); err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(p); err != nil || target != "../../scripts/hook.sh" {
		t.Errorf("restored: %q %v", target, err)
	}
	if read(t, filepath.Join(repo, "scripts", "hook.sh")) != "#!/bin/sh\nexit 0\n" {
		t.Error("symlink target modified")
	}
}

func TestUninstallAbsentAndOurs(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	if res, err := githook.Uninstall(loc, githook.PrePush); err != nil || res.Action != githook.Absent {
		t.Errorf("%+v %v", res, err)
	}
	mustInstall(t, loc, githook.Options{Kind: githook.PrePush})
	if res, err := githook.Uninstall(loc, githook.PrePush); err != nil || res.Action != githook.Removed {
		t.Errorf("%+v %v", res, err)
	}
	if _, err := os.Lstat(filepath.Join(loc.Dir, "pre-push")); err == nil {
		t.Error("hook still there")
	}
}

// fakeAaiguard writes an executable that logs its arguments (and stdin
// for the chained hook) to log, and exits with $FAKE_EXIT.
func fakeScript(t *testing.T, path, name, log string) {
	t.Helper()
	writeHook(t, path, "#!/bin/sh\necho \""+name+" $*\" >> '"+log+"'\nexit ${FAKE_EXIT_"+strings.ToUpper(name)+":-0}\n")
}

func runHook(t *testing.T, p, stdin string, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(p, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

func TestPreCommitScriptRunsChainedFirst(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	bin := filepath.Join(t.TempDir(), "aaiguard")
	log := filepath.Join(t.TempDir(), "log")
	fakeScript(t, bin, "aaiguard", log)
	p := filepath.Join(loc.Dir, "pre-commit")
	fakeScript(t, p, "chained", log)
	mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Force: true, Binary: bin})

	if code, out := runHook(t, p, "", nil); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if got := read(t, log); got != "chained \naaiguard staged --quiet\n" {
		t.Errorf("log %q", got)
	}
	// Asked for: the hook says what it scanned even on success.
	os.Remove(log)
	if code, out := runHook(t, p, "", []string{"AAIGUARD_HOOK_VERBOSE=1"}); code != 0 {
		t.Fatalf("verbose: exit %d: %s", code, out)
	}
	if got := read(t, log); got != "chained \naaiguard staged\n" {
		t.Errorf("verbose: log %q", got)
	}
	// aaiguard's verdict is the hook's.
	os.Remove(log)
	if code, _ := runHook(t, p, "", []string{"FAKE_EXIT_AAIGUARD=1"}); code != 1 {
		t.Errorf("findings: exit %d", code)
	}
	// A failing chained hook stops the commit before aaiguard runs.
	os.Remove(log)
	if code, _ := runHook(t, p, "", []string{"FAKE_EXIT_CHAINED=3"}); code != 3 {
		t.Errorf("chained failure: exit %d", code)
	}
	if got := read(t, log); got != "chained \n" {
		t.Errorf("log %q", got)
	}
}

func TestScriptFailsClosedWithoutBinary(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	install := "go install github.com/aaiguard/aaiguard/cmd/aaiguard@" + strings.Repeat("ab", 20)
	res := mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Binary: "/nonexistent/aaiguard", Install: install})
	code, out := runHook(t, res.Path, "", []string{"PATH=/usr/bin:/bin"})
	if code != 1 || !strings.Contains(out, "aaiguard command was not found") || !strings.Contains(out, "/nonexistent/aaiguard") || !strings.Contains(out, "--no-verify") {
		t.Errorf("exit %d: %s", code, out)
	}
	if !strings.Contains(out, "Install it ("+install+")") {
		t.Errorf("the hint does not name the pinned install command: %s", out)
	}
}

func TestScriptFallsBackToPath(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	binDir := t.TempDir()
	log := filepath.Join(t.TempDir(), "log")
	fakeScript(t, filepath.Join(binDir, "aaiguard"), "aaiguard", log)
	res := mustInstall(t, loc, githook.Options{Kind: githook.PreCommit, Binary: "/moved/away/aaiguard"})
	if code, out := runHook(t, res.Path, "", []string{"PATH=" + binDir + ":/usr/bin:/bin"}); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if read(t, log) != "aaiguard staged --quiet\n" {
		t.Errorf("log %q", read(t, log))
	}
}

func TestBinaryPathIsQuoted(t *testing.T) {
	s := githook.Script(githook.PreCommit, "/it's a \"dir\"/$HOME/`x`/aaiguard", "go install \"$x\"")
	if !strings.Contains(s, `aaiguard='/it'\''s a "dir"/$HOME/`+"`x`"+`/aaiguard'`) {
		t.Errorf("%s", s)
	}
	if !strings.Contains(s, `looked at /it's a \"dir\"/\$HOME/`+"\\`x\\`"+`/aaiguard or on PATH`) {
		t.Errorf("%s", s)
	}
	if !strings.Contains(s, `Install it (go install \"\$x\")`) {
		t.Errorf("install hint not escaped: %s", s)
	}
	if out, err := exec.Command("sh", "-n", "-c", s).CombinedOutput(); err != nil {
		t.Errorf("sh -n: %v %s", err, out)
	}
}

func TestPrePushScriptScansPushedRanges(t *testing.T) {
	isolate(t)
	loc := locate(t, newRepo(t))
	bin := filepath.Join(t.TempDir(), "aaiguard")
	log := filepath.Join(t.TempDir(), "log")
	fakeScript(t, bin, "aaiguard", log)
	p := filepath.Join(loc.Dir, "pre-push")
	// The chained hook logs what it read on stdin.
	writeHook(t, p, "#!/bin/sh\nwhile read -r a b c d; do echo \"chained $1 $a\" >> '"+log+"'; done\n")
	mustInstall(t, loc, githook.Options{Kind: githook.PrePush, Force: true, Binary: bin})

	zero := strings.Repeat("0", 40)
	a, b, c := strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 40)
	stdin := "refs/heads/main " + a + " refs/heads/main " + b + "\n" + // update
		"refs/heads/gone " + zero + " refs/heads/gone " + c + "\n" + // deletion
		"refs/heads/new " + c + " refs/heads/new " + zero + "\n" // new branch, no remote HEAD
	code, out := runHook(t, p, stdin, nil, "origin", "https://example.invalid/repo.git")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	want := "chained origin refs/heads/main\nchained origin refs/heads/gone\nchained origin refs/heads/new\n" +
		"aaiguard history --quiet --range " + b + ".." + a + "\n" +
		"aaiguard history --quiet --branch " + c + "\n"
	if got := read(t, log); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
	os.Remove(log)
	if code, _ := runHook(t, p, stdin, []string{"FAKE_EXIT_AAIGUARD=1"}, "origin", "x"); code != 1 {
		t.Errorf("findings: exit %d", code)
	}
}
