package worktree

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/config"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/git/gitindex"
)

// Unchanged returns, for each file of t.Files (same index), the blob its
// index entry names when the file still holds it (nil when not), by git's
// own rule (read-cache.c, ie_match_stat): the file's lstat data (mtime,
// ctime, size, inode, device, owner, mode) equals the entry's, and the
// entry is not racily clean (the file was not modified in the second the
// index was written, when a later change of the same size would keep the
// same stat data). Stricter than git where git may be lax: every field
// is compared whatever core.checkStat and core.trustctime say, and an
// assume-unchanged, skip-worktree, intent-to-add or conflicted entry
// proves nothing.
//
// The index holds the blob of the file's content after git's checkin
// conversion; the file holds it after the checkout one. Both are the
// identity unless a filter, ident, working-tree-encoding or CRLF line
// ending applies: when the attributes or the configuration ask for one
// anywhere in the repository, no file is proven unchanged and why says
// so. (As for git status, a conversion in force when git wrote the file
// and since removed without a new checkout is not seen.)
func (t *Tree) Unchanged() (blobs []*gitindex.Hash, why string) {
	if t.Repo == nil || t.Repo.Bare {
		return nil, "not a git work tree"
	}
	if v := os.Getenv("GIT_INDEX_FILE"); v != "" {
		return nil, "GIT_INDEX_FILE is set"
	}
	idx := t.index
	if idx == nil {
		return nil, "the index is one aaiguard lists through go-git (a split index?)"
	}
	if why := t.converts(idx); why != "" {
		return nil, why
	}
	indexTime := t.indexTime
	byName := make(map[string]*gitindex.Entry, len(idx.Entries))
	for i := range idx.Entries {
		e := &idx.Entries[i]
		if e.Stage != 0 || e.IntentToAdd || e.SkipWorktree || e.AssumeValid || e.Mode&0o170000 != 0o100000 {
			continue
		}
		byName[e.Name] = e
	}
	blobs = make([]*gitindex.Hash, len(t.Files))
	for i, f := range t.Files {
		e := byName[f.RepoRel]
		if !f.Tracked || e == nil || !f.Stat.OK || !sameStat(e.Stat, f.Stat) {
			continue
		}
		// Racily clean (git's is_racy_timestamp, to the second: coarser
		// than git's nanoseconds, so more files are read).
		if int64(e.Stat.MtimeSec) >= indexTime || f.Stat.MtimeSec >= indexTime {
			continue
		}
		blobs[i] = &e.Hash
	}
	return blobs, ""
}

// sameStat compares an index entry's stat data with a file's, as git
// stores it (low 32 bits); the mode's executable bit as git records it.
func sameStat(e gitindex.Stat, s Stat) bool {
	exec := s.Mode&0o100 != 0
	return e.MtimeSec == uint32(s.MtimeSec) && e.MtimeNsec == uint32(s.MtimeNsec) &&
		e.CtimeSec == uint32(s.CtimeSec) && e.CtimeNsec == uint32(s.CtimeNsec) &&
		e.Dev == uint32(s.Dev) && e.Ino == uint32(s.Ino) && e.UID == s.UID && e.GID == s.GID &&
		s.Size >= 0 && s.Size <= 0xffffffff && e.Size == uint32(s.Size) &&
		s.Mode&0o170000 == 0o100000 && (e.Mode == 0o100755) == exec && (e.Mode == 0o100644 || e.Mode == 0o100755)
}

// converts says why git may write the files of the work tree other than
// as their blobs ("" when it does not): core.autocrlf or core.eol=crlf in
// a configuration file, a configuration it cannot read whole (includes,
// GIT_CONFIG_* settings), or an attribute naming a conversion (filter,
// ident, working-tree-encoding, eol=crlf) in any attributes file: each
// .gitattributes of the work tree and of the directories above the
// scanned root, info/attributes, the global and system ones. A tracked
// .gitattributes missing from the work tree counts as unreadable.
func (t *Tree) converts(idx *gitindex.Index) string {
	for _, v := range []string{"GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_CONFIG"} {
		if os.Getenv(v) != "" {
			return v + " is set"
		}
	}
	home, _ := os.UserHomeDir()
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" && home != "" {
		xdg = filepath.Join(home, ".config")
	}
	var configs []string
	if v, ok := os.LookupEnv("GIT_CONFIG_SYSTEM"); ok {
		configs = append(configs, v)
	} else if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		configs = append(configs, "/etc/gitconfig", "/usr/local/etc/gitconfig")
	}
	if v, ok := os.LookupEnv("GIT_CONFIG_GLOBAL"); ok {
		configs = append(configs, v)
	} else {
		if xdg != "" {
			configs = append(configs, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			configs = append(configs, filepath.Join(home, ".gitconfig"))
		}
	}
	configs = append(configs, filepath.Join(t.Repo.CommonDir, "config"), filepath.Join(t.Repo.GitDir, "config.worktree"))
	attrFile := ""
	for _, p := range configs {
		cfg, err := readConfig(p)
		if err != nil {
			return err.Error()
		}
		if cfg == nil {
			continue
		}
		for _, s := range cfg.Sections {
			if n := strings.ToLower(s.Name); n == "include" || n == "includeif" {
				return p + " includes other configuration files"
			}
		}
		core := cfg.Section("core")
		if v := strings.ToLower(core.Option("autocrlf")); v != "" && v != "false" && v != "no" && v != "off" && v != "0" && v != "input" {
			return p + ": core.autocrlf=" + v
		}
		if strings.EqualFold(core.Option("eol"), "crlf") {
			return p + ": core.eol=crlf"
		}
		if v := core.Option("attributesfile"); v != "" {
			attrFile = expandHome(v)
		}
	}
	attrs := []string{filepath.Join(t.Repo.CommonDir, "info", "attributes")}
	if attrFile == "" && xdg != "" {
		attrFile = filepath.Join(xdg, "git", "attributes")
	}
	if attrFile != "" {
		attrs = append(attrs, attrFile)
	}
	if os.Getenv("GIT_ATTR_NOSYSTEM") == "" {
		attrs = append(attrs, "/etc/gitattributes", "/usr/local/etc/gitattributes")
	}
	if rel, err := filepath.Rel(t.RepoRoot, t.Root); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		dir := t.RepoRoot
		attrs = append(attrs, filepath.Join(dir, ".gitattributes"))
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			dir = filepath.Join(dir, part)
			attrs = append(attrs, filepath.Join(dir, ".gitattributes"))
		}
	}
	for _, l := range [][]File{t.Files, t.Ignored} {
		for _, f := range l {
			if path.Base(f.Path) == ".gitattributes" {
				attrs = append(attrs, f.Abs)
			}
		}
	}
	for _, e := range idx.Entries {
		if path.Base(e.Name) != ".gitattributes" {
			continue
		}
		if st, err := os.Lstat(filepath.Join(t.RepoRoot, filepath.FromSlash(e.Name))); err != nil || !st.Mode().IsRegular() {
			return e.Name + " is tracked but not a file of the work tree"
		}
	}
	for _, p := range attrs {
		if why := convertingAttr(p); why != "" {
			return why
		}
	}
	return ""
}

// readConfig reads a git configuration file; nil when it does not exist.
func readConfig(p string) (*config.Config, error) {
	if p == "/dev/null" {
		return nil, nil
	}
	data, err := regularfile.Read(p, true, 16<<20)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read (%v)", p, regularfile.Cause(err))
	}
	cfg := config.New()
	if err := config.NewDecoder(bytes.NewReader(data)).Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s cannot be parsed (%v)", p, err)
	}
	return cfg, nil
}

// convertingAttr names the first line of attributes file p that may ask
// for a checkout conversion ("" when none does, or p does not exist). Every
// word of every line is looked at, the pattern and macro definitions
// included: a macro that sets filter is defined on such a line.
func convertingAttr(p string) string {
	data, err := regularfile.Read(p, true, maxIgnoreFile)
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if err != nil {
		return p + " cannot be read (" + regularfile.Cause(err).Error() + ")"
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		for _, w := range strings.Fields(line) {
			w = strings.TrimLeft(w, "-!\"")
			name, val, _ := strings.Cut(w, "=")
			switch {
			case name == "filter", name == "ident", name == "working-tree-encoding",
				name == "eol" && !strings.EqualFold(val, "lf"), name == "crlf":
				return fmt.Sprintf("%s:%d asks for a checkout conversion (%s)", p, n, w)
			}
		}
	}
	return ""
}
