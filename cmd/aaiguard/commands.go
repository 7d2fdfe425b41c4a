package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/analyzers/suite"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/hygiene"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func (a *app) scanCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scan [PATH]",
		Short: "Scan the work tree: secrets, code rules, hygiene, Go analyzers when go.mod exists",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), "scan", args)
		},
	}
}

func (a *app) checkCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Everything (work tree, history, code rules, Go analyzers) and the security checklist report",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), "check", args)
		},
	}
	a.historyScopeFlags(cmd) // --range, --branch, --since, --max-commits (checkscope.go)
	return cmd
}

func (a *app) baselineCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "baseline [PATH]",
		Short: "Write the current findings as a baseline (a JSON report) for --baseline",
		Long: `Runs what "check" runs and writes the findings as a JSON report, to --output or stdout.
Pass that file to --baseline later to hide these findings; they are matched by
content fingerprint (rule + path + hash of the secret), so line shifts do not
bring them back. Exits 0 unless the scan failed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.opts.format = "json"
			a.opts.exitCode = exitOK
			a.opts.baseline = ""
			return a.runScan(cmd.Context(), "check", args)
		},
	}
}

func (a *app) rulesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rules [PATH]",
		Short: "List the rules in effect (defaults plus .aaiguard.toml) with their checklist item",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var cfg *rules.Config
			var err error
			if a.opts.config != "" {
				cfg, err = rules.LoadFile(a.opts.config)
			} else if len(args) == 1 {
				var tree *worktree.Tree
				if tree, err = worktree.List(args[0]); err == nil {
					cfg, err = a.loadConfig(tree)
				}
			} else {
				cfg, err = rules.Default()
			}
			if err != nil {
				return &exitErr{code: exitError, err: err}
			}
			type row struct {
				ID          string           `json:"id"`
				Checklist   string           `json:"checklist"`
				Severity    catalog.Severity `json:"severity"`
				Description string           `json:"description"`
				Source      catalog.Source   `json:"source"`
			}
			var rows []row
			for _, r := range ruleInfos(cfg) {
				rows = append(rows, row{r.ID, r.Checklist, r.Severity, r.Description, r.Source})
			}
			if a.opts.format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"rules": rows, "checklist": catalog.Items()})
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RULE\tCHECKLIST\tSEVERITY\tSOURCE\tDESCRIPTION")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Checklist, r.Severity, r.Source, r.Description)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "\nChecklist items:")
			for _, c := range catalog.Items() {
				fmt.Fprintf(a.stdout, "  %-15s %s\n", c.ID, c.Title)
			}
			return nil
		},
	}
}

// codeRules lists the rules implemented in code (Go analyzers, code rules,
// hygiene checks) rather than in the TOML catalogue, so that `aaiguard
// rules`, SARIF and disabledRules know them.
func codeRules() []catalog.Rule {
	return slices.Concat(suite.Rules(), coderules.Rules(), hygiene.Rules())
}

// isCodeRule reports whether id names a code-implemented rule.
func isCodeRule(id string) bool {
	_, ok := catalog.Lookup(codeRules(), id)
	return ok
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print aaiguard's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(a.stdout, "aaiguard %s\n", toolVersion())
			return err
		},
	}
}

func init() {
	registerStage(stage{name: "work tree", order: 10, commands: []string{"scan", "check"}, run: worktreeStage})
}

// worktreeStage scans the work tree's files for secrets.
func worktreeStage(rc *runCtx) error {
	t := rc.tree
	for _, err := range t.Errors {
		rc.fail(err)
	}
	t.Errors = nil
	res := worktree.Scan(t, rc.engine, worktree.ScanOptions{MaxFileSize: limitOrNone(rc.maxSize)})
	for i := range res.Findings {
		res.Findings[i].Source = "worktree"
	}
	rc.add(res.Findings...)
	rc.counted(res.Files, res.Bytes, res.Binary, res.TooLarge, "")
	for _, err := range res.Errors {
		rc.fail(err)
	}
	if t.Repo == nil {
		rc.note("%s is not in a git repository: scanned as plain files (no history, no ignore rules)", displayRoot(rc.root))
	}
	return nil
}

// limitOrNone maps the --max-file-size value 0 ("no limit") to the
// worktree package's "no limit".
func limitOrNone(n int64) int64 {
	if n == 0 {
		return -1
	}
	return n
}

func displayRoot(root string) string {
	if root == "" || root == "." {
		return "the current directory"
	}
	return strings.TrimSuffix(root, "/")
}
