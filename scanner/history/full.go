package history

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/gitobj"
)

// The full-history pass (every ref, the default) reads the object database
// once with gitobj.Walk: first every blob (scanned as it is inflated) and
// commit, then every tree. Trees are not kept: each one leaves only its
// subdirectory edges, the entries that name a blob of interest (with
// findings, too large to scan, or missing) and the entries the database
// lacks. Attribution then walks the commits oldest first over that small
// graph, descending only into trees that lead to a blob of interest.

// fullTree is what the pass keeps of a tree.
type fullTree struct {
	subs []fullEntry // subdirectories
	ents []fullEntry // blobs of interest, gitlinks, missing objects
}

type fullEntry struct {
	name string
	mode uint32
	hash gitobj.Hash
}

// fullWorker is one walk worker's state.
type fullWorker struct {
	found    map[gitobj.Hash][]finding.Finding
	large    map[gitobj.Hash]int64
	commits  map[gitobj.Hash]*gitobj.Commit
	trees    map[gitobj.Hash]*fullTree
	names    map[string]string
	missing  map[gitobj.Hash]bool // trees with a missing entry (checked whole in their deltas)
	blobs    int
	bytes    int64
	binary   int
	parseErr []error
}

func (w *fullWorker) intern(b []byte) string {
	if s, ok := w.names[string(b)]; ok {
		return s
	}
	s := string(b)
	w.names[s] = s
	return s
}

// scanFull scans the history reachable from every reference.
func scanFull(repo *Repo, e *detect.Engine, opts Options, res *Result) error {
	rd := repo.DB.NewReader(32 << 20)
	tips, _, err := selectTips(repo, rd, opts, res)
	if err != nil {
		return err
	}
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ws := make([]*fullWorker, workers)
	for i := range ws {
		ws[i] = &fullWorker{found: map[gitobj.Hash][]finding.Finding{}, large: map[gitobj.Hash]int64{},
			commits: map[gitobj.Hash]*gitobj.Commit{}, trees: map[gitobj.Hash]*fullTree{}, names: map[string]string{},
			missing: map[gitobj.Hash]bool{}}
	}
	var progress func(done, total int64)
	if opts.Progress != nil {
		var mu sync.Mutex
		progress = func(done, total int64) {
			mu.Lock()
			opts.Progress(Progress{Bytes: done, TotalBytes: total})
			mu.Unlock()
		}
	}
	t0 := time.Now()
	if os.Getenv("AAIGUARD_DEBUG_TIMING") != "" {
		gitobj.SetDebugTiming(func(w string) { dbg(w, t0) })
	}
	// Phase 1: blobs and commits; phase 2: trees, knowing which blobs
	// matter.
	interesting := map[gitobj.Hash]bool{}
	db := repo.DB
	errs := db.Walk(gitobj.WalkOptions{
		Phases:   [][]gitobj.Type{{gitobj.BlobObject, gitobj.CommitObject}, {gitobj.TreeObject}},
		Workers:  workers,
		Spans:    func(t gitobj.Type) bool { return t == gitobj.TreeObject },
		Progress: progress,
		// Blobs over the limit are not inflated (zip-bomb objects).
		MaxBlobSize: max(limit, 0),
		AfterPhase: func(phase int) {
			if phase != 0 {
				return
			}
			dbg("phase1", t0)
			for _, w := range ws {
				for h := range w.found {
					interesting[h] = true
				}
				for h := range w.large {
					interesting[h] = true
				}
			}
		},
		Visit: func(o *gitobj.Object) {
			w := ws[o.Worker]
			switch o.Type {
			case gitobj.BlobObject:
				switch {
				case o.Data == nil && o.Size > 0 || limit >= 0 && int64(len(o.Data)) > limit:
					w.large[o.Hash] = o.Size
				case detect.IsBinary(o.Data):
					w.binary++
				default:
					w.blobs++
					w.bytes += int64(len(o.Data))
					if fs := e.Scan(detect.Item{Content: o.Data}); len(fs) > 0 {
						w.found[o.Hash] = fs
					}
				}
			case gitobj.CommitObject:
				c, err := gitobj.ParseCommit(o.Data)
				if err != nil {
					w.parseErr = append(w.parseErr, fmt.Errorf("commit %s: %w", o.Hash, err))
					return
				}
				w.commits[o.Hash] = c
			case gitobj.TreeObject:
				w.tree(o, interesting, db)
			}
		},
	})
	dbg("phase2", t0)
	res.Errors = append(res.Errors, errs...)

	// Merge the workers' results.
	found := map[gitobj.Hash][]finding.Finding{}
	large := map[gitobj.Hash]int64{}
	commits := map[gitobj.Hash]*gitobj.Commit{}
	trees := map[gitobj.Hash]*fullTree{}
	for _, w := range ws {
		res.Blobs += w.blobs
		res.Bytes += w.bytes
		res.Binary += w.binary
		res.Errors = append(res.Errors, w.parseErr...)
		for h, v := range w.found {
			found[h] = v
		}
		for h, v := range w.large {
			large[h] = v
		}
		for h, v := range w.commits {
			commits[h] = v
		}
		for h, v := range w.trees {
			trees[h] = v
		}
	}
	ws = nil

	// Select every reachable commit, oldest first.
	cw := &commitWalk{rd: rd, shallow: repo.Shallow, preloaded: commits}
	nodes := cw.run(selectOpts{tips: tips})
	res.Errors = append(res.Errors, cw.errs...)
	ordered, err := topoOrder(nodes, repo.Shallow, repo.DB)
	if err != nil {
		res.Errors = append(res.Errors, err)
	}
	dbg("commits", t0)
	res.Commits = len(ordered)

	// Which trees lead to an entry of interest (memoised over the graph).
	leads := map[gitobj.Hash]bool{}
	var lead func(h gitobj.Hash) bool
	lead = func(h gitobj.Hash) bool {
		if v, ok := leads[h]; ok {
			return v
		}
		leads[h] = false // cycles cannot occur in git; guard anyway
		t := trees[h]
		v := false
		if t == nil {
			v = !db.Has(h) // a missing tree is of interest (reported)
		} else {
			for _, e := range t.ents {
				if !gitobj.IsSubmodule(e.mode) {
					v = true
				}
			}
			for _, s := range t.subs {
				if lead(s.hash) {
					v = true
				}
			}
		}
		leads[h] = v
		return v
	}
	src := &fullSource{trees: trees, lead: lead, db: db}
	// Submodules: counted once per gitlink entry of a reachable tree.
	seenTree := map[gitobj.Hash]bool{}
	var countSub func(h gitobj.Hash)
	countSub = func(h gitobj.Hash) {
		if seenTree[h] {
			return
		}
		seenTree[h] = true
		t := trees[h]
		if t == nil {
			return
		}
		for _, e := range t.ents {
			if gitobj.IsSubmodule(e.mode) {
				res.Submodules++
			}
		}
		for _, s := range t.subs {
			countSub(s.hash)
		}
	}
	reachedBlobs := map[gitobj.Hash]bool{}
	seen := map[string]bool{}
	largeNoted := map[gitobj.Hash]bool{}
	missingNoted := map[gitobj.Hash]bool{}
	prefixErr := map[string]bool{}
	for _, c := range ordered {
		countSub(c.Tree)
		tree, ok, err := subtree(src, c.Tree, opts.Prefix)
		if err != nil {
			// A tree on the way to the prefix is missing or corrupt: the
			// commit cannot be scanned (reported once per cause).
			if msg := err.Error(); !prefixErr[msg] {
				prefixErr[msg] = true
				res.Errors = append(res.Errors, fmt.Errorf("commit %s: %s: %w", c.hash, opts.Prefix, err))
			}
			continue
		}
		if !ok {
			continue
		}
		if !lead(tree) {
			continue
		}
		var ptrees []gitobj.Hash
		for _, p := range c.parents {
			pc := commits[p]
			if pc == nil {
				if n, ok := cw.nodes[p]; ok {
					pc = n.c
				}
			}
			if pc == nil {
				continue
			}
			if pt, ok, _ := subtree(src, pc.Tree, opts.Prefix); ok {
				ptrees = append(ptrees, pt)
			}
		}
		d := &differ{src: src}
		d.visit = func(path string, blob gitobj.Hash) {
			reachedBlobs[blob] = true
			if size, ok := large[blob]; ok && !largeNoted[blob] {
				largeNoted[blob] = true
				if !e.PathAllowed(path) {
					why := fmt.Sprintf("blob %s (commit %s) is larger than the %d-byte limit (--max-file-size)", blob, c.hash, limit)
					if size <= limit {
						why = fmt.Sprintf("blob %s (commit %s) is stored as a delta of a blob over the %d-byte limit (--max-file-size), which is not inflated", blob, c.hash, limit)
					}
					res.TooLarge = append(res.TooLarge, Skipped{Path: path, Size: size, Reason: why})
				}
				return
			}
			fs, ok := found[blob]
			if !ok {
				if !db.Has(blob) && !missingNoted[blob] {
					missingNoted[blob] = true
					res.Errors = append(res.Errors, fmt.Errorf("commit %s: %s: %w", c.hash, path, &gitobj.MissingError{Hash: blob}))
				}
				return
			}
			for _, f := range fs {
				f.File = path
				if len(e.FilterPath([]finding.Finding{f})) == 0 {
					continue
				}
				key := f.Rule + "\x00" + path + "\x00" + f.Secret.Reveal()
				if seen[key] {
					continue
				}
				seen[key] = true
				res.Findings = append(res.Findings, attributed(f, c))
			}
		}
		d.diff("", tree, ptrees)
		for _, err := range d.errs {
			res.Errors = append(res.Errors, fmt.Errorf("commit %s: %w", c.hash, err))
		}
	}
	dbg("attrib", t0)
	// Blobs with findings that no commit reaches: dangling objects (left by
	// a rebase or a reset) are local, never pushed; say so rather than
	// reporting them without provenance or dropping them silently.
	var dangling []string
	for h := range found {
		if !reachedBlobs[h] {
			dangling = append(dangling, h.String())
		}
	}
	if len(dangling) > 0 && opts.Prefix == "" {
		slices.Sort(dangling)
		n, more := len(dangling), ""
		if n > 5 {
			more = fmt.Sprintf(" and %d more", n-5)
			dangling = dangling[:5]
		}
		res.Notes = append(res.Notes, fmt.Sprintf("history: %d unreachable blob(s) (in no commit of any ref: left by a rebase, reset or dropped stash; local only, never pushed) hold possible secrets: %s%s; inspect them with git cat-file -p, then run git reflog expire --expire=now --all && git gc --prune=now",
			n, strings.Join(dangling, ", "), more))
	}
	if res.Submodules > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("history: %d submodule entries (gitlinks) were not followed: scan each submodule's own repository", res.Submodules))
	}
	slices.SortFunc(res.TooLarge, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	return nil
}

// fullSource lists the trees kept by the full pass, restricted to entries
// that lead to something of interest.
type fullSource struct {
	trees map[gitobj.Hash]*fullTree
	lead  func(gitobj.Hash) bool
	db    *gitobj.DB
	cache map[gitobj.Hash]*treeList
}

func (s *fullSource) list(h gitobj.Hash) (*treeList, error) {
	if s.cache == nil {
		s.cache = map[gitobj.Hash]*treeList{}
	}
	if t, ok := s.cache[h]; ok {
		return t, nil
	}
	t := s.trees[h]
	if t == nil {
		if !s.db.Has(h) {
			return nil, &gitobj.MissingError{Hash: h}
		}
		return nil, nil
	}
	l := &treeList{}
	for _, e := range t.subs {
		if s.lead(e.hash) {
			l.entries = append(l.entries, treeEntry(e))
		}
	}
	for _, e := range t.ents {
		if !gitobj.IsSubmodule(e.mode) {
			l.entries = append(l.entries, treeEntry(e))
		}
	}
	s.cache[h] = l
	return l, nil
}

func dbg(what string, t0 time.Time) {
	if os.Getenv("AAIGUARD_DEBUG_TIMING") != "" {
		fmt.Fprintf(os.Stderr, "%s %.2fs\n", what, time.Since(t0).Seconds())
	}
}

// tree keeps what the pass needs of a tree: its subdirectories, the
// entries naming blobs of interest or gitlinks, and the entries whose
// objects are missing. An entry copied whole from the tree's delta base was
// checked for existence there; only entries the delta inserted or split
// are looked up (a tree's delta is a few entries; its content is
// thousands).
func (w *fullWorker) tree(o *gitobj.Object, interesting map[gitobj.Hash]bool, db *gitobj.DB) {
	t := &fullTree{}
	checkAll := o.Spans == nil || w.missing[o.Base]
	spans := o.Spans
	it := gitobj.NewTreeIter(o.Data)
	for {
		mode, name, hash, start, ok := it.Next()
		if !ok {
			break
		}
		var h gitobj.Hash
		copy(h[:], hash)
		isDir := gitobj.IsDir(mode)
		switch {
		case isDir:
			t.subs = append(t.subs, fullEntry{name: w.intern(name), mode: mode, hash: h})
		case gitobj.IsSubmodule(mode):
			t.ents = append(t.ents, fullEntry{name: w.intern(name), mode: mode, hash: h})
			continue
		case len(interesting) > 0 && interesting[h]:
			t.ents = append(t.ents, fullEntry{name: w.intern(name), mode: mode, hash: h})
			continue
		}
		if !checkAll {
			end := it.Off()
			for len(spans) > 0 && spans[0].End <= start {
				spans = spans[1:]
			}
			if len(spans) > 0 && !spans[0].Insert && spans[0].Start <= start && end <= spans[0].End {
				continue
			}
		}
		if !db.Has(h) {
			w.missing[o.Hash] = true
			if !isDir {
				t.ents = append(t.ents, fullEntry{name: w.intern(name), mode: mode, hash: h})
			}
		}
	}
	if err := it.Err(); err != nil {
		w.parseErr = append(w.parseErr, fmt.Errorf("tree %s: %w", o.Hash, err))
	}
	w.trees[o.Hash] = t
}
