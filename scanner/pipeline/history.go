package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/source/history"
)

// Scope describes the part of the history the options select ("" for all
// of it), as the flags that selected it.
func (o HistoryOptions) Scope() string {
	var parts []string
	if o.Range != "" {
		parts = append(parts, "--range "+o.Range)
	}
	for _, b := range o.Revs {
		parts = append(parts, "--branch "+b)
	}
	if o.SinceText != "" {
		parts = append(parts, "--since "+o.SinceText)
	}
	if o.MaxCommits > 0 {
		parts = append(parts, fmt.Sprintf("--max-commits %d", o.MaxCommits))
	}
	return strings.Join(parts, " ")
}

// scanHistory scans the git history: every blob of the selected commits
// once, attributed to the commit that introduced it. For `history` a path
// outside any repository is an error; for `check` the work-tree pass has
// noted it.
func scanHistory(r *Run) error {
	o := r.opts.History
	only := r.command == CommandHistory
	start := time.Now()
	repo := r.repo
	if repo == nil {
		if only {
			return &fatal{fmt.Errorf("%s is not in a git repository: there is no history to scan", displayRoot(r.opts.Root))}
		}
		// GIT_DIR or GIT_WORK_TREE point at a repository the path does not
		// lead to: its history was not read.
		if v := gitEnv(); v != "" && o.FailOnShallow {
			return fmt.Errorf("history: %s is set, but %s is not in a git repository: the history was not scanned (run from the work tree with its .git, or pass --allow-shallow to accept it)", v, displayRoot(r.opts.Root))
		}
		return nil // check: the work-tree pass has noted it
	}
	opts := history.Options{
		Revs:        o.Revs,
		Range:       o.Range,
		Since:       o.Since,
		MaxCommits:  o.MaxCommits,
		Prefix:      historyPrefix(repo.WorkTree, r.tree.Root),
		MaxFileSize: r.maxSize(),
		// The full pass reports pack bytes read, the selective one blobs.
		Progress: func(p history.Progress) {
			if p.TotalBytes > 0 {
				r.obs.Progress("history", p.Bytes, p.TotalBytes, "bytes")
			} else {
				r.obs.Progress("history", p.Blobs, p.TotalBlobs, "blobs")
			}
		},
	}
	res, err := history.Scan(repo, r.engine, opts)
	if err != nil {
		if only {
			return &fatal{err}
		}
		r.historyUnread = "the git history could not be scanned (" + err.Error() + ")"
		return err
	}
	r.add(res.Findings...)
	s := r.rep.Summary
	s.Commits += res.Commits
	s.Blobs += res.Blobs
	r.counted(0, res.Bytes, res.Binary, res.TooLarge, "history: ")
	if len(res.TooLarge) > 0 {
		var what []string
		for _, sk := range res.TooLarge {
			what = append(what, fmt.Sprintf("%s (%s)", sk.Path, report.HumanBytes(sk.Size)))
		}
		r.doubts(fmt.Sprintf("%d blob(s) of the history were over --max-file-size and not scanned: %s", len(what), listSome(what, 5)), catalog.EnvKey)
	}
	for _, n := range res.Notes {
		r.note("%s", n)
	}
	if res.Commits == 0 && len(res.Errors) == 0 && o.Range == "" && len(o.Revs) == 0 && o.Since.IsZero() {
		r.note("history: the repository has no commits yet: no history to scan")
	}
	s.HistoryScope = o.Scope()
	if s.HistoryScope != "" && r.command == CommandCheck {
		r.note("history: only the commits selected by %s were scanned: keys in other commits were not looked for", s.HistoryScope)
	}
	if res.Shallow {
		s.Shallow = true
		msg := "history: the clone is shallow: commits before its depth were not scanned (fetch the full history: git fetch --unshallow)"
		if o.FailOnShallow {
			msg += failWhy(o, "fetch-depth: 0 on actions/checkout (GitLab: GIT_DEPTH: \"0\")")
			r.obs.Warn(msg)
			r.fail(errors.New(msg))
		} else {
			r.obs.Warn(msg)
			r.note("%s", msg)
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
			if o.FailOnShallow {
				msg += failWhy(o, "no filter on actions/checkout (and fetch-depth: 0)")
				r.obs.Warn(msg)
				r.fail(errors.New(msg))
			} else {
				r.obs.Warn(msg)
				r.note("%s", msg)
			}
		}
	}
	for _, e := range errs {
		r.fail(fmt.Errorf("history: %w", e))
	}
	if len(errs) > 0 {
		r.historyUnread = fmt.Sprintf("%d part(s) of the git history could not be read (the errors are listed in the summary): keys in them were not looked for", len(errs))
	}
	r.obs.Info(fmt.Sprintf("history: %d commits, %d blobs, %s scanned in %s",
		res.Commits, res.Blobs, report.HumanBytes(res.Bytes), time.Since(start).Round(time.Millisecond)))
	return nil
}

// failWhy says why an incomplete history is an error: --fail-on-shallow,
// or CI's default (fail closed), with CI's one-line fix.
func failWhy(o HistoryOptions, fix string) string {
	if o.InCI {
		return ": a CI gate must not pass over history it did not read: " + fix + ", or pass --allow-shallow to accept it"
	}
	return " (--fail-on-shallow)"
}

// historyPrefix is the scanned root's directory inside the repository
// whose work tree is workTree ("" for its top or a bare repository).
func historyPrefix(workTree, root string) string {
	if workTree == "" {
		return ""
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(workTree); err == nil {
		workTree = r
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return repoPath(workTree, root)
}

// gitEnv names the git environment variables set that relocate a
// repository ("GIT_DIR", "GIT_WORK_TREE"), or "".
func gitEnv() string {
	var set []string
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE"} {
		if os.Getenv(v) != "" {
			set = append(set, v)
		}
	}
	return strings.Join(set, " and ")
}
