package report

import (
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

// maxMarkdownFindings caps the findings table: GitHub refuses comments over
// 65,536 characters, and a pull request comment is a summary; the full list
// is in the JSON or SARIF report.
const maxMarkdownFindings = 100

// maxCell caps the text of one table cell (in runes, before escaping).
const maxCell = 300

// WriteMarkdown writes the report as GitHub-flavoured Markdown for a pull
// request comment or a job summary: a headline, the checklist table first
// when the report has one, the findings table (worst first, at most
// maxMarkdownFindings rows), how to fix each rule, and the scan summary
// with skipped files, notes and errors.
//
// Everything that comes from scanned content or git is escaped: control
// characters are shown as \xNN (Sanitize), Markdown syntax is
// backslash-escaped (a "|" cannot split a table cell, "*" cannot start
// emphasis), HTML is entity-escaped ("<script>" is text), file names,
// rule ids, secrets, commits and authors are in <code> (no mentions,
// emoji or links are made from them), and "@" in prose is followed by a
// word joiner so a crafted file or author name cannot mention anyone.
func WriteMarkdown(w io.Writer, r *Report, opts Options) error {
	bw := &errWriter{w: w}
	// Worst first: the table is capped, and a reviewer reads from the top.
	fs := sortedFindings(r.Findings)
	slices.SortStableFunc(fs, func(a, b finding.Finding) int { return b.Severity.Rank() - a.Severity.Rank() })
	rs := ruleMap(r.RuleSet())

	bw.printf("### aaiguard: %s\n\n", mdText(summaryLine(fs, r.Checklist, painter{})))
	if r.Summary != nil && len(r.Summary.Errors) > 0 {
		bw.printf("> **The scan did not complete: this report is partial.** See the errors below.\n\n")
	}

	if len(r.Checklist) > 0 {
		bw.printf("#### AssemblyAI security checklist\n\n")
		bw.printf("| Status | Item | Findings | Details |\n|:--|:--|--:|:--|\n")
		for _, c := range r.Checklist {
			details := mdText(c.Reason)
			if c.Status == checklist.Fail || c.Status == checklist.Warn {
				if fix := checklistRemediation(c); fix != "" {
					details = joinNonEmpty("<br>", details, "**Fix:** "+mdText(truncate(fix, maxCell)))
				}
			}
			bw.printf("| %s | %s %s | %d | %s |\n", statusBadge(c.Status), mdCode(c.ID), mdText(c.Title), c.Findings, details)
		}
		bw.printf("\n")
	}

	if len(fs) > 0 {
		withCommit := false
		for _, f := range fs {
			withCommit = withCommit || f.Commit != ""
		}
		bw.printf("#### Findings\n\n")
		if withCommit {
			bw.printf("| Severity | File | Line | Rule | Message | Secret | Commit |\n|:--|:--|--:|:--|:--|:--|:--|\n")
		} else {
			bw.printf("| Severity | File | Line | Rule | Message | Secret |\n|:--|:--|--:|:--|:--|:--|\n")
		}
		for i, f := range fs {
			if i == maxMarkdownFindings {
				bw.printf("\n… and %d more finding%s: see the JSON or SARIF report for the full list.\n", len(fs)-i, plural(len(fs)-i))
				break
			}
			msg := mdText(truncate(f.Message, maxCell))
			if f.Verification != "" {
				msg += " (verified: " + mdText(f.Verification) + ")"
			}
			secret := ""
			if showsSecret(f) {
				secret = mdCode(f.Secret.Display(opts.ShowSecrets))
			}
			bw.printf("| %s | %s | %s | %s | %s | %s |", mdText(string(f.Severity)), mdCode(truncate(displayFile(f.File), maxCell)),
				mdText(position(f)), mdCode(f.Rule), msg, secret)
			if withCommit {
				bw.printf(" %s |", commitCell(f))
			}
			bw.printf("\n")
		}
		bw.printf("\n")

		bw.printf("<details><summary>How to fix</summary>\n\n")
		seen := map[string]bool{}
		for _, f := range fs {
			fix := findingRemediation(rs, f)
			if fix == "" || seen[f.Rule+"\x00"+fix] {
				continue
			}
			seen[f.Rule+"\x00"+fix] = true
			bw.printf("- %s (%s): %s\n", mdCode(f.Rule), mdCode(f.Checklist), mdText(fix))
		}
		bw.printf("\n</details>\n\n")
	}

	if s := r.Summary; s != nil {
		line := "scanned " + strings.Join(scannedParts(s, false), ", ")
		if r.Tool.Version != "" {
			line = "aaiguard " + r.Tool.Version + " · " + line
		}
		bw.printf("<sub>%s</sub>\n", mdText(line))
		if len(s.SkippedLarge) > 0 {
			bw.printf("\n**Skipped files**\n\n")
			for _, sk := range s.SkippedLarge {
				bw.printf("- %s (%s): %s\n", mdCode(sk.Path), HumanBytes(sk.Size), mdText(sk.Reason))
			}
		}
		if len(s.Notes) > 0 {
			bw.printf("\n**Notes**\n\n")
			for _, n := range s.Notes {
				bw.printf("- %s\n", mdText(n))
			}
		}
		if len(s.Errors) > 0 {
			bw.printf("\n**Errors**\n\n")
			for _, e := range s.Errors {
				bw.printf("- %s\n", mdText(e))
			}
		}
	}
	return bw.err
}

func commitCell(f finding.Finding) string {
	if f.Commit == "" {
		return ""
	}
	c := f.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	parts := []string{mdCode(c)}
	if f.Author != "" {
		parts = append(parts, mdCode(f.Author))
	}
	if f.Date != "" {
		parts = append(parts, mdText(f.Date))
	}
	return strings.Join(parts, " ")
}

func statusBadge(s checklist.Status) string {
	switch s {
	case checklist.Pass:
		return "✅ pass"
	case checklist.Fail:
		return "❌ fail"
	case checklist.Warn:
		return "⚠️ warn"
	case checklist.Unknown:
		return "❔ unknown"
	}
	return mdText(string(s))
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// truncate cuts s to n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// mdEscape makes untrusted text inert in GitHub-flavoured Markdown, also
// inside a table cell, a list item and <code> (whose content Markdown still
// parses): control characters are escaped by Sanitize (so no newline can
// end a table row), HTML's & < > become entities, the ASCII punctuation
// that makes inline syntax is backslash-escaped (a "\|" does not split a
// table cell), and so is a list or heading marker at the start.
func mdEscape(s string) string {
	s = Sanitize(s)
	var b strings.Builder
	// A leading "-", "+" or "1." would start a nested list in a list item.
	if digits := len(s) - len(strings.TrimLeft(s, "0123456789")); digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')') {
		b.WriteString(s[:digits] + "\\")
		s = s[digits:]
	} else if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		b.WriteByte('\\')
	}
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\\', '`', '*', '_', '~', '[', ']', '|', '$', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdText escapes prose (see mdEscape); "@" is followed by a word joiner
// (U+2060, invisible) so that GitHub does not turn a crafted name into a
// mention of a user or team.
func mdText(s string) string {
	return strings.ReplaceAll(mdEscape(s), "@", "@\u2060")
}

// mdCode shows s as inline code; GitHub makes no mentions, links or emoji
// inside code.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "<code>" + mdEscape(s) + "</code>"
}
