package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
)

// FuzzLoad: any input either loads or fails with a one-line *rules.Error
// naming the file; it never panics.
func FuzzLoad(f *testing.F) {
	f.Add(string(rules.DefaultTOML()))
	f.Add("[extend]\nuseDefault = false\n[[rules]]\nid = \"x\"\nchecklist = \"env-key\"\nregex = 'a(b'\n")
	f.Add("[[allowlists]]\npaths = ['(']\n")
	f.Add("[[rules]]\nid='a'\n[rules.evidence]\nstrong=['x']\nwindow=-1\n")
	f.Fuzz(func(t *testing.T, data string) {
		cfg, err := rules.Load("fuzz.toml", []byte(data))
		if err == nil {
			if cfg == nil {
				t.Fatal("nil config without error")
			}
			return
		}
		var ce *rules.Error
		if !errors.As(err, &ce) || ce.File != "fuzz.toml" {
			t.Fatalf("error %T %v", err, err)
		}
		if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "fuzz.toml") {
			t.Fatalf("error is not one line naming the file: %q", err)
		}
	})
}
