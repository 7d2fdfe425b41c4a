package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/aaiguard/aaiguard/internal/gitfixture"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// hostileNames are file names (work tree and history) that try to act on
// a terminal, a Markdown renderer or an XML reader.
var hostileNames = []string{
	"evil\x1b[31mred\x1b[0m.py",
	"title\x1b]0;pwned\x07.py",
	"line\nbreak.py",
	"\u202eyp.txt.py",
	"<script>alert(1)</script>.py",
	"@org-team|pipe`tick`[x](https:e.example).py",
	"bell\x07back\x08del\x7f.py",
}

// hostileAuthor is a commit author made of escape sequences.
const hostileAuthor = "\x1b]0;pwned\x07Eve\x1b[2J\u202e <eve\x1b[31m@example.com>"

// unsafeOutput returns the first character of out that a terminal or a
// renderer would act on: C0 controls but newline and tab, DEL, C1
// controls, line/paragraph separators and bidirectional controls.
func unsafeOutput(out string) (rune, bool) {
	for _, r := range out {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\u061c' || r == '\u200e' || r == '\u200f' ||
			r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return r, true
		}
	}
	return 0, false
}

// TestHostileNamesInEveryFormat: file names and commit authors full of
// escape sequences, scanned through the CLI, come out inert in every
// format and on stderr, and intact (as data) in JSON.
func TestHostileNamesInEveryFormat(t *testing.T) {
	dir, o := hostileRepo(t)
	files := map[string]string{}
	var entries []gitfixture.Entry
	for i, n := range hostileNames {
		content := leakLine + strings.Repeat("#\n", i) // one finding each
		files[n] = content
		entries = append(entries, gitfixture.Entry{Mode: "100644", Name: "old-" + n, Hash: o.Blob(content)})
	}
	writeFiles(t, dir, files)
	o.Ref("refs/heads/master", o.Commit(o.Tree(entries...), hostileAuthor, "msg\x1b[2J"))

	for _, cmd := range []string{"scan", "check", "history"} {
		for _, format := range report.Formats {
			t.Run(cmd+" "+format, func(t *testing.T) {
				code, out, errs := runCLI(t, cmd, dir, "--format", format, "--no-color")
				if code != 1 {
					t.Fatalf("exit %d\n%s", code, errs)
				}
				if r, bad := unsafeOutput(errs); bad {
					t.Errorf("stderr holds %U: %q", r, errs)
				}
				switch format {
				case "text", "markdown":
					if r, bad := unsafeOutput(out); bad {
						t.Errorf("%s holds %U", format, r)
					}
					if format == "markdown" && strings.Contains(out, "<script>") {
						t.Errorf("markdown carries a raw <script>")
					}
				case "junit":
					if r, bad := unsafeOutput(out); bad {
						t.Errorf("junit holds %U", r)
					}
					dec := xml.NewDecoder(strings.NewReader(out))
					for {
						if _, err := dec.Token(); err == io.EOF {
							break
						} else if err != nil {
							t.Fatalf("junit is not XML: %v", err)
						}
					}
				case "json":
					rep, err := report.ReadJSON(strings.NewReader(out))
					if err != nil {
						t.Fatal(err)
					}
					// Data stays data: the names come back exactly.
					got := map[string]bool{}
					for _, f := range rep.Findings {
						got[f.File] = true
						if cmd == "history" && f.Author != "\x1b]0;pwned\x07Eve\x1b[2J\u202e" {
							t.Errorf("author %q", f.Author)
						}
					}
					for _, n := range hostileNames {
						want := n
						if cmd == "history" {
							if strings.Contains(n, "/") {
								// One tree entry with "/" inside: git's fsck
								// rejects it, so it is noted, not a path.
								if !hasNote(rep, "which git's fsck rejects") {
									t.Errorf("no note for %q: %q", n, rep.Summary.Notes)
								}
								continue
							}
							want = "old-" + n
						}
						if !got[want] {
							t.Errorf("no finding for %q", want)
						}
					}
				case "sarif":
					var log struct {
						Runs []struct {
							Results []struct {
								Message struct{ Text string } `json:"message"`
							} `json:"results"`
						} `json:"runs"`
					}
					if err := json.Unmarshal([]byte(out), &log); err != nil {
						t.Fatal(err)
					}
					for _, r := range log.Runs[0].Results {
						if c, bad := unsafeOutput(r.Message.Text); bad {
							t.Errorf("SARIF message holds %U: %q", c, r.Message.Text)
						}
					}
				}
			})
		}
	}
}

// TestOutputTargets: --output into special files writes into them and
// never replaces them, for scans and for merge; a regular file is replaced
// whole; a report that cannot be written leaves the old file as it was.
func TestOutputTargets(t *testing.T) {
	dir := leakyDir(t)
	shard := filepath.Join(t.TempDir(), "shard.json")
	if code, _, errs := runCLI(t, "scan", dir, "--format", "json", "-o", shard); code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, cmd := range [][]string{{"scan", dir}, {"merge", shard}} {
		name := cmd[0]
		t.Run(name+" /dev/null", func(t *testing.T) {
			if code, out, errs := runCLI(t, append(cmd, "-o", "/dev/null")...); code != 1 || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
			if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
				t.Fatalf("/dev/null replaced: %v %v", st.Mode(), err)
			}
		})
		t.Run(name+" FIFO", func(t *testing.T) {
			fifo := filepath.Join(t.TempDir(), "fifo")
			mkfifo(t, fifo)
			got := make(chan []byte)
			go func() {
				f, err := os.Open(fifo)
				if err != nil {
					got <- nil
					return
				}
				b, _ := io.ReadAll(f)
				f.Close()
				got <- b
			}()
			if code, _, errs := runCLI(t, append(cmd, "-o", fifo, "--format", "sarif")...); code != 1 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if b := <-got; !json.Valid(b) {
				t.Fatalf("the FIFO got %q", b)
			}
			if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
				t.Fatalf("the FIFO was replaced: %v %v", st.Mode(), err)
			}
		})
		t.Run(name+" regular file, and a failed write", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report.sarif")
			os.WriteFile(out, []byte("old report\n"), 0o600)
			if code, _, errs := runCLI(t, append(cmd, "-o", out, "--format", "sarif")...); code != 1 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			b, _ := os.ReadFile(out)
			st, _ := os.Stat(out)
			if !json.Valid(b) || st.Mode().Perm() != 0o600 {
				t.Fatalf("not replaced whole (mode %v): %q", st.Mode(), b)
			}
			// A directory that cannot take the temporary file: the old
			// report stays, and the run says why with exit 2.
			ro := filepath.Join(t.TempDir(), "ro")
			os.Mkdir(ro, 0o755)
			old := filepath.Join(ro, "report.json")
			os.WriteFile(old, []byte("old\n"), 0o644)
			os.Chmod(ro, 0o555)
			defer os.Chmod(ro, 0o755)
			if os.Geteuid() != 0 { // root writes anyway
				code, _, errs := runCLI(t, append(cmd, "-o", old)...)
				if b, _ := os.ReadFile(old); code != 2 || !bytes.Equal(b, []byte("old\n")) || !strings.Contains(errs, old) {
					t.Fatalf("exit %d, file %q, stderr %q", code, b, errs)
				}
			}
		})
		t.Run(name+" /dev/full", func(t *testing.T) {
			if _, err := os.Stat("/dev/full"); err != nil {
				t.Skip("no /dev/full")
			}
			code, _, errs := runCLI(t, append(cmd, "-o", "/dev/full")...)
			if code != 2 || !strings.Contains(errs, "--output /dev/full: write /dev/full: no space left on device") {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
		})
	}
}
