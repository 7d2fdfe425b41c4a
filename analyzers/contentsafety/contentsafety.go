package contentsafety

import (
	_ "embed"
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/analyzers/internal/analyzerdoc"
	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/analyzers/transcripts"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

//go:embed doc.go
var doc string

// Checklist is the security checklist item of the analyzer's diagnostics.
const Checklist = catalog.ContentSafety

// Severity is the severity of its findings in aaiguard's reports.
const Severity = catalog.Medium

// Config holds the analyzer's settings.
type Config struct {
	// Enable turns the analyzer on; it is off by default.
	Enable bool
	// Tests also checks _test.go files.
	Tests bool
}

// DefaultConfig returns the default settings (off).
func DefaultConfig() Config { return Config{} }

// Analyzer is the analyzer with its default settings, configured by flags.
var Analyzer = New(DefaultConfig())

// New returns an analyzer with the given settings.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     "contentsafety",
		Doc:      analyzerdoc.MustExtract(doc, "contentsafety"),
		URL:      "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/contentsafety",
		Requires: []*analysis.Analyzer{transcripts.Analyzer},
		Run:      recovered.Run("contentsafety", c.run),
	}
	a.Flags.BoolVar(&c.cfg.Enable, "enable", cfg.Enable, "report transcription requests without content safety (off by default)")
	a.Flags.BoolVar(&c.cfg.Tests, "tests", cfg.Tests, settings.TestsUsage)
	return a
}

type checker struct{ cfg Config }

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if !c.cfg.Enable {
		return nil, nil
	}
	res := pass.ResultOf[transcripts.Analyzer].(*transcripts.Result)
	seen := map[ast.Node]bool{}
	for _, r := range res.Requests {
		if !r.Resolved || settings.SkipFile(pass.Fset, r.File, c.cfg.Tests) {
			continue
		}
		if r.Lit != nil {
			if seen[r.Lit] {
				continue
			}
			seen[r.Lit] = true
		}
		if r.Bool(res.Index, "content_safety") != resolve.False {
			continue
		}
		what := "without " + r.ParamName(pass.TypesInfo, "content_safety")
		if r.Nil {
			what = "with nil options"
		}
		pass.Report(analysis.Diagnostic{
			Pos: r.Pos(), End: r.End(), Category: Checklist,
			Message: fmt.Sprintf("%s %s: user-generated audio is not screened for sensitive content (%s)", r.Describe(), what, Checklist),
		})
	}
	return nil, nil
}
