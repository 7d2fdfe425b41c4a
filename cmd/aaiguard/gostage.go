package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

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
	in := goanalysis.Input{Root: rc.tree.Root, Files: files, Allowlisted: rc.engine.PathAllowed,
		Tests: rc.app.opts.tests, Download: rc.app.opts.goDownload}
	var bar *progressbar.ProgressBar
	if !rc.app.opts.quiet && stderrIsTTY(rc.app) {
		in.Progress = func(p goanalysis.Progress) {
			if bar == nil {
				bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(rc.app.stderr), progressbar.OptionSpinnerType(14),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			desc := "go: " + string(p.Phase)
			if p.Packages > 0 {
				desc = fmt.Sprintf("go: %s %d package(s) of %s", p.Phase, p.Packages, p.Module)
			}
			bar.Describe(desc)
		}
	}
	res := goanalysis.Run(rc.ctx, in)
	if bar != nil {
		_ = bar.Finish()
	}
	// res.Untyped lists the Go files that could not be type-checked: the
	// hook for syntactic Go rules (scanner/check/coderules, not landed).
	// Once they run on those files, set in.SyntacticFallback, so that a
	// missing module becomes a note instead of an incomplete scan.
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
