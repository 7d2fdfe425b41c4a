package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/report/merge"
)

func (a *app) mergeCmd() *cobra.Command {
	var prefixPaths bool
	cmd := &cobra.Command{
		Use:   "merge REPORT...",
		Short: "Combine JSON reports from separate runs (CI shards) into one report",
		Long: `Reads JSON reports written by "aaiguard ... --format json" (for example by the
jobs of a CI matrix over repository shards) and writes one report in any
format (--format, default json; sarif for code scanning). With a single
report it converts it: scan once, write SARIF and JUnit from the JSON.

Findings are deduplicated by fingerprint, file and commit; summaries are
added up; notes and errors are kept, prefixed with the report's name. For each
checklist item the worst status wins (fail, warn, pass, unknown). Pass
--prefix-paths when the reports come from different repositories: every path
becomes <report name>/<path>, where the report name is the file name without
.json.

Exit codes as for a scan: 0 nothing to report, 1 findings, 2 when a report
cannot be read (named in the message; nothing is written) or when any report
records errors (its scan did not complete; the merged report is written).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.rejectScanFlags(cmd); err != nil {
				return err
			}
			if err := a.checkOutput(); err != nil {
				return &exitErr{code: exitError, err: err}
			}
			if !cmd.Flags().Changed("format") {
				a.opts.format = "json"
			}
			shards := make([]merge.Shard, 0, len(args))
			seen := map[string]string{}
			for _, p := range args {
				rep, err := merge.Load(p)
				if err != nil {
					return &exitErr{code: exitError, err: fmt.Errorf("merge: %w", err)}
				}
				name := merge.ShardName(p)
				if prev, ok := seen[name]; ok && prefixPaths {
					return usageError("merge: %s and %s have the same name %q: with --prefix-paths each report needs its own file name", prev, p, name)
				}
				seen[name] = p
				shards = append(shards, merge.Shard{Name: name, Report: rep})
			}
			rep := merge.Merge(shards, merge.Options{PrefixPaths: prefixPaths, ShowSecrets: a.opts.showSecrets})
			if a.opts.baseline != "" {
				bl, err := baseline.Load(a.opts.baseline)
				if err != nil {
					return &exitErr{code: exitError, err: err}
				}
				var hidden int
				rep.Findings, hidden = bl.Filter(rep.Findings)
				rep.Summary.Baselined += hidden
			}
			if err := a.writeReport(rep); err != nil {
				return &exitErr{code: exitError, err: err}
			}
			a.errorsToStderr(rep)
			return a.exitFor(rep)
		},
	}
	cmd.Flags().BoolVar(&prefixPaths, "prefix-paths", false, "prefix every path with the report's name (reports of different repositories)")
	return cmd
}
