package coderules

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// A route that returns the raw key is a finding where it returns it
// (aai-browser-key-returned). When browser code of the same repository
// fetches that route, the key reaches every visitor: Merge reports the
// fetch too, naming the route, so the fix is seen from both ends.

type routeLoc struct {
	path string
	loc  Loc
	col  int
	what string
}

// fileRoute returns the URL path a file serves by its place in the tree
// (Next.js app/ route handlers and pages/api, SvelteKit +server, Nuxt
// server/api and server/routes), or "".
func fileRoute(p string) string {
	dir, base := path.Split(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	segs := strings.Split(strings.Trim(dir, "/"), "/")
	last := func(marker string) int {
		for i := len(segs) - 1; i >= 0; i-- {
			if segs[i] == marker {
				return i
			}
		}
		return -1
	}
	join := func(parts []string) string {
		var kept []string
		for _, s := range parts {
			if s == "" || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
				continue // Next.js route groups
			}
			kept = append(kept, s)
		}
		return "/" + strings.Join(kept, "/")
	}
	switch {
	case stem == "route":
		if i := last("app"); i >= 0 {
			return join(segs[i+1:])
		}
	case stem == "+server":
		if i := last("routes"); i >= 0 {
			return join(segs[i+1:])
		}
	}
	if i := last("pages"); i >= 0 && i+1 < len(segs)+1 {
		rest := segs[i+1:]
		if len(rest) > 0 && rest[0] == "api" {
			if stem != "index" {
				rest = append(rest, stem)
			}
			return join(rest)
		}
	}
	if i := last("server"); i >= 0 && i+1 < len(segs) && (segs[i+1] == "api" || segs[i+1] == "routes") {
		rest := segs[i+1:]
		if segs[i+1] == "routes" {
			rest = segs[i+2:]
		}
		stem = methodSuffix.ReplaceAllString(stem, "")
		if stem != "index" {
			rest = append(rest, stem)
		}
		return join(rest)
	}
	return ""
}

// methodSuffix is Nuxt's server/api/x.get.ts method suffix.
var methodSuffix = regexp.MustCompile(`\.(get|post|put|patch|delete|head|options)$`)

// routes records a file's key routes and, in browser code, its fetches of
// the app's own paths.
func (j *judger) routes(f *facts.File, browser bool, why string) {
	file := fileRoute(j.path)
	for _, r := range f.KeyRoutes {
		line, col := j.line(r.Pos)
		j.res.keyRoutes = append(j.res.keyRoutes, routeLoc{path: r.Path, loc: Loc{j.path, line}, col: col, what: r.What})
	}
	if file != "" && len(f.KeyRoutes) == 0 {
		for _, s := range f.KeyResponses {
			line, col := j.line(s.Pos)
			j.res.keyRoutes = append(j.res.keyRoutes, routeLoc{path: file, loc: Loc{j.path, line}, col: col, what: s.What})
		}
	}
	if !browser {
		return
	}
	j.res.why = why
	for _, r := range f.Fetches {
		line, col := j.line(r.Pos)
		j.res.fetches = append(j.res.fetches, routeLoc{path: r.Path, loc: Loc{j.path, line}, col: col, what: r.What})
	}
}

// samePath compares a fetched path with a route path, ignoring a query, a
// trailing slash and a base URL the fetch took from elsewhere.
func samePath(fetched, route string) bool {
	if i := strings.IndexAny(fetched, "?#"); i >= 0 {
		fetched = fetched[:i]
	}
	fetched, route = strings.TrimSuffix(fetched, "/"), strings.TrimSuffix(route, "/")
	return fetched != "" && fetched == route
}

// keyFetchFindings links browser fetches to routes that return the key.
func keyFetchFindings(results []*Result) map[*Result][]finding.Finding {
	var routes []routeLoc
	for _, r := range results {
		if r != nil {
			routes = append(routes, r.keyRoutes...)
		}
	}
	out := map[*Result][]finding.Finding{}
	if len(routes) == 0 {
		return out
	}
	rule := RuleByID(BrowserAPIKey)
	for _, r := range results {
		if r == nil {
			continue
		}
		for _, fe := range r.fetches {
			for _, rt := range routes {
				if !samePath(fe.path, rt.path) {
					continue
				}
				f := finding.Finding{Rule: rule.ID, Checklist: rule.Checklist, Severity: rule.Severity, File: fe.loc.File, Line: fe.loc.Line, Column: fe.col,
					Source: finding.SourceCode, Also: []finding.Location{{File: rt.loc.File, Line: rt.loc.Line, Note: "the route that returns the key"}},
					Message: fmt.Sprintf("browser code (%s) fetches %s, whose server route (%s:%d) returns the raw AssemblyAI API key: the key reaches every visitor. Return a temporary token from that route instead", r.why, fe.path, rt.loc.File, rt.loc.Line)}
				f.Fingerprint = finding.Fingerprint(f.Rule, f.File, "fetches-key-route:"+fe.path)
				out[r] = append(out[r], f)
				break
			}
		}
	}
	return out
}
