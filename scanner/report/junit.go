package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

// The JUnit XML elements, limited to what the common JUnit schema (the
// one Jenkins' xunit plugin validates against, junit-10.xsd, and that
// GitLab, CircleCI and Azure DevOps read) allows: testsuites has name,
// time, tests, failures and errors; testsuite adds skipped; testcase has
// name, classname and time, and holds failure, error, skipped and
// system-out.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties *junitProps     `xml:"properties,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

// junitText is multi-line output, written as CDATA so it stays readable.
type junitText struct {
	Text string `xml:",cdata"`
}

func textOf(lines []string) *junitText {
	if len(lines) == 0 {
		return nil
	}
	return &junitText{Text: strings.Join(lines, "\n")}
}

type junitProblem struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes the report as JUnit XML, for CI systems that show test
// results (GitLab merge requests, Jenkins, CircleCI, Azure DevOps).
//
// There is one test suite per checklist item, in the checklist's fixed
// order, so the same nine suites appear in every run whatever rules a
// configuration adds, plus a suite "aaiguard" for the scan itself:
//   - every finding is a test case with a <failure> whose type is its
//     severity (warnings too: a JUnit reader shows failures, and a hidden
//     warning would be missed; the exit code still follows --strict);
//   - a graded checklist item is a test case of its own: pass passes, fail
//     and warn fail, unknown is skipped with the reason;
//   - an item with neither findings nor a grade gets one passing case;
//   - the "aaiguard" suite's "scan completed" case is an <error> when the
//     scan recorded errors (a partial scan is never green), and its output
//     lists what was scanned, skipped and noted.
//
// Text is escaped by encoding/xml; control characters, which XML 1.0 cannot
// carry even escaped, are first shown as \xNN by Sanitize.
func WriteJUnit(w io.Writer, r *Report, opts Options) error {
	rs := ruleMap(r.RuleSet())
	fs := sortedFindings(r.Findings)
	graded := map[string]checklist.Result{}
	for _, c := range r.Checklist {
		graded[c.ID] = c
	}
	// The suites: the nine items, then any other checklist id a finding
	// names (reports merged from other versions), sorted.
	type item struct{ id, title string }
	var items []item
	known := map[string]bool{}
	for _, c := range catalog.Items() {
		items = append(items, item{c.ID, c.Title})
		known[c.ID] = true
	}
	var other []string
	for _, f := range fs {
		if !known[f.Checklist] {
			known[f.Checklist] = true
			other = append(other, f.Checklist)
		}
	}
	slices.Sort(other)
	for _, id := range other {
		items = append(items, item{id, cmp.Or(id, "no checklist item")})
	}

	out := junitSuites{Name: "aaiguard", Time: "0.000"}
	if r.Summary != nil {
		out.Time = fmt.Sprintf("%.3f", float64(r.Summary.DurationMS)/1000)
	}
	for _, it := range items {
		s := junitSuite{Name: Sanitize(it.id + ": " + it.title), Time: "0.000"}
		s.Properties = &junitProps{Props: []junitProp{{Name: "checklist", Value: Sanitize(it.id)}}}
		if c, ok := graded[it.id]; ok {
			s.Properties.Props = append(s.Properties.Props, junitProp{Name: "status", Value: Sanitize(string(c.Status))})
			s.Cases = append(s.Cases, checklistCase(c, it.title))
		}
		for _, f := range fs {
			if f.Checklist == it.id {
				s.Cases = append(s.Cases, findingCase(f, rs, opts))
			}
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitTestCase{Name: Sanitize("no findings for " + it.id), Classname: "aaiguard." + Sanitize(it.id), Time: "0.000"})
		}
		out.Suites = append(out.Suites, s)
	}
	out.Suites = append(out.Suites, scanSuite(r))
	for i := range out.Suites {
		s := &out.Suites[i]
		for _, c := range s.Cases {
			s.Tests++
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func checklistCase(c checklist.Result, title string) junitTestCase {
	tc := junitTestCase{Name: Sanitize("checklist: " + cmp.Or(c.Title, title)), Classname: "aaiguard.checklist." + Sanitize(c.ID), Time: "0.000"}
	var body []string
	if c.Reason != "" {
		body = append(body, Sanitize(c.Reason))
	}
	for _, e := range c.Evidence {
		body = append(body, "evidence: "+Sanitize(e))
	}
	switch c.Status {
	case checklist.Fail, checklist.Warn:
		if fix := checklistRemediation(c); fix != "" {
			body = append(body, "fix: "+Sanitize(fix))
		}
		tc.Failure = &junitProblem{Type: Sanitize(string(c.Status)), Message: Sanitize(fmt.Sprintf("%s: %d finding%s", c.Status, c.Findings, plural(c.Findings))), Text: strings.Join(body, "\n")}
	case checklist.Pass:
		tc.SystemOut = textOf(body)
	default:
		tc.Skipped = &junitProblem{Message: Sanitize(cmp.Or(c.Reason, string(c.Status)))}
	}
	return tc
}

func findingCase(f finding.Finding, rs map[string]catalog.Rule, opts Options) junitTestCase {
	where := displayFile(f.File)
	if f.Line > 0 {
		where += ":" + position(f)
	}
	tc := junitTestCase{
		Name:      Sanitize(f.Rule + " at " + where),
		Classname: Sanitize(displayFile(f.File)),
		Time:      "0.000",
	}
	body := []string{
		"rule: " + Sanitize(f.Rule) + " (" + Sanitize(string(f.Severity)) + ", checklist item " + Sanitize(f.Checklist) + ")",
		"location: " + Sanitize(where),
	}
	if showsSecret(f) {
		body = append(body, "secret: "+Sanitize(f.Secret.Display(opts.ShowSecrets)))
	}
	if f.Commit != "" {
		body = append(body, "commit: "+Sanitize(f.Commit), "author: "+Sanitize(f.Author)+" <"+Sanitize(f.Email)+">", "date: "+Sanitize(f.Date))
	}
	for _, a := range f.Also {
		also := displayFile(a.File)
		if a.Line > 0 {
			also += fmt.Sprintf(":%d", a.Line)
		}
		if a.Commit != "" {
			also += " in commit " + a.Commit
		}
		if a.Note != "" {
			also += ": " + a.Note
		}
		body = append(body, "also: "+Sanitize(also))
	}
	if f.Verification != "" {
		body = append(body, "verified: "+Sanitize(f.Verification))
	}
	if fix := findingRemediation(rs, f); fix != "" {
		body = append(body, "fix: "+Sanitize(fix))
	}
	tc.Failure = &junitProblem{Type: Sanitize(string(f.Severity)), Message: Sanitize(f.Message), Text: strings.Join(body, "\n")}
	return tc
}

// scanSuite is the suite that says whether the scan itself completed.
func scanSuite(r *Report) junitSuite {
	s := junitSuite{Name: "aaiguard", Time: "0.000"}
	tc := junitTestCase{Name: "scan completed", Classname: "aaiguard", Time: "0.000"}
	if r.Summary != nil {
		sm := r.Summary
		s.Time = fmt.Sprintf("%.3f", float64(sm.DurationMS)/1000)
		tc.Time = s.Time
		s.Properties = &junitProps{Props: []junitProp{{Name: "command", Value: Sanitize(sm.Command)}, {Name: "version", Value: Sanitize(r.Tool.Version)}}}
		out := []string{"scanned " + strings.Join(scannedParts(sm, true), ", ")}
		for _, sk := range sm.SkippedLarge {
			out = append(out, Sanitize(fmt.Sprintf("skipped %s (%s): %s", sk.Path, HumanBytes(sk.Size), sk.Reason)))
		}
		for _, n := range sm.Notes {
			out = append(out, "note: "+Sanitize(n))
		}
		tc.SystemOut = textOf(out)
		if len(sm.Errors) > 0 {
			var errs []string
			for _, e := range sm.Errors {
				errs = append(errs, Sanitize(e))
			}
			tc.Error = &junitProblem{Type: "incomplete", Message: fmt.Sprintf("the scan did not complete: %d error%s", len(errs), plural(len(errs))), Text: strings.Join(errs, "\n")}
		}
	}
	s.Cases = append(s.Cases, tc)
	return s
}
