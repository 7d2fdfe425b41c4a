package hygiene

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// envRank orders environments by how much a leak of their key costs, so
// that a shared key is reported at its most sensitive place.
var envRank = map[string]int{"production": 0, "staging": 1, "qa": 2, "test": 3, "development": 4}

// keySite is one place an AssemblyAI key was found.
type keySite struct {
	env  string
	file string
	line int
}

// SeparateKeys compares the AssemblyAI keys in the env and config files of
// each environment (.env.development vs .env.production.local,
// config/staging.yaml vs config/prod.yaml), ignored local files included:
// the same key in two environments is a finding at the most sensitive one,
// with the other places in Also. Keys are compared by hash and never
// printed. With keys for fewer than two environments there is nothing to
// judge.
func SeparateKeys(in Input, r *Result) {
	t := in.Tree
	var files []worktree.File
	for _, f := range append(slices.Clone(t.Files), t.Ignored...) {
		if envfile.Environment(f.Path) != "" && !in.allowed(f.Path) {
			files = append(files, f)
		}
	}
	slices.SortFunc(files, func(a, b worktree.File) int { return strings.Compare(a.Path, b.Path) })
	byHash := map[string][]keySite{}
	var hashes []string // in order of first sight
	envFirst := map[string]keySite{}
	var envs []string
	for _, f := range files {
		content := in.read(f, r)
		if content == nil {
			continue
		}
		env := envfile.Environment(f.Path)
		for _, k := range in.keys(f.Path, content) {
			h := k.Secret.Hash()
			site := keySite{env, f.Path, k.Line}
			if _, ok := byHash[h]; !ok {
				hashes = append(hashes, h)
			}
			byHash[h] = append(byHash[h], site)
			if _, ok := envFirst[env]; !ok {
				envFirst[env] = site
				envs = append(envs, env)
			}
			r.usage(f.Path, k.Line, "AssemblyAI key for the %s environment", env)
		}
	}
	shared := 0
	for _, h := range hashes {
		sites := byHash[h]
		var inEnvs []string
		for _, s := range sites {
			if !slices.Contains(inEnvs, s.env) {
				inEnvs = append(inEnvs, s.env)
			}
		}
		if len(inEnvs) < 2 {
			continue
		}
		shared++
		slices.SortStableFunc(sites, func(a, b keySite) int { return envRank[a.env] - envRank[b.env] })
		slices.SortFunc(inEnvs, func(a, b string) int { return envRank[a] - envRank[b] })
		first := sites[0]
		var where []string
		for _, s := range sites {
			where = append(where, fmt.Sprintf("%s (%s:%d)", s.env, s.file, s.line))
		}
		f := newFinding(RuleSharedKey, first.file, first.line,
			fmt.Sprintf("the same AssemblyAI key is used for %s: %s; create a separate key per environment so a leak or revocation in one does not reach the others",
				strings.Join(inEnvs, " and "), strings.Join(where, ", ")))
		for _, s := range sites[1:] {
			f.Also = append(f.Also, finding.Location{File: s.file, Line: s.line})
		}
		// The fingerprint holds the key's hash, never the key; Secret stays
		// empty so that no report shows even its first characters.
		f.Fingerprint = finding.Fingerprint(f.Rule, f.File, h)
		r.Findings = append(r.Findings, f)
	}
	switch {
	case len(envs) == 0:
		r.Unknown[catalog.SeparateKeys] = "no per-environment env or config file holds an AssemblyAI key (keys kept only in a secrets manager cannot be compared)"
	case len(envs) == 1:
		s := envFirst[envs[0]]
		r.Unknown[catalog.SeparateKeys] = fmt.Sprintf("AssemblyAI keys found for one environment only (%s: %s); nothing to compare", s.env, s.file)
	case shared == 0:
		slices.SortFunc(envs, func(a, b string) int { return envRank[a] - envRank[b] })
		for _, e := range envs {
			s := envFirst[e]
			r.evidence(catalog.SeparateKeys, s.file, s.line, "the %s key differs from the keys of %s", e, strings.Join(others(envs, e), ", "))
		}
	}
}

func others(all []string, e string) []string {
	var out []string
	for _, x := range all {
		if x != e {
			out = append(out, x)
		}
	}
	return out
}
