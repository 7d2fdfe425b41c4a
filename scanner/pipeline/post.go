package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/post/verify"
)

// foldHistory reports a key found both in the work tree and in the
// history once (finding.FoldHistory).
func foldHistory(r *Run) error {
	r.rep.Findings = finding.FoldHistory(r.rep.Findings)
	return nil
}

// dropDuplicateKeys drops the Go analyzers' key findings that the secret
// engine made on the same line (finding.DropDuplicateKeys).
func dropDuplicateKeys(r *Run) error {
	r.rep.Findings = finding.DropDuplicateKeys(r.rep.Findings)
	return nil
}

// applyContentSafety replaces the per-request content-safety findings of
// every check with one repository-level finding, unless the configuration
// declares the audio user-generated (coderules.ContentSafetyPolicy).
func applyContentSafety(r *Run) error {
	r.rep.Findings = coderules.ContentSafetyPolicy(r.rep.Findings, r.cfg.UserGeneratedAudio)
	return nil
}

// judgeRetention is the repository-level retention judgement. It runs
// after every check, so that deletions found by any of them (the Go
// analyzers' Transcripts.Delete as well as the code rules') count: a
// repository that creates transcripts and has no retention evidence gets
// one warning.
func judgeRetention(r *Run) error {
	if len(r.evidence[catalog.Retention]) > 0 {
		return nil
	}
	locs := slices.Clone(r.transcribes)
	// Transcription requests seen by other checks (the Go analyzers report
	// PII and content-safety findings on them).
	for _, f := range r.rep.Findings {
		if f.Source != finding.SourceCode && (f.Checklist == catalog.PIIRedaction || f.Checklist == catalog.ContentSafety) && f.File != "" {
			locs = append(locs, coderules.Loc{File: f.File, Line: f.Line})
		}
	}
	if len(locs) == 0 {
		return nil
	}
	// One request may have several findings (go-redactpii and
	// go-contentsafety on the same call): count it once.
	locs = slices.Compact(sortedLocs(locs))
	f := coderules.RetentionFinding(locs[0], len(locs))
	if r.cfg.Disabled[f.Rule] {
		return nil
	}
	// Earlier stages' findings are grouped by file; insert after the last
	// one of the same file so that text reports keep one group per file.
	at := len(r.rep.Findings)
	for i, g := range r.rep.Findings {
		if g.File == f.File {
			at = i + 1
		}
	}
	r.rep.Findings = slices.Insert(r.rep.Findings, at, f)
	return nil
}

// applyBaseline hides the findings of --baseline; the checklist counts
// them in its reasons instead of grading them.
func applyBaseline(r *Run) error {
	if r.baseline == nil {
		return nil
	}
	var hidden []finding.Finding
	r.rep.Findings, hidden = r.baseline.Split(r.rep.Findings)
	r.baselined = append(r.baselined, hidden...)
	r.rep.Summary.Baselined += len(hidden)
	return nil
}

// verifiableRule is the rule whose secrets are AssemblyAI API keys and may
// therefore be sent to AssemblyAI. A key found by any other rule (a user's
// own rule for another vendor) is never sent anywhere; and even for this
// rule only key-shaped values are sent (package verify).
const verifiableRule = "assemblyai-api-key"

// checkVerifyOptions validates --api-base-url before any scanning work,
// so that a typo is a usage error at once rather than after a long
// history scan.
func checkVerifyOptions(r *Run) error {
	if r.opts.Verify == nil {
		return nil
	}
	if _, err := verify.ParseBaseURL(r.opts.Verify.BaseURL); err != nil {
		return &UsageError{err}
	}
	return nil
}

// verifyKeys asks AssemblyAI whether each key found is live (--verify).
// It runs after the baseline: keys it hid are known and accepted, and a
// key is sent nowhere without need.
func verifyKeys(r *Run) error {
	vo := r.opts.Verify
	if vo == nil {
		return nil
	}
	v, err := verify.New(verify.Options{BaseURL: vo.BaseURL, UserAgent: vo.UserAgent})
	if err != nil {
		return &UsageError{err}
	}
	sum := v.Findings(r.ctx, r.rep.Findings, func(f *finding.Finding) bool {
		return f.Rule == verifiableRule
	})
	r.note("%s", verifyNote(sum, v.Base()))
	return nil
}

// verifyNote summarises --verify in one line. An unknown result is a note,
// never an error: with the network down the scan still completes and the
// exit code comes from the findings alone.
func verifyNote(s verify.Summary, base string) string {
	if s.Keys == 0 {
		return "--verify: no AssemblyAI key to check"
	}
	var parts []string
	if s.Live > 0 {
		parts = append(parts, fmt.Sprintf("%d live (rotate now)", s.Live))
	}
	if s.Invalid > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected (revoked or invalid)", s.Invalid))
	}
	if s.Unknown > 0 {
		parts = append(parts, fmt.Sprintf("%d unknown: %s", s.Unknown, strings.Join(s.Reasons, ", ")))
	}
	keys := "keys"
	if s.Keys == 1 {
		keys = "key"
	}
	return fmt.Sprintf("--verify: %d %s checked with %s: %s", s.Keys, keys, base, strings.Join(parts, "; "))
}

// gradeChecklist grades the nine checklist items from everything the
// earlier stages found. Findings hidden by --baseline are accepted by the
// user: they do not fail their item, and its reason counts them.
func gradeChecklist(r *Run) error {
	doubt := map[string]string{}
	for id, why := range r.doubt {
		doubt[id] = strings.Join(why, "; ")
	}
	r.rep.Checklist = checklist.Grade(checklist.Input{
		Findings:   r.rep.Findings,
		Baselined:  r.baselined,
		Evidence:   r.evidence,
		Usage:      r.usage,
		Unknown:    r.unknown,
		HistoryGap: historyGap(r),
		Doubt:      doubt,
		DoubtAll:   strings.Join(r.doubtAll, "; "),
	})
	return nil
}

// historyGap says why the git history was not (fully) checked for keys,
// or "" when it was or there is none: env-key cannot pass with a gap, since
// a key deleted from the work tree stays in every clone of a commit.
func historyGap(r *Run) string {
	repo := r.repo
	if repo == nil {
		return ""
	}
	if _, err := repo.Head(); errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "" // no commits yet
	}
	s := r.rep.Summary
	switch {
	case r.historyUnread != "":
		return r.historyUnread
	case s.Shallow:
		return "the clone is shallow: commits before its depth were not checked for keys (fetch the full history)"
	case s.Partial:
		return "the clone is partial: objects left on the promisor remote were not checked for keys (clone without --filter)"
	case s.HistoryScope != "":
		return "only part of the git history was checked for keys (" + s.HistoryScope + "): a key in another commit stays in every clone (run aaiguard history, or check without a history scope)"
	case s.Commits == 0:
		return "the git history was not checked for keys: a key removed from the work tree stays in old commits"
	}
	return ""
}
