package coderules

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// ContentSafetyPolicy applies the content-safety policy to the findings of
// a whole scan (code rules, Go analyzers, any front end). Content safety
// matters for user-generated audio, and a repository cannot say whether its
// audio is: unless the configuration declares it ([audio] userGenerated =
// true in .aaiguard.toml), the per-request content-safety findings are
// replaced by ONE repository-level finding at the first request, with the
// other requests as related locations. Declared user-generated, every
// request keeps its own finding. Findings keep their order; the
// repository-level one takes the first request's place.
func ContentSafetyPolicy(fs []finding.Finding, userGenerated bool) []finding.Finding {
	if userGenerated {
		return fs
	}
	var calls []finding.Finding
	for _, f := range fs {
		if f.Checklist == catalog.ContentSafety && f.File != "" {
			calls = append(calls, f)
		}
	}
	if len(calls) == 0 {
		return fs
	}
	sorted := slices.Clone(calls)
	slices.SortStableFunc(sorted, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	first := sorted[0]
	var also []finding.Location
	seen := map[Loc]bool{{first.File, first.Line}: true}
	for _, f := range sorted[1:] {
		if l := (Loc{f.File, f.Line}); !seen[l] {
			seen[l] = true
			also = append(also, finding.Location{File: f.File, Line: f.Line})
		}
	}
	r := RuleByID(ContentSafety)
	g := finding.Finding{Rule: r.ID, Checklist: r.Checklist, Severity: r.Severity, File: first.File, Line: first.Line, Column: first.Column,
		Source: finding.SourceCode, Also: also,
		Message: fmt.Sprintf("%d transcription request(s) without content_safety, and the repository does not say whether its audio is user-generated. "+
			"If your users supply the audio (uploads, calls, meetings), set content_safety: true and act on content_safety_labels, "+
			"and declare it in .aaiguard.toml ([audio] userGenerated = true) to get one finding per request; "+
			"if they do not, disable the rule ([extend] disabledRules = [%q])", len(seen), r.ID)}
	// One judgement about the repository: its fingerprint stays while
	// requests are added or moved within the file.
	g.Fingerprint = finding.Fingerprint(g.Rule, g.File, "content-safety-unknown-audio")
	out := make([]finding.Finding, 0, len(fs)-len(calls)+1)
	placed := false
	for _, f := range fs {
		switch {
		case f.Checklist != catalog.ContentSafety || f.File == "":
			out = append(out, f)
		case !placed && f.File == first.File && f.Line == first.Line && f.Rule == first.Rule && f.Column == first.Column:
			out = append(out, g)
			placed = true
		}
	}
	return out
}
