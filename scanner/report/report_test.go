package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// No format prints a raw secret unless ShowSecrets is set, and with it
// every format shows each secret finding's raw value.
func TestSecretsRedactedUnlessShown(t *testing.T) {
	for name, r := range fixtures() {
		for _, format := range report.Formats {
			hidden := string(render(t, format, r, report.Options{}))
			for _, raw := range rawSecrets {
				if strings.Contains(hidden, raw) {
					t.Errorf("%s/%s: raw secret %s… printed without ShowSecrets", name, format, raw[:4])
				}
				// Not even split by an escape: the first half is enough to
				// rebuild most of a key.
				if strings.Contains(hidden, raw[:16]) {
					t.Errorf("%s/%s: half a raw secret printed without ShowSecrets", name, format)
				}
			}
			shown := string(render(t, format, r, report.Options{ShowSecrets: true}))
			for _, f := range r.Findings {
				if f.Source == finding.SourceGo || f.Source == finding.SourceCode || f.Source == finding.SourceHygiene {
					continue // evidence, not a secret (JSON keeps it, see below)
				}
				if raw := f.Secret.Reveal(); raw != "" && !strings.Contains(shown, raw) {
					t.Errorf("%s/%s: ShowSecrets did not show %s…", name, format, raw[:4])
				}
			}
		}
	}
}

// The JSON report keeps the contract of docs/DESIGN.md and reads back.
func TestJSONContract(t *testing.T) {
	r := fixtures()["checklist"]
	out := render(t, "json", r, report.Options{})
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tool", "findings", "checklist", "summary"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q", k)
		}
	}
	// Keys in the documented order.
	s := string(out)
	if !(strings.Index(s, `"tool"`) < strings.Index(s, `"findings"`) && strings.Index(s, `"findings"`) < strings.Index(s, `"checklist"`) &&
		strings.Index(s, `"checklist"`) < strings.Index(s, `"summary"`)) {
		t.Errorf("key order: %s", s[:200])
	}
	var fs []map[string]any
	if err := json.Unmarshal(doc["findings"], &fs); err != nil || len(fs) != 1 {
		t.Fatalf("findings: %v %d", err, len(fs))
	}
	types := map[string]string{"rule": "string", "checklist": "string", "severity": "string", "message": "string", "file": "string",
		"line": "float64", "column": "float64", "commit": "string", "author": "string", "email": "string", "date": "string",
		"secret": "string", "fingerprint": "string"}
	for k, typ := range types {
		v, ok := fs[0][k]
		if !ok || fmt.Sprintf("%T", v) != typ {
			t.Errorf("finding.%s = %#v, want a %s", k, v, typ)
		}
	}
	if fs[0]["secret"] != "c5c5…" {
		t.Errorf("secret %q, want the redacted form", fs[0]["secret"])
	}
	var items []map[string]any
	if err := json.Unmarshal(doc["checklist"], &items); err != nil || len(items) != len(catalog.Items()) {
		t.Fatalf("checklist: %v", err)
	}
	for _, it := range items {
		for _, k := range []string{"id", "title", "status", "findings"} {
			if _, ok := it[k]; !ok {
				t.Errorf("checklist item lacks %q: %v", k, it)
			}
		}
	}
	// Empty findings are an array, never null.
	empty := render(t, "json", &report.Report{Tool: report.Tool{Name: "aaiguard"}}, report.Options{})
	if !bytes.Contains(empty, []byte(`"findings": []`)) {
		t.Errorf("no findings: %s", empty)
	}
	// It reads back (baselines and merge read it).
	back, err := report.ReadJSON(bytes.NewReader(empty))
	if err != nil || back.Tool.Name != "aaiguard" || len(back.Findings) != 0 {
		t.Errorf("read back: %v %+v", err, back)
	}
	back, err = report.ReadJSON(bytes.NewReader(render(t, "json", r, report.Options{})))
	if err != nil {
		t.Fatal(err)
	}
	if f := back.Findings[0]; f.Fingerprint != r.Findings[0].Fingerprint || f.Secret.String() != "c5c5…" || f.Line != 2 || f.Column != 25 {
		t.Errorf("round trip: %+v", f)
	}
}

// Text output never passes a control character or a bidirectional override
// from the report to the terminal; with colour, the only escapes are the
// painter's own SGR sequences.
func TestTextIsTerminalSafe(t *testing.T) {
	r := fixtures()["hostile"]
	plain := render(t, "text", r, report.Options{})
	if i := bytes.IndexFunc(plain, func(c rune) bool { return c != '\n' && (c < 0x20 || c == 0x7f || c == '\u202e' || c == '\u202c') }); i >= 0 {
		t.Errorf("control or bidi character at %d: %q", i, plain[max(0, i-20):min(len(plain), i+20)])
	}
	for _, want := range []string{`\x1b[31m`, `\x0d\x0a`, `\u202e`, `\ufffd`, `\x1b]0;pwned\x07`} {
		if !bytes.Contains(plain, []byte(want)) {
			t.Errorf("escaped form %s missing", want)
		}
	}
	colored := render(t, "text", r, report.Options{Color: true})
	sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	if !sgr.Match(colored) {
		t.Error("Color: no colour")
	}
	if rest := sgr.ReplaceAll(colored, nil); bytes.ContainsRune(rest, 0x1b) {
		t.Errorf("an escape that is not the painter's: %q", rest)
	}
	if !bytes.Equal(sgr.ReplaceAll(colored, nil), plain) {
		t.Error("colour changed the text")
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain/path.py":       "plain/path.py",
		"a\x1b[2Jb":           `a\x1b[2Jb`,
		"line\nnext\r":        `line\x0anext\x0d`,
		"tab\there":           `tab\x09here`,
		"\u202eexe.txt":       `\u202eexe.txt`,
		"iso\u2066late\u2069": `iso\u2066late\u2069`,
		"bad\xffutf8":         `bad\ufffdutf8`,
		"sep\u2028x":          `sep\u2028x`,
		"ünïcødé ok":          "ünïcødé ok",
		"c1\u009bcontrol":     `c1\x9bcontrol`,
	} {
		if got := report.Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// The Markdown of hostile strings has no live HTML, keeps every table row
// whole, and mentions nobody.
func TestMarkdownIsInert(t *testing.T) {
	md := string(render(t, "markdown", fixtures()["hostile"], report.Options{}))
	for _, bad := range []string{"<script", "<img", "<b>", "<i>", "\x1b", "\r", "\u202e", "![img]"} {
		if strings.Contains(md, bad) {
			t.Errorf("raw %q in Markdown", bad)
		}
	}
	if regexp.MustCompile(`[^\\]\]\(`).MatchString(md) {
		t.Error("a live link")
	}
	// Every row has as many cells as its header: an unescaped "|" or a
	// newline in a file name or message would split or end a row.
	unescapedPipe := regexp.MustCompile(`(^|[^\\])(\\\\)*\|`)
	cells := func(line string) int { return len(unescapedPipe.FindAllStringIndex(line, -1)) - 1 }
	want, rows := 0, 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		if want == 0 {
			want = cells(line) // the header
			continue
		}
		rows++
		if got := cells(line); got != want {
			t.Errorf("row with %d cells, header has %d: %s", got, want, line)
		}
	}
	if rows != 5 { // separator + 1 checklist item; separator + 2 findings
		t.Errorf("%d table rows after headers, want 5", rows)
	}
	// A mention outside code is broken by a word joiner; inside <code>
	// GitHub makes none.
	if strings.Contains(md, "@org") || !strings.Contains(md, "@\u2060org") {
		t.Error("@org/team would mention a team")
	}
	if !strings.Contains(md, "<code>Mallory") {
		t.Error("the author is not in code")
	}
}

// The findings table is capped; the rest is counted.
func TestMarkdownCapsFindings(t *testing.T) {
	r := &report.Report{Tool: report.Tool{Name: "aaiguard"}}
	for i := range 150 {
		r.Findings = append(r.Findings, secretFinding("assemblyai-api-key", fmt.Sprintf("f%03d.py", i), 1, 1, key1, finding.High, "k"))
	}
	md := string(render(t, "markdown", r, report.Options{}))
	if n := strings.Count(md, "| high |"); n != 100 {
		t.Errorf("%d rows", n)
	}
	if !strings.Contains(md, "and 50 more findings") {
		t.Error("no count of the rest")
	}
}

func TestRuleSet(t *testing.T) {
	r := fixtures()["hostile"]
	rs := r.RuleSet()
	seen := map[string]int{}
	for _, ri := range rs {
		seen[ri.ID]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("rule %s listed %d times", id, n)
		}
	}
	if seen["custom|rule<x>"] != 1 || seen["go-keyexposure"] != 1 {
		t.Errorf("rules: %v", seen)
	}
	for _, ri := range rs {
		if ri.ID == "go-redactpii" && ri.Severity != finding.High {
			t.Error("the first entry of a duplicated id must win")
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := report.Write(new(bytes.Buffer), "yaml", fixtures()["empty"], report.Options{})
	if err == nil || !strings.Contains(err.Error(), "yaml") || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("err = %v", err)
	}
}

// failAfter accepts n bytes, then fails.
type failAfter struct{ n int }

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// A failing writer is an error in every format, never a silent half report.
func TestWriteErrorsPropagate(t *testing.T) {
	r := fixtures()["checklist"]
	for _, format := range report.Formats {
		for _, n := range []int{0, 10, 500} {
			if err := report.Write(&failAfter{n: n}, format, r, report.Options{}); err == nil {
				t.Errorf("%s: no error when the writer fails after %d bytes", format, n)
			}
		}
	}
}
