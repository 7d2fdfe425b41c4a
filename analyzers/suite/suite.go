// Package suite is the one list of aaiguard's go/analysis passes, with
// what the CLI and reports need to know about each as a rule of the
// catalogue (rules/catalog): the checklist item and severity come from
// the analyzer's own package, the description from its documentation.
//
// Adding an analyzer: write its package (doc.go, Analyzer, New,
// DefaultConfig, Checklist, Severity) and add one line to entries.
package suite

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/contentsafety"
	"github.com/aaiguard/aaiguard/analyzers/hardcodedkey"
	"github.com/aaiguard/aaiguard/analyzers/keyexposure"
	"github.com/aaiguard/aaiguard/analyzers/redactpii"
	"github.com/aaiguard/aaiguard/analyzers/tokenexpiry"
	"github.com/aaiguard/aaiguard/analyzers/webhookauth"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

// entry is one analyzer of the suite.
type entry struct {
	analyzer  *analysis.Analyzer        // the package's Analyzer (default settings, bound to flags)
	fresh     func() *analysis.Analyzer // a new copy with default settings
	checklist string
	severity  catalog.Severity
}

// entries lists the reporting analyzers in a fixed order. contentsafety is
// included but reports nothing unless enabled.
//
// Severities (the packages' Severity constants) are one policy for every
// language: the code rules of scanner/check/coderules give the same item
// the same severity. A key in code or in a browser is a leak, and so is
// customers' audio transcribed without PII redaction, or a transcript sent
// to a webhook that cannot tell AssemblyAI from a forger (high: fails the
// gate); a long-lived temporary token and a request without content safety
// are warnings (medium: aaiguard cannot know how long a session lasts or
// whether the audio is user-generated).
func entries() []entry {
	return []entry{
		{hardcodedkey.Analyzer, func() *analysis.Analyzer { return hardcodedkey.New(hardcodedkey.DefaultConfig()) }, hardcodedkey.Checklist, hardcodedkey.Severity},
		{keyexposure.Analyzer, func() *analysis.Analyzer { return keyexposure.New(keyexposure.DefaultConfig()) }, keyexposure.Checklist, keyexposure.Severity},
		{redactpii.Analyzer, func() *analysis.Analyzer { return redactpii.New(redactpii.DefaultConfig()) }, redactpii.Checklist, redactpii.Severity},
		{webhookauth.Analyzer, func() *analysis.Analyzer { return webhookauth.New(webhookauth.DefaultConfig()) }, webhookauth.Checklist, webhookauth.Severity},
		{tokenexpiry.Analyzer, func() *analysis.Analyzer { return tokenexpiry.New(tokenexpiry.DefaultConfig()) }, tokenexpiry.Checklist, tokenexpiry.Severity},
		{contentsafety.Analyzer, func() *analysis.Analyzer { return contentsafety.New(contentsafety.DefaultConfig()) }, contentsafety.Checklist, contentsafety.Severity},
	}
}

// Analyzers returns the reporting analyzers with their default settings
// (the packages' Analyzer variables, configured by their flags).
func Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range entries() {
		out = append(out, e.analyzer)
	}
	return out
}

// New returns fresh analyzers with default settings: their flags are their
// own, so a front end can parse flags into them without changing the
// package-level Analyzer variables (or another run's settings).
func New() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range entries() {
		out = append(out, e.fresh())
	}
	return out
}

// RuleID is the id of an analyzer's rule in reports.
func RuleID(analyzerName string) string { return "go-" + analyzerName }

// Rules describes the analyzers as rules of the catalogue.
func Rules() []catalog.Rule {
	var out []catalog.Rule
	for _, e := range entries() {
		out = append(out, rule(e))
	}
	return out
}

// ByName returns the rule of the analyzer with the given name (configured
// copies made with the packages' New functions keep their names).
func ByName(name string) (catalog.Rule, bool) {
	for _, e := range entries() {
		if e.analyzer.Name == name {
			return rule(e), true
		}
	}
	return catalog.Rule{}, false
}

func rule(e entry) catalog.Rule {
	desc, _, _ := strings.Cut(e.analyzer.Doc, "\n")
	return catalog.Rule{ID: RuleID(e.analyzer.Name), Checklist: e.checklist, Severity: e.severity,
		Description: desc, Source: catalog.Go}
}
