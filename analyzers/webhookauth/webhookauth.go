package webhookauth

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/analyzers/transcripts"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item of the analyzer's diagnostics.
const Checklist = catalog.WebhookAuth

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.High

// Config holds the analyzer's settings.
type Config struct {
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultConfig returns the default settings.
func DefaultConfig() Config { return Config{} }

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     "webhookauth",
		Doc:      analyzerdoc.MustExtract(doc, "webhookauth"),
		URL:      "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/webhookauth",
		Requires: []*analysis.Analyzer{transcripts.Analyzer},
		Run:      recovered.Run("webhookauth", c.run),
	}
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

type checker struct{ cfg Config }

func (c *checker) run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[transcripts.Analyzer].(*transcripts.Result)
	ix := res.Index
	seen := map[ast.Node]bool{}
	for _, r := range res.Requests {
		if !r.Resolved || r.Nil || settings.SkipFile(pass.Fset, r.File, c.cfg.Tests) {
			continue
		}
		if r.Lit != nil {
			if seen[r.Lit] {
				continue
			}
			seen[r.Lit] = true
		}
		if !r.Set(ix, "webhook_url") {
			continue
		}
		if !r.Set(ix, "webhook_auth_header_name") || !r.Set(ix, "webhook_auth_header_value") {
			info := pass.TypesInfo
			pass.Report(analysis.Diagnostic{
				Pos: r.Pos(), End: r.End(), Category: Checklist,
				Message: fmt.Sprintf("%s sets %s without %s and %s: anyone who learns the URL can send fake notifications (%s)",
					r.Describe(), r.ParamName(info, "webhook_url"), r.ParamName(info, "webhook_auth_header_name"),
					r.ParamName(info, "webhook_auth_header_value"), Checklist),
			})
		}
		s, isConst := r.String(ix, "webhook_url")
		if !isConst || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "http://") {
			continue
		}
		// Report at the URL's own expression where there is one.
		var at ast.Node = r.Arg
		var target ast.Expr
		if f := r.Fields["webhook_url"]; f.Value != nil {
			target = f.Value
			if p := ix.Pointee(f.Value); p != nil {
				target = p
			}
			at = target
		}
		d := analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: Checklist,
			Message: fmt.Sprintf("webhook URL %q uses http://: the auth header and transcript id travel in clear text (%s)", s, Checklist),
		}
		if lit, ok := ast.Unparen(target).(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if i := strings.Index(strings.ToLower(lit.Value), "http://"); i >= 0 {
				pos := lit.Pos() + token.Pos(i)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Use https",
					TextEdits: []analysis.TextEdit{{Pos: pos, End: pos + token.Pos(len("http://")), NewText: []byte("https://")}},
				}}
			}
		}
		pass.Report(d)
	}
	return nil, nil
}
