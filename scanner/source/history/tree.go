package history

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// treeEntry is one entry of a tree.
type treeEntry struct {
	name string
	mode uint32
	hash gitobj.Hash
}

// treeList is a tree's entries, with a name index built on demand (or,
// for entries in git's order, found by binary search without one).
type treeList struct {
	entries []treeEntry
	byName  map[string]int
	sorted  bool // entries in git's tree order (names, a directory's with "/")
}

// gitCompare orders tree entries as git does: by name, a directory's
// name compared as if it ended with "/".
func gitCompare(a string, aDir bool, b string, bDir bool) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	next := func(s string, dir bool) int {
		switch {
		case len(s) > n:
			return int(s[n])
		case dir:
			return '/'
		}
		return 0
	}
	return next(a, aDir) - next(b, bDir)
}

func (t *treeList) find(name string) (treeEntry, bool) {
	if t == nil {
		return treeEntry{}, false
	}
	if t.sorted {
		// A name sorts as a file or, with "/", as a directory: look for
		// both.
		for _, dir := range [2]bool{false, true} {
			i, ok := slices.BinarySearchFunc(t.entries, name, func(e treeEntry, k string) int {
				return gitCompare(e.name, gitobj.IsDir(e.mode), k, dir)
			})
			if ok && t.entries[i].name == name {
				return t.entries[i], true
			}
		}
		return treeEntry{}, false
	}
	if len(t.entries) <= 8 {
		for _, e := range t.entries {
			if e.name == name {
				return e, true
			}
		}
		return treeEntry{}, false
	}
	if t.byName == nil {
		t.byName = make(map[string]int, len(t.entries))
		for i, e := range t.entries {
			t.byName[e.name] = i
		}
	}
	i, ok := t.byName[name]
	if !ok {
		return treeEntry{}, false
	}
	return t.entries[i], true
}

// treeSource lists trees. A source may list only the entries that matter
// (the full-history pass lists only entries leading to blobs with
// findings); an unknown tree lists as nil.
type treeSource interface {
	list(h gitobj.Hash) (*treeList, error)
}

// readTrees lists trees by reading them from the object database, with a
// cache of parsed trees bounded in bytes (a commit's trees are compared
// with its parents', read just before: what matters is the recent ones; a
// cache of 4M entries held 520 MB on a 50k-commit history).
type readTrees struct {
	rd    *gitobj.Reader
	cache map[gitobj.Hash]*treeList
	bytes int // held by cache (names and entries)
	max   int
}

// treeEntrySize is a treeEntry's size: a string header, the mode, a name.
const treeEntrySize = 48

func newReadTrees(rd *gitobj.Reader) *readTrees {
	return &readTrees{rd: rd, cache: map[gitobj.Hash]*treeList{}, max: 48 << 20}
}

func (s *readTrees) list(h gitobj.Hash) (*treeList, error) {
	if t, ok := s.cache[h]; ok {
		return t, nil
	}
	typ, b, err := s.rd.Read(h)
	if err != nil {
		return nil, err
	}
	if typ != gitobj.TreeObject {
		return nil, fmt.Errorf("object %s is a %s, not a tree", h, typ)
	}
	t, err := parseTreeList(b)
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, err)
	}
	n := len(b) + len(t.entries)*treeEntrySize
	if s.bytes+n > s.max {
		clear(s.cache)
		s.bytes = 0
	}
	s.cache[h] = t
	s.bytes += n
	return t, nil
}

// parseTreeList parses a tree's entries; their names share one copy of
// the tree's content (a string each would be one allocation per entry).
func parseTreeList(b []byte) (*treeList, error) {
	t := &treeList{sorted: true}
	content := string(b)
	it := gitobj.NewTreeIter(b)
	for {
		mode, name, hash, start, ok := it.Next()
		if !ok {
			break
		}
		var h gitobj.Hash
		copy(h[:], hash)
		i := strings.IndexByte(content[start:], ' ') + start + 1
		e := treeEntry{name: content[i : i+len(name)], mode: mode, hash: h}
		if n := len(t.entries); n > 0 && gitCompare(t.entries[n-1].name, gitobj.IsDir(t.entries[n-1].mode), e.name, gitobj.IsDir(mode)) >= 0 {
			t.sorted = false // (a hostile tree: found through the name index)
		}
		t.entries = append(t.entries, e)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// differ finds what a commit introduced: the (path, blob) pairs of its
// tree that differ from the same path in every parent. Content that a
// merge took from one of its parents is not new; content a merge resolved
// by hand (different from every parent) is. Subtrees equal to a parent's
// subtree at the same path are skipped by hash.
type differ struct {
	src treeSource
	// visit is called for each introduced file (regular or executable).
	visit func(path string, blob gitobj.Hash)
	// submodules counts gitlinks met (not followed).
	submodules int
	// errs collects unreadable trees, each naming its path.
	errs []error
	// depth is the nesting of the tree being compared; onPath holds the
	// trees on the way down to it.
	depth  int
	onPath map[gitobj.Hash]bool
	// unsafe collects notes on entries whose names git's fsck rejects
	// (not followed into paths).
	unsafe []string
}

// safeName reports whether a tree entry's name is one git's fsck accepts
// as a path component: not empty, ".", "..", nor ".git" (in any case, or
// as Windows and macOS file systems spell it: "git~1", ".git" with
// trailing dots or spaces), and no "/" inside. (A NUL ends the name in the
// tree format.) Followed into a path, such a name would make one outside
// the repository or inside its .git (x/../../etc/evil.py).
func safeName(name string) bool {
	switch {
	case name == "" || name == "." || name == "..":
		return false
	case strings.ContainsAny(name, "/\x00"):
		return false
	}
	trimmed := strings.TrimRight(name, ". ")
	return !strings.EqualFold(trimmed, ".git") && !strings.EqualFold(name, "git~1")
}

// unsafeNameNote is the note for an entry of tree h that safeName rejects.
func unsafeNameNote(h gitobj.Hash, name string) string {
	return fmt.Sprintf("history: tree %s has an entry named %q, which git's fsck rejects (a path outside the repository or inside .git): not followed; the rest of the tree was scanned", h, name)
}

// addUnsafeNotes adds a differ's notes on rejected names, once each.
func addUnsafeNotes(res *Result, d *differ, seen map[string]bool) {
	for _, n := range d.unsafe {
		if !seen[n] {
			seen[n] = true
			res.Notes = append(res.Notes, n)
		}
	}
}

// MaxTreeDepth is how deeply trees may nest (git's core.maxTreeDepth
// default): deeper is a hostile repository, and a tree that contains
// itself (its name need not match its content in a corrupt object store)
// would otherwise be followed forever.
const MaxTreeDepth = 4096

// diff compares tree with the parents' trees under a path prefix (each
// ends with "/" or is empty).
func (d *differ) diff(path string, tree gitobj.Hash, parents []gitobj.Hash) {
	if d.depth >= MaxTreeDepth {
		d.errs = append(d.errs, fmt.Errorf("%s: trees nested deeper than %d levels: not scanned below", displayDir(path), MaxTreeDepth))
		return
	}
	if d.onPath[tree] {
		d.errs = append(d.errs, fmt.Errorf("%s: tree %s contains itself (corrupt or hostile object store): not scanned below", displayDir(path), tree))
		return
	}
	if d.onPath == nil {
		d.onPath = map[gitobj.Hash]bool{}
	}
	d.onPath[tree] = true
	defer delete(d.onPath, tree)
	t, err := d.src.list(tree)
	if err != nil {
		d.errs = append(d.errs, fmt.Errorf("%s: %w", displayDir(path), err))
		return
	}
	if t == nil {
		return
	}
	var pls []*treeList
	for _, p := range parents {
		pl, err := d.src.list(p)
		if err != nil {
			d.errs = append(d.errs, fmt.Errorf("%s: %w", displayDir(path), err))
			continue
		}
		pls = append(pls, pl)
	}
	var sub []gitobj.Hash
	for _, e := range t.entries {
		if !safeName(e.name) {
			d.unsafe = append(d.unsafe, unsafeNameNote(tree, e.name))
			continue
		}
		isDir := gitobj.IsDir(e.mode)
		same := false
		sub = sub[:0]
		for _, pl := range pls {
			pe, ok := pl.find(e.name)
			if !ok {
				continue
			}
			if pe.hash == e.hash && gitobj.IsDir(pe.mode) == isDir {
				same = true
				break
			}
			if isDir && gitobj.IsDir(pe.mode) {
				sub = append(sub, pe.hash)
			}
		}
		if same {
			continue
		}
		switch {
		case isDir:
			d.depth++
			d.diff(path+e.name+"/", e.hash, append([]gitobj.Hash(nil), sub...))
			d.depth--
		case gitobj.IsFile(e.mode):
			d.visit(path+e.name, e.hash)
		case gitobj.IsSubmodule(e.mode):
			d.submodules++
		}
	}
}

func displayDir(path string) string {
	if path == "" {
		return "root tree"
	}
	return strings.TrimSuffix(path, "/")
}

// subtree resolves a slash-separated directory path inside tree; ok is
// false when the path does not exist as a directory there.
func subtree(src treeSource, tree gitobj.Hash, dir string) (gitobj.Hash, bool, error) {
	if dir == "" {
		return tree, true, nil
	}
	for _, name := range strings.Split(dir, "/") {
		t, err := src.list(tree)
		if err != nil {
			return gitobj.Hash{}, false, err
		}
		e, ok := t.find(name)
		if !ok || !gitobj.IsDir(e.mode) {
			return gitobj.Hash{}, false, nil
		}
		tree = e.hash
	}
	return tree, true, nil
}
