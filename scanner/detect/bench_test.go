package detect_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/detect"
)

// denseCorpus is AssemblyAI client code where every file passes the
// prefilter and holds 32-hex candidates (hashes, IDs and one key).
func denseCorpus() [][]byte {
	var files [][]byte
	for i := 0; i < 2000; i++ {
		var sb strings.Builder
		sb.WriteString("import { AssemblyAI } from 'assemblyai';\n")
		sb.WriteString("const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });\n")
		for j := 0; j < 40; j++ {
			fmt.Fprintf(&sb, "const transcriptId%d = '%032x';\n", j, uint64(i*1000+j)*0x9e3779b97f4a7c15)
			fmt.Fprintf(&sb, "// md5: %016x%016x\n", uint64(j)*0xbf58476d1ce4e5b9, uint64(i)*0x94d049bb133111eb)
			sb.WriteString("export async function run(url) { return client.transcripts.transcribe({ audio_url: url }); }\n")
		}
		if i%100 == 0 {
			sb.WriteString("const ASSEMBLYAI_KEY = '02af4091e900a9d6cce9fe4826b0a6c8';\n")
		}
		files = append(files, []byte(sb.String()))
	}
	return files
}

func benchScan(b *testing.B, files [][]byte) {
	e := defaultEngine(b)
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			e.Scan(detect.Item{Path: "x.go", Content: f})
		}
	}
}

// BenchmarkScanRealistic: keyword-free text dominates (one core).
func BenchmarkScanRealistic(b *testing.B) {
	files, _ := detect.GoSourceCorpus(b, 64<<20)
	benchScan(b, files)
}

// BenchmarkScanDense: every file needs regex and evidence work.
func BenchmarkScanDense(b *testing.B) { benchScan(b, denseCorpus()) }

// base64Corpus is what base64 decoding costs on: Kubernetes manifests with
// Secret data (text values, one key), and bundles with data URIs (binary).
func base64Corpus() [][]byte {
	var files [][]byte
	for i := 0; i < 500; i++ {
		var sb strings.Builder
		sb.WriteString("apiVersion: v1\nkind: Secret\nmetadata:\n  name: assemblyai-worker\ndata:\n")
		for j := 0; j < 20; j++ {
			fmt.Fprintf(&sb, "  VALUE_%d: %s\n", j, base64Of(fmt.Sprintf("postgres://user%d:pw%d@db.internal:5432/app%d", i, j, j)))
		}
		if i%100 == 0 {
			sb.WriteString("  ASSEMBLYAI_API_KEY: " + base64Of("02af4091e900a9d6cce9fe4826b0a6c8") + "\n")
		}
		sb.WriteString("---\n// bundle\nconst icons = [")
		for j := 0; j < 20; j++ {
			fmt.Fprintf(&sb, "'data:image/png;base64,%s',", base64Of("\x89PNG\r\n\x1a\n"+strings.Repeat(fmt.Sprintf("\x00%c\x7f", j), 200)))
		}
		sb.WriteString("];\n")
		files = append(files, []byte(sb.String()))
	}
	return files
}

// BenchmarkScanBase64: files full of base64 runs (one core).
func BenchmarkScanBase64(b *testing.B) { benchScan(b, base64Corpus()) }

// goSumCorpus is 50 go.sum files of 1,000 lines: every line ends in a
// base64 SHA-256, which decodes to random bytes (and may spell a keyword:
// terraform's go.sum does).
func goSumCorpus() [][]byte {
	var files [][]byte
	for i := range 50 {
		var sb strings.Builder
		for j := range 1000 {
			sum := sha256.Sum256([]byte(fmt.Sprint(i, j)))
			fmt.Fprintf(&sb, "github.com/example/module%d v1.%d.0 h1:%s\n", j, i, base64.StdEncoding.EncodeToString(sum[:]))
		}
		files = append(files, []byte(sb.String()))
	}
	return files
}

// BenchmarkScanGoSum: files whose base64 runs are all hashes (one core).
func BenchmarkScanGoSum(b *testing.B) { benchScan(b, goSumCorpus()) }

// BenchmarkKeywordFreeEdit: a history's blob stored as a delta, shaped as
// terraform's average (28 KB, a window every ~390 bytes: a 5-byte insert
// between copies), its text keyword-free Go source.
func BenchmarkKeywordFreeEdit(b *testing.B) {
	e := defaultEngine(b)
	files, _ := detect.GoSourceCorpus(b, 4<<20)
	var text []byte
	for _, f := range files {
		if len(text) >= 28<<10 {
			break
		}
		if e.KeywordFree(f) {
			text = append(text, f...)
		}
	}
	text = text[:28<<10]
	var copied [][2]int
	for p := 0; p+395 <= len(text); p += 395 {
		copied = append(copied, [2]int{p, p + 390})
	}
	if !e.KeywordFreeEdit(text, copied) {
		b.Fatal("the text has a keyword")
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		e.KeywordFreeEdit(text, copied)
	}
}
