package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// junitSchema is the structure of the common JUnit XML schema (Jenkins'
// junit-10.xsd, which GitLab, CircleCI and Azure DevOps also accept):
// for each element, its allowed attributes (true = required) and children.
var junitSchema = map[string]struct {
	attrs    map[string]bool
	children []string
	text     bool
}{
	"testsuites": {attrs: map[string]bool{"name": false, "time": false, "tests": false, "failures": false, "errors": false}, children: []string{"testsuite"}},
	"testsuite": {attrs: map[string]bool{"name": true, "tests": true, "failures": true, "errors": true, "group": false, "time": false, "skipped": false,
		"timestamp": false, "hostname": false, "id": false, "package": false, "file": false, "log": false, "url": false},
		children: []string{"testsuite", "properties", "testcase", "system-out", "system-err"}},
	"properties": {children: []string{"property"}},
	"property":   {attrs: map[string]bool{"name": true, "value": true}},
	"testcase": {attrs: map[string]bool{"name": true, "time": false, "classname": false, "group": false},
		children: []string{"skipped", "error", "failure", "system-out", "system-err"}},
	"failure":    {attrs: map[string]bool{"type": false, "message": false}, text: true},
	"error":      {attrs: map[string]bool{"type": false, "message": false}, text: true},
	"skipped":    {attrs: map[string]bool{"type": false, "message": false}, text: true},
	"system-out": {text: true},
	"system-err": {text: true},
}

// surefireTime is the schema's pattern for time attributes.
var surefireTime = regexp.MustCompile(`^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$`)

// validateJUnit checks doc against junitSchema and that every count
// attribute matches the test cases below it.
func validateJUnit(doc []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		name               string
		attrs              map[string]string
		fail, errs         int
		skipped, testcases int
	}
	var stack []*frame
	root := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			spec, ok := junitSchema[name]
			if !ok {
				return errors.New("unknown element " + name)
			}
			if len(stack) == 0 {
				if name != "testsuites" {
					return errors.New("root is " + name)
				}
				root = name
			} else {
				parent := stack[len(stack)-1].name
				allowed := false
				for _, c := range junitSchema[parent].children {
					allowed = allowed || c == name
				}
				if !allowed {
					return errors.New(name + " inside " + parent)
				}
			}
			fr := &frame{name: name, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				if _, ok := spec.attrs[a.Name.Local]; !ok {
					return errors.New(name + " has attribute " + a.Name.Local)
				}
				fr.attrs[a.Name.Local] = a.Value
			}
			for a, required := range spec.attrs {
				if _, ok := fr.attrs[a]; required && !ok {
					return errors.New(name + " lacks " + a)
				}
			}
			if v, ok := fr.attrs["time"]; ok && !surefireTime.MatchString(v) {
				return errors.New("time " + v)
			}
			// Count outcomes up the stack.
			for _, up := range stack {
				switch name {
				case "testcase":
					up.testcases++
				case "failure":
					up.fail++
				case "error":
					up.errs++
				case "skipped":
					up.skipped++
				}
			}
			stack = append(stack, fr)
		case xml.CharData:
			if len(stack) > 0 && !junitSchema[stack[len(stack)-1].name].text && len(bytes.TrimSpace(tok)) > 0 {
				return errors.New("text inside " + stack[len(stack)-1].name)
			}
		case xml.EndElement:
			fr := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if fr.name == "testsuites" || fr.name == "testsuite" {
				for attr, n := range map[string]int{"tests": fr.testcases, "failures": fr.fail, "errors": fr.errs, "skipped": fr.skipped} {
					if v, ok := fr.attrs[attr]; ok && v != strconv.Itoa(n) {
						return errors.New(fr.name + " " + fr.attrs["name"] + ": " + attr + "=" + v + ", counted " + strconv.Itoa(n))
					}
				}
			}
		}
	}
	if root == "" {
		return errors.New("empty document")
	}
	return nil
}

// Every fixture's JUnit report is valid against the common schema, with
// consistent counts; the validator itself rejects what the schema does.
func TestJUnitMatchesCommonSchema(t *testing.T) {
	for name, r := range fixtures() {
		if err := validateJUnit(render(t, "junit", r, report.Options{})); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{
		`<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" file="a.go"/></testsuite></testsuites>`,
		`<testsuites><testsuite name="a" tests="2" failures="0" errors="0"><testcase name="x"/></testsuite></testsuites>`,
		`<testsuites><testsuite name="a" tests="1" failures="0"><testcase name="x"/></testsuite></testsuites>`,
		`<testsuites skipped="1"></testsuites>`,
		`<testsuite name="a" tests="0" failures="0" errors="0"></testsuite>`,
		`<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"><failure>unterminated`,
	} {
		if validateJUnit([]byte(bad)) == nil {
			t.Errorf("validator accepted %s", bad)
		}
	}
}

type junitDoc struct {
	Suites []struct {
		Name     string `xml:"name,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Type    string `xml:"type,attr"`
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Text string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, r *report.Report) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal(render(t, "junit", r, report.Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// One suite per checklist item in the checklist's order, plus the scan's
// own; findings fail, checklist grades map to pass, failure and skipped.
func TestJUnitSuites(t *testing.T) {
	doc := parseJUnit(t, fixtures()["checklist"])
	if len(doc.Suites) != len(catalog.Items())+1 {
		t.Fatalf("%d suites", len(doc.Suites))
	}
	for i, item := range catalog.Items() {
		if !strings.HasPrefix(doc.Suites[i].Name, item.ID+": ") {
			t.Errorf("suite %d is %q, want %s", i, doc.Suites[i].Name, item.ID)
		}
	}
	env := doc.Suites[0]
	if len(env.Cases) != 2 || env.Failures != 2 {
		t.Errorf("env-key: %+v", env)
	}
	f := env.Cases[1].Failure
	if f == nil || f.Type != "high" || !strings.Contains(f.Text, "fix: Rotate") || !strings.Contains(f.Text, "c5c5…") {
		t.Errorf("finding case: %+v", env.Cases[1])
	}
	if doc.Suites[1].Failures != 0 || !strings.Contains(doc.Suites[1].Cases[0].SystemOut, ".gitignore:3") {
		t.Errorf("a passing item: %+v", doc.Suites[1])
	}
	if doc.Suites[5].Skipped != 1 || doc.Suites[5].Cases[0].Skipped.Message == "" {
		t.Errorf("an unknown item is skipped with its reason: %+v", doc.Suites[5])
	}
	if doc.Suites[4].Failures != 1 || doc.Suites[4].Cases[0].Failure.Type != "warn" {
		t.Errorf("a warning item: %+v", doc.Suites[4])
	}
	// A partial scan is an error, never green.
	sum := parseJUnit(t, fixtures()["summary"])
	scan := sum.Suites[len(sum.Suites)-1]
	if scan.Name != "aaiguard" || scan.Errors != 1 || !strings.Contains(scan.Cases[0].Error.Text, "permission denied") {
		t.Errorf("scan suite: %+v", scan)
	}
	// Findings with a checklist id outside the nine get a suite of their own.
	host := parseJUnit(t, fixtures()["hostile"])
	if len(host.Suites) != len(catalog.Items())+2 || !strings.HasPrefix(host.Suites[len(catalog.Items())].Name, "not-a-checklist-item") {
		t.Errorf("suites: %d", len(host.Suites))
	}
}

// XML 1.0 cannot carry control characters even escaped: they are shown as
// \xNN, and "]]>" in a CDATA section does not end it early.
func TestJUnitHostileText(t *testing.T) {
	out := render(t, "junit", fixtures()["hostile"], report.Options{})
	if bytes.ContainsAny(out, "\x1b\r\x07") {
		t.Error("control character in XML")
	}
	doc := parseJUnit(t, fixtures()["hostile"])
	var msg, text string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil && strings.Contains(c.Name, "assemblyai-api-key") {
				msg, text = c.Failure.Message, c.Failure.Text
			}
		}
	}
	if !strings.Contains(msg, `<script>alert(1)</script>&amp;"q" `) || !strings.Contains(msg, `\x1b[31m`) || !strings.Contains(msg, `]]>`) {
		t.Errorf("message did not survive escaping: %q", msg)
	}
	if !strings.Contains(text, `Mallory\x1b]0;pwned\x07 @admins ]]><x>`) {
		t.Errorf("failure text: %q", text)
	}
}
