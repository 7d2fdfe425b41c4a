package main

// Integrity of what the git sources read (issue 14): every object read from
// the object store is the object its name says, control files are read as
// untrusted, memory does not grow with the cores. Repositories are built at
// test time; the CLI runs in-process (runCLI) or as a subprocess (runProc)
// where memory or hangs are measured.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// cliJSON runs aaiguard in-process with a JSON report on stdout.
func cliJSON(t *testing.T, args ...string) (int, *report.Report, string) {
	t.Helper()
	code, out, errs := runCLI(t, append(args, "--format", "json", "-q")...)
	if out == "" {
		return code, nil, errs
	}
	rep, err := report.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("exit %d, report: %v\n%s\nstderr: %s", code, err, out, errs)
	}
	return code, rep, errs
}

// gitOK reports whether git itself can read object h of the repository.
func gitOK(t *testing.T, dir string, h plumbing.Hash) bool {
	cmd := exec.Command("git", "-C", dir, "cat-file", "-p", h.String())
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
	return cmd.Run() == nil
}

// TestLooseObjectBitFlips flips every bit of a loose blob that holds a key,
// one at a time (the experiment: on main, 22 of 70 flips gave exit
// 0 and "no findings", 27 a garbled key without an error). No flip may pass:
// each one is either refused (exit 2, naming the object) or, when the
// object still inflates to the same content, reports the real key. Where
// git is installed, aaiguard must refuse every object git refuses.
func TestLooseObjectBitFlips(t *testing.T) {
	dir, o := hostileRepo(t)
	blob := o.Blob(leakLine)
	c := o.Commit(o.Tree(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: blob}), "Dev <dev@example.com>", "key")
	o.Ref("refs/heads/master", c)
	s := blob.String()
	path := filepath.Join(dir, ".git", "objects", s[:2], s[2:])
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, haveGit := exec.LookPath("git")
	refused, same := 0, 0
	for bit := 0; bit < 8*len(orig); bit++ {
		flipped := bytes.Clone(orig)
		flipped[bit/8] ^= 1 << (bit % 8)
		if err := os.WriteFile(path, flipped, 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"history", dir}
		if bit%16 == 0 {
			args[0] = "check" // the same reader serves check
		}
		code, rep, errs := cliJSON(t, args...)
		switch {
		case code == 2:
			refused++
			if !strings.Contains(errs, s) {
				t.Errorf("bit %d: exit 2 without naming object %s: %s", bit, s, errs)
			}
		case code == 1 && rep != nil && len(rep.Summary.Errors) == 0:
			same++
			if len(rep.Findings) == 0 || rep.Findings[0].Secret.Display(false) == "" {
				t.Errorf("bit %d: exit 1 without a finding", bit)
			}
			for _, f := range rep.Findings {
				if f.Rule == "aai-api-key" && !strings.Contains(leakLine, strings.TrimSuffix(f.Secret.Display(false), "…")) {
					t.Errorf("bit %d: a garbled key %s", bit, f.Secret.Display(false))
				}
			}
		default:
			t.Errorf("bit %d: exit %d, findings %v, stderr %s", bit, code, rep != nil && len(rep.Findings) > 0, errs)
		}
		if haveGit == nil && code != 2 && !gitOK(t, dir, blob) {
			t.Errorf("bit %d: git refuses the object, aaiguard exit %d", bit, code)
		}
	}
	t.Logf("%d flips: %d refused (exit 2), %d read as the same object", 8*len(orig), refused, same)
	if refused == 0 {
		t.Fatal("no flip was refused")
	}
}

// TestStagedCorruptBlob: the pre-commit hook reads staged blobs from the
// same object store; a corrupt one is an error naming it, not a pass.
func TestStagedCorruptBlob(t *testing.T) {
	dir := gitfixture.Repo(t, map[string]string{"README.md": "# x\n"}, "README.md")
	gitfixture.Write(t, dir, map[string]string{"app.py": leakLine})
	gitRun(t, dir, "add", "app.py")
	blob := gitfixture.Hash("blob", []byte(leakLine))
	s := blob.String()
	path := filepath.Join(dir, ".git", "objects", s[:2], s[2:])
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if code, rep, errs := cliJSON(t, "staged", dir); code != 1 || len(rep.Findings) != 1 {
		t.Fatalf("intact: exit %d, %s", code, errs)
	}
	for _, bit := range []int{8 * (len(orig) - 3), 8*len(orig)/2 + 3, 8 * 20} {
		flipped := bytes.Clone(orig)
		flipped[bit/8] ^= 1 << (bit % 8)
		os.Chmod(path, 0o644)
		if err := os.WriteFile(path, flipped, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, errs := cliJSON(t, "staged", dir)
		if code != 2 || !strings.Contains(errs, s) {
			t.Errorf("bit %d: exit %d, stderr %s", bit, code, errs)
		}
	}
}

// TestLooseObjectUnderAnotherName: a well-formed loose object stored under
// a name that is not its hash (a corrupt or hostile object store) is an
// error naming it, with what its content really hashes to.
func TestLooseObjectUnderAnotherName(t *testing.T) {
	dir, o := hostileRepo(t)
	liar := plumbing.Hash{0x1a, 0x2b}
	o.LooseAs(liar, "blob", []byte(leakLine))
	o.Ref("refs/heads/master", o.Commit(o.Tree(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: liar}), "Dev <dev@example.com>", "liar"))
	for _, args := range [][]string{{"history", dir}, {"history", dir, "--branch", "master"}} {
		code, _, errs := cliJSON(t, args...)
		real := gitfixture.Hash("blob", []byte(leakLine)).String()
		if code != 2 || !strings.Contains(errs, liar.String()) || !strings.Contains(errs, real) {
			t.Errorf("%v: exit %d, stderr %s", args, code, errs)
		}
	}
}

// storedZlib is a zlib stream of b in stored (uncompressed) blocks: its
// bytes can be changed and its Adler-32 recomputed, so that zlib accepts
// content that is no longer the object's.
func storedZlib(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.NoCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// TestPackEntryCorruption: a blob whose pack entry inflates, Adler-32
// and all, to content that is not the blob its name says (stored block,
// checksum recomputed), either written that way (the index's CRC-32 agrees
// with the bytes) or changed after the pack was written (it does not): the
// full pass refuses it by the CRC-32 or by hashing the blob the engine
// reads, random access by hashing what it returns. Each run names the blob
// as corrupt, exits 2, and does not report the altered key as the
// repository's.
func TestPackEntryCorruption(t *testing.T) {
	for _, variant := range []string{"written wrong", "changed after"} {
		for _, mode := range []string{"full", "selective"} {
			t.Run(variant+"/"+mode, func(t *testing.T) {
				dir, o := hostileRepo(t)
				content := []byte(leakLine)
				bh := gitfixture.Hash("blob", content)
				z := storedZlib(t, content)
				entry := append(gitfixture.EntryHeader(3, uint64(len(content))), z...)
				alter := func(b []byte) {
					k := bytes.Index(b, []byte(fakeKey))
					b[k] = 'd' // c5c5… becomes d5c5…: still a key, another one
				}
				altered := bytes.Clone(content)
				alter(altered)
				fix := func(stream []byte) {
					alter(stream)
					binary.BigEndian.PutUint32(stream[len(stream)-4:], adler32.Checksum(altered))
				}
				if variant == "written wrong" {
					fix(entry)
				}
				tree := gitfixture.TreeContent(gitfixture.Entry{Mode: "100644", Name: "app.py", Hash: bh})
				th := gitfixture.Hash("tree", tree)
				commit := gitfixture.CommitContent(th, "Dev <dev@example.com>", "packed", 1700000000)
				ch := gitfixture.Hash("commit", commit)
				pack := o.Pack(gitfixture.PackEntry{Hash: bh, Raw: entry}, gitfixture.Whole(th, 2, tree), gitfixture.Whole(ch, 1, commit))
				o.Ref("refs/heads/master", ch)
				if variant == "changed after" {
					data, err := os.ReadFile(pack)
					if err != nil {
						t.Fatal(err)
					}
					i := bytes.Index(data, entry)
					fix(data[i : i+len(entry)])
					if err := os.WriteFile(pack, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				args := []string{"history", dir}
				if mode == "selective" {
					args = append(args, "--branch", "master")
				}
				code, rep, errs := cliJSON(t, args...)
				if code != 2 || rep == nil || len(rep.Summary.Errors) == 0 {
					t.Fatalf("exit %d, stderr %s", code, errs)
				}
				msg := strings.Join(rep.Summary.Errors, "\n")
				if !strings.Contains(msg, bh.String()) || !strings.Contains(msg, "corrupt") {
					t.Errorf("error does not name the blob as corrupt: %s", msg)
				}
				for _, f := range rep.Findings {
					if strings.HasPrefix(f.Secret.Display(false), "d5c5") {
						t.Errorf("the altered key was reported: %+v", f)
					}
				}
			})
		}
	}
}

// controlRepo is a repository with every control file git writes: a commit
// holding a key, packed refs and objects, a stash, a linked work tree,
// shallow and alternates files. It returns the main work tree and the
// linked one.
func controlRepo(t *testing.T) (string, string) {
	t.Helper()
	gitfixture.Isolate(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q", "-b", "main")
	gitfixture.Write(t, dir, map[string]string{"app.py": leakLine, "README.md": "# x\n"})
	gitRun(t, dir, "add", ".")
	gitRun(t, dir, "commit", "-q", "-m", "one")
	gitfixture.Write(t, dir, map[string]string{"README.md": "# y\n"})
	gitRun(t, dir, "stash", "-q")
	gitRun(t, dir, "gc", "-q")
	wt := filepath.Join(t.TempDir(), "wt")
	gitRun(t, dir, "worktree", "add", "-q", wt)
	// An alternates file naming an empty objects directory, and a shallow
	// file naming no commit of ours: both are read on every open.
	alt := filepath.Join(t.TempDir(), "objects")
	os.MkdirAll(alt, 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "objects", "info", "alternates"), []byte(alt+"\n"), 0o644)
	return dir, wt
}

// TestHostileControlFiles replaces each repository control file with a
// FIFO, a link to /dev/zero, or a sparse 8 GiB file: every command ends in
// time with bounded memory and a message naming the file (exit 2), or, for
// a .git that is not a regular file or directory, passes it over as git
// does (the directory is then not in a repository).
func TestHostileControlFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	const sparse = 8 << 30
	kinds := []string{"fifo", "zero", "sparse"}
	files := []struct {
		name string
		path func(dir, wt string) string
		in   string // the work tree the commands run in: "main" or "linked"
		// notStaged: staged reads only the index, HEAD and the objects
		// it needs, not this file.
		notStaged bool
	}{
		{"HEAD", func(d, _ string) string { return filepath.Join(d, ".git", "HEAD") }, "main", false},
		{"config", func(d, _ string) string { return filepath.Join(d, ".git", "config") }, "main", false},
		{"packed-refs", func(d, _ string) string { return filepath.Join(d, ".git", "packed-refs") }, "main", false},
		{"index", func(d, _ string) string { return filepath.Join(d, ".git", "index") }, "main", false},
		{"stash reflog", func(d, _ string) string { return filepath.Join(d, ".git", "logs", "refs", "stash") }, "main", true},
		{"shallow", func(d, _ string) string { return filepath.Join(d, ".git", "shallow") }, "main", false},
		{"alternates", func(d, _ string) string { return filepath.Join(d, ".git", "objects", "info", "alternates") }, "main", false},
		{"pack index", func(d, _ string) string {
			m, _ := filepath.Glob(filepath.Join(d, ".git", "objects", "pack", "*.idx"))
			return m[0]
		}, "main", false},
		{"pack", func(d, _ string) string {
			m, _ := filepath.Glob(filepath.Join(d, ".git", "objects", "pack", "*.pack"))
			return m[0]
		}, "main", false},
		{"commondir", func(d, _ string) string { return filepath.Join(d, ".git", "worktrees", "wt", "commondir") }, "linked", false},
		{"linked HEAD", func(d, _ string) string { return filepath.Join(d, ".git", "worktrees", "wt", "HEAD") }, "linked", false},
		{".git file", func(_, w string) string { return filepath.Join(w, ".git") }, "linked", false},
	}
	for _, f := range files {
		for _, kind := range kinds {
			t.Run(f.name+"/"+kind, func(t *testing.T) {
				dir, wt := controlRepo(t)
				root := dir
				if f.in == "linked" {
					root = wt
				}
				p := f.path(dir, wt)
				os.Remove(p)
				switch kind {
				case "fifo":
					mkfifo(t, p)
				case "zero":
					symlink(t, "/dev/zero", p)
				case "sparse":
					fh, err := os.Create(p)
					if err != nil {
						t.Fatal(err)
					}
					fh.Truncate(sparse)
					fh.Close()
				}
				for _, cmd := range []string{"check", "history", "staged"} {
					r := runProc(t, time.Minute, cmd, root, "-q", "--format", "json", "-o", filepath.Join(t.TempDir(), "r.json"))
					if r.maxRSS > 150*mib {
						t.Errorf("%s: peak RSS %.0f MiB", cmd, float64(r.maxRSS)/mib)
					}
					passedOver := f.name == ".git file" && kind != "sparse"
					switch {
					case cmd == "staged" && f.notStaged:
						if r.code != 0 {
							t.Errorf("%s: exit %d, stderr %s", cmd, r.code, r.stderr)
						}
					case cmd == "history" && f.name == "index":
						// history reads no index: the key is found.
						if r.code != 1 {
							t.Errorf("%s: exit %d, stderr %s", cmd, r.code, r.stderr)
						}
					case passedOver:
						// Not a repository any more: check scans plain
						// files (the key: exit 1); history and staged
						// have nothing to read (exit 2, saying so).
						want := 2
						if cmd == "check" {
							want = 1
						}
						if r.code != want || cmd != "check" && !strings.Contains(r.stderr, "not in a git repository") {
							t.Errorf("%s: exit %d, want %d; stderr %s", cmd, r.code, want, r.stderr)
						}
					case r.code != 2 || !strings.Contains(r.stderr, filepath.Base(p)):
						t.Errorf("%s: exit %d, stderr %s", cmd, r.code, r.stderr)
					}
				}
			})
		}
	}
}

// nearLimitChains writes a pack of chains × depth blobs of about size
// bytes each, every chain a line of deltas (each version its parent plus a
// line, as git's repack stores a file's versions), and one commit naming
// them all. The pack is a few hundred kilobytes; the blobs add up to
// chains × depth × size bytes. When leak is set, the last version of the
// last chain ends with a line holding fakeKey.
func nearLimitChains(t testing.TB, chains, depth, size int, leak bool) string {
	t.Helper()
	dir, o := hostileRepo(t)
	var pack []gitfixture.PackEntry
	var entries []gitfixture.Entry
	for c := 0; c < chains; c++ {
		var base bytes.Buffer
		for i := 0; base.Len() < size; i++ {
			fmt.Fprintf(&base, "chain %d, line %d of a large generated data file\n", c, i)
		}
		content := base.Bytes()
		prev := gitfixture.Hash("blob", content)
		pack = append(pack, gitfixture.Whole(prev, 3, content))
		entries = append(entries, gitfixture.Entry{Mode: "100644", Name: fmt.Sprintf("c%02d-v00.txt", c), Hash: prev})
		for v := 1; v < depth; v++ {
			line := []byte(fmt.Sprintf("version %d\n", v))
			if leak && c == chains-1 && v == depth-1 {
				line = []byte("api_key = \"" + fakeKey + "\" # AssemblyAI\n")
			}
			delta := gitfixture.AppendDelta(len(content), line)
			content = append(content, line...)
			h := gitfixture.Hash("blob", content)
			pack = append(pack, gitfixture.RefDelta(h, prev, delta))
			entries = append(entries, gitfixture.Entry{Mode: "100644", Name: fmt.Sprintf("c%02d-v%02d.txt", c, v), Hash: h})
			prev = h
		}
	}
	slices.SortFunc(entries, func(a, b gitfixture.Entry) int { return strings.Compare(a.Name, b.Name) })
	tree := gitfixture.TreeContent(entries...)
	th := gitfixture.Hash("tree", tree)
	commit := gitfixture.CommitContent(th, "Dev <dev@example.com>", "data", 1700000000)
	ch := gitfixture.Hash("commit", commit)
	pack = append(pack, gitfixture.Whole(th, 2, tree), gitfixture.Whole(ch, 1, commit))
	o.Pack(pack...)
	o.Ref("refs/heads/master", ch)
	return dir
}

// TestHistoryDeltaChainsAnyCores: delta chains of megabyte blobs read
// under the process-wide memory budget (gitobj.DefaultMemoryBudget) with
// 2 and 8 workers, full and selective pass: every version is read (the key
// at the end of the last chain is found, attributed to its file) and the
// scan completes. The memory bound itself is checked in gitobj
// (TestWalkBoundsWhatItHolds) and measured on the case by
// BenchmarkHistoryMemory.
func TestHistoryDeltaChainsAnyCores(t *testing.T) {
	dir := nearLimitChains(t, 4, 12, 1<<20, true)
	for _, procs := range []string{"2", "8"} {
		for _, args := range [][]string{{"history", dir}, {"history", dir, "--branch", "master"}} {
			t.Setenv("GOMAXPROCS", procs)
			out := filepath.Join(t.TempDir(), "r.json")
			r := runProc(t, 2*time.Minute, append(args, "-q", "--format", "json", "-o", out)...)
			if r.code != 1 {
				t.Fatalf("GOMAXPROCS=%s %v: exit %d: %s", procs, args[2:], r.code, r.stderr)
			}
			rep := readReport(t, out)
			if len(rep.Findings) != 1 || rep.Findings[0].File != "c03-v11.txt" {
				t.Errorf("GOMAXPROCS=%s %v: findings %+v", procs, args[2:], rep.Findings)
			}
		}
	}
}

// BenchmarkHistoryMemory is the case: 400 blobs near the 10 MiB
// limit in delta chains of 50, a pack of a few hundred kilobytes. It
// reports the peak RSS of the full and the selective pass at GOMAXPROCS 2
// and 8 (run with -benchtime 1x: each run inflates 4 GB). With
// AAIGUARD_BENCH_BINARIES (space-separated paths) it runs those builds
// instead of this one, for a before/after on the same fixture.
func BenchmarkHistoryMemory(b *testing.B) {
	dir := nearLimitChains(b, 8, 50, 10<<20-4096, false)
	bins := strings.Fields(os.Getenv("AAIGUARD_BENCH_BINARIES"))
	if len(bins) == 0 {
		bins = []string{""}
	}
	for _, bin := range bins {
		for _, procs := range []string{"2", "8"} {
			for _, mode := range []string{"full", "selective"} {
				name := "GOMAXPROCS=" + procs + "/" + mode
				if bin != "" {
					name = filepath.Base(bin) + "/" + name
				}
				b.Run(name, func(b *testing.B) {
					args := []string{"history", dir}
					if mode == "selective" {
						args = append(args, "--branch", "master")
					}
					args = append(args, "-q", "--format", "json", "-o", filepath.Join(b.TempDir(), "r.json"))
					b.Setenv("GOMAXPROCS", procs)
					var peak int64
					for i := 0; i < b.N; i++ {
						var code int
						var rss int64
						if bin == "" {
							r := runProc(b, 10*time.Minute, args...)
							code, rss = r.code, r.maxRSS
						} else {
							cmd := exec.Command(bin, args...)
							err := cmd.Run()
							var ee *exec.ExitError
							if err != nil && !errors.As(err, &ee) {
								b.Fatal(err)
							}
							code = cmd.ProcessState.ExitCode()
							if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
								rss = ru.Maxrss * 1024
							}
						}
						if code != 0 {
							b.Fatalf("exit %d", code)
						}
						peak = max(peak, rss)
					}
					b.ReportMetric(float64(peak)/mib, "peak-RSS-MiB")
				})
			}
		}
	}
}
