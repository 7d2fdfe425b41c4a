package history

import (
	"bytes"
	"cmp"
	"fmt"
	"path"

	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// What is pushed besides the files of commits: commit messages, annotated
// tags' messages, and blobs or trees a tag names directly (git push --tags
// publishes them; git.git tags its signing key's blob). Each is scanned
// and its findings attributed to the commit or the tag ref.

// message is the message of a commit or tag object: what follows the
// blank line that ends the headers (a signature's lines are headers: their
// continuation lines start with a space, an empty one is " ").
func message(b []byte) []byte {
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		return b[i+2:]
	}
	return nil
}

// scanMessage returns the findings in a commit or tag message (most have
// no keyword: a cheap test first).
func scanMessage(e *detect.Engine, msg []byte) []finding.Finding {
	if len(msg) == 0 || e.KeywordFree(msg) {
		return nil
	}
	return e.Scan(detect.Item{Content: msg})
}

// messageFindings appends the findings of commit c's message, once per
// (rule, secret) over all messages.
func messageFindings(res *Result, e *detect.Engine, fs []finding.Finding, c commit, seen map[string]bool) {
	for _, f := range fs {
		if len(e.FilterPath([]finding.Finding{f})) == 0 {
			continue
		}
		key := f.Rule + "\x00" + f.Secret.Reveal()
		if seen[key] {
			continue
		}
		seen[key] = true
		f.File = ""
		f.Message += " (in the commit message)"
		res.Findings = append(res.Findings, attributed(f, c))
	}
}

// tagRef is a ref that reaches annotated tag objects or names something
// other than a commit.
type tagRef struct {
	ref    string
	tags   []gitobj.Hash // annotated tag objects followed, outermost first
	target gitobj.Hash   // what they peel to
	typ    gitobj.Type
}

// scanTags scans the selected refs' annotated tag messages and the blobs
// and trees refs name directly; reached, when set, is told every blob so
// scanned (the full pass then does not report it as unreachable).
func scanTags(rd *gitobj.Reader, e *detect.Engine, refs []tagRef, limit int64, res *Result, reached func(gitobj.Hash)) {
	seen := map[string]bool{}
	add := func(f finding.Finding, commitHash gitobj.Hash, where string) {
		if len(e.FilterPath([]finding.Finding{f})) == 0 {
			return
		}
		key := f.Rule + "\x00" + f.File + "\x00" + f.Secret.Reveal()
		if seen[key] {
			return
		}
		seen[key] = true
		f.Source = finding.SourceHistory
		if !commitHash.IsZero() {
			f.Commit = commitHash.String()
		} else {
			f.Remediation = "Rotate this key in the AssemblyAI dashboard now: the object holding it is named by a tag, which git push --tags publishes (and a clone fetches); " +
				"then delete the tag (git tag -d, and git push --delete origin TAG where it was pushed) and read the key from the ASSEMBLYAI_API_KEY environment variable or your platform's secrets manager."
		}
		f.Message += " (" + where + ")"
		f.SetEvidence(f.Secret.Reveal())
		res.Findings = append(res.Findings, f)
	}
	for _, r := range refs {
		var peeledCommit gitobj.Hash
		if r.typ == gitobj.CommitObject {
			peeledCommit = r.target
		}
		for _, th := range r.tags {
			_, b, err := rd.Read(th)
			if err != nil {
				res.Errors = append(res.Errors, fmt.Errorf("%s: tag %s: %w", r.ref, th, err))
				continue
			}
			for _, f := range scanMessage(e, message(b)) {
				f.File = ""
				add(f, peeledCommit, fmt.Sprintf("in the message of annotated tag %s, object %s", r.ref, th))
			}
		}
		switch r.typ {
		case gitobj.BlobObject:
			where := fmt.Sprintf("in blob %s, which %s names: git push --tags publishes it", r.target, r.ref)
			for _, f := range scanTaggedBlob(rd, e, r.target, "", limit, res, r.ref) {
				add(f, gitobj.Hash{}, where)
			}
			if reached != nil {
				reached(r.target)
			}
		case gitobj.TreeObject:
			where := fmt.Sprintf("in tree %s, which %s names: git push --tags publishes it", r.target, r.ref)
			walkTaggedTree(rd, e, r.target, "", 0, limit, res, r.ref, func(f finding.Finding) { add(f, gitobj.Hash{}, where) }, reached)
		}
	}
}

// scanTaggedBlob scans one blob a tag names (p: its path in a tagged tree).
func scanTaggedBlob(rd *gitobj.Reader, e *detect.Engine, h gitobj.Hash, p string, limit int64, res *Result, ref string) []finding.Finding {
	if p != "" && e.PathAllowed(p) {
		return nil
	}
	t, b, size, err := rd.ReadLimited(h, limit)
	switch {
	case err != nil:
		res.Errors = append(res.Errors, fmt.Errorf("%s: blob %s: %w", ref, h, err))
		return nil
	case t != gitobj.BlobObject:
		res.Errors = append(res.Errors, fmt.Errorf("%s: object %s is a %s, not a blob", ref, h, t))
		return nil
	case b == nil && size > 0:
		res.TooLarge = append(res.TooLarge, Skipped{Path: cmp.Or(p, h.String()), Size: size,
			Reason: fmt.Sprintf("blob %s (named by %s) is larger than the %d-byte limit (--max-file-size)", h, ref, limit)})
		return nil
	case detect.IsBinary(b):
		return nil
	}
	// (Not counted in the summary's blobs, which are the blobs trees name
	// in the history: the full pass's count, and its record's, stay those.)
	fs := e.Scan(detect.Item{Path: p, Content: b})
	for i := range fs {
		fs[i].File = p
	}
	return fs
}

// walkTaggedTree scans every blob under a tree a tag names (depth bounded
// as git's own trees are, by the path length git accepts).
func walkTaggedTree(rd *gitobj.Reader, e *detect.Engine, h gitobj.Hash, dir string, depth int, limit int64, res *Result, ref string, found func(finding.Finding), reached func(gitobj.Hash)) {
	if depth > maxTaggedDepth {
		res.Errors = append(res.Errors, fmt.Errorf("%s: tree %s at %s: nested more than %d levels, not read", ref, h, dir, maxTaggedDepth))
		return
	}
	t, b, err := rd.Read(h)
	if err == nil && t != gitobj.TreeObject {
		err = fmt.Errorf("object is a %s, not a tree", t)
	}
	if err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("%s: tree %s: %w", ref, h, err))
		return
	}
	l, err := parseTreeList(b)
	if err != nil {
		res.Errors = append(res.Errors, fmt.Errorf("%s: tree %s: %w", ref, h, err))
		return
	}
	for _, ent := range l.entries {
		if !safeName(ent.name) {
			res.Notes = append(res.Notes, unsafeNameNote(h, ent.name))
			continue
		}
		p := path.Join(dir, ent.name)
		switch {
		case gitobj.IsSubmodule(ent.mode):
			res.Submodules++
		case gitobj.IsDir(ent.mode):
			walkTaggedTree(rd, e, ent.hash, p, depth+1, limit, res, ref, found, reached)
		default:
			for _, f := range scanTaggedBlob(rd, e, ent.hash, p, limit, res, ref) {
				found(f)
			}
			if reached != nil {
				reached(ent.hash)
			}
		}
	}
}

// maxTaggedDepth bounds the directories followed under a tagged tree.
const maxTaggedDepth = 4096
