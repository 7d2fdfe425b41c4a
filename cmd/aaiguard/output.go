package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aaiguard/aaiguard/internal/outfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/pipeline"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// errorsToStderr repeats a run's errors on stderr when the report does not
// show them there (a JSON or SARIF report, or one written to --output): a
// CI log must say why the scan did not complete, not only that it did not.
func (a *app) errorsToStderr(rep *report.Report) {
	if a.opts.format == "text" && (a.opts.output == "" || a.opts.output == "-") {
		return
	}
	for _, e := range rep.Summary.Errors {
		fmt.Fprintf(a.stderr, "aaiguard: error: %s\n", errorText(e))
	}
}

// exitFor computes the exit code of a finished run: an incomplete scan is
// an error whatever it found; findings of high or critical severity (and a
// failing checklist item) exit with --exit-code; warnings (medium, low) do
// not fail the run unless --strict.
func (a *app) exitFor(rep *report.Report) error {
	if len(rep.Summary.Errors) > 0 {
		return &exitErr{code: exitError, err: fmt.Errorf("the scan did not complete: %d error(s), listed above", len(rep.Summary.Errors))}
	}
	failing := false
	for _, f := range rep.Findings {
		if f.Severity.IsError() || a.opts.strict {
			failing = true
			break
		}
	}
	for _, c := range rep.Checklist {
		if c.Status == "fail" || a.opts.strict && c.Status == "warn" {
			failing = true
		}
	}
	if failing {
		return &exitErr{code: a.opts.exitCode}
	}
	return nil
}

func (a *app) colorOn() bool {
	if a.opts.noColor || os.Getenv("NO_COLOR") != "" || a.opts.output != "" {
		return false
	}
	return a.isTTY()
}

// writeReport renders the whole report in memory first, so that an error
// never leaves half a report behind, then writes it to stdout or --output.
// A report read back from JSON (merge) has no rule list: the default
// catalogue and the code rules describe its rules.
func (a *app) writeReport(rep *report.Report) error {
	var buf bytes.Buffer
	if rep.Rules == nil {
		rep.Rules = pipeline.Rules(nil)
	}
	opts := report.Options{ShowSecrets: a.opts.showSecrets, Color: a.colorOn()}
	if err := report.Write(&buf, a.opts.format, rep, opts); err != nil {
		return fmt.Errorf("write %s report: %w", a.opts.format, err)
	}
	if a.opts.output == "" || a.opts.output == "-" {
		_, err := a.stdout.Write(buf.Bytes())
		return err
	}
	return a.writeOutputFile(a.opts.output, buf.Bytes())
}

// outputTarget is --output's destination (internal/outfile: never through
// a link the scanned repository planted).
func (a *app) outputTarget(path string) outfile.Target {
	return outfile.Target{Path: path, Untrusted: a.untrustedRoots(), FollowLinks: a.opts.followLinks}
}

// writeOutputFile writes data to path (--output).
func (a *app) writeOutputFile(path string, data []byte) error {
	return a.outputTarget(path).Write(data)
}

// checkOutput refuses an --output path that goes through a link before
// the scan starts (and writeOutputFile again after it), so that a planted
// link fails the run at once rather than after a long history scan.
func (a *app) checkOutput() error {
	if a.opts.output == "" || a.opts.output == "-" {
		return nil
	}
	return a.outputTarget(a.opts.output).Check()
}

// untrustedRoots are the work trees whose content a pull request controls:
// the scanned root's repository (or the scanned root outside one) and the
// repository holding the current directory, resolved.
func (a *app) untrustedRoots() []string {
	var roots []string
	for _, p := range []string{a.scanRoot, "."} {
		if p == "" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		if _, wt, err := gitrepo.Locate(abs); err == nil && wt != "" {
			abs = wt
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				abs = r
			}
		} else if p == "." {
			continue // the current directory outside a repository is the user's
		}
		roots = append(roots, abs)
	}
	return roots
}
