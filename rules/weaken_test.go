package rules_test

import (
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
)

// TestWeakenings: what switches the gate off is found, with its line and
// the checklist items it affects; ordinary allowlists (fixtures, one known
// test key) are not.
func TestWeakenings(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		want       string // substring of the note; "" for none
		line       int
		all        bool
		items      []string
	}{
		{"no weakening", "[[allowlists]]\npaths = ['''(^|/)testdata/''', '''\\.md$''']\nregexes = ['''^c5c5285779dea9a4833e676b2d04f46b$''']\nstopwords = ['example']\n", "", 0, false, nil},
		{"useDefault false", "title = 'x'\n[extend]\nuseDefault = false\n", "drops the default catalogue ([extend] useDefault = false): assemblyai-api-key", 3, false, []string{"env-key"}},
		{"disabled default rule", "[extend]\ndisabledRules = [\n  \"assemblyai-api-key\",\n]\n", "disables assemblyai-api-key", 3, false, []string{"env-key"}},
		{"replaced default rule", "\n[[rules]]\nid = 'assemblyai-api-key'\nchecklist = 'env-key'\nkeywords = ['zzz']\nregex = 'never'\n", "replaces the default rule assemblyai-api-key", 2, false, []string{"env-key"}},
		{"allow-all path .*", "[[allowlists]]\npaths = ['''.*''']\n", "allowlists every path", 1, true, nil},
		{"allow-all path empty", "[[allowlists]]\npaths = ['''''']\n", "allowlists every path", 1, true, nil},
		{"allow-all paths together", "[[allowlists]]\npaths = ['''^[a-m]''']\n[[allowlists]]\npaths = ['''^[^a-m]''']\n", "allowlists every path", 1, true, nil},
		{"allow-all regex", "[[allowlists]]\nregexes = ['''[0-9a-f]''']\n", "allowlists every key", 1, false, []string{"env-key"}},
		{"allow-all line regex", "[[allowlists]]\nregexTarget = 'line'\nregexes = ['''.''']\n", "allowlists every key", 1, false, []string{"env-key"}},
		{"allow-all stopwords", "[[allowlists]]\nstopwords = ['0','1','2','3','4','5','6','7','8','9']\n", "allowlists every key", 1, false, []string{"env-key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := rules.LoadWith(".aaiguard.toml", []byte(tc.toml), rules.LoadOptions{Repository: true})
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(cfg.Weakenings) != 0 {
					t.Fatalf("weakenings %+v", cfg.Weakenings)
				}
				return
			}
			if len(cfg.Weakenings) != 1 {
				t.Fatalf("weakenings %+v", cfg.Weakenings)
			}
			w := cfg.Weakenings[0]
			if !strings.Contains(w.Note(), tc.want) || w.Line != tc.line || w.All != tc.all || strings.Join(w.Items, ",") != strings.Join(tc.items, ",") {
				t.Errorf("got %+v (%s)", w, w.Note())
			}
			if !strings.HasPrefix(w.Note(), "the configuration .aaiguard.toml:") {
				t.Errorf("note %q", w.Note())
			}
		})
	}
	// The default catalogue weakens nothing.
	def, _ := rules.Default()
	if len(def.Weakenings) != 0 {
		t.Errorf("default: %+v", def.Weakenings)
	}
}
