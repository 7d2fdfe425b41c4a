package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
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

// writeOutputFile writes data to path (--output):
//
//   - the process's own descriptors (/dev/stdout, /dev/stderr, /dev/fd/N,
//     /proc/self/fd/N) are written into, appending;
//   - a path that is a symbolic link is refused, unless --output-follow-symlinks:
//     a scanned repository can commit `aaiguard.sarif -> ~/.bashrc` (or a
//     dangling link), and a CI gate writing its report into the checkout
//     would overwrite (or create) the link's target;
//   - so is a path whose directory goes through a symbolic link inside the
//     scanned repository (or the one holding the current directory):
//     `reports -> /etc/cron.d` committed by a pull request;
//   - another special file (/dev/null, a FIFO) is written into and never
//     replaced;
//   - a regular file (or a new one) is replaced atomically through a
//     temporary file in the same directory (a rename replaces a link that
//     appears meanwhile; it never writes through one).
func (a *app) writeOutputFile(path string, data []byte) error {
	if ownDescriptor(path) {
		return writeInto(path, data, os.O_WRONLY|os.O_APPEND)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	if a.opts.followLinks {
		abs = atomicfile.Resolve(abs)
	} else if err := a.refuseLinks(path, abs); err != nil {
		return err
	}
	st, err := os.Stat(abs)
	if err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return fmt.Errorf("--output %s: is a directory", path)
		}
		flags := os.O_WRONLY
		if !a.opts.followLinks {
			flags |= syscall.O_NOFOLLOW
		}
		return writeInto(abs, data, flags)
	}
	if err := atomicfile.Write(abs, data, atomicfile.PermOr(abs, 0o644)); err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return nil
}

// checkOutput refuses an --output path that goes through a link before
// the scan starts (and writeOutputFile again after it), so that a planted
// link fails the run at once rather than after a long history scan.
func (a *app) checkOutput() error {
	path := a.opts.output
	if path == "" || path == "-" || a.opts.followLinks || ownDescriptor(path) {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return a.refuseLinks(path, abs)
}

// refuseLinks is the error for an --output path (abs: absolute and clean)
// that is a symbolic link, or whose directory is one inside the scanned
// repository.
func (a *app) refuseLinks(path, abs string) error {
	if st, err := os.Lstat(abs); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("--output %s: is a symbolic link%s: not written through (a scanned repository can plant links; write the report outside the checkout, e.g. in $RUNNER_TEMP, or pass --output-follow-symlinks)", path, linkTarget(abs))
	}
	if link, ok := linkedParent(abs, a.untrustedRoots()); ok {
		return fmt.Errorf("--output %s: its directory %s is a symbolic link%s inside the scanned repository: not written through (write the report outside the checkout, or pass --output-follow-symlinks)", path, link, linkTarget(link))
	}
	return nil
}

// writeInto writes data into an existing file that must not be replaced.
func writeInto(path string, data []byte, flags int) error {
	fh, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return fmt.Errorf("--output %s: %w", path, err)
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		return fmt.Errorf("--output %s: %w", path, err)
	}
	return fh.Close()
}

// ownDescriptor reports whether path names one of the process's own open
// files through the system's links (/dev/stdout -> /proc/self/fd/1): no
// repository can plant those, and the shell has already opened (and, for
// >, truncated) what they lead to.
func ownDescriptor(path string) bool {
	p := filepath.Clean(path)
	switch p {
	case "/dev/stdout", "/dev/stderr":
		return true
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(p, dir); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

// linkTarget is " (to TARGET)" for a symbolic link, for messages.
func linkTarget(link string) string {
	t, err := os.Readlink(link)
	if err != nil {
		return ""
	}
	return " (to " + t + ")"
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

// linkedParent returns the first directory of abs (an absolute, clean
// path) that is a symbolic link lying inside one of roots.
func linkedParent(abs string, roots []string) (string, bool) {
	cur := string(filepath.Separator)
	for _, c := range strings.Split(strings.TrimPrefix(filepath.Dir(abs), cur), string(filepath.Separator)) {
		if c == "" {
			continue
		}
		next := filepath.Join(cur, c)
		st, err := os.Lstat(next)
		if err != nil {
			return "", false // a missing directory: the write fails on its own
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			for _, r := range roots {
				if within(next, r) {
					return next, true
				}
			}
			if next, err = filepath.EvalSymlinks(next); err != nil {
				return "", false
			}
		}
		cur = next
	}
	return "", false
}

// within reports whether p is root or below it.
func within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
