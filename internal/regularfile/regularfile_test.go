package regularfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/internal/regularfile"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	link := func(name, target string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	toFile, toZero, toFIFO := link("to-file", file), link("to-zero", "/dev/zero"), link("to-fifo", fifo)

	for _, c := range []struct {
		name   string
		path   string
		follow bool
		limit  int64
		want   string // content, or the error it wraps
		is     error
	}{
		{"regular", file, false, 0, "0123456789", nil},
		{"at the limit", file, false, 10, "0123456789", nil},
		{"over the limit", file, false, 9, "larger than 9 bytes", regularfile.ErrTooLarge},
		{"link followed", toFile, true, 0, "0123456789", nil},
		{"link not followed", toFile, false, 0, "a symbolic link", regularfile.ErrNotRegular},
		{"FIFO", fifo, true, 0, "a FIFO", regularfile.ErrNotRegular},
		{"link to a FIFO", toFIFO, true, 0, "a FIFO", regularfile.ErrNotRegular},
		{"link to /dev/zero", toZero, true, 0, "a device", regularfile.ErrNotRegular},
		{"directory", dir, true, 0, "a directory", regularfile.ErrNotRegular},
		{"missing", filepath.Join(dir, "nope"), true, 0, "no such file", fs.ErrNotExist},
	} {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan struct{})
			var b []byte
			var err error
			go func() { b, err = regularfile.Read(c.path, c.follow, c.limit); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Read blocked")
			}
			if c.is == nil {
				if err != nil || string(b) != c.want {
					t.Fatalf("got %q, %v", b, err)
				}
				return
			}
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %v saying %q", err, c.is, c.want)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != c.path {
				t.Errorf("error does not name the path: %v", err)
			}
			if cause := regularfile.Cause(err); strings.Contains(cause.Error(), c.path) {
				t.Errorf("Cause repeats the path: %v", cause)
			}
		})
	}
}
