package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/fatih/color"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// WriteText writes findings grouped by file, with a remediation line per
// checklist item and a summary. Colour is used only when opts.Color is set.
func WriteText(w io.Writer, r *Report, opts Options) error {
	p := newPainter(opts.Color)
	bw := &errWriter{w: w}
	if len(r.Checklist) > 0 {
		writeChecklistText(bw, r, p)
	}
	lastFile := "\x00"
	seenItems := map[string]bool{}
	for _, f := range r.Findings {
		if f.File != lastFile {
			if lastFile != "\x00" {
				bw.printf("\n")
			}
			bw.printf("%s\n", p.file(Sanitize(displayFile(f.File))))
			lastFile = f.File
		}
		loc := fmt.Sprintf("%d:%d", f.Line, f.Column)
		bw.printf("  %s %s %s %s\n", p.dim(loc), p.severity(f.Severity), Sanitize(f.Message), p.dim("["+f.Rule+"]"))
		if !f.Secret.IsZero() {
			bw.printf("      secret: %s\n", Sanitize(f.Secret.Display(opts.ShowSecrets)))
		}
		if f.Commit != "" {
			bw.printf("      commit: %s  %s <%s>  %s\n", f.Commit, Sanitize(f.Author), Sanitize(f.Email), f.Date)
		}
		for _, a := range f.Also {
			where := Sanitize(a.File)
			if a.Commit != "" {
				where += " in commit " + a.Commit
			}
			bw.printf("      also: %s:%d\n", where, a.Line)
		}
		if f.Verification != "" {
			bw.printf("      verified: %s\n", f.Verification)
		}
		if !seenItems[f.Checklist] {
			seenItems[f.Checklist] = true
			if item, ok := rules.ChecklistByID(f.Checklist); ok {
				bw.printf("      %s %s\n", p.dim("fix ("+item.ID+"):"), item.Remediation)
			}
		}
	}
	if len(r.Findings) > 0 {
		bw.printf("\n")
	}
	writeSummaryText(bw, r, p)
	return bw.err
}

func displayFile(f string) string {
	if f == "" {
		return "(repository)"
	}
	return f
}

func writeChecklistText(bw *errWriter, r *Report, p painter) {
	bw.printf("AssemblyAI security checklist\n")
	for _, c := range r.Checklist {
		bw.printf("  %-8s %-15s %s", p.status(string(c.Status)), c.ID, c.Title)
		if c.Findings > 0 {
			bw.printf(" (%d finding%s)", c.Findings, plural(c.Findings))
		}
		bw.printf("\n")
		if c.Reason != "" {
			bw.printf("           %s\n", Sanitize(c.Reason))
		}
	}
	bw.printf("\n")
}

func writeSummaryText(bw *errWriter, r *Report, p painter) {
	s := r.Summary
	n := len(r.Findings)
	if n == 0 {
		bw.printf("%s\n", p.ok("no findings"))
	} else {
		bw.printf("%s\n", p.bad(fmt.Sprintf("%d finding%s", n, plural(n))))
	}
	if s == nil {
		return
	}
	parts := []string{fmt.Sprintf("%d files", s.FilesScanned), humanBytes(s.BytesScanned)}
	if s.Commits > 0 || s.Blobs > 0 {
		parts = append(parts, fmt.Sprintf("%d commits", s.Commits), fmt.Sprintf("%d blobs", s.Blobs))
	}
	if s.SkippedBinary > 0 {
		parts = append(parts, fmt.Sprintf("%d binary skipped", s.SkippedBinary))
	}
	if len(s.SkippedLarge) > 0 {
		parts = append(parts, fmt.Sprintf("%d too large skipped", len(s.SkippedLarge)))
	}
	if s.Baselined > 0 {
		parts = append(parts, fmt.Sprintf("%d in baseline", s.Baselined))
	}
	parts = append(parts, fmt.Sprintf("%.2fs", float64(s.DurationMS)/1000))
	bw.printf("%s\n", p.dim("scanned "+strings.Join(parts, ", ")))
	for _, sk := range s.SkippedLarge {
		bw.printf("%s\n", p.dim(fmt.Sprintf("skipped %s (%s): %s", Sanitize(sk.Path), humanBytes(sk.Size), sk.Reason)))
	}
	for _, note := range s.Notes {
		bw.printf("%s %s\n", p.warn("note:"), Sanitize(note))
	}
	for _, e := range s.Errors {
		bw.printf("%s %s\n", p.bad("error:"), Sanitize(e))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Sanitize makes text safe for a terminal: control characters (ANSI
// escapes, carriage returns, newlines) in file names, commit data and
// messages are shown escaped instead of being interpreted.
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == unicode.ReplacementChar:
			b.WriteString(`\ufffd`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// painter colours text when enabled. Colour objects are built with
// EnableColor/DisableColor explicitly so that the global color.NoColor
// (which looks at the process's stdout) does not decide for a writer that
// may be a file.
type painter struct{ on bool }

func newPainter(on bool) painter { return painter{on: on} }

func (p painter) paint(s string, attrs ...color.Attribute) string {
	if !p.on {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

func (p painter) file(s string) string { return p.paint(s, color.Bold, color.Underline) }
func (p painter) dim(s string) string  { return p.paint(s, color.Faint) }
func (p painter) ok(s string) string   { return p.paint(s, color.FgGreen, color.Bold) }
func (p painter) bad(s string) string  { return p.paint(s, color.FgRed, color.Bold) }
func (p painter) warn(s string) string { return p.paint(s, color.FgYellow) }

func (p painter) severity(s finding.Severity) string {
	label := fmt.Sprintf("%-8s", s)
	switch s {
	case finding.Critical, finding.High:
		return p.paint(label, color.FgRed, color.Bold)
	case finding.Medium:
		return p.paint(label, color.FgYellow)
	}
	return p.paint(label, color.FgCyan)
}

func (p painter) status(s string) string {
	label := fmt.Sprintf("%-7s", strings.ToUpper(s))
	switch s {
	case "pass":
		return p.paint(label, color.FgGreen, color.Bold)
	case "fail":
		return p.paint(label, color.FgRed, color.Bold)
	case "warn":
		return p.paint(label, color.FgYellow, color.Bold)
	}
	return p.paint(label, color.Faint)
}
