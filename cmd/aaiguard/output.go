package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
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
		fmt.Fprintf(a.stderr, "aaiguard: error: %s\n", report.Sanitize(e))
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
	return writeOutputFile(a.opts.output, buf.Bytes())
}

// writeOutputFile writes data to path. A regular file (or a new one) is
// replaced atomically through a temporary file in the same directory; a
// special file (/dev/null, /dev/stdout, a FIFO) is written into and never
// replaced.
func writeOutputFile(path string, data []byte) error {
	// Write through a symbolic link to its target; replacing the link
	// itself would surprise whoever made it.
	path = atomicfile.Resolve(path)
	st, err := os.Stat(path)
	if err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("--output %s: is a directory", path)
		}
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("--output %s: %w", path, err)
		}
		if _, err := fh.Write(data); err != nil {
			fh.Close()
			return fmt.Errorf("--output %s: %w", path, err)
		}
		return fh.Close()
	}
	if err := atomicfile.Write(path, data, atomicfile.PermOr(path, 0o644)); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return nil
}
