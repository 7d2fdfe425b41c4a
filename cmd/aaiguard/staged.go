package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/staged"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

func init() {
	extraCommands = append(extraCommands, (*app).stagedCmd)
	registerStage(stage{name: "staged", order: 10, commands: []string{"staged"}, run: stagedStage})
	treeListers["staged"] = locateOnly
}

func (a *app) stagedCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "staged [PATH]",
		Short: "Scan what is staged for the next commit (the pre-commit hook)",
		Long: `Scans the changes staged in the index of the repository that contains PATH
(default: the current directory): each staged file that differs from HEAD, as
staged (line numbers are those of the staged file, not of the work tree).
Unstaged changes are not scanned. Works before the first commit (everything staged
is new), on a detached HEAD and during a merge (paths with unresolved conflicts
are noted and scanned once staged). When PATH is a directory inside the work tree,
only staged files under it are scanned.

Exit codes: 0 nothing to report, 1 findings, 2 usage, config or runtime error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), "staged", args)
		},
	}
}

// locateOnly finds the scanned root and its repository without listing the
// work tree: staged reads only the index.
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
			return t, nil // stagedStage says so
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

func stagedStage(rc *runCtx) error {
	repo, err := gitrepo.Open(rc.root)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotRepository) {
			return &exitErr{code: exitError, err: fmt.Errorf("%s is not in a git repository: nothing is staged", displayRoot(rc.root))}
		}
		return &exitErr{code: exitError, err: err}
	}
	defer repo.Close()
	prefix := ""
	if repo.WorkTree != "" {
		prefix = historyPrefix(repo, rc)
	}
	res, err := staged.Scan(repo, rc.engine, staged.Options{Prefix: prefix, MaxFileSize: limitOrNone(rc.maxSize)})
	if err != nil {
		if errors.Is(err, staged.ErrBare) {
			return &exitErr{code: exitError, err: fmt.Errorf("%s: %w", displayRoot(rc.root), err)}
		}
		return &exitErr{code: exitError, err: err}
	}
	rc.add(res.Findings...)
	rc.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, n := range res.Notes {
		rc.note("%s", n)
	}
	for _, e := range res.Errors {
		rc.fail(fmt.Errorf("staged: %w", e))
	}
	return nil
}
