package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/history"
)

func init() {
	extraCommands = append(extraCommands, (*app).historyCmd)
	registerStage(stage{name: "history", order: 20, commands: []string{"check", "history"}, run: historyStage})
	// A key found both in the work tree and in history is reported once:
	// the work-tree finding, with the history's introducing commits in Also.
	registerStage(stage{name: "merge history", order: 80, commands: []string{"check"}, run: mergeHistoryStage})
}

// historyOpts are the history command's own flags.
type historyOpts struct {
	branches      []string
	rng           string
	since         string
	maxCommits    int
	failOnShallow bool
}

// historyFlags holds each app's history flags (the command sets them, the
// stage reads them; check uses the defaults).
var historyFlags sync.Map // *app -> *historyOpts

func (a *app) historyOpts() *historyOpts {
	if o, ok := historyFlags.Load(a); ok {
		return o.(*historyOpts)
	}
	return &historyOpts{}
}

func (a *app) historyCmd() *cobra.Command {
	o := &historyOpts{}
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
			if o.rng != "" && len(o.branches) > 0 {
				return usageError("--range and --branch cannot be combined")
			}
			if o.maxCommits < 0 {
				return usageError("--max-commits must not be negative")
			}
			if _, err := parseSince(o.since); err != nil {
				return usageError("%v", err)
			}
			historyFlags.Store(a, o)
			defer historyFlags.Delete(a)
			return a.runScan(cmd.Context(), "history", args)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.branches, "branch", nil, "scan the history of `REF` only (a branch, tag or commit; repeatable)")
	f.StringVar(&o.rng, "range", "", "scan the commits in `A..B` (reachable from B, not from A), e.g. origin/main..HEAD")
	f.StringVar(&o.since, "since", "", "scan commits committed on or after `DATE` (2024-01-31 or RFC 3339)")
	f.IntVar(&o.maxCommits, "max-commits", 0, "scan at most the `N` newest commits (0: all)")
	f.BoolVar(&o.failOnShallow, "fail-on-shallow", false, "exit 2 when the clone is shallow or partial (its history is incomplete)")
	return cmd
}

// scope describes the part of the history the options select ("" for
// all of it).
func (o *historyOpts) scope() string {
	var parts []string
	if o.rng != "" {
		parts = append(parts, "--range "+o.rng)
	}
	for _, b := range o.branches {
		parts = append(parts, "--branch "+b)
	}
	if o.since != "" {
		parts = append(parts, "--since "+o.since)
	}
	if o.maxCommits > 0 {
		parts = append(parts, fmt.Sprintf("--max-commits %d", o.maxCommits))
	}
	return strings.Join(parts, " ")
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

func historyStage(rc *runCtx) error {
	o := rc.app.historyOpts()
	start := time.Now()
	repo, err := gitrepo.Open(rc.root)
	if err != nil {
		if errors.Is(err, gitrepo.ErrNotRepository) {
			if rc.command == "history" {
				return &exitErr{code: exitError, err: fmt.Errorf("%s is not in a git repository: there is no history to scan", displayRoot(rc.root))}
			}
			return nil // the work-tree stage notes it
		}
		if rc.command == "history" {
			return &exitErr{code: exitError, err: err}
		}
		// check: the other stages still run and the report says what
		// could not be read (exit 2).
		return err
	}
	defer repo.Close()
	since, _ := parseSince(o.since)
	opts := history.Options{
		Revs:        o.branches,
		Range:       o.rng,
		Since:       since,
		MaxCommits:  o.maxCommits,
		Prefix:      historyPrefix(repo, rc),
		MaxFileSize: limitOrNone(rc.maxSize),
	}
	var bar *progressbar.ProgressBar
	if !rc.app.opts.quiet && stderrIsTTY(rc.app) {
		opts.Progress = func(p history.Progress) {
			if bar == nil {
				bar = progressbar.NewOptions64(p.TotalBlobs,
					progressbar.OptionSetWriter(rc.app.stderr),
					progressbar.OptionSetDescription("history: scanning blobs"),
					progressbar.OptionShowCount(),
					progressbar.OptionSetItsString("blobs"),
					progressbar.OptionShowIts(),
					progressbar.OptionSetPredictTime(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			}
			_ = bar.Set64(p.Blobs)
		}
	}
	res, err := history.Scan(repo, rc.engine, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		if rc.command == "history" {
			return &exitErr{code: exitError, err: err}
		}
		return err
	}
	rc.add(res.Findings...)
	s := rc.rep.Summary
	s.Commits += res.Commits
	s.Blobs += res.Blobs
	rc.counted(0, res.Bytes, res.Binary, res.TooLarge, "history: ")
	for _, n := range res.Notes {
		rc.note("%s", n)
	}
	if res.Commits == 0 && len(res.Errors) == 0 && o.rng == "" && len(o.branches) == 0 && o.since == "" {
		rc.note("history: the repository has no commits yet: no history to scan")
	}
	s.HistoryScope = o.scope()
	if s.HistoryScope != "" && rc.command == "check" {
		rc.note("history: only the commits selected by %s were scanned: keys in other commits were not looked for", s.HistoryScope)
	}
	if res.Shallow {
		s.Shallow = true
		msg := "history: the clone is shallow: commits before its depth were not scanned (fetch the full history: git fetch --unshallow)"
		fmt.Fprintf(rc.app.stderr, "aaiguard: %s\n", msg)
		if o.failOnShallow {
			rc.fail(errors.New(msg + " (--fail-on-shallow)"))
		} else {
			rc.note("%s", msg)
		}
	}
	errs := res.Errors
	if repo.Partial() {
		// A partial clone lacks objects on purpose: like a shallow clone,
		// say what was not scanned instead of failing every CI run that
		// checks out with a filter; --fail-on-shallow makes it an error.
		var missing int
		errs = errs[:0:0]
		for _, e := range res.Errors {
			var me *gitobj.MissingError
			if errors.As(e, &me) {
				missing++
				continue
			}
			errs = append(errs, e)
		}
		if missing > 0 {
			s.Partial = true
			msg := fmt.Sprintf("history: the clone is partial: %d object(s) its promisor remote holds are not in the local object store and were not scanned (clone without --filter, or git fetch --refetch)", missing)
			fmt.Fprintf(rc.app.stderr, "aaiguard: %s\n", msg)
			if o.failOnShallow {
				rc.fail(errors.New(msg + " (--fail-on-shallow)"))
			} else {
				rc.note("%s", msg)
			}
		}
	}
	for _, e := range errs {
		rc.fail(fmt.Errorf("history: %w", e))
	}
	if !rc.app.opts.quiet {
		fmt.Fprintf(rc.app.stderr, "aaiguard: history: %d commits, %d blobs, %s scanned in %s\n",
			res.Commits, res.Blobs, report.HumanBytes(res.Bytes), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// historyPrefix is the scanned root's directory inside the repository
// ("" for its top or a bare repository).
func historyPrefix(repo *gitrepo.Repo, rc *runCtx) string {
	if repo.WorkTree == "" {
		return ""
	}
	root, err := filepath.Abs(rc.root)
	if err != nil {
		return ""
	}
	wt := repo.WorkTree
	if r, err := filepath.EvalSymlinks(wt); err == nil {
		wt = r
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return repoPath(wt, root)
}

func stderrIsTTY(a *app) bool {
	f, ok := a.stderr.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// mergeHistoryStage reports a secret found both in the work tree and in
// the history once: the work-tree finding (where the key is now, with the
// current line) stays, and each history finding of the same rule and
// secret becomes one of its Also locations (file, line, commit, date of
// the commit that introduced it). A history finding whose secret is no
// longer in the work tree stays a finding of its own: the key must still
// be rotated.
func mergeHistoryStage(rc *runCtx) error {
	type key struct{ rule, secret string }
	current := map[key]int{} // -> index of the work-tree finding
	fs := rc.rep.Findings
	for i, f := range fs {
		if f.Source != finding.SourceWorktree {
			continue
		}
		k := key{f.Rule, f.Secret.Hash()}
		if k.secret == "" {
			continue
		}
		if j, ok := current[k]; !ok || fs[j].File > f.File {
			current[k] = i
		}
	}
	// Prefer the work-tree finding in the same file as the history one.
	samePath := map[string]int{}
	for i, f := range fs {
		if f.Source == finding.SourceWorktree && f.Secret.Hash() != "" {
			samePath[f.Rule+"\x00"+f.File+"\x00"+f.Secret.Hash()] = i
		}
	}
	drop := map[int]bool{}
	for i, f := range fs {
		if f.Source != finding.SourceHistory {
			continue
		}
		j, ok := samePath[f.Rule+"\x00"+f.File+"\x00"+f.Secret.Hash()]
		if !ok {
			j, ok = current[key{f.Rule, f.Secret.Hash()}]
		}
		if !ok {
			continue
		}
		fs[j].Also = append(fs[j].Also, finding.Location{File: f.File, Line: f.Line, Commit: f.Commit, Date: f.Date})
		drop[i] = true
	}
	if len(drop) == 0 {
		return nil
	}
	out := make([]finding.Finding, 0, len(fs)-len(drop))
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	rc.rep.Findings = out
	return nil
}
