package history

import (
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/scancache"
)

// A cached scan (--cache) resumes from the record of an earlier full
// pass. The record is exact only for a tidy object database: every object
// it held was reached from a ref or is recorded as unreachable, nothing
// failed, the clone is complete. Then the full pass's
// result over the database grown by new commits is the old result plus
// what the new commits introduce, provided every object outside the
// recorded packs and loose objects is one of those commits, a tree they
// list or a blob they introduce (or an annotated tag). Anything else (a
// rewritten branch, a repack, a dangling object, a commit of the old
// database now reachable) declines the record, and the history is scanned
// whole, as without a cache.
//
// Findings are re-derived, not stored: the blobs with findings are scanned
// again and each recorded site (commit, path, the finding's number in the
// blob) picks its finding. The new commits are walked oldest first after
// every recorded one, as the full pass orders a history that grew at its
// tips; a new commit dated before an old one on another branch is ordered
// after it here (a secret both introduce is attributed to the older
// commit by date in a full pass, to the recorded one here).

// Cached says what ScanCached did with the cache.
type Cached struct {
	// Resumed is set when the record was used: NewCommits were scanned,
	// the Commits before them were not read again.
	Resumed           bool
	Commits, NewBlobs int
	NewCommits        int
	// Unchanged: the record was used and nothing was added (no need to
	// write it again).
	Unchanged bool
	// Declined says why a record could not be used ("" when it was, or
	// when there was none).
	Declined string
	// Record is the record to write for the next scan (nil when this
	// result cannot be recorded exactly; NotRecorded says why).
	Record      *scancache.Record
	NotRecorded string
}

// ScanCached scans the whole history (every ref) like Scan, resuming from
// rec when it is usable, and returns the record for the next scan.
func ScanCached(repo *gitrepo.Repo, e *detect.Engine, opts Options, rec *scancache.Record, key [32]byte, repoID string) (*Result, *Cached, error) {
	if opts.Range != "" || len(opts.Revs) > 0 || !opts.Since.IsZero() || opts.MaxCommits > 0 || opts.Selective {
		return nil, nil, errors.New("a scan cache covers the whole history only")
	}
	ck := &Cached{}
	if rec != nil {
		res, next, why, err := resume(repo, e, opts, rec)
		if err != nil {
			return nil, nil, err
		}
		if why == "" {
			ck.Resumed, ck.Commits, ck.NewCommits, ck.NewBlobs = true, len(rec.Commits), next.newCommits, next.newBlobs
			ck.Record, ck.NotRecorded, ck.Unchanged = next.rec, next.notRecorded, next.unchanged
			if ck.Record != nil {
				ck.Record.Key, ck.Record.Repo = key, repoID
			}
			return res, ck, nil
		}
		ck.Declined = why
	}
	opts.afterFull = func(p *fullPass) {
		ck.Record, ck.NotRecorded = p.checkpoint()
	}
	res, err := Scan(repo, e, opts)
	if err != nil {
		return nil, nil, err
	}
	if ck.Record != nil {
		ck.Record.Key, ck.Record.Repo = key, repoID
	} else if ck.NotRecorded == "" {
		ck.NotRecorded = "the full pass did not run"
	}
	return res, ck, nil
}

// untidy says why a result cannot be recorded exactly, or "".
func untidy(repo *gitrepo.Repo, res *Result, prefix string) string {
	switch {
	case prefix != "":
		return "only the whole repository's history is recorded, not a directory's"
	case len(res.Errors) > 0:
		return "the scan had errors"
	case res.Shallow:
		return "the clone is shallow"
	case repo.Partial():
		return "the clone is partial"
	}
	return ""
}

// checkpoint records a full pass, or says why it cannot.
func (p *fullPass) checkpoint() (*scancache.Record, string) {
	res := p.res
	if why := untidy(p.repo, res, p.opts.Prefix); why != "" {
		return nil, why
	}
	// What the database holds that no ref reaches is recorded: a new
	// commit that reaches it would change the counts and notes, and
	// declines the record (see resume).
	unreached := slices.Clone(p.unnamedBlobs)
	for j := range p.trees {
		if t := p.trees[j].Load(); t != nil && !t.visited {
			unreached = append(unreached, p.db.HashAt(j))
		}
	}
	for h, t := range p.looseTrees {
		if !t.visited {
			unreached = append(unreached, h)
		}
	}
	for h := range p.found {
		if !p.reachedBlobs[h] {
			unreached = append(unreached, h)
		}
	}
	for h := range p.large {
		if !p.reachedBlobs[h] {
			unreached = append(unreached, h) // not noted: no commit reaches it
		}
	}
	rec := &scancache.Record{Tips: slices.Clone(p.tips), Blobs: int64(res.Blobs), Binary: int64(res.Binary), Bytes: res.Bytes,
		Submodules: int64(res.Submodules), Unreached: scancache.Sort(unreached), Notes: slices.Clone(res.Notes)}
	for _, c := range p.ordered {
		rec.Commits = append(rec.Commits, c.hash)
	}
	for h := range p.large {
		rec.Large = append(rec.Large, h)
	}
	for h := range p.found {
		rec.Found = append(rec.Found, h)
	}
	rec.Bin = scancache.Sort(slices.Clone(p.binBlobs))
	if p.storedErr != nil {
		return nil, p.storedErr.Error()
	}
	rec.Packs, rec.Loose = p.stored.Packs, p.stored.Loose
	for _, s := range res.TooLarge {
		rec.TooLarge = append(rec.TooLarge, scancache.Skipped(s))
	}
	src := newReadTrees(p.rd)
	rescan := map[gitobj.Hash][]finding.Finding{}
	for _, f := range res.Findings {
		s, err := siteOf(p.rd, src, p.e, f, rescan)
		if err != nil {
			return nil, err.Error()
		}
		rec.Sites = append(rec.Sites, s)
	}
	rec.Commits = scancache.Sort(rec.Commits)
	rec.Large = scancache.Sort(rec.Large)
	rec.Found = scancache.Sort(rec.Found)
	return rec, ""
}

// keepBlobs keeps the blobs no tree names and the binary blobs, for the
// record (after countBlobs, which leaves the union of the workers' sets in
// the first worker's).
func (p *fullPass) keepBlobs() {
	w0 := p.ws[0]
	for j := range p.db.PackedObjects() {
		if w0.bin.has(j) {
			p.binBlobs = append(p.binBlobs, p.db.HashAt(j))
		}
		if (w0.text.has(j) || w0.bin.has(j)) && !w0.refd.has(j) {
			p.unnamedBlobs = append(p.unnamedBlobs, p.db.HashAt(j))
		}
	}
	for _, w := range p.ws {
		p.binBlobs = slices.AppendSeq(p.binBlobs, maps.Keys(w.looseBin))
		for _, set := range []map[gitobj.Hash]bool{w.looseText, w.looseBin} {
			for h := range set {
				if !w0.looseRef[h] {
					p.unnamedBlobs = append(p.unnamedBlobs, h)
				}
			}
		}
	}
}

// storage records the packs and loose objects of the database: loose,
// when given, is the listing made before the scan read them (nil: list
// them now, before the scan).
func storage(db *gitobj.DB, rec *scancache.Record, loose []gitobj.Hash) error {
	rec.Packs = rec.Packs[:0]
	for _, pk := range db.Packs() {
		rec.Packs = append(rec.Packs, pk.Checksum())
	}
	if loose == nil {
		var err error
		if loose, err = db.LooseObjects(); err != nil {
			return fmt.Errorf("list loose objects: %w", err)
		}
	}
	rec.Packs = scancache.Sort(rec.Packs)
	rec.Loose = scancache.Sort(slices.Clone(loose))
	return nil
}

// siteOf finds where a reported finding came from: the blob at its path in
// its commit, and its number among the blob's findings.
func siteOf(rd *gitobj.Reader, src treeSource, e *detect.Engine, f finding.Finding, rescan map[gitobj.Hash][]finding.Finding) (scancache.Site, error) {
	var s scancache.Site
	ch, err := hex.DecodeString(f.Commit)
	if err != nil || len(ch) != 20 {
		return s, fmt.Errorf("finding without a commit")
	}
	copy(s.Commit[:], ch)
	c, err := readCommit(rd, s.Commit)
	if err != nil {
		return s, err
	}
	blob, err := blobAt(src, c.Tree, f.File)
	if err != nil {
		return s, err
	}
	s.Blob, s.Path = blob, f.File
	fs, err := findingsOf(rd, e, blob, rescan)
	if err != nil {
		return s, err
	}
	for k, g := range fs {
		if g.Rule == f.Rule && g.Line == f.Line && g.Column == f.Column && g.EndLine == f.EndLine && g.EndColumn == f.EndColumn && g.Secret.Reveal() == f.Secret.Reveal() {
			s.K = k
			return s, nil
		}
	}
	return s, fmt.Errorf("a finding at %s could not be traced to its blob", f.File)
}

// blobAt is the blob at a slash-separated path of a tree.
func blobAt(src treeSource, tree gitobj.Hash, p string) (gitobj.Hash, error) {
	dir, name := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, name = p[:i], p[i+1:]
	}
	t, ok, err := subtree(src, tree, dir)
	if err != nil || !ok {
		return gitobj.Hash{}, fmt.Errorf("%s: not in its commit's tree (%v)", p, err)
	}
	l, err := src.list(t)
	if err != nil {
		return gitobj.Hash{}, err
	}
	ent, ok := l.find(name)
	if !ok || gitobj.IsDir(ent.mode) {
		return gitobj.Hash{}, fmt.Errorf("%s: not a file of its commit's tree", p)
	}
	return ent.hash, nil
}

// findingsOf scans a blob (memoised).
func findingsOf(rd *gitobj.Reader, e *detect.Engine, h gitobj.Hash, memo map[gitobj.Hash][]finding.Finding) ([]finding.Finding, error) {
	if fs, ok := memo[h]; ok {
		return fs, nil
	}
	t, b, err := rd.Read(h)
	if err != nil {
		return nil, err
	}
	if t != gitobj.BlobObject {
		return nil, fmt.Errorf("object %s is a %s, not a blob", h, t)
	}
	fs := e.Scan(detect.Item{Content: b})
	memo[h] = fs
	return fs, nil
}

// errUnreached stops a resume that reaches what the record holds as
// unreachable.
var errUnreached = errors.New("reaches a recorded unreachable object")

// next is what resume hands back besides the result.
type next struct {
	rec                  *scancache.Record
	notRecorded          string
	newCommits, newBlobs int
	unchanged            bool
}

// listing is a tree source that records the trees it lists.
type listing struct {
	src   treeSource
	trees map[gitobj.Hash]bool
}

func (l *listing) list(h gitobj.Hash) (*treeList, error) {
	l.trees[h] = true
	return l.src.list(h)
}

// resume scans the commits the record does not cover and joins its
// result to theirs. why says why the record cannot be used ("" when it
// was); err is only for a failure that would fail the full pass too.
func resume(repo *gitrepo.Repo, e *detect.Engine, opts Options, rec *scancache.Record) (res *Result, nx *next, why string, err error) {
	if why := untidy(repo, &Result{Shallow: len(repo.Shallow) > 0}, opts.Prefix); why != "" {
		return nil, nil, why, nil
	}
	db, err := repo.Objects()
	if err != nil {
		return nil, nil, "", err
	}
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	// The recorded packs must all be there: a repack or gc rewrote the
	// database.
	var oldPacks, newPacks []*gitobj.Pack
	for _, pk := range db.Packs() {
		if scancache.Has(rec.Packs, pk.Checksum()) {
			oldPacks = append(oldPacks, pk)
		} else {
			newPacks = append(newPacks, pk)
		}
	}
	if len(oldPacks) != len(rec.Packs) {
		return nil, nil, "the recorded packs are gone (repacked)", nil
	}
	loose, err := db.LooseObjects()
	if err != nil {
		return nil, nil, "", err
	}
	var newLoose []gitobj.Hash
	for _, h := range loose {
		if !scancache.Has(rec.Loose, h) {
			newLoose = append(newLoose, h)
		}
	}
	if len(loose)-len(newLoose) != len(rec.Loose) {
		return nil, nil, "recorded loose objects are gone (packed or pruned)", nil
	}
	old := func(h gitobj.Hash) bool {
		for _, pk := range oldPacks {
			if pk.Contains(h) {
				return true
			}
		}
		return scancache.Has(rec.Loose, h)
	}

	res = &Result{}
	rd := db.NewReader(64 << 20)
	tips, _, err := selectTips(repo, rd, opts, res)
	if err != nil {
		return nil, nil, "", err
	}
	if len(res.Errors) > 0 {
		return nil, nil, "a reference could not be read", nil
	}
	// The new commits: reachable from the tips, stopping at recorded ones.
	var nodes []*walkNode
	seenCommit := map[gitobj.Hash]bool{}
	reachedOld := map[gitobj.Hash]bool{}
	queue := slices.Clone(tips)
	for len(queue) > 0 {
		h := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if seenCommit[h] {
			continue
		}
		seenCommit[h] = true
		if scancache.Has(rec.Commits, h) {
			reachedOld[h] = true
			continue
		}
		if old(h) {
			return nil, nil, "a commit the recorded scan did not reach is now reachable", nil
		}
		c, err := readCommit(rd, h)
		if err != nil {
			return nil, nil, "a new commit could not be read", nil
		}
		nodes = append(nodes, &walkNode{hash: h, c: c})
		queue = append(queue, c.Parents...)
	}
	for _, t := range rec.Tips {
		if !reachedOld[t] {
			return nil, nil, "the history was rewritten (a recorded branch tip is no longer reachable)", nil
		}
	}
	// topoOrder follows the parents a node was handed (as the commit walk
	// hands them): the new ones; recorded parents are not in the order.
	byHash := make(map[gitobj.Hash]*walkNode, len(nodes))
	for _, n := range nodes {
		n.included = true
		byHash[n.hash] = n
	}
	for _, n := range nodes {
		n.parents = make([]*walkNode, len(n.c.Parents))
		for i, p := range n.c.Parents {
			n.parents[i] = byHash[p]
		}
	}
	commits, err := topoOrder(nodes, nil, db)
	if err != nil {
		return nil, nil, "the new commits' graph is damaged", nil
	}

	// Findings of the recorded history, re-derived.
	memo := map[gitobj.Hash][]finding.Finding{}
	seen := map[string]bool{}
	for _, s := range rec.Sites {
		fs, err := findingsOf(rd, e, s.Blob, memo)
		if err != nil || s.K >= len(fs) {
			return nil, nil, "a recorded finding could not be re-derived", nil
		}
		c, err := readCommit(rd, s.Commit)
		if err != nil {
			return nil, nil, "a recorded finding's commit could not be read", nil
		}
		f := fs[s.K]
		f.File = s.Path
		if len(e.FilterPath([]finding.Finding{f})) == 0 {
			return nil, nil, "a recorded finding is no longer reported", nil
		}
		seen[f.Rule+"\x00"+s.Path+"\x00"+f.Secret.Reveal()] = true
		res.Findings = append(res.Findings, attributed(f, commit{hash: s.Commit, Commit: c}))
	}
	res.Commits = len(rec.Commits) + len(commits)
	res.Blobs, res.Binary, res.Bytes = int(rec.Blobs), int(rec.Binary), rec.Bytes
	for _, s := range rec.TooLarge {
		res.TooLarge = append(res.TooLarge, Skipped(s))
	}
	res.Notes = slices.Clone(rec.Notes)
	nrec := &scancache.Record{Tips: slices.Clone(tips), Commits: slices.Clone(rec.Commits), Unreached: rec.Unreached, Notes: rec.Notes,
		Large: slices.Clone(rec.Large), Found: slices.Clone(rec.Found), Bin: slices.Clone(rec.Bin), Sites: slices.Clone(rec.Sites), TooLarge: slices.Clone(rec.TooLarge)}

	// The new commits, oldest first, as the full pass attributes them.
	src := &listing{src: newReadTrees(rd), trees: map[gitobj.Hash]bool{}}
	type blobState struct {
		fs    []finding.Finding
		large int64 // > 0: over the limit
	}
	newBlobs := map[gitobj.Hash]*blobState{}
	for _, c := range commits {
		nrec.Commits = append(nrec.Commits, c.hash)
		// Its message is scanned as the full pass scans it; a finding
		// there has no blob to record, so the full pass reports it.
		if _, raw, err := rd.Read(c.hash); err != nil {
			return nil, nil, "a new commit could not be read", nil
		} else if len(scanMessage(e, message(raw))) > 0 {
			return nil, nil, "a new commit's message holds a possible key", nil
		}
		tree, ok, err := subtree(src, c.Tree, opts.Prefix)
		if err != nil || !ok {
			return nil, nil, "a new commit's tree could not be read", nil
		}
		var ptrees []gitobj.Hash
		for _, par := range c.parents {
			pc, err := readCommit(rd, par)
			if err != nil {
				return nil, nil, "a new commit's parent could not be read", nil
			}
			ptrees = append(ptrees, pc.Tree)
		}
		var failed error
		d := &differ{src: src}
		d.visit = func(path string, blob gitobj.Hash) {
			if failed != nil {
				return
			}
			var fs []finding.Finding
			switch {
			case old(blob):
				if scancache.Has(rec.Unreached, blob) {
					failed = errUnreached
					return
				}
				if scancache.Has(rec.Large, blob) || !scancache.Has(rec.Found, blob) {
					return // noted where first seen, or clean
				}
				if fs, failed = findingsOf(rd, e, blob, memo); failed != nil {
					return
				}
			default:
				st, ok := newBlobs[blob]
				if !ok {
					st = &blobState{}
					newBlobs[blob] = st
					t, b, size, err := rd.ReadLimited(blob, limit)
					switch {
					case err != nil:
						failed = err
						return
					case t != gitobj.BlobObject:
						failed = fmt.Errorf("object %s is a %s, not a blob", blob, t)
						return
					case b == nil && size > 0:
						st.large = size
						nrec.Large = append(nrec.Large, blob)
						if !e.PathAllowed(path) {
							why := fmt.Sprintf("blob %s (commit %s) is larger than the %d-byte limit (--max-file-size)", blob, c.hash, limit)
							if size <= limit {
								why = fmt.Sprintf("blob %s (commit %s) is stored as a delta of a blob over the %d-byte limit (--max-file-size), which is not inflated", blob, c.hash, limit)
							}
							res.TooLarge = append(res.TooLarge, Skipped{Path: path, Size: size, Reason: why})
						}
						return
					case detect.IsBinary(b):
						res.Binary++
						nrec.Bin = append(nrec.Bin, blob)
					default:
						res.Blobs++
						res.Bytes += int64(len(b))
						st.fs = e.Scan(detect.Item{Content: b})
						if len(st.fs) > 0 {
							nrec.Found = append(nrec.Found, blob)
						}
					}
				}
				if st.large > 0 {
					return
				}
				fs = st.fs
			}
			attributeAt(res, e, seen, fs, path, c, func(k int) {
				nrec.Sites = append(nrec.Sites, scancache.Site{Commit: c.hash, Blob: blob, Path: path, K: k})
			})
		}
		d.diff("", tree, ptrees)
		if failed == errUnreached {
			return nil, nil, "a new commit reaches objects the recorded scan found unreachable", nil
		}
		if failed != nil || len(d.errs) > 0 {
			return nil, nil, "a new commit could not be read whole", nil
		}
		if len(d.unsafe) > 0 {
			return nil, nil, "a new commit has tree entries git's fsck rejects", nil
		}
		for h := range src.trees {
			if scancache.Has(rec.Unreached, h) {
				return nil, nil, "a new commit reaches objects the recorded scan found unreachable", nil
			}
		}
	}
	// Gitlinks are counted as the full pass counts them: every entry of
	// each tree a commit reaches, once per tree; the recorded trees were
	// counted, the new ones (all listed above: a tree new to the database
	// differs from its parent's) are counted here.
	res.Submodules = int(rec.Submodules)
	for h := range src.trees {
		if old(h) {
			continue
		}
		t, err := src.src.list(h)
		if err != nil || t == nil {
			return nil, nil, "a new commit's tree could not be read", nil
		}
		for _, ent := range t.entries {
			if gitobj.IsSubmodule(ent.mode) {
				res.Submodules++
			}
		}
	}
	// Everything the database gained must be what the new commits brought.
	introduced := func(h gitobj.Hash) bool {
		if seenCommit[h] || src.trees[h] || newBlobs[h] != nil || old(h) {
			return true
		}
		t, _, _, err := rd.ReadLimited(h, 0)
		return err == nil && t == gitobj.TagObject
	}
	for _, pk := range newPacks {
		for i := 0; i < pk.Count(); i++ {
			if !introduced(pk.HashAt(i)) {
				return nil, nil, "the object database gained objects no new commit introduced", nil
			}
		}
	}
	for _, h := range newLoose {
		if !introduced(h) {
			return nil, nil, "the object database gained objects no new commit introduced", nil
		}
	}
	// Tag messages and the objects refs name directly, every time (the
	// record holds file findings only).
	scanTags(rd, e, res.tags, limit, res, nil)
	noteSubmodules(res)
	slices.SortFunc(res.TooLarge, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	nrec.Blobs, nrec.Binary, nrec.Bytes, nrec.Submodules = int64(res.Blobs), int64(res.Binary), res.Bytes, int64(res.Submodules)
	nrec.TooLarge = nrec.TooLarge[:0]
	for _, s := range res.TooLarge {
		nrec.TooLarge = append(nrec.TooLarge, scancache.Skipped(s))
	}
	nrec.Commits = scancache.Sort(nrec.Commits)
	nrec.Large = scancache.Sort(nrec.Large)
	nrec.Found = scancache.Sort(nrec.Found)
	nrec.Bin = scancache.Sort(nrec.Bin)
	nx = &next{rec: nrec, newCommits: len(commits), newBlobs: len(newBlobs),
		unchanged: len(commits) == 0 && len(newPacks) == 0 && len(newLoose) == 0 && slices.Equal(scancache.Sort(slices.Clone(tips)), scancache.Sort(slices.Clone(rec.Tips)))}
	// The loose objects as listed before the new commits were read: one
	// written since is new to the next scan.
	if err := storage(db, nrec, append([]gitobj.Hash{}, loose...)); err != nil {
		nx.rec, nx.notRecorded = nil, err.Error()
	}
	return res, nx, "", nil
}

// CleanText returns what this scan proved of blobs: clean(h) is true when
// blob h is text (not binary, within the size limit) in which the rules
// found nothing, scanned without a path (detect: a path only ever removes
// findings, so no path can give it one). Nil when the scan was not
// recorded: nothing is proven then.
func (ck *Cached) CleanText(db *gitobj.DB) (clean func(gitobj.Hash) bool) {
	rec := ck.Record
	if rec == nil {
		return nil
	}
	var packs []*gitobj.Pack
	for _, pk := range db.Packs() {
		if scancache.Has(rec.Packs, pk.Checksum()) {
			packs = append(packs, pk)
		}
	}
	return func(h gitobj.Hash) bool {
		if scancache.Has(rec.Found, h) || scancache.Has(rec.Large, h) || scancache.Has(rec.Bin, h) {
			return false
		}
		for _, pk := range packs {
			if pk.Contains(h) {
				return true
			}
		}
		return scancache.Has(rec.Loose, h)
	}
}
