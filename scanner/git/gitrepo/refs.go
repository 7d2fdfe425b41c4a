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
	"syscall"

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
// by name. Symbolic references (refs/remotes/origin/HEAD) are left out:
// they name another ref.
//
// References are read here, not with go-git, which stats and resolves each
// loose ref file through its file system layers: 40,000 loose refs took
// 6.9 s (git: 0.03 s). Loose refs are read once each, bounded, as every
// control file; packed-refs once; a loose ref overrides its packed entry.
func (r *Repo) Refs() ([]Ref, error) {
	refs := map[string]gitobj.Hash{}
	if err := readPackedRefs(filepath.Join(r.CommonDir, "packed-refs"), refs); err != nil {
		return nil, err
	}
	if err := readLooseRefs(r.CommonDir, "refs", refs); err != nil {
		return nil, err
	}
	// A linked work tree's own refs (git worktree: bisect, rewritten,
	// worktree) live in its git directory.
	if r.GitDir != r.CommonDir {
		for _, d := range []string{"refs/bisect", "refs/rewritten", "refs/worktree"} {
			if err := readLooseRefs(r.GitDir, d, refs); err != nil {
				return nil, err
			}
		}
	}
	out := make([]Ref, 0, len(refs)+1)
	for name, h := range refs {
		out = append(out, Ref{Name: name, Hash: h})
	}
	if head, err := r.Storer.Reference(plumbing.HEAD); err == nil && head.Type() == plumbing.HashReference {
		if _, ok := refs["HEAD"]; !ok {
			out = append(out, Ref{Name: "HEAD", Hash: head.Hash()})
		}
	}
	stash, err := r.stashReflog()
	if err != nil {
		return nil, err
	}
	out = append(out, stash...)
	slices.SortFunc(out, func(a, b Ref) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// maxPackedRefs bounds packed-refs (a million refs are about 60 MB).
const maxPackedRefs = 1 << 30

// readPackedRefs adds the entries of a packed-refs file (none when it does
// not exist). Peeled lines ("^") and comments are skipped.
func readPackedRefs(p string, refs map[string]gitobj.Hash) error {
	b, err := regularfile.Read(p, true, maxPackedRefs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read references: %s: %w", p, regularfile.Cause(err))
	}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' || line[0] == '^' {
			continue
		}
		hex, name, ok := strings.Cut(line, " ")
		h, hok := parseHash(hex)
		if !ok || !hok || name == "" {
			return fmt.Errorf("read references: %s: line %d is not an object name and a ref", p, n+1)
		}
		refs[name] = h
	}
	return nil
}

// readLooseRefs adds the loose refs under base/dir (none when it does not
// exist). A file that is not a ref (a lock file, a name git would refuse)
// is skipped as git skips it; one that is not a regular file, or whose
// content is neither an object name nor a symbolic ref, is an error naming
// it.
func readLooseRefs(base, dir string, refs map[string]gitobj.Hash) error {
	ents, err := os.ReadDir(filepath.Join(base, filepath.FromSlash(dir)))
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read references: %w", err)
	}
	for _, e := range ents {
		name := dir + "/" + e.Name()
		if e.IsDir() {
			if err := readLooseRefs(base, name, refs); err != nil {
				return err
			}
			continue
		}
		if strings.HasSuffix(name, ".lock") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(base, filepath.FromSlash(name))
		b, err := regularfile.Read(p, true, maxControlFile)
		if err != nil {
			return fmt.Errorf("read references: %s: %w", p, regularfile.Cause(err))
		}
		content := strings.TrimSpace(string(b))
		if strings.HasPrefix(content, "ref:") {
			continue // symbolic
		}
		h, ok := parseHash(content)
		if !ok {
			return fmt.Errorf("read references: %s: not an object name", p)
		}
		refs[name] = h
	}
	return nil
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
