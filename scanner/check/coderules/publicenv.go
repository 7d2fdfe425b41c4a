package coderules

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/aaiguard/aaiguard/scanner/check/lang/facts"
	"github.com/aaiguard/aaiguard/scanner/check/lang/syntax"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// EnvExposure is one file's use of an AssemblyAI key variable whose name
// has a browser-exposed prefix (NEXT_PUBLIC_ASSEMBLYAI_API_KEY): a read in
// code or a definition in a .env file.
type EnvExposure struct {
	Name string
	// Locs are the places in the file, in order.
	Locs    []Loc
	Columns []int
	// Browser is set when the file is browser code (Why says why).
	Browser bool
	Why     string
	// Definition is set for a .env file, which defines the variable.
	Definition bool
}

// publicEnv records the file's browser-exposed key variables (one
// EnvExposure per name) and reports one finding per name. Merge groups
// them across files into one finding per variable.
func (j *judger) publicEnv(sites []facts.Site, browser bool, why string, definition bool) {
	byName := map[string]*EnvExposure{}
	var order []string
	for _, s := range sites {
		line, col := j.line(s.Pos)
		if bytes.Contains(syntax.LineOf(j.src, line), []byte(detect.AllowMarker)) {
			continue
		}
		name := envNameOf(s)
		e := byName[name]
		if e == nil {
			e = &EnvExposure{Name: name, Browser: browser, Why: why, Definition: definition}
			byName[name] = e
			order = append(order, name)
		}
		if slices.Contains(e.Locs, Loc{j.path, line}) {
			continue
		}
		e.Locs = append(e.Locs, Loc{j.path, line})
		e.Columns = append(e.Columns, col)
	}
	for _, name := range order {
		e := *byName[name]
		j.res.PublicEnv = append(j.res.PublicEnv, e)
		if j.res.publicEnvAt == nil {
			j.res.publicEnvAt = map[int]string{}
		}
		j.res.publicEnvAt[len(j.res.Findings)] = name
		j.res.Findings = append(j.res.Findings, publicEnvFinding(name, []EnvExposure{e}))
	}
}

// publicEnvFinding is the one finding for a variable: at a read in browser
// code when there is one (that is where the key ships), else at a read in
// code, else at its definition; every other place is a related location.
// The message says what is true of the places seen.
func publicEnvFinding(name string, exps []EnvExposure) finding.Finding {
	slices.SortStableFunc(exps, func(a, b EnvExposure) int { return cmp.Compare(a.Locs[0].File, b.Locs[0].File) })
	pick := -1
	for _, want := range []func(EnvExposure) bool{
		func(e EnvExposure) bool { return e.Browser },
		func(e EnvExposure) bool { return !e.Definition },
		func(EnvExposure) bool { return true },
	} {
		for i, e := range exps {
			if want(e) {
				pick = i
				break
			}
		}
		if pick >= 0 {
			break
		}
	}
	primary := exps[pick]
	var also []finding.Location
	reads, defs := 0, 0
	for i, e := range exps {
		if e.Definition {
			defs++
		} else {
			reads++
		}
		for k, l := range e.Locs {
			if i == pick && k == 0 {
				continue
			}
			also = append(also, finding.Location{File: l.File, Line: l.Line})
		}
	}
	prefix := facts.PublicPrefix(name)
	var msg string
	switch {
	case primary.Browser:
		msg = fmt.Sprintf("%s is read in browser code (%s): its %s prefix makes the framework inline the AssemblyAI key into the client bundle. "+
			"Keep the key in a server-only variable (ASSEMBLYAI_API_KEY) and give browsers temporary tokens", name, primary.Why, prefix)
	default:
		where := "read only in server code here"
		switch {
		case reads == 0:
			where = "defined in " + primary.Locs[0].File + ", not read by any code scanned"
		case defs > 0:
			where = "read only in server code here, and defined in an env file"
		}
		msg = fmt.Sprintf("%s holds the AssemblyAI key under the browser-exposed prefix %s (%s): the framework inlines such a variable into any client code that reads it. "+
			"Rename it to a server-only variable (ASSEMBLYAI_API_KEY) and give browsers temporary tokens", name, prefix, where)
	}
	if len(also) > 0 {
		msg += fmt.Sprintf(" (also named in %d other place(s))", len(also))
	}
	r := RuleByID(BrowserPublicEnvKey)
	l := primary.Locs[0]
	f := finding.Finding{Rule: r.ID, Checklist: r.Checklist, Severity: r.Severity, Message: msg,
		File: l.File, Line: l.Line, Column: primary.Columns[0], Source: finding.SourceCode, Also: also}
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, "public-env:"+name)
	return f
}

// Merge returns the findings of one scan's results, with what needs more
// than one file: the findings about browser-exposed key variables grouped
// across files (one finding per variable, the other places as related
// locations, finding.Also), and browser code that fetches a route of the
// repository returning the raw key. Results keep their order; a grouped
// finding takes the place of its primary location's.
func Merge(results []*Result) []finding.Finding {
	byName := map[string][]EnvExposure{}
	for _, r := range results {
		if r == nil {
			continue
		}
		for _, e := range r.PublicEnv {
			byName[e.Name] = append(byName[e.Name], e)
		}
	}
	grouped := map[string]finding.Finding{}
	for name, exps := range byName {
		grouped[name] = publicEnvFinding(name, slices.Clone(exps))
	}
	fetched := keyFetchFindings(results)
	var out []finding.Finding
	for _, r := range results {
		if r == nil {
			continue
		}
		out = append(out, fetched[r]...)
		for i, f := range r.Findings {
			name, ok := r.publicEnvAt[i]
			if !ok {
				out = append(out, f)
				continue
			}
			if g, ok := grouped[name]; ok && g.File == f.File && g.Line == f.Line {
				out = append(out, g)
				delete(grouped, name)
			}
		}
	}
	return out
}
