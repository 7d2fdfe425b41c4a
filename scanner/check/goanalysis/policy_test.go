package goanalysis_test

import (
	"testing"

	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// One policy for every language: the Go analyzer and the JS/TS/Python
// code rules that report the same mistake give it the same checklist item
// and severity (README "Go analyzers", docs/DESIGN.md).
func TestSeverityPolicy(t *testing.T) {
	same := map[string][]string{
		"go-redactpii":     {coderules.PIIMissing, coderules.PIIPoliciesMissing},
		"go-webhookauth":   {coderules.WebhookAuthMissing, coderules.WebhookInsecureURL},
		"go-tokenexpiry":   {coderules.TokenLongExpiry},
		"go-contentsafety": {coderules.ContentSafety},
		"go-keyexposure":   {coderules.BrowserAPIKey, coderules.BrowserKeyReturned},
	}
	seen := 0
	for _, r := range suite.Rules() {
		ids, ok := same[r.ID]
		if !ok {
			continue
		}
		seen++
		for _, id := range ids {
			c := coderules.RuleByID(id)
			if c.Checklist != r.Checklist || c.Severity != finding.Severity(r.Severity) {
				t.Errorf("%s is %s/%s but %s is %s/%s: the same mistake must weigh the same in every language", r.ID, r.Checklist, r.Severity, id, c.Checklist, c.Severity)
			}
		}
	}
	if seen != len(same) {
		t.Errorf("%d of %d Go rules found in the suite", seen, len(same))
	}
}
