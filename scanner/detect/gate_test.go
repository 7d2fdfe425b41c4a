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

// windows skips ahead min bytes at a time: it must give the windows of a
// byte-by-byte search, on sparse and dense text alike.
func TestRunGateWindowsSkip(t *testing.T) {
	g := newRunGate(regexp.MustCompile(`k=([0-9a-f]{8})x?`))
	ref := func(b []byte) [][2]int {
		var out [][2]int
		for i := 0; i < len(b); {
			if !g.class[b[i]] {
				i++
				continue
			}
			j := i
			for j < len(b) && g.class[b[j]] {
				j++
			}
			if j-i >= g.min {
				ws, we := max(i-g.left-1, 0), min(j+g.right+1, len(b))
				if n := len(out); n > 0 && ws <= out[n-1][1] {
					out[n-1][1] = we
				} else {
					out = append(out, [2]int{ws, we})
				}
			}
			i = j
		}
		return out
	}
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 5000; n++ {
		b := make([]byte, r.IntN(200))
		dense := r.IntN(10) // in tenths: how much of the text is in the class
		for i := range b {
			if r.IntN(10) < dense {
				b[i] = "0123456789abcdef"[r.IntN(16)]
			} else {
				b[i] = "xyz =\n"[r.IntN(6)]
			}
		}
		if got, want := g.windows(b), ref(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n got %v\nwant %v", b, got, want)
		}
	}
}
