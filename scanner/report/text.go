package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/fatih/color"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

// WriteText writes the report for a terminal or a CI log: the checklist
// table first (when the report has one), then the findings grouped by file
// with a remediation line for each rule, then a summary. Colour is used
// only when opts.Color is set (the CLI decides: a TTY, no --no-color, no
// NO_COLOR). Every string from scanned content or git goes through
// Sanitize, so a file name cannot move the cursor or rewrite the screen.
func WriteText(w io.Writer, r *Report, opts Options) error {
	p := newPainter(opts.Color)
	bw := &errWriter{w: w}
	rs := ruleMap(r.RuleSet())
	if len(r.Checklist) > 0 {
		writeChecklistText(bw, r.Checklist, p)
	}
	fs := sortedFindings(r.Findings)
	lastFile := ""
	seenFix := map[string]bool{} // rule + advice: each said once
	for i, f := range fs {
		if i == 0 || f.File != lastFile {
			if i > 0 {
				bw.printf("\n")
			}
			bw.printf("%s\n", p.file(Sanitize(displayFile(f.File))))
			lastFile = f.File
		}
		bw.printf("  %s %s %s %s\n", p.dim(fmt.Sprintf("%-7s", position(f))), p.severity(f.Severity),
			Sanitize(f.Message), p.dim("["+Sanitize(f.Rule)+"]"))
		const indent = "          "
		if showsSecret(f) {
			bw.printf("%ssecret: %s\n", indent, Sanitize(f.Secret.Display(opts.ShowSecrets)))
		}
		if f.Commit != "" {
			who := Sanitize(f.Author)
			if f.Email != "" {
				who += " <" + Sanitize(f.Email) + ">"
			}
			bw.printf("%scommit: %s  %s  %s\n", indent, Sanitize(f.Commit), who, Sanitize(f.Date))
		}
		for _, a := range f.Also {
			where := Sanitize(displayFile(a.File))
			if a.Line > 0 {
				where += fmt.Sprintf(":%d", a.Line)
			}
			if a.Commit != "" {
				where += " in commit " + Sanitize(a.Commit)
			}
			if a.Note != "" {
				where += ": " + Sanitize(a.Note)
			}
			bw.printf("%salso:   %s\n", indent, where)
		}
		if f.Verification != "" {
			v := Sanitize(f.Verification)
			if f.Verification == "live" {
				v = p.bad(v + ": the key works, rotate it now")
			}
			bw.printf("%sverified: %s\n", indent, v)
		}
		if fix := findingRemediation(rs, f); fix != "" && !seenFix[f.Rule+"\x00"+fix] {
			seenFix[f.Rule+"\x00"+fix] = true
			bw.printf("%s%s %s\n", indent, p.dim("fix:"), Sanitize(fix))
		}
	}
	if len(fs) > 0 {
		bw.printf("\n")
	}
	writeSummaryText(bw, r, fs, p)
	return bw.err
}

// position is "line:column", "line" without a column, or "file" for a
// whole-file finding (line 0).
func position(f finding.Finding) string {
	switch {
	case f.Line <= 0:
		return "file"
	case f.Column <= 0:
		return fmt.Sprintf("%d", f.Line)
	}
	return fmt.Sprintf("%d:%d", f.Line, f.Column)
}

// displayFile names a finding's file; an empty path is a finding about the
// repository as a whole.
func displayFile(f string) string {
	if f == "" {
		return "(repository)"
	}
	return f
}

func writeChecklistText(bw *errWriter, items []checklist.Result, p painter) {
	bw.printf("%s\n", p.bold("AssemblyAI security checklist"))
	for _, c := range items {
		bw.printf("  %s %-15s %s", p.status(c.Status), Sanitize(c.ID), Sanitize(c.Title))
		if c.Findings > 0 {
			bw.printf(" (%d finding%s)", c.Findings, plural(c.Findings))
		}
		bw.printf("\n")
		const indent = "                           "
		if c.Reason != "" {
			bw.printf("%s%s\n", indent, Sanitize(c.Reason))
		}
		if c.Status == checklist.Fail || c.Status == checklist.Warn {
			if fix := checklistRemediation(c); fix != "" {
				bw.printf("%s%s %s\n", indent, p.dim("fix:"), Sanitize(fix))
			}
		}
	}
	bw.printf("\n")
}

// checklistRemediation is the item's advice: the report's own (a merged
// report keeps the shards'), else the catalogue's.
func checklistRemediation(c checklist.Result) string {
	if c.Remediation != "" {
		return c.Remediation
	}
	if item, ok := catalog.ItemByID(c.ID); ok {
		return item.Remediation
	}
	return ""
}

func writeSummaryText(bw *errWriter, r *Report, fs []finding.Finding, p painter) {
	bw.printf("%s\n", summaryLine(fs, r.Checklist, p))
	s := r.Summary
	if s == nil {
		return
	}
	bw.printf("%s\n", p.dim("scanned "+strings.Join(scannedParts(s, true), ", ")))
	for _, sk := range s.SkippedLarge {
		bw.printf("%s\n", p.dim(fmt.Sprintf("skipped %s (%s): %s", Sanitize(sk.Path), HumanBytes(sk.Size), Sanitize(sk.Reason))))
	}
	for _, note := range s.Notes {
		bw.printf("%s %s\n", p.warn("note:"), Sanitize(note))
	}
	for _, e := range s.Errors {
		bw.printf("%s %s\n", p.bad("error:"), Sanitize(e))
	}
	if len(s.Errors) > 0 {
		bw.printf("%s\n", p.bad("the scan did not complete: this report is partial"))
	}
}

// summaryLine is "3 findings (2 errors, 1 warning) in 2 files; checklist:
// 1 fail, 2 pass, 6 unknown", or "no findings".
func summaryLine(fs []finding.Finding, items []checklist.Result, p painter) string {
	var line string
	if len(fs) == 0 {
		line = p.ok("no findings")
	} else {
		errs, warns := countSeverities(fs)
		files := map[string]bool{}
		for _, f := range fs {
			files[f.File] = true
		}
		text := fmt.Sprintf("%d finding%s (%d error%s, %d warning%s) in %d file%s",
			len(fs), plural(len(fs)), errs, plural(errs), warns, plural(warns), len(files), plural(len(files)))
		if errs > 0 {
			line = p.bad(text)
		} else {
			line = p.warn(text)
		}
	}
	if len(items) > 0 {
		line += "; checklist: " + checklistCounts(items)
	}
	return line
}

// checklistCounts is "1 fail, 1 warn, 2 pass, 5 unknown" (zero counts left
// out).
func checklistCounts(items []checklist.Result) string {
	var parts []string
	for _, st := range []checklist.Status{checklist.Fail, checklist.Warn, checklist.Pass, checklist.Unknown} {
		n := 0
		for _, c := range items {
			if c.Status == st {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}

// scannedParts describes what was scanned: files, bytes, commits, skips.
func scannedParts(s *Summary, duration bool) []string {
	var parts []string
	// A history-only run reads blobs, not work-tree files.
	if s.FilesScanned > 0 || s.Commits == 0 && s.Blobs == 0 {
		parts = append(parts, fmt.Sprintf("%d file%s", s.FilesScanned, plural(s.FilesScanned)))
	}
	if s.FilesProvenClean > 0 {
		parts = append(parts, fmt.Sprintf("%d proven clean from the cache", s.FilesProvenClean))
	}
	parts = append(parts, HumanBytes(s.BytesScanned))
	if s.Commits > 0 || s.Blobs > 0 {
		parts = append(parts, fmt.Sprintf("%d commit%s", s.Commits, plural(s.Commits)), fmt.Sprintf("%d blob%s", s.Blobs, plural(s.Blobs)))
	}
	if s.Shallow {
		parts = append(parts, "shallow clone: history incomplete")
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
	if duration {
		parts = append(parts, fmt.Sprintf("%.2fs", float64(s.DurationMS)/1000))
	}
	return parts
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// HumanBytes formats a byte count for people: 1.5 MiB.
func HumanBytes(n int64) string {
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

// Sanitize makes text safe for a terminal: characters that a terminal or
// a text renderer interprets instead of showing — control characters (ANSI
// escapes, carriage returns, newlines, backspace), Unicode line and
// paragraph separators, and bidirectional overrides ("Trojan Source", which
// reorder how the rest of a line is displayed) — are shown escaped, as are
// the replacement characters that stand for invalid UTF-8.
func Sanitize(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == unicode.ReplacementChar:
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	case r == '\ufffe', r == '\uffff': // noncharacters, which XML cannot carry
		return true
	case r == '\u061c', r == '\u200e', r == '\u200f', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true // bidirectional marks, embeddings, overrides and isolates
	}
	return false
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
// EnableColor explicitly so that the global color.NoColor (which looks at
// the process's stdout) does not decide for a writer that may be a file.
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
func (p painter) bold(s string) string { return p.paint(s, color.Bold) }
func (p painter) dim(s string) string  { return p.paint(s, color.Faint) }
func (p painter) ok(s string) string   { return p.paint(s, color.FgGreen, color.Bold) }
func (p painter) bad(s string) string  { return p.paint(s, color.FgRed, color.Bold) }
func (p painter) warn(s string) string { return p.paint(s, color.FgYellow) }

func (p painter) severity(s finding.Severity) string {
	label := fmt.Sprintf("%-8s", Sanitize(string(s)))
	switch s {
	case finding.Critical, finding.High:
		return p.paint(label, color.FgRed, color.Bold)
	case finding.Medium:
		return p.paint(label, color.FgYellow)
	}
	return p.paint(label, color.FgCyan)
}

func (p painter) status(s checklist.Status) string {
	label := fmt.Sprintf("%-8s", strings.ToUpper(Sanitize(string(s))))
	switch s {
	case checklist.Pass:
		return p.paint(label, color.FgGreen, color.Bold)
	case checklist.Fail:
		return p.paint(label, color.FgRed, color.Bold)
	case checklist.Warn:
		return p.paint(label, color.FgYellow, color.Bold)
	}
	return p.paint(label, color.Faint)
}
