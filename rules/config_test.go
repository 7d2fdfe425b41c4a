package rules_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

func TestDefaultLoads(t *testing.T) {
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) == 0 || cfg.RuleByID("assemblyai-api-key") == nil {
		t.Fatal("default catalogue lacks the key rule")
	}
	for _, r := range cfg.Rules {
		if _, ok := catalog.ItemByID(r.Checklist); !ok {
			t.Errorf("rule %s: checklist %q", r.ID, r.Checklist)
		}
	}
}

func TestChecklistIDsAreFixed(t *testing.T) {
	want := []string{"env-key", "gitignore-env", "separate-keys", "browser-tokens", "pii-redaction", "retention", "content-safety", "webhook-auth", "ci-secrets"}
	if len(catalog.Items()) != len(want) {
		t.Fatalf("%d items", len(catalog.Items()))
	}
	for i, c := range catalog.Items() {
		if c.ID != want[i] || c.Title == "" || c.Remediation == "" {
			t.Errorf("item %d: %+v", i, c)
		}
	}
}

func TestUserConfigExtendsDefaults(t *testing.T) {
	cfg, err := rules.Load(".aaiguard.toml", []byte(`
[[allowlists]]
paths = ['''^vendor/''']
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RuleByID("assemblyai-api-key") == nil {
		t.Error("a config without [extend] dropped the defaults")
	}
	cfg, err = rules.Load(".aaiguard.toml", []byte(`
[extend]
useDefault = false

[[rules]]
id = "mine"
checklist = "env-key"
regex = '''mine_[a-z]{10}'''
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) != 1 || cfg.Rules[0].ID != "mine" || cfg.Rules[0].Severity != "high" {
		t.Errorf("useDefault=false: %+v", cfg.Rules)
	}
}

func TestDisableAndOverride(t *testing.T) {
	cfg, err := rules.Load("c.toml", []byte(`
[extend]
disabledRules = ["assemblyai-api-key"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RuleByID("assemblyai-api-key") != nil {
		t.Error("disabled rule still loaded")
	}
	cfg, err = rules.Load("c.toml", []byte(`
[[rules]]
id = "assemblyai-api-key"
description = "overridden"
checklist = "env-key"
severity = "medium"
regex = '''\b([0-9a-f]{32})\b'''
secretGroup = 1
`))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.RuleByID("assemblyai-api-key")
	if r == nil || r.Description != "overridden" || r.Severity != "medium" || len(cfg.Rules) != 1 {
		t.Errorf("override: %+v", cfg.Rules)
	}
}

// Every configuration error names the file and, where it can, the line.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, toml, want string
	}{
		{"syntax", "[[rules]\nid = 1\n", "c.toml:1:"},
		{"unknown top-level key", "colour = true\n", "c.toml:1: unknown key colour"},
		{"unknown rule key", "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregexx = 'a'\n", "c.toml:4: unknown key rules.regexx"},
		{"wrong type", "[[rules]]\nid = \"x\"\nentropy = \"high\"\n", "c.toml:3:"},
		{"bad regex", "\n[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = '''([a-z'''\n", "c.toml:5: rule x: regex: missing closing ]"},
		{"bad regex in second rule", "[[rules]]\nid = \"a\"\nchecklist = \"env-key\"\nregex = 'a'\n\n[[rules]]\nid = \"b\"\nchecklist = \"env-key\"\nregex = '(?P<'\n", "c.toml:9: rule b: regex:"},
		{"bad evidence regex", "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = 'a'\n[rules.evidence]\nstrong = ['[']\n", "c.toml:6: rule x: evidence.strong"},
		{"bad checklist", "[[rules]]\nid = \"x\"\nchecklist = \"api-keys\"\nregex = 'a'\n", "c.toml:3: rule x: checklist \"api-keys\" is not one of env-key"},
		{"bad severity", "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nseverity = \"urgent\"\nregex = 'a'\n", "c.toml:4: rule x: severity"},
		{"missing regex", "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\n", "c.toml:1: rule x: regex is required"},
		{"missing id", "[[rules]]\nchecklist = \"env-key\"\nregex = 'a'\n", "c.toml:1: rule without id"},
		{"bad id", "[[rules]]\nid = \"Has Space\"\nchecklist = \"env-key\"\nregex = 'a'\n", "c.toml:2: rule id"},
		{"secretGroup out of range", "[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = 'a'\nsecretGroup = 2\n", "c.toml:5: rule x: secretGroup 2"},
		{"bad allowlist path", "[[allowlists]]\npaths = ['(']\n", "c.toml:1: allowlist path"},
		{"empty allowlist", "[[allowlists]]\ndescription = 'nothing'\n", "c.toml:1: allowlist has no paths"},
		{"bad regexTarget", "[[allowlists]]\nregexes = ['a']\nregexTarget = 'file'\n", "c.toml:1: allowlist regexTarget"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rules.Load("c.toml", []byte(tc.toml))
			if err == nil {
				t.Fatal("no error")
			}
			var ce *rules.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error type %T: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
		})
	}
}

func TestCheckDisabled(t *testing.T) {
	cfg, err := rules.Load("c.toml", []byte("[extend]\ndisabledRules = [\n  \"assemblyai-api-key\",\n  \"code-rule\",\n  \"nope\",\n]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Disabled["code-rule"] || !cfg.Disabled["assemblyai-api-key"] || cfg.RuleByID("assemblyai-api-key") != nil {
		t.Fatalf("disabled %v", cfg.Disabled)
	}
	err = cfg.CheckDisabled(func(id string) bool { return id == "code-rule" })
	if err == nil || err.Error() != `c.toml:5: disabledRules names unknown rule "nope" (see aaiguard rules)` {
		t.Errorf("unknown id: %v", err)
	}
	if err := cfg.CheckDisabled(func(id string) bool { return id == "code-rule" || id == "nope" }); err != nil {
		t.Errorf("all known: %v", err)
	}
}

func TestLimits(t *testing.T) {
	var sb strings.Builder
	for i := 0; i <= rules.MaxRules; i++ {
		fmt.Fprintf(&sb, "[[rules]]\nid = \"r%d\"\nchecklist = \"env-key\"\nregex = 'r%d'\n", i, i)
	}
	if _, err := rules.Load("big.toml", []byte(sb.String())); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("too many rules: %v", err)
	}
	long := strings.Repeat("a", rules.MaxPatternSize+1)
	if _, err := rules.Load("c.toml", []byte("[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = '"+long+"'\n")); err == nil || !strings.Contains(err.Error(), "at most") {
		t.Errorf("long pattern: %v", err)
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := rules.LoadFile("/nonexistent/.aaiguard.toml")
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/.aaiguard.toml") {
		t.Errorf("missing file error %v", err)
	}
}

func TestAudioUserGenerated(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"", false},
		{"[audio]\n", false},
		{"[audio]\nuserGenerated = false\n", false},
		{"[audio]\nuserGenerated = true\n", true},
	} {
		cfg, err := rules.Load(".aaiguard.toml", []byte(tc.src))
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if cfg.UserGeneratedAudio != tc.want {
			t.Errorf("%q: UserGeneratedAudio = %v", tc.src, cfg.UserGeneratedAudio)
		}
	}
	if cfg, _ := rules.Default(); cfg.UserGeneratedAudio {
		t.Error("the defaults declare user-generated audio")
	}
	// Strict: a misspelt key or a wrong type is an error naming the line.
	for src, want := range map[string]string{
		"title = \"x\"\n[audio]\nuserGenerate = true\n":  ".aaiguard.toml:3: unknown key audio.userGenerate",
		"[audio]\nuserGenerated = \"yes\"\n":             ".aaiguard.toml:2:",
		"[audio]\nuserGenerated = true\nsensitive = 1\n": ".aaiguard.toml:3: unknown key audio.sensitive",
	} {
		_, err := rules.Load(".aaiguard.toml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want prefix %q", src, err, want)
		}
	}
}

// TestErrorsRedactKeys: a configuration error quotes the value at fault;
// a key pasted there (an allowlist regex for a known key, with a typo) is
// shown redacted, as findings are, and so is another vendor's token.
func TestErrorsRedactKeys(t *testing.T) {
	const key = "c5c5285779dea9a4833e676b2d04f46b"
	const vendor = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
	for _, toml := range []string{
		"[[allowlists]]\nregexes = ['" + key + "(']\n",
		"[[allowlists]]\nregexes = ['" + vendor + "(']\n",
		"[[rules]]\nid = 'x'\nchecklist = '" + key + "'\nregex = 'x'\n",
		key + " = 1\n",
	} {
		_, err := rules.Load(".aaiguard.toml", []byte(toml))
		if err == nil {
			t.Fatalf("%q: no error", toml)
		}
		msg := err.Error()
		if strings.Contains(msg, key) || strings.Contains(msg, vendor) || !strings.Contains(msg, ".aaiguard.toml:") || !strings.Contains(msg, "…") {
			t.Errorf("%q: %s", toml, msg)
		}
	}
}
