package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/pipeline"
	"github.com/aaiguard/aaiguard/scanner/report"
)

func (a *app) scanCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scan [PATH]",
		Short: "Scan the work tree: secrets, code rules, hygiene, Go analyzers when go.mod exists",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), pipeline.CommandScan, args, nil)
		},
	}
}

func (a *app) checkCmd() *cobra.Command {
	h := &historyFlags{}
	cmd := &cobra.Command{
		Use:   "check [PATH]",
		Short: "Everything (work tree, history, code rules, Go analyzers) and the security checklist report",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), pipeline.CommandCheck, args, h)
		},
	}
	// A CI gate scans the whole work tree but only the history a pull
	// request adds: aaiguard check --range BASE..HEAD.
	f := cmd.Flags()
	f.StringVar(&h.rng, "range", "", "scan only the history in `A..B` (reachable from B, not from A), e.g. a pull request's base..head; the work tree is scanned whole")
	f.StringSliceVar(&h.branches, "branch", nil, "scan only the history of `REF` (a branch, tag or commit; repeatable)")
	f.StringVar(&h.since, "since", "", "scan only commits committed on or after `DATE` (2024-01-31 or RFC 3339)")
	f.IntVar(&h.maxCommits, "max-commits", 0, "scan only the `N` newest commits of the history (0: all)")
	h.shallowFlags(cmd)
	h.cacheFlag(cmd)
	return cmd
}

func (a *app) historyCmd() *cobra.Command {
	h := &historyFlags{}
	cmd := &cobra.Command{
		Use:   "history [PATH]",
		Short: "Scan the git history: every blob of every ref once, attributed to the commit that introduced it",
		Long: `Scans the history of the repository that contains PATH (default: the current
directory; a bare repository works too). By default every reference is scanned:
branches, tags, remote-tracking branches, notes and every stash entry. Each unique
file version (blob) is read and scanned once; a secret is reported once per file,
at the commit that first introduced it (author, email and date), even when it
stayed in the file for many commits. Content introduced by a merge commit (a
conflict resolved by hand) is covered. When PATH is a directory inside the work
tree, only files under it are scanned and paths are relative to it.

A shallow clone is scanned as far as it goes, with a note; --fail-on-shallow
makes it an error. Missing or corrupt objects make the run exit 2.

Exit codes: 0 nothing to report, 1 findings, 2 usage, config or runtime error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScan(cmd.Context(), pipeline.CommandHistory, args, h)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&h.branches, "branch", nil, "scan the history of `REF` only (a branch, tag or commit; repeatable)")
	f.StringVar(&h.rng, "range", "", "scan the commits in `A..B` (reachable from B, not from A), e.g. origin/main..HEAD")
	f.StringVar(&h.since, "since", "", "scan commits committed on or after `DATE` (2024-01-31 or RFC 3339)")
	f.IntVar(&h.maxCommits, "max-commits", 0, "scan at most the `N` newest commits (0: all)")
	h.shallowFlags(cmd)
	h.cacheFlag(cmd)
	return cmd
}

func (a *app) stagedCmd() *cobra.Command {
	var preCommitEnv bool
	cmd := &cobra.Command{
		Use:   "staged [PATH]",
		Short: "Scan what is staged for the next commit (the pre-commit hook)",
		Long: `Scans the changes staged in the index of the repository that contains PATH
(default: the current directory): each staged file that differs from HEAD, as
staged (line numbers are those of the staged file, not of the work tree).
Unstaged changes are not scanned. Works before the first commit (everything staged
is new), on a detached HEAD and during a merge (paths with unresolved conflicts
are noted and scanned once staged). When PATH is a directory inside the work tree,
only staged files under it are scanned.

--pre-commit-env is for the pre-commit framework's hook (.pre-commit-hooks.yaml):
it reads the environment pre-commit gives hooks to learn the git hook it runs
in. At pre-push it scans the commits being pushed instead of the index
(PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF, or the whole pushed branch); after a
checkout, merge or rewrite (which nothing can refuse) it does nothing.

Exit codes: 0 nothing to report, 1 findings, 2 usage, config or runtime error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if preCommitEnv {
				return a.runPreCommitStage(cmd.Context(), args, os.Getenv)
			}
			return a.runScan(cmd.Context(), pipeline.CommandStaged, args, nil)
		},
	}
	cmd.Flags().BoolVar(&preCommitEnv, "pre-commit-env", false, "run as the pre-commit framework's hook: at pre-push scan the pushed commits (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF)")
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
			return a.runScan(cmd.Context(), pipeline.CommandCheck, args, nil)
		},
	}
}

// historyFlags are the history scope flags of history and check.
type historyFlags struct {
	branches      []string
	rng           string
	since         string
	maxCommits    int
	failOnShallow bool
	allowShallow  bool
	cache         string
}

func (h *historyFlags) cacheFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&h.cache, "cache", "", "keep a record of the full-history scan in `DIR` (outside the work tree) so that the next scan reads only new commits; whole history only")
}

func (h *historyFlags) shallowFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&h.failOnShallow, "fail-on-shallow", false, "exit 2 when the clone is shallow or partial (its history is incomplete); the default in CI")
	f.BoolVar(&h.allowShallow, "allow-shallow", false, "accept a shallow or partial clone with a note, also in CI (where it is an error by default)")
}

// inCI reports whether aaiguard runs as a CI gate: CI=true (set by most
// CI systems: GitHub Actions, GitLab CI, CircleCI, Travis CI, Buildkite,
// Bitbucket), or GITHUB_ACTIONS, GITLAB_CI, BUILDKITE, TF_BUILD (Azure
// Pipelines).
func inCI() bool {
	for _, v := range []string{"CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "TF_BUILD"} {
		switch strings.ToLower(os.Getenv(v)) {
		case "true", "1", "yes":
			return true
		}
	}
	return false
}

func (h *historyFlags) options() (pipeline.HistoryOptions, error) {
	if h == nil {
		// scan and staged read no history; baseline runs check's plan:
		// it writes what is there, so an incomplete history is a note.
		return pipeline.HistoryOptions{}, nil
	}
	if h.rng != "" && len(h.branches) > 0 {
		return pipeline.HistoryOptions{}, usageError("--range and --branch cannot be combined")
	}
	if h.maxCommits < 0 {
		return pipeline.HistoryOptions{}, usageError("--max-commits must not be negative")
	}
	since, err := parseSince(h.since)
	if err != nil {
		return pipeline.HistoryOptions{}, usageError("%v", err)
	}
	if h.failOnShallow && h.allowShallow {
		return pipeline.HistoryOptions{}, usageError("--fail-on-shallow and --allow-shallow cannot be combined")
	}
	if h.cache != "" && (h.rng != "" || len(h.branches) > 0 || h.since != "" || h.maxCommits > 0) {
		return pipeline.HistoryOptions{}, usageError("--cache records the whole history: it cannot be combined with --range, --branch, --since or --max-commits")
	}
	// A CI gate fails closed over an incomplete history unless told not to.
	ci := inCI()
	return pipeline.HistoryOptions{Revs: h.branches, Range: h.rng, Since: since, SinceText: h.since,
		MaxCommits: h.maxCommits, FailOnShallow: h.failOnShallow || ci && !h.allowShallow, InCI: ci && !h.failOnShallow,
		CacheDir: h.cache}, nil
}

// parseSince parses --since: a date (midnight UTC) or an RFC 3339 time.
func parseSince(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want a date (2024-01-31) or an RFC 3339 time (2024-01-31T12:00:00Z)", s)
}

func parseSize(given string) (int64, error) {
	s := strings.TrimSpace(given)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want bytes, or a number with KiB, MiB or GiB (10MiB)", given)
	}
	return n * mult, nil
}

// scanOptions turns the flags into the pipeline's options.
func (a *app) scanOptions(args []string, h *historyFlags) (pipeline.Options, error) {
	var o pipeline.Options
	maxSize, err := parseSize(a.opts.maxFileSize)
	if err != nil {
		return o, usageError("--max-file-size: %v", err)
	}
	if !slices.Contains(report.Formats, a.opts.format) {
		return o, usageError("--format %q: want one of %s", a.opts.format, strings.Join(report.Formats, ", "))
	}
	hist, err := h.options()
	if err != nil {
		return o, err
	}
	o = pipeline.Options{
		Config: a.opts.config, ConfigFrom: a.opts.configFrom, Baseline: a.opts.baseline, MaxFileSize: maxSize,
		History: hist, Version: toolVersion(), Tests: a.opts.tests, GoDownload: a.opts.goDownload,
	}
	if len(args) == 1 {
		o.Root = args[0]
	}
	a.scanRoot = o.Root
	if a.scanRoot == "" {
		a.scanRoot = "."
	}
	if a.opts.verify {
		o.Verify = &pipeline.VerifyOptions{BaseURL: a.opts.apiBaseURL, UserAgent: "aaiguard/" + toolVersion()}
	}
	return o, nil
}

// runScan runs command's plan and writes the report.
func (a *app) runScan(ctx context.Context, command pipeline.Command, args []string, h *historyFlags) error {
	o, err := a.scanOptions(args, h)
	if err != nil {
		return err
	}
	if err := a.checkOutput(); err != nil {
		return &exitErr{code: exitError, err: err}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	obs := a.observer()
	o.Observer = obs
	rep, err := pipeline.Scan(ctx, command, o)
	obs.done()
	if ctx.Err() != nil {
		// Interrupted: no report, not even a complete-looking one from
		// stages that ended early; main says so and exits 130 or 143.
		return &exitErr{code: exitError}
	}
	if err != nil {
		var u *pipeline.UsageError
		if errors.As(err, &u) {
			return usageError("%v", u.Err)
		}
		return &exitErr{code: exitError, err: err}
	}
	if !a.quietClean(rep) {
		if err := a.writeReport(rep); err != nil {
			return &exitErr{code: exitError, err: err}
		}
	}
	a.errorsToStderr(rep)
	return a.exitFor(rep)
}

// quietClean reports whether a text report to the terminal can be left
// out: --quiet was given and there is nothing to report (no finding, no
// failing or warning checklist item, no note, error or skipped file). A
// hook is then silent on success; a report that says anything is printed.
func (a *app) quietClean(rep *report.Report) bool {
	if !a.opts.quiet || a.opts.format != "text" || (a.opts.output != "" && a.opts.output != "-") {
		return false
	}
	s := rep.Summary
	if len(rep.Findings) > 0 || s == nil || len(s.Notes) > 0 || len(s.Errors) > 0 || len(s.SkippedLarge) > 0 {
		return false
	}
	for _, c := range rep.Checklist {
		if c.Status == "fail" || c.Status == "warn" {
			return false
		}
	}
	return true
}

func displayRoot(root string) string {
	if root == "" || root == "." {
		return "the current directory"
	}
	return strings.TrimSuffix(root, "/")
}
