package coderules

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// benchRepo is a checkout named by AAIGUARD_BENCH_SRC (several, separated
// by the OS path list separator: a JS/TS one and a Python one, e.g.
// typeorm/typeorm and python/mypy; rails/rails, apache/commons-lang,
// jellyfin/jellyfin, laravel/framework and gohugoio/hugo for the other
// front ends, Go files through the syntactic Go rules; see docs/DESIGN.md).
type benchRepo struct {
	root  string
	paths []string
	files []benchFile
	size  int64
}

type benchFile struct {
	path string
	data []byte
}

func benchRepos(b *testing.B) []*benchRepo {
	env := os.Getenv("AAIGUARD_BENCH_SRC")
	if env == "" {
		b.Skip("set AAIGUARD_BENCH_SRC to one or more checkouts (a JS/TS repository and a Python one, separated by " + string(os.PathListSeparator) + ")")
	}
	var out []*benchRepo
	for _, root := range filepath.SplitList(env) {
		r := &benchRepo{root: root}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			rel, _ := filepath.Rel(root, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				return nil
			}
			r.paths = append(r.paths, rel)
			if !Relevant(rel) && !IsGoFile(rel) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r.files = append(r.files, benchFile{rel, data})
			r.size += int64(len(data))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func (r *benchRepo) read(p string) ([]byte, error) { return os.ReadFile(filepath.Join(r.root, p)) }

// BenchmarkCheck measures the code rules over real repositories, one
// core, every file the code rules look at. "prefiltered" is what a scan
// does (MB/s as scanned); "all-parsed" parses every file, the cost for a
// repository that names AssemblyAI everywhere, with the cross-file symbol
// table resolving every import. It reports files/s and the share of time
// spent parsing (tree-sitter and the conversion to the syntax tree)
// against extracting facts and judging.
func BenchmarkCheck(b *testing.B) {
	for _, r := range benchRepos(b) {
		for _, mode := range []struct {
			name string
			all  bool
		}{{"prefiltered", false}, {"all-parsed", true}} {
			b.Run(filepath.Base(r.root)+"/"+mode.name, func(b *testing.B) {
				b.SetBytes(r.size)
				var parse, rules time.Duration
				parsed := 0
				start := time.Now()
				for i := 0; i < b.N; i++ {
					// a fresh project per scan: the symbol table is
					// built once per scan
					c := &Checker{Project: NewProject(r.paths, r.read), NoPrefilter: mode.all, SyntacticGo: true}
					var results []*Result
					for _, f := range r.files {
						res := c.Check(f.path, f.data)
						parse += res.ParseTime
						rules += res.RuleTime
						if res.Parsed {
							parsed++
						}
						results = append(results, res)
					}
					Merge(results)
				}
				total := time.Since(start)
				b.ReportMetric(float64(len(r.files)*b.N)/total.Seconds(), "files/s")
				b.ReportMetric(float64(parsed)/float64(b.N), "parsed-files")
				b.ReportMetric(100*parse.Seconds()/total.Seconds(), "%parse")
				b.ReportMetric(100*rules.Seconds()/total.Seconds(), "%rules")
			})
		}
	}
}

// BenchmarkSymbols measures the cross-file symbol table at its worst:
// every JS/TS and Python module of the repository loaded (as if every
// module were imported), its build time, the modules and bytes it read,
// and the heap its exports keep once built.
func BenchmarkSymbols(b *testing.B) {
	for _, r := range benchRepos(b) {
		b.Run(filepath.Base(r.root), func(b *testing.B) {
			var mods []string
			for _, f := range r.files {
				switch {
				case strings.HasSuffix(f.path, ".py"):
					mods = append(mods, f.path)
				case isJS(f.path):
					mods = append(mods, f.path)
				}
			}
			var kept uint64
			var loaded int
			var read int64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				s := NewSymbols(r.paths, r.read)
				im := s.importer("bench")
				for _, m := range mods {
					s.module(m, strings.HasSuffix(m, ".py"), im)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				if after.HeapAlloc > before.HeapAlloc {
					kept += after.HeapAlloc - before.HeapAlloc
				}
				loaded, read = s.Stats()
				runtime.KeepAlive(s)
			}
			b.ReportMetric(float64(loaded), "modules")
			b.ReportMetric(float64(read)/(1<<20), "MB-read")
			b.ReportMetric(float64(kept)/float64(b.N)/(1<<20), "MB-kept")
			b.ReportMetric(float64(read)*float64(b.N)/(1<<20)/b.Elapsed().Seconds(), "MB/s")
		})
	}
}

func ExampleNewSymbols() {
	files := map[string]string{
		"lib/client.ts": "import { AssemblyAI } from 'assemblyai';\nexport const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY! });\nexport const defaults = { speech_model: 'best', content_safety: true };\n",
		"app/job.ts":    "import { client, defaults } from '../lib/client';\nclient.transcripts.transcribe({ ...defaults, audio: 'a.mp3' });\n",
	}
	paths := []string{"lib/client.ts", "app/job.ts"}
	c := &Checker{Project: NewProject(paths, func(p string) ([]byte, error) { return []byte(files[p]), nil })}
	for _, f := range c.Check("app/job.ts", []byte(files["app/job.ts"])).Findings {
		fmt.Println(f.Line, f.Rule)
	}
	// Output:
	// 2 aai-pii-redaction-missing
}
