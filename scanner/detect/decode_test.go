package detect_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/aaiguard/aaiguard/scanner/detect"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	out := []byte{0xff, 0xfe}
	if bigEndian {
		out = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestUTF16WithBOM: UTF-16 files with a BOM (PowerShell 5's `>`, .reg
// exports) are text: decoded and scanned, with the lines and columns of
// the text; without a BOM they stay binary.
func TestUTF16WithBOM(t *testing.T) {
	e := defaultEngine(t)
	for _, tc := range []struct {
		name, path, text string
		big              bool
		line, col        int
	}{
		{"PowerShell > output", "env.ps1", "# set by deploy\r\n$env:ASSEMBLYAI_API_KEY = \"" + key + "\"\r\n", false, 2, 28},
		{".reg export", "settings.reg", "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\AssemblyAI]\r\n\"ApiKey\"=\"" + key + "\"\r\n", false, 4, 11},
		{"big-endian settings", "app.ini", "[service]\nASSEMBLYAI_API_KEY=" + key + "\n", true, 2, 20},
		{"non-ASCII before the key", "notes.ps1", "# clé ünïcödé ✓\n$ASSEMBLYAI_API_KEY='" + key + "'\n", false, 2, 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := utf16Bytes(tc.text, tc.big)
			if detect.IsBinary(b) {
				t.Fatal("UTF-16 with a BOM taken for binary")
			}
			fs := e.Scan(detect.Item{Path: tc.path, Content: b})
			if len(fs) != 1 || fs[0].Line != tc.line || fs[0].Column != tc.col || fs[0].Secret.Reveal() != key {
				t.Fatalf("got %v", fs)
			}
			if got := string(detect.Text(b)); got != tc.text {
				t.Errorf("Text: %q", got)
			}
		})
	}
	// Without a BOM: binary, as git says.
	noBOM := utf16Bytes("ASSEMBLYAI_API_KEY="+key+"\n", false)[2:]
	if !detect.IsBinary(noBOM) {
		t.Error("BOM-less UTF-16 is not binary")
	}
	// A BOM followed by NUL characters is still binary.
	if !detect.IsBinary(utf16Bytes("a\x00b", false)) {
		t.Error("UTF-16 holding NUL characters is not binary")
	}
	// Bytes that start like a BOM but hold no NUL are read as bytes.
	if fs := e.Scan(detect.Item{Path: "x.txt", Content: []byte("\xff\xfe ASSEMBLYAI_API_KEY=" + key + "\n")}); len(fs) != 1 {
		t.Errorf("FF FE text: %v", fs)
	}
}

// TestBase64Values: a key base64-encoded where the label can still be
// read (a Kubernetes Secret's data, an env var set from `base64 -d`) is
// found and reported at the encoded run; digests, binary and data URIs
// are not.
func TestBase64Values(t *testing.T) {
	e := defaultEngine(t)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	secret := "apiVersion: v1\nkind: Secret\nmetadata:\n  name: transcriber\ntype: Opaque\ndata:\n  ASSEMBLYAI_API_KEY: " + b64(key) + "\n  OTHER: " + b64("not a key at all, just text") + "\n"
	fs := e.Scan(detect.Item{Path: "k8s/secret.yaml", Content: []byte(secret)})
	if len(fs) != 1 || fs[0].Line != 7 || fs[0].Column != 23 || fs[0].EndColumn != 23+len(b64(key)) ||
		fs[0].Secret.Reveal() != key || !strings.Contains(fs[0].Message, "base64-encoded") {
		t.Fatalf("secret.yaml: %+v", fs)
	}
	// echo adds a newline before encoding; the label is the variable.
	script := "#!/bin/sh\nexport ASSEMBLYAI_API_KEY=\"$(echo " + b64(key+"\n") + " | base64 -d)\"\npython transcribe.py\n"
	if fs := e.Scan(detect.Item{Path: "run.sh", Content: []byte(script)}); len(fs) != 1 || fs[0].Line != 2 {
		t.Errorf("run.sh: %+v", fs)
	}
	// A whole env file, encoded.
	env := "data:\n  .env: " + b64("DEBUG=1\nASSEMBLYAI_API_KEY="+key+"\n") + "\n"
	if fs := e.Scan(detect.Item{Path: "k8s/env.yaml", Content: []byte(env)}); len(fs) != 1 || fs[0].Line != 2 {
		t.Errorf("env.yaml: %+v", fs)
	}
	// The plain key and its encoding in one file: two places, two findings.
	both := "ASSEMBLYAI_API_KEY=" + key + "\nASSEMBLYAI_API_KEY_B64: " + b64(key) + "\n"
	if fs := e.Scan(detect.Item{Path: "x.yaml", Content: []byte(both)}); len(fs) != 2 {
		t.Errorf("both: %+v", fs)
	}
	for name, text := range map[string]string{
		"a digest's encoding":   "data:\n  checksum_md5: " + b64(key) + "\n",
		"binary":                "data:\n  ASSEMBLYAI_API_KEY: " + base64.StdEncoding.EncodeToString([]byte("\x00\x01\x02\xff\xfe\xfd\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")) + "\n",
		"a data URI":            "const logo = 'data:image/png;base64," + base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"+strings.Repeat("\x00\x01", 40))) + "'; // assemblyai\n",
		"a placeholder":         "data:\n  ASSEMBLYAI_API_KEY: " + b64("your-assemblyai-api-key-goes-here") + "\n",
		"a SHA-1 is not base64": "ASSEMBLYAI_COMMIT: 3f2a3f2a3f2a3f2a3f2a3f2a3f2a3f2a3f2a3f2a\n",
	} {
		if fs := e.Scan(detect.Item{Path: "k.yaml", Content: []byte(text)}); len(fs) != 0 {
			t.Errorf("%s: %+v", name, fs)
		}
	}
}

func base64Of(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestScanLargeIsScan: a text scanned in windows gives the findings (lines,
// columns, messages) of one pass over it, with keys across window
// boundaries, on very long lines, and far from the file's only mention of
// AssemblyAI.
func TestScanLargeIsScan(t *testing.T) {
	e := defaultEngine(t)
	var sb strings.Builder
	sb.WriteString("import assemblyai as aai  # the only mention\n")
	keys := 0
	for sb.Len() < 3*detect.LargeText/2+(1<<20) {
		n := sb.Len()
		switch {
		case n%(8<<20) > (8<<20)-200 || keys < 3 && n > (7<<20)*(keys+1):
			// near and across window boundaries
			sb.WriteString("api_key = '" + key + "'  # é\n")
			keys++
		case n%(3<<20) < 100:
			sb.WriteString(strings.Repeat("long line ", 10_000) + "ASSEMBLYAI_API_KEY=" + key2 + "\n")
		default:
			sb.WriteString("x = compute(y) # ünïcode\n")
		}
	}
	text := []byte(sb.String())
	want := e.Scan(detect.Item{Path: "big.py", Content: text})
	got, err := e.ScanLarge("big.py", strings.NewReader(sb.String()), int64(len(text)))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 5 || len(got) != len(want) {
		t.Fatalf("%d findings in windows, %d whole", len(got), len(want))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.Line != g.Line || w.Column != g.Column || w.EndLine != g.EndLine || w.EndColumn != g.EndColumn || w.Message != g.Message || w.Fingerprint != g.Fingerprint {
			t.Errorf("finding %d: got %d:%d-%d:%d %q, want %d:%d-%d:%d %q", i, g.Line, g.Column, g.EndLine, g.EndColumn, g.Message, w.Line, w.Column, w.EndLine, w.EndColumn, w.Message)
		}
	}
}

// TestKeywordFreeSeesDecodedText: KeywordFree promises that Scan finds
// nothing, so it must see what Scan decodes: a keyword spelled only in
// UTF-16, or only inside a base64 run, is a keyword; an edit that
// completes such a run is noticed.
func TestKeywordFreeSeesDecodedText(t *testing.T) {
	e := defaultEngine(t)
	env := base64Of("DEBUG=1\nASSEMBLYAI_API_KEY=" + key + "\n")
	for name, b := range map[string][]byte{
		"utf-16":      utf16Bytes("x = 1 # assemblyai\n", false),
		"base64 .env": []byte("data:\n  .env: " + env + "\n"),
	} {
		if e.KeywordFree(b) {
			t.Errorf("%s: keyword-free", name)
		}
		if e.KeywordFreeEdit(b, nil) {
			t.Errorf("%s: keyword-free as an edit", name)
		}
	}
	// The base had half the run; the edit adds the other half.
	half := 12 // too short a run to be decoded
	base := []byte("data:\n  .env: " + env[:half] + "\n")
	if !e.KeywordFree(base) {
		t.Fatal("base not keyword-free")
	}
	text := []byte("data:\n  .env: " + env + "\n")
	copied := [][2]int{{0, len("data:\n  .env: ") + half}}
	if e.KeywordFreeEdit(text, copied) {
		t.Error("an edit completing an encoded keyword is keyword-free")
	}
	if !e.KeywordFree([]byte("plain = " + base64Of("nothing to see in this text at all") + "\n")) {
		t.Error("a base64 run without a keyword is not keyword-free")
	}
}
