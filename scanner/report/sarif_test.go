package report_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// The subset of SARIF 2.1.0 the checks below read.
type sarifLog struct {
	Version string `json:"version"`
	Schema  string `json:"$schema"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name                string      `json:"name"`
				Version             string      `json:"version"`
				Rules               []sarifRule `json:"rules"`
				SupportedTaxonomies []struct {
					Name  string `json:"name"`
					Index int    `json:"index"`
					GUID  string `json:"guid"`
				} `json:"supportedTaxonomies"`
			} `json:"driver"`
		} `json:"tool"`
		Taxonomies []struct {
			Name string `json:"name"`
			GUID string `json:"guid"`
			Taxa []struct {
				ID         string         `json:"id"`
				Properties map[string]any `json:"properties"`
			} `json:"taxa"`
		} `json:"taxonomies"`
		Results     []sarifResult `json:"results"`
		Invocations []struct {
			ExecutionSuccessful *bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifRule struct {
	ID               string `json:"id"`
	Name             string `json:"name"`
	ShortDescription struct {
		Text string `json:"text"`
	} `json:"shortDescription"`
	FullDescription struct {
		Text string `json:"text"`
	} `json:"fullDescription"`
	Help struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown"`
	} `json:"help"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
	Properties map[string]any `json:"properties"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex *int   `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region *struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
				EndLine     int `json:"endLine"`
				EndColumn   int `json:"endColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Taxa                []struct {
		ID            string `json:"id"`
		Index         int    `json:"index"`
		ToolComponent struct {
			Name  string `json:"name"`
			Index int    `json:"index"`
			GUID  string `json:"guid"`
		} `json:"toolComponent"`
	} `json:"taxa"`
	Properties map[string]any `json:"properties"`
}

func parseSARIF(t *testing.T, r *report.Report, opts report.Options) sarifLog {
	t.Helper()
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", r, opts), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	return log
}

// What code-scanning platforms rely on, checked on every fixture. (The
// SARIF Multitool checks the schema and GitHub's rules on the golden files:
// scripts/validate-sarif.sh.)
func TestSARIFForCodeScanning(t *testing.T) {
	for name, r := range fixtures() {
		t.Run(name, func(t *testing.T) {
			log := parseSARIF(t, r, report.Options{})
			run := log.Runs[0]
			if run.ColumnKind != "unicodeCodePoints" {
				t.Errorf("columnKind %q: the engine counts code points", run.ColumnKind)
			}
			if v := run.Tool.Driver.Version; v != "1.2.3" {
				t.Errorf("driver version %q", v)
			}
			// One rule entry per rule: the catalogue, the code rules, and
			// every finding's rule.
			rules := run.Tool.Driver.Rules
			byID := map[string]int{}
			for i, rule := range rules {
				if _, dup := byID[rule.ID]; dup {
					t.Errorf("rule %s listed twice", rule.ID)
				}
				byID[rule.ID] = i
				checkRule(t, rule)
			}
			for _, want := range []string{"assemblyai-api-key", "go-redactpii", "go-keyexposure", "hygiene-gitignore"} {
				if _, ok := byID[want]; !ok {
					t.Errorf("rule %s not listed", want)
				}
			}
			if len(run.Results) != len(r.Findings) {
				t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
			}
			seenFP := map[string]bool{}
			for i, res := range run.Results {
				f := r.Findings[i]
				if res.RuleID != f.Rule || res.RuleIndex == nil || *res.RuleIndex != byID[f.Rule] {
					t.Errorf("result %d: ruleId %q index %v, want %q at %d", i, res.RuleID, res.RuleIndex, f.Rule, byID[f.Rule])
				}
				wantLevel := map[finding.Severity]string{finding.Critical: "error", finding.High: "error", finding.Medium: "warning", finding.Low: "note"}[f.Severity]
				if res.Level != wantLevel {
					t.Errorf("result %d: level %q for %s", i, res.Level, f.Severity)
				}
				if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.Region == nil {
					t.Fatalf("result %d: no region", i)
				}
				reg := res.Locations[0].PhysicalLocation.Region
				if f.Line == 0 {
					if reg.StartLine != 1 || reg.StartColumn != 0 || res.Properties["wholeFile"] != true {
						t.Errorf("whole-file result %d: region %+v, properties %v", i, *reg, res.Properties)
					}
				} else if reg.StartLine != f.Line || reg.StartColumn != f.Column {
					t.Errorf("result %d: region %+v for %d:%d", i, *reg, f.Line, f.Column)
				}
				if reg.EndColumn != 0 && reg.EndLine == 0 && reg.EndColumn <= reg.StartColumn {
					t.Errorf("result %d: empty region %+v", i, *reg)
				}
				fp := res.PartialFingerprints[report.FingerprintKey]
				if !strings.HasPrefix(fp, f.Fingerprint) || seenFP[fp] {
					t.Errorf("result %d: fingerprint %q (content fingerprint %s), unique: %v", i, fp, f.Fingerprint, !seenFP[fp])
				}
				seenFP[fp] = true
				if f.Commit != "" && strings.Contains(fp, f.Commit[:7]) {
					t.Errorf("result %d: commit data in the fingerprint", i)
				}
				for k, want := range map[string]string{"commit": f.Commit, "author": f.Author, "email": f.Email, "date": f.Date} {
					if got, _ := res.Properties[k].(string); got != want {
						t.Errorf("result %d: properties.%s = %q, want %q", i, k, got, want)
					}
				}
				if item, ok := rulesByID(f.Checklist); ok {
					if len(res.Taxa) != 1 || res.Taxa[0].ID != item || run.Taxonomies[0].Taxa[res.Taxa[0].Index].ID != item ||
						res.Taxa[0].ToolComponent.GUID != run.Taxonomies[0].GUID {
						t.Errorf("result %d: taxa %+v", i, res.Taxa)
					}
				} else if len(res.Taxa) != 0 {
					t.Errorf("result %d: taxa for an unknown checklist item", i)
				}
			}
			inv := run.Invocations[0]
			if inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful != (len(r.Summary.Errors) == 0) {
				t.Errorf("executionSuccessful %v with %d errors", inv.ExecutionSuccessful, len(r.Summary.Errors))
			}
			errs := 0
			for _, n := range inv.Notifications {
				if n.Level == "error" {
					errs++
				}
			}
			if errs != len(r.Summary.Errors) || len(inv.Notifications) != len(r.Summary.Errors)+len(r.Summary.Notes)+len(r.Summary.SkippedLarge) {
				t.Errorf("notifications %+v", inv.Notifications)
			}
		})
	}
}

func rulesByID(id string) (string, bool) {
	c, ok := catalog.ItemByID(id)
	return c.ID, ok
}

func checkRule(t *testing.T, rule sarifRule) {
	t.Helper()
	if rule.Name == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || rule.Help.Text == "" || rule.Help.Markdown == "" {
		t.Errorf("rule %s lacks name, descriptions or help: %+v", rule.ID, rule)
	}
	score, err := strconv.ParseFloat(rule.Properties["security-severity"].(string), 64)
	if err != nil || score <= 0 || score > 10 {
		t.Errorf("rule %s: security-severity %v", rule.ID, rule.Properties["security-severity"])
	}
	tags, _ := rule.Properties["tags"].([]any)
	if len(tags) == 0 || tags[0] != "security" {
		t.Errorf("rule %s: tags %v (GitHub needs \"security\" to use security-severity)", rule.ID, tags)
	}
	id, _ := rule.Properties["checklist"].(string)
	if item, ok := catalog.ItemByID(id); ok {
		if !strings.Contains(rule.Help.Text, item.Title) || !strings.Contains(rule.Help.Text, "How to fix") {
			t.Errorf("rule %s: help lacks the checklist item or the fix:\n%s", rule.ID, rule.Help.Text)
		}
	}
}

// The fingerprint follows the content: a line shift keeps it, a different
// secret on the same line changes it, and a commit never enters it.
func TestSARIFFingerprintIsContentBased(t *testing.T) {
	fp := func(line int, raw, commit string) string {
		f := secretFinding("assemblyai-api-key", "app.py", line, 5, raw, finding.High, "k")
		f.Commit = commit
		log := parseSARIF(t, &report.Report{Findings: []finding.Finding{f}}, report.Options{})
		return log.Runs[0].Results[0].PartialFingerprints[report.FingerprintKey]
	}
	base := fp(3, key1, "")
	if base == "" || fp(30, key1, "") != base || fp(3, key1, "0123456789abcdef0123456789abcdef01234567") != base {
		t.Error("the fingerprint moved with the line or the commit")
	}
	if fp(3, key2, "") == base {
		t.Error("a different secret has the same fingerprint")
	}
}

// Colons, spaces, '#', '?' and '%' in file names make valid relative URIs.
func TestSARIFURIs(t *testing.T) {
	for path, want := range map[string]string{
		"src/app.py":        "src/app.py",
		"dir with space/a":  "dir%20with%20space/a",
		"a:b/c.py":          "./a:b/c.py",
		"x/#frag?q=1%20.py": "x/%23frag%3Fq=1%2520.py",
		"ünï/ç.py":          "%C3%BCn%C3%AF/%C3%A7.py",
		"":                  ".",
	} {
		f := secretFinding("assemblyai-api-key", path, 1, 1, key1, finding.High, "k")
		log := parseSARIF(t, &report.Report{Findings: []finding.Finding{f}}, report.Options{})
		if got := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != want {
			t.Errorf("%q: uri %q, want %q", path, got, want)
		}
	}
}

// A scan of a directory inside a repository writes URIs relative to the
// repository's top, where code scanning resolves them.
func TestSARIFURIsRelativeToRepository(t *testing.T) {
	for path, want := range map[string]string{
		"src/app.py": "services/api/src/app.py",
		"a:b.py":     "services/api/a:b.py",
		"":           "services/api",
	} {
		f := secretFinding("assemblyai-api-key", path, 1, 1, key1, finding.High, "k")
		r := &report.Report{Findings: []finding.Finding{f}, Summary: &report.Summary{RepoPath: "services/api",
			SkippedLarge: []report.Skip{{Path: "big.bin", Size: 1, Reason: "large"}}}}
		log := parseSARIF(t, r, report.Options{})
		if got := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != want {
			t.Errorf("%q: uri %q, want %q", path, got, want)
		}
	}
	// Other formats keep the paths relative to the scanned root.
	f := secretFinding("assemblyai-api-key", "src/app.py", 1, 1, key1, finding.High, "k")
	r := &report.Report{Findings: []finding.Finding{f}, Summary: &report.Summary{RepoPath: "services/api"}}
	for _, format := range []string{"text", "markdown", "junit"} {
		if out := string(render(t, format, r, report.Options{})); strings.Contains(out, "services/api/src") {
			t.Errorf("%s: paths changed", format)
		}
	}
}

// The checklist's grades travel in the taxonomy.
func TestSARIFChecklistTaxonomy(t *testing.T) {
	log := parseSARIF(t, fixtures()["checklist"], report.Options{})
	tax := log.Runs[0].Taxonomies
	if len(tax) != 1 || len(tax[0].Taxa) != len(catalog.Items()) {
		t.Fatalf("taxonomies %+v", tax)
	}
	ref := log.Runs[0].Tool.Driver.SupportedTaxonomies
	if len(ref) != 1 || ref[0].GUID != tax[0].GUID || ref[0].Name != tax[0].Name {
		t.Errorf("supportedTaxonomies %+v", ref)
	}
	for i, item := range catalog.Items() {
		taxon := tax[0].Taxa[i]
		if taxon.ID != item.ID || taxon.Properties["status"] == nil {
			t.Errorf("taxon %d: %+v", i, taxon)
		}
	}
	if tax[0].Taxa[0].Properties["status"] != "fail" || tax[0].Taxa[1].Properties["status"] != "pass" {
		t.Errorf("statuses: %v %v", tax[0].Taxa[0].Properties, tax[0].Taxa[1].Properties)
	}
}

// TestSARIFURIsStayInsideTheRoot: a path with a ".." component (a history
// tree entry git's fsck rejects) never becomes a URI: the result points at
// the root, keeps the path as data and says why; other places (also,
// related locations) are URI references like the primary one, control and
// bidi characters encoded. The scan ran in svc/: leading ".." components
// that svc absorbs name files of the repository (../.gitignore from a
// subdirectory), more of them leave it.
func TestSARIFURIsStayInsideTheRoot(t *testing.T) {
	for _, p := range []string{"x/../../etc/evil.py", ".git/..", "../..", "../../up.py", "a/..\\..\\b.py", "/etc/passwd"} {
		f := secretFinding("assemblyai-api-key", p, 1, 1, key1, finding.High, "k")
		f.Also = []finding.Location{{File: "ok/a.py", Line: 2}, {File: "../../up.py", Line: 3}}
		log := parseSARIF(t, &report.Report{Findings: []finding.Finding{f}, Summary: &report.Summary{RepoPath: "svc"}}, report.Options{})
		res := log.Runs[0].Results[0]
		if got := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "svc" {
			t.Errorf("%q: uri %q", p, got)
		}
		if res.Properties["pathOutsideRoot"] != p {
			t.Errorf("%q: properties %v", p, res.Properties)
		}
		also := res.Properties["also"].([]any)
		if also[0].(map[string]any)["file"] != "svc/ok/a.py" || also[1].(map[string]any)["file"] != "svc" {
			t.Errorf("%q: also %v", p, also)
		}
		found := false
		for _, n := range log.Runs[0].Invocations[0].Notifications {
			found = found || strings.Contains(n.Message.Text, `has a ".." component`)
		}
		if !found {
			t.Errorf("%q: no notification", p)
		}
		out := string(render(t, "sarif", &report.Report{Findings: []finding.Finding{f}}, report.Options{}))
		if strings.Contains(out, `"uri": "../`) || strings.Contains(out, `"uri": "/`) {
			t.Errorf("%q: a URI leaves the root:\n%s", p, out)
		}
	}
	// From svc/, ../.gitignore is the repository's top-level .gitignore.
	f := secretFinding("gitignore-env-patterns", "../.gitignore", 1, 1, key1, finding.High, "k")
	f.Also = []finding.Location{{File: "../up.py", Line: 3}}
	log := parseSARIF(t, &report.Report{Findings: []finding.Finding{f}, Summary: &report.Summary{RepoPath: "svc"}}, report.Options{})
	res := log.Runs[0].Results[0]
	if got := res.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != ".gitignore" || res.Properties["pathOutsideRoot"] != nil {
		t.Errorf("../.gitignore from svc/: uri %q, properties %v", got, res.Properties)
	}
	if also := res.Properties["also"].([]any); also[0].(map[string]any)["file"] != "up.py" {
		t.Errorf("../up.py from svc/: also %v", also)
	}
	// also[].file is encoded like the primary URI: no raw U+202E.
	f = secretFinding("assemblyai-api-key", "\u202eyp.txt.py", 1, 1, key1, finding.High, "k")
	f.Also = []finding.Location{{File: "\u202eevil\x1b[31m.py", Line: 1, Note: "note \x1b[2J"}}
	out := string(render(t, "sarif", &report.Report{Findings: []finding.Finding{f}}, report.Options{}))
	if strings.Contains(out, "\u202e") || strings.Contains(out, `\u202e`) || strings.Contains(out, `\u001b`) {
		t.Errorf("raw control or bidi characters in SARIF:\n%s", out)
	}
	if !strings.Contains(out, `"file": "%E2%80%AEevil%1B%5B31m.py"`) {
		t.Errorf("also[].file not encoded:\n%s", out)
	}
}
