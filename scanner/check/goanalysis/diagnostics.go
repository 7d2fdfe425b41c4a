package goanalysis

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/analyzers/evidence"
	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/internal/testpath"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// finding converts a diagnostic into a finding; allowlisted paths and
// lines marked aaiguard:allow are dropped.
func (r *run) finding(d driver.Diagnostic, src sourceCache) (finding.Finding, bool) {
	rule, ok := suite.ByName(d.Analyzer.Name)
	if !ok {
		return finding.Finding{}, false
	}
	file := r.rel(d.Position.Filename)
	if r.allowlisted(file) || !r.in.Tests && testpath.Is(file) {
		return finding.Finding{}, false
	}
	content := src.read(d.Position.Filename)
	if line := lineOf(content, d.Position.Line); strings.Contains(line, detect.AllowMarker) {
		return finding.Finding{}, false
	}
	f := finding.Finding{
		Rule: rule.ID, Checklist: rule.Checklist, Severity: rule.Severity,
		Message: d.Message, File: file, Line: d.Position.Line, Column: runeColumn(content, d.Position),
		Source: finding.SourceGo,
	}
	fset := d.Package.Fset
	end := d.Position
	if d.End.IsValid() {
		end = fset.Position(d.End)
		f.EndLine, f.EndColumn = end.Line, runeColumn(content, end)
	}
	// Related information (go-hardcodedkey's uses of a key constant) are
	// the finding's other places: SARIF related locations.
	for _, rel := range d.Related {
		if p := fset.Position(rel.Pos); p.IsValid() {
			f.Also = append(f.Also, finding.Location{File: r.rel(p.Filename), Line: p.Line, Note: rel.Message})
		}
	}
	// A code finding has no secret: the fingerprint comes from the
	// diagnosed source text, as for the JS/TS/Python code rules.
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, evidenceText(content, d.Position.Offset, end.Offset))
	return f, true
}

// runeColumn converts go/token's byte column to the Unicode code point
// column every other source reports (and SARIF declares).
func runeColumn(content []byte, p token.Position) int {
	start := p.Offset - (p.Column - 1)
	if p.Column < 1 || start < 0 || p.Offset > len(content) {
		return p.Column
	}
	return utf8.RuneCount(content[start:p.Offset]) + 1
}

// evidenceText is the diagnosed source text without whitespace, so that
// moving or reformatting the code keeps the fingerprint.
func evidenceText(content []byte, start, end int) string {
	if start < 0 || end > len(content) || end < start {
		return ""
	}
	if end-start > 4096 {
		end = start + 4096
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, string(content[start:end]))
}

// evidence records the evidence analyzer's results: checklist evidence
// and AssemblyAI usage, "path:line: what", each once (a package and its
// test variant are both analysed). Evidence never comes from test files
// (they do not show what production code does); usage does with Tests.
func (r *run) evidence(graph *checker.Graph, fset *token.FileSet) {
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		res, ok := act.Result.(*evidence.Result)
		if act.Analyzer != evidence.Analyzer || !ok {
			continue
		}
		for _, it := range append(slices.Clone(res.Evidence), res.Usage...) {
			p := fset.Position(it.Pos)
			file := r.rel(p.Filename)
			test := testpath.Is(file)
			if r.allowlisted(file) || test && (it.Checklist != "" || !r.in.Tests) {
				continue
			}
			line := fmt.Sprintf("%s:%d: %s", file, p.Line, it.What)
			if it.Checklist == "" {
				r.addUsage(line, file)
				continue
			}
			if seen[it.Checklist+"\x00"+line] {
				continue
			}
			seen[it.Checklist+"\x00"+line] = true
			r.res.Evidence[it.Checklist] = append(r.res.Evidence[it.Checklist], line)
		}
	}
}

// sourceCache reads each source file once.
type sourceCache map[string][]byte

func (c sourceCache) read(name string) []byte {
	if b, ok := c[name]; ok {
		return b
	}
	b, _ := os.ReadFile(name) // unreadable: no evidence text, no allow marker
	c[name] = b
	return b
}

// lineOf returns the 1-based line n of content.
func lineOf(content []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(content, '\n')
		if j < 0 {
			return ""
		}
		content = content[j+1:]
	}
	if j := bytes.IndexByte(content, '\n'); j >= 0 {
		content = content[:j]
	}
	return string(content)
}
