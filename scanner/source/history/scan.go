// Package history scans the git history of a repository for secrets: every
// unique blob reachable from the selected commits is read once and scanned
// once, in parallel; only the blobs with findings are then attributed to
// the commit that introduced them, walking commits oldest first. A secret
// that stays in a file across many commits is one finding, at its first
// commit. Content introduced by a merge commit (a conflict resolution that
// matches no parent) is covered.
//
// Objects are read with package gitobj (go-git's pack and index formats
// with tuned access); references with go-git.
package history

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// DefaultMaxFileSize is the size above which blobs are skipped with a
// note, as in the work tree.
const DefaultMaxFileSize = 10 << 20

// Options select what to scan.
type Options struct {
	// Revs are revisions whose history is scanned (--branch); empty means
	// every reference.
	Revs []string
	// Range is "A..B": commits reachable from B and not from A.
	Range string
	// Since keeps commits committed at or after it.
	Since time.Time
	// MaxCommits keeps the newest N selected commits (0: all).
	MaxCommits int
	// Prefix restricts the scan to a repository-relative directory
	// (slash-separated, no trailing slash); paths in findings are then
	// relative to it.
	Prefix string
	// MaxFileSize: 0 means DefaultMaxFileSize, negative no limit.
	MaxFileSize int64
	// Workers scanning blobs; 0 means GOMAXPROCS.
	Workers int
	// Selective forces the selective scan (commit by commit, reading only
	// what the selected commits changed) even for the whole history;
	// tests compare it with the full pass.
	Selective bool
	// Progress, when set, is called from time to time (and once at the
	// end) from the scanning goroutines.
	Progress func(Progress)
	// Timing, when set, receives the full pass's phases (elapsed time,
	// peak and resident memory) and how much its shortcuts saved; when
	// nil, AAIGUARD_DEBUG_TIMING=1 sends them to stderr.
	Timing io.Writer

	// afterFull, when set, sees the full pass once it is done (ScanCached
	// records it).
	afterFull func(*fullPass)
}

// Progress reports how far a scan is.
// The full-history pass reports pack bytes (Bytes of TotalBytes); the
// selective one blobs (Blobs of TotalBlobs) and bytes scanned.
type Progress struct {
	Blobs, TotalBlobs int64
	Bytes, TotalBytes int64
}

// Skipped is a blob that was not scanned, and why.
type Skipped = finding.Skipped

// Result is what a history scan found.
type Result struct {
	Findings []finding.Finding
	Commits  int   // commits walked
	Blobs    int   // unique blobs scanned
	Bytes    int64 // bytes scanned
	Binary   int   // binary blobs skipped
	TooLarge []Skipped
	Shallow  bool
	// Submodules counts gitlink entries met (submodules are not followed).
	Submodules int
	Notes      []string
	// Errors make the result incomplete (missing or corrupt objects).
	Errors []error

	stats passStats
	// tags are the selected refs that reach annotated tags or name a
	// blob or tree (scanTags).
	tags []tagRef
}

// passStats count how the full pass saved work (tests check that the
// shortcuts are taken; AAIGUARD_DEBUG_TIMING prints them).
type passStats struct {
	blobEdits     int // blobs found keyword-free from their delta alone
	blobWhole     int // blobs searched whole for keywords
	blobScanned   int // blobs with a keyword, verified and scanned
	bytesScanned  int64
	entriesCopied int // tree entries taken from the delta base in hand
	entriesParsed int
	lookups       int // existence checks of parsed entries
}

// Scan scans the history of repo with the engine.
func Scan(repo *gitrepo.Repo, e *detect.Engine, opts Options) (*Result, error) {
	db, err := repo.Objects()
	if err != nil {
		return nil, err
	}
	res := &Result{Shallow: len(repo.Shallow) > 0}
	if opts.Timing == nil {
		opts.Timing = timingFromEnv()
	}
	if opts.Range == "" && len(opts.Revs) == 0 && opts.Since.IsZero() && opts.MaxCommits == 0 && !opts.Selective {
		if err := scanFull(repo, db, e, opts, res); err != nil {
			return nil, err
		}
		noteSubmodules(res)
		return res, nil
	}
	rd := db.NewReader(32 << 20)
	tips, excludes, err := selectTips(repo, rd, opts, res)
	if err != nil {
		return nil, err
	}
	msgFound := map[gitobj.Hash][]finding.Finding{}
	w := &commitWalk{rd: rd, shallow: repo.Shallow, message: func(h gitobj.Hash, b []byte) {
		if fs := scanMessage(e, message(b)); len(fs) > 0 {
			msgFound[h] = fs
		}
	}}
	nodes := w.run(selectOpts{tips: tips, excludes: excludes, since: opts.Since, max: opts.MaxCommits})
	res.Errors = append(res.Errors, w.errs...)
	commits, err := topoOrder(nodes, repo.Shallow, db)
	if err != nil {
		res.Errors = append(res.Errors, err)
	}
	res.Commits = len(commits)

	// Walk the selected commits oldest first and record what each one
	// introduced.
	type pair struct {
		commit int
		path   string
		blob   gitobj.Hash
	}
	var pairs []pair
	blobIdx := map[gitobj.Hash]int{}
	var blobs []blobJob
	src := newReadTrees(rd)
	msgSeen, unsafeSeen := map[string]bool{}, map[string]bool{}
	for ci, c := range commits {
		if fs := msgFound[c.hash]; len(fs) > 0 {
			messageFindings(res, e, fs, c, msgSeen)
		}
		d := &differ{src: src}
		d.visit = func(path string, blob gitobj.Hash) {
			if e.PathAllowed(path) {
				return
			}
			pairs = append(pairs, pair{commit: ci, path: path, blob: blob})
			if _, ok := blobIdx[blob]; !ok {
				blobIdx[blob] = len(blobs)
				blobs = append(blobs, blobJob{hash: blob, path: path, commit: ci})
			}
		}
		tree, ok, err := subtree(src, c.Tree, opts.Prefix)
		if err != nil {
			res.Errors = append(res.Errors, fmt.Errorf("commit %s: %w", c.hash, err))
			continue
		}
		if !ok {
			continue
		}
		var ptrees []gitobj.Hash
		for _, p := range c.parents {
			pn, ok := w.nodes[p]
			if !ok {
				pc, err := readCommit(rd, p)
				if err != nil {
					res.Errors = append(res.Errors, fmt.Errorf("commit %s (parent of %s): %w", p, c.hash, err))
					continue
				}
				pn = &walkNode{hash: p, c: pc}
				w.nodes[p] = pn
			}
			pt, ok, err := subtree(src, pn.c.Tree, opts.Prefix)
			if err != nil {
				res.Errors = append(res.Errors, fmt.Errorf("commit %s: %w", p, err))
				continue
			}
			if ok {
				ptrees = append(ptrees, pt)
			}
		}
		d.diff("", tree, ptrees)
		addUnsafeNotes(res, d, unsafeSeen)
		res.Submodules += d.submodules
		for _, err := range d.errs {
			res.Errors = append(res.Errors, fmt.Errorf("commit %s: %w", c.hash, err))
		}
	}

	// Scan every introduced blob once, in parallel (the workers' readers
	// share the memory budget: this one's cache is given back first).
	rd.Release()
	found := scanBlobs(db, e, blobs, opts, res)

	// Attribute: the first commit (oldest first) where each (rule, path,
	// secret) appears.
	seen := map[string]bool{}
	for _, p := range pairs {
		fs := found[blobIdx[p.blob]]
		if len(fs) == 0 {
			continue
		}
		c := commits[p.commit]
		for _, f := range fs {
			f.File = p.path
			if len(e.FilterPath([]finding.Finding{f})) == 0 {
				continue
			}
			key := f.Rule + "\x00" + p.path + "\x00" + f.Secret.Reveal()
			if seen[key] {
				continue
			}
			seen[key] = true
			res.Findings = append(res.Findings, attributed(f, c))
		}
	}
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	scanTags(rd, e, res.tags, limit, res, nil)
	rd.Release()
	noteSubmodules(res)
	return res, nil
}

func readCommit(rd *gitobj.Reader, h gitobj.Hash) (*gitobj.Commit, error) {
	t, b, err := rd.Read(h)
	if err != nil {
		return nil, err
	}
	if t != gitobj.CommitObject {
		return nil, fmt.Errorf("object %s is a %s, not a commit", h, t)
	}
	return gitobj.ParseCommit(b)
}

// attributed completes a blob's finding with its commit.
func attributed(f finding.Finding, c commit) finding.Finding {
	f.Source = finding.SourceHistory
	f.Commit = c.hash.String()
	f.Author = c.AuthorName
	f.Email = c.AuthorEmail
	if !c.AuthorTime.IsZero() {
		f.Date = c.AuthorTime.Format(time.RFC3339)
	}
	f.SetEvidence(f.Secret.Reveal())
	return f
}

// selectTips turns the options into the walk's tips and excludes.
func selectTips(repo *gitrepo.Repo, rd *gitobj.Reader, opts Options, res *Result) (tips, excludes []gitobj.Hash, err error) {
	// Many refs name one object (40,000 branches at one commit): each
	// object is peeled once.
	peeledBy := map[gitobj.Hash]peeled{}
	addTip := func(name string, h gitobj.Hash, to *[]gitobj.Hash) error {
		p, ok := peeledBy[h]
		if !ok {
			var err error
			if p, err = peel(rd, name, h); err != nil {
				return err
			}
			peeledBy[h] = p
		}
		if p.typ == gitobj.CommitObject {
			*to = append(*to, p.hash)
		}
		// Annotated tags' messages, and a tree or blob a ref names (git.git
		// tags its signing key's blob), are pushed too: scanTags reads them.
		if to == &tips && (len(p.tags) > 0 || p.typ != gitobj.CommitObject) {
			res.tags = append(res.tags, tagRef{ref: name, tags: p.tags, target: p.hash, typ: p.typ})
		}
		return nil
	}
	switch {
	case opts.Range != "":
		from, to, err := parseRange(opts.Range)
		if err != nil {
			return nil, nil, err
		}
		hf, err := repo.Resolve(from)
		if err != nil {
			return nil, nil, err
		}
		ht, err := repo.Resolve(to)
		if err != nil {
			return nil, nil, err
		}
		if err := addTip(from, hf, &excludes); err != nil {
			return nil, nil, err
		}
		if err := addTip(to, ht, &tips); err != nil {
			return nil, nil, err
		}
	case len(opts.Revs) > 0:
		for _, rev := range opts.Revs {
			h, err := repo.Resolve(rev)
			if err != nil {
				return nil, nil, err
			}
			if err := addTip(rev, h, &tips); err != nil {
				return nil, nil, err
			}
		}
	default:
		refs, err := repo.Refs()
		if err != nil {
			return nil, nil, err
		}
		for _, r := range refs {
			if err := addTip(r.Name, r.Hash, &tips); err != nil {
				// A ref to a missing object: the rest of the history is
				// still scanned, and the run is incomplete.
				res.Errors = append(res.Errors, err)
			}
		}
	}
	return tips, excludes, nil
}

// blobJob is a blob to scan, with the first path and commit it was seen at
// (for notes about skipped blobs).
type blobJob struct {
	hash   gitobj.Hash
	path   string
	commit int
}

// scanBlobs scans the blobs on all cores and returns each one's findings
// (scanned without a path: a path only removes findings).
func scanBlobs(db *gitobj.DB, e *detect.Engine, jobs []blobJob, opts Options, res *Result) [][]finding.Finding {
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Read in pack order, so that delta bases are warm in each reader's
	// cache.
	order := make([]int, len(jobs))
	locs := make([]gitobj.Location, len(jobs))
	for i := range jobs {
		order[i] = i
		locs[i] = db.Locate(jobs[i].hash)
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(locs[a].Pack, locs[b].Pack), cmp.Compare(locs[a].Offset, locs[b].Offset))
	})
	found := make([][]finding.Finding, len(jobs))
	var next, done, bytesDone atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	chunk := 64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rd := db.NewMeteredReader(16 << 20)
			defer rd.Release()
			for {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= len(order) {
					return
				}
				for _, i := range order[start:min(start+chunk, len(order))] {
					j := jobs[i]
					t, b, size, err := rd.ReadLimited(j.hash, limit)
					mu.Lock()
					switch {
					case err != nil:
						res.Errors = append(res.Errors, fmt.Errorf("%s: %w", j.path, err))
					case t != gitobj.BlobObject:
						res.Errors = append(res.Errors, fmt.Errorf("%s: object %s is a %s, not a blob", j.path, j.hash, t))
					case b == nil && size > 0:
						why := fmt.Sprintf("blob %s is larger than the %d-byte limit (--max-file-size)", j.hash, limit)
						if size <= limit {
							why = fmt.Sprintf("blob %s is stored as a delta of a blob over the %d-byte limit (--max-file-size), which is not inflated", j.hash, limit)
						}
						res.TooLarge = append(res.TooLarge, Skipped{Path: j.path, Size: size, Reason: why})
					case detect.IsBinary(b):
						res.Binary++
					default:
						res.Blobs++
						res.Bytes += int64(len(b))
					}
					mu.Unlock()
					if err == nil && t == gitobj.BlobObject && b != nil && !detect.IsBinary(b) {
						found[i] = e.Scan(detect.Item{Content: b})
						bytesDone.Add(int64(len(b)))
					}
					n := done.Add(1)
					if opts.Progress != nil && n%256 == 0 {
						opts.Progress(Progress{Blobs: n, TotalBlobs: int64(len(jobs)), Bytes: bytesDone.Load()})
					}
				}
			}
		}()
	}
	wg.Wait()
	if opts.Progress != nil {
		opts.Progress(Progress{Blobs: done.Load(), TotalBlobs: int64(len(jobs)), Bytes: bytesDone.Load()})
	}
	slices.SortFunc(res.TooLarge, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	return found
}

// noteSubmodules says, last, how many gitlink entries were not followed:
// after the pass, so that a scan cache records the notes without it and a
// resumed scan says it with its own count.
func noteSubmodules(res *Result) {
	if res.Submodules > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("history: %d submodule entries (gitlinks) were not followed: scan each submodule's own repository", res.Submodules))
	}
}
