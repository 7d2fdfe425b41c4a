// Package worktree lists and scans the files of a working tree with git's
// view of them: a file git ignores and does not track (a local .env) is
// where a key belongs and is not scanned for secrets; a tracked file, or an
// untracked file that is not ignored (it would be committed by `git add .`),
// is. A directory that is not inside a git repository is scanned as plain
// files.
//
// Ignore rules are go-git's gitignore matcher fed with git's sources in
// git's order of precedence: the system and global excludes files
// (core.excludesFile, else $XDG_CONFIG_HOME/git/ignore), .git/info/exclude,
// and every .gitignore from the repository root down to the file.
//
// Symbolic links are never followed (a link to a file inside the root is
// scanned at its target's own path; a link outside the root is out of
// scope), and .git directories are never entered.
package worktree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/aaiguard/aaiguard/internal/errtext"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitindex"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// File is one regular file of the tree.
type File struct {
	Path    string // slash-separated, relative to the scanned root
	RepoRel string // slash-separated, relative to the repository root ("" outside git)
	Abs     string
	Size    int64
	Tracked bool
	// Stat is the file's lstat data at listing time (Tree.Unchanged
	// compares it to the index entry's).
	Stat Stat
}

// Stat is what git's index keeps of a file's lstat data; OK is false
// where the platform gives none.
type Stat struct {
	OK                                       bool
	MtimeSec, MtimeNsec, CtimeSec, CtimeNsec int64
	Dev, Ino                                 uint64
	Mode, UID, GID                           uint32
	Size                                     int64
}

// Tree is the listing of a scanned root.
type Tree struct {
	Root     string // absolute scanned root
	RepoRoot string // absolute work-tree root of the enclosing repository, "" if none
	// Repo is the repository whose work tree holds the root (nil outside
	// a work tree).
	Repo *gitrepo.Repo
	// Files are the files that belong in a scan: tracked, or untracked and
	// not ignored.
	Files []File
	// Ignored are untracked files that git ignores (listed, not read).
	// Ignored directories without tracked files are not descended.
	Ignored []File
	// Errors are paths that could not be listed. The listing is incomplete.
	Errors []error

	patterns []gitignore.Pattern // global, system and info/exclude patterns
	tracked  map[string]bool     // repo-relative paths in the index
	names    []string            // the same, in the index's order
	// index is the index as parsed for the listing (nil when gitindex
	// could not parse it and go-git did), with its file's mtime.
	index     *gitindex.Index
	indexTime int64
	trackedD  map[string]bool // repo-relative directories with tracked files
	gi        map[string][]gitignore.Pattern
}

// List walks root, in the repository that contains it (if any). It fails
// only when root itself cannot be used or the repository around it is
// unreadable; per-path problems are in Tree.Errors.
func List(root string) (*Tree, error) {
	return list(root, nil, false)
}

// ListIn is List for a root inside repo, a repository the caller has
// already opened (nil: root is in no repository), so that one run opens
// the repository once for the work tree, the history and the index.
func ListIn(root string, repo *gitrepo.Repo) (*Tree, error) {
	return list(root, repo, true)
}

func list(root string, repo *gitrepo.Repo, opened bool) (*Tree, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, regularfile.Cause(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", root)
	}
	t := &Tree{Root: abs, gi: map[string][]gitignore.Pattern{}}
	if !opened {
		repo, err = gitrepo.Open(abs)
		if errors.Is(err, gitrepo.ErrNotRepository) {
			repo, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
	}
	if repo != nil {
		if err := t.useRepo(repo); err != nil {
			return nil, err
		}
	}
	t.walk(abs, false)
	slices.SortFunc(t.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(t.Ignored, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return t, nil
}

func (t *Tree) useRepo(repo *gitrepo.Repo) error {
	if repo.Bare {
		return nil // a bare repository has no work tree: plain files
	}
	t.Repo = repo
	t.RepoRoot = repo.WorkTree
	if r, err := filepath.EvalSymlinks(t.RepoRoot); err == nil {
		t.RepoRoot = r
	}
	if r, err := filepath.EvalSymlinks(t.Root); err == nil {
		t.Root = r
	}
	t.tracked = map[string]bool{}
	t.trackedD = map[string]bool{}
	if err := t.readIndex(repo); err != nil {
		return err
	}
	for _, name := range t.names {
		t.tracked[name] = true
		for d := name; ; {
			i := strings.LastIndexByte(d, '/')
			if i < 0 {
				break
			}
			d = d[:i]
			if t.trackedD[d] {
				break
			}
			t.trackedD[d] = true
		}
	}
	// Lowest precedence first: system, global, info/exclude.
	rootFS := osfs.New("/")
	if ps, err := gitignore.LoadSystemPatterns(rootFS); err == nil {
		t.patterns = append(t.patterns, ps...)
	}
	global, err := gitignore.LoadGlobalPatterns(rootFS)
	if err == nil && len(global) == 0 {
		global = xdgIgnore()
	}
	t.patterns = append(t.patterns, global...)
	if cfg, err := repo.Config(); err == nil && cfg.Raw != nil {
		if ef := cfg.Raw.Section("core").Option("excludesfile"); ef != "" {
			t.patterns = append(t.patterns, readPatternFile(expandHome(ef), nil, true)...)
		}
	}
	// info/exclude is shared by linked work trees: the common directory's.
	t.patterns = append(t.patterns, readPatternFile(filepath.Join(repo.CommonDir, "info", "exclude"), nil, true)...)
	// .gitignore files of the directories between the repository root and
	// the scanned root.
	rel, err := filepath.Rel(t.RepoRoot, t.Root)
	if err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		parts := strings.Split(filepath.ToSlash(rel), "/")
		for i := 0; i < len(parts); i++ {
			dom := parts[:i]
			t.gi[strings.Join(dom, "/")] = readPatternFile(filepath.Join(append([]string{t.RepoRoot}, append(dom, ".gitignore")...)...), dom, false)
		}
	}
	return nil
}

// readIndex lists the index's paths with gitindex (go-git's decoder
// took 0.2 s of a 38k-entry index), keeping the parse for Unchanged;
// an index gitindex does not read (a split index) is listed by go-git.
func (t *Tree) readIndex(repo *gitrepo.Repo) error {
	p := filepath.Join(repo.GitDir, "index")
	f, err := regularfile.Open(p, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no index yet: nothing tracked
	}
	if err == nil {
		defer f.Close()
		var st fs.FileInfo
		var data string
		if st, err = f.Stat(); err == nil {
			data, err = gitindex.ReadFile(f, 1<<30)
		}
		var idx *gitindex.Index
		if err == nil {
			idx, err = gitindex.ParseString(data)
		}
		if err == nil {
			t.index, t.indexTime = idx, st.ModTime().Unix()
			for _, e := range idx.Entries {
				if len(t.names) == 0 || t.names[len(t.names)-1] != e.Name {
					t.names = append(t.names, e.Name) // conflict stages share a name
				}
			}
			return nil
		}
	}
	idx, gerr := repo.Storer.Index()
	if gerr != nil {
		return fmt.Errorf("%s: read git index: %w", p, gerr)
	}
	for _, e := range idx.Entries {
		t.names = append(t.names, e.Name)
	}
	return nil
}

// TrackedPaths are the repository-relative paths in the index, in its
// order (nil outside a work tree).
func (t *Tree) TrackedPaths() []string { return t.names }

// xdgIgnore reads git's default global excludes file, which go-git does
// not consult when core.excludesFile is unset.
func xdgIgnore() []gitignore.Pattern {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(home, ".config")
	}
	return readPatternFile(filepath.Join(dir, "git", "ignore"), nil, true)
}

func expandHome(p string) string {
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[2:])
		}
	}
	return p
}

// maxIgnoreFile bounds an ignore file: larger ones are not read (no real
// .gitignore comes near it; a hostile one would only cost memory).
const maxIgnoreFile = 100 << 20

// readPatternFile reads an ignore file. A .gitignore inside the work tree
// (follow false) is read only when it is a regular file, not through a
// symbolic link, as git does since 2.32: a link committed as .gitignore
// could point anywhere (/dev/zero, a FIFO). Excludes files named by the
// user's configuration are followed, but must be regular files too.
func readPatternFile(path string, domain []string, follow bool) []gitignore.Pattern {
	data, err := regularfile.Read(path, follow, maxIgnoreFile)
	if err != nil {
		return nil
	}
	var ps []gitignore.Pattern
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}

// repoRel returns the repository-relative slash path of an absolute path.
func (t *Tree) repoRel(abs string) string {
	rel, err := filepath.Rel(t.RepoRoot, abs)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(rel)
}

// patternsFor returns every pattern that applies inside repository-relative
// directory dir, lowest precedence first.
func (t *Tree) patternsFor(dir string) []gitignore.Pattern {
	ps := slices.Clone(t.patterns)
	ps = append(ps, t.gi[""]...)
	if dir == "" || dir == "." {
		return ps
	}
	parts := strings.Split(dir, "/")
	for i := 1; i <= len(parts); i++ {
		ps = append(ps, t.gi[strings.Join(parts[:i], "/")]...)
	}
	return ps
}

// IsIgnored reports whether git would ignore the repository-relative path
// (it need not exist). Outside a repository nothing is ignored.
func (t *Tree) IsIgnored(repoRel string, isDir bool) bool {
	if t.Repo == nil {
		return false
	}
	parts := strings.Split(repoRel, "/")
	// Git ignores everything under an ignored directory.
	for i := 1; i < len(parts); i++ {
		if gitignore.NewMatcher(t.patternsFor(strings.Join(parts[:i-1], "/"))).Match(parts[:i], true) {
			return true
		}
	}
	return gitignore.NewMatcher(t.patternsFor(strings.Join(parts[:len(parts)-1], "/"))).Match(parts, isDir)
}

// IsTracked reports whether the repository-relative path is in the index.
func (t *Tree) IsTracked(repoRel string) bool { return t.tracked[repoRel] }

// walk lists dir. ignored says that git ignores dir itself (it is entered
// only for the tracked files under it): every untracked file below is
// ignored too, whatever the .gitignore files below say (git cannot
// re-include a file whose parent directory is excluded).
//
// The walk costs what the paths cost: each directory hands its children
// the patterns in effect there (its parent's, plus its own .gitignore's)
// and its repository-relative path split into parts, instead of gathering
// them again from every ancestor (which made a chain of 2000 directories
// cost 20 s: depth cubed).
func (t *Tree) walk(dir string, ignored bool) {
	var ps []gitignore.Pattern
	var parts []string
	if t.Repo != nil {
		rel := t.repoRel(dir)
		if rel != "." && rel != "" {
			parts = strings.Split(rel, "/")
		}
		// The patterns of the directories above the root (patternsFor
		// reads t.gi, filled by useRepo) but not the root's own, which
		// walkDir reads.
		if len(parts) > 0 {
			ps = t.patternsFor(strings.Join(parts[:len(parts)-1], "/"))
		} else {
			ps = slices.Clone(t.patterns)
		}
	}
	t.walkDir(dir, ignored, ps, parts)
}

func (t *Tree) walkDir(dir string, ignored bool, ps []gitignore.Pattern, parts []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Errors = append(t.Errors, fmt.Errorf("%s: %w", errtext.Cut(t.display(dir)), regularfile.Cause(err)))
		return
	}
	rel := strings.Join(parts, "/")
	var matcher gitignore.Matcher
	if t.Repo != nil {
		for _, e := range entries {
			if e.Name() == ".gitignore" && e.Type().IsRegular() {
				// The patterns keep their domain: a copy, since parts is
				// the walk's shared stack.
				own := readPatternFile(filepath.Join(dir, ".gitignore"), slices.Clone(parts), false)
				t.gi[rel] = own
				if len(own) > 0 {
					ps = append(ps[:len(ps):len(ps)], own...)
				}
			}
		}
		matcher = gitignore.NewMatcher(ps)
	}
	for _, e := range entries {
		name := e.Name()
		abs := filepath.Join(dir, name)
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 || (!typ.IsDir() && !typ.IsRegular()) {
			continue // symlinks, devices, sockets, FIFOs
		}
		var repoRel string
		var child []string
		if t.Repo != nil {
			repoRel = joinRel(rel, name)
			// One stack of parts for the whole walk (depth first): a copy
			// per directory would hold depth squared of them.
			child = append(parts, name)
		}
		if typ.IsDir() {
			if name == ".git" {
				continue
			}
			ign := ignored || t.Repo != nil && matcher.Match(child, true)
			if ign && !t.trackedD[repoRel] {
				continue
			}
			t.walkDir(abs, ign, ps, child)
			continue
		}
		info, err := e.Info()
		if err != nil {
			t.Errors = append(t.Errors, fmt.Errorf("%s: %w", errtext.Cut(t.display(abs)), regularfile.Cause(err)))
			continue
		}
		f := File{Path: t.display(abs), RepoRel: repoRel, Abs: abs, Size: info.Size(), Stat: statOf(info)}
		if t.Repo != nil {
			f.Tracked = t.tracked[repoRel]
			if !f.Tracked && (ignored || matcher.Match(child, false)) {
				t.Ignored = append(t.Ignored, f)
				continue
			}
		}
		t.Files = append(t.Files, f)
	}
}

func joinRel(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// display returns the slash path of abs relative to the scanned root.
func (t *Tree) display(abs string) string {
	rel, err := filepath.Rel(t.Root, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}
