package main

import "github.com/aaiguard/aaiguard/scanner/finding"

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
		if f.Checklist == "env-key" && !f.Secret.IsZero() && f.Commit == "" {
			secrets[pos{f.File, f.Line}] = true
		}
	}
	dup := func(f finding.Finding) bool {
		return f.Source == finding.SourceGo && f.Checklist == "env-key" && f.Secret.IsZero() && secrets[pos{f.File, f.Line}]
	}
	// The places the key reaches (the analyzer's related information) stay
	// with the secret finding.
	also := map[pos][]finding.Location{}
	for _, f := range rc.rep.Findings {
		if dup(f) {
			also[pos{f.File, f.Line}] = append(also[pos{f.File, f.Line}], f.Also...)
		}
	}
	kept := make([]finding.Finding, 0, len(rc.rep.Findings))
	for _, f := range rc.rep.Findings {
		if dup(f) {
			continue
		}
		if a := also[pos{f.File, f.Line}]; len(a) > 0 && !f.Secret.IsZero() && f.Checklist == "env-key" {
			f.Also = append(f.Also, a...)
			delete(also, pos{f.File, f.Line})
		}
		kept = append(kept, f)
	}
	rc.rep.Findings = kept
	return nil
}
