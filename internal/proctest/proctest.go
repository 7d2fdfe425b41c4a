//go:build linux

// Package proctest helps tests prove that cancelling a go command leaves
// no process behind: a -toolexec program that blocks forever, ignoring
// SIGINT and SIGTERM, and a look at /proc for what is left of its group.
package proctest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Sleeper writes a shell script for GOFLAGS=-toolexec that records its
// process id in the returned pid file and then waits five minutes in a
// child process, ignoring SIGINT, SIGTERM and SIGHUP: a compiler that
// does not stop when the go command is interrupted.
func Sleeper(t *testing.T) (script, pidFile string) {
	t.Helper()
	dir := t.TempDir()
	script, pidFile = filepath.Join(dir, "sleeper"), filepath.Join(dir, "pid")
	src := "#!/bin/sh\ntrap '' INT TERM HUP\necho $$ > " + pidFile + ".tmp && mv " + pidFile + ".tmp " + pidFile + "\nsleep 300\n"
	if err := os.WriteFile(script, []byte(src), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, pidFile
}

// WaitPid waits for the sleeper to write its process id.
func WaitPid(t *testing.T, pidFile string, timeout time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(string(bytes.TrimSpace(b))); err == nil {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the toolexec sleeper did not start within %v", timeout)
	return 0
}

// Pgid returns the process group of a live process.
func Pgid(t *testing.T, pid int) int {
	t.Helper()
	st, ok := stat(pid)
	if !ok {
		t.Fatalf("process %d is gone", pid)
	}
	return st.pgid
}

// Members returns the live (not zombie) processes of group pgid.
func Members(pgid int) []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := stat(pid); ok && st.pgid == pgid && st.state != 'Z' && st.state != 'X' {
			out = append(out, pid)
		}
	}
	return out
}

// WaitGone waits until group pgid has no live member, and fails the test
// naming what is left if it still has one after timeout.
func WaitGone(t *testing.T, pgid int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		left := Members(pgid)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, pid := range left {
				cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
				t.Errorf("process %d of the go command's group is still running: %s", pid, bytes.ReplaceAll(cmd, []byte{0}, []byte{' '}))
			}
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type procStat struct {
	state byte
	pgid  int
}

// stat reads /proc/pid/stat: "pid (comm) state ppid pgrp …", where comm
// may hold spaces and parentheses.
func stat(pid int) (procStat, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return procStat{}, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 {
		return procStat{}, false
	}
	pgid, err := strconv.Atoi(string(f[2]))
	if err != nil {
		return procStat{}, false
	}
	return procStat{state: f[0][0], pgid: pgid}, true
}
