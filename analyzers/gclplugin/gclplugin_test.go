package gclplugin_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	_ "github.com/aaiguard/aaiguard/analyzers/gclplugin"
)

func build(t *testing.T, conf any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("aaiguard")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(conf)
	if err != nil {
		return nil, err
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	return p.BuildAnalyzers()
}

func byName(as []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func TestDefaults(t *testing.T) {
	as, err := build(t, nil) // no settings: nil decodes to the zero Settings
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 6 {
		t.Fatalf("%d analyzers, want 6", len(as))
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
}

// Settings as golangci-lint passes them (decoded YAML: maps of any) reach
// the analyzers.
func TestSettings(t *testing.T) {
	as, err := build(t, map[string]any{
		"disable":       []any{"keyexposure"},
		"tokenexpiry":   map[string]any{"max": 100000},
		"redactpii":     map[string]any{"require-policies": false, "policies": []any{"person_name"}},
		"contentsafety": map[string]any{"enable": true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if byName(as, "keyexposure") != nil {
		t.Error("keyexposure not disabled")
	}
	for name, want := range map[string]string{"tokenexpiry.max": "100000", "redactpii.require-policies": "false", "redactpii.policies": "person_name", "contentsafety.enable": "true"} {
		an, flag, _ := strings.Cut(name, ".")
		a := byName(as, an)
		if a == nil {
			t.Fatalf("no %s analyzer", an)
		}
		if got := a.Flags.Lookup(flag).Value.String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	// The settings act: with max 100000 an hour-long token passes.
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, byName(as, "tokenexpiry"), "tokenexpiry/long")
}

func TestBadSettings(t *testing.T) {
	for _, conf := range []any{
		map[string]any{"tokenexpiry": map[string]any{"maxx": 3}},    // typo
		map[string]any{"disable": []any{"nosuch"}},                  // unknown analyzer
		map[string]any{"tokenexpiry": map[string]any{"max": "ten"}}, // wrong type
		map[string]any{"tokenexpiry": map[string]any{"max": -1}},
	} {
		if _, err := build(t, conf); err == nil {
			t.Errorf("settings %v: no error", conf)
		} else if !strings.Contains(err.Error(), "aaiguard plugin settings") {
			t.Errorf("settings %v: error %q does not say where", conf, err)
		}
	}
}
