// Package evidence defines an Analyzer that records what a package does
// right: the positive evidence that lets a checklist item pass, and where
// AssemblyAI is used at all. It reports nothing; `aaiguard check` reads its
// result.
package evidence

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/aaiguard/aaiguard/analyzers/internal/recovered"
	"github.com/aaiguard/aaiguard/analyzers/internal/resolve"
	"github.com/aaiguard/aaiguard/analyzers/internal/sdk"
	"github.com/aaiguard/aaiguard/analyzers/internal/settings"
	"github.com/aaiguard/aaiguard/analyzers/transcripts"
	"github.com/aaiguard/aaiguard/internal/keyname"
	"github.com/aaiguard/aaiguard/rules/catalog"
)

// Analyzer records positive evidence; its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "evidence",
	Doc:        "record positive evidence for the AssemblyAI security checklist and where AssemblyAI is used (reports nothing)",
	URL:        "https://pkg.go.dev/github.com/aaiguard/aaiguard/analyzers/evidence",
	Requires:   []*analysis.Analyzer{inspect.Analyzer, transcripts.Analyzer},
	Run:        recovered.Run("evidence", run),
	ResultType: reflect.TypeFor[*Result](),
}

// Item is one piece of evidence.
type Item struct {
	// Checklist is the checklist item it supports; "" for usage.
	Checklist string
	Pos       token.Pos
	What      string
}

// Result lists a package's evidence and usage.
type Result struct {
	Evidence []Item
	Usage    []Item
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	reqs := pass.ResultOf[transcripts.Analyzer].(*transcripts.Result)
	ix := reqs.Index
	res := &Result{}
	add := func(id string, pos token.Pos, format string, a ...any) {
		if isTest(pass, pos) {
			return // tests do not show what production code does
		}
		res.Evidence = append(res.Evidence, Item{id, pos, fmt.Sprintf(format, a...)})
	}
	for _, r := range reqs.Requests {
		if !r.Resolved || r.Nil {
			continue
		}
		if r.Bool(ix, "redact_pii") == resolve.True && r.List(pass.TypesInfo, "redact_pii_policies") != resolve.False {
			add(catalog.PIIRedaction, r.Pos(), "%s with PII redaction and policies", r.Describe())
		}
		if r.Bool(ix, "content_safety") == resolve.True {
			add(catalog.ContentSafety, r.Pos(), "%s with content safety", r.Describe())
		}
		if r.Set(ix, "webhook_url") && r.Set(ix, "webhook_auth_header_name") && r.Set(ix, "webhook_auth_header_value") {
			add(catalog.WebhookAuth, r.Pos(), "%s with a webhook auth header", r.Describe())
		}
	}
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.ImportSpec)(nil), (*ast.BasicLit)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.ImportSpec:
			if p, err := strconv.Unquote(n.Path.Value); err == nil && sdk.IsPath(p) {
				res.Usage = append(res.Usage, Item{"", n.Pos(), "imports " + sdk.Path})
			}
		case *ast.BasicLit:
			// Only literals that are a URL, host or path count: prose
			// (a message that mentions the API) is not use of it.
			v, err := strconv.Unquote(n.Value)
			if n.Kind != token.STRING || err != nil || strings.ContainsFunc(v, unicode.IsSpace) {
				continue
			}
			if h := sdk.Host(v); h != "" {
				res.Usage = append(res.Usage, Item{"", n.Pos(), "AssemblyAI host " + h})
			}
			if tokenEndpoint.MatchString(v) && !isTest(pass, n.Pos()) && (sdk.Host(v) != "" || joinedWithHost(pass, ix, cur)) {
				add(catalog.BrowserTokens, n.Pos(), "temporary token endpoint %s", v)
			}
		case *ast.CallExpr:
			evidenceCall(pass, ix, n, add)
		}
	}
	return res, nil
}

// tokenEndpoint matches the temporary token endpoints: Universal Streaming
// (v3) and the legacy v2 realtime one, as a URL or a path.
var tokenEndpoint = regexp.MustCompile(`(?i)^((https|wss)://([a-z0-9-]+\.)*assemblyai\.com)?/(v3/token|v2/realtime/token)\b`)

// joinedWithHost reports whether a bare token path ("/v3/token") is joined
// to an AssemblyAI base URL: base + "/v3/token" or url.JoinPath(base, …).
// A path on its own may be a pattern or a comparison (a scanner's own
// source), not a request.
func joinedWithHost(pass *analysis.Pass, ix *resolve.Index, cur inspector.Cursor) bool {
	hostIn := func(e ast.Expr) bool {
		s, ok := ix.ConstString(e)
		return ok && sdk.Host(s) != ""
	}
	lit := cur.Node().(ast.Expr)
	switch p := cur.Parent().Node().(type) {
	case *ast.BinaryExpr:
		if p.Op == token.ADD && p.Y == lit {
			return hostIn(p.X)
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(pass.TypesInfo, p).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "net/url" && fn.Name() == "JoinPath" && len(p.Args) > 1 {
			return hostIn(p.Args[0])
		}
	}
	return false
}

func isTest(pass *analysis.Pass, pos token.Pos) bool { return settings.IsTestFile(pass.Fset, pos) }

func evidenceCall(pass *analysis.Pass, ix *resolve.Index, call *ast.CallExpr, add func(string, token.Pos, string, ...any)) {
	fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if !ok {
		return
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	switch {
	case pkg == "os" && (fn.Name() == "Getenv" || fn.Name() == "LookupEnv") && len(call.Args) == 1:
		if name, ok := ix.ConstString(call.Args[0]); ok && keyname.Is(name) {
			add(catalog.EnvKey, call.Pos(), "API key read from the environment (os.%s(%q))", fn.Name(), name)
		}
	case sdk.IsFunc(fn, "NewClientWithOptions"):
		for _, a := range call.Args {
			if c, ok := ast.Unparen(a).(*ast.CallExpr); ok {
				if f, ok := typeutil.Callee(pass.TypesInfo, c).(*types.Func); ok && sdk.IsFunc(f, "WithAPIKey") {
					return
				}
			}
		}
		if call.Ellipsis.IsValid() {
			return
		}
		add(catalog.EnvKey, call.Pos(), "SDK client takes the key from $ASSEMBLYAI_API_KEY (NewClientWithOptions without WithAPIKey)")
	case sdk.IsMethod(fn, "RealTimeService", "CreateTemporaryToken"):
		add(catalog.BrowserTokens, call.Pos(), "temporary streaming token minted on the server (RealTime.CreateTemporaryToken)")
	case sdk.IsFunc(fn, "WithRealTimeAuthToken"):
		add(catalog.BrowserTokens, call.Pos(), "streaming client authenticated with a temporary token (WithRealTimeAuthToken)")
	case sdk.IsMethod(fn, "TranscriptService", "Delete"):
		add(catalog.Retention, call.Pos(), "transcript deleted after use (Transcripts.Delete)")
	case pkg == "crypto/subtle" && fn.Name() == "ConstantTimeCompare" || pkg == "crypto/hmac" && fn.Name() == "Equal":
		// The receiving side of webhook-auth: a handler comparing a request
		// header with the secret in constant time.
		for _, a := range call.Args {
			if readsHeader(pass.TypesInfo, a) {
				add(catalog.WebhookAuth, call.Pos(), "webhook handler compares a request header in constant time (%s.%s)", fn.Pkg().Name(), fn.Name())
				return
			}
		}
	case pkg == "net/http" && (fn.Name() == "NewRequest" || fn.Name() == "NewRequestWithContext"):
		args := call.Args
		if fn.Name() == "NewRequestWithContext" && len(args) > 0 {
			args = args[1:]
		}
		if len(args) < 2 {
			return
		}
		if m, ok := ix.ConstString(args[0]); ok && strings.EqualFold(m, "DELETE") && mentions(pass.TypesInfo, args[1], "/v2/transcript") {
			add(catalog.Retention, call.Pos(), "transcript deleted after use (DELETE /v2/transcript)")
		}
	}
}

// readsHeader reports whether e contains a call of (net/http.Header).Get,
// as in []byte(r.Header.Get("X-Webhook-Secret")).
func readsHeader(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Name() == "Get" && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" {
				if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// mentions reports whether a constant part of e (e itself, or an operand
// of a concatenation or fmt.Sprintf) contains s.
func mentions(info *types.Info, e ast.Expr, s string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok {
			if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && strings.Contains(constant.StringVal(tv.Value), s) {
				found = true
			}
		}
		return !found
	})
	return found
}
