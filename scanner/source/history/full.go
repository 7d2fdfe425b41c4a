package history

import (
	"bytes"
	"fmt"
	"maps"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/scancache"
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
	// Subdirectories, as numbers in the table of worker w (fullWorker.
	// subTab): successive versions of a tree name the same subdirectories
	// again and again (tldr's trees hold 3.7M subdirectory entries, 204k
	// distinct), so each distinct entry is kept once and a tree holds 4
	// bytes per entry, with no pointer for the collector to follow (peak
	// RSS of the full pass: tldr 497 -> 384 MB, terraform 601 -> 423 MB).
	subs []int32
	ents []fullEntry // blobs of interest, gitlinks, missing objects
	idx  int32       // dense number (gitobj.DB.Index), -1 for a loose tree
	w    int32       // the worker whose table subs index
	// After the pass: whether a reachable tree was visited, and whether
	// it leads to an entry of interest (or a missing tree).
	visited, leads bool
}

type fullEntry struct {
	name string
	mode uint32
	idx  int32 // subdirectories: the dense number (gitobj.DB.Index), -1 if none
	hash gitobj.Hash
}

// fullWorker is one walk worker's state.
type fullWorker struct {
	// Which blobs were scanned (text, binary) and which ones some tree
	// names (refd): by gitobj.DB.Index for packed blobs, by name for
	// loose ones. Summary counts only blobs a tree names: a blob staged
	// and then replaced is in no tree (see countBlobs).
	text, bin, refd               bitset
	looseText, looseBin, looseRef map[gitobj.Hash]bool
	found                         map[gitobj.Hash][]finding.Finding
	large                         map[gitobj.Hash]int64
	commits                       map[gitobj.Hash]*gitobj.Commit
	msgFound                      map[gitobj.Hash][]finding.Finding // commit messages with findings
	// trees are the packed trees by number, shared by the workers (an
	// object in two packs is visited twice: the first to finish is kept);
	// looseTrees the loose ones. A map by hash of every tree cost tldr's
	// pass 4% of its CPU (insertion, growth, merging).
	trees      []atomic.Pointer[fullTree]
	looseTrees map[gitobj.Hash]*fullTree
	names      map[string]string
	subTab     []fullEntry          // distinct subdirectory entries (fullTree.subs)
	subIdx     map[subKey]int32     // their numbers in subTab
	missing    map[gitobj.Hash]bool // trees with a missing entry (checked whole in their deltas)
	// What the worker keeps of the trees and blobs in hand, by delta depth.
	treeSlots []*treeSlot
	scratch   treeSlot
	blobSlots []blobSlot
	copied    [][2]int
	stats     passStats
	bytes     int64
	parseErr  []error
}

// subKey names a distinct subdirectory entry (its dense number follows
// from its hash).
type subKey struct {
	name string
	mode uint32
	hash gitobj.Hash
}

// sub returns the number of subdirectory entry (name, mode, h) in the
// worker's table, adding it.
func (w *fullWorker) sub(db *gitobj.DB, name []byte, mode uint32, h gitobj.Hash) int32 {
	k := subKey{name: w.intern(name), mode: mode, hash: h}
	if r, ok := w.subIdx[k]; ok {
		return r
	}
	idx, ok := db.Index(h)
	if !ok {
		idx = -1
	}
	r := int32(len(w.subTab))
	w.subTab = append(w.subTab, fullEntry{name: k.name, mode: mode, idx: int32(idx), hash: h})
	w.subIdx[k] = r
	return r
}

func (w *fullWorker) intern(b []byte) string {
	if s, ok := w.names[string(b)]; ok {
		return s
	}
	s := string(b)
	w.names[s] = s
	return s
}

// scanFull scans the history reachable from every reference, in named
// phases: plan (tips and limits), walk (every object once: blobs scanned,
// commits parsed, trees reduced), merge (the workers' results),
// reachability (the commits every ref reaches, oldest first, and which
// trees lead to an entry of interest), attribution (findings to the commit
// that introduced them) and notes (what the counts mean, what was not
// attributed).
func scanFull(repo *gitrepo.Repo, db *gitobj.DB, e *detect.Engine, opts Options, res *Result) error {
	p, err := planFull(repo, db, e, opts, res)
	if err != nil {
		return err
	}
	p.walk() // starts the reachability phase once the commits are read
	if err := p.waitTips(); err != nil {
		return err
	}
	p.merge()
	p.reachabilityDone()
	p.attribute()
	p.notes()
	if opts.afterFull != nil {
		opts.afterFull(p)
	}
	return nil
}

// fullPass is one full-history pass: what each phase hands the next.
type fullPass struct {
	repo  *gitrepo.Repo
	db    *gitobj.DB
	e     *detect.Engine
	opts  Options
	res   *Result
	limit int64 // --max-file-size; negative: none
	clock *timing
	rd    *gitobj.Reader
	tips  []gitobj.Hash
	// tipsDone delivers selectTips's error once p.tips is set (tipsErr:
	// what it delivered, once waitTips took it).
	tipsDone chan error
	tipsErr  error

	// walk
	ws []*fullWorker

	// merge
	found    map[gitobj.Hash][]finding.Finding
	msgFound map[gitobj.Hash][]finding.Finding // commit messages
	large    map[gitobj.Hash]int64
	commits  map[gitobj.Hash]*gitobj.Commit
	// Trees by dense number (the walk of the tree graph follows numbers,
	// not hashes), loose ones by hash.
	trees      []atomic.Pointer[fullTree] // the workers' (fullWorker.trees)
	looseTrees map[gitobj.Hash]*fullTree
	subTabs    [][]fullEntry // by worker: what fullTree.subs index
	unnamed    int           // blobs scanned that no tree names

	// reachability
	cw          *commitWalk
	reached     chan []error // reachability's errors, when it is done
	ordered     []commit
	missingTree map[gitobj.Hash]bool

	// attribution
	reachedBlobs map[gitobj.Hash]bool

	// for ScanCached: the blobs no tree names, the binary blobs, and the
	// packs and loose objects listed before the walk (an object written
	// during the scan is not recorded as read)
	unnamedBlobs []gitobj.Hash
	binBlobs     []gitobj.Hash
	stored       *scancache.Record
	storedErr    error
}

// planFull resolves the tips (every ref) and the limits, and sets up one
// state per walk worker.
func planFull(repo *gitrepo.Repo, db *gitobj.DB, e *detect.Engine, opts Options, res *Result) (*fullPass, error) {
	p := &fullPass{repo: repo, db: db, e: e, opts: opts, res: res, clock: newTiming(opts.Timing)}
	p.rd = db.NewReader(32 << 20)
	// The tips are resolved while the walk plans (every ref peeled: 0.2 s
	// for tldr's 22k refs, serial before); the walk waits for them before
	// it reads an object, and stops if they failed. Until then they touch
	// only p.tips, res.tags and res.Errors (a ref to a missing object),
	// which the walk does not touch before then.
	p.tipsDone = make(chan error, 1)
	go func() {
		rd := db.NewReader(1 << 20)
		defer rd.Release()
		tips, _, err := selectTips(repo, rd, opts, res)
		p.tips = tips
		p.tipsDone <- err
	}()
	if opts.afterFull != nil {
		p.stored = &scancache.Record{}
		p.storedErr = storage(db, p.stored, nil)
	}
	p.limit = opts.MaxFileSize
	if p.limit == 0 {
		p.limit = DefaultMaxFileSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p.ws = make([]*fullWorker, workers)
	nb := (db.PackedObjects() + 63) / 64
	p.trees = make([]atomic.Pointer[fullTree], db.PackedObjects()) // shared with the workers
	for i := range p.ws {
		p.ws[i] = &fullWorker{text: make(bitset, nb), bin: make(bitset, nb), refd: make(bitset, nb),
			looseText: map[gitobj.Hash]bool{}, looseBin: map[gitobj.Hash]bool{}, looseRef: map[gitobj.Hash]bool{},
			found: map[gitobj.Hash][]finding.Finding{}, large: map[gitobj.Hash]int64{},
			commits: map[gitobj.Hash]*gitobj.Commit{}, msgFound: map[gitobj.Hash][]finding.Finding{}, trees: p.trees, looseTrees: map[gitobj.Hash]*fullTree{}, names: map[string]string{},
			subIdx: map[subKey]int32{}, missing: map[gitobj.Hash]bool{}}
	}
	return p, nil
}

// walk reads every object of the database once (gitobj.Walk): phase 1
// scans blobs as they are inflated and parses commits; phase 2 reduces
// the trees, knowing which blobs matter.
func (p *fullPass) walk() {
	var progress func(done, total int64)
	if p.opts.Progress != nil {
		var mu sync.Mutex
		progress = func(done, total int64) {
			mu.Lock()
			p.opts.Progress(Progress{Bytes: done, TotalBytes: total})
			mu.Unlock()
		}
	}
	interesting := map[gitobj.Hash]bool{}
	db, e, ws, limit := p.db, p.e, p.ws, p.limit
	p.rd.Release() // (its cache: the walk holds the memory now)
	errs := db.Walk(gitobj.WalkOptions{
		Phases:   [][]gitobj.Type{{gitobj.BlobObject, gitobj.CommitObject}, {gitobj.TreeObject}},
		Workers:  len(ws),
		Spans:    func(t gitobj.Type) bool { return t == gitobj.TreeObject || t == gitobj.BlobObject },
		Progress: progress,
		// Blobs over the limit are not inflated (zip-bomb objects).
		MaxBlobSize: max(limit, 0),
		Planned: func() error {
			p.clock.mark("plan")
			return p.waitTips()
		},
		AfterPhase: func(phase int) {
			if phase != 0 {
				return
			}
			p.clock.mark("phase1")
			p.startReachability()
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
					w.setBlobSlot(o, false)
				case detect.IsBinary(o.Data):
					w.markObject(db, o, w.bin, w.looseBin)
					w.setBlobSlot(o, false)
				default:
					w.markObject(db, o, w.text, w.looseText)
					w.bytes += int64(len(o.Data))
					if fs := w.scanBlob(e, o); len(fs) > 0 {
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
				if fs := scanMessage(e, message(o.Data)); len(fs) > 0 {
					// (A message with a finding must be the commit's, as a
					// scanned blob must: see scanBlob.)
					if err := o.Verify(); err != nil {
						w.parseErr = append(w.parseErr, fmt.Errorf("commit %s: %w", o.Hash, err))
						return
					}
					w.msgFound[o.Hash] = fs
				}
			case gitobj.TreeObject:
				w.tree(o, interesting, db)
			}
		},
	})
	if p.tipsErr != nil {
		return // (errs is that error alone: scanFull returns it)
	}
	p.clock.mark("phase2")
	p.clock.printf("memory budget: at most %d MiB of inflated objects held at once\n", db.MemoryPeak()>>20)
	p.res.Errors = append(p.res.Errors, errs...)
	p.rd.Release()
}

// waitTips waits for the tips (planFull), once, and returns selectTips's
// error.
func (p *fullPass) waitTips() error {
	if p.tipsDone != nil {
		p.tipsErr = <-p.tipsDone
		p.tipsDone = nil
	}
	return p.tipsErr
}

// merge folds the workers' results into the pass's and drops the workers.
func (p *fullPass) merge() {
	res := p.res
	p.found = map[gitobj.Hash][]finding.Finding{}
	p.large = map[gitobj.Hash]int64{}
	p.msgFound = map[gitobj.Hash][]finding.Finding{}
	p.looseTrees = map[gitobj.Hash]*fullTree{}
	p.unnamed = countBlobs(p.ws, res)
	if p.opts.afterFull != nil {
		p.keepBlobs()
	}
	p.subTabs = make([][]fullEntry, len(p.ws))
	for i, w := range p.ws {
		p.subTabs[i] = w.subTab
		res.Bytes += w.bytes
		res.stats.blobEdits += w.stats.blobEdits
		res.stats.blobWhole += w.stats.blobWhole
		res.stats.blobScanned += w.stats.blobScanned
		res.stats.bytesScanned += w.stats.bytesScanned
		res.stats.entriesCopied += w.stats.entriesCopied
		res.stats.entriesParsed += w.stats.entriesParsed
		res.stats.lookups += w.stats.lookups
		res.Errors = append(res.Errors, w.parseErr...)
		for h, v := range w.found {
			p.found[h] = v
		}
		for h, v := range w.large {
			p.large[h] = v
		}
		for h, v := range w.msgFound {
			p.msgFound[h] = v
		}
		maps.Copy(p.looseTrees, w.looseTrees)
	}
	p.ws = nil
	st := res.stats
	p.clock.printf("blobs keyword-free by their delta: %d, searched whole for keywords: %d, scanned %d (%d bytes); tree entries copied %d, parsed %d, looked up %d\n", st.blobEdits, st.blobWhole, st.blobScanned, st.bytesScanned, st.entriesCopied, st.entriesParsed, st.lookups)
	nsub, ntab := 0, 0
	for i := range p.trees {
		if t := p.trees[i].Load(); t != nil {
			nsub += len(t.subs)
		}
	}
	for _, tab := range p.subTabs {
		ntab += len(tab)
	}
	p.clock.printf("subdirectory entries kept %d, distinct %d\n", nsub, ntab)
}

// reachability selects every commit the refs reach, oldest first (the
// commits were parsed by the walk), and returns its errors. It runs while
// the walk reads the trees, so it touches only p.cw, p.ordered and
// p.missingTree, which nothing reads until reachabilityDone, and reads
// objects (tags, commits the walk did not parse) with a reader of its own.
func (p *fullPass) reachability() []error {
	rd := p.db.NewReader(4 << 20)
	defer rd.Release()
	p.cw = &commitWalk{rd: rd, shallow: p.repo.Shallow, preloaded: p.commits}
	nodes := p.cw.run(selectOpts{tips: p.tips})
	errs := p.cw.errs
	ordered, err := topoOrder(nodes, p.repo.Shallow, p.db)
	if err != nil {
		errs = append(errs, err)
	}
	p.ordered = ordered
	p.missingTree = map[gitobj.Hash]bool{}
	return errs
}

// startReachability takes the workers' commits and starts reachability,
// once. Reachability needs only the commits, which the walk's tree phase
// does not touch: it runs alongside that phase instead of after it (a
// serial 0.8 s of tldr's 5 s pass).
func (p *fullPass) startReachability() {
	if p.reached != nil {
		return
	}
	p.commits = map[gitobj.Hash]*gitobj.Commit{}
	for _, w := range p.ws {
		maps.Copy(p.commits, w.commits)
		w.commits = nil
	}
	p.reached = make(chan []error, 1)
	go func() { p.reached <- p.reachability() }()
}

// reachabilityDone waits for reachability and takes its results, in the
// place of the pass where it used to run (so the errors keep their order).
// The walk starts it after its first phase; a walk that never got there
// leaves it to be started here.
func (p *fullPass) reachabilityDone() {
	p.startReachability()
	p.res.Errors = append(p.res.Errors, <-p.reached...)
	p.res.Commits = len(p.ordered)
	p.clock.mark("commits")
}

// missing reports whether the database lacks tree h (a missing tree is of
// interest: attribution reports it where a commit reaches it).
func (p *fullPass) missing(h gitobj.Hash) bool {
	v, ok := p.missingTree[h]
	if !ok {
		v = !p.db.Has(h)
		p.missingTree[h] = v
	}
	return v
}

// reach reports whether tree t leads to an entry of interest (or a missing
// tree), and counts the gitlinks of each tree it visits once: one walk
// over the tree graph from every commit's root, memoised in the trees
// themselves (maps keyed by hash cost 0.28 s of terraform's serial tail).
func (p *fullPass) reach(t *fullTree) bool {
	if t.visited {
		return t.leads // (false while in progress: git has no cycles; guard anyway)
	}
	t.visited = true
	v := false
	for _, e := range t.ents {
		if gitobj.IsSubmodule(e.mode) {
			p.res.Submodules++
		} else {
			v = true
		}
	}
	tab := p.subTabs[t.w]
	for _, r := range t.subs {
		s := &tab[r]
		var k *fullTree
		if s.idx >= 0 {
			k = p.trees[s.idx].Load()
		} else {
			k = p.looseTrees[s.hash]
		}
		if k == nil {
			v = p.missing(s.hash) || v
		} else {
			v = p.reach(k) || v
		}
	}
	t.leads = v
	return v
}

// treeOf is what the walk kept of tree h (nil: not in the database, or not
// read).
func (p *fullPass) treeOf(h gitobj.Hash) *fullTree {
	if i, ok := p.db.Index(h); ok {
		return p.trees[i].Load()
	}
	return p.looseTrees[h]
}

// lead reports whether tree h leads to an entry of interest.
func (p *fullPass) lead(h gitobj.Hash) bool {
	if t := p.treeOf(h); t != nil {
		return p.reach(t)
	}
	return p.missing(h)
}

// attribute walks the commits oldest first over the reduced tree graph,
// descending only into trees that lead to a blob of interest, and reports
// each finding once per (rule, path, secret), at the commit that
// introduced it.
func (p *fullPass) attribute() {
	res, e, db, opts := p.res, p.e, p.db, p.opts
	src := &fullSource{tree: p.treeOf, lead: p.lead, db: db, subs: p.subTabs}
	p.reachedBlobs = map[gitobj.Hash]bool{}
	seen := map[string]bool{}
	largeNoted := map[gitobj.Hash]bool{}
	missingNoted := map[gitobj.Hash]bool{}
	prefixErr := map[string]bool{}
	msgSeen, unsafeSeen := map[string]bool{}, map[string]bool{}
	for _, c := range p.ordered {
		if fs := p.msgFound[c.hash]; len(fs) > 0 {
			messageFindings(res, e, fs, c, msgSeen)
		}
		if t := p.treeOf(c.Tree); t != nil {
			p.reach(t) // counts its gitlinks, once per tree
		}
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
		if !ok || !p.lead(tree) {
			continue
		}
		var ptrees []gitobj.Hash
		for _, par := range c.parents {
			pc := p.commits[par]
			if pc == nil {
				if n, ok := p.cw.nodes[par]; ok {
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
			p.reachedBlobs[blob] = true
			if size, ok := p.large[blob]; ok && !largeNoted[blob] {
				largeNoted[blob] = true
				if !e.PathAllowed(path) {
					why := fmt.Sprintf("blob %s (commit %s) is larger than the %d-byte limit (--max-file-size)", blob, c.hash, p.limit)
					if size <= p.limit {
						why = fmt.Sprintf("blob %s (commit %s) is stored as a delta of a blob over the %d-byte limit (--max-file-size), which is not inflated", blob, c.hash, p.limit)
					}
					res.TooLarge = append(res.TooLarge, Skipped{Path: path, Size: size, Reason: why})
				}
				return
			}
			fs, ok := p.found[blob]
			if !ok {
				if !db.Has(blob) && !missingNoted[blob] {
					missingNoted[blob] = true
					res.Errors = append(res.Errors, fmt.Errorf("commit %s: %s: %w", c.hash, path, &gitobj.MissingError{Hash: blob}))
				}
				return
			}
			attributeAt(res, e, seen, fs, path, c, nil)
		}
		d.diff("", tree, ptrees)
		addUnsafeNotes(res, d, unsafeSeen)
		for _, err := range d.errs {
			res.Errors = append(res.Errors, fmt.Errorf("commit %s: %w", c.hash, err))
		}
	}
	// Tag messages and the blobs and trees refs name directly.
	scanTags(p.rd, e, res.tags, p.limit, res, func(h gitobj.Hash) { p.reachedBlobs[h] = true })
	p.clock.mark("attrib")
}

// notes says what attribution could not: blobs with findings that no commit
// reaches, what the blob count leaves out, trees no commit reaches (the
// gitlinks not followed are said by Scan, after it).
func (p *fullPass) notes() {
	res, opts := p.res, p.opts
	// Blobs with findings that no commit reaches are findings too: the
	// object is in the repository, and a packed one most likely came with
	// the clone, so the server has it as well.
	if opts.Prefix == "" {
		p.unreachable()
	}
	// What the blob count means: blobs named by a tree of the database.
	// Those only unreachable trees name are counted (telling them apart
	// would need every reachable tree's entries, which the pass does not
	// keep); say so when there are such trees.
	if p.unnamed > 0 && opts.Prefix == "" {
		res.Notes = append(res.Notes, fmt.Sprintf("history: %d blob(s) that no tree names (staged, then replaced or reset) were scanned as well; the blob count leaves them out", p.unnamed))
	}
	// Worded by how they are stored, as unreachable blobs are: a clone
	// brings packed ones, local rewrites leave loose ones.
	packed, loose := 0, 0
	for i := range p.trees {
		if t := p.trees[i].Load(); t != nil && !t.visited {
			packed++
		}
	}
	for _, t := range p.looseTrees {
		if !t.visited {
			loose++
		}
	}
	if opts.Prefix == "" {
		for _, u := range []struct {
			n     int
			where string
		}{{packed, unreachablePacked}, {loose, unreachableLoose}} {
			if u.n > 0 {
				res.Notes = append(res.Notes, fmt.Sprintf("history: %d tree(s) that no commit reaches were read (each %s); the blob count includes the blobs only they name", u.n, u.where))
			}
		}
	}
	slices.SortFunc(res.TooLarge, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
}

// unreachable reports each key found only in blobs that no commit of any
// ref reaches, once per (rule, secret), attributed to the blob: a key
// already reported at a commit is not reported again.
func (p *fullPass) unreachable() {
	res := p.res
	reported := map[string]bool{}
	for _, f := range res.Findings {
		reported[f.Rule+"\x00"+f.Secret.Reveal()] = true
	}
	var hashes []gitobj.Hash
	for h := range p.found {
		if !p.reachedBlobs[h] {
			hashes = append(hashes, h)
		}
	}
	// Messages of commits no ref reaches (an amended or rebased commit).
	inHistory := map[gitobj.Hash]bool{}
	for _, c := range p.ordered {
		inHistory[c.hash] = true
	}
	var msgs []gitobj.Hash
	for h := range p.msgFound {
		if !inHistory[h] {
			msgs = append(msgs, h)
		}
	}
	slices.SortFunc(msgs, func(a, b gitobj.Hash) int { return bytes.Compare(a[:], b[:]) })
	slices.SortFunc(hashes, func(a, b gitobj.Hash) int { return bytes.Compare(a[:], b[:]) })
	loose := len(p.db.Packs())
	// When trees could not be followed (errors, names git's fsck rejects),
	// a commit may reach the object through them.
	unfollowed := ""
	if len(res.Errors) > 0 || slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "git's fsck rejects") }) {
		unfollowed = " through the trees the scan could follow (see the errors and notes: the object may be behind a tree it could not follow)"
	}
	type object struct {
		hash   gitobj.Hash
		what   string
		commit bool
	}
	var objs []object
	for _, h := range hashes {
		objs = append(objs, object{h, "blob", false})
	}
	for _, h := range msgs {
		objs = append(objs, object{h, "the message of commit", true})
	}
	for _, o := range objs {
		h := o.hash
		fs := p.found[h]
		if o.commit {
			fs = p.msgFound[h]
		}
		for _, f := range fs {
			if len(p.e.FilterPath([]finding.Finding{f})) == 0 {
				continue
			}
			key := f.Rule + "\x00" + f.Secret.Reveal()
			if reported[key] {
				continue
			}
			reported[key] = true
			origin := unreachablePacked
			if p.db.Locate(h).Pack == loose {
				origin = unreachableLoose
			}
			f.Source = finding.SourceHistory
			f.File = ""
			f.Message += fmt.Sprintf(" (in %s %s, which no commit of any ref reaches%s: %s)", o.what, h, unfollowed, origin)
			f.Remediation = "Rotate this key in the AssemblyAI dashboard now: the object holding it is in the repository, and " + unreachableCopies +
				". Then drop it locally with git reflog expire --expire=now --all && git gc --prune=now; a copy on the server stays until the host prunes it (on GitHub, ask support to remove cached views and unreachable objects)."
			f.SetEvidence(f.Secret.Reveal())
			res.Findings = append(res.Findings, f)
		}
	}
}

// Where an unreachable object likely came from, by how it is stored:
// clones and fetches bring packs (git unpacks only small fetches), while
// what is written locally (commits, stashes, rebases) starts loose.
const (
	unreachablePacked = "a packed object, most likely brought by the clone or a fetch from a history that was rewritten or a branch that was deleted after it was pushed (or packed by git gc after a local rebase or reset)"
	unreachableLoose  = "a loose object, most likely staged and then unstaged, or left by a local amend, rebase, reset or dropped stash (or unpacked from a small fetch)"
	unreachableCopies = "if it came with a clone or a fetch, the server and every other clone hold it too"
)

// fullSource lists the trees kept by the full pass, restricted to entries
// that lead to something of interest.
type fullSource struct {
	tree  func(gitobj.Hash) *fullTree
	lead  func(gitobj.Hash) bool
	db    *gitobj.DB
	subs  [][]fullEntry // fullPass.subTabs
	cache map[gitobj.Hash]*treeList
}

func (s *fullSource) list(h gitobj.Hash) (*treeList, error) {
	if s.cache == nil {
		s.cache = map[gitobj.Hash]*treeList{}
	}
	if t, ok := s.cache[h]; ok {
		return t, nil
	}
	t := s.tree(h)
	if t == nil {
		if !s.db.Has(h) {
			return nil, &gitobj.MissingError{Hash: h}
		}
		return nil, nil
	}
	l := &treeList{}
	for _, r := range t.subs {
		if e := &s.subs[t.w][r]; s.lead(e.hash) {
			l.entries = append(l.entries, treeEntry{name: e.name, mode: e.mode, hash: e.hash})
		}
	}
	for _, e := range t.ents {
		if !gitobj.IsSubmodule(e.mode) {
			l.entries = append(l.entries, treeEntry{name: e.name, mode: e.mode, hash: e.hash})
		}
	}
	s.cache[h] = l
	return l, nil
}

// treeSlot is what a worker keeps of the tree in hand at one depth of a
// delta tree (see gitobj.Object.Depth): the offset of every entry and the
// entries it keeps (subdirectories, entries of interest, gitlinks, missing
// objects), so that a tree stored as a delta of it takes the entries its
// delta copied whole from it without parsing them again.
type treeSlot struct {
	hash   gitobj.Hash // zero: nothing usable
	size   int
	starts []int32
	notes  []treeNote
}

type treeNote struct {
	off int32
	sub bool  // a subdirectory (ref); otherwise an entry of interest (e)
	ref int32 // fullWorker.subTab
	e   fullEntry
}

func (w *fullWorker) treeSlot(depth int) *treeSlot {
	if depth < 0 {
		return &w.scratch
	}
	for len(w.treeSlots) <= depth {
		w.treeSlots = append(w.treeSlots, &treeSlot{})
	}
	return w.treeSlots[depth]
}

// tree keeps what the pass needs of a tree: its subdirectories, the
// entries naming blobs of interest or gitlinks, and the entries whose
// objects are missing. An entry copied whole from the tree's delta base
// was checked for existence there; only entries the delta inserted or
// split are looked up (a tree's delta is a few entries; its content is
// thousands). When the base is still in hand (the worker kept it at the
// depth above), entries copied whole from it are not even parsed: their
// offsets and kept entries are taken from the base's (on tldr, whose
// trees add up to 1.2 GB, parsing every entry was a third of the pass).
func (w *fullWorker) tree(o *gitobj.Object, interesting map[gitobj.Hash]bool, db *gitobj.DB) {
	slot := w.treeSlot(o.Depth)
	var base *treeSlot
	if o.Spans != nil && o.Depth > 0 {
		if b := w.treeSlot(o.Depth - 1); b.hash == o.Base && !b.hash.IsZero() {
			base = b
		}
	}
	slot.hash = gitobj.Hash{} // invalid until complete
	starts, notes := slot.starts[:0], slot.notes[:0]
	checkAll := o.Spans == nil || w.missing[o.Base]
	if base != nil && w.missing[o.Base] {
		w.missing[o.Hash] = true // entries copied from the base are not checked again
	}
	spans := o.Spans
	data := o.Data
	it := gitobj.NewTreeIter(data)
	for p := 0; p < len(data); {
		for len(spans) > 0 && spans[0].End <= p {
			spans = spans[1:]
		}
		if base != nil && len(spans) > 0 && !spans[0].Insert && spans[0].Start <= p {
			// p starts a copy from the base: take the base's entries that
			// the copy holds whole, when p is one of its entry starts.
			sp := spans[0]
			q := int32(sp.Src + p - sp.Start)
			if k, ok := slices.BinarySearch(base.starts, q); ok {
				srcEnd := sp.Src + sp.End - sp.Start
				end := func(i int) int {
					if i+1 < len(base.starts) {
						return int(base.starts[i+1])
					}
					return base.size
				}
				// j: past the last entry the copy holds whole (the
				// entries after k whose ends are within it), found by
				// binary search: a copy holds thousands of entries.
				u, _ := slices.BinarySearch(base.starts[k+1:], int32(srcEnd)+1)
				u += k + 1
				j := u - 1
				if u == len(base.starts) && base.size <= srcEnd {
					j = u
				}
				if j > k {
					shift := int32(p) - q
					w.stats.entriesCopied += j - k
					// (One growth, then a loop the compiler keeps tight:
					// tldr's trees copy 120M entries.)
					n0 := len(starts)
					starts = slices.Grow(starts, j-k)[:n0+j-k]
					dst := starts[n0:]
					for i, st := range base.starts[k:j] {
						dst[i] = st + shift
					}
					stop := int32(end(j - 1))
					n, _ := slices.BinarySearchFunc(base.notes, q, func(a treeNote, off int32) int { return int(a.off - off) })
					for ; n < len(base.notes) && base.notes[n].off < stop; n++ {
						nt := base.notes[n]
						nt.off += shift
						notes = append(notes, nt)
					}
					p = int(stop + shift)
					continue
				}
			}
		}
		it.Seek(p)
		mode, name, hash, start, ok := it.Next()
		if !ok {
			break
		}
		p = it.Off()
		w.stats.entriesParsed++
		starts = append(starts, int32(start))
		var h gitobj.Hash
		copy(h[:], hash)
		switch {
		case gitobj.IsDir(mode):
			// A subdirectory is kept whatever it names; one that is
			// missing has no tree in the pass, and attribution reports
			// it where a commit reaches it (lead, fullSource.list).
			notes = append(notes, treeNote{off: int32(start), sub: true, ref: w.sub(db, name, mode, h)})
			continue
		case gitobj.IsSubmodule(mode):
			notes = append(notes, treeNote{off: int32(start), e: fullEntry{name: w.intern(name), mode: mode, hash: h}})
			continue
		case len(interesting) > 0 && interesting[h]:
			notes = append(notes, treeNote{off: int32(start), e: fullEntry{name: w.intern(name), mode: mode, hash: h}})
			w.mark(db, h, w.refd, w.looseRef)
			continue
		}
		if !checkAll && len(spans) > 0 && !spans[0].Insert && spans[0].Start <= start && p <= spans[0].End {
			continue // copied whole from the base, which was checked
		}
		w.stats.lookups++
		if !w.mark(db, h, w.refd, w.looseRef) {
			w.missing[o.Hash] = true
			notes = append(notes, treeNote{off: int32(start), e: fullEntry{name: w.intern(name), mode: mode, hash: h}})
		}
	}
	parseErr := it.Err()
	if parseErr != nil {
		w.parseErr = append(w.parseErr, fmt.Errorf("tree %s: %w", o.Hash, parseErr))
	}
	t := &fullTree{idx: int32(o.Index), w: int32(o.Worker)}
	nsub := 0
	for _, n := range notes {
		if n.sub {
			nsub++
		}
	}
	if nsub > 0 {
		t.subs = make([]int32, 0, nsub)
	}
	if len(notes) > nsub {
		t.ents = make([]fullEntry, 0, len(notes)-nsub)
	}
	for _, n := range notes {
		if n.sub {
			t.subs = append(t.subs, n.ref)
		} else {
			t.ents = append(t.ents, n.e)
		}
	}
	if o.Index >= 0 {
		w.trees[o.Index].CompareAndSwap(nil, t)
	} else {
		w.looseTrees[o.Hash] = t
	}
	slot.starts, slot.notes = starts, notes
	if parseErr == nil {
		slot.hash, slot.size = o.Hash, len(data)
	}
}

// blobSlot is what a worker keeps of the blob in hand at one depth of a
// delta tree: whether no rule can match it (no keyword), so that a blob
// stored as a delta of it is searched for keywords only around what the
// delta inserted (see detect.Engine.KeywordFreeEdit).
type blobSlot struct {
	hash gitobj.Hash
	free bool
}

// scanBlob scans a blob's content and returns its findings.
func (w *fullWorker) scanBlob(e *detect.Engine, o *gitobj.Object) []finding.Finding {
	free, known := false, false
	if o.Spans != nil && o.Depth > 0 && o.Depth-1 < len(w.blobSlots) {
		if b := w.blobSlots[o.Depth-1]; b.free && b.hash == o.Base {
			w.copied = w.copied[:0]
			for _, sp := range o.Spans {
				if !sp.Insert {
					w.copied = append(w.copied, [2]int{sp.Start, sp.End})
				}
			}
			// Exact either way: false means a keyword (or a possible
			// notebook) is there, and the whole text need not be
			// searched for one again.
			free, known = e.KeywordFreeEdit(o.Data, w.copied), true
			if free {
				w.stats.blobEdits++
			}
		}
	}
	if !known {
		free = e.KeywordFree(o.Data)
		w.stats.blobWhole++
	}
	w.setBlobSlot(o, free)
	if free {
		return nil
	}
	w.stats.blobScanned++
	w.stats.bytesScanned += int64(len(o.Data))
	fs := e.Scan(detect.Item{Content: o.Data})
	// A blob with a finding must be the blob its name says (the walk
	// checked every pack entry's CRC-32; this also catches a pack written
	// wrong): a corrupt one is an error, and what it seems
	// to hold is not reported as the repository's (the selective scan,
	// reading it by name, cannot read it at all). Hashing only those, not
	// every blob holding a keyword: a keyword alone is common (go.sum's
	// hashes spell "aai"), and a blob without a finding reports nothing a
	// corrupt copy could have made up.
	if len(fs) > 0 {
		if err := o.Verify(); err != nil {
			w.parseErr = append(w.parseErr, fmt.Errorf("blob %s: %w", o.Hash, err))
			return nil
		}
	}
	return fs
}

func (w *fullWorker) setBlobSlot(o *gitobj.Object, free bool) {
	if o.Depth < 0 {
		return
	}
	for len(w.blobSlots) <= o.Depth {
		w.blobSlots = append(w.blobSlots, blobSlot{})
	}
	w.blobSlots[o.Depth] = blobSlot{hash: o.Hash, free: free}
}

// bitset is a set of dense object numbers (gitobj.DB.Index).
type bitset []uint64

func (b bitset) set(i int) { b[i>>6] |= 1 << (i & 63) }

func (b bitset) has(i int) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// mark adds blob h to the set (packed) or the map (loose) and reports
// whether the database has it.
func (w *fullWorker) mark(db *gitobj.DB, h gitobj.Hash, set bitset, loose map[gitobj.Hash]bool) bool {
	if i, ok := db.Index(h); ok {
		set.set(i)
		return true
	}
	if db.Has(h) {
		loose[h] = true
		return true
	}
	return false
}

// markObject is mark for an object the walk visits, which comes numbered.
func (w *fullWorker) markObject(db *gitobj.DB, o *gitobj.Object, set bitset, loose map[gitobj.Hash]bool) {
	if o.Index >= 0 {
		set.set(o.Index)
		return
	}
	w.mark(db, o.Hash, set, loose)
}

// countBlobs sets res.Blobs and res.Binary to the blobs scanned that some
// tree names, and returns how many scanned blobs no tree names (dangling:
// staged and then replaced, or written by a command that was undone).
// Each entry of each tree was looked up by a tree that parsed it: an entry
// a delta copied from its base was parsed in the base, or further up the
// delta chain, whose root is parsed whole.
func countBlobs(ws []*fullWorker, res *Result) (unnamed int) {
	text, bin, refd, looseRef := ws[0].text, ws[0].bin, ws[0].refd, ws[0].looseRef
	for _, w := range ws[1:] {
		for i := range text {
			text[i] |= w.text[i]
			bin[i] |= w.bin[i]
			refd[i] |= w.refd[i]
		}
		maps.Copy(looseRef, w.looseRef)
	}
	for i := range text {
		res.Blobs += bits.OnesCount64(text[i] & refd[i])
		res.Binary += bits.OnesCount64(bin[i] & refd[i])
		unnamed += bits.OnesCount64((text[i] | bin[i]) &^ refd[i])
	}
	seen := map[gitobj.Hash]bool{}
	for _, w := range ws {
		for _, m := range []struct {
			set map[gitobj.Hash]bool
			n   *int
		}{{w.looseText, &res.Blobs}, {w.looseBin, &res.Binary}} {
			for h := range m.set {
				switch {
				case seen[h]:
				case looseRef[h]:
					*m.n++
				default:
					unnamed++
				}
				seen[h] = true
			}
		}
	}
	return unnamed
}

// attributeAt adds to res the findings fs of a blob first seen at path in
// commit c: those the path allowlists keep, once per rule, path and secret
// (seen). kept, when set, is told the index in fs of each finding added.
func attributeAt(res *Result, e *detect.Engine, seen map[string]bool, fs []finding.Finding, path string, c commit, kept func(k int)) {
	for k, f := range fs {
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
		if kept != nil {
			kept(k)
		}
	}
}
