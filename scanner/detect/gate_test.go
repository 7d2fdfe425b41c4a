package detect

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"
)

// The gate must find exactly what the regex finds on the whole text.
func TestRunGateIsExact(t *testing.T) {
	res := []string{
		`\b([0-9a-f]{32})\b`,
		`([0-9a-f]{8})`,
		`key[=:]\s?([0-9a-f]{10,})\b`,
		`(?i)tok_([a-z0-9]{12})x?`,
		`[a-f]{9}|zz`,
		`(?:k|kk)([0-9a-f]{8})[,;]{0,2}`,
	}
	alphabet := []byte("0123456789abcdefxyzk_=:;, \n")
	r := rand.New(rand.NewPCG(3, 4))
	for _, p := range res {
		re := regexp.MustCompile(p)
		g := newRunGate(re)
		for n := 0; n < 3000; n++ {
			b := make([]byte, r.IntN(120))
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			want := re.FindAllSubmatchIndex(b, -1)
			got := findAll(re, g, b)
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s on %q:\n got %v\nwant %v", p, b, got, want)
			}
		}
	}
}

func TestRunGateEligibility(t *testing.T) {
	for p, want := range map[string]bool{
		`\b([0-9a-f]{32})\b`:     true,
		`key=([0-9a-f]{16})`:     true,
		`^([0-9a-f]{16})`:        false, // anchors see a window edge as the text's
		`(?m)([0-9a-f]{16})$`:    false,
		`key.*([0-9a-f]{16})`:    false, // unbounded context
		`[0-9a-f]{4}`:            false, // too short to be worth it
		`(a|b)`:                  false,
		`([\p{L}]{16})`:          false, // non-ASCII class
		`(?i)secret_[a-z]{20}\b`: false, // (?i) folds k and s to the Kelvin and long-s signs
	} {
		if got := newRunGate(regexp.MustCompile(p)) != nil; got != want {
			t.Errorf("%s: gated %v, want %v", p, got, want)
		}
	}
}
