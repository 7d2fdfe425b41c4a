package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/aaiguard/aaiguard/scanner/post/checklist"
)

// unreadRepo is a committed repository whose code reads the key from the
// environment (env-key would pass), plus extra files.
func unreadRepo(t *testing.T, extra map[string][]byte) string {
	t.Helper()
	isolateGitConfig(t)
	dir := t.TempDir()
	gitRun(t, dir, "init", "-q")
	writeFiles(t, dir, map[string]string{
		"app.py":     "import os\nimport assemblyai as aai\naai.settings.api_key = os.environ[\"ASSEMBLYAI_API_KEY\"]\n",
		".gitignore": ".env\n.env.local\n.env.*.local\n",
	})
	for p, b := range extra {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitRun(t, dir, "add", "-A")
	gitRun(t, dir, "commit", "-q", "-m", "x")
	return dir
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, b := range files {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func tgzOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for n, b := range files {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg})
		tw.Write(b)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func utf16LE(s string) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// TestSkippedContentIsNotAPass: a key in a file over --max-file-size or in
// a binary file that is not a known media type leaves env-key unknown,
// naming the file, instead of passing; an image does not.
func TestSkippedContentIsNotAPass(t *testing.T) {
	leak := []byte(leakLine)
	binKey := append([]byte("\x00\x01\x02ELF-ish\x00"), leak...)
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2}, 100)...)
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		args  []string
		want  string // in env-key's reason; "" when it passes
		note  string
	}{
		{"over --max-file-size", map[string][]byte{"data/dump.sql": append(bytes.Repeat([]byte("-- filler\n"), 300), leak...)}, []string{"--max-file-size", "2KiB"}, "data/dump.sql (3.0 KiB, over --max-file-size)", ""},
		{"a binary that is not media", map[string][]byte{"bin/tool": binKey}, nil, "bin/tool (binary, not a known media type)", "1 binary file(s) not scanned for keys (not a known media type, so a key could be in them): bin/tool"},
		{"an image", map[string][]byte{"img/logo.png": png}, nil, "", "1 image, audio, video, font or PDF file(s) not scanned: img/logo.png"},
		{"a key-holding binary named .png", map[string][]byte{"img/key.png": binKey}, nil, "img/key.png (binary", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := unreadRepo(t, tc.files)
			code, rep, errs := checkReport(t, append([]string{"check", dir}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, errs)
			}
			env := item(rep, "env-key")
			if tc.want == "" {
				if env.Status != checklist.Pass {
					t.Errorf("env-key %s: %s", env.Status, env.Reason)
				}
			} else if env.Status != checklist.Unknown || !strings.Contains(env.Reason, tc.want) {
				t.Errorf("env-key %s: %s", env.Status, env.Reason)
			}
			if tc.note != "" && !hasNote(rep, tc.note) {
				t.Errorf("notes %q", rep.Summary.Notes)
			}
		})
	}
}

// TestDecodedContent: keys in UTF-16 files with a BOM, in archives (zip,
// .tar.gz, nested) and base64-encoded (a Kubernetes Secret, echo | base64
// -d) are found; archives past their limits (a zip bomb, too deep) are
// named as not read, and env-key cannot pass over them.
func TestDecodedContent(t *testing.T) {
	leak := []byte(leakLine)
	b64 := base64.StdEncoding.EncodeToString([]byte(fakeKey))
	nested := zipOf(t, map[string][]byte{"l2.zip": zipOf(t, map[string][]byte{"l3.zip": zipOf(t, map[string][]byte{"l4.zip": zipOf(t, map[string][]byte{"deep.py": leak})})})})
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		file  string // the finding's file
		line  int
	}{
		{"PowerShell 5 output (UTF-16LE, BOM)", map[string][]byte{"deploy/env.ps1": utf16LE("# generated\r\n$env:ASSEMBLYAI_API_KEY = \"" + fakeKey + "\"\r\n")}, "deploy/env.ps1", 2},
		{".reg export", map[string][]byte{"setup/key.reg": utf16LE("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\AssemblyAI]\r\n\"ApiKey\"=\"" + fakeKey + "\"\r\n")}, "setup/key.reg", 4},
		{"a zip", map[string][]byte{"dist/bundle.zip": zipOf(t, map[string][]byte{"app/config.py": leak, "README": []byte("hi")})}, "dist/bundle.zip!app/config.py", 2},
		{"a .tar.gz", map[string][]byte{"backup.tar.gz": tgzOf(t, map[string][]byte{"srv/settings.py": leak})}, "backup.tar.gz!srv/settings.py", 2},
		{"a Kubernetes Secret", map[string][]byte{"k8s/secret.yaml": []byte("apiVersion: v1\nkind: Secret\ndata:\n  ASSEMBLYAI_API_KEY: " + b64 + "\n")}, "k8s/secret.yaml", 4},
		{"echo | base64 -d", map[string][]byte{"run.sh": []byte("#!/bin/sh\nexport ASSEMBLYAI_API_KEY=$(echo " + base64.StdEncoding.EncodeToString([]byte(fakeKey+"\n")) + " | base64 -d)\n")}, "run.sh", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := unreadRepo(t, tc.files)
			code, rep, errs := checkReport(t, "scan", dir)
			if code != 1 || len(rep.Findings) == 0 {
				t.Fatalf("exit %d, %d findings\n%s", code, len(rep.Findings), errs)
			}
			f := rep.Findings[0]
			if f.File != tc.file || f.Line != tc.line || f.Rule != "assemblyai-api-key" {
				t.Errorf("finding %s:%d %s", f.File, f.Line, f.Rule)
			}
		})
	}
	t.Run("limits", func(t *testing.T) {
		// 512 MiB of zeros deflate to about 0.5 MB; 8 MiB (under the
		// entry limit) to 8 KB: far past 100:1 either way.
		zeros := func(mib int) []byte {
			var bomb bytes.Buffer
			zw := zip.NewWriter(&bomb)
			w, _ := zw.Create("zeros.txt")
			chunk := make([]byte, 1<<20)
			for i := 0; i < mib; i++ {
				w.Write(chunk)
			}
			zw.Close()
			return bomb.Bytes()
		}
		bomb := zeros(512)
		dir := unreadRepo(t, map[string][]byte{"bomb.zip": bomb, "ratio.zip": zeros(8), "nested.zip": nested})
		r := runProc(t, 2*time.Minute, "check", dir, "--format", "json", "-q")
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		t.Logf("zip bombs (%d bytes, 512 MiB inflated; 8 MiB) and a zip nested 4 deep: %v, peak %d MiB", len(bomb), r.took, r.maxRSS>>20)
		if r.maxRSS > 200<<20 {
			t.Errorf("peak %d MiB", r.maxRSS>>20)
		}
		for _, want := range []string{"bomb.zip!zeros.txt (larger than 10485760 bytes inflated", "ratio.zip!zeros.txt (inflates more than 100 times its compressed size", "nested.zip!l2.zip!l3.zip!l4.zip (an archive nested 4 deep: not opened)", `"status": "unknown"`} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("no %q in the report", want)
			}
		}
	})
}

// TestDecodingReachesHistoryAndStaged: the engine decodes, so a UTF-16
// file and a base64-encoded key are found in the history (committed, then
// deleted) and when staged, with no change to those sources.
func TestDecodingReachesHistoryAndStaged(t *testing.T) {
	dir := unreadRepo(t, map[string][]byte{
		"env.ps1":     utf16LE("$env:ASSEMBLYAI_API_KEY = \"" + fakeKey + "\"\r\n"),
		"secret.yaml": []byte("kind: Secret\ndata:\n  ASSEMBLYAI_API_KEY: " + base64.StdEncoding.EncodeToString([]byte("8ffc191c1e0c6d3df6c5d6d41f6a32c3")) + "\n"),
	})
	gitRun(t, dir, "rm", "-q", "env.ps1", "secret.yaml")
	gitRun(t, dir, "commit", "-q", "-m", "remove")
	code, rep, errs := checkReport(t, "history", dir)
	files := map[string]bool{}
	for _, f := range rep.Findings {
		files[f.File] = true
	}
	if code != 1 || !files["env.ps1"] || !files["secret.yaml"] {
		t.Errorf("history: exit %d, %v\n%s", code, files, errs)
	}
	os.WriteFile(filepath.Join(dir, "staged.ps1"), utf16LE("$env:ASSEMBLYAI_API_KEY = \""+fakeKey+"\"\r\n"), 0o644)
	gitRun(t, dir, "add", "staged.ps1")
	code, rep, errs = checkReport(t, "staged", dir)
	if code != 1 || len(rep.Findings) == 0 || rep.Findings[0].File != "staged.ps1" {
		t.Errorf("staged: exit %d, %+v\n%s", code, rep.Findings, errs)
	}
}

// TestLargeFileInWindows: with --max-file-size 0 a 40 MB file is scanned
// in windows: its key is found at its line, and the process never holds
// the file (before: about three times its size).
func TestLargeFileInWindows(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("import assemblyai as aai\n")
	line := "2024-01-01T00:00:00Z INFO request handled status=200\n"
	n := 1
	for sb.Len() < 40<<20 {
		sb.WriteString(line)
		n++
	}
	sb.WriteString("api_key = '" + fakeKey + "'\n")
	dir := unreadRepo(t, map[string][]byte{"logs/big.log": []byte(sb.String())})
	r := runProc(t, 2*time.Minute, "scan", dir, "--max-file-size", "0", "--format", "json", "-q")
	t.Logf("40 MB file: exit %d in %v, peak %d MiB", r.code, r.took, r.maxRSS>>20)
	if r.code != 1 || !strings.Contains(r.stdout, `"file": "logs/big.log"`) || !strings.Contains(r.stdout, `"line": `+strconv.Itoa(n+1)) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if r.maxRSS > 80<<20 {
		t.Errorf("peak %d MiB for a 40 MB file", r.maxRSS>>20)
	}
	if !strings.Contains(r.stdout, "its secrets were scanned in windows") {
		t.Errorf("no note")
	}
	// HEAD's version is as large: the advice cannot say whether it holds
	// the key, and says so (it never reads the blob whole).
	if !strings.Contains(r.stdout, "too large to check here") {
		t.Errorf("key advice does not say HEAD's version was too large to check:\n%s", r.stdout)
	}
}
