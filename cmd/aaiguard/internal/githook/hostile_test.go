package githook_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/aaiguard/aaiguard/cmd/aaiguard/internal/githook"
)

// A hook that is a link to /dev/zero or a FIFO (a hooks directory can be
// committed and named by core.hooksPath) is a foreign hook: install and
// uninstall say so at once instead of reading it forever.
func TestHostileExistingHooks(t *testing.T) {
	isolate(t)
	for name, make := range map[string]func(p string) error{
		"link to /dev/zero": func(p string) error { return os.Symlink("/dev/zero", p) },
		"FIFO":              func(p string) error { return syscall.Mkfifo(p, 0o755) },
	} {
		t.Run(name, func(t *testing.T) {
			loc := locate(t, newRepo(t))
			os.MkdirAll(loc.Dir, 0o755)
			p := filepath.Join(loc.Dir, "pre-commit")
			if err := make(p); err != nil {
				t.Fatal(err)
			}
			_, err := githook.Install(loc, githook.Options{Kind: githook.PreCommit, Binary: "/bin/aaiguard"})
			var fe *githook.ForeignHookError
			if !errors.As(err, &fe) || fe.Path != p {
				t.Errorf("install: %v", err)
			}
			if _, err := githook.Uninstall(loc, githook.PreCommit); err == nil {
				t.Errorf("uninstall removed a hook aaiguard did not write")
			}
		})
	}
}
