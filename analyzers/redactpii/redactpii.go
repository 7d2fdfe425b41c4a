package redactpii

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
	"github.com/aaiguard/aaiguard/analyzers/internal/edit"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/analyzers/transcripts"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item the analyzer's diagnostics
// belong to.
const Checklist = catalog.PIIRedaction

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.High

// Config holds the analyzer's settings.
type Config struct {
	// RequirePolicies reports RedactPII true without RedactPIIPolicies.
	RequirePolicies bool
	// Policies are inserted by the suggested fix.
	Policies []string
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultPolicies are the policies the suggested fix inserts by default.
var DefaultPolicies = []string{"person_name", "phone_number", "email_address", "credit_card_number", "us_social_security_number"}

// DefaultConfig returns the default settings.
func DefaultConfig() Config {
	return Config{RequirePolicies: true, Policies: append([]string(nil), DefaultPolicies...)}
}

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings; its flags change its own
// copy of them.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     "redactpii",
		Doc:      analyzerdoc.MustExtract(doc, "redactpii"),
		URL:      "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/redactpii",
		Requires: []*analysis.Analyzer{transcripts.Analyzer},
		Run:      recovered.Run("redactpii", c.run),
	}
	a.Flags.BoolVar(&c.cfg.RequirePolicies, "require-policies", cfg.RequirePolicies, "report RedactPII true without RedactPIIPolicies")
	a.Flags.Var(settings.List{Values: &c.cfg.Policies}, "policies", "comma-separated PII policies the suggested fix inserts")
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

type checker struct{ cfg Config }

func (c *checker) run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[transcripts.Analyzer].(*transcripts.Result)
	ix := res.Index
	seen := map[ast.Node]bool{}
	for _, r := range res.Requests {
		if !r.Resolved || settings.SkipFile(pass.Fset, r.File, c.cfg.Tests) {
			continue
		}
		if r.Lit != nil {
			if seen[r.Lit] {
				continue // one literal passed to several calls: report it once
			}
			seen[r.Lit] = true
		}
		c.check(pass, ix, r)
	}
	return nil, nil
}

func (c *checker) check(pass *analysis.Pass, ix *resolve.Index, r *transcripts.Request) {
	info := pass.TypesInfo
	if r.Nil {
		d := analysis.Diagnostic{
			Pos: r.Arg.Pos(), End: r.Arg.End(), Category: Checklist,
			Message: fmt.Sprintf("%s with nil options: PII redaction is off; set RedactPII and RedactPIIPolicies (%s)", r.Describe(), Checklist),
		}
		if fix, ok := c.nilFix(pass, r); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
		return
	}
	_, hasRedact := r.Fields["redact_pii"]
	state := r.Bool(ix, "redact_pii")
	redactName := r.ParamName(info, "redact_pii")
	policiesName := r.ParamName(info, "redact_pii_policies")
	switch state {
	case resolve.Unknown:
		return // cannot tell: stay silent
	case resolve.False:
		verb := "without " + redactName
		if hasRedact {
			verb = "with " + redactName + " false"
		}
		d := analysis.Diagnostic{
			Pos: r.Pos(), End: r.End(), Category: Checklist,
			Message: fmt.Sprintf("%s %s: PII redaction is off; set %s true with %s (%s)", r.Describe(), verb, redactName, policiesName, Checklist),
		}
		if fix, ok := c.litFix(pass, r, true); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	case resolve.True:
		if !c.cfg.RequirePolicies {
			return
		}
		if r.List(info, "redact_pii_policies") != resolve.False {
			return // set to something non-empty, or to what we cannot see
		}
		d := analysis.Diagnostic{
			Pos: r.Pos(), End: r.End(), Category: Checklist,
			Message: fmt.Sprintf("%s sets %s without %s: the API requires at least one policy (%s)", r.Describe(), redactName, policiesName, Checklist),
		}
		if fix, ok := c.litFix(pass, r, false); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(d)
	}
}

// nilFix replaces nil options with a literal that enables redaction.
func (c *checker) nilFix(pass *analysis.Pass, r *transcripts.Request) (analysis.SuggestedFix, bool) {
	ptr, ok := r.OptionsType.(*types.Pointer)
	if !ok || len(c.cfg.Policies) == 0 {
		return analysis.SuggestedFix{}, false
	}
	typ, ok := edit.TypeString(ptr.Elem(), r.File, pass.Pkg)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	elems, ok := c.elems(pass, r, true, true)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := "&" + typ + "{" + strings.Join(elems, ", ") + "}"
	return analysis.SuggestedFix{
		Message:   "Pass options with PII redaction",
		TextEdits: []analysis.TextEdit{{Pos: r.Arg.Pos(), End: r.Arg.End(), NewText: []byte(text)}},
	}, true
}

// elems spells the RedactPII and RedactPIIPolicies elements to insert.
func (c *checker) elems(pass *analysis.Pass, r *transcripts.Request, redact, policies bool) ([]string, bool) {
	var out []string
	if redact {
		key, t, ok := r.FieldSpelling(pass.TypesInfo, "redact_pii")
		if !ok {
			return nil, false
		}
		v, ok := edit.TrueValue(t, r.File, pass.TypesInfo)
		if !ok {
			return nil, false
		}
		out = append(out, key+": "+v)
	}
	if policies {
		key, t, ok := r.FieldSpelling(pass.TypesInfo, "redact_pii_policies")
		if !ok || len(c.cfg.Policies) == 0 {
			return nil, false
		}
		v, ok := edit.StringList(t, r.File, pass.Pkg, c.cfg.Policies)
		if !ok {
			return nil, false
		}
		out = append(out, key+": "+v)
	}
	return out, true
}

// litFix turns redaction on in the options literal (when setRedact) and
// adds the policies when they are missing.
func (c *checker) litFix(pass *analysis.Pass, r *transcripts.Request, setRedact bool) (analysis.SuggestedFix, bool) {
	info := pass.TypesInfo
	var edits []analysis.TextEdit
	var inserts []string
	if setRedact {
		if f, ok := r.Fields["redact_pii"]; ok && f.Value != nil {
			_, t, ok := r.FieldSpelling(info, "redact_pii")
			if !ok {
				t = f.Type
			}
			v, ok := edit.TrueValue(t, r.File, info)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			edits = append(edits, analysis.TextEdit{Pos: f.Value.Pos(), End: f.Value.End(), NewText: []byte(v)})
		} else {
			e, ok := c.elems(pass, r, true, false)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			inserts = append(inserts, e...)
		}
	}
	if f, ok := r.Fields["redact_pii_policies"]; ok && f.Value != nil {
		if !transcripts.IsEmptyList(info, f.Value) {
			// Policies are set; only redaction was missing.
		} else {
			_, t, ok := r.FieldSpelling(info, "redact_pii_policies")
			if !ok {
				t = f.Type
			}
			v, ok := edit.StringList(t, r.File, pass.Pkg, c.cfg.Policies)
			if !ok || len(c.cfg.Policies) == 0 {
				return analysis.SuggestedFix{}, false
			}
			edits = append(edits, analysis.TextEdit{Pos: f.Value.Pos(), End: f.Value.End(), NewText: []byte(v)})
		}
	} else {
		e, ok := c.elems(pass, r, false, true)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		inserts = append(inserts, e...)
	}
	if len(inserts) == 1 && !setRedact {
		// Only the policies are missing: put them after RedactPII when
		// the literal itself sets it.
		if f, ok := r.Fields["redact_pii"]; ok && f.KV != nil && r.Lit != nil {
			edits = append(edits, edit.InsertAfter(pass.Fset, r.Lit, f.KV, inserts))
			inserts = nil
		}
	}
	if len(inserts) > 0 {
		if r.Lit == nil {
			return analysis.SuggestedFix{}, false // new(T): nothing to insert into
		}
		edits = append(edits, edit.InsertFields(pass.Fset, r.Lit, inserts))
	}
	if len(edits) == 0 {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "Enable PII redaction with a default policy list", TextEdits: edits}, true
}
