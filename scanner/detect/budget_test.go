package detect

import (
	"fmt"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aaiguard/aaiguard/rules"
)

// repoConfig is a repository configuration with one rule of its own.
func repoConfig(t *testing.T, extra string) *rules.Config {
	t.Helper()
	cfg, err := rules.LoadWith(".aaiguard.toml", []byte(`
[[rules]]
id = "internal-token"
checklist = "env-key"
keywords = ["itok_"]
regex = '''(?i)itok_\w{20}\b'''
`+extra), rules.LoadOptions{Repository: true})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestFindAllChunkedIsFindAll: over texts of several chunks, a repository
// rule's chunked matching finds what one pass over the whole text finds
// (matches near and across chunk boundaries included).
func TestFindAllChunkedIsFindAll(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, p := range []string{`(?i)itok_\w{20}\b`, `secret=\S+`, `^x`, `(?m)^key: (\w+)$`} {
		re := regexp.MustCompile(p)
		for round := 0; round < 2; round++ {
			var b strings.Builder
			for b.Len() < 2*repoChunk+repoChunk/2 {
				switch rng.Intn(6) {
				case 0:
					fmt.Fprintf(&b, "itok_%020d ", rng.Int63())
				case 1:
					b.WriteString("secret=" + strings.Repeat("z", rng.Intn(100)) + "\n")
				case 2:
					b.WriteString(strings.Repeat("a", rng.Intn(50)) + "b")
				case 3:
					fmt.Fprintf(&b, "\nkey: w%d\n", rng.Intn(1000))
				default:
					b.WriteString(strings.Repeat("lorem ipsum ", rng.Intn(40)))
				}
			}
			text := []byte(b.String())
			want := re.FindAllSubmatchIndex(text, -1)
			got, ran := findAllChunked(re, nil, text, newBudget(time.Hour, RepoBudgetRate))
			if !ran || !slices.EqualFunc(got, want, slices.Equal[[]int]) {
				t.Fatalf("%s round %d: %d matches chunked, %d whole (ran %v)", p, round, len(got), len(want), ran)
			}
		}
	}
}

// TestRepoBudget: once the repository's patterns have spent their budget
// they no longer run, the engine counts it, and the default rules still
// report; with the default budget the same rule runs.
func TestRepoBudget(t *testing.T) {
	cfg := repoConfig(t, "[[allowlists]]\npaths = ['''^vendor/''']\n")
	item := Item{Path: "app.py", Content: []byte("import assemblyai as aai\naai.settings.api_key = \"02af4091e900a9d6cce9fe4826b0a6c8\"\ntok = itok_a8f3k2m9x7q1w5e6r4t0\n")}

	e := New(cfg)
	if fs := e.Scan(item); len(fs) != 2 || e.RepoUnfinished() != 0 {
		t.Fatalf("default budget: %v, unfinished %d", fs, e.RepoUnfinished())
	}
	tiny := NewWithOptions(cfg, Options{RepoBudget: time.Nanosecond, RepoRate: 1 << 62})
	tiny.Scan(item) // spends the nanosecond
	fs := tiny.Scan(item)
	if len(fs) != 1 || fs[0].Rule != "assemblyai-api-key" {
		t.Fatalf("spent budget: %v", fs)
	}
	if tiny.PathAllowed("vendor/x.py") {
		t.Error("a repository allowlist ran after its budget was spent")
	}
	if tiny.RepoUnfinished() < 2 {
		t.Errorf("unfinished %d", tiny.RepoUnfinished())
	}
	// The default catalogue alone has no budget to spend.
	def, _ := rules.Default()
	if d := New(def); d.RepoUnfinished() != 0 || d.bg != nil {
		t.Error("a budget without repository patterns")
	}
}

// TestLineAllowlistSeesACutLine: a "line" allowlist regex sees at most
// maxLine bytes either side of the candidate, not a 4 MB minified line.
func TestLineAllowlistSeesACutLine(t *testing.T) {
	cfg, err := rules.Load(".aaiguard.toml", []byte("[[allowlists]]\nregexTarget = 'line'\nregexes = ['''allow-this-line''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := New(cfg)
	kv := "var assemblyai_api_key=\"02af4091e900a9d6cce9fe4826b0a6c8\";"
	near := strings.Repeat("x;", 100) + "/*allow-this-line*/" + kv + strings.Repeat("y;", 2_000_000)
	far := "/*allow-this-line*/" + strings.Repeat("x;", 2_000) + kv + strings.Repeat("y;", 2_000_000)
	if fs := e.Scan(Item{Path: "a.js", Content: []byte(near)}); len(fs) != 0 {
		t.Errorf("marker next to the key: %v", fs)
	}
	if fs := e.Scan(Item{Path: "a.js", Content: []byte(far)}); len(fs) != 1 {
		t.Errorf("marker 4 KB away on the same line: %v", fs)
	}
}

// BenchmarkRepoRuleWorstCase measures what the caps leave: one repository
// rule at MaxProgram instructions that keeps every thread alive on text
// of letters, over 1 MiB (go test -bench RepoRule -benchtime 1x).
func BenchmarkRepoRuleWorstCase(b *testing.B) {
	re := regexp.MustCompile(`[a-z ]{990}Q`)
	text := []byte(strings.Repeat("abc def ghij ", (1<<20)/13))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		re.Match(text)
	}
}
