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
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/report"
	"github.com/aaiguard/aaiguard/scanner/scancache"
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

// historyScan is what the history stage read, for the stage that reports
// it (the work tree runs between them in check, and may skip the files
// whose blobs the scan proved clean).
type historyScan struct {
	res   *history.Result
	err   error    // the scan failed (check: reported by "history findings")
	notes []string // what --cache said, in the report's order
	took  time.Duration
	// clean says which blobs this scan proved clean text (nil: none).
	clean func(gitobj.Hash) bool
}

// scanHistory scans the git history: every blob of the selected commits
// once, attributed to the commit that introduced it; reportHistory adds
// what it found to the report. For `history` a path outside any
// repository is an error; for `check` the work-tree pass has noted it.
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
			r.hist = &historyScan{err: fmt.Errorf("history: %s is set, but %s is not in a git repository: the history was not scanned (run from the work tree with its .git, or pass --allow-shallow to accept it)", v, displayRoot(r.opts.Root))}
		}
		return nil // check: the work-tree pass has noted it
	}
	h := &historyScan{}
	r.hist = h
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
	if o.CacheDir != "" {
		h.res, h.err = r.scanHistoryCached(repo, opts, h)
	} else {
		h.res, h.err = history.Scan(repo, r.engine, opts)
	}
	h.took = time.Since(start)
	if h.err != nil && only {
		return &fatal{h.err}
	}
	return nil
}

// reportHistory adds what the history stage found to the report: its
// findings, counts, notes and errors, and what of it could not be read.
func reportHistory(r *Run) error {
	h := r.hist
	if h == nil {
		return nil
	}
	o := r.opts.History
	repo := r.repo
	for _, n := range h.notes {
		r.note("%s", n)
	}
	if h.err != nil {
		if repo != nil {
			r.historyUnread = "the git history could not be scanned (" + h.err.Error() + ")"
		}
		r.fail(fmt.Errorf("history: %w", h.err)) // named as the stage that read it
		return nil
	}
	res := h.res
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
		res.Commits, res.Blobs, report.HumanBytes(res.Bytes), h.took.Round(time.Millisecond)))
	return nil
}

// scanHistoryCached is the full-history scan through the cache in
// --cache DIR: a record that cannot be used (damaged, for other rules, for
// another repository) is ignored with a note, and the history scanned
// whole; a record the history outgrew in ways it cannot follow (a
// rewrite, a repack) is replaced.
func (r *Run) scanHistoryCached(repo *gitrepo.Repo, opts history.Options, h *historyScan) (*history.Result, error) {
	o := r.opts.History
	note := func(format string, a ...any) { h.notes = append(h.notes, fmt.Sprintf(format, a...)) }
	dir, err := scancache.Open(o.CacheDir, repo.WorkTree, repo.GitDir)
	if err != nil {
		note("history: %v: not used; the history was scanned whole", err)
		return history.Scan(repo, r.engine, opts)
	}
	key, err := r.cacheKey(opts)
	if err != nil {
		note("history: --cache: %v: not used; the history was scanned whole", err)
		return history.Scan(repo, r.engine, opts)
	}
	id := repoIdentity(repo)
	rec, err := dir.Load(key, id)
	if err != nil {
		note("history: %v: ignored; the history was scanned whole", err)
		rec = nil
	}
	res, ck, err := history.ScanCached(repo, r.engine, opts, rec, key, id)
	if err != nil {
		return nil, err
	}
	switch {
	case ck.Resumed:
		r.obs.Info(fmt.Sprintf("history: --cache: %d recorded commits not read again; %d new commit(s), %d new blob(s) scanned", ck.Commits, ck.NewCommits, ck.NewBlobs))
	case ck.Declined != "":
		r.obs.Info("history: --cache: the record was not used (" + ck.Declined + "); the history was scanned whole")
	}
	if ck.Record != nil && r.engine.RepoUnfinished() > 0 {
		// A blob the repository's rules did not finish on is not proven.
		ck.Record, ck.NotRecorded = nil, "the repository's own rules did not finish within their time budget"
	}
	if ck.Record == nil {
		r.obs.Info("history: --cache: this scan was not recorded (" + ck.NotRecorded + ")")
		return res, nil
	}
	if db, err := repo.Objects(); err == nil {
		h.clean = ck.CleanText(db)
	}
	if ck.Unchanged {
		return res, nil
	}
	if err := dir.Save(ck.Record); err != nil {
		note("history: --cache: %v", err)
	}
	return res, nil
}

// cacheKey is the fingerprint of what decides a history scan's result:
// aaiguard's version (for a development build, whose version names no
// code, also its executable file: path, size and modification time, which
// every rebuild changes), the configuration's digest and the scan options.
func (r *Run) cacheKey(opts history.Options) ([32]byte, error) {
	version := r.opts.Version
	if version == "" || strings.HasPrefix(version, "dev") {
		exe, err := os.Executable()
		if err == nil {
			var st os.FileInfo
			if st, err = os.Stat(exe); err == nil {
				version += fmt.Sprintf("\x00%s\x00%d\x00%d", exe, st.Size(), st.ModTime().UnixNano())
			}
		}
		if err != nil {
			return [32]byte{}, fmt.Errorf("a development build's version names no code, and its executable cannot be found: %w", err)
		}
	}
	digest := r.cfg.Digest()
	return scancache.Key([]byte(version), digest[:], []byte(fmt.Sprint(opts.MaxFileSize)), []byte(opts.Prefix), []byte(r.opts.RepoBudget.String())), nil
}

// repoIdentity names the repository a cache record belongs to: its
// object store's resolved path (shared by its linked work trees).
func repoIdentity(repo *gitrepo.Repo) string {
	dir := repo.CommonDir
	if dir == "" {
		dir = repo.GitDir
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir
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
