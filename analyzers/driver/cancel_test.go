//go:build linux

package driver_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/analyzers/driver"
	"github.com/aaiguard/aaiguard/internal/proctest"
)

// Cancelling Load (aaiguard vet's loader) while a compiler blocks,
// ignoring SIGINT and SIGTERM, leaves no process of the go command's
// group behind.
func TestLoadCancelLeavesNoProcess(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":   "module example.com/p\n\ngo 1.26\n",
		"p.go":     "package p\n\nimport _ \"example.com/p/dep\"\n",
		"dep/d.go": "package dep\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sleeper, pidFile := proctest.Sleeper(t)
	env := driver.Policy{}.Env(append(os.Environ(), "GOFLAGS=-toolexec="+sleeper))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := driver.Load(ctx, dir, env, true, "./...")
		done <- err
	}()
	pgid := proctest.Pgid(t, proctest.WaitPid(t, pidFile, 2*time.Minute))
	if pgid == syscall.Getpgrp() {
		t.Fatalf("the go command runs in the test's own process group %d", pgid)
	}
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a cancelled Load returned no error")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Load did not return within 30 s of the cancellation")
	}
	proctest.WaitGone(t, pgid, 5*time.Second)
}
