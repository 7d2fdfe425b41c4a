// Package staged scans what is staged for the next commit: the index
// entries whose content differs from HEAD (every entry when there is no
// HEAD yet), read from the object database as staged, so that findings
// carry the lines of the staged file, not of the work tree.
//
// This is the pre-commit hook's path and must stay fast in large
// repositories: the index's cache-tree extension names the directories git
// knows to be unchanged, and those whose tree equals HEAD's are skipped
// without reading HEAD's trees below them. Only the HEAD trees along
// changed paths are read.
package staged

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/git/gitindex"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// DefaultMaxFileSize is the size above which staged files are skipped with
// a note.
const DefaultMaxFileSize = 10 << 20

// ErrBare is returned for a bare repository, which has no index.
var ErrBare = errors.New("a bare repository has no index: nothing can be staged")

// Options tune Scan.
type Options struct {
	// Prefix restricts the scan to a repository-relative directory; paths
	// in findings are relative to it.
	Prefix string
	// MaxFileSize: 0 means DefaultMaxFileSize, negative no limit.
	MaxFileSize int64
	// Visit, when set, is told of each staged file that differs from HEAD:
	// first with nil content (the file is staged), then, when it was read
	// (a text file within the size limit), with its content as staged.
	// The findings it returns are reported with the file's (other checks
	// of staged files: env files staged for commit, code rules).
	Visit func(f File, content []byte) []finding.Finding
	// Prepare, when set, is called once before the first Visit with the
	// staged tree (every staged path under Prefix, changed or not), so that
	// checks needing other files (the code rules' imports, package.json)
	// read them as staged, not from the work tree.
	Prepare func(t *Tree)
}

// Tree is the tree the next commit would have, as the index holds it.
// Nothing is listed until a check asks (most staged scans never do), and
// then only the paths it keeps: in a 38k-file repository, building every
// path was a fifth of the hook's time when a staged file named AssemblyAI.
type Tree struct {
	entries []gitindex.Entry // the index's, in index order
	prefix  string
	// On first use: sorted, when the entries are in git's order (a
	// damaged index may not be), so find binary-searches them; else
	// byPath.
	once   sync.Once
	sorted bool
	byPath map[string]gitobj.Hash

	mu sync.Mutex
	db *gitobj.DB
	rd *gitobj.Reader
}

// tracked reports whether an index entry is a file of the next commit's
// tree under the scanned root.
func (t *Tree) tracked(e *gitindex.Entry) bool {
	return e.Stage == 0 && !e.IntentToAdd && e.Mode != gitindex.ModeGitlink && e.Mode != gitindex.ModeDir && strings.HasPrefix(e.Name, t.prefix)
}

// PathsWhere lists the staged paths under the scanned root (relative to
// it, in index order) that keep accepts. Safe for concurrent use.
func (t *Tree) PathsWhere(keep func(string) bool) []string {
	var out []string
	for i := range t.entries {
		e := &t.entries[i]
		if t.tracked(e) {
			if p := e.Name[len(t.prefix):]; keep(p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func (t *Tree) find(p string) (gitobj.Hash, bool) {
	t.once.Do(func() {
		t.sorted = slices.IsSortedFunc(t.entries, func(a, b gitindex.Entry) int {
			if c := strings.Compare(a.Name, b.Name); c != 0 {
				return c
			}
			return a.Stage - b.Stage
		})
		if t.sorted {
			return
		}
		t.byPath = map[string]gitobj.Hash{}
		for i := range t.entries {
			if e := &t.entries[i]; t.tracked(e) {
				t.byPath[e.Name[len(t.prefix):]] = gitobj.Hash(e.Hash)
			}
		}
	})
	name := t.prefix + p
	if t.sorted {
		// conflicted paths have several entries, by stage
		i, _ := slices.BinarySearchFunc(t.entries, name, func(e gitindex.Entry, n string) int { return strings.Compare(e.Name, n) })
		for ; i < len(t.entries) && t.entries[i].Name == name; i++ {
			if e := &t.entries[i]; t.tracked(e) {
				return gitobj.Hash(e.Hash), true
			}
		}
		return gitobj.Hash{}, false
	}
	h, ok := t.byPath[p]
	return h, ok
}

// Read returns the staged content of a path of the tree (at most 1 MiB:
// what cross-file checks read is small). Safe for concurrent use.
func (t *Tree) Read(p string) ([]byte, error) {
	h, ok := t.find(p)
	if !ok {
		return nil, fmt.Errorf("%s: %w", p, os.ErrNotExist)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rd == nil {
		t.rd = t.db.NewReader(1 << 20)
	}
	typ, b, size, err := t.rd.ReadLimited(h, maxTreeRead)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s (staged): %w", p, err)
	case typ != gitobj.BlobObject:
		return nil, fmt.Errorf("%s (staged): not a blob", p)
	case b == nil && size > 0:
		return nil, fmt.Errorf("%s (staged): larger than %d bytes", p, maxTreeRead)
	}
	return bytes.Clone(b), nil // the reader's cache owns b
}

// maxTreeRead bounds what Tree.Read inflates.
const maxTreeRead = 1 << 20

// File is a staged file that differs from HEAD.
type File struct {
	Path   string // relative to the scanned root
	InHead bool   // HEAD has the path (a changed file, not a new one)
}

// Skipped is a staged file that was not scanned.
type Skipped = finding.Skipped

// Result is what scanning the staged changes found.
type Result struct {
	Findings []finding.Finding
	Files    int // staged files scanned
	Bytes    int64
	Binary   int
	TooLarge []Skipped
	// Unmerged counts paths with unresolved conflicts (not scanned: git
	// refuses to commit them until they are staged).
	Unmerged int
	NoHead   bool
	// TreesRead counts the HEAD trees read (the cache tree spares the
	// others).
	TreesRead int
	Notes     []string
	Errors    []error
}

// Scan scans the staged changes of repo.
func Scan(repo *gitrepo.Repo, e *detect.Engine, opts Options) (*Result, error) {
	if repo.Bare {
		return nil, ErrBare
	}
	db, err := repo.Objects()
	if err != nil {
		return nil, err
	}
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	idx, err := readIndex(repo)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	rd := db.NewReader(8 << 20)
	head := &headTree{rd: rd, lists: map[string]map[string]headEntry{}, dirs: map[string]bool{}}
	ref, err := repo.Head()
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		res.NoHead = true
	case err != nil:
		return nil, fmt.Errorf("resolve HEAD: %w", err)
	default:
		t, b, err := rd.Read(ref.Hash())
		if err != nil {
			return nil, fmt.Errorf("HEAD: %w", err)
		}
		if t != gitobj.CommitObject {
			return nil, fmt.Errorf("HEAD names a %s, not a commit", t)
		}
		c, err := gitobj.ParseCommit(b)
		if err != nil {
			return nil, fmt.Errorf("HEAD commit %s: %w", ref.Hash(), err)
		}
		head.root, head.ok = c.Tree, true
	}
	cache := idx.Tree
	prefix := opts.Prefix
	if prefix != "" {
		prefix += "/"
	}
	if opts.Prepare != nil {
		opts.Prepare(stagedTree(db, idx, prefix))
	}
	visit := func(f File, content []byte) {
		if opts.Visit != nil {
			res.Findings = append(res.Findings, opts.Visit(f, content)...)
		}
	}
	unmerged := map[string]bool{}
	// skip, when set, is a directory ("dir/") git's cache tree holds as
	// equal to HEAD's: the entries under it, which follow one another in
	// the index, are passed over with a prefix test each, not a look-up.
	var skip string
	for i := range idx.Entries {
		ent := &idx.Entries[i]
		if skip != "" && strings.HasPrefix(ent.Name, skip) {
			if ent.Stage != 0 {
				unmerged[ent.Name] = true
			}
			continue
		}
		if !strings.HasPrefix(ent.Name, prefix) {
			continue
		}
		if ent.Stage != 0 {
			unmerged[ent.Name] = true
			continue
		}
		if ent.IntentToAdd || ent.Mode == gitindex.ModeGitlink || ent.Mode == gitindex.ModeSymlink {
			continue
		}
		if ent.Mode == gitindex.ModeDir {
			// A sparse index's directory entry: outside the sparse
			// checkout, nothing in it can be staged.
			continue
		}
		if dir := dirOf(ent.Name); head.ok && head.unchangedDir(dir, cache) {
			if dir != "" {
				skip = dir + "/"
			}
			continue
		}
		hash := gitobj.Hash(ent.Hash)
		headBlob, inHead := head.blob(ent.Name)
		if inHead && headBlob == hash {
			continue
		}
		if head.err != nil {
			res.Errors = append(res.Errors, head.err)
			head.err = nil
		}
		rel := strings.TrimPrefix(ent.Name, prefix)
		if e.PathAllowed(rel) {
			continue
		}
		file := File{Path: rel, InHead: inHead}
		visit(file, nil)
		t, b, size, err := rd.ReadLimited(hash, limit)
		switch {
		case err != nil:
			res.Errors = append(res.Errors, fmt.Errorf("%s (staged): %w", rel, err))
			continue
		case t != gitobj.BlobObject:
			res.Errors = append(res.Errors, fmt.Errorf("%s (staged): object %s is a %s, not a blob", rel, hash, t))
			continue
		case b == nil && size > 0:
			why := fmt.Sprintf("staged file larger than the %d-byte limit (--max-file-size)", limit)
			if size <= limit {
				why = fmt.Sprintf("staged file stored as a delta of an object over the %d-byte limit (--max-file-size), which is not inflated", limit)
			}
			res.TooLarge = append(res.TooLarge, Skipped{Path: rel, Size: size, Reason: why})
			continue
		case detect.IsBinary(b):
			res.Binary++
			continue
		}
		res.Files++
		res.Bytes += int64(len(b))
		visit(file, b)
		fs := e.Scan(detect.Item{Path: rel, Content: b})
		for i := range fs {
			fs[i].Source = finding.SourceStaged
		}
		res.Findings = append(res.Findings, fs...)
	}
	if head.err != nil {
		res.Errors = append(res.Errors, head.err)
	}
	res.TreesRead = head.read
	res.Unmerged = len(unmerged)
	if res.Unmerged > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("staged: %d path(s) with unresolved merge conflicts were not scanned; they are scanned once resolved and staged (git add)", res.Unmerged))
	}
	return res, nil
}

type headEntry struct {
	mode uint32
	hash gitobj.Hash
}

// headTree reads HEAD's trees lazily, one directory at a time.
type headTree struct {
	rd    *gitobj.Reader
	root  gitobj.Hash
	ok    bool
	lists map[string]map[string]headEntry // dir -> name -> entry; nil: no such dir
	dirs  map[string]bool                 // memo of unchangedDir
	read  int
	err   error
}

func (h *headTree) list(dir string) map[string]headEntry {
	if dir == "." {
		dir = ""
	}
	if l, ok := h.lists[dir]; ok {
		return l
	}
	var tree gitobj.Hash
	if dir == "" {
		tree = h.root
	} else {
		parent := h.list(path.Dir(dir))
		e, ok := parent[path.Base(dir)]
		if !ok || !gitobj.IsDir(e.mode) {
			h.lists[dir] = nil
			return nil
		}
		tree = e.hash
	}
	h.read++
	t, b, err := h.rd.Read(tree)
	if err == nil && t != gitobj.TreeObject {
		err = fmt.Errorf("object %s is a %s, not a tree", tree, t)
	}
	if err != nil {
		if h.err == nil {
			h.err = fmt.Errorf("HEAD tree of %s: %w", displayDir(dir), err)
		}
		h.lists[dir] = nil
		return nil
	}
	l := map[string]headEntry{}
	it := gitobj.NewTreeIter(b)
	for {
		mode, name, hash, _, ok := it.Next()
		if !ok {
			break
		}
		var hh gitobj.Hash
		copy(hh[:], hash)
		l[string(name)] = headEntry{mode: mode, hash: hh}
	}
	if err := it.Err(); err != nil && h.err == nil {
		h.err = fmt.Errorf("HEAD tree of %s: %w", displayDir(dir), err)
	}
	h.lists[dir] = l
	return l
}

// dirOf is path.Dir for an index path, "" for the root, without
// path.Clean's work (index paths are clean).
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func displayDir(dir string) string {
	if dir == "" {
		return "the root"
	}
	return dir
}

// treeHash is HEAD's tree for dir.
func (h *headTree) treeHash(dir string) (gitobj.Hash, bool) {
	if dir == "." || dir == "" {
		return h.root, true
	}
	parent := h.list(path.Dir(dir))
	e, ok := parent[path.Base(dir)]
	if !ok || !gitobj.IsDir(e.mode) {
		return gitobj.Hash{}, false
	}
	return e.hash, true
}

// unchangedDir reports whether dir, or a directory above it, is valid in
// the cache tree and equal to HEAD's: then nothing under it is staged.
func (h *headTree) unchangedDir(dir string, cache gitindex.CacheTree) bool {
	if dir == "." {
		dir = ""
	}
	if v, ok := h.dirs[dir]; ok {
		return v
	}
	v := false
	if dir != "" && h.unchangedDir(path.Dir(dir), cache) {
		v = true
	} else if c, ok := cache[dir]; ok {
		if t, ok := h.treeHash(dir); ok && t == gitobj.Hash(c) {
			v = true
		}
	}
	h.dirs[dir] = v
	return v
}

// blob is HEAD's blob at a repository path.
func (h *headTree) blob(p string) (gitobj.Hash, bool) {
	if !h.ok {
		return gitobj.Hash{}, false
	}
	e, ok := h.list(path.Dir(p))[path.Base(p)]
	if !ok || gitobj.IsDir(e.mode) {
		return gitobj.Hash{}, false
	}
	return e.hash, true
}

// stagedTree is the index's merged entries under prefix as a Tree, listed
// when first used.
func stagedTree(db *gitobj.DB, idx *gitindex.Index, prefix string) *Tree {
	return &Tree{db: db, entries: idx.Entries, prefix: prefix}
}

// maxIndexSize bounds the index file read (the Linux kernel's is about 8
// MB; 2 GiB would be tens of millions of entries).
const maxIndexSize = 2 << 30

// readIndex reads the index git would commit: $GIT_INDEX_FILE when set
// (git commit -a and git commit <path> run the pre-commit hook with a
// temporary index there), else the repository's own.
func readIndex(repo *gitrepo.Repo) (*gitindex.Index, error) {
	p, what := os.Getenv("GIT_INDEX_FILE"), " (GIT_INDEX_FILE)"
	if p == "" {
		p, what = filepath.Join(repo.GitDir, "index"), ""
	}
	f, err := regularfile.Open(p, true)
	if errors.Is(err, os.ErrNotExist) && what == "" {
		return &gitindex.Index{Version: 2}, nil // nothing staged yet in a new repository
	}
	if err != nil {
		return nil, fmt.Errorf("read the git index %s%s: %w", p, what, regularfile.Cause(err))
	}
	defer f.Close()
	data, err := gitindex.ReadFile(f, maxIndexSize)
	if err != nil {
		return nil, fmt.Errorf("read the git index %s%s: %w", p, what, regularfile.Cause(err))
	}
	idx, err := gitindex.ParseString(data)
	if err != nil {
		return nil, fmt.Errorf("read the git index %s%s: %w", p, what, err)
	}
	return idx, nil
}
