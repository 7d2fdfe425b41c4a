package ruby

import (
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/apicall"
	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
)

var httpVerbs = map[string]string{"post": "POST", "get": "GET", "delete": "DELETE", "put": "PUT", "patch": "PATCH",
	"Post": "POST", "Get": "GET", "Delete": "DELETE", "Put": "PUT", "Patch": "PATCH"}

// rest recognises REST calls: Net::HTTP::Post.new(uri, headers) with its
// body set later, Net::HTTP.post(uri, body), HTTParty.post(url, body:),
// RestClient.post(url, payload), and Faraday connections.
func (a *analyzer) rest(n *syntax.Node, parts []string) {
	m := last(parts, 1)
	recv := n.Get("receiver")
	pos, kw, _ := a.args(n)
	name := strings.Join(parts, ".")
	switch {
	case m == "new" && strings.HasPrefix(last(parts, 2), "Net::HTTP::") && len(pos) > 0:
		method := httpVerbs[strings.TrimPrefix(last(parts, 2), "Net::HTTP::")]
		if method == "" {
			return
		}
		url := apicall.StrOrHole(a.eval(pos[0]))
		for _, fv := range a.h.Fan(a.r, n, &a.ev, func() facts.Value { return a.netHTTPBody(n) }) {
			a.record(n, last(parts, 2), method, url, fv)
		}
		a.headers(pos[1:])
	case len(parts) == 2 && parts[0] == "Net::HTTP" && (m == "post" || m == "post_form") && len(pos) > 0:
		url := apicall.StrOrHole(a.eval(pos[0]))
		var body func() facts.Value
		if len(pos) > 1 {
			body = func() facts.Value { return a.body(pos[1]) }
		}
		a.fan(n, name, "POST", url, body)
		a.headers(pos[2:])
	case httpVerbs[m] != "" && strings.ToLower(m) == m:
		base, ok := a.clientBase(recv, n)
		if !ok || len(pos) == 0 {
			return
		}
		url := facts.Join(base, apicall.StrOrHole(a.eval(pos[0])))
		var body func() facts.Value
		switch {
		case kw["body"] != nil:
			b := kw["body"]
			body = func() facts.Value { return a.body(b) }
		case len(pos) > 1:
			b := pos[1]
			body = func() facts.Value { return a.body(b) }
		default:
			if blk := n.Get("block"); blk != nil {
				body = func() facts.Value { return a.blockBody(blk) }
			}
		}
		a.fan(n, name, httpVerbs[m], url, body)
		if h := kw["headers"]; h != nil {
			a.headers([]*syntax.Node{h})
		}
	}
}

// fan records a REST call, once per call of the helper it is in when its
// body depends on the helper's parameters.
func (a *analyzer) fan(n *syntax.Node, what, method, url string, body func() facts.Value) {
	if body == nil {
		a.record(n, what, method, url, apicall.Flowed{})
		return
	}
	for _, fv := range a.h.Fan(a.r, n, &a.ev, body) {
		a.record(n, what, method, url, fv)
	}
}

func (a *analyzer) record(n *syntax.Node, what, method, url string, fv apicall.Flowed) {
	a.f.RESTVia(n, what, method, url, fv)
}

// body is a request body: a hash (Faraday's JSON middleware), hash.to_json,
// JSON.generate(hash), or a JSON string.
func (a *analyzer) body(n *syntax.Node) facts.Value {
	return apicall.JSONBody(a.eval(n))
}

// netHTTPBody finds the body of a Net::HTTP request object: req.body = x
// (or req.set_form_data(h)) after the request is built, in the same scope.
func (a *analyzer) netHTTPBody(newCall *syntax.Node) facts.Value {
	asg := newCall.Parent
	if asg == nil || asg.Kind != "assignment" || asg.Get("left") == nil {
		return facts.Value{}
	}
	name := a.text(asg.Get("left"))
	s := a.r.ScopeOf(asg)
	var body facts.Value
	found := false
	syntax.Walk(s, func(m *syntax.Node) bool {
		if m.Start < asg.End || found {
			return m.Contains(asg) || m.Start >= asg.End
		}
		if m.Kind == "assignment" {
			if l := m.Get("left"); l != nil && l.Kind == "call" && a.text(l.Get("receiver")) == name && a.text(l.Get("method")) == "body" {
				body, found = a.body(m.Get("right")), true
				return false
			}
		}
		if m.Kind == "call" && a.text(m.Get("receiver")) == name && a.text(m.Get("method")) == "set_form_data" {
			if pos, _, _ := a.args(m); len(pos) > 0 {
				body, found = a.eval(pos[0]), true
			}
		}
		return true
	})
	return body
}

// blockBody finds req.body = x in conn.post(path) do |req| ... end.
func (a *analyzer) blockBody(blk *syntax.Node) facts.Value {
	var body facts.Value
	syntax.Walk(blk, func(m *syntax.Node) bool {
		if m.Kind == "assignment" {
			if l := m.Get("left"); l != nil && l.Kind == "call" && a.text(l.Get("method")) == "body" {
				body = a.body(m.Get("right"))
			}
		}
		return true
	})
	return body
}

// headers looks for a literal key in the Authorization header of a
// headers hash given by name.
func (a *analyzer) headers(ns []*syntax.Node) {
	for _, h := range ns {
		if h == nil || h.Kind == "hash" || h.Kind == "pair" {
			continue // a literal hash is seen where it is written
		}
		if v := a.eval(h); v.Kind == facts.Obj {
			for _, k := range v.Obj.Keys {
				if strings.EqualFold(k, "authorization") {
					a.f.Key(v.Obj.Vals[k], h, "Authorization header")
				}
			}
		}
	}
}

// clientBase tells whether the receiver of a verb call is an HTTP client
// and returns its base URL: HTTParty and RestClient (none), a Faraday
// connection (its url:), a class that includes HTTParty (its base_uri).
func (a *analyzer) clientBase(recv, call *syntax.Node) (string, bool) {
	for i := 0; i < 6; i++ {
		switch {
		case recv == nil || recv.Kind == "self" || recv.Kind == "call" && a.text(recv) == "self.class":
			return a.httpartyBase(call)
		case recv.Kind == "constant" && (a.text(recv) == "HTTParty" || a.text(recv) == "RestClient" || a.text(recv) == "Faraday"):
			return "", true
		case recv.Kind == "call":
			parts := a.chain(recv)
			if len(parts) == 2 && parts[0] == "Faraday" && parts[1] == "new" {
				pos, kw, _ := a.args(recv)
				if u := kw["url"]; u != nil {
					return apicall.StrOrHole(a.eval(u)), true
				}
				if len(pos) > 0 {
					return apicall.StrOrHole(a.eval(pos[0])), true
				}
				return facts.Hole, true
			}
			return "", false
		case recv.Kind == "identifier" || recv.Kind == "instance_variable" || recv.Kind == "constant":
			var d *syntax.Node
			if recv.Kind == "instance_variable" {
				d = a.ivar(recv, a.text(recv))
			} else if o, ok := a.r.Lookup(recv, a.text(recv)); ok {
				d = o.Value
			}
			if d == nil {
				return "", false
			}
			recv = d
		default:
			return "", false
		}
	}
	return "", false
}

// httpartyBase handles post(...) and self.class.post(...) in a class that
// includes HTTParty: the base is its base_uri.
func (a *analyzer) httpartyBase(call *syntax.Node) (string, bool) {
	cls := call.Ancestor("class", "module")
	if cls == nil {
		return "", false
	}
	includes, base := false, facts.Hole
	syntax.Walk(cls, func(m *syntax.Node) bool {
		if m.Kind != "call" || m.Get("receiver") != nil {
			return true
		}
		pos, _, _ := a.args(m)
		switch a.text(m.Get("method")) {
		case "include":
			if len(pos) == 1 && a.text(pos[0]) == "HTTParty" {
				includes = true
			}
		case "base_uri":
			if len(pos) > 0 {
				base = apicall.StrOrHole(a.eval(pos[0]))
			}
		}
		return true
	})
	return base, includes
}
