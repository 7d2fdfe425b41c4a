// Package hook installs and removes aaiguard's native git hooks (for teams
// that do not use the pre-commit framework): a pre-commit hook that runs
// `aaiguard staged`, and a pre-push hook that scans the commits being
// pushed with `aaiguard history --range`.
//
// The hooks directory is git's: core.hooksPath when set (system, global,
// then the repository's config; the last one wins, as in git), else
// hooks/ in the repository's common git directory (shared by linked work
// trees).
//
// A hook aaiguard did not write is never overwritten silently: Install
// refuses unless Force is set, and then keeps the old hook as
// <hook>.aaiguard-chained, which the new hook runs first (a formatter may
// re-stage files; aaiguard then scans what will really be committed).
// Uninstall puts the chained hook back. Every change is atomic: a new hook
// is written to a temporary file and renamed into place, and the old one
// is hard-linked to its chained name before that rename, so there is no
// moment without a hook.
package githook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/plumbing/format/config"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
)

// Kind is a git hook aaiguard can install.
type Kind string

const (
	PreCommit Kind = "pre-commit"
	PrePush   Kind = "pre-push"
)

// marker identifies a hook written by aaiguard.
const marker = "# aaiguard-hook: v1"

// ChainedSuffix names the hook that was there before aaiguard's.
const ChainedSuffix = ".aaiguard-chained"

// Location is where a repository's hooks live.
type Location struct {
	WorkTree string // the work tree's root
	GitDir   string // the common git directory
	Dir      string // the hooks directory
	// HooksPath is core.hooksPath as configured ("" when unset).
	HooksPath string
}

// Locate finds the hooks directory of the repository that contains path.
// Outside any repository the error wraps gitrepo.ErrNotRepository.
func Locate(path string) (*Location, error) {
	repo, err := gitrepo.Open(path)
	if errors.Is(err, gitrepo.ErrNotRepository) {
		return nil, err
	}
	if err != nil {
		// go-git does not say which file it could not read; a broken
		// config is the usual cause, so name it when it is.
		if abs, aerr := filepath.Abs(path); aerr == nil {
			if gitDir, _, lerr := gitrepo.Locate(abs); lerr == nil {
				if _, cerr := readHooksPath(filepath.Join(gitrepo.CommonDir(gitDir), "config")); cerr != nil {
					return nil, cerr
				}
			}
		}
		return nil, err
	}
	if repo.Bare {
		return nil, fmt.Errorf("%s: a bare repository has no commits made in it: no hook to install", path)
	}
	// Hooks live in the common git directory, shared by linked work trees.
	loc := &Location{WorkTree: repo.WorkTree, GitDir: repo.CommonDir, Dir: filepath.Join(repo.CommonDir, "hooks")}
	hp, err := hooksPath(repo.CommonDir)
	if err != nil {
		return nil, err
	}
	if hp != "" {
		loc.HooksPath = hp
		loc.Dir = expandHooksPath(hp, repo.WorkTree)
	}
	return loc, nil
}

// configFiles lists git's configuration files in the order git reads them
// (later ones win): system, global (XDG, then ~/.gitconfig), the
// repository's. GIT_CONFIG_NOSYSTEM, GIT_CONFIG_SYSTEM and
// GIT_CONFIG_GLOBAL are honoured. include and includeIf are not followed.
func configFiles(gitDir string) []string {
	var files []string
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		if p := os.Getenv("GIT_CONFIG_SYSTEM"); p != "" {
			files = append(files, p)
		} else {
			files = append(files, "/etc/gitconfig")
		}
	}
	if p := os.Getenv("GIT_CONFIG_GLOBAL"); p != "" {
		files = append(files, p)
	} else {
		xdg := os.Getenv("XDG_CONFIG_HOME")
		home, _ := os.UserHomeDir()
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			files = append(files, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, filepath.Join(home, ".gitconfig"))
		}
	}
	return append(files, filepath.Join(gitDir, "config"))
}

// hooksPath returns core.hooksPath from git's configuration files, parsed
// with go-git's config decoder.
func hooksPath(gitDir string) (string, error) {
	value := ""
	local := filepath.Join(gitDir, "config")
	for _, p := range configFiles(gitDir) {
		v, err := readHooksPath(p)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) && p != local {
			continue // git skips missing (and, outside the repository, unreadable) files too
		}
		if err != nil {
			return "", err
		}
		if v != nil {
			value = *v
		}
	}
	return value, nil
}

// maxConfig bounds a git config file read for core.hooksPath.
const maxConfig = 16 << 20

// readHooksPath reads core.hooksPath from one config file (nil when the
// file does not set it).
func readHooksPath(p string) (*string, error) {
	// A regular file, bounded: a committed core.hooksPath setup or an
	// extracted archive may put a FIFO or a link to /dev/zero there.
	b, err := regularfile.Read(p, true, maxConfig)
	if err != nil {
		return nil, fmt.Errorf("read git config %s: %w", p, regularfile.Cause(err))
	}
	cfg := gitconfig.New()
	if err := gitconfig.NewDecoder(bytes.NewReader(b)).Decode(cfg); err != nil {
		return nil, fmt.Errorf("read git config %s: %w", p, err)
	}
	if !cfg.HasSection("core") {
		return nil, nil
	}
	opts := cfg.Section("core").Options
	if !opts.Has("hooksPath") {
		return nil, nil
	}
	v := opts.Get("hooksPath")
	return &v, nil
}

// expandHooksPath resolves core.hooksPath like git: ~ is the home
// directory, and a relative path is relative to the work tree's root
// (where git runs hooks).
func expandHooksPath(p, root string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(root, p)
	}
	return filepath.Clean(p)
}

// Options control Install.
type Options struct {
	Kind Kind
	// Force replaces a hook aaiguard did not write, keeping it chained.
	Force bool
	// Binary is the absolute path of the aaiguard executable the hook runs
	// first; when empty or gone, the hook looks aaiguard up on PATH.
	Binary string
	// Install is the command that installs aaiguard again, printed when the
	// hook cannot find it.
	Install string
}

// Action says what Install or Uninstall did.
type Action string

const (
	Installed Action = "installed" // a new hook where there was none
	Updated   Action = "updated"   // aaiguard's hook rewritten (idempotent reinstall)
	Chained   Action = "chained"   // installed; the foreign hook kept and run first
	Removed   Action = "removed"   // aaiguard's hook deleted
	Restored  Action = "restored"  // aaiguard's hook replaced by the chained one
	Absent    Action = "absent"    // nothing to uninstall
)

// Result reports what happened.
type Result struct {
	Action  Action
	Path    string // the hook
	Chained string // the chained hook's path, when there is one
}

// ForeignHookError is returned when a hook aaiguard did not write is in
// the way.
type ForeignHookError struct {
	Path string
	// PreCommitFramework is set when the hook was written by the
	// pre-commit framework (pre-commit.com).
	PreCommitFramework bool
	// Husky is set when core.hooksPath is husky's directory: husky
	// rewrites it on every npm install, so a hook written there is lost.
	Husky bool
}

func (e *ForeignHookError) Error() string {
	if e.Husky {
		return fmt.Sprintf("%s is managed by husky, which rewrites it: add the line \"aaiguard staged\" to .husky/pre-commit instead, or pass --force to chain it anyway", e.Path)
	}
	if e.PreCommitFramework {
		return fmt.Sprintf("%s was installed by the pre-commit framework: add aaiguard to .pre-commit-config.yaml instead (see README), or pass --force to chain it", e.Path)
	}
	return fmt.Sprintf("%s exists and was not installed by aaiguard: pass --force to keep it and run it before aaiguard", e.Path)
}

// readHook reads an existing hook (through a symbolic link, as git runs
// it) only when it is a regular file, and at most 1 MiB of it: a hooks
// directory committed to a repository (core.hooksPath) could hold a link
// to /dev/zero or a FIFO. Anything else reads as empty: not aaiguard's.
func readHook(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 1<<20))
}

// IsOurs reports whether a hook file's content was written by aaiguard.
func IsOurs(content []byte) bool {
	return strings.Contains(string(content), "\n"+marker+" ")
}

func isHusky(hooksPath string) bool {
	return slices.Contains(strings.Split(filepath.ToSlash(hooksPath), "/"), ".husky")
}

func isPreCommitFramework(content []byte) bool {
	return strings.Contains(string(content), "File generated by pre-commit: https://pre-commit.com")
}

// Install writes the hook of opts.Kind into loc.Dir.
func Install(loc *Location, opts Options) (Result, error) {
	if opts.Kind != PreCommit && opts.Kind != PrePush {
		return Result{}, fmt.Errorf("unknown hook %q", opts.Kind)
	}
	if err := os.MkdirAll(loc.Dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("create hooks directory: %w", err)
	}
	path := filepath.Join(loc.Dir, string(opts.Kind))
	chained := path + ChainedSuffix
	res := Result{Path: path}
	if exists(chained) {
		res.Chained = chained
	}
	script := []byte(Script(opts.Kind, opts.Binary, opts.Install))

	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Action = Installed
		return res, writeAtomic(path, script)
	case err != nil:
		return Result{}, fmt.Errorf("%s: %w", path, err)
	case st.IsDir():
		return Result{}, fmt.Errorf("%s: is a directory", path)
	}
	old, err := readHook(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) { // a dangling symlink reads as not-exist
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	if IsOurs(old) && st.Mode().IsRegular() {
		res.Action = Updated
		return res, writeAtomic(path, script)
	}
	if !opts.Force {
		return Result{}, &ForeignHookError{Path: path, PreCommitFramework: isPreCommitFramework(old), Husky: isHusky(loc.HooksPath)}
	}
	if res.Chained != "" {
		return Result{}, fmt.Errorf("%s exists and so does %s from an earlier install: move one of them away first", path, chained)
	}
	// Keep the foreign hook under its chained name first (a hard link: the
	// hook stays in place), then rename the new one over it.
	if err := keepAs(path, chained, st); err != nil {
		return Result{}, err
	}
	if err := writeAtomic(path, script); err != nil {
		os.Remove(chained)
		return Result{}, err
	}
	res.Action, res.Chained = Chained, chained
	return res, nil
}

// Uninstall removes aaiguard's hook of the given kind and puts back the
// hook it had chained, if any. A hook aaiguard did not write is left alone
// (an error).
func Uninstall(loc *Location, kind Kind) (Result, error) {
	path := filepath.Join(loc.Dir, string(kind))
	chained := path + ChainedSuffix
	res := Result{Path: path}
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		if exists(chained) {
			// aaiguard's hook was deleted by hand: put the old one back.
			res.Action, res.Chained = Restored, chained
			return res, rename(chained, path)
		}
		res.Action = Absent
		return res, nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	content, err := readHook(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	if !st.Mode().IsRegular() || !IsOurs(content) {
		return Result{}, fmt.Errorf("%s was not installed by aaiguard: left as it is", path)
	}
	if exists(chained) {
		res.Action, res.Chained = Restored, chained
		return res, rename(chained, path)
	}
	res.Action = Removed
	if err := os.Remove(path); err != nil {
		return Result{}, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func rename(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("restore %s: %w", to, err)
	}
	return nil
}

// keepAs gives the hook at path a second name, dst, without removing it:
// a hard link (of the symlink itself, for a symlinked hook), or a copy on
// file systems without hard links.
func keepAs(path, dst string, st fs.FileInfo) error {
	if err := os.Link(path, dst); err == nil {
		return nil
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.Symlink(target, dst); err != nil {
			return fmt.Errorf("keep %s as %s: %w", path, dst, err)
		}
		return nil
	}
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer src.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return fmt.Errorf("keep %s as %s: %w", path, dst, err)
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		os.Remove(dst)
		return fmt.Errorf("keep %s as %s: %w", path, dst, err)
	}
	if err := out.Close(); err != nil {
		os.Remove(dst)
		return fmt.Errorf("keep %s as %s: %w", path, dst, err)
	}
	return nil
}

// writeAtomic replaces path with an executable script (atomically; a
// symlinked hook is replaced, not written through: keepAs kept it).
func writeAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
