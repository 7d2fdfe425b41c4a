package gitrepo

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

// maxGoGitFile bounds each repository file go-git reads whole (config,
// HEAD, loose and packed refs, the index, shallow, reflogs): a sparse
// 100 GB packed-refs must not be read into memory. The largest real ones
// (the index and packed-refs of monorepos) stay far below it.
const maxGoGitFile = 512 << 20

// controlFS is the git directory as go-git sees it, read as untrusted: a
// file is opened for reading only when it is a regular file (through
// symbolic links, as git follows them), non-blocking, and at most
// maxGoGitFile bytes of it are read. A HEAD that is a FIFO or a link to
// /dev/zero is an error naming the file, not a hang or an exhausted heap.
// Writes go to the file system untouched (aaiguard does not write there).
type controlFS struct {
	billy.Filesystem
}

func newControlFS(fsys billy.Filesystem) billy.Filesystem { return &controlFS{Filesystem: fsys} }

func (c *controlFS) Open(name string) (billy.File, error) {
	return c.OpenFile(name, os.O_RDONLY, 0)
}

func (c *controlFS) OpenFile(name string, flag int, perm os.FileMode) (billy.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_APPEND|os.O_TRUNC) != 0 {
		return c.Filesystem.OpenFile(name, flag, perm)
	}
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(c.Root(), name)
	}
	f, err := regularfile.Open(full, true)
	if err != nil {
		return nil, err
	}
	limit := int64(maxGoGitFile)
	if rel := filepath.ToSlash(name); rel == "objects" || strings.HasPrefix(rel, "objects/") {
		limit = -1 // packs and loose objects: read in place, bounded by their formats
	} else if st, err := f.Stat(); err == nil && st.Size() > limit {
		f.Close() // (a sparse file: refused before anything is read)
		return nil, &fs.PathError{Op: "read", Path: full, Err: fmt.Errorf("%d bytes: larger than the %d bytes read of a repository file", st.Size(), limit)}
	}
	return &controlFile{File: f, name: name, limit: limit}, nil
}

func (c *controlFS) Chroot(path string) (billy.Filesystem, error) {
	sub, err := c.Filesystem.Chroot(path)
	if err != nil {
		return nil, err
	}
	return newControlFS(sub), nil
}

// controlFile is an opened regular file whose sequential reads stop with
// an error after limit bytes (limit < 0: none).
type controlFile struct {
	*os.File
	name  string
	limit int64
	read  int64
}

func (f *controlFile) Name() string { return f.name }

func (f *controlFile) Read(p []byte) (int, error) {
	if f.limit >= 0 && f.read >= f.limit {
		var one [1]byte
		if n, _ := f.File.Read(one[:]); n > 0 {
			return 0, &fs.PathError{Op: "read", Path: f.File.Name(), Err: fmt.Errorf("larger than %d bytes", f.limit)}
		}
		return 0, io.EOF
	}
	if f.limit >= 0 && int64(len(p)) > f.limit-f.read {
		p = p[:f.limit-f.read]
	}
	n, err := f.File.Read(p)
	f.read += int64(n)
	return n, err
}

func (f *controlFile) Seek(offset int64, whence int) (int64, error) {
	n, err := f.File.Seek(offset, whence)
	if err == nil {
		f.read = n
	}
	return n, err
}

// Lock and Unlock: go-git locks files it writes; a reader holds none.
func (f *controlFile) Lock() error   { return nil }
func (f *controlFile) Unlock() error { return nil }
