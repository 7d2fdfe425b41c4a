// Package outfile writes a report to the path a user named (--output)
// without ever writing through a link that a scanned repository planted.
//
// A CI gate writes its report into the checkout it scans, and a pull
// request can commit `aaiguard.sarif -> ~/.bashrc` (or a dangling link, or
// `reports -> /etc/cron.d`): the write would overwrite or create the link's
// target. So:
//
//   - the process's own descriptors (/dev/stdout, /dev/stderr, /dev/fd/N,
//     /proc/self/fd/N) are written into, appending: no repository can
//     plant those, and the shell has already opened what they lead to;
//   - a path that is a symbolic link is refused, unless FollowLinks;
//   - so is a path whose directory goes through a symbolic link inside one
//     of the Untrusted roots;
//   - another special file (/dev/null, a FIFO) is written into, never
//     replaced;
//   - a regular file (or a new one) is replaced atomically through a
//     temporary file in the same directory (internal/atomicfile: a rename
//     replaces a link that appears meanwhile; it never writes through one).
package outfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
)

// Target is a report's destination.
type Target struct {
	// Path is the path as the user gave it (messages name it so).
	Path string
	// Untrusted are the absolute, resolved directories whose content an
	// attacker may control (the scanned repository's work tree): a link
	// inside them on the way to Path is refused.
	Untrusted []string
	// FollowLinks writes through links (--output-follow-symlinks: links
	// the user made).
	FollowLinks bool
	// Flag names the option in messages ("--output").
	Flag string
}

func (t Target) errorf(format string, a ...any) error {
	return fmt.Errorf("%s %s: "+format, append([]any{t.flag(), t.Path}, a...)...)
}

func (t Target) flag() string {
	if t.Flag == "" {
		return "--output"
	}
	return t.Flag
}

// Check refuses a path that goes through a link, before a long scan
// starts; Write checks again.
func (t Target) Check() error {
	if t.Path == "" || t.Path == "-" || t.FollowLinks || OwnDescriptor(t.Path) {
		return nil
	}
	abs, err := filepath.Abs(t.Path)
	if err != nil {
		return t.errorf("%w", err)
	}
	return t.refuseLinks(abs)
}

// Write writes data to the target (see the package documentation).
func (t Target) Write(data []byte) error {
	if OwnDescriptor(t.Path) {
		return t.writeInto(t.Path, data, os.O_WRONLY|os.O_APPEND)
	}
	abs, err := filepath.Abs(t.Path)
	if err != nil {
		return t.errorf("%w", err)
	}
	if t.FollowLinks {
		abs = atomicfile.Resolve(abs)
	} else if err := t.refuseLinks(abs); err != nil {
		return err
	}
	st, err := os.Stat(abs)
	if err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return t.errorf("is a directory")
		}
		flags := os.O_WRONLY
		if !t.FollowLinks {
			flags |= syscall.O_NOFOLLOW
		}
		return t.writeInto(abs, data, flags)
	}
	if err := atomicfile.Write(abs, data, atomicfile.PermOr(abs, 0o644)); err != nil {
		return t.errorf("%w", err)
	}
	return nil
}

// refuseLinks is the error for a path (abs: absolute and clean) that is a
// symbolic link, or whose directory is one inside an untrusted root.
func (t Target) refuseLinks(abs string) error {
	if st, err := os.Lstat(abs); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		return t.errorf("is a symbolic link%s: not written through (a scanned repository can plant links; write the report outside the checkout, e.g. in $RUNNER_TEMP, or pass %s-follow-symlinks)", linkTarget(abs), t.flag())
	}
	if link, ok := LinkedParent(abs, t.Untrusted); ok {
		return t.errorf("its directory %s is a symbolic link%s inside the scanned repository: not written through (write the report outside the checkout, or pass %s-follow-symlinks)", link, linkTarget(link), t.flag())
	}
	return nil
}

// writeInto writes data into an existing file that must not be replaced.
func (t Target) writeInto(path string, data []byte, flags int) error {
	fh, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return t.errorf("%w", err)
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		return t.errorf("%w", err)
	}
	return fh.Close()
}

// OwnDescriptor reports whether path names one of the process's own open
// files through the system's links (/dev/stdout -> /proc/self/fd/1).
func OwnDescriptor(path string) bool {
	p := filepath.Clean(path)
	switch p {
	case "/dev/stdout", "/dev/stderr":
		return true
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(p, dir); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

// linkTarget is " (to TARGET)" for a symbolic link, for messages.
func linkTarget(link string) string {
	t, err := os.Readlink(link)
	if err != nil {
		return ""
	}
	return " (to " + t + ")"
}

// LinkedParent returns the first directory of abs (an absolute, clean
// path) that is a symbolic link lying inside one of roots. Links outside
// them (macOS's /tmp) are followed.
func LinkedParent(abs string, roots []string) (string, bool) {
	cur := string(filepath.Separator)
	for _, c := range strings.Split(strings.TrimPrefix(filepath.Dir(abs), cur), string(filepath.Separator)) {
		if c == "" {
			continue
		}
		next := filepath.Join(cur, c)
		st, err := os.Lstat(next)
		if err != nil {
			return "", false // a missing directory: the write fails on its own
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			for _, r := range roots {
				if Within(next, r) {
					return next, true
				}
			}
			if next, err = filepath.EvalSymlinks(next); err != nil {
				return "", false
			}
		}
		cur = next
	}
	return "", false
}

// Within reports whether p is root or below it.
func Within(p, root string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
