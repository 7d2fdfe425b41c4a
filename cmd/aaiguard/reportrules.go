package main

import (
	"path/filepath"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// ruleInfos describes the rules of a run for the report writers (SARIF
// lists them in tool.driver.rules): the catalogue in effect, then the rules
// implemented in code (codeRules, the registry behind `aaiguard rules`).
// The report package cannot see either registry, so the CLI passes them in
// report.Report.Rules.
func ruleInfos(cfg *rules.Config) []catalog.Rule {
	var out []catalog.Rule
	if cfg != nil {
		for _, r := range cfg.Rules {
			out = append(out, r.Info())
		}
	}
	return append(out, codeRules()...)
}

// describeRun gives the report what the writers need to know about the run
// beyond its findings: the rules (SARIF lists them) and where the scanned
// root is inside its repository (SARIF paths are relative to the
// repository's top, where code scanning resolves them).
func describeRun(rc *runCtx) {
	rc.rep.Rules = ruleInfos(rc.cfg)
	rc.rep.Summary.RepoPath = repoPath(rc.tree.RepoRoot, rc.tree.Root)
}

// repoPath is root's slash-separated path below repoRoot; "" when root is
// the repository's top, or not inside a repository.
func repoPath(repoRoot, root string) string {
	if repoRoot == "" || root == "" {
		return ""
	}
	rel, err := filepath.Rel(repoRoot, root)
	if err != nil || rel == "." || rel == ".." || filepath.IsAbs(rel) || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// withRules fills rep.Rules when a command left it empty (merge reads
// reports without rule metadata): the default catalogue and the code rules.
// Findings of rules outside them still get a rule entry from the report
// package (report.RuleSet).
func withRules(rep *report.Report) {
	if rep.Rules != nil {
		return
	}
	cfg, err := rules.Default()
	if err != nil {
		cfg = nil // the embedded catalogue is tested; the code rules still count
	}
	rep.Rules = ruleInfos(cfg)
}
