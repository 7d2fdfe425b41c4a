// Package atomicfile replaces files so that a reader sees the old content
// or the new, never a part: aaiguard writes a user's files only through an
// explicit command (fix gitignore, vet -fix, install-hook) or a report
// --output, and always through here.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces the file at path (or creates it) with data and permission
// perm: a temporary file in the same directory, synced, then renamed over
// path. A symbolic link at path is replaced, not followed; call Resolve
// first to write through it. On error path is untouched and the temporary
// file is removed.
func Write(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".aaiguard-tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Resolve returns the file a symbolic link at path points to (following
// every link; for a dangling link, the path it names), or path itself when
// it is not a link. Writing to the result writes through the link and
// keeps it.
func Resolve(path string) string {
	fi, err := os.Lstat(path)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return path
	}
	if t, err := filepath.EvalSymlinks(path); err == nil {
		return t
	}
	t, err := os.Readlink(path)
	if err != nil {
		return path
	}
	if !filepath.IsAbs(t) {
		t = filepath.Join(filepath.Dir(path), t)
	}
	return t
}

// PermOr returns the permission bits of the file at path, or def when it
// does not exist (or cannot be read).
func PermOr(path string, def fs.FileMode) fs.FileMode {
	if st, err := os.Stat(path); err == nil {
		return st.Mode().Perm()
	}
	return def
}
