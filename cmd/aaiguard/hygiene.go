package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

func init() {
	registerStage(stage{name: "hygiene", order: 50, commands: []string{"scan", "check"}, run: hygieneStage})
	registerStage(stage{name: "checklist", order: 90, commands: []string{"check"}, run: checklistStage})
	extraCommands = append(extraCommands, func(a *app) *cobra.Command { return a.fixCmd() })
}

// hygieneStage runs the repository hygiene checks (env files and
// .gitignore, keys shared between environments, CI secrets) and records
// their findings, evidence and reasons.
func hygieneStage(rc *runCtx) error {
	res := hygiene.Check(hygiene.Input{Tree: rc.tree, Engine: rc.engine, MaxFileSize: limitOrNone(rc.maxSize)})
	rc.add(res.Findings...)
	for id, ev := range res.Evidence {
		rc.Evidence[id] = append(rc.Evidence[id], ev...)
	}
	rc.Usage = append(rc.Usage, res.Usage...)
	for id, why := range res.Unknown {
		if rc.Unknown[id] == "" {
			rc.Unknown[id] = why
		}
	}
	for _, n := range res.Notes {
		rc.note("%s", n)
	}
	for _, err := range res.Errors {
		rc.fail(err)
	}
	return nil
}

// checklistStage grades the nine checklist items from everything the
// earlier stages found. Findings hidden by --baseline (stage 88) are
// accepted by the user: they do not fail their item, and its reason counts
// them.
func checklistStage(rc *runCtx) error {
	rc.rep.Checklist = checklist.Grade(checklist.Input{
		Findings:   rc.rep.Findings,
		Baselined:  rc.baselined,
		Evidence:   rc.Evidence,
		Usage:      rc.Usage,
		Unknown:    rc.Unknown,
		HistoryGap: historyGap(rc),
	})
	return nil
}

// historyGap says why the git history was not (fully) checked for keys,
// or "" when it was or there is none: env-key cannot pass with a gap, since
// a key deleted from the work tree stays in every clone of a commit.
func historyGap(rc *runCtx) string {
	repo := rc.tree.Repo
	if repo == nil {
		return ""
	}
	if _, err := repo.Head(); errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "" // no commits yet
	}
	s := rc.rep.Summary
	switch {
	case s.Shallow:
		return "the clone is shallow: commits before its depth were not checked for keys (fetch the full history)"
	case s.Partial:
		return "the clone is partial: objects left on the promisor remote were not checked for keys (clone without --filter)"
	case s.HistoryScope != "":
		return "only part of the git history was checked for keys (" + s.HistoryScope + "): a key in another commit stays in every clone (run aaiguard history, or check without a history scope)"
	case s.Commits == 0:
		return "the git history was not checked for keys: a key removed from the work tree stays in old commits"
	}
	return ""
}

func (a *app) fixCmd() *cobra.Command {
	fix := &cobra.Command{
		Use:   "fix",
		Short: "Fix repository hygiene problems (explicit, atomic edits)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("fix: name what to fix: aaiguard fix gitignore [PATH]")
		},
	}
	var dryRun bool
	gi := &cobra.Command{
		Use:   "gitignore [PATH]",
		Short: "Add the missing .env patterns to PATH/.gitignore",
		Long: `Appends to PATH/.gitignore (default: the current directory) the patterns that keep env
files out of git and that its .gitignore files do not cover yet: .env, .env.local and
.env.*.local, plus the name of every env file present that no rule covers. Existing
content is kept; the file is replaced atomically with its mode; running it again adds
nothing. Committed env files stay committed (ignore rules do not untrack files): they
are listed with the git rm --cached command to run.

Exit codes: 0 done (or nothing to add), 2 error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			res, err := hygiene.FixGitignore(dir, dryRun)
			if err != nil {
				return &exitErr{code: exitError, err: fmt.Errorf("fix gitignore: %w", err)}
			}
			a.printFix(res, dryRun)
			return nil
		},
	}
	gi.Flags().BoolVarP(&dryRun, "dry-run", "n", false, "print what would be added without writing")
	fix.AddCommand(gi)
	return fix
}

func (a *app) printFix(res *hygiene.FixResult, dryRun bool) {
	name := filepath.ToSlash(filepath.Clean(res.Gitignore))
	switch {
	case len(res.Added) == 0:
		fmt.Fprintf(a.stdout, "%s already ignores %s: nothing to add\n", name, strings.Join(hygiene.RequiredPatterns, ", "))
	case dryRun:
		fmt.Fprintf(a.stdout, "would add to %s: %s\n", name, strings.Join(res.Added, ", "))
	case res.Created:
		fmt.Fprintf(a.stdout, "created %s with: %s\n", name, strings.Join(res.Added, ", "))
	default:
		fmt.Fprintf(a.stdout, "added to %s: %s\n", name, strings.Join(res.Added, ", "))
	}
	for _, p := range res.Untrack {
		fmt.Fprintf(a.stdout, "%s is committed: ignore rules do not untrack it; run git rm --cached %s and rotate any key it held\n", p, p)
	}
}
