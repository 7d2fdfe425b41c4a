// Package gitrepo opens git repositories with go-git for reading, including
// ones go-git v5 refuses because of repository extensions that do not
// change how a reader sees them.
//
// go-git v5 refuses to open a repository whose config names an extension
// it does not implement. Partial clones (git clone --filter, and
// actions/checkout's filter input) always set extensions.partialClone, so
// every such CI checkout failed with "unknown extension: partialclone".
// For a tool that only reads, partialClone (objects may be missing and
// live on a promisor remote: the history scanner reports them), and
// preciousObjects (never delete objects) change nothing; those are hidden
// from go-git. Any other extension (objectFormat=sha256, refStorage) is
// still refused with go-git's error.
package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// ErrNotRepository is returned when no repository contains the path.
var ErrNotRepository = errors.New("not in a git repository")

// readerSafe lists the extensions (lower case) a reader may ignore.
var readerSafe = map[string]bool{"partialclone": true, "preciousobjects": true, "noop": true}

// Open opens the repository that contains path (its work tree, a directory
// inside it, or a bare repository), like git.PlainOpenWithOptions with
// DetectDotGit and EnableDotGitCommonDir. It returns git.ErrRepositoryNotExists
// (wrapped) when there is none.
func Open(path string) (*git.Repository, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	gitDir, workTree, err := Locate(abs)
	if errors.Is(err, ErrNotRepository) {
		return nil, git.ErrRepositoryNotExists
	}
	if err != nil {
		return nil, err
	}
	open := workTree
	if open == "" {
		open = gitDir // bare
	}
	repo, err := git.PlainOpenWithOptions(open, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err == nil || !(errors.Is(err, git.ErrUnknownExtension) || errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion)) {
		return repo, err
	}
	common := CommonDir(gitDir)
	var fs billy.Filesystem = osfs.New(common)
	if common != gitDir {
		fs = dotgit.NewRepositoryFilesystem(osfs.New(gitDir), osfs.New(common))
	}
	st := &readerStorage{Storage: filesystem.NewStorage(fs, cache.NewObjectLRUDefault())}
	cfg, cerr := st.Storage.Config()
	if cerr != nil {
		return nil, err
	}
	for _, o := range cfg.Raw.Section("extensions").Options {
		if !readerSafe[strings.ToLower(o.Key)] {
			return nil, err // an extension that matters: go-git's own error
		}
	}
	var wt billy.Filesystem
	if workTree != "" {
		wt = osfs.New(workTree)
	}
	return git.Open(st, wt)
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
// itself when it is a bare repository.
func Locate(abs string) (gitDir, workTree string, err error) {
	for dir := abs; ; {
		dot := filepath.Join(dir, ".git")
		if st, err := os.Stat(dot); err == nil {
			if st.IsDir() {
				return dot, dir, nil
			}
			b, err := os.ReadFile(dot)
			if err != nil {
				return "", "", err
			}
			line := strings.TrimSpace(string(b))
			target, ok := strings.CutPrefix(line, "gitdir:")
			if !ok {
				return "", "", fmt.Errorf("%s: not a gitdir file", dot)
			}
			target = strings.TrimSpace(target)
			if !filepath.IsAbs(target) {
				target = filepath.Join(dir, target)
			}
			return filepath.Clean(target), dir, nil
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

// CommonDir returns the directory holding objects and refs: the one named
// by gitDir/commondir for a linked work tree, else gitDir.
func CommonDir(gitDir string) string {
	b, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	c := strings.TrimSpace(string(b))
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitDir, c)
	}
	return filepath.Clean(c)
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
