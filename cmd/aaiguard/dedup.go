package main

import (
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

func init() {
	registerStage(stage{name: "duplicates", order: 81, commands: []string{"scan", "check"}, run: dedupStage})
}

// dedupStage drops a code finding about a hard-coded key (go-hardcodedkey)
// when the secret scanner reported the key on the same line: the secret
// finding carries the (redacted) key, so it can be verified, baselined by
// content and matched with history; the code finding would say the same
// thing twice.
func dedupStage(rc *runCtx) error {
	type pos struct {
		file string
		line int
	}
	secrets := map[pos]bool{}
	for _, f := range rc.rep.Findings {
		if f.Checklist == catalog.EnvKey && !f.Secret.IsZero() && f.Commit == "" {
			secrets[pos{f.File, f.Line}] = true
		}
	}
	kept := rc.rep.Findings[:0]
	for _, f := range rc.rep.Findings {
		if f.Source == finding.SourceGo && f.Checklist == catalog.EnvKey && f.Secret.IsZero() && secrets[pos{f.File, f.Line}] {
			continue
		}
		kept = append(kept, f)
	}
	rc.rep.Findings = kept
	return nil
}
