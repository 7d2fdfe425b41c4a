package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
)

var update = flag.Bool("update", false, "rewrite the golden reports of the sample projects")

// Keys in the sample projects (random, never issued).
var sampleKeys = []string{
	"d5b359914ab3e89e1da926e8635d5956", "129a1757ab9974f3aa4318bb77c6970f",
	"f27cdf6ddb57853ba41a3a643c5ff169", "cf17dc435f591172ffd5b1b59c4c8928",
}

func projectsDir() string { return filepath.Join("..", "..", "testdata", "projects") }

var durationRE = regexp.MustCompile(`, [0-9]+\.[0-9]+s\n`)

// normalise removes what changes from run to run (duration, version).
func normalise(t *testing.T, format, out string) string {
	t.Helper()
	switch format {
	case "json":
		rep, err := report.ReadJSON(strings.NewReader(out))
		if err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		rep.Tool.Version = "test"
		rep.Summary.DurationMS = 0
		var b bytes.Buffer
		if err := report.WriteJSON(&b, rep, report.Options{}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	case "text", "markdown":
		return durationRE.ReplaceAllString(out, ", 0.00s\n")
	}
	return out
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join(projectsDir(), "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (create it with go test ./cmd/aaiguard -run TestSampleProjects -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden report at %s\nIf a stage changed the report on purpose, run\n"+
			"  go test ./cmd/aaiguard -run TestSampleProjects -update\nand review the diff.", p, firstDiff(string(want), got))
	}
}

// firstDiff describes the first line where got departs from want, with a
// little context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	show := func(lines []string) string {
		lo, hi := max(i-2, 0), min(i+3, len(lines))
		return "    " + strings.Join(lines[lo:hi], "\n    ")
	}
	return fmt.Sprintf("line %d:\n  want:\n%s\n  got:\n%s", i+1, show(wl), show(gl))
}

// checkProject runs aaiguard check on a copy of a sample project in each
// golden format (JSON, text, Markdown), compares each with its golden, and
// returns the JSON report and the exit code.
func checkProject(t *testing.T, name string) (*report.Report, int) {
	t.Helper()
	dir := gitfixture.Project(t, filepath.Join(projectsDir(), name))
	var rep *report.Report
	code := -1
	for _, format := range []string{"json", "text", "markdown"} {
		c, out, errs := runCLI(t, "check", dir, "--format", format, "--no-color")
		if c == exitError {
			t.Fatalf("%s: exit 2: %s", format, errs)
		}
		if code >= 0 && c != code {
			t.Errorf("%s: exit %d, json exited %d", format, c, code)
		}
		for _, k := range sampleKeys {
			if strings.Contains(out+errs, k) {
				t.Errorf("%s report prints the key %s…", format, k[:4])
			}
		}
		ext := map[string]string{"json": "json", "text": "text", "markdown": "md"}[format]
		golden(t, name+"."+ext, normalise(t, format, out))
		if format == "json" {
			var err error
			if rep, err = report.ReadJSON(strings.NewReader(out)); err != nil {
				t.Fatal(err)
			}
			code = c
		}
	}
	return rep, code
}

func statuses(rep *report.Report) map[string]checklist.Status {
	m := map[string]checklist.Status{}
	for _, c := range rep.Checklist {
		m[c.ID] = c.Status
	}
	return m
}

func TestSampleProjects(t *testing.T) {
	t.Run("compliant", func(t *testing.T) {
		rep, code := checkProject(t, "compliant")
		if code != exitOK {
			t.Errorf("exit %d, want 0", code)
		}
		if len(rep.Findings) != 0 {
			t.Errorf("findings: %+v", rep.Findings)
		}
		if len(rep.Checklist) != 9 {
			t.Fatalf("%d checklist items", len(rep.Checklist))
		}
		for _, c := range rep.Checklist {
			want := checklist.Pass
			// env-key passes only when the git history has been checked
			// for keys (the report counts the commits scanned).
			if c.ID == "env-key" && rep.Summary.Commits == 0 {
				want = checklist.Unknown
				if !strings.Contains(c.Reason, "history") {
					t.Errorf("env-key reason %q does not name the history", c.Reason)
				}
			}
			if c.Status != want {
				t.Errorf("%s: %s (%s), want %s", c.ID, c.Status, c.Reason, want)
			}
			if c.Status == checklist.Pass && len(c.Evidence) == 0 {
				t.Errorf("%s passes without evidence", c.ID)
			}
		}
	})
	t.Run("failing", func(t *testing.T) {
		rep, code := checkProject(t, "failing")
		if code != exitFindings {
			t.Errorf("exit %d, want 1", code)
		}
		want := map[string]checklist.Status{
			"env-key": checklist.Fail, "gitignore-env": checklist.Fail, "separate-keys": checklist.Fail,
			"browser-tokens": checklist.Fail, "ci-secrets": checklist.Fail, "pii-redaction": checklist.Fail,
			// A webhook without auth fails in Go as in the other languages.
			"webhook-auth": checklist.Fail,
			// Warnings: transcription code without any deletion (code
			// rules' repository-level judgement), requests without
			// content_safety (Python and Go).
			"retention": checklist.Warn, "content-safety": checklist.Warn,
		}
		got := statuses(rep)
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %s, want %s", id, got[id], w)
			}
		}
		var rules []string
		for _, f := range rep.Findings {
			if f.Source == "hygiene" {
				rules = append(rules, f.Rule+" "+f.File)
			}
		}
		slices.Sort(rules)
		wantRules := []string{
			"ci-env-file-copy .gitlab-ci.yml", "ci-key-literal .gitlab-ci.yml",
			"env-file-tracked .env.development", "env-file-tracked .env.production",
			"env-key-shared .env.production", "gitignore-env-patterns .gitignore",
		}
		if !slices.Equal(rules, wantRules) {
			t.Errorf("hygiene findings\n got %q\nwant %q", rules, wantRules)
		}
	})
}

// The checklist stage runs for check only; scan still runs the hygiene
// checks.
func TestChecklistOnlyForCheck(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".env": "X=1\n"}, ".env")
	_, out, _ := runCLI(t, "scan", dir, "--format", "json")
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Checklist) != 0 {
		t.Errorf("scan has a checklist: %+v", rep.Checklist)
	}
	if !slices.ContainsFunc(rep.Findings, func(f finding.Finding) bool { return f.Rule == "env-file-tracked" }) {
		t.Errorf("scan did not run the hygiene checks: %+v", rep.Findings)
	}
}

// Warnings fail only with --strict; a baseline accepts findings for the
// checklist too.
func TestChecklistExitCodes(t *testing.T) {
	// Only a warning: the .gitignore lacks the env patterns.
	warnOnly := gitfixture.Repo(t, map[string]string{".gitignore": "dist\n", "main.py": "print(1)\n"}, ".gitignore", "main.py")
	code, out, errs := runCLI(t, "check", warnOnly, "--format", "json")
	if code != exitOK {
		t.Fatalf("warn only: exit %d %s", code, errs)
	}
	rep, _ := report.ReadJSON(strings.NewReader(out))
	if s := statuses(rep); s["gitignore-env"] != checklist.Warn {
		t.Errorf("gitignore-env %s", s["gitignore-env"])
	}
	if code, _, _ := runCLI(t, "check", warnOnly, "--strict"); code != exitFindings {
		t.Errorf("--strict with a warning: exit %d", code)
	}
	if code, _, _ := runCLI(t, "check", warnOnly, "--strict", "--exit-code", "3"); code != 3 {
		t.Errorf("--exit-code 3: exit %d", code)
	}

	// A failing item exits 1; after baselining its findings it no longer
	// fails and the reason counts them.
	failing := gitfixture.Repo(t, map[string]string{".gitignore": ".env\n.env.local\n.env.*.local\n", ".env.production": "X=1\n"}, ".gitignore", ".env.production")
	code, out, _ = runCLI(t, "check", failing, "--format", "json")
	if code != exitFindings {
		t.Fatalf("failing: exit %d", code)
	}
	base := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(base, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "check", failing, "--format", "json", "--baseline", base)
	if code != exitOK {
		t.Fatalf("baselined: exit %d %s", code, errs)
	}
	rep, _ = report.ReadJSON(strings.NewReader(out))
	for _, c := range rep.Checklist {
		if c.ID == "gitignore-env" {
			if c.Status == checklist.Fail || c.Baselined != 1 || !strings.Contains(c.Reason, "1 finding accepted in the baseline") {
				t.Errorf("baselined gitignore-env: %+v", c)
			}
		}
	}
}

func TestFixGitignoreCommand(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": "dist", ".env.production": "X=1\n"}, ".gitignore", ".env.production")
	gi := filepath.Join(dir, ".gitignore")

	code, out, errs := runCLI(t, "fix", "gitignore", dir, "--dry-run")
	if code != exitOK || !strings.Contains(out, "would add to") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if b, _ := os.ReadFile(gi); string(b) != "dist" {
		t.Fatalf("dry run wrote: %q", b)
	}

	code, out, errs = runCLI(t, "fix", "gitignore", dir)
	if code != exitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	for _, want := range []string{"added to " + filepath.ToSlash(gi) + ": .env, .env.local, .env.*.local, .env.production", "git rm --cached .env.production"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	b, _ := os.ReadFile(gi)
	if !strings.HasPrefix(string(b), "dist\n\n# Env files hold secrets") || !strings.HasSuffix(string(b), "\n.env.production\n") {
		t.Errorf(".gitignore %q", b)
	}

	code, out, _ = runCLI(t, "fix", "gitignore", dir)
	if code != exitOK || !strings.Contains(out, "nothing to add") {
		t.Errorf("second run: exit %d %s", code, out)
	}
	if b2, _ := os.ReadFile(gi); !bytes.Equal(b, b2) {
		t.Error("second run changed the file")
	}

	if code, _, errs := runCLI(t, "fix", "gitignore", filepath.Join(dir, "nope")); code != exitError || !strings.Contains(errs, "nope") {
		t.Errorf("missing dir: exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "fix"); code != exitError || !strings.Contains(errs, "fix gitignore") {
		t.Errorf("bare fix: exit %d %q", code, errs)
	}
	if code, _, _ := runCLI(t, "fix", "gitignore", dir, dir); code != exitError {
		t.Errorf("two paths: exit %d", code)
	}
}

func TestHygieneRulesListed(t *testing.T) {
	_, out, _ := runCLI(t, "rules")
	for _, id := range []string{"env-file-tracked", "env-key-shared", "ci-key-literal", "ci-env-file-copy"} {
		if !strings.Contains(out, id) {
			t.Errorf("rules lacks %s", id)
		}
	}
}
