package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/cmd/aaiguard/internal/githook"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

func hookKind(prePush bool) githook.Kind {
	if prePush {
		return githook.PrePush
	}
	return githook.PreCommit
}

func (a *app) installHookCmd() *cobra.Command {
	var prePush, force bool
	cmd := &cobra.Command{
		Use:   "install-hook [PATH]",
		Short: "Install a git pre-commit (or --pre-push) hook that runs aaiguard",
		Long: `Writes a git hook into the repository that contains PATH (default: the current
directory), in core.hooksPath when it is set, else in .git/hooks.

  pre-commit (default)  runs "aaiguard staged": a commit whose staged changes
                        contain an AssemblyAI key is refused.
  --pre-push            runs "aaiguard history --range" over the commits being
                        pushed: a push that would publish a key is refused.

A hook aaiguard did not write is left alone unless --force; then it is kept as
<hook>.aaiguard-chained and run first, and "aaiguard uninstall-hook" puts it
back. Installing again updates aaiguard's hook in place. The hook runs the
aaiguard binary that installed it (falling back to aaiguard on PATH) and
refuses the commit when neither is found; skip it once with --no-verify.
Teams that use the pre-commit framework add aaiguard to .pre-commit-config.yaml
instead (see README).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.rejectScanFlags(cmd); err != nil {
				return err
			}
			loc, err := a.locateHooks(args)
			if err != nil {
				return err
			}
			res, err := githook.Install(loc, githook.Options{Kind: hookKind(prePush), Force: force, Binary: stableExecutable(), Install: installCommand()})
			if err != nil {
				return &exitErr{code: exitError, err: err}
			}
			rel := displayPath(loc.WorkTree, res.Path)
			switch res.Action {
			case githook.Installed:
				fmt.Fprintf(a.stdout, "installed %s hook: %s\n", hookKind(prePush), rel)
			case githook.Updated:
				fmt.Fprintf(a.stdout, "updated aaiguard's %s hook: %s\n", hookKind(prePush), rel)
			case githook.Chained:
				fmt.Fprintf(a.stdout, "installed %s hook: %s\nthe hook that was there is kept as %s and runs first\n",
					hookKind(prePush), rel, displayPath(loc.WorkTree, res.Chained))
			}
			if res.Action == githook.Updated && res.Chained != "" {
				fmt.Fprintf(a.stdout, "chained hook (runs first): %s\n", displayPath(loc.WorkTree, res.Chained))
			}
			if loc.HooksPath != "" {
				fmt.Fprintf(a.stdout, "(core.hooksPath is %s)\n", loc.HooksPath)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&prePush, "pre-push", false, "install the pre-push hook instead of pre-commit")
	cmd.Flags().BoolVar(&force, "force", false, "replace a hook aaiguard did not write, keeping it chained (run first)")
	return cmd
}

func (a *app) uninstallHookCmd() *cobra.Command {
	var prePush bool
	cmd := &cobra.Command{
		Use:   "uninstall-hook [PATH]",
		Short: "Remove aaiguard's git hook and put back the hook it chained, if any",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.rejectScanFlags(cmd); err != nil {
				return err
			}
			loc, err := a.locateHooks(args)
			if err != nil {
				return err
			}
			res, err := githook.Uninstall(loc, hookKind(prePush))
			if err != nil {
				return &exitErr{code: exitError, err: err}
			}
			rel := displayPath(loc.WorkTree, res.Path)
			switch res.Action {
			case githook.Absent:
				fmt.Fprintf(a.stdout, "no %s hook installed: %s\n", hookKind(prePush), rel)
			case githook.Removed:
				fmt.Fprintf(a.stdout, "removed %s\n", rel)
			case githook.Restored:
				fmt.Fprintf(a.stdout, "removed aaiguard's hook; restored the previous one: %s\n", rel)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&prePush, "pre-push", false, "remove the pre-push hook instead of pre-commit")
	return cmd
}

func (a *app) locateHooks(args []string) (*githook.Location, error) {
	path := "."
	if len(args) == 1 {
		path = args[0]
	}
	loc, err := githook.Locate(path)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		return nil, &exitErr{code: exitError, err: fmt.Errorf("%s is not in a git repository: run git init first, or run this inside the repository", displayRoot(path))}
	}
	if err != nil {
		return nil, &exitErr{code: exitError, err: err}
	}
	return loc, nil
}

// rejectScanFlags refuses --verify on commands that scan nothing (rather
// than ignoring it silently).
func (a *app) rejectScanFlags(cmd *cobra.Command) error {
	if a.opts.verify {
		return usageError("--verify applies to scan, check, history and staged, not %s", cmd.Name())
	}
	return nil
}

// stableExecutable is the path of this aaiguard binary for a hook to run,
// or "" (look aaiguard up on PATH) when it is a temporary build: `go run`
// and test binaries live in go-build directories that vanish.
func stableExecutable() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(exe); err == nil {
		exe = r
	}
	for _, part := range strings.Split(filepath.ToSlash(exe), "/") {
		if strings.HasPrefix(part, "go-build") {
			return ""
		}
	}
	return exe
}

// displayPath shows p relative to root when it is inside it.
func displayPath(root, p string) string {
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}
