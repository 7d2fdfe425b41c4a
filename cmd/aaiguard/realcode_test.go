package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/report"
)

// The real-code corpus (testdata/realcode/<language>/<case>/) holds small
// reductions, written by hand, of AssemblyAI usage seen in public
// repositories (each file's first comment names where it was seen). Every
// case directory is scanned as a project by `aaiguard scan`, so the corpus
// measures the product as a user runs it: keys, code rules, hygiene.
//
// Labels are comments on the line a finding belongs to:
//
//	want "rule-id"   a finding a human expects there (a true positive when found)
//	miss "rule-id"   expected, but a known miss: counted against recall, not failed
//	fp "rule-id"     reported, but a human judged it wrong: counted against precision
//
// Anything else (an unlabelled finding, a `want` not found, a `miss` that
// is now found) fails the test, so the labels and the numbers stay true.
var corpusLabel = regexp.MustCompile(`\b(want|miss|fp)((?:\s+\\?"[a-z0-9-]+\\?")+)`)

var corpusID = regexp.MustCompile(`[a-z0-9]+(?:-[a-z0-9]+)+`)

type corpusCount struct{ tp, fp, fn int }

func TestRealCodeCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "realcode")
	langs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	byRule := map[string]*corpusCount{}
	byLang := map[string]*corpusCount{}
	count := func(lang, rule string, f func(*corpusCount)) {
		for _, m := range []struct {
			k string
			m map[string]*corpusCount
		}{{rule, byRule}, {lang + " " + rule, byLang}} {
			if m.m[m.k] == nil {
				m.m[m.k] = &corpusCount{}
			}
			f(m.m[m.k])
		}
	}
	cases := 0
	files := 0
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		dirs, err := os.ReadDir(filepath.Join(root, l.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			cases++
			lang, dir := l.Name(), filepath.Join(root, l.Name(), d.Name())
			t.Run(lang+"/"+d.Name(), func(t *testing.T) {
				labels := map[string]map[string]string{} // "file:line" -> rule -> label
				err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
					if err != nil || e.IsDir() {
						return err
					}
					files++
					rel, _ := filepath.Rel(dir, p)
					src, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					for i, line := range strings.Split(string(src), "\n") {
						for _, m := range corpusLabel.FindAllStringSubmatch(line, -1) {
							for _, id := range corpusID.FindAllString(m[2], -1) {
								k := fmt.Sprintf("%s:%d", filepath.ToSlash(rel), i+1)
								if labels[k] == nil {
									labels[k] = map[string]string{}
								}
								labels[k][id] = m[1]
							}
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				// --tests: the labels judge the rules on every file, test
				// suites included (sdk-test-suite); that test files are
				// skipped by default is TestTestsFlag's.
				code, out, errs := runCLI(t, "scan", "-q", "--no-color", "--format", "json", "--tests", dir)
				if code == 2 {
					t.Fatalf("exit 2: %s", errs)
				}
				rep, err := report.ReadJSON(strings.NewReader(out))
				if err != nil {
					t.Fatalf("report: %v\n%s", err, out)
				}
				got := map[string]bool{}
				var bad []string
				for _, f := range rep.Findings {
					k := fmt.Sprintf("%s:%d", f.File, f.Line)
					got[k+" "+f.Rule] = true
					switch labels[k][f.Rule] {
					case "want":
						count(lang, f.Rule, func(c *corpusCount) { c.tp++ })
					case "fp":
						count(lang, f.Rule, func(c *corpusCount) { c.fp++ })
					case "miss":
						bad = append(bad, fmt.Sprintf("%s %s: labelled miss but now found (relabel it want)", k, f.Rule))
					default:
						bad = append(bad, fmt.Sprintf("%s %s: unlabelled finding: %s", k, f.Rule, f.Message))
					}
				}
				for k, rules := range labels {
					for rule, label := range rules {
						switch {
						case label == "want" && !got[k+" "+rule]:
							bad = append(bad, fmt.Sprintf("%s %s: expected, not found", k, rule))
						case label == "miss":
							count(lang, rule, func(c *corpusCount) { c.fn++ })
						case label == "fp" && !got[k+" "+rule]:
							bad = append(bad, fmt.Sprintf("%s %s: labelled fp but no longer reported (drop the label)", k, rule))
						}
					}
				}
				sort.Strings(bad)
				for _, b := range bad {
					t.Error(b)
				}
			})
		}
	}
	if cases == 0 {
		t.Fatal("no corpus cases found")
	}
	var lines []string
	for _, m := range []map[string]*corpusCount{byRule, byLang} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			c := m[k]
			lines = append(lines, fmt.Sprintf("%-48s tp %3d fp %3d fn %3d  recall %s  precision %s", k, c.tp, c.fp, c.fn,
				ratio(c.tp, c.tp+c.fn), ratio(c.tp, c.tp+c.fp)))
		}
		lines = append(lines, "")
	}
	t.Logf("real-code corpus: %d cases, %d files\n%s", cases, files, strings.Join(lines, "\n"))
}

func ratio(a, b int) string {
	if b == 0 {
		return "   -  "
	}
	return fmt.Sprintf("%5.1f%%", 100*float64(a)/float64(b))
}
