package finding

import "github.com/aaiguard/aaiguard/rules/catalog"

// FoldHistory reports a secret found both in the work tree and in the
// history once: the work-tree finding (where the key is now, with the
// current line) stays, and each history finding of the same rule and
// secret becomes one of its Also locations (file, line, commit, date of the
// commit that introduced it). A work-tree finding in the same file is
// preferred; otherwise the one in the first file by path. A history
// finding whose secret is no longer in the work tree stays a finding of its
// own: the key must still be rotated. fs is not modified.
func FoldHistory(fs []Finding) []Finding {
	type key struct{ rule, secret string }
	out := make([]Finding, len(fs))
	copy(out, fs)
	current := map[key]int{}     // -> index of the work-tree finding
	samePath := map[string]int{} // rule, file, secret -> index
	for i, f := range out {
		if f.Source != SourceWorktree {
			continue
		}
		h := f.Secret.Hash()
		if h == "" {
			continue
		}
		k := key{f.Rule, h}
		if j, ok := current[k]; !ok || out[j].File > f.File {
			current[k] = i
		}
		samePath[f.Rule+"\x00"+f.File+"\x00"+h] = i
	}
	drop := map[int]bool{}
	for i, f := range out {
		if f.Source != SourceHistory {
			continue
		}
		h := f.Secret.Hash()
		j, ok := samePath[f.Rule+"\x00"+f.File+"\x00"+h]
		if !ok {
			j, ok = current[key{f.Rule, h}]
		}
		if !ok {
			continue
		}
		out[j].Also = append(out[j].Also[:len(out[j].Also):len(out[j].Also)], Location{File: f.File, Line: f.Line, Commit: f.Commit, Date: f.Date})
		drop[i] = true
	}
	if len(drop) == 0 {
		return out
	}
	kept := make([]Finding, 0, len(out)-len(drop))
	for i, f := range out {
		if !drop[i] {
			kept = append(kept, f)
		}
	}
	return kept
}

// DropDuplicateKeys drops a code check's finding about a hard-coded key (a
// Go analyzer's, or the code rules' aai-hardcoded-key) when the secret
// scanner reported the key on the same line of the work tree: the secret
// finding carries the (redacted) key, so it can be verified, baselined by
// content and matched with history; the code finding would say the same
// thing twice; the places the code check said the key reaches become the
// secret finding's Also. fs is not modified.
func DropDuplicateKeys(fs []Finding) []Finding {
	type pos struct {
		file string
		line int
	}
	secrets := map[pos]bool{}
	for _, f := range fs {
		if f.Checklist == catalog.EnvKey && !f.Secret.IsZero() && f.Commit == "" {
			secrets[pos{f.File, f.Line}] = true
		}
	}
	dup := func(f Finding) bool {
		return (f.Source == SourceGo || f.Source == SourceCode) && f.Checklist == catalog.EnvKey && f.Secret.IsZero() && secrets[pos{f.File, f.Line}]
	}
	// The places the key reaches (the code check's related locations)
	// stay with the secret finding.
	also := map[pos][]Location{}
	for _, f := range fs {
		if dup(f) {
			also[pos{f.File, f.Line}] = append(also[pos{f.File, f.Line}], f.Also...)
		}
	}
	kept := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if dup(f) {
			continue
		}
		p := pos{f.File, f.Line}
		if a := also[p]; len(a) > 0 && !f.Secret.IsZero() && f.Checklist == catalog.EnvKey && f.Commit == "" {
			f.Also = append(f.Also[:len(f.Also):len(f.Also)], a...)
			delete(also, p)
		}
		kept = append(kept, f)
	}
	return kept
}
