package history

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// ErrNotRepository is returned by Open for a path outside any git
// repository.
var ErrNotRepository = gitrepo.ErrNotRepository

// Repo is an opened repository: its object database (read by gitobj) and
// its references (read by go-git).
type Repo struct {
	GitDir   string // the git directory (the common one for linked worktrees)
	WorkTree string // absolute work-tree root; "" for a bare repository
	Bare     bool
	DB       *gitobj.DB
	Git      *git.Repository
	// Shallow lists the commits whose parents a shallow clone lacks.
	Shallow map[gitobj.Hash]bool
}

// Open opens the repository that contains path (a work tree, a directory
// inside one, or a bare repository).
func Open(path string) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", path)
	}
	gitDir, workTree, err := gitrepo.Locate(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	common := gitrepo.CommonDir(gitDir)
	r := &Repo{GitDir: common, WorkTree: workTree, Bare: workTree == "", Shallow: map[gitobj.Hash]bool{}}
	open := workTree
	if open == "" {
		open = gitDir
	}
	r.Git, err = gitrepo.Open(open)
	if err != nil {
		return nil, fmt.Errorf("%s: open git repository: %w", path, err)
	}
	r.DB, err = gitobj.Open(filepath.Join(common, "objects"))
	if err != nil {
		return nil, err
	}
	if err := r.readShallow(); err != nil {
		r.DB.Close()
		return nil, err
	}
	return r, nil
}

// Close releases the pack files.
func (r *Repo) Close() error { return r.DB.Close() }

// Locate finds the git directory and the work tree ("" when bare) of the
// repository that contains the absolute path abs, without opening it.
func Locate(abs string) (gitDir, workTree string, err error) { return gitrepo.Locate(abs) }

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (r *Repo) readShallow() error {
	b, err := os.ReadFile(filepath.Join(r.GitDir, "shallow"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(r.GitDir, "shallow"), unwrapPath(err))
	}
	for _, line := range strings.Fields(string(b)) {
		h, ok := parseHash(line)
		if !ok {
			return fmt.Errorf("%s: bad line %q", filepath.Join(r.GitDir, "shallow"), line)
		}
		r.Shallow[h] = true
	}
	return nil
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

// Ref is a reference and the object it names.
type Ref struct {
	Name string
	Hash gitobj.Hash
}

// Refs lists every reference (branches, tags, remotes, notes, the stash
// and every older stash entry of its reflog, HEAD when detached), sorted
// by name.
func (r *Repo) Refs() ([]Ref, error) {
	it, err := r.Git.Storer.IterReferences()
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
	if head, err := r.Git.Storer.Reference(plumbing.HEAD); err == nil && head.Type() == plumbing.HashReference && !seen["HEAD"] {
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
	p := filepath.Join(r.GitDir, "logs", "refs", "stash")
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, unwrapPath(err))
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
		if !r.DB.Has(h) {
			return h, fmt.Errorf("revision %s: %w", rev, &gitobj.MissingError{Hash: h})
		}
		return h, nil
	}
	for _, name := range []string{rev, "refs/heads/" + rev, "refs/tags/" + rev, "refs/remotes/" + rev, "refs/" + rev} {
		ref, err := r.Git.Reference(plumbing.ReferenceName(name), true)
		if err == nil {
			return ref.Hash(), nil
		}
	}
	h, err := r.Git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return gitobj.Hash{}, fmt.Errorf("unknown revision %q: %v", rev, err)
	}
	return *h, nil
}

// Partial reports whether the repository is a partial clone (git clone
// --filter, actions/checkout's filter input): objects its promisor remote
// holds may be missing locally on purpose. Git marks such a repository with
// extensions.partialClone or a remote with promisor = true.
func (r *Repo) Partial() bool {
	if r.Git == nil {
		return false
	}
	cfg, err := r.Git.Config()
	if err != nil || cfg.Raw == nil {
		return false
	}
	if cfg.Raw.Section("extensions").Option("partialclone") != "" {
		return true
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if sub.Option("promisor") == "true" {
			return true
		}
	}
	return false
}
