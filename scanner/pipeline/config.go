package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/git/gitobj"
	"github.com/aaiguard/aaiguard/scanner/git/gitrepo"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

// configName is the repository's configuration file, at its top.
const configName = ".aaiguard.toml"

// loadConfig loads the configuration of a run: --config, else the
// repository's .aaiguard.toml at --config-from's commit, else the work
// tree's, else the defaults. notes say what the reader must know (which
// configuration was used when --config-from differs from the work tree).
func (o Options) loadConfig(tree *worktree.Tree, repo *gitrepo.Repo) (*rules.Config, []string, error) {
	if o.Config != "" && o.ConfigFrom != "" {
		return nil, nil, &UsageError{errors.New("--config and --config-from cannot be combined")}
	}
	if o.Config != "" {
		cfg, err := rules.LoadFile(o.Config)
		return cfg, nil, err
	}
	if o.ConfigFrom != "" {
		return o.configFrom(tree, repo)
	}
	cfg, err := loadWorkTreeConfig(tree)
	return cfg, nil, err
}

// loadWorkTreeConfig loads the work tree's .aaiguard.toml, or the defaults.
func loadWorkTreeConfig(tree *worktree.Tree) (*rules.Config, error) {
	data, name, err := workTreeConfig(tree)
	if err != nil || data == nil {
		if err == nil {
			return rules.Default()
		}
		return nil, err
	}
	return rules.LoadWith(name, data, rules.LoadOptions{Repository: true})
}

// workTreeConfig reads the work tree's .aaiguard.toml (nil without one)
// and the name it goes by in messages.
func workTreeConfig(tree *worktree.Tree) ([]byte, string, error) {
	dir := tree.Root
	if tree.RepoRoot != "" {
		dir = tree.RepoRoot
	}
	p := filepath.Join(dir, configName)
	name := p
	if rel, err := filepath.Rel(tree.Root, p); err == nil && !strings.HasPrefix(rel, "..") {
		name = filepath.ToSlash(rel)
	}
	if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
		return nil, name, nil
	}
	// The scanned repository's configuration is untrusted data: a regular
	// file of reasonable size, and through a symbolic link only to a file
	// inside the repository (a link to /dev/zero, a FIFO or ~/.ssh/id_rsa
	// must not be read, nor quoted back in a parse error).
	if t, err := filepath.EvalSymlinks(p); err == nil && t != p {
		if rel, err := filepath.Rel(evalOr(dir), t); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, name, fmt.Errorf("config %s: a symbolic link to %s, outside the repository: not read", name, t)
		}
	}
	data, err := regularfile.Read(p, true, rules.MaxConfigSize)
	if err != nil {
		return nil, name, fmt.Errorf("config %s: %w", name, regularfile.Cause(err))
	}
	return data, name, nil
}

// configFrom loads .aaiguard.toml as committed at o.ConfigFrom, read from
// the repository's object store. A commit without one means the defaults.
func (o Options) configFrom(tree *worktree.Tree, repo *gitrepo.Repo) (*rules.Config, []string, error) {
	ref := o.ConfigFrom
	if repo == nil {
		return nil, nil, &UsageError{fmt.Errorf("--config-from %s: %s is not in a git repository", ref, displayRoot(o.Root))}
	}
	name := ref + ":" + configName
	data, err := committedFile(repo, ref, configName, rules.MaxConfigSize)
	if err != nil {
		return nil, nil, fmt.Errorf("--config-from %s: %w", ref, err)
	}
	var notes []string
	// Say when the change brings its own configuration, which was not
	// used: that is the point, and the reader should know it is there.
	if wt, _, err := workTreeConfig(tree); err == nil && wt != nil && !bytes.Equal(wt, data) {
		notes = append(notes, fmt.Sprintf("config: the work tree's %s differs from %s and was not used (--config-from %s)", configName, name, ref))
	}
	if data == nil {
		notes = append(notes, fmt.Sprintf("config: %s has no %s: the default rules apply (--config-from)", ref, configName))
		cfg, err := rules.Default()
		return cfg, notes, err
	}
	cfg, err := rules.LoadWith(name, data, rules.LoadOptions{Repository: true})
	return cfg, notes, err
}

// maxPeel bounds the tags peeled to reach a commit.
const maxPeel = 16

// committedFile reads the file name at the top of rev's tree (nil when
// there is none): a regular file of at most limit bytes.
func committedFile(repo *gitrepo.Repo, rev, name string, limit int64) ([]byte, error) {
	h, err := repo.Resolve(rev)
	if err != nil {
		return nil, err
	}
	db, err := repo.Objects()
	if err != nil {
		return nil, err
	}
	rd := db.NewReader(1 << 20)
	var tree gitobj.Hash
	for i := 0; tree.IsZero(); i++ {
		if i == maxPeel {
			return nil, fmt.Errorf("more than %d tags in a row", maxPeel)
		}
		t, b, err := rd.Read(h)
		if err != nil {
			return nil, err
		}
		switch t {
		case gitobj.TagObject:
			tag, err := gitobj.ParseTag(b)
			if err != nil {
				return nil, fmt.Errorf("tag %s: %w", h, err)
			}
			h = tag.Object
		case gitobj.CommitObject:
			c, err := gitobj.ParseCommit(b)
			if err != nil {
				return nil, fmt.Errorf("commit %s: %w", h, err)
			}
			tree = c.Tree
		case gitobj.TreeObject:
			tree = h
		default:
			return nil, fmt.Errorf("%s names a %s, not a commit", rev, t)
		}
	}
	t, b, err := rd.Read(tree)
	if err != nil {
		return nil, err
	}
	if t != gitobj.TreeObject {
		return nil, fmt.Errorf("object %s is a %s, not a tree", tree, t)
	}
	it := gitobj.NewTreeIter(b)
	for {
		mode, n, hash, _, ok := it.Next()
		if !ok {
			break
		}
		if string(n) != name {
			continue
		}
		if !gitobj.IsFile(mode) {
			return nil, fmt.Errorf("%s is not a regular file in %s (mode %o): not read", name, rev, mode)
		}
		var bh gitobj.Hash
		copy(bh[:], hash)
		bt, data, size, err := rd.ReadLimited(bh, limit)
		if err != nil {
			return nil, err
		}
		if bt != gitobj.BlobObject {
			return nil, fmt.Errorf("%s in %s is a %s, not a file", name, rev, bt)
		}
		if data == nil && size > 0 {
			return nil, fmt.Errorf("%s in %s: larger than %d bytes", name, rev, limit)
		}
		if data == nil {
			return []byte{}, nil // an empty file is a file
		}
		return bytes.Clone(data), nil
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("tree %s: %w", tree, err)
	}
	return nil, nil
}

// applyWeakenings notes what the configuration switches off and makes the
// checklist items it affects unable to pass (naming the line).
func (r *Run) applyWeakenings() {
	for _, w := range r.cfg.Weakenings {
		note := w.Note()
		r.note("%s", note)
		switch {
		case w.All:
			r.doubts(note)
		case len(w.Items) > 0:
			r.doubts(note, w.Items...)
		case w.Rule != "":
			if cr, ok := catalog.Lookup(codeRules(), w.Rule); ok && cr.Checklist != "" {
				r.doubts(note, cr.Checklist)
			}
		}
	}
}
