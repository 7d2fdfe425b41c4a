package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// gateBase is a repository whose committed base reads the key from the
// environment (env-key would pass), and a change on top that adds a
// hard-coded key and .aaiguard.toml holding toml (when not empty). It
// returns the repository and the base commit.
func gateBase(t *testing.T, baseConfig, toml string) (string, string) {
	t.Helper()
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	files := map[string]string{
		"app.py":     "import os\nimport assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n",
		".gitignore": ".env\n.env.local\n.env.*.local\n",
	}
	if baseConfig != "" {
		files[".aaiguard.toml"] = baseConfig
	}
	writeFiles(t, dir, files)
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "base")
	base := gitRun(t, dir, "rev-parse", "HEAD")
	change := map[string]string{"fixtures/leak.py": leakLine, "src/leak.py": leakLine}
	if toml != "" {
		change[".aaiguard.toml"] = toml
	}
	writeFiles(t, dir, change)
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "change")
	return dir, base
}

func checkReport(t *testing.T, args ...string) (int, *report.Report, string) {
	t.Helper()
	code, out, errs := runCLI(t, append(args, "--format", "json")...)
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("exit %d: %v\n%s\n%s", code, err, out, errs)
	}
	return code, rep, errs
}

func item(rep *report.Report, id string) checklist.Result {
	for _, c := range rep.Checklist {
		if c.ID == id {
			return c
		}
	}
	return checklist.Result{}
}

func hasNote(rep *report.Report, sub string) bool {
	for _, n := range rep.Summary.Notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

// TestRepositoryConfigCannotSwitchTheGateOff: a change whose own
// .aaiguard.toml drops the catalogue, disables the key rule, replaces it,
// or allowlists every path or every key is noted naming the line, and
// check cannot pass the items it affects; --config-from the base ignores
// the change's configuration and finds the keys.
func TestRepositoryConfigCannotSwitchTheGateOff(t *testing.T) {
	for _, tc := range []struct {
		name, toml, note string
		line             string
		all              bool
	}{
		{"useDefault = false", "title = 'mine'\n[extend]\nuseDefault = false\n", "drops the default catalogue", ".aaiguard.toml:3", false},
		{"disabledRules", "[extend]\ndisabledRules = [\"assemblyai-api-key\"]\n", "disables assemblyai-api-key", ".aaiguard.toml:2", false},
		{"a replaced key rule", "[[rules]]\nid = \"assemblyai-api-key\"\nchecklist = \"env-key\"\nkeywords = [\"zzzz\"]\nregex = '''zzzz[0-9]{40}'''\n", "replaces the default rule assemblyai-api-key", ".aaiguard.toml:1", false},
		{"paths = ['.*']", "[[allowlists]]\npaths = ['''.*''']\n", "allowlists every path", ".aaiguard.toml:1", true},
		{"one pattern per directory", "[[allowlists]]\npaths = ['''^(src|fixtures)/''', '''^app\\.py$''', '''^\\.''']\n", "keep", ".aaiguard.toml:1", true},
		{"regexes matching any key", "\n[[allowlists]]\nregexes = ['''[0-9]''']\n", "allowlists every key", ".aaiguard.toml:2", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, base := gateBase(t, "", tc.toml)
			code, rep, errs := checkReport(t, "check", dir)
			if code != 0 || len(rep.Findings) != 0 {
				t.Fatalf("the configuration is the repository's: exit %d, %d findings\n%s", code, len(rep.Findings), errs)
			}
			if !hasNote(rep, tc.note) || !hasNote(rep, tc.line) {
				t.Errorf("no note %q at %s: %q", tc.note, tc.line, rep.Summary.Notes)
			}
			env := item(rep, "env-key")
			if env.Status == checklist.Pass || !strings.Contains(env.Reason, tc.line) {
				t.Errorf("env-key %s: %s", env.Status, env.Reason)
			}
			if gi := item(rep, "gitignore-env"); tc.all != (gi.Status == checklist.Unknown) {
				t.Errorf("gitignore-env %s: %s", gi.Status, gi.Reason)
			}
			// scan notes it too.
			_, srep, _ := checkReport(t, "scan", dir)
			if !hasNote(srep, tc.line) {
				t.Errorf("scan: no note: %q", srep.Summary.Notes)
			}
			// The base's configuration (none): both keys, the change's
			// configuration named as not used.
			code, rep, errs = checkReport(t, "check", dir, "--config-from", base)
			if code != 1 || len(rep.Findings) < 2 {
				t.Fatalf("--config-from: exit %d, %d findings\n%s", code, len(rep.Findings), errs)
			}
			if !hasNote(rep, "differs from "+base+":.aaiguard.toml and was not used") || !hasNote(rep, "has no .aaiguard.toml: the default rules apply") {
				t.Errorf("--config-from notes: %q", rep.Summary.Notes)
			}
		})
	}
	// An ordinary allowlist is noted (what it keeps out) but weakens
	// nothing: env-key still passes without the keys it hides... and the
	// key outside it is found.
	dir, _ := gateBase(t, "", "[[allowlists]]\npaths = ['''^fixtures/''']\n")
	code, rep, _ := checkReport(t, "check", dir)
	if code != 1 || len(rep.Findings) != 1 || rep.Findings[0].File != "src/leak.py" {
		t.Fatalf("fixture allowlist: exit %d, %+v", code, rep.Findings)
	}
	if !hasNote(rep, ".aaiguard.toml:1 keeps 1 file(s) out of the scan (allowlisted paths): fixtures/leak.py") {
		t.Errorf("notes %q", rep.Summary.Notes)
	}
}

// TestConfigFrom: --config-from REF reads .aaiguard.toml from the commit
// (a branch, a tag, a full or short name) through the object store: the
// base's allowlist applies and the change's does not; refusals are one
// line, exit 2.
func TestConfigFrom(t *testing.T) {
	dir, base := gateBase(t, "[[allowlists]]\npaths = ['''^fixtures/''']\n", "[[allowlists]]\npaths = ['''.*''']\n")
	gitRun(t, dir, "tag", "-a", "-m", "base", "v1", base)
	for _, ref := range []string{base, base[:10], "v1", "HEAD~1"} {
		code, rep, errs := checkReport(t, "check", dir, "--config-from", ref)
		if code != 1 || len(rep.Findings) != 1 || rep.Findings[0].File != "src/leak.py" {
			t.Fatalf("%s: exit %d %+v\n%s", ref, code, rep.Findings, errs)
		}
		if !hasNote(rep, ref+":.aaiguard.toml:1 keeps 1 file(s) out of the scan") {
			t.Errorf("%s: notes %q", ref, rep.Summary.Notes)
		}
	}
	// rules --config-from lists the base's catalogue.
	if code, out, errs := runCLI(t, "rules", dir, "--config-from", base); code != 0 || !strings.Contains(out, "assemblyai-api-key") {
		t.Errorf("rules --config-from: exit %d\n%s\n%s", code, out, errs)
	}

	// Refusals.
	linked, lbase := gateBase(t, "", "")
	os.Symlink("/etc/passwd", filepath.Join(linked, ".aaiguard.toml"))
	gitRun(t, linked, "add", "-A")
	gitRun(t, linked, "commit", "-q", "-m", "link")
	big, _ := gateBase(t, "", "# "+strings.Repeat("x", 1<<20)+"\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", dir, "--config-from", "nosuch"}, `--config-from nosuch: unknown revision "nosuch"`},
		{[]string{"check", dir, "--config-from", base, "--config", "x.toml"}, "--config and --config-from cannot be combined"},
		{[]string{"check", t.TempDir(), "--config-from", "main"}, "--config-from main: "},
		{[]string{"check", linked, "--config-from", "HEAD"}, "--config-from HEAD: .aaiguard.toml is not a regular file in HEAD (mode 120000): not read"},
		{[]string{"check", big, "--config-from", "HEAD"}, "--config-from HEAD: .aaiguard.toml in HEAD: larger than 1048576 bytes"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errs, tc.want)
		}
	}
	// A base config that parses badly names its commit and line.
	bad, _ := gateBase(t, "[[allowlists]]\nregexes = ['(']\n", "")
	if code, _, errs := runCLI(t, "check", bad, "--config-from", "HEAD~1"); code != 2 || !strings.Contains(errs, "HEAD~1:.aaiguard.toml:1: allowlist regex") {
		t.Errorf("bad base config: exit %d, %q", code, errs)
	}
	_ = lbase
}
