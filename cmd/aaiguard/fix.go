package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
)

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
