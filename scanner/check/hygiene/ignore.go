package hygiene

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// RequiredPatterns are the .gitignore patterns every project that keeps
// keys in env files needs: the shared .env, and the machine-local
// overrides that dotenv loaders (Next.js, Vite, CRA, dotenv-flow) read.
var RequiredPatterns = []string{".env", ".env.local", ".env.*.local"}

// probes are the file names that show whether a required pattern is in
// effect (by whatever pattern: .env* covers them all).
var probes = map[string][]string{
	".env":         {".env"},
	".env.local":   {".env.local"},
	".env.*.local": {".env.development.local", ".env.production.local"},
}

// sourcedPattern is a .gitignore pattern with where it was written.
type sourcedPattern struct {
	gitignore.Pattern
	file string // slash path relative to the scanned root
	line int
	text string
}

// committedRules are the ignore rules a repository shares with everyone
// who clones it: its .gitignore files. Unlike the rules in effect on this
// machine (worktree.Tree.IsIgnored, which adds the user's global excludes
// and .git/info/exclude), they are the same for every developer and every
// CI run, so they decide whether the repository itself keeps env files
// out.
type committedRules struct {
	base     string // absolute directory the repository-relative paths start at
	root     string // absolute scanned root, for display paths
	patterns map[string][]sourcedPattern
	missing  map[string]bool // directories whose .gitignore does not exist
	errs     []error
}

func newCommittedRules(base, root string) *committedRules {
	return &committedRules{base: base, root: root, patterns: map[string][]sourcedPattern{}, missing: map[string]bool{}}
}

// load reads dir's .gitignore once (dir is relative to base, "" for base).
func (c *committedRules) load(dir string) []sourcedPattern {
	if ps, ok := c.patterns[dir]; ok {
		return ps
	}
	abs := filepath.Join(c.base, filepath.FromSlash(dir), ".gitignore")
	display := filepath.ToSlash(abs)
	if rel, err := filepath.Rel(c.root, abs); err == nil {
		display = filepath.ToSlash(rel)
	}
	var ps []sourcedPattern
	// As git (2.32 and later), a .gitignore that is a symbolic link is
	// not read: it could point anywhere (/dev/zero, a FIFO).
	data, err := regularfile.Read(abs, false, 100<<20)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, regularfile.ErrNotRegular):
		c.missing[dir] = true
	case err != nil:
		c.errs = append(c.errs, fmt.Errorf("%s: %w", display, err))
	default:
		var dom []string
		if dir != "" {
			dom = strings.Split(dir, "/")
		}
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
				continue
			}
			ps = append(ps, sourcedPattern{gitignore.ParsePattern(line, dom), display, i + 1, strings.TrimSpace(line)})
		}
	}
	c.patterns[dir] = ps
	return ps
}

// match reports whether the committed .gitignore files ignore the path
// (relative to base) and the pattern that decides it. As in git, a path
// under an ignored directory is ignored, and the last matching pattern of
// the deepest .gitignore wins.
func (c *committedRules) match(rel string, isDir bool) (bool, *sourcedPattern) {
	parts := strings.Split(rel, "/")
	var ps []sourcedPattern
	for i := 0; i < len(parts); i++ {
		ps = append(ps, c.load(strings.Join(parts[:i], "/"))...)
		// parts[:i+1] is a directory when i+1 < len(parts).
		if i+1 < len(parts) {
			if ok, p := decide(ps, parts[:i+1], true); ok {
				return true, p
			}
		}
	}
	return decide(ps, parts, isDir)
}

func decide(ps []sourcedPattern, parts []string, isDir bool) (bool, *sourcedPattern) {
	for i := len(ps) - 1; i >= 0; i-- {
		switch ps[i].Match(parts, isDir) {
		case gitignore.Exclude:
			return true, &ps[i]
		case gitignore.Include:
			return false, &ps[i]
		}
	}
	return false, nil
}

// anyFile reports whether dir or one of its parents up to base has a
// .gitignore (after Missing or match has loaded them).
func (c *committedRules) anyFile(dir string) bool {
	parts := strings.Split(dir, "/")
	if dir == "" {
		parts = nil
	}
	for i := 0; i <= len(parts); i++ {
		d := strings.Join(parts[:i], "/")
		c.load(d)
		if !c.missing[d] {
			return true
		}
	}
	return false
}

// Missing returns the required patterns that the .gitignore files of dir
// (and of its parents up to base) do not cover, in RequiredPatterns order.
// A pattern is covered when every probe file name it stands for is ignored
// there, by any pattern (.env* covers all three).
func (c *committedRules) Missing(dir string) []string {
	var out []string
	for _, p := range RequiredPatterns {
		for _, name := range probes[p] {
			if ok, _ := c.match(path.Join(dir, name), false); !ok {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
