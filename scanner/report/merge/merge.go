// Package merge combines aaiguard JSON reports written by separate runs
// (shards of one repository's history, sub-directories of a monorepo, or
// the repositories of an organisation scanned by a CI matrix) into one
// report, which any writer can then render (JSON, SARIF, JUnit, …).
//
//   - Findings are deduplicated by fingerprint + file + commit (the
//     fingerprint is rule + path + secret hash); duplicates keep the worst
//     severity, the strongest verification and every "also" location.
//   - Summaries add up (files, bytes, commits, blobs, durations); notes,
//     skips and errors are kept, prefixed with the report they came from.
//     A shard with errors makes the merged report incomplete: it exits 2,
//     like the shard did.
//   - Checklist items: the worst status wins — fail, then warn, then pass,
//     then unknown. Unknown is the weakest because a shard that never sees
//     AssemblyAI (a repository or directory without it) says nothing about
//     the others; a single failing shard fails the item.
//   - With PrefixPaths (shards of different repositories, whose paths would
//     collide), every path is prefixed with the shard's name.
package merge

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/internal/errtext"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// Shard is one report to merge and the name it is known by (its file name).
type Shard struct {
	Name   string
	Report *report.Report
}

// Load reads and validates the JSON report at path. Errors name the file.
func Load(path string) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rep, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// Parse reads one JSON report (report.ReadJSON) and checks what a merge
// relies on: every finding has a rule and a known severity, every
// checklist item a known status.
func Parse(data []byte) (*report.Report, error) {
	rep, err := report.ReadJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	for i, f := range rep.Findings {
		if f.Rule == "" {
			return nil, fmt.Errorf("finding %d: no rule", i+1)
		}
		if !f.Severity.Valid() {
			return nil, fmt.Errorf("finding %d: unknown severity %q", i+1, f.Severity)
		}
	}
	for _, c := range rep.Checklist {
		if statusRank(c.Status) < 0 {
			return nil, fmt.Errorf("checklist item %q: unknown status %q", c.ID, c.Status)
		}
	}
	return rep, nil
}

// ShardName is the name a report file is known by in a merge: its base
// name without .json.
func ShardName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), ".json")
}

// Options control Merge.
type Options struct {
	// PrefixPaths prefixes every path with "<shard name>/".
	PrefixPaths bool
	// ShowSecrets keeps secrets as the shards wrote them; otherwise a
	// secret a shard wrote in full (--show-secrets) is redacted again.
	ShowSecrets bool
}

// Merge combines shards into one report. It does not modify them.
func Merge(shards []Shard, opts Options) *report.Report {
	out := &report.Report{
		Tool:     report.Tool{Name: "aaiguard"},
		Findings: []finding.Finding{},
		Summary:  &report.Summary{},
	}
	// Paths in a report are relative to its scanned root; summary.repoPath
	// places that root in its repository (SARIF needs repository paths).
	// Shards that agree keep it; otherwise each shard's paths are made
	// repository-relative.
	common := ""
	if len(shards) > 0 && shards[0].Report.Summary != nil {
		common = shards[0].Report.Summary.RepoPath
	}
	for _, sh := range shards {
		if sh.Report.Summary == nil || sh.Report.Summary.RepoPath != common {
			common = ""
		}
	}
	out.Summary.RepoPath = common
	var versions, commands []string
	index := map[string]int{}
	items := map[string]*itemAcc{}
	var itemOrder []string
	for _, sh := range shards {
		r := sh.Report
		if !slices.Contains(versions, r.Tool.Version) {
			versions = append(versions, r.Tool.Version)
		}
		repoPath := ""
		if r.Summary != nil && common == "" {
			repoPath = r.Summary.RepoPath
		}
		prefix := func(p string) string {
			if repoPath != "" {
				p = strings.TrimSuffix(repoPath+"/"+p, "/")
			}
			if !opts.PrefixPaths {
				return p
			}
			if p == "" {
				return sh.Name
			}
			return sh.Name + "/" + p
		}
		for _, f := range r.Findings {
			f.File = prefix(f.File)
			f.Also = slices.Clone(f.Also)
			for i := range f.Also {
				f.Also[i].File = prefix(f.Also[i].File)
			}
			if !opts.ShowSecrets {
				f.Secret = reRedact(f.Secret)
			}
			k := key(f)
			if i, ok := index[k]; ok {
				combine(&out.Findings[i], f)
				continue
			}
			index[k] = len(out.Findings)
			out.Findings = append(out.Findings, f)
		}
		for _, c := range r.Checklist {
			acc, ok := items[c.ID]
			if !ok {
				acc = &itemAcc{res: checklist.Result{ID: c.ID, Title: c.Title, Status: checklist.Unknown, Remediation: c.Remediation}, byStatus: map[checklist.Status][]string{}}
				items[c.ID] = acc
				itemOrder = append(itemOrder, c.ID)
			}
			acc.add(sh.Name, c, prefix)
		}
		if s := r.Summary; s != nil {
			if !slices.Contains(commands, s.Command) {
				commands = append(commands, s.Command)
			}
			addSummary(out.Summary, s, sh.Name, prefix)
		}
	}
	slices.SortStableFunc(out.Findings, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Commit, b.Commit))
	})
	for _, id := range itemOrder {
		out.Checklist = append(out.Checklist, items[id].result(len(shards)))
	}
	out.Tool.Version = strings.Join(versions, ", ")
	if len(versions) > 1 {
		out.Summary.Notes = append(out.Summary.Notes, "the reports were written by different aaiguard versions: "+out.Tool.Version)
	}
	switch len(commands) {
	case 0:
		out.Summary.Command = "merge"
	case 1:
		out.Summary.Command = commands[0]
	default:
		out.Summary.Command = "merge (" + strings.Join(commands, ", ") + ")"
	}
	out.Summary.Notes = append(out.Summary.Notes, fmt.Sprintf("merged %d report%s", len(shards), plural(len(shards))))
	return out
}

func key(f finding.Finding) string {
	id := f.Fingerprint
	if id == "" { // not written by aaiguard's JSON writer; be conservative
		id = fmt.Sprintf("%s:%d:%d:%s", f.Rule, f.Line, f.Column, f.Message)
	}
	return id + "\x00" + f.File + "\x00" + f.Commit
}

// combine folds a duplicate into the kept finding.
func combine(kept *finding.Finding, dup finding.Finding) {
	if dup.Severity.Rank() > kept.Severity.Rank() {
		kept.Severity, kept.Message = dup.Severity, dup.Message
	}
	if verificationRank(dup.Verification) > verificationRank(kept.Verification) {
		kept.Verification = dup.Verification
	}
	for _, a := range dup.Also {
		if !slices.Contains(kept.Also, a) {
			kept.Also = append(kept.Also, a)
		}
	}
}

func verificationRank(v string) int {
	switch v {
	case "live":
		return 3
	case "invalid":
		return 2
	case "unknown":
		return 1
	}
	return 0
}

// reRedact returns a secret that prints redacted: a value a shard wrote in
// full (with --show-secrets) is wrapped as a raw secret, whose printed
// form is redacted unless the merge itself shows secrets.
func reRedact(s finding.Secret) finding.Secret {
	shown := s.String()
	if shown == "" || isRedacted(shown) {
		return s
	}
	return finding.NewSecret(shown)
}

func isRedacted(s string) bool {
	if strings.Trim(s, "*") == "" {
		return true
	}
	r := []rune(s)
	return len(r) <= 5 && r[len(r)-1] == '…'
}

// statusRank orders checklist statuses for "worst wins"; -1 is invalid.
func statusRank(s checklist.Status) int {
	switch s {
	case checklist.Unknown:
		return 0
	case checklist.Pass:
		return 1
	case checklist.Warn:
		return 2
	case checklist.Fail:
		return 3
	}
	return -1
}

const maxEvidence = 20

type itemAcc struct {
	res      checklist.Result
	byStatus map[checklist.Status][]string // shard names
	reasons  []string
	evidence []string
	more     int
}

func (a *itemAcc) add(shard string, c checklist.Result, prefix func(string) string) {
	a.byStatus[c.Status] = append(a.byStatus[c.Status], shard)
	a.res.Findings += c.Findings
	a.res.Errors += c.Errors
	a.res.Warnings += c.Warnings
	a.res.Baselined += c.Baselined
	for _, id := range c.Rules {
		if !slices.Contains(a.res.Rules, id) {
			a.res.Rules = append(a.res.Rules, id)
		}
	}
	slices.Sort(a.res.Rules)
	if statusRank(c.Status) > statusRank(a.res.Status) {
		a.res.Status = c.Status
		a.reasons = nil
	}
	if c.Status == a.res.Status && c.Reason != "" {
		a.reasons = append(a.reasons, shard+": "+c.Reason)
	}
	if a.res.Title == "" {
		a.res.Title = c.Title
	}
	if a.res.Remediation == "" {
		a.res.Remediation = c.Remediation
	}
	for _, e := range c.Evidence {
		if len(a.evidence) >= maxEvidence {
			a.more++
			continue
		}
		// Evidence lines are "path:line: what".
		a.evidence = append(a.evidence, prefix(e))
	}
}

func (a *itemAcc) result(shards int) checklist.Result {
	r := a.res
	var parts []string
	for _, st := range []checklist.Status{checklist.Fail, checklist.Warn, checklist.Pass, checklist.Unknown} {
		if n := len(a.byStatus[st]); n > 0 {
			parts = append(parts, fmt.Sprintf("%s in %d", st, n))
		}
	}
	r.Reason = fmt.Sprintf("%s of %d reports", strings.Join(parts, ", "), shards)
	if len(a.reasons) > 0 {
		r.Reason += "; " + strings.Join(a.reasons, "; ")
	}
	r.Evidence = slices.Clone(a.evidence)
	if a.more > 0 {
		r.Evidence = append(r.Evidence, fmt.Sprintf("… and %d more", a.more))
	}
	return r
}

func addSummary(dst, s *report.Summary, shard string, prefix func(string) string) {
	dst.FilesScanned += s.FilesScanned
	dst.FilesProvenClean += s.FilesProvenClean
	dst.BytesScanned += s.BytesScanned
	dst.SkippedBinary += s.SkippedBinary
	dst.Commits += s.Commits
	dst.Blobs += s.Blobs
	dst.Baselined += s.Baselined
	dst.DurationMS += s.DurationMS
	dst.Shallow = dst.Shallow || s.Shallow
	dst.Partial = dst.Partial || s.Partial
	if s.HistoryScope != "" && !strings.Contains(dst.HistoryScope, s.HistoryScope) {
		dst.HistoryScope = strings.TrimPrefix(dst.HistoryScope+"; "+s.HistoryScope, "; ")
	}
	for _, sk := range s.SkippedLarge {
		sk.Path = prefix(sk.Path)
		dst.SkippedLarge = append(dst.SkippedLarge, sk)
	}
	for _, n := range s.Notes {
		dst.Notes = append(dst.Notes, shard+": "+n)
	}
	for _, e := range s.Errors {
		// A shard written by an older aaiguard may hold a key in an error.
		dst.Errors = append(dst.Errors, shard+": "+errtext.Clean(e))
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
