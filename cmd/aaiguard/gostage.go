package main

import (
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

func init() {
	registerStage(stage{name: "go analyzers", order: 30, commands: []string{"scan", "check"}, run: goStage})
	for _, r := range suite.Rules() {
		codeRules = append(codeRules, CodeRule{ID: r.ID, Checklist: r.Checklist, Severity: r.Severity, Description: r.Description(), Source: string(finding.SourceGo)})
	}
}

// goStage runs the Go analyzers (scanner/check/goanalysis) and copies what
// they found into the run.
func goStage(rc *runCtx) error {
	files := make([]goanalysis.File, len(rc.tree.Files))
	for i, f := range rc.tree.Files {
		files[i] = goanalysis.File{Path: f.Path, Abs: f.Abs}
	}
	res := goanalysis.Run(rc.ctx, goanalysis.Input{Root: rc.tree.Root, Files: files, Allowlisted: rc.engine.PathAllowed})
	rc.add(res.Findings...)
	for id, ev := range res.Evidence {
		rc.Evidence[id] = append(rc.Evidence[id], ev...)
	}
	rc.Usage = append(rc.Usage, res.Usage...)
	for _, n := range res.Notes {
		rc.note("%s", n)
	}
	for _, err := range res.Errors {
		rc.fail(err)
	}
	return nil
}
