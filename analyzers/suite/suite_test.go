package suite_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/rules"
)

func TestValid(t *testing.T) {
	if err := analysis.Validate(suite.Analyzers()); err != nil {
		t.Fatal(err)
	}
}

func TestRules(t *testing.T) {
	rs := suite.Rules()
	if len(rs) != len(suite.Analyzers()) {
		t.Fatalf("%d rules for %d analyzers: every analyzer needs metadata", len(rs), len(suite.Analyzers()))
	}
	for _, r := range rs {
		if _, ok := rules.ChecklistByID(r.Checklist); !ok {
			t.Errorf("%s: checklist %q is not an item of rules.Checklist", r.ID, r.Checklist)
		}
		if r.Description() == "" || strings.Contains(r.Analyzer.Doc, "# Analyzer") {
			t.Errorf("%s: bad description %q", r.ID, r.Description())
		}
		if !strings.Contains(r.Description(), "checklist: "+r.Checklist) {
			t.Errorf("%s: description %q does not name checklist %s", r.ID, r.Description(), r.Checklist)
		}
		switch r.Severity {
		case "high", "medium", "low":
		default:
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
	}
}
