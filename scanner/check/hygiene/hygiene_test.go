package hygiene_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// Fake keys: random, never issued.
const (
	keyA = "d5b359914ab3e89e1da926e8635d5956"
	keyB = "129a1757ab9974f3aa4318bb77c6970f"
	keyC = "f27cdf6ddb57853ba41a3a643c5ff169"
)

const goodGitignore = ".env\n.env.local\n.env.*.local\n"

func engine(t testing.TB, toml string) *detect.Engine {
	t.Helper()
	cfg, err := rules.Default()
	if toml != "" {
		cfg, err = rules.Load(".aaiguard.toml", []byte(toml))
	}
	if err != nil {
		t.Fatal(err)
	}
	return detect.New(cfg)
}

func runCheck(t *testing.T, dir, toml string) *hygiene.Result {
	t.Helper()
	tree, err := worktree.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := hygiene.Check(hygiene.Input{Tree: tree, Engine: engine(t, toml)})
	for _, e := range r.Errors {
		t.Errorf("error: %v", e)
	}
	return r
}

// describe lists findings of one checklist item as "rule file:line".
func describe(r *hygiene.Result, item string) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Checklist == item {
			out = append(out, fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line))
		}
	}
	return out
}

func noLeak(t *testing.T, r *hygiene.Result, keys ...string) {
	t.Helper()
	var all []string
	for _, f := range r.Findings {
		all = append(all, f.Message, f.File, f.Secret.String())
		for _, a := range f.Also {
			all = append(all, a.File)
		}
	}
	for _, ev := range r.Evidence {
		all = append(all, ev...)
	}
	all = append(all, r.Usage...)
	for _, u := range r.Unknown {
		all = append(all, u)
	}
	text := strings.Join(all, "\n")
	for _, k := range keys {
		if strings.Contains(text, k) || strings.Contains(text, k[:8]) {
			t.Errorf("key %s… printed in:\n%s", k[:4], text)
		}
	}
}

func TestGitignoreEnv(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		track []string
		want  []string // findings "rule file:line"
		// evidence that must be present (substrings)
		evidence []string
		unknown  bool
	}{
		{
			name:     "ignored env file, patterns present",
			files:    map[string]string{".gitignore": goodGitignore, ".env": "ASSEMBLYAI_API_KEY=" + keyA + "\n", "app.js": "x\n"},
			track:    []string{".gitignore", "app.js"},
			evidence: []string{`.gitignore:1: .env ignored by ".env"`, `.gitignore:3: .env.*.local ignored by ".env.*.local"`, "1 env file(s) present, all ignored"},
		},
		{
			name:  "tracked .env",
			files: map[string]string{".gitignore": "node_modules/\n", ".env": "ASSEMBLYAI_API_KEY=" + keyA + "\n"},
			track: []string{".gitignore", ".env"},
			want:  []string{"env-file-tracked .env:0", "gitignore-env-patterns .gitignore:0"},
		},
		{
			name:  "tracked .env although now ignored",
			files: map[string]string{".gitignore": goodGitignore, ".env.production": "X=1\n"},
			track: []string{".gitignore", ".env.production"},
			want:  []string{"env-file-tracked .env.production:0"},
		},
		{
			name:  "untracked env file not ignored",
			files: map[string]string{".gitignore": goodGitignore, ".env.production": "ASSEMBLYAI_API_KEY=" + keyA + "\n"},
			track: []string{".gitignore"},
			want:  []string{"env-file-not-ignored .gitignore:0"},
		},
		{
			name:     ".env* pattern covers everything; template with placeholders is fine",
			files:    map[string]string{".gitignore": ".env*\n!.env.example\n", ".env.example": "ASSEMBLYAI_API_KEY=your-assemblyai-api-key\nPORT=3000\nSECRET_TOKEN=\n", ".env.development.local": "ASSEMBLYAI_API_KEY=" + keyA + "\n"},
			track:    []string{".gitignore", ".env.example"},
			evidence: []string{".env.example:0: template with placeholder values only", `.gitignore:1: .env.local ignored by ".env*"`},
		},
		{
			name:  "template holding a real-looking key",
			files: map[string]string{".gitignore": goodGitignore, ".env.example": "# copy to .env\nASSEMBLYAI_API_KEY=" + keyA + "\n"},
			track: []string{".gitignore", ".env.example"},
			want:  []string{"env-file-tracked .env.example:2"},
		},
		{
			name:  "template with a non-hex value for the key variable",
			files: map[string]string{".gitignore": goodGitignore, ".env.sample": "ASSEMBLYAI_API_KEY=prod-key-7Hq2LmZ9\n"},
			track: []string{".gitignore", ".env.sample"},
			want:  []string{"env-file-tracked .env.sample:1"},
		},
		{
			name:  "template with another vendor's random credential",
			files: map[string]string{".gitignore": goodGitignore, ".env.template": "STRIPE_SECRET_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"},
			track: []string{".gitignore", ".env.template"},
			want:  []string{"env-file-tracked .env.template:1"},
		},
		{
			name:  "no .gitignore at all, no env files",
			files: map[string]string{"main.py": "print(1)\n"},
			track: []string{"main.py"},
			want:  []string{"gitignore-env-patterns .gitignore:0"},
		},
		{
			name:  "only .env ignored",
			files: map[string]string{".gitignore": ".env\n"},
			track: []string{".gitignore"},
			want:  []string{"gitignore-env-patterns .gitignore:0"},
		},
		{
			name:  ".env/ as a directory pattern does not ignore the file",
			files: map[string]string{".gitignore": ".env/\n.env.local\n.env.*.local\n"},
			track: []string{".gitignore"},
			want:  []string{"gitignore-env-patterns .gitignore:0"},
		},
		{
			name: "nested .gitignore re-includes an env file",
			files: map[string]string{
				".gitignore":               goodGitignore,
				"apps/web/.gitignore":      "!.env.local\n",
				"apps/web/.env.local":      "ASSEMBLYAI_API_KEY=" + keyA + "\n",
				"apps/api/.env.prod.local": "ASSEMBLYAI_API_KEY=" + keyB + "\n",
			},
			track: []string{".gitignore", "apps/web/.gitignore"},
			want:  []string{"env-file-not-ignored .gitignore:0"},
		},
		{
			name: "nested .gitignore ignores env files of its app",
			files: map[string]string{
				".gitignore":            goodGitignore,
				"apps/web/.gitignore":   ".env.staging\n",
				"apps/web/.env.staging": "X=1\n",
			},
			track:    []string{".gitignore", "apps/web/.gitignore"},
			evidence: []string{"all ignored and untracked"},
		},
		{
			name:  "python venv directory named .env is not an env file",
			files: map[string]string{".gitignore": goodGitignore, ".env/bin/activate": "export X=1\n"},
			track: []string{".gitignore", ".env/bin/activate"},
		},
		{
			name:  ".envrc is not an env file",
			files: map[string]string{".gitignore": goodGitignore, ".envrc": "dotenv\n"},
			track: []string{".gitignore", ".envrc"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := gitfixture.Repo(t, c.files, c.track...)
			r := runCheck(t, dir, "")
			got := describe(r, "gitignore-env")
			want := c.want
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("findings:\n got %q\nwant %q", got, want)
			}
			for _, e := range c.evidence {
				if !containsSub(r.Evidence["gitignore-env"], e) {
					t.Errorf("evidence %q missing from %q", e, r.Evidence["gitignore-env"])
				}
			}
			if len(want) > 0 && len(r.Evidence["gitignore-env"]) > 0 && !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "env-file") }) {
				// Pattern findings and pattern evidence exclude each other.
				if slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "gitignore-env-patterns") }) {
					t.Errorf("pattern evidence despite missing patterns: %q", r.Evidence["gitignore-env"])
				}
			}
			noLeak(t, r, keyA, keyB)
		})
	}
}

func containsSub(list []string, sub string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, sub) })
}

// An env file deleted from disk but not from the index is still committed.
func TestGitignoreEnvDeletedButTracked(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": goodGitignore, "api/.env.production": "X=1\n", "api/.env.example": "X=\n"}, ".gitignore", "api/.env.production", "api/.env.example")
	for _, p := range []string{"api/.env.production", "api/.env.example"} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	if got := describe(runCheck(t, dir, ""), "gitignore-env"); !slices.Equal(got, []string{"env-file-tracked api/.env.production:0"}) {
		t.Errorf("findings %q", got)
	}
	// Scanning the subdirectory reports it relative to it.
	if got := describe(runCheck(t, filepath.Join(dir, "api"), ""), "gitignore-env"); !slices.Equal(got, []string{"env-file-tracked .env.production:0"}) {
		t.Errorf("from api/: findings %q", got)
	}
}

func TestGitignoreEnvSeverities(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".env.production": "X=1\n", "a": "a\n"}, ".env.production", "a")
	r := runCheck(t, dir, "")
	sev := map[string]finding.Severity{}
	for _, f := range r.Findings {
		sev[f.Rule] = f.Severity
		if f.Source != finding.SourceHygiene || f.Fingerprint == "" {
			t.Errorf("finding %+v: source %q fingerprint %q", f.Rule, f.Source, f.Fingerprint)
		}
	}
	if sev[hygiene.RuleEnvFileTracked] != finding.High || sev[hygiene.RuleGitignorePatterns] != finding.Medium {
		t.Errorf("severities %v", sev)
	}
}

func TestGitignoreEnvOutsideGit(t *testing.T) {
	dir := t.TempDir()
	gitfixture.Write(t, dir, map[string]string{".env": "ASSEMBLYAI_API_KEY=" + keyA + "\n"})
	r := runCheck(t, dir, "")
	if got := describe(r, "gitignore-env"); len(got) != 0 {
		t.Errorf("findings outside git: %q", got)
	}
	if !strings.Contains(r.Unknown["gitignore-env"], "not a git repository") {
		t.Errorf("unknown reason %q", r.Unknown["gitignore-env"])
	}
}

// Scanning a subdirectory judges the .gitignore files from the repository
// root down to it.
func TestGitignoreEnvSubdirectory(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{".gitignore": "dist\n", "apps/web/a.js": "x\n"}, ".gitignore", "apps/web/a.js")
	tree, err := worktree.List(filepath.Join(dir, "apps", "web"))
	if err != nil {
		t.Fatal(err)
	}
	r := hygiene.Check(hygiene.Input{Tree: tree, Engine: engine(t, "")})
	// The file meant is the repository root's .gitignore (a path from the
	// scanned root), and the command fixes that one.
	if len(r.Findings) != 1 || r.Findings[0].File != "../../.gitignore" || !strings.HasPrefix(r.Findings[0].Message, "../../.gitignore does not ignore .env") ||
		!strings.HasSuffix(r.Findings[0].Message, "run aaiguard fix gitignore ../..") {
		t.Errorf("findings %+v", r.Findings)
	}
	gitfixture.Write(t, dir, map[string]string{".gitignore": ".env*\n"})
	if r = runCheck(t, filepath.Join(dir, "apps", "web"), ""); len(r.Findings) != 0 || !containsSub(r.Evidence["gitignore-env"], `../../.gitignore:1: .env ignored by ".env*"`) {
		t.Errorf("findings %+v evidence %q", r.Findings, r.Evidence["gitignore-env"])
	}
}

func TestGlobalExcludesDoNotCountForPatterns(t *testing.T) {
	// The user's own excludes file ignores .env on this machine only: the
	// file is not at risk here, but the repository does not protect
	// anyone else.
	dir := gitfixture.Repo(t, map[string]string{"a": "a\n", ".env": "ASSEMBLYAI_API_KEY=" + keyA + "\n"}, "a")
	gitfixture.Write(t, dir, map[string]string{".git/info/exclude": ".env\n"})
	r := runCheck(t, dir, "")
	got := describe(r, "gitignore-env")
	if !slices.Equal(got, []string{"gitignore-env-patterns .gitignore:0"}) {
		t.Errorf("findings %q", got)
	}
}

func TestAllowlistedPathsAreSkipped(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{
		".gitignore":                           goodGitignore,
		"testdata/proj/.env.production":        "ASSEMBLYAI_API_KEY=" + keyA + "\n",
		"testdata/proj/.env.development":       "ASSEMBLYAI_API_KEY=" + keyA + "\n",
		"testdata/ci/.github/workflows/ci.yml": "env:\n  ASSEMBLYAI_API_KEY: abcdefghijkl\n",
	}, ".gitignore", "testdata/proj/.env.production", "testdata/proj/.env.development")
	toml := "[[allowlists]]\npaths = ['''(^|/)testdata/''']\n"
	r := runCheck(t, dir, toml)
	if len(r.Findings) != 0 {
		t.Errorf("findings in allowlisted paths: %q", describe(r, "gitignore-env"))
	}
	// Without the allowlist they are reported.
	r = runCheck(t, dir, "")
	if len(describe(r, "gitignore-env")) != 2 || len(describe(r, "separate-keys")) != 1 {
		t.Errorf("without allowlist: %q %q", describe(r, "gitignore-env"), describe(r, "separate-keys"))
	}
}

func TestSeparateKeys(t *testing.T) {
	for _, c := range []struct {
		name     string
		files    map[string]string
		want     []string
		evidence int
		unknown  string
	}{
		{
			name: "same key in development and production env files",
			files: map[string]string{
				".env.development": "ASSEMBLYAI_API_KEY=" + keyA + "\n",
				".env.production":  "PORT=80\nASSEMBLYAI_API_KEY=" + keyA + "\n",
			},
			want: []string{"env-key-shared .env.production:2"},
		},
		{
			name: "different keys",
			files: map[string]string{
				".env.development.local": "ASSEMBLYAI_API_KEY=" + keyA + "\n",
				".env.production.local":  "ASSEMBLYAI_API_KEY=" + keyB + "\n",
				".env.staging.local":     "ASSEMBLYAI_API_KEY=" + keyC + "\n",
			},
			evidence: 3,
		},
		{
			name: "same key in staging and prod YAML configs",
			files: map[string]string{
				"config/staging.yaml": "assemblyai:\n  api_key: " + keyB + "\n",
				"config/prod.yaml":    "server:\n  port: 80\nassemblyai:\n  api_key: " + keyB + "\n",
			},
			want: []string{"env-key-shared config/prod.yaml:4"},
		},
		{
			name: "ignored local dev file shares the committed production key",
			files: map[string]string{
				".gitignore":             goodGitignore,
				".env.dev.local":         "ASSEMBLYAI_API_KEY=" + keyC + "\n",
				"config/production.json": `{"assemblyai": {"apiKey": "` + keyC + `"}}` + "\n",
			},
			want: []string{"env-key-shared config/production.json:1"},
		},
		{
			name: "same key in two files of one environment is fine",
			files: map[string]string{
				".env.production":  "ASSEMBLYAI_API_KEY=" + keyA + "\n",
				"config/prod.yaml": "assemblyai:\n  api_key: " + keyA + "\n",
			},
			unknown: "one environment only",
		},
		{
			name: "the shared .env is not an environment",
			files: map[string]string{
				".env":            "ASSEMBLYAI_API_KEY=" + keyA + "\n",
				".env.production": "ASSEMBLYAI_API_KEY=" + keyA + "\n",
			},
			unknown: "one environment only",
		},
		{
			name:    "no keys at all",
			files:   map[string]string{".env.production": "ASSEMBLYAI_API_KEY=\n", "config/prod.yaml": "port: 80\n"},
			unknown: "no per-environment env or config file",
		},
		{
			name: "a hash in two configs is not a key",
			files: map[string]string{
				"config/staging.yaml": "assets:\n  md5: " + keyA + "\n",
				"config/prod.yaml":    "assets:\n  md5: " + keyA + "\n",
			},
			unknown: "no per-environment env or config file",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.files["README.md"] = "# app\n"
			dir := gitfixture.Repo(t, c.files, "README.md")
			r := runCheck(t, dir, "")
			got := describe(r, "separate-keys")
			if !slices.Equal(got, c.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, c.want)
			}
			for _, f := range r.Findings {
				if f.Rule == hygiene.RuleSharedKey && (!f.Secret.IsZero() || len(f.Also) == 0 || f.Severity != finding.High) {
					t.Errorf("shared-key finding: secret %q, also %v, severity %s", f.Secret, f.Also, f.Severity)
				}
			}
			if n := len(r.Evidence["separate-keys"]); n != c.evidence {
				t.Errorf("evidence %q, want %d lines", r.Evidence["separate-keys"], c.evidence)
			}
			if !strings.Contains(r.Unknown["separate-keys"], c.unknown) || (c.unknown == "") != (r.Unknown["separate-keys"] == "") {
				t.Errorf("unknown %q, want %q", r.Unknown["separate-keys"], c.unknown)
			}
			noLeak(t, r, keyA, keyB, keyC)
		})
	}
}

func TestSeparateKeysFingerprintStable(t *testing.T) {
	files := map[string]string{
		".env.development": "ASSEMBLYAI_API_KEY=" + keyA + "\n",
		".env.production":  "ASSEMBLYAI_API_KEY=" + keyA + "\n",
	}
	fp := func(files map[string]string) string {
		r := runCheck(t, gitfixture.Repo(t, files), "")
		for _, f := range r.Findings {
			if f.Rule == hygiene.RuleSharedKey {
				return f.Fingerprint
			}
		}
		t.Fatal("no finding")
		return ""
	}
	a := fp(files)
	files[".env.production"] = "# moved\n\nASSEMBLYAI_API_KEY=" + keyA + "\n"
	if b := fp(files); a != b {
		t.Errorf("fingerprint changed with the line: %s %s", a, b)
	}
	files[".env.development"] = "ASSEMBLYAI_API_KEY=" + keyB + "\n"
	files[".env.staging"] = "ASSEMBLYAI_API_KEY=" + keyB + "\n"
	files[".env.production"] = "ASSEMBLYAI_API_KEY=" + keyB + "\n"
	if c := fp(files); c == a {
		t.Error("a different shared key has the same fingerprint")
	}
}
