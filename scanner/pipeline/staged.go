package pipeline

import (
	"errors"
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/source/staged"
)

// scanStaged scans what is staged for the next commit: each staged file
// that differs from HEAD, as staged.
func scanStaged(r *Run) error {
	repo := r.repo
	if repo == nil {
		return &fatal{fmt.Errorf("%s is not in a git repository: nothing is staged", displayRoot(r.opts.Root))}
	}
	res, err := staged.Scan(repo, r.engine, staged.Options{
		Prefix: historyPrefix(repo.WorkTree, r.tree.Root), MaxFileSize: r.maxSize(),
		Visit: r.checkStagedFile,
	})
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

// checkStagedFile runs the checks of a staged file other than the secret
// engine: an env file staged for commit is a finding whatever it holds (a
// template when it holds real values).
func (r *Run) checkStagedFile(f staged.File, content []byte) []finding.Finding {
	if content == nil || envfile.IsTemplate(f.Path) {
		if ef, ok := hygiene.StagedEnvFile(r.engine, f.Path, content, f.InHead); ok {
			return []finding.Finding{ef}
		}
	}
	return nil
}
