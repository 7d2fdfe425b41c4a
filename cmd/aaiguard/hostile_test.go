package main

// Hostile repositories, built at run time: each is scanned by the real
// aaiguard (this test binary re-executed as the CLI, see TestMain), in a
// subprocess whose peak memory (rusage maxrss) and time are measured. Every
// case must end with a clear error or skip note, exit 2 when the scan is
// incomplete, never a crash or a hang.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// TestMain lets the test binary run as aaiguard itself (runProc), so that
// a scan's memory and time are those of a process of its own; with
// AAIGUARD_TEST_RUN_CLI=main it runs main(), signal handling included.
func TestMain(m *testing.M) {
	if os.Getenv("AAIGUARD_TEST_RUN_CLI") == "main" {
		main()
	}
	if os.Getenv("AAIGUARD_TEST_RUN_CLI") == "1" {
		code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		if p := os.Getenv("AAIGUARD_TEST_PEAK_FILE"); p != "" {
			os.WriteFile(p, []byte(peakRSS()), 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// peakRSS is the process's peak resident set (VmHWM) in kB, read by the
// process itself: the rusage maxrss of a child is not usable here, because
// Go starts children with vfork (CLONE_VM), and Linux carries the parent's
// peak, shared until exec, into the child's maxrss (a test process that has
// grown to 200 MiB would show every child at 200 MiB or more).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		}
	}
	return ""
}

type procResult struct {
	code           int
	stdout, stderr string
	maxRSS         int64 // bytes
	took           time.Duration
}

// runProc runs aaiguard in a subprocess and fails the test if it does not
// finish within timeout (a hang) or dies of a signal (a crash).
func runProc(t testing.TB, timeout time.Duration, args ...string) procResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	peak := filepath.Join(t.TempDir(), "peak")
	cmd.Env = append(os.Environ(), "AAIGUARD_TEST_RUN_CLI=1", "AAIGUARD_TEST_PEAK_FILE="+peak)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := procResult{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("aaiguard %s: still running after %v (hang?)\nstderr: %s", strings.Join(args, " "), timeout, r.stderr)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("aaiguard %s: %v", strings.Join(args, " "), err)
	}
	st := cmd.ProcessState
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("aaiguard %s: killed by %v\nstderr: %s", strings.Join(args, " "), ws.Signal(), r.stderr)
	}
	r.code = st.ExitCode()
	if b, err := os.ReadFile(peak); err == nil {
		if kb, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			r.maxRSS = kb * 1024
		}
	}
	return r
}

const mib = 1 << 20

// leakLine is a file that holds fakeKey where the engine must find it.
const leakLine = "import assemblyai as aai\naai.settings.api_key = \"" + fakeKey + "\"\n"

// hostileRepo is an empty repository (go-git) and a writer of raw objects.
func hostileRepo(t testing.TB) (string, *gitfixture.Objects) {
	t.Helper()
	gitfixture.Isolate(t)
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	return dir, gitfixture.NewObjects(t, filepath.Join(dir, ".git"))
}

// commitFiles writes a loose blob per file, one tree, a commit and
// refs/heads/master; it returns the commit.
func commitFiles(o *gitfixture.Objects, author string, files map[string]string) plumbing.Hash {
	var entries []gitfixture.Entry
	for name, c := range files {
		entries = append(entries, gitfixture.Entry{Mode: "100644", Name: name, Hash: o.Blob(c)})
	}
	c := o.Commit(o.Tree(entries...), author, "commit")
	o.Ref("refs/heads/master", c)
	return c
}

// jsonReport reads the report a run wrote with -o.
func readReport(t *testing.T, path string) *report.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no report: %v", err)
	}
	defer f.Close()
	rep, err := report.ReadJSON(f)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return rep
}

// hostile is one case: a repository, a command line ("DIR" stands for the
// repository), and what must come out.
type hostile struct {
	name  string
	build func(t *testing.T) string
	args  []string
	code  int
	// want are substrings of stderr and of the report's errors, notes and
	// skipped files, all together.
	want []string
	// findings is the number of findings expected (-1: not checked).
	findings int
	// maxRSS, when set, bounds the peak memory (only where deterministic:
	// a bound far above the run's need and far below what reading the
	// hostile content would take).
	maxRSS int64
}

func (h hostile) run(t *testing.T) procResult {
	dir := h.build(t)
	out := filepath.Join(t.TempDir(), "report.json")
	var args []string
	for _, a := range h.args {
		args = append(args, strings.ReplaceAll(a, "DIR", dir))
	}
	args = append(args, "--format", "json", "-o", out, "-q")
	r := runProc(t, 2*time.Minute, args...)
	t.Logf("%s: exit %d, %v, peak RSS %.1f MiB", h.name, r.code, r.took.Round(time.Millisecond), float64(r.maxRSS)/mib)
	if r.code != h.code {
		t.Errorf("exit %d, want %d\nstderr: %s", r.code, h.code, r.stderr)
	}
	var said strings.Builder
	said.WriteString(r.stderr)
	findings := -1
	if _, err := os.Stat(out); err == nil {
		rep := readReport(t, out)
		findings = len(rep.Findings)
		s := rep.Summary
		for _, l := range append(s.Errors, s.Notes...) {
			said.WriteString("\n" + l)
		}
		for _, sk := range s.SkippedLarge {
			fmt.Fprintf(&said, "\nskipped %s (%d bytes): %s", sk.Path, sk.Size, sk.Reason)
		}
	}
	for _, w := range h.want {
		if !strings.Contains(said.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, said.String())
		}
	}
	if h.findings >= 0 && findings != h.findings {
		t.Errorf("%d findings, want %d", findings, h.findings)
	}
	if h.maxRSS > 0 && r.maxRSS > h.maxRSS {
		t.Errorf("peak RSS %.1f MiB, over the %.0f MiB bound", float64(r.maxRSS)/mib, float64(h.maxRSS)/mib)
	}
	// Every line on stderr is one message: no stack traces, no panics.
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "aaiguard: ") {
			t.Errorf("stderr line %q is not an aaiguard message", l)
		}
	}
	return r
}
