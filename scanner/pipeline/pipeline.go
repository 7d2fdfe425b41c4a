// Package pipeline runs aaiguard's scanning commands (scan, check,
// history, staged) as explicit plans of named stages (plan.go) over one
// [Run]: sources (work tree, history, staged index) feed the checks (the
// secret engine, Go analyzers, code rules, hygiene), whose findings are
// post-processed (duplicates, retention, baseline, --verify) and graded
// (the checklist) into one report. The CLI (cmd/aaiguard) only parses
// flags, calls [Scan] and writes the report.
package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aaiguard/aaiguard/internal/errtext"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/post/baseline"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// Command names a plan.
type Command string

// The commands with a plan (plan.go).
const (
	CommandScan    Command = "scan"    // the work tree: secrets, Go analyzers, code rules, hygiene
	CommandCheck   Command = "check"   // scan + the git history + the checklist
	CommandHistory Command = "history" // the git history alone
	CommandStaged  Command = "staged"  // what is staged for the next commit
)

// Options configure one run.
type Options struct {
	// Root is the scanned path as the user gave it ("" or "."; the current
	// directory).
	Root string
	// Config is a configuration file given explicitly (--config); empty
	// means the repository's .aaiguard.toml, if any.
	Config string
	// ConfigFrom reads the repository's .aaiguard.toml from this commit
	// (--config-from REF, e.g. a pull request's base) instead of the work
	// tree, so that the change under review cannot switch the gate off.
	ConfigFrom string
	// Baseline is a previous JSON report whose findings are hidden.
	Baseline string
	// MaxFileSize skips larger files and blobs with a note; 0 means no
	// limit.
	MaxFileSize int64
	// History selects part of the history (history and check).
	History HistoryOptions
	// Verify, when set, asks AssemblyAI whether each key found is live.
	Verify *VerifyOptions
	// Tests makes the code rules and the Go analyzers judge test files too
	// (internal/testpath); keys in them are reported either way.
	Tests bool
	// GoDownload lets the go command fetch missing modules from GOPROXY
	// for the Go analyzers (--go-download; network, opt-in).
	GoDownload bool
	// Version is aaiguard's version, written into the report.
	Version string
	// Observer is told what the run is doing (stages, progress, messages
	// for the user); nil means nobody listens.
	Observer Observer
	// RepoBudget is the time budget of the repository's own rules and
	// allowlists, before its per-byte allowance (0: detect.RepoBudgetBase;
	// negative: spent before the run starts, for tests).
	RepoBudget time.Duration
}

// HistoryOptions select the part of the history that is scanned.
type HistoryOptions struct {
	Revs          []string  // --branch
	Range         string    // --range A..B
	Since         time.Time // --since
	SinceText     string    // --since as given, for the report's scope
	MaxCommits    int       // --max-commits
	FailOnShallow bool      // --fail-on-shallow, or CI without --allow-shallow
	// InCI says the run is a CI gate (CI=true): an incomplete history is
	// then an error by default, and its message names CI's one-line fix.
	InCI bool
	// CacheDir (--cache) holds the record of the last full-history scan
	// (scanner/scancache): a re-scan reads only what changed. Whole
	// history only.
	CacheDir string
}

// VerifyOptions configure --verify.
type VerifyOptions struct {
	BaseURL   string
	UserAgent string
}

// Observer is told what a run does. Calls come from the goroutine running
// the stage; Progress may come from several.
type Observer interface {
	// Stage says that a stage starts.
	Stage(command Command, name string)
	// Progress says how far a stage is: done of total units ("blobs",
	// "bytes", "files"); total 0 means unknown.
	Progress(stage string, done, total int64, unit string)
	// Info is a line the user may want while the run goes on (the history
	// summary); Warn one they must see (a shallow clone's warning), even
	// when they asked for quiet.
	Info(msg string)
	Warn(msg string)
}

type silent struct{}

func (silent) Stage(Command, string)                 {}
func (silent) Progress(string, int64, int64, string) {}
func (silent) Info(string)                           {}
func (silent) Warn(string)                           {}

// UsageError is a mistake in how the run was asked for (a bad option): the
// run did not start.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Run is the state of one run. What one stage hands the next is a field
// here; stages run one after the other.
type Run struct {
	ctx     context.Context
	opts    Options
	obs     Observer
	command Command

	repo   *gitrepo.Repo // nil outside a repository
	tree   *worktree.Tree
	cfg    *rules.Config
	engine *detect.Engine
	rep    *report.Report

	// evidence collects what supports a passing checklist item, by
	// checklist id: "path:line: what was seen".
	evidence map[string][]string
	// usage lists where AssemblyAI is used at all ("path:line: what").
	usage []string
	// unknown says, by checklist id, why a stage found nothing to judge.
	unknown map[string]string
	// doubt says, by checklist id, why an item cannot pass whatever its
	// evidence (a file not read whole, a rule the configuration switched
	// off); doubtAll applies to every item.
	doubt    map[string][]string
	doubtAll []string

	// files holds what the work-tree pass read once for later stages:
	// code-rule results and the content of hygiene's files.
	files *treeFiles
	// transcribes are the code rules' transcription requests, for the
	// repository-level retention judgement.
	transcribes []coderules.Loc

	// hist is what the history stage read, for "history findings" (and
	// the work tree, which skips the files it proves clean).
	hist *historyScan
	// historyUnread says what of the history could not be read (missing
	// or corrupt objects, a failed scan): env-key cannot pass over it.
	historyUnread string

	baseline  *baseline.Baseline
	baselined []finding.Finding
}

func (r *Run) close() {
	if r.repo != nil {
		r.repo.Close()
	}
}

// fail records a runtime error: the run goes on; the report is incomplete.
// Every report carries the message, so it is cleaned here once (one line,
// keys redacted, long paths cut: internal/errtext).
func (r *Run) fail(err error) {
	r.rep.Summary.Errors = append(r.rep.Summary.Errors, errtext.Clean(err.Error()))
}

// note records something the user must know about the scan's coverage.
func (r *Run) note(format string, a ...any) {
	r.rep.Summary.Notes = append(r.rep.Summary.Notes, fmt.Sprintf(format, a...))
}

// counted adds what a source scanned and skipped to the summary; reasons
// of skipped content get prefix (e.g. "history: ").
func (r *Run) counted(files int, bytes int64, binary int, tooLarge []finding.Skipped, prefix string) {
	s := r.rep.Summary
	s.FilesScanned += files
	s.BytesScanned += bytes
	s.SkippedBinary += binary
	for _, sk := range tooLarge {
		sk.Reason = prefix + sk.Reason
		s.SkippedLarge = append(s.SkippedLarge, sk)
	}
}

// add appends findings, dropping those of rules the configuration
// disables (code-implemented rules are disabled here; catalogue rules are
// never compiled).
func (r *Run) add(fs ...finding.Finding) {
	for _, f := range fs {
		if !r.cfg.Disabled[f.Rule] {
			r.rep.Findings = append(r.rep.Findings, f)
		}
	}
}

// addEvidence merges a check's evidence and reasons into the run.
func (r *Run) addEvidence(evidence map[string][]string, usage []string, unknown map[string]string) {
	for id, ev := range evidence {
		r.evidence[id] = append(r.evidence[id], ev...)
	}
	r.usage = append(r.usage, usage...)
	for id, why := range unknown {
		if r.unknown[id] == "" {
			r.unknown[id] = why
		}
	}
}

// doubts records why items cannot pass; no items means every item.
func (r *Run) doubts(why string, items ...string) {
	if len(items) == 0 {
		if !slices.Contains(r.doubtAll, why) {
			r.doubtAll = append(r.doubtAll, why)
		}
		return
	}
	for _, id := range items {
		if !slices.Contains(r.doubt[id], why) {
			r.doubt[id] = append(r.doubt[id], why)
		}
	}
}

// maxSize is --max-file-size in the sources' convention (negative: none).
func (r *Run) maxSize() int64 {
	if r.opts.MaxFileSize == 0 {
		return -1
	}
	return r.opts.MaxFileSize
}

// fatal is a stage error that ends the run without a report.
type fatal struct{ err error }

func (e *fatal) Error() string { return e.err.Error() }
func (e *fatal) Unwrap() error { return e.err }

// Scan runs command's plan and returns its report. An error means the run
// could not produce a report at all (a bad option, an unreadable
// configuration, a path that is not a repository for history): the
// caller exits 2. Errors met while scanning are in the report's
// Summary.Errors instead: the report is incomplete and the caller exits 2
// after writing it.
func Scan(ctx context.Context, command Command, o Options) (*report.Report, error) {
	start := time.Now()
	stages, ok := plans()[command]
	if !ok {
		return nil, &UsageError{fmt.Errorf("no plan for command %q", command)}
	}
	r, err := o.newRun(ctx, command)
	if err != nil {
		return nil, err
	}
	defer r.close()
	for _, s := range stages {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("interrupted: %w", err)
		}
		r.obs.Stage(command, s.name)
		if err := s.run(r); err != nil {
			var f *fatal
			var u *UsageError
			switch {
			case errors.As(err, &u):
				return nil, u
			case errors.As(err, &f):
				return nil, f.err
			}
			r.fail(fmt.Errorf("%s: %w", s.name, err))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted: %w", err)
	}
	if n := r.engine.RepoUnfinished(); n > 0 {
		r.fail(fmt.Errorf("the repository's own rules and allowlists (%s) took longer than their time budget (%s, plus a second per %d MiB scanned) and were not run on %d file(s), path(s) or candidate(s); the default rules were: make their regular expressions smaller (README, Configuration)",
			strings.Join(r.cfg.Sources[len(r.cfg.Sources)-1:], ", "), cmp.Or(r.opts.RepoBudget, detect.RepoBudgetBase), detect.RepoBudgetRate>>20, n))
	}
	r.rep.Summary.DurationMS = time.Since(start).Milliseconds()
	r.rep.Rules = Rules(r.cfg)
	r.rep.Summary.RepoPath = repoPath(r.tree.RepoRoot, r.tree.Root)
	return r.rep, nil
}
