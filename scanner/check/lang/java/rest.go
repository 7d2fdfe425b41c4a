package java

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

// rest recognises REST calls, each at the top of its call chain:
// HttpRequest.newBuilder()...POST(BodyPublishers.ofString(json)),
// new Request.Builder().url(u).post(RequestBody.create(..)) (OkHttp),
// Unirest.post(url).body(json), and RestTemplate's postForObject/Entity.
func (a *analyzer) rest(n *syntax.Node) {
	if p := n.Parent; p != nil && p.Kind == "method_invocation" && p.Get("object") == n {
		return // not the top of the chain
	}
	root, steps := a.chain(n)
	if root == nil || len(steps) == 0 {
		return
	}
	var url, method string
	var body *syntax.Node
	lib := ""
	switch {
	case a.text(root) == "HttpRequest" && steps[0].name == "newBuilder":
		lib, method = "HttpRequest", "GET"
	case root.Kind == "object_creation_expression" && strings.HasSuffix(a.text(root.Get("type")), "Request.Builder"):
		lib, method = "OkHttp Request", "GET"
	case a.text(root) == "Unirest":
		lib = "Unirest"
	case len(steps) == 1 && (steps[0].name == "postForObject" || steps[0].name == "postForEntity") && len(steps[0].args) >= 2:
		lib, method = a.text(root)+"."+steps[0].name, "POST"
		url = apicall.StrOrHole(a.eval(steps[0].args[0]))
		body = steps[0].args[1]
	default:
		return
	}
	for _, s := range steps {
		switch s.name {
		case "newBuilder", "uri", "url":
			if len(s.args) == 1 {
				url = apicall.StrOrHole(a.eval(s.args[0]))
			}
		case "POST", "PUT", "PATCH", "post", "put", "patch":
			method = strings.ToUpper(s.name)
			if lib == "Unirest" && len(s.args) >= 1 {
				url = apicall.StrOrHole(a.eval(s.args[0]))
			} else if len(s.args) == 1 {
				body = s.args[0]
			}
		case "DELETE", "delete", "GET", "get":
			method = strings.ToUpper(s.name)
			if lib == "Unirest" && len(s.args) >= 1 {
				url = apicall.StrOrHole(a.eval(s.args[0]))
			}
		case "method":
			if len(s.args) >= 1 {
				if m := a.eval(s.args[0]); m.Kind == facts.Str {
					method = strings.ToUpper(m.Str)
				} else {
					method = "?"
				}
			}
			if len(s.args) == 2 {
				body = s.args[1]
			}
		case "body":
			if len(s.args) == 1 {
				body = s.args[0]
			}
		}
	}
	if method == "" || url == "" {
		return
	}
	what := lib
	eval := func() facts.Value {
		if body == nil {
			return facts.Value{}
		}
		return apicall.JSONBody(a.eval(body))
	}
	for _, fv := range a.h.Fan(a.r, n, &a.ev, eval) {
		if !a.f.RESTVia(n, what, method, url, fv) {
			return
		}
	}
}
