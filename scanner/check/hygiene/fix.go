package hygiene

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/aaiguard/aaiguard/scanner/format/envfile"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
	"github.com/aaiguard/aaiguard/internal/outfile"
)

// FixHeader introduces the lines FixGitignore appends.
const FixHeader = "# Env files hold secrets (added by aaiguard fix gitignore)"

// FixResult says what FixGitignore did.
type FixResult struct {
	// Gitignore is the file written (or that would be), as given.
	Gitignore string
	// Added are the patterns appended, in order; empty when nothing was
	// missing.
	Added []string
	// Created is set when the .gitignore did not exist.
	Created bool
	// Untrack lists committed env files (relative to dir): ignore rules do
	// not untrack them; the user must run git rm --cached.
	Untrack []string
}

// FixGitignore appends to dir's .gitignore the required env patterns that
// its committed .gitignore files do not cover (.env, .env.local,
// .env.*.local), plus the names of env files present in dir's tree that no
// rule would cover. It keeps the existing content byte for byte (adding a
// final newline where it was missing, in the file's own line ending), is
// idempotent, and replaces the file atomically (a temporary file in the
// same directory renamed over it, with the original mode). A symbolic link
// is written through to its target when that target is inside the
// repository; a link leading outside it is refused (a cloned repository
// can commit .gitignore -> ~/.bashrc). With dryRun nothing is written.
func FixGitignore(dir string, dryRun bool) (*FixResult, error) {
	t, err := worktree.List(dir)
	if err != nil {
		return nil, err
	}
	base := t.RepoRoot
	if base == "" {
		base = t.Root
	}
	rel := rootRel(t)
	rules := newCommittedRules(base, t.Root)
	add := rules.Missing(rel)
	if len(rules.errs) > 0 {
		return nil, errors.Join(rules.errs...)
	}
	res := &FixResult{Gitignore: filepath.Join(dir, ".gitignore")}
	var dom []string
	if rel != "" {
		dom = strings.Split(rel, "/")
	}
	covered := func(repoRel string) bool {
		if ok, _ := rules.match(repoRel, false); ok {
			return true
		}
		parts := strings.Split(repoRel, "/")
		for _, p := range add {
			if gitignore.ParsePattern(p, dom).Match(parts, false) == gitignore.Exclude {
				return true
			}
		}
		return false
	}
	for _, f := range append(slices.Clone(t.Files), t.Ignored...) {
		if !envfile.IsDotenv(f.Path) || envfile.IsTemplate(f.Path) {
			continue
		}
		if f.Tracked {
			res.Untrack = append(res.Untrack, f.Path)
		}
		rr := f.Path
		if t.Repo != nil {
			rr = f.RepoRel
		}
		if !covered(rr) {
			add = append(add, path.Base(f.Path))
		}
	}
	slices.Sort(res.Untrack)
	if len(add) == 0 {
		return res, nil
	}
	res.Added = add
	target := atomicfile.Resolve(res.Gitignore)
	if target != res.Gitignore && !outfile.Within(evalOr(target), evalOr(base)) {
		return nil, fmt.Errorf("%s: a symbolic link to %s, outside the repository: not written through (replace the link with a regular file)", res.Gitignore, target)
	}
	old, err := os.ReadFile(target)
	mode := fs.FileMode(0o644)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		res.Created = true
	case err != nil:
		return nil, fmt.Errorf("%s: %w", res.Gitignore, unwrap(err))
	default:
		st, err := os.Stat(target)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", res.Gitignore, unwrap(err))
		}
		mode = st.Mode().Perm()
	}
	if dryRun {
		return res, nil
	}
	if err := atomicfile.Write(target, appendPatterns(old, add), mode); err != nil {
		return nil, fmt.Errorf("%s: %w", res.Gitignore, unwrap(err))
	}
	return res, nil
}

// appendPatterns returns old with a header and the patterns appended,
// using old's line ending.
func appendPatterns(old []byte, patterns []string) []byte {
	nl := "\n"
	if bytes.Contains(old, []byte("\r\n")) {
		nl = "\r\n"
	}
	var b bytes.Buffer
	b.Write(old)
	if len(old) > 0 {
		if !bytes.HasSuffix(old, []byte("\n")) {
			b.WriteString(nl)
		}
		b.WriteString(nl)
	}
	b.WriteString(FixHeader + nl)
	for _, p := range patterns {
		b.WriteString(p + nl)
	}
	return b.Bytes()
}

// evalOr is p with its symbolic links resolved, as far as they exist (a
// link to a file not yet created resolves its directory).
func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(d, filepath.Base(p))
	}
	return p
}
