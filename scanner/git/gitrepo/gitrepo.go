// Package gitrepo is aaiguard's one repository type: it finds the
// repository that holds a path (a work tree, a linked work tree, a
// directory inside one, a bare repository), opens it for reading, and
// answers what the sources need of it: references, revisions, the object
// database (package gitobj), the common directory of linked work trees,
// and whether the repository is bare, shallow or partial.
//
// References, the index and the configuration are read with go-git,
// including repositories go-git v5 refuses because of extensions that do
// not change how a reader sees them: partial clones (git clone --filter,
// actions/checkout's filter input) always set extensions.partialClone, so
// every such CI checkout failed with "unknown extension: partialclone".
// For a tool that only reads, partialClone (objects may be missing and live
// on a promisor remote: the history scanner reports them) and
// preciousObjects (never delete objects) change nothing, nor does
// worktreeConfig (git sparse-checkout init and some worktree setups set
// it: each work tree may have a config.worktree of its own, which changes
// what a checkout writes, not the objects or refs read); those are hidden
// from go-git. Any other extension (objectFormat=sha256, refStorage) is
// still refused with go-git's error.
package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/aaiguard/aaiguard/internal/outfile"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
)

// ErrNotRepository is returned (wrapped, naming the path) when no
// repository contains the path.
var ErrNotRepository = errors.New("not in a git repository")

// readerSafe lists the extensions (lower case) a reader may ignore.
var readerSafe = map[string]bool{"partialclone": true, "preciousobjects": true, "noop": true, "worktreeconfig": true}

// maxControlFile bounds the small files that say where a repository is
// (.git files, commondir, shallow): a few hundred bytes in practice.
const maxControlFile = 1 << 20

// Repo is a repository opened for reading. go-git's view of it (references,
// configuration, the index, the work tree) is embedded; the fields are what
// git itself would tell from its directories.
type Repo struct {
	*git.Repository
	// GitDir is the work tree's own git directory (for a linked work tree,
	// the .git/worktrees/NAME directory its .git file names).
	GitDir string
	// CommonDir holds the objects, references and configuration shared by
	// every work tree of the repository (GitDir unless a linked work tree).
	CommonDir string
	// WorkTree is the absolute work-tree root; "" for a bare repository.
	WorkTree string
	Bare     bool
	// Shallow lists the commits whose parents a shallow clone lacks.
	Shallow map[gitobj.Hash]bool

	dbOnce sync.Once
	db     *gitobj.DB
	dbErr  error
}

// Open opens the repository that contains path (its work tree, a directory
// inside it, or a bare repository). A path outside any repository is an
// error wrapping ErrNotRepository; every error names path.
func Open(path string) (*Repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, regularfile.Cause(err))
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", path)
	}
	gitDir, workTree, ok, err := fromEnv(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !ok {
		if gitDir, workTree, err = Locate(abs); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	common, err := commonDir(gitDir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// git itself needs a HEAD it can read; go-git would only say "no HEAD"
	// of one that is a FIFO or a link to /dev/zero.
	if _, err := regularfile.Read(filepath.Join(gitDir, "HEAD"), true, maxControlFile); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &Repo{GitDir: gitDir, CommonDir: common, WorkTree: workTree, Bare: workTree == "", Shallow: map[gitobj.Hash]bool{}}
	r.Repository, err = openGit(gitDir, common, workTree)
	if err != nil {
		return nil, fmt.Errorf("%s: open git repository: %w", path, err)
	}
	if err := r.readShallow(); err != nil {
		return nil, err
	}
	return r, nil
}

// openGit opens the repository with go-git, hiding the reader-safe
// extensions from its check.
func openGit(gitDir, common, workTree string) (*git.Repository, error) {
	// Every file go-git reads there is untrusted: see controlFS.
	fs := newControlFS(osfs.New(gitDir))
	if common != gitDir {
		fs = dotgit.NewRepositoryFilesystem(fs, newControlFS(osfs.New(common)))
	}
	st := &readerStorage{Storage: filesystem.NewStorage(fs, cache.NewObjectLRUDefault())}
	var wt billy.Filesystem
	if workTree != "" {
		wt = osfs.New(workTree)
	}
	repo, err := git.Open(st, wt)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s: no HEAD: %w", gitDir, err)
	}
	return repo, err
}

// Objects returns the object database, opened on first use (listing a
// work tree needs no objects; history and staged do).
func (r *Repo) Objects() (*gitobj.DB, error) {
	r.dbOnce.Do(func() {
		r.db, r.dbErr = gitobj.Open(filepath.Join(r.CommonDir, "objects"))
	})
	return r.db, r.dbErr
}

// Close releases the object database's pack files, if it was opened.
func (r *Repo) Close() error {
	r.dbOnce.Do(func() {}) // no database is opened after Close
	if r.db != nil {
		return r.db.Close()
	}
	return nil
}

// Partial reports whether the repository is a partial clone (git clone
// --filter, actions/checkout's filter input): objects its promisor remote
// holds may be missing locally on purpose. Git marks such a repository with
// extensions.partialClone or a remote with promisor = true.
func (r *Repo) Partial() bool {
	if r.Repository == nil {
		return false
	}
	cfg, err := r.Config()
	if err != nil || cfg.Raw == nil {
		return false
	}
	if cfg.Raw.Section("extensions").Option("partialclone") != "" {
		return true
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if sub.Option("promisor") == "true" {
			return true
		}
	}
	return false
}

func (r *Repo) readShallow() error {
	p := filepath.Join(r.CommonDir, "shallow")
	b, err := regularfile.Read(p, true, 64<<20)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p, regularfile.Cause(err))
	}
	for _, line := range strings.Fields(string(b)) {
		h, ok := parseHash(line)
		if !ok {
			return fmt.Errorf("%s: bad line %q", p, line)
		}
		r.Shallow[h] = true
	}
	return nil
}

// readerStorage hides the reader-safe extensions from go-git's check.
type readerStorage struct {
	*filesystem.Storage
}

var _ storage.Storer = (*readerStorage)(nil)

func (s *readerStorage) Config() (*config.Config, error) {
	cfg, err := s.Storage.Config()
	if err != nil || cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return cfg, err
	}
	sec := cfg.Raw.Section("extensions")
	kept := sec.Options[:0:0]
	for _, o := range sec.Options {
		if !readerSafe[strings.ToLower(o.Key)] {
			kept = append(kept, o)
		}
	}
	sec.Options = kept
	if len(kept) == 0 {
		cfg.Raw.RemoveSection("extensions")
	}
	return cfg, nil
}

// Locate finds the git directory and the work tree ("" when bare) of the
// repository that contains the absolute path abs, without opening it:
// abs/.git (a directory or a "gitdir:" file) in abs or a parent, or abs
// itself when it is a bare repository. No repository is an error wrapping
// ErrNotRepository.
func Locate(abs string) (gitDir, workTree string, err error) {
	for dir := abs; ; {
		dot := filepath.Join(dir, ".git")
		if st, err := os.Stat(dot); err == nil {
			if st.IsDir() {
				if isGitDir(dot) {
					return dot, dir, nil
				}
				// Not a repository (an empty .git from an archive): git
				// goes on looking above, and so does this.
			} else if st.Mode().IsRegular() {
				// (A .git that is a FIFO, a socket or a link to a device
				// such as /dev/zero is passed over too, as git does: it
				// reads a gitdir file only when it is a regular file.)
				target, err := readGitFile(dot)
				if err != nil {
					return "", "", err
				}
				return target, dir, nil
			}
		}
		if isGitDir(dir) {
			return dir, "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", ErrNotRepository
		}
		dir = parent
	}
}

// fromEnv is the repository GIT_DIR and GIT_WORK_TREE name, as git would
// use it, when abs is inside its work tree (or is the git directory
// itself: then bare). Without GIT_WORK_TREE the work tree is the current
// directory, as for git. ok is false when GIT_DIR is not set or abs is
// outside that work tree: the repository is then found from abs (and the
// history pass says that GIT_DIR did not lead there). A GIT_DIR that is not
// a git directory is an error, as it is for git.
func fromEnv(abs string) (gitDir, workTree string, ok bool, err error) {
	env := os.Getenv("GIT_DIR")
	if env == "" {
		return "", "", false, nil
	}
	if gitDir, err = filepath.Abs(env); err != nil {
		return "", "", false, fmt.Errorf("GIT_DIR %s: %w", env, err)
	}
	if st, err := os.Stat(gitDir); err == nil && st.Mode().IsRegular() {
		// A gitdir file, as git accepts in GIT_DIR.
		if gitDir, err = readGitFile(gitDir); err != nil {
			return "", "", false, fmt.Errorf("GIT_DIR: %w", err)
		}
	}
	if !isGitDir(gitDir) {
		return "", "", false, fmt.Errorf("GIT_DIR %s is not a git directory (no HEAD, objects/ and refs/)", env)
	}
	if wt := os.Getenv("GIT_WORK_TREE"); wt != "" {
		workTree, err = filepath.Abs(wt)
	} else {
		workTree, err = os.Getwd()
	}
	if err != nil {
		return "", "", false, fmt.Errorf("GIT_WORK_TREE: %w", err)
	}
	workTree = filepath.Clean(workTree)
	switch {
	case abs == gitDir:
		return gitDir, "", true, nil
	case outfile.Within(abs, workTree):
		return gitDir, workTree, true, nil
	}
	return "", "", false, nil
}

// readGitFile reads a ".git" file ("gitdir: PATH", what git worktree add
// and submodules write) and returns the directory it names.
func readGitFile(dot string) (string, error) {
	b, err := regularfile.Read(dot, true, maxControlFile)
	if err != nil {
		return "", fmt.Errorf("%s: %w", dot, regularfile.Cause(err))
	}
	line, _, _ := strings.Cut(string(b), "\n")
	target, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: not a gitdir file", dot)
	}
	target = strings.TrimSpace(target)
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(dot), target)
	}
	return filepath.Clean(target), nil
}

// CommonDir returns the directory holding objects and refs: the one named
// by gitDir/commondir for a linked work tree, else gitDir. An unreadable
// commondir file counts as none; Open reports it.
func CommonDir(gitDir string) string {
	c, err := commonDir(gitDir)
	if err != nil {
		return gitDir
	}
	return c
}

func commonDir(gitDir string) (string, error) {
	p := filepath.Join(gitDir, "commondir")
	b, err := regularfile.Read(p, true, maxControlFile)
	if errors.Is(err, os.ErrNotExist) {
		return gitDir, nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, regularfile.Cause(err))
	}
	c := strings.TrimSpace(string(b))
	if c == "" {
		return gitDir, nil
	}
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitDir, c)
	}
	return filepath.Clean(c), nil
}

// isGitDir reports whether dir looks like a git directory (git's own
// test: HEAD, objects/ and refs/).
func isGitDir(dir string) bool {
	for _, n := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}
