// Package suite lists aaiguard's go/analysis passes with what the CLI and
// reports need to know about each: the checklist item, the severity and a
// description.
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
)

// Rule describes one analyzer as a rule of the catalogue.
type Rule struct {
	Analyzer  *analysis.Analyzer
	ID        string // rule id in reports: "go-" + the analyzer's name
	Checklist string
	Severity  string // high, medium, low
}

// Description is the first line of the analyzer's documentation.
func (r Rule) Description() string {
	d, _, _ := strings.Cut(r.Analyzer.Doc, "\n")
	return d
}

// Rules returns the analyzers with their default settings (configured by
// their flags), in a fixed order.
func Rules() []Rule {
	return RulesOf(Analyzers())
}

// RulesOf describes the given analyzers (configured copies made with the
// packages' New functions keep their names).
func RulesOf(as []*analysis.Analyzer) []Rule {
	var out []Rule
	for _, a := range as {
		m, ok := meta[a.Name]
		if !ok {
			continue
		}
		out = append(out, Rule{Analyzer: a, ID: "go-" + a.Name, Checklist: m.checklist, Severity: m.severity})
	}
	return out
}

// Analyzers returns the reporting analyzers with their default settings.
// contentsafety is included but reports nothing unless enabled.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		hardcodedkey.Analyzer,
		keyexposure.Analyzer,
		redactpii.Analyzer,
		webhookauth.Analyzer,
		tokenexpiry.Analyzer,
		contentsafety.Analyzer,
	}
}

// New returns fresh analyzers with default settings: their flags are their
// own, so a front end can parse flags into them without changing the
// package-level Analyzer variables (or another run's settings).
func New() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		hardcodedkey.New(hardcodedkey.DefaultConfig()),
		keyexposure.New(keyexposure.DefaultConfig()),
		redactpii.New(redactpii.DefaultConfig()),
		webhookauth.New(webhookauth.DefaultConfig()),
		tokenexpiry.New(tokenexpiry.DefaultConfig()),
		contentsafety.New(contentsafety.DefaultConfig()),
	}
}

// Severities are one policy for every language (the JS/TS/Python code
// rules in scanner/check/coderules give the same item the same severity):
// a key in code or in a browser is a leak, and so is customers' audio
// transcribed without PII redaction, or a transcript sent to a webhook
// that cannot tell AssemblyAI from a forger (high: fails the gate); a
// long-lived temporary token and a request without content safety are
// warnings (medium: aaiguard cannot know how long a session lasts or
// whether the audio is user-generated).
var meta = map[string]struct{ checklist, severity string }{
	"hardcodedkey":  {hardcodedkey.Checklist, "high"},
	"keyexposure":   {keyexposure.Checklist, "high"},
	"redactpii":     {redactpii.Checklist, "high"},
	"webhookauth":   {webhookauth.Checklist, "high"},
	"tokenexpiry":   {tokenexpiry.Checklist, "medium"},
	"contentsafety": {contentsafety.Checklist, "medium"},
}

// ByName returns the rule of the analyzer with the given name.
func ByName(name string) (Rule, bool) {
	for _, r := range Rules() {
		if r.Analyzer.Name == name {
			return r, true
		}
	}
	return Rule{}, false
}
