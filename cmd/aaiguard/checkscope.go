package main

import (
	"github.com/spf13/cobra"
)

// historyScopeFlags gives check the history command's scope flags, so that
// a CI gate scans the whole work tree but only the history a pull request
// adds: `aaiguard check --range BASE..HEAD`. They feed the history stage
// through the same per-run options as `aaiguard history` (history.go).
func (a *app) historyScopeFlags(cmd *cobra.Command) {
	o := &historyOpts{}
	f := cmd.Flags()
	f.StringVar(&o.rng, "range", "", "scan only the history in `A..B` (reachable from B, not from A), e.g. a pull request's base..head; the work tree is scanned whole")
	f.StringSliceVar(&o.branches, "branch", nil, "scan only the history of `REF` (a branch, tag or commit; repeatable)")
	f.StringVar(&o.since, "since", "", "scan only commits committed on or after `DATE` (2024-01-31 or RFC 3339)")
	f.IntVar(&o.maxCommits, "max-commits", 0, "scan only the `N` newest commits of the history (0: all)")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if o.rng != "" && len(o.branches) > 0 {
			return usageError("--range and --branch cannot be combined")
		}
		if _, err := parseSince(o.since); err != nil {
			return usageError("%v", err)
		}
		if o.maxCommits < 0 {
			return usageError("--max-commits must not be negative")
		}
		historyFlags.Store(a, o)
		defer historyFlags.Delete(a)
		return run(cmd, args)
	}
}
