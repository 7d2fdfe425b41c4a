package detect

import (
	"encoding/base64"
	"math/rand/v2"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
)

// encodedKeywordAt skips ahead minBase64 bytes at a time: over any windows
// in increasing order it must answer what a byte-by-byte look at every
// run that meets them answers.
func TestEncodedKeywordAtSkips(t *testing.T) {
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	e := New(cfg)
	ref := func(b []byte, lo, hi int) bool {
		for i := lo; i < hi; {
			if !base64Byte[b[i]] {
				i++
				continue
			}
			start, end := i, i
			for start > 0 && base64Byte[b[start-1]] {
				start--
			}
			for end < len(b) && base64Byte[b[end]] {
				end++
			}
			if end-start >= minBase64 && e.encodedKeyword(b[start:min(end+2, len(b))]) {
				return true
			}
			i = end
		}
		return false
	}
	enc := base64.StdEncoding.EncodeToString([]byte("export ASSEMBLYAI_API_KEY=x and more text"))
	tokens := []string{enc[:20], enc[20:], enc, "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", "abc", "x", " ", "\n", "=", ".", "==", "github/com/hashicorp/terraform/internal/backend"}
	r := rand.New(rand.NewPCG(7, 8))
	hits := 0
	for n := 0; n < 20000; n++ {
		var b []byte
		for k := r.IntN(30); k > 0; k-- {
			b = append(b, tokens[r.IntN(len(tokens))]...)
		}
		if len(b) == 0 {
			continue
		}
		// Windows in increasing order, as KeywordFreeEdit makes them.
		want, got, done := false, false, 0
		for lo := r.IntN(len(b)); lo < len(b); {
			hi := min(lo+1+r.IntN(20), len(b))
			want = want || ref(b, lo, hi)
			got = got || e.encodedKeywordAt(b, lo, hi, &done)
			lo = hi + r.IntN(40)
		}
		if got != want {
			t.Fatalf("%q: encodedKeywordAt %v, byte by byte %v", b, got, want)
		}
		if want {
			hits++
		}
	}
	if hits < 500 {
		t.Fatalf("only %d texts hold an encoded keyword: the test does not test", hits)
	}
}
