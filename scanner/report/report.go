// Package report holds the report model shared by every output format and
// one writer per format: text.go, json.go, sarif.go, junit.go and
// markdown.go. write.go maps format names to writers.
//
// Writers never print a raw secret unless Options.ShowSecrets is set:
// finding.Secret marshals redacted, and writers that need the raw value call
// Secret.Display(opts.ShowSecrets). Every string that comes from scanned
// content or from git (file names, messages, authors, notes) is treated as
// hostile: text output escapes control characters (Sanitize), Markdown
// escapes its syntax and HTML, XML and JSON escape through their encoders.
package report

import (
	"cmp"
	"slices"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

// Report is what one aaiguard run produced.
type Report struct {
	Tool      Tool               `json:"tool"`
	Findings  []finding.Finding  `json:"findings"`
	Checklist []checklist.Result `json:"checklist,omitempty"`
	Summary   *Summary           `json:"summary,omitempty"`

	// Rules describes the rules of the run (the TOML catalogue in effect and
	// the rules implemented in code), for the formats that list rules:
	// SARIF's tool.driver.rules and the per-rule remediation in text and
	// Markdown. The CLI fills it; it is not part of the JSON contract. A
	// finding whose rule is missing here still gets a rule entry, built
	// from the finding (see RuleSet).
	Rules []catalog.Rule `json:"-"`
}

// Tool identifies aaiguard in reports.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary says what was scanned, what was skipped and what went wrong. A
// report with Errors is incomplete and the run exits 2.
type Summary struct {
	Command      string `json:"command"`
	FilesScanned int    `json:"filesScanned"`
	// FilesProvenClean are work-tree files not read at all: with --cache,
	// each still holds (by git's stat data) a blob the history scan of
	// the same run proved clean text.
	FilesProvenClean int    `json:"filesProvenClean,omitempty"`
	BytesScanned     int64  `json:"bytesScanned"`
	SkippedBinary    int    `json:"skippedBinary"`
	SkippedLarge     []Skip `json:"skippedLarge,omitempty"`
	Commits          int    `json:"commits,omitempty"`
	Blobs            int    `json:"blobs,omitempty"`
	Shallow          bool   `json:"shallow,omitempty"`
	// Partial: a partial clone (--filter) lacked objects that were not
	// scanned.
	Partial    bool     `json:"partial,omitempty"`
	Notes      []string `json:"notes,omitempty"`
	Errors     []string `json:"errors,omitempty"`
	Baselined  int      `json:"baselined,omitempty"`
	DurationMS int64    `json:"durationMs"`
	// RepoPath is the scanned root's path inside its git repository,
	// slash-separated ("services/api"), empty when the root is the
	// repository's top or not in a repository. Finding paths are relative
	// to the scanned root; SARIF prefixes them with RepoPath because
	// code-scanning platforms resolve URIs against the checkout's top.
	RepoPath string `json:"repoPath,omitempty"`
	// HistoryScope names the part of the git history that was scanned
	// when it was not all of it (--range, --branch, --since,
	// --max-commits): keys in the other commits were not looked for.
	HistoryScope string `json:"historyScope,omitempty"`
}

// Skip is a file (or blob) that was not scanned, and why.
type Skip = finding.Skipped

// Options control how a report is written.
type Options struct {
	ShowSecrets bool
	Color       bool
}

// RuleSet returns the rules a report describes, one entry per rule id: the
// report's Rules in their order (the first entry wins for a duplicated id),
// then a rule for each finding whose id is not among them, built from the
// finding, sorted by id. Reports merged from shards scanned with a custom
// catalogue reach the writers without the custom rules' metadata; their
// findings still need a rule entry (SARIF requires one per ruleId).
func (r *Report) RuleSet() []catalog.Rule {
	out := make([]catalog.Rule, 0, len(r.Rules))
	seen := map[string]bool{}
	for _, ri := range r.Rules {
		if ri.ID == "" || seen[ri.ID] {
			continue
		}
		seen[ri.ID] = true
		out = append(out, ri)
	}
	var extra []catalog.Rule
	for _, f := range r.Findings {
		if seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		extra = append(extra, catalog.Rule{ID: f.Rule, Description: f.Rule, Checklist: f.Checklist, Severity: f.Severity, Source: catalog.Source(f.Source)})
	}
	slices.SortFunc(extra, func(a, b catalog.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return append(out, extra...)
}

// findingRemediation is the advice for one finding: its own (worded for
// where it was found), else its rule's, else its checklist item's.
func findingRemediation(rs map[string]catalog.Rule, f finding.Finding) string {
	if f.Remediation != "" {
		return f.Remediation
	}
	return remediation(rs, f.Rule, f.Checklist)
}

// remediation is the advice for a finding of rule (with checklist item
// item): the rule's own when it has one, else the checklist item's.
func remediation(rs map[string]catalog.Rule, rule, item string) string {
	if ri, ok := rs[rule]; ok && ri.Remediation != "" {
		return ri.Remediation
	}
	if c, ok := catalog.ItemByID(item); ok {
		return c.Remediation
	}
	return ""
}

func ruleMap(rs []catalog.Rule) map[string]catalog.Rule {
	m := make(map[string]catalog.Rule, len(rs))
	for _, r := range rs {
		m[r.ID] = r
	}
	return m
}

// sortedFindings returns the findings ordered by file, position, rule and
// commit, for the formats that group by file. The report itself is not
// changed.
func sortedFindings(fs []finding.Finding) []finding.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Commit, b.Commit))
	})
	return out
}

// countSeverities counts findings that fail a run (high, critical) and
// warnings (medium, low).
func countSeverities(fs []finding.Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Severity.IsError() {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// showsSecret reports whether a finding's Secret is a secret to show as
// one. Findings of code rules (Go analyzers, JS/TS/Python rules, hygiene)
// carry normalised evidence there for their fingerprint (the call's text),
// which is not a secret and means nothing redacted to four characters, so
// only the JSON report (the contract, read back by baselines) keeps it.
func showsSecret(f finding.Finding) bool {
	if f.Secret.IsZero() {
		return false
	}
	switch f.Source {
	case "", finding.SourceWorktree, finding.SourceStaged, finding.SourceHistory:
		return true
	}
	return false
}
