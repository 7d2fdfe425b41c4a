// Package regularfile reads files of an untrusted directory (a scanned
// work tree, a repository's .git) the safe way: regular files only, opened
// non-blocking, at most a given number of bytes. A symbolic link committed
// as ".gitignore", a ".git" that is a FIFO, or a HEAD linked to /dev/zero
// must neither hang a scan nor exhaust its memory.
package regularfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is returned by Read for a path that is not a regular file
// (a FIFO, a device such as /dev/zero, a directory) or, when symbolic links
// are not followed, a link.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned (wrapped in a *fs.PathError) for a file larger
// than the limit.
var ErrTooLarge = errors.New("file too large")

// Read reads the file at path when it is a regular file (through a
// symbolic link only when follow is set), at most limit bytes (limit <= 0:
// no limit; a larger file is an error wrapping ErrTooLarge that names the
// limit). The file is opened non-blocking, so that a FIFO swapped in after
// the check cannot block, and checked again once open.
func Read(path string, follow bool, limit int64) ([]byte, error) {
	fh, err := Open(path, follow)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	if limit > 0 {
		// A larger file (a sparse one claiming gigabytes costs nothing on
		// disk) is refused before anything is read.
		if st, err := fh.Stat(); err == nil && st.Size() > limit {
			return nil, &fs.PathError{Op: "read", Path: path, Err: tooLarge(limit)}
		}
	}
	var r io.Reader = fh
	if limit > 0 {
		r = io.LimitReader(fh, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: tooLarge(limit)}
	}
	return data, nil
}

// Open opens path for reading when it is a regular file (through a
// symbolic link only when follow is set), non-blocking, and checks the
// opened file again (a FIFO swapped in between is refused, not read).
func Open(path string, follow bool) (*os.File, error) {
	stat := os.Lstat
	if follow {
		stat = os.Stat
	}
	st, err := stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(path, st.Mode())
	}
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if !follow {
		flags |= syscall.O_NOFOLLOW
	}
	fh, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return nil, err
	}
	if st, err := fh.Stat(); err != nil {
		fh.Close()
		return nil, err
	} else if !st.Mode().IsRegular() {
		fh.Close()
		return nil, notRegular(path, st.Mode())
	}
	return fh, nil
}

// tooLarge is ErrTooLarge with the limit: "larger than 1048576 bytes".
type tooLarge int64

func (e tooLarge) Error() string        { return fmt.Sprintf("larger than %d bytes", int64(e)) }
func (e tooLarge) Is(target error) bool { return target == ErrTooLarge }

func notRegular(path string, m fs.FileMode) error {
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, Kind(m))}
}

// Kind names what a file that is not regular is ("a FIFO", "a device").
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// Cause is the reason a file operation failed without the path a
// *fs.PathError repeats: callers name the file themselves ("config
// .aaiguard.toml: not a regular file (a FIFO)").
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
