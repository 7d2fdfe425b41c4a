package suite_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

func TestValid(t *testing.T) {
	if err := analysis.Validate(suite.Analyzers()); err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(suite.New()); err != nil {
		t.Fatal(err)
	}
}

func TestRules(t *testing.T) {
	rs := suite.Rules()
	as := suite.Analyzers()
	if len(rs) != len(as) || len(suite.New()) != len(as) {
		t.Fatalf("%d rules, %d fresh analyzers for %d analyzers", len(rs), len(suite.New()), len(as))
	}
	for i, r := range rs {
		if r.ID != suite.RuleID(as[i].Name) || suite.New()[i].Name != as[i].Name {
			t.Errorf("entry %d: rule %s, analyzer %s, fresh %s", i, r.ID, as[i].Name, suite.New()[i].Name)
		}
		if got, ok := suite.ByName(as[i].Name); !ok || got != r {
			t.Errorf("ByName(%s) = %+v, %v", as[i].Name, got, ok)
		}
		if !catalog.IsItem(r.Checklist) {
			t.Errorf("%s: checklist %q is not an item of catalog.Items()", r.ID, r.Checklist)
		}
		if r.Description == "" || strings.Contains(r.Description, "# Analyzer") {
			t.Errorf("%s: bad description %q", r.ID, r.Description)
		}
		if !strings.Contains(r.Description, "checklist: "+r.Checklist) {
			t.Errorf("%s: description %q does not name checklist %s", r.ID, r.Description, r.Checklist)
		}
		if !r.Severity.Valid() || r.Severity == catalog.Critical || r.Source != catalog.Go {
			t.Errorf("%s: severity %q, source %q", r.ID, r.Severity, r.Source)
		}
	}
	if _, ok := suite.ByName("nosuch"); ok {
		t.Error("ByName(nosuch) found a rule")
	}
}
