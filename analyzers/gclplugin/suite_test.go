package gclplugin_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/gclplugin"
	"github.com/aaiguard/aaiguard/analyzers/suite"
)

// The plugin builds its analyzers with golangci-lint's settings, so it
// lists them itself: it must list exactly the suite's, in its order (a new
// analyzer added to analyzers/suite and not here fails this test).
func TestPluginListsTheSuite(t *testing.T) {
	p, err := gclplugin.New(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	want := suite.Analyzers()
	if len(got) != len(want) {
		t.Fatalf("plugin has %d analyzers, the suite %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name {
			t.Errorf("analyzer %d: plugin %s, suite %s", i, got[i].Name, want[i].Name)
		}
	}
}
