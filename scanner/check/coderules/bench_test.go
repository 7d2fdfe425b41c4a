package coderules

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCheck measures the code rules over a real repository checked
// out at $AAIGUARD_BENCH_SRC (the team used typeorm/typeorm for JS/TS,
// rails/rails, apache/commons-lang, jellyfin/jellyfin, laravel/framework
// and gohugoio/hugo for the other front ends, see docs/DESIGN.md): one
// core, every file the code rules look at (Go files through the syntactic
// Go rules).
// "prefiltered" is what a scan does; "all-parsed" parses every file, the
// cost for a repository that names AssemblyAI everywhere. It reports
// files/s and the share of time spent parsing (tree-sitter and the
// conversion to the syntax tree) against extracting facts and judging.
func BenchmarkCheck(b *testing.B) {
	root := os.Getenv("AAIGUARD_BENCH_SRC")
	if root == "" {
		b.Skip("set AAIGUARD_BENCH_SRC to a checkout of a JS/TS repository")
	}
	type file struct {
		path string
		data []byte
	}
	var files []file
	var paths []string
	var size int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		paths = append(paths, rel)
		if d.IsDir() || !Relevant(rel) && !IsGoFile(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, file{rel, data})
		size += int64(len(data))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	project := NewProject(paths, func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, p)) })
	for _, mode := range []struct {
		name string
		all  bool
	}{{"prefiltered", false}, {"all-parsed", true}} {
		b.Run(mode.name, func(b *testing.B) {
			c := &Checker{Project: project, NoPrefilter: mode.all, SyntacticGo: true}
			b.SetBytes(size)
			var parse, rules time.Duration
			parsed := 0
			start := time.Now()
			for i := 0; i < b.N; i++ {
				for _, f := range files {
					r := c.Check(f.path, f.data)
					parse += r.ParseTime
					rules += r.RuleTime
					if r.Parsed {
						parsed++
					}
				}
			}
			total := time.Since(start)
			b.ReportMetric(float64(len(files)*b.N)/total.Seconds(), "files/s")
			b.ReportMetric(float64(parsed)/float64(b.N), "parsed-files")
			b.ReportMetric(100*parse.Seconds()/total.Seconds(), "%parse")
			b.ReportMetric(100*rules.Seconds()/total.Seconds(), "%rules")
		})
	}
}
