package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/staged"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// locateOnly finds the scanned root and its repository without listing the
// work tree (staged reads only the index, history only the object store).
func locateOnly(root string) (*worktree.Tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: no such directory", root)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	t := &worktree.Tree{Root: abs}
	_, wt, err := gitrepo.Locate(abs)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotRepository) {
			return t, nil // the stage says so
		}
		return nil, err
	}
	if wt != "" {
		t.RepoRoot = wt
		if r, err := filepath.EvalSymlinks(wt); err == nil {
			t.RepoRoot = r
		}
	}
	return t, nil
}

// scanStaged scans what is staged for the next commit: each staged file
// that differs from HEAD, as staged.
func scanStaged(r *Run) error {
	repo, err := gitrepo.Open(r.opts.Root)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotRepository) {
			return &fatal{fmt.Errorf("%s is not in a git repository: nothing is staged", displayRoot(r.opts.Root))}
		}
		return &fatal{err}
	}
	defer repo.Close()
	res, err := staged.Scan(repo, r.engine, staged.Options{Prefix: historyPrefix(repo.WorkTree, r.tree.Root), MaxFileSize: r.maxSize()})
	if err != nil {
		if errors.Is(err, staged.ErrBare) {
			return &fatal{fmt.Errorf("%s: %w", displayRoot(r.opts.Root), err)}
		}
		return &fatal{err}
	}
	r.add(res.Findings...)
	r.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, n := range res.Notes {
		r.note("%s", n)
	}
	for _, e := range res.Errors {
		r.fail(fmt.Errorf("staged: %w", e))
	}
	return nil
}
