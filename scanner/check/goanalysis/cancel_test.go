//go:build linux

package goanalysis_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/internal/proctest"
	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
)

// Cancelling the run during a load that blocks (a compiler that never
// finishes and ignores SIGINT and SIGTERM) ends the go command and every
// process it started: none of its process group is left.
func TestCancelLeavesNoProcess(t *testing.T) {
	dir := t.TempDir()
	stubModule(t, filepath.Join(dir, "_sdk"))
	writeFiles(t, dir, map[string]string{
		"go.mod":  "module example.com/c\n\ngo 1.26\n\nrequire github.com/AssemblyAI/assemblyai-go-sdk v1.10.0\n\nreplace github.com/AssemblyAI/assemblyai-go-sdk => ./_sdk\n",
		"main.go": serviceGo,
	})
	sleeper, pidFile := proctest.Sleeper(t)
	in := input(t, dir, append(os.Environ(), "GOFLAGS=-toolexec="+sleeper))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan *goanalysis.Result, 1)
	go func() { done <- goanalysis.Run(ctx, in) }()
	pid := proctest.WaitPid(t, pidFile, 2*time.Minute)
	pgid := proctest.Pgid(t, pid)
	if pgid == syscall.Getpgrp() {
		t.Fatalf("the go command runs in the test's own process group %d", pgid)
	}
	cancel()
	var res *goanalysis.Result
	select {
	case res = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return within 30 s of the cancellation")
	}
	proctest.WaitGone(t, pgid, 5*time.Second)
	if errs := errorsOf(res); !strings.Contains(errs, "interrupted") {
		t.Errorf("a cancelled run must not look complete: errors %q", errs)
	}
}
