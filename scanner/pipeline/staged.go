package pipeline

import (
	"errors"
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/source/staged"
)

// scanStaged scans what is staged for the next commit: each staged file
// that differs from HEAD, as staged.
func scanStaged(r *Run) error {
	repo := r.repo
	if repo == nil {
		return &fatal{fmt.Errorf("%s is not in a git repository: nothing is staged", displayRoot(r.opts.Root))}
	}
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
