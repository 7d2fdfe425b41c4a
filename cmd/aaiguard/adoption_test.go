package main

import (
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// preCommitRepo is a repository whose history holds a key added after
// base and removed again, and whose index is clean.
func preCommitRepo(t *testing.T) (dir, base string) {
	t.Helper()
	isolateGitConfig(t)
	dir = t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n.env.local\n.env.*.local\n", "app.py": "x = 1\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "base")
	base = gitRun(t, dir, "rev-parse", "HEAD")
	writeFiles(t, dir, map[string]string{"config.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "leak")
	gitRun(t, dir, "rm", "-q", "config.py")
	gitRun(t, dir, "commit", "-q", "-m", "remove it again")
	return dir, base
}

// clearPreCommitEnv unsets what a surrounding pre-commit run may have set.
func clearPreCommitEnv(t *testing.T) {
	for _, k := range []string{"PRE_COMMIT_REMOTE_NAME", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_LOCAL_BRANCH",
		"PRE_COMMIT_CHECKOUT_TYPE", "PRE_COMMIT_IS_SQUASH_MERGE", "PRE_COMMIT_REWRITE_COMMAND"} {
		t.Setenv(k, "")
	}
}

// The pre-commit framework's hook (staged --pre-commit-env) knows its git
// hook from pre-commit's environment: the index on commit, the pushed
// commits on push, nothing after a checkout.
func TestStagedPreCommitEnv(t *testing.T) {
	dir, base := preCommitRepo(t)
	clearPreCommitEnv(t)

	// pre-commit stage: the index is clean.
	if code, out, errs := runCLI(t, "staged", dir, "--pre-commit-env", "--no-color"); code != 0 {
		t.Errorf("commit stage: exit %d\n%s%s", code, out, errs)
	}
	// pre-push of base..HEAD: the key in the pushed history is found.
	t.Setenv("PRE_COMMIT_REMOTE_NAME", "origin")
	t.Setenv("PRE_COMMIT_FROM_REF", base)
	t.Setenv("PRE_COMMIT_TO_REF", gitRun(t, dir, "rev-parse", "HEAD"))
	code, out, errs := runCLI(t, "staged", dir, "--pre-commit-env", "--no-color")
	if code != 1 || !strings.Contains(out, "config.py") || !strings.Contains(out, "commit:") {
		t.Errorf("push stage: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, "pre-push: scanning the pushed commits ("+base+"..") {
		t.Errorf("push stage: stderr %q", errs)
	}
	// A push of a new root branch: pre-commit gives no range, only the branch.
	t.Setenv("PRE_COMMIT_FROM_REF", "")
	t.Setenv("PRE_COMMIT_TO_REF", "")
	t.Setenv("PRE_COMMIT_LOCAL_BRANCH", "HEAD")
	if code, out, _ := runCLI(t, "staged", dir, "--pre-commit-env", "--no-color", "--quiet"); code != 1 || !strings.Contains(out, "config.py") {
		t.Errorf("push of a whole branch: exit %d\n%s", code, out)
	}
	// Without the flag, staged ignores pre-commit's environment.
	if code, out, _ := runCLI(t, "staged", dir, "--no-color"); code != 0 || strings.Contains(out, "config.py") {
		t.Errorf("staged without --pre-commit-env: exit %d\n%s", code, out)
	}
	// A pushed range whose commits are clean.
	t.Setenv("PRE_COMMIT_FROM_REF", gitRun(t, dir, "rev-parse", "HEAD~1"))
	t.Setenv("PRE_COMMIT_TO_REF", gitRun(t, dir, "rev-parse", "HEAD"))
	if code, out, _ := runCLI(t, "staged", dir, "--pre-commit-env", "--no-color"); code != 0 {
		t.Errorf("clean push: exit %d\n%s", code, out)
	}
	// post-checkout: nothing to refuse, nothing scanned, nothing said.
	clearPreCommitEnv(t)
	t.Setenv("PRE_COMMIT_CHECKOUT_TYPE", "1")
	t.Setenv("PRE_COMMIT_FROM_REF", base)
	t.Setenv("PRE_COMMIT_TO_REF", "HEAD")
	if code, out, errs := runCLI(t, "staged", dir, "--pre-commit-env"); code != 0 || out != "" || errs != "" {
		t.Errorf("post-checkout: exit %d %q %q", code, out, errs)
	}
	// pre-push without anything saying what is pushed is an error.
	clearPreCommitEnv(t)
	t.Setenv("PRE_COMMIT_REMOTE_NAME", "origin")
	if code, _, errs := runCLI(t, "staged", dir, "--pre-commit-env"); code != 2 || !strings.Contains(errs, "did not say what is pushed") {
		t.Errorf("pre-push without refs: exit %d %q", code, errs)
	}
}

// --quiet leaves out a text report that has nothing to say (a hook on a
// clean commit), and prints every report that does.
func TestQuietIsSilentOnlyWhenClean(t *testing.T) {
	dir, _ := preCommitRepo(t)
	clearPreCommitEnv(t)
	if code, out, errs := runCLI(t, "staged", dir, "--quiet"); code != 0 || out != "" || errs != "" {
		t.Errorf("clean staged --quiet: exit %d %q %q", code, out, errs)
	}
	if code, out, _ := runCLI(t, "staged", dir, "--no-color"); code != 0 || !strings.Contains(out, "no findings") {
		t.Errorf("clean staged: exit %d %q", code, out)
	}
	// Other formats are written whatever --quiet says.
	if code, out, _ := runCLI(t, "staged", dir, "--quiet", "--format", "json"); code != 0 || !strings.Contains(out, `"findings"`) {
		t.Errorf("clean staged --quiet --format json: exit %d %q", code, out)
	}
	// Something to report: printed.
	writeFiles(t, dir, map[string]string{"new.py": "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"})
	gitRun(t, dir, "add", "new.py")
	if code, out, _ := runCLI(t, "staged", dir, "--quiet", "--no-color"); code != 1 || !strings.Contains(out, "new.py") {
		t.Errorf("staged key --quiet: exit %d %q", code, out)
	}
	// A warning is something to report too.
	gitRun(t, dir, "rm", "-q", "-f", "new.py")
	writeFiles(t, dir, map[string]string{".gitignore": "node_modules\n"})
	if code, out, _ := runCLI(t, "scan", dir, "--quiet", "--no-color"); code != 0 || !strings.Contains(out, "gitignore-env-patterns") {
		t.Errorf("scan with a warning --quiet: exit %d %q", code, out)
	}
}

// The hook's "aaiguard not found" hint installs this very build: its
// module version, else its commit, else the commit the README pins.
func TestInstallRef(t *testing.T) {
	rev := strings.Repeat("1f", 20)
	for _, tc := range []struct {
		module   string
		settings []debug.BuildSetting
		want     string
	}{
		{"v1.2.3", nil, "v1.2.3"},
		{"v0.0.0-20260101000000-1f1f1f1f1f1f", []debug.BuildSetting{{Key: "vcs.revision", Value: rev}}, "v0.0.0-20260101000000-1f1f1f1f1f1f"},
		{"(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}, rev},
		{"(devel)", nil, pinnedCommit},
		{"", []debug.BuildSetting{{Key: "vcs.revision", Value: "short"}}, pinnedCommit},
	} {
		if got := installRefOf(tc.module, tc.settings); got != tc.want {
			t.Errorf("installRefOf(%q, %v) = %q, want %q", tc.module, tc.settings, got, tc.want)
		}
	}
	if !strings.HasPrefix(installCommand(), "go install github.com/aaiguard/aaiguard/cmd/aaiguard@") {
		t.Errorf("installCommand() = %q", installCommand())
	}
}

// The advice for a key says what is true of where it was found: rotate now
// for a key in a commit; for one staged, untracked or outside git, take it
// out (it has not left the machine through git).
func TestKeyAdviceByWhere(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	leak := func(key string) string { return "import assemblyai as aai\naai.settings.api_key = \"" + key + "\"\n" }
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{".gitignore": ".env\n.env.local\n.env.*.local\n", "committed.py": leak(fakeKey)})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "c")
	writeFiles(t, dir, map[string]string{"staged.py": leak("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"), "untracked.py": leak("0b1a6f5e3c2d4b7a8e9f0c1d2e3f4a5b")})
	gitRun(t, dir, "add", "staged.py")

	advice := func(args ...string) map[string]string {
		t.Helper()
		_, out, errs := runCLI(t, append(args, "--format", "json", "--quiet")...)
		rep := decodeReport(t, out, errs)
		m := map[string]string{}
		for _, f := range rep.Findings {
			if f.Rule == "assemblyai-api-key" {
				m[f.File] = f.Remediation
			}
		}
		return m
	}
	want := func(m map[string]string, file string, has ...string) {
		t.Helper()
		for _, h := range has {
			if !strings.Contains(m[file], h) {
				t.Errorf("%s: advice %q lacks %q", file, m[file], h)
			}
		}
		if file != "committed.py" && strings.Contains(m[file], "history") && !strings.Contains(m[file], "aaiguard history finds it") {
			t.Errorf("%s: advice %q says the key is in the history", file, m[file])
		}
	}
	scan := advice("scan", dir)
	want(scan, "committed.py", "Rotate this key", "committed (committed.py at HEAD)")
	want(scan, "staged.py", "in a change to a file git tracks, not in the last commit")
	want(scan, "untracked.py", "a file git does not track yet", "git add .")
	check := advice("check", dir)
	want(check, "committed.py", "Rotate this key", "it is in the git history (commit ")
	want(check, "staged.py", "in no commit yet")
	staged := advice("staged", dir)
	want(staged, "staged.py", "staged for the next commit, not committed yet")
	if len(staged) != 1 {
		t.Errorf("staged: %v", staged)
	}
	hist := advice("history", dir)
	want(hist, "committed.py", "it is in the git history (commit ")

	plain := t.TempDir()
	writeFiles(t, plain, map[string]string{"app.py": leak(fakeKey)})
	want(advice("scan", plain), "app.py", "outside any git repository")

	// The text report says each piece of advice once per rule, under the
	// first finding it applies to.
	_, out, _ := runCLI(t, "scan", dir, "--no-color")
	if strings.Count(out, "fix: ") < 3 || strings.Contains(out, "it is in the repository, and in its history") {
		t.Errorf("text report:\n%s", out)
	}
}

func decodeReport(t *testing.T, out, errs string) *report.Report {
	t.Helper()
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("JSON report: %v\n%s%s", err, out, errs)
	}
	return rep
}

// Run from a subdirectory, the gitignore-env-patterns finding points at the
// repository root's .gitignore in every format (a path from the scanned
// root in text and JSON, from the repository's top in SARIF), and the
// command it names fixes that file.
func TestGitignoreFindingFromSubdirectory(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{".gitignore": "node_modules\n", "src/app.py": "x = 1\n"})
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "init")
	t.Chdir(filepath.Join(dir, "src"))

	_, out, errs := runCLI(t, "scan", ".", "--format", "json")
	rep := decodeReport(t, out, errs)
	var files []string
	for _, f := range rep.Findings {
		if f.Rule == "gitignore-env-patterns" {
			files = append(files, f.File)
			if !strings.Contains(f.Message, "run aaiguard fix gitignore ..") {
				t.Errorf("message %q", f.Message)
			}
		}
	}
	if len(files) != 1 || files[0] != "../.gitignore" {
		t.Errorf("JSON: gitignore-env-patterns at %q, want ../.gitignore", files)
	}
	if _, out, _ := runCLI(t, "scan", ".", "--no-color"); !strings.HasPrefix(out, "../.gitignore\n") {
		t.Errorf("text report:\n%s", out)
	}
	_, out, _ = runCLI(t, "scan", ".", "--format", "sarif")
	if !strings.Contains(out, `"uri": ".gitignore"`) || strings.Contains(out, "src/.gitignore") || strings.Contains(out, `"uri": "../`) {
		t.Errorf("SARIF does not point at the root's .gitignore:\n%s", out)
	}
	for _, format := range []string{"markdown", "junit"} {
		if _, out, _ := runCLI(t, "scan", ".", "--format", format); !strings.Contains(out, "../.gitignore") {
			t.Errorf("%s does not name ../.gitignore:\n%s", format, out)
		}
	}
	// The command the finding names fixes the file it names.
	if code, out, errs := runCLI(t, "fix", "gitignore", ".."); code != 0 || !strings.Contains(out, "added to ../.gitignore") {
		t.Fatalf("fix gitignore ..: exit %d %q %q", code, out, errs)
	}
	if _, out, _ := runCLI(t, "scan", ".", "--no-color"); strings.Contains(out, "gitignore-env-patterns") {
		t.Errorf("still reported after the fix:\n%s", out)
	}
}

// Vendored and dependency directories follow one policy in every command:
// keys in them are still reported (committed, they are in every clone);
// hygiene and the code rules skip them (a package's .env or transcription
// code is not the repository's).
func TestVendoredDirectories(t *testing.T) {
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	sdk := "import { AssemblyAI } from 'assemblyai'\nconst c = new AssemblyAI({ apiKey: process.env.K })\nawait c.transcripts.transcribe({ audio: url })\n"
	writeFiles(t, dir, map[string]string{
		".gitignore":                                                 ".env\n.env.local\n.env.*.local\n",
		"app.py":                                                     "x = 1\n",
		"node_modules/some-pkg/.env":                                 "",
		"node_modules/some-pkg/.env.production":                      "API_URL=https://example.com\n",
		"node_modules/assemblyai/dist/index.js":                      sdk,
		"web/node_modules/x/transcribe.js":                           sdk,
		"vendor/github.com/acme/aai/config.py":                       "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n",
		".venv/lib/python3.12/site-packages/assemblyai/.env.example": "ASSEMBLYAI_API_KEY=" + fakeKey + "\n",
		"third_party/aai/transcribe.py":                              "import assemblyai as aai\naai.Transcriber().transcribe('a.mp3')\n",
	})
	gitRun(t, dir, "add", "-A", "-f")
	gitRun(t, dir, "commit", "-q", "-m", "vendored code")

	_, out, errs := runCLI(t, "check", dir, "--format", "json", "--quiet")
	rep := decodeReport(t, out, errs)
	keys := map[string]bool{}
	for _, f := range rep.Findings {
		switch {
		case f.Rule == "assemblyai-api-key":
			keys[f.File] = true
		case f.Source == "hygiene" || f.Source == "code":
			t.Errorf("%s finding in vendored code: %s %s: %s", f.Source, f.Rule, f.File, f.Message)
		}
	}
	for _, want := range []string{"vendor/github.com/acme/aai/config.py", ".venv/lib/python3.12/site-packages/assemblyai/.env.example"} {
		if !keys[want] {
			t.Errorf("the key in %s is not reported (findings %v)", want, keys)
		}
	}
	for _, c := range rep.Checklist {
		if c.ID == "pii-redaction" && c.Status != "unknown" {
			t.Errorf("pii-redaction graded %s from vendored code: %s", c.Status, c.Reason)
		}
	}
	// Staged: a package's env file does not block a commit.
	writeFiles(t, dir, map[string]string{"node_modules/other/.env": "DEBUG=1\n"})
	gitRun(t, dir, "add", "-f", "node_modules/other/.env")
	if code, out, errs := runCLI(t, "staged", dir, "--no-color"); code != 0 {
		t.Errorf("staged env file in node_modules: exit %d\n%s%s", code, out, errs)
	}
	// The same files outside a vendored directory are the repository's.
	writeFiles(t, dir, map[string]string{".env.production": "API_URL=https://example.com\n"})
	gitRun(t, dir, "add", "-f", ".env.production")
	if code, out, _ := runCLI(t, "staged", dir, "--no-color"); code != 1 || !strings.Contains(out, "env-file-tracked") {
		t.Errorf("staged .env.production: exit %d\n%s", code, out)
	}
}
