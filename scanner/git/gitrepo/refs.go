package gitrepo

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// Ref is a reference and the object it names.
type Ref struct {
	Name string
	Hash gitobj.Hash
}

// Refs lists every reference (branches, tags, remotes, notes, the stash
// and every older stash entry of its reflog, HEAD when detached), sorted
// by name.
func (r *Repo) Refs() ([]Ref, error) {
	it, err := r.Storer.IterReferences()
	if err != nil {
		return nil, fmt.Errorf("read references: %w", err)
	}
	var out []Ref
	seen := map[string]bool{}
	err = it.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference || seen[ref.Name().String()] {
			return nil
		}
		seen[ref.Name().String()] = true
		out = append(out, Ref{Name: ref.Name().String(), Hash: ref.Hash()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read references: %w", err)
	}
	if head, err := r.Storer.Reference(plumbing.HEAD); err == nil && head.Type() == plumbing.HashReference && !seen["HEAD"] {
		out = append(out, Ref{Name: "HEAD", Hash: head.Hash()})
	}
	stash, err := r.stashReflog()
	if err != nil {
		return nil, err
	}
	out = append(out, stash...)
	slices.SortFunc(out, func(a, b Ref) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// stashReflog returns the stash entries older than refs/stash itself: git
// keeps them only in the reflog (logs/refs/stash), as stash@{1}, ….
func (r *Repo) stashReflog() ([]Ref, error) {
	p := filepath.Join(r.CommonDir, "logs", "refs", "stash")
	f, err := regularfile.Open(p, true)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, regularfile.Cause(err))
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	var out []Ref
	// Newest last in the file; stash@{0} is refs/stash itself.
	for i := len(lines) - 2; i >= 0; i-- {
		f := strings.Fields(lines[i])
		if len(f) < 2 {
			continue
		}
		if h, ok := parseHash(f[1]); ok && !h.IsZero() {
			out = append(out, Ref{Name: fmt.Sprintf("stash@{%d}", len(lines)-1-i), Hash: h})
		}
	}
	return out, nil
}

// Resolve resolves a revision (a branch, tag or other ref name, a full or
// abbreviated object name, HEAD~2, …) to an object name.
func (r *Repo) Resolve(rev string) (gitobj.Hash, error) {
	if h, ok := parseHash(rev); ok {
		db, err := r.Objects()
		if err != nil {
			return h, err
		}
		if !db.Has(h) {
			return h, fmt.Errorf("revision %s: %w", rev, &gitobj.MissingError{Hash: h})
		}
		return h, nil
	}
	for _, name := range []string{rev, "refs/heads/" + rev, "refs/tags/" + rev, "refs/remotes/" + rev, "refs/" + rev} {
		ref, err := r.Reference(plumbing.ReferenceName(name), true)
		if err == nil {
			return ref.Hash(), nil
		}
	}
	if h, ok, err := r.resolveAncestry(rev); ok {
		return h, err
	}
	h, err := r.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return gitobj.Hash{}, fmt.Errorf("unknown revision %q: %v", rev, err)
	}
	return *h, nil
}

func parseHash(s string) (gitobj.Hash, bool) {
	if len(s) != 40 {
		return gitobj.Hash{}, false
	}
	var h gitobj.Hash
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, false
	}
	return h, true
}
