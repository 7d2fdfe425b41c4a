package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/internal/gofixture"
)

// SIGINT and SIGTERM during a long stage end the run at once with the
// shell's exit code for the signal, and no report is written. The Go stage
// is made to hang with a `go` on PATH that never answers.
func TestInterruptedRunWritesNoReport(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			gofixture.WriteModule(t, dir, map[string]string{"main.go": serviceGo})
			bin := filepath.Join(t.TempDir(), "bin")
			gitfixture.Write(t, bin, map[string]string{"go": "#!/bin/sh\nexec sleep 300\n"})
			if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "report.json")
			cmd := exec.Command(os.Args[0], "scan", "-q", "--format", "json", "-o", out, dir)
			cmd.Env = append(os.Environ(), "AAIGUARD_TEST_RUN_CLI=main", "PATH="+bin+":"+os.Getenv("PATH"))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the stage has started the fake go.
			deadline := time.Now().Add(20 * time.Second)
			for !childRunning(cmd.Process.Pid, "sleep") {
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the go stage never started go; stderr: %s", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			start := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 128+int(sig) {
				t.Errorf("exit: %v, want %d; stderr: %s", err, 128+int(sig), stderr.String())
			}
			if d := time.Since(start); d > interruptGrace+2*time.Second {
				t.Errorf("took %s to stop", d)
			}
			if !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "no report written") {
				t.Errorf("stderr: %s", stderr.String())
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a report was written: %v", err)
			}
		})
	}
}

// childRunning reports whether a process named name descends from pid.
func childRunning(pid int, name string) bool {
	entries, _ := os.ReadDir("/proc")
	parents := map[int]int{}
	names := map[int]string{}
	for _, e := range entries {
		var p int
		if _, err := fmt.Sscan(e.Name(), &p); err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(stat)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open {
			continue
		}
		var ppid int
		fields := strings.Fields(s[close+1:])
		if len(fields) < 2 {
			continue
		}
		if _, err := fmt.Sscan(fields[1], &ppid); err != nil {
			continue
		}
		parents[p], names[p] = ppid, s[open+1:close]
	}
	for p, n := range names {
		if n != name {
			continue
		}
		for q := parents[p]; q > 1; q = parents[q] {
			if q == pid {
				return true
			}
		}
	}
	return false
}
