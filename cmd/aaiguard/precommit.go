package main

import (
	"context"
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/pipeline"
)

// runPreCommitStage is `aaiguard staged --pre-commit-env`, the entry of the
// pre-commit framework's hook. Its manifest (.pre-commit-hooks.yaml) names
// no stages: pre-commit 3.0 (Debian 12's) accepts only "commit" and "push",
// and pre-commit 4 warns that those names will be removed, so no stage name
// works cleanly on both. A hook without stages runs at every git hook
// pre-commit installed; pre-commit tells its hooks which one through the
// environment (pre_commit/commands/run.py, the same in 3.0 and 4.x):
//
//   - PRE_COMMIT_REMOTE_NAME is set only at pre-push, with
//     PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF the commits pushed (both
//     unset when the pushed branch starts at a root commit: its whole
//     history is pushed);
//   - PRE_COMMIT_CHECKOUT_TYPE (post-checkout), PRE_COMMIT_IS_SQUASH_MERGE
//     (post-merge) and PRE_COMMIT_REWRITE_COMMAND (post-rewrite) mark hooks
//     that run after the fact and can refuse nothing;
//   - otherwise (pre-commit, pre-merge-commit, commit-msg, a manual run)
//     the staged changes are what the next commit holds.
func (a *app) runPreCommitStage(ctx context.Context, args []string, getenv func(string) string) error {
	for _, after := range []string{"PRE_COMMIT_CHECKOUT_TYPE", "PRE_COMMIT_IS_SQUASH_MERGE", "PRE_COMMIT_REWRITE_COMMAND"} {
		if getenv(after) != "" {
			return nil
		}
	}
	if getenv("PRE_COMMIT_REMOTE_NAME") == "" {
		return a.runScan(ctx, pipeline.CommandStaged, args, nil)
	}
	h := &historyFlags{}
	from, to := getenv("PRE_COMMIT_FROM_REF"), getenv("PRE_COMMIT_TO_REF")
	switch {
	case from != "" && to != "":
		h.rng = from + ".." + to
	case getenv("PRE_COMMIT_LOCAL_BRANCH") != "":
		h.branches = []string{getenv("PRE_COMMIT_LOCAL_BRANCH")}
	default:
		return usageError("--pre-commit-env: pre-push without PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF or PRE_COMMIT_LOCAL_BRANCH: pre-commit did not say what is pushed")
	}
	if !a.opts.quiet {
		what := h.rng
		if what == "" {
			what = "the whole history of " + h.branches[0]
		}
		fmt.Fprintf(a.stderr, "aaiguard: pre-push: scanning the pushed commits (%s)\n", what)
	}
	return a.runScan(ctx, pipeline.CommandHistory, args, h)
}
