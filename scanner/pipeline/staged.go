package pipeline

import (
	"errors"
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/check/vendored"
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
	sc := &stagedChecks{r: r}
	res, err := staged.Scan(repo, r.engine, staged.Options{
		Prefix: historyPrefix(repo.WorkTree, r.tree.Root), MaxFileSize: r.maxSize(),
		Prepare: sc.prepare,
		Visit:   sc.check,
	})
	if err != nil {
		if errors.Is(err, staged.ErrBare) {
			return &fatal{fmt.Errorf("%s: %w", displayRoot(r.opts.Root), err)}
		}
		return &fatal{err}
	}
	r.add(res.Findings...)
	r.add(coderules.Merge(sc.code)...)
	r.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, n := range res.Notes {
		r.note("%s", n)
	}
	for _, e := range res.Errors {
		r.fail(fmt.Errorf("staged: %w", e))
	}
	return nil
}

// stagedChecks runs the checks of staged files other than the secret
// engine: an env file staged for commit is a finding whatever it holds (a
// template when it holds real values), and the code rules judge each
// staged code file as staged, with cross-file facts from the staged tree,
// so the hook reports what scan reports for the same file.
type stagedChecks struct {
	r       *Run
	checker *coderules.Checker
	code    []*coderules.Result
}

func (sc *stagedChecks) prepare(t *staged.Tree) {
	sc.checker = &coderules.Checker{Project: coderules.LazyProject(func() []string { return t.PathsWhere(coderules.ProjectPath) }, t.Read), Tests: sc.r.opts.Tests}
}

func (sc *stagedChecks) check(f staged.File, content []byte) []finding.Finding {
	r := sc.r
	if content == nil || envfile.IsTemplate(f.Path) {
		if ef, ok := hygiene.StagedEnvFile(r.engine, f.Path, content, f.InHead); ok {
			return []finding.Finding{ef}
		}
	}
	if content == nil || sc.checker == nil {
		return nil
	}
	var res *coderules.Result
	switch {
	case coderules.IsGoFile(f.Path) && !vendored.Has(f.Path):
		// The typed Go analyzers need the go command (seconds, not a
		// hook's milliseconds): the syntactic Go rules judge a staged .go
		// file, as they do any Go file the typed stage cannot load.
		res = sc.checker.CheckGo(f.Path, content)
	case coderules.Relevant(f.Path):
		res = sc.checker.Check(f.Path, content)
	default:
		return nil
	}
	if res.Unparsed != nil {
		r.note("code rules: %s (staged) could not be parsed (%v); its code was not fully checked", f.Path, res.Unparsed)
	}
	for _, n := range res.Notes {
		r.note("code rules: %s: %s", f.Path, n)
	}
	sc.code = append(sc.code, res)
	return nil
}
