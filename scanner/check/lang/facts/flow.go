package facts

import (
	"fmt"
	"maps"

	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// The bounds of value flow through helpers: the call sites followed per
// function, and the helpers of helpers.
const (
	MaxCallSites = 16
	MaxFlowDepth = 3
)

// FlowNote is a file's note when a bound cut the flow short.
func FlowNote() string {
	return fmt.Sprintf("values passed to helpers were followed through at most %d call sites and %d nested helpers; the rest stays unknown", MaxCallSites, MaxFlowDepth)
}

// Context is one calling context of a helper: the parameters' values of
// the helpers on the way (by function node) and the call sites they came
// through, innermost first.
type Context struct {
	Bind map[*syntax.Node]map[string]Value
	Via  []Site
}

// Flow follows a helper's parameters to the helper's call sites in the same
// file, for a front end whose evaluation depends on a calling context
// (JS/TS, Python): Ev, Bind and Via point at the analyzer's evaluator and
// current context, which Within swaps; the functions describe its grammar.
type Flow struct {
	Ev      *Evaluator
	Bind    *map[*syntax.Node]map[string]Value
	Via     *[]Site
	Limited *bool // set when a bound cut the flow short
	// CallSites returns the calls of fn in the file (at most MaxCallSites,
	// and one more when there are more) and how a call's arguments bind to
	// fn's parameters, evaluated in the current context.
	CallSites func(fn *syntax.Node) (calls []*syntax.Node, bind func(call *syntax.Node) map[string]Value)
	// Enclosing returns the function around n, or nil.
	Enclosing func(n *syntax.Node) *syntax.Node
	// UsesParams reports whether n uses a parameter of fn.
	UsesParams func(n, fn *syntax.Node) bool
	// Site is the site a context records for a call.
	Site func(call *syntax.Node) Site
}

// Contexts enumerates fn's calling contexts in the file, following a
// caller's own parameters up to MaxFlowDepth helpers, at most MaxCallSites
// contexts.
func (fl Flow) Contexts(fn *syntax.Node, depth int) []Context {
	if depth >= MaxFlowDepth {
		*fl.Limited = true
		return nil
	}
	var out []Context
	calls, bind := fl.CallSites(fn)
	for _, call := range calls {
		outer := []Context{{Bind: *fl.Bind}}
		if g := fl.Enclosing(call); g != nil && g != fn && fl.UsesParams(call.Get("arguments"), g) {
			if oc := fl.Contexts(g, depth+1); len(oc) > 0 {
				outer = oc
			}
		}
		for _, oc := range outer {
			if len(out) == MaxCallSites {
				*fl.Limited = true // a context is left out
				return out
			}
			var vals map[string]Value
			fl.Within(oc, func() { vals = bind(call) })
			b := make(map[*syntax.Node]map[string]Value, len(oc.Bind)+1)
			maps.Copy(b, oc.Bind)
			b[fn] = vals
			out = append(out, Context{Bind: b, Via: append([]Site{fl.Site(call)}, oc.Via...)})
		}
	}
	return out
}

// Within runs f in a calling context, with a fresh memo: values depend on
// the bindings.
func (fl Flow) Within(c Context, f func()) {
	saveEv, saveBind, saveVia := *fl.Ev, *fl.Bind, *fl.Via
	*fl.Ev, *fl.Bind, *fl.Via = Evaluator{}, c.Bind, c.Via
	defer func() { *fl.Ev, *fl.Bind, *fl.Via = saveEv, saveBind, saveVia }()
	f()
}

// Each runs visit once per context and gives the requests and tokens each
// run adds to out that context's call sites.
func (fl Flow) Each(out *File, ctxs []Context, visit func()) {
	for _, c := range ctxs {
		fl.Within(c, func() {
			nr, nt := len(out.Requests), len(out.Tokens)
			visit()
			for i := nr; i < len(out.Requests); i++ {
				out.Requests[i].Via = c.Via
			}
			for i := nt; i < len(out.Tokens); i++ {
				out.Tokens[i].Via = c.Via
			}
		})
	}
}

// DedupeSites drops the repeats in each list, keeping the first of each
// site: a visit per calling context repeats what does not depend on it
// (an API call, a deletion: one place each).
func DedupeSites(lists ...*[]Site) {
	for _, sites := range lists {
		seen := map[Site]bool{}
		kept := (*sites)[:0]
		for _, s := range *sites {
			if !seen[s] {
				seen[s] = true
				kept = append(kept, s)
			}
		}
		*sites = kept
	}
}
