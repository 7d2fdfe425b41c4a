package detect

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The prefilter must report exactly the keywords a case-insensitive
// substring search finds, including overlapping and nested keywords.
func TestPrefilterMatchesNaiveSearch(t *testing.T) {
	keywords := []string{"assembly", "aai", "sem", "ssemblyai", "a", "api_key", "bly"}
	p := newPrefilter(keywords)
	alphabet := []byte("aAsSeEmMbBlLyYiI_kKpP -\n")
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 5000; n++ {
		text := make([]byte, r.IntN(60))
		for i := range text {
			text[i] = alphabet[r.IntN(len(alphabet))]
		}
		checkNaive(t, p, keywords, text)
	}
}

// With keywords of two bytes or more the scan skips ahead to their first
// two bytes, eight text bytes at a time: it must still find every keyword,
// at any position (word boundaries, the tail), in either case, with
// letters and other bytes in the pairs, and next to bytes that differ from
// a letter only in the case bit or the top bit.
func TestPrefilterPairSkip(t *testing.T) {
	for _, keywords := range [][]string{
		{"assembly", "aai"},
		{"api_key", "_x9", "zq", "9_"},
		{"ab"},
	} {
		p := newPrefilter(keywords)
		if p.pairs == nil {
			t.Fatalf("%q: no pair skip", keywords)
		}
		alphabet := []byte("aAsSyYiI_xX9zZqQkK-\n\x41\xc1\xe1\x01!@`")
		r := rand.New(rand.NewPCG(3, uint64(len(keywords))))
		for n := 0; n < 20000; n++ {
			text := make([]byte, r.IntN(80))
			for i := range text {
				text[i] = alphabet[r.IntN(len(alphabet))]
			}
			if r.IntN(3) == 0 && len(text) > 0 {
				// A keyword, in some case, at some position.
				k := []byte(keywords[r.IntN(len(keywords))])
				if r.IntN(2) == 0 {
					k = bytes.ToUpper(k)
				}
				at := r.IntN(len(text))
				text = append(text[:at], append(k, text[at:]...)...)
			}
			checkNaive(t, p, keywords, text)
		}
	}
	// pairAt alone, on windows of a random text: the first pair that
	// starts and ends inside the window, or the window's end.
	r := rand.New(rand.NewPCG(7, 8))
	for _, keywords := range [][]string{{"assembly", "aai"}, {"api_key", "_x9", "zq", "9_"}} {
		p := newPrefilter(keywords)
		text := make([]byte, 300)
		for i := range text {
			text[i] = "aAsSiIpPzZqQ_x9-"[r.IntN(16)]
		}
		for range 5000 {
			lo := r.IntN(len(text))
			hi := lo + r.IntN(len(text)-lo+1)
			want := hi
			for i := lo; i+1 < hi && want == hi; i++ {
				for _, k := range keywords {
					if lower(text[i]) == k[0] && lower(text[i+1]) == k[1] {
						want = i
					}
				}
			}
			if got := p.pairAt(text, lo, hi); got != want {
				t.Fatalf("%q: pairAt(text, %d, %d) = %d, want %d (text %q)", keywords, lo, hi, got, want, text[lo:min(hi+2, len(text))])
			}
		}
	}
	// One-byte keywords, or too many pairs: the scan steps as before.
	if newPrefilter([]string{"assembly", "a"}).pairs != nil || newPrefilter([]string{"aa", "ab", "ac", "ad", "ae"}).pairs != nil {
		t.Fatal("pair skip where it cannot apply")
	}
}

// checkNaive fails t unless p reports in text exactly the keywords a
// case-insensitive substring search finds.
func checkNaive(t *testing.T, p *prefilter, keywords []string, text []byte) {
	t.Helper()
	var got []int
	p.scan(text, func(kw int) bool {
		if !slices.Contains(got, kw) {
			got = append(got, kw)
		}
		return true
	})
	slices.Sort(got)
	var want []int
	lt := bytes.ToLower(text)
	for i, k := range keywords {
		if bytes.Contains(lt, []byte(k)) {
			want = append(want, i)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q in %q: got %v, want %v", keywords, text, got, want)
	}
	// The same text as a window of a larger one, every keyword (in both
	// cases) just before and just after it: what lies outside the window,
	// though read, is never reported.
	around := []byte(strings.Join(keywords, "") + strings.ToUpper(strings.Join(keywords, "")))
	big := slices.Concat(around, text, around)
	got = got[:0]
	p.scanRange(big, len(around), len(around)+len(text), func(kw int) bool {
		if !slices.Contains(got, kw) {
			got = append(got, kw)
		}
		return true
	})
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("%q in %q as a window: got %v, want %v", keywords, text, got, want)
	}
}

func TestPrefilterStopsEarly(t *testing.T) {
	p := newPrefilter([]string{"ab"})
	calls := 0
	p.scan([]byte("ab ab ab AB"), func(int) bool { calls++; return false })
	if calls != 1 {
		t.Fatalf("hit called %d times after returning false", calls)
	}
	var none []int
	newPrefilter(nil).scan([]byte("anything"), func(kw int) bool { none = append(none, kw); return true })
	if len(none) != 0 {
		t.Fatal("empty prefilter reported a keyword")
	}
}

func TestPlaceholder(t *testing.T) {
	for _, s := range []string{
		"00000000000000000000000000000000", "0123456789abcdef0123456789abcdef",
		"fedcba9876543210fedcba9876543210", "abababababababababababababababab",
		"deadbeefdeadbeefdeadbeefdeadbeef", "your_assemblyai_key_goes_here_xx",
		"1111111111111111a111111111111111", // one letter: not a random hex key
		"short",
	} {
		if !placeholder([]byte(s)) {
			t.Errorf("%q not treated as a placeholder", s)
		}
	}
	for _, s := range []string{"02af4091e900a9d6cce9fe4826b0a6c8", "8ffc191c1e0c6d3df6c5d6d41f6a32c3", "0131ceb7e56940411a526a9dba180924"} {
		if placeholder([]byte(s)) {
			t.Errorf("random key %q treated as a placeholder", s)
		}
	}
}

func TestEntropy(t *testing.T) {
	if e := Entropy([]byte("aaaa")); e != 0 {
		t.Errorf("Entropy(aaaa) = %v", e)
	}
	if e := Entropy([]byte("0123456789abcdef")); e != 4 {
		t.Errorf("entropy of 16 distinct = %v", e)
	}
	if e := Entropy([]byte("02af4091e900a9d6cce9fe4826b0a6c8")); e < 3.0 {
		t.Errorf("random key entropy %v below the floor", e)
	}
}

func TestFindLabel(t *testing.T) {
	for _, tc := range []struct{ text, label, full string }{
		{`ASSEMBLYAI_API_KEY=§`, "ASSEMBLYAI_API_KEY", ""},
		{`  "apiKey": "§"`, "apiKey", ""},
		{`aai.settings.api_key = "§"`, "aai.settings.api_key", ""},
		{`const apiKey: string = "§"`, "apiKey", ""},
		{`var apiKey string = "§"`, "apiKey", ""},
		{`aai.NewClient("§")`, "aai.NewClient", ""},
		{`req.Header.Set("Authorization", "§")`, "Authorization", ""},
		{`os.getenv("ASSEMBLYAI_API_KEY", "§")`, "ASSEMBLYAI_API_KEY", ""},
		{`f(ctx, "§")`, "f", ""},
		{`x = os.environ.get("A") or "§"`, `os.environ.get("A")`, ""},
		{`k = process.env.A || "§"`, "process.env.A", ""},
		{`-H "authorization: Bearer §"`, "authorization", ""},
		{`'api_key' => '§'`, "api_key", ""},
		{`AssemblyAI.builder().apiKey("§")`, "AssemblyAI.builder().apiKey", ""},
		{"assemblyai:\n  api_key: §", "api_key", "assemblyai.api_key"},
		{"[assemblyai]\nkey = §", "key", "assemblyai.key"},
		{"a:\n  b:\n    # comment\n\n    c: §", "c", "a.b.c"},
		{"api_key = (\n    \"§\"\n)", "api_key", ""},
	} {
		b := []byte(tc.text)
		pos := bytes.IndexRune(b, '§')
		l, ok := findLabel(b, pos, 160, nil)
		if !ok || l.name != tc.label {
			t.Errorf("%q: label %q (ok %v), want %q", tc.text, l.name, ok, tc.label)
			continue
		}
		if tc.full != "" && l.full() != tc.full {
			t.Errorf("%q: full %q, want %q", tc.text, l.full(), tc.full)
		}
	}
	for _, text := range []string{"§", "d41d §  file.tar.gz", "see https://x/§", "word §"} {
		b := []byte(text)
		if l, ok := findLabel(b, bytes.IndexRune(b, '§'), 160, nil); ok {
			t.Errorf("%q: unexpected label %q", text, l.name)
		}
	}
}

// BenchmarkPrefilter measures the keyword scan alone on Go's source tree.
func BenchmarkPrefilter(b *testing.B) {
	files, total := GoSourceCorpus(b, 64<<20)
	p := newPrefilter([]string{"assembly", "aai"})
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			p.scan(f, func(int) bool { return true })
		}
	}
}
