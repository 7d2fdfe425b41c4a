package pipeline

import (
	"bytes"
	"errors"
	"path"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// adviseKeys words the remediation of each AssemblyAI key finding for where
// the key was found. Whether it must be rotated at once depends on that: a
// key in a commit is in every clone for good, while one only staged, in an
// untracked file or outside git has not left the machine through git. The
// facts are the finding's (its source, its commit, the commits it was also
// seen in), whether git tracks the file, and whether HEAD's version of the
// file holds the key.
func adviseKeys(r *Run) error {
	h := &headFiles{r: r}
	for i := range r.rep.Findings {
		f := &r.rep.Findings[i]
		if f.Rule != verifiableRule {
			continue
		}
		if f.Source == finding.SourceHistory && f.Commit == "" && f.Remediation != "" {
			continue // (a key in an object no commit reaches: the source's own advice)
		}
		f.Remediation = keyAdvice(r, h, f)
	}
	return nil
}

// The end of every piece of advice: where the key belongs.
const readFromEnv = "read it from the ASSEMBLYAI_API_KEY environment variable or your platform's secrets manager"

func keyAdvice(r *Run, h *headFiles, f *finding.Finding) string {
	if c := commitOf(f); c != "" {
		return "Rotate this key in the AssemblyAI dashboard now: it is in the git history (commit " + short(c) +
			"), which every clone keeps even after the line is deleted; then " + readFromEnv + "."
	}
	if r.repo == nil || r.repo.WorkTree == "" {
		return "This key is in a file outside any git repository: " + readFromEnv +
			" instead, and rotate it in the AssemblyAI dashboard if the file was copied or shared."
	}
	repoRel := path.Join(historyPrefix(r.repo.WorkTree, r.tree.Root), f.File)
	switch h.holds(repoRel, f.Secret.Reveal()) {
	case headHolds:
		return "Rotate this key in the AssemblyAI dashboard now: it is committed (" + repoRel +
			" at HEAD), so every clone has it even after the line is deleted; then " + readFromEnv + "."
	case headTooLarge:
		return "Rotate this key in the AssemblyAI dashboard unless you know it was never committed: HEAD's " + repoRel +
			" is too large to check here (aaiguard history tells); then " + readFromEnv + "."
	}
	switch {
	case f.Source == finding.SourceStaged:
		return "This key is staged for the next commit, not committed yet: take it out of " + f.File +
			" and stage that (git add), then " + readFromEnv + "; rotate it only if it was copied or shared anywhere else."
	case h.tracked(f.File):
		where := "in a change to a file git tracks, not in the last commit (HEAD)"
		if !h.hasHead || r.command == CommandCheck && historyGap(r) == "" && len(r.rep.Summary.Errors) == 0 {
			where = "in a file git tracks, in no commit yet" // no commit at all, or the whole history was checked
		}
		return "This key is " + where + ": take it out before committing and " + readFromEnv +
			"; rotate it in the AssemblyAI dashboard if an older commit holds it (aaiguard history finds it) or it was shared."
	default:
		return "This key is in a file git does not track yet, which `git add .` would commit: move it to an env file that " +
			".gitignore covers, or " + readFromEnv + "; rotate it if the file was copied or shared."
	}
}

// commitOf is a commit that holds the finding's key: its own (a history
// finding) or one it was also seen in (a work-tree key folded with the
// commit that introduced it).
func commitOf(f *finding.Finding) string {
	if f.Commit != "" {
		return f.Commit
	}
	for _, a := range f.Also {
		if a.Commit != "" {
			return a.Commit
		}
	}
	return ""
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// headFiles reads files of HEAD's tree, once it is needed.
type headFiles struct {
	r       *Run
	files   map[string]bool // work-tree path -> tracked
	loaded  bool
	hasHead bool         // the repository has a commit
	tree    *object.Tree // nil: no HEAD, or HEAD unreadable
}

// tracked reports whether git tracks the work-tree file p (a path below
// the scanned root).
func (h *headFiles) tracked(p string) bool {
	if h.files == nil {
		h.files = make(map[string]bool, len(h.r.tree.Files))
		for _, f := range h.r.tree.Files {
			h.files[f.Path] = f.Tracked
		}
	}
	return h.files[p]
}

// maxHeadFile bounds what is read of HEAD's version of a file.
const maxHeadFile = 16 << 20

// What HEAD's version of a file says about a key.
const (
	headLacks    = iota // no such file at HEAD, no HEAD, or the key is not in it
	headHolds           // the key is in HEAD's version
	headTooLarge        // HEAD's version is over maxHeadFile: not read
)

// holds tells whether HEAD's version of the repository path p contains
// secret (headLacks when there is no HEAD or it cannot be read: the advice
// then claims nothing about HEAD).
func (h *headFiles) holds(p, secret string) int {
	if !h.loaded {
		h.loaded = true
		ref, err := h.r.repo.Head()
		h.hasHead = !errors.Is(err, plumbing.ErrReferenceNotFound)
		if err == nil {
			if c, err := h.r.repo.CommitObject(ref.Hash()); err == nil {
				h.tree, _ = c.Tree()
			}
		}
	}
	if h.tree == nil || secret == "" {
		return headLacks
	}
	// The tree entry names the blob; the blob is read with the project's
	// own reader, which tells a large object's size without inflating it
	// (go-git holds a loose object whole just to answer its size).
	e, err := h.tree.FindEntry(p)
	if err != nil || !e.Mode.IsFile() {
		return headLacks
	}
	db, err := h.r.repo.Objects()
	if err != nil {
		return headLacks
	}
	_, content, size, err := db.NewReader(0).ReadLimited(e.Hash, maxHeadFile)
	switch {
	case err != nil:
		return headLacks
	case content == nil && size > maxHeadFile:
		return headTooLarge
	case bytes.Contains(content, []byte(secret)):
		return headHolds
	}
	return headLacks
}
