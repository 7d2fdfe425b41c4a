package detect

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

// decodeBase64Whole is decodeBase64Text without its shortcuts: choose the
// alphabet (padding optional), decode the whole run, then judge it.
func decodeBase64Whole(run []byte) ([]byte, bool) {
	enc := base64.StdEncoding
	if bytes.IndexByte(run, '-') >= 0 || bytes.IndexByte(run, '_') >= 0 {
		enc = base64.URLEncoding
	}
	return decodeText(enc.WithPadding(base64.NoPadding), bytes.TrimRight(run, "="))
}

// checkDecode fails when decodeBase64Text answers otherwise than the whole
// decode, except where its 64-character prefix test refuses a long run
// whose start is not text (by design: binary with a text tail).
func checkDecode(t *testing.T, run []byte) {
	t.Helper()
	got, ok := decodeBase64Text(run)
	want, wantOK := decodeBase64Whole(run)
	if ok == wantOK && bytes.Equal(got, want) {
		return
	}
	if !ok && wantOK && len(bytes.TrimRight(run, "=")) > 64 && !isText(want[:min(len(want), 48)]) {
		return
	}
	t.Fatalf("decodeBase64Text(%q) = %q, %v; the whole decode: %q, %v", run, got, ok, want, wantOK)
}

// TestDecodeBase64Start: the eight-character test refuses random bytes
// (it is there for go.sum's hashes) and nothing the whole decode accepts:
// text with multi-byte characters cut at the sixth byte, both alphabets,
// a control character just past the tested prefix.
func TestDecodeBase64Start(t *testing.T) {
	texts := []string{
		"postgres://user:pw@db.internal:5432/app",
		"ASSEMBLYAI_API_KEY=02af4091e900a9d6cce9fe4826b0a6c8",
		"héllo wörld, a key is here: 02af4091e900a9d6cce9fe4826b0a6c8",
		"abcde€ then more text after the euro sign",  // € spans bytes 5-7
		"abcd€ then more text after the euro sign",   // € spans bytes 4-6
		"ab😀 four bytes cut at the sixth, then text", // U+1F600 spans 2-5
		"abcdef\x01 a control character past the prefix",
		"tab\tand\r\nline ends are text, as is this\n",
		"??>>??>>??>>?? (both alphabets differ here) ??>>",
	}
	for _, s := range texts {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding} {
			checkDecode(t, []byte(enc.EncodeToString([]byte(s))))
		}
	}
	refused := 0
	for i := range 2000 {
		sum := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		run := []byte(base64.StdEncoding.EncodeToString(sum[:]))
		checkDecode(t, run)
		if !textStart(bytes.TrimRight(run, "=")) {
			refused++
		}
	}
	// Six random bytes pass about one time in a hundred (1.2% here).
	if refused < 1950 {
		t.Errorf("the start test refused %d of 2000 hashes", refused)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
	for range 20000 {
		// Text-like bytes, so that the start test passes often enough
		// for what follows it to be compared too.
		b := make([]byte, 30+rng.IntN(40))
		for j := range b {
			switch r := rng.IntN(20); {
			case r == 0:
				b[j] = byte(rng.IntN(256))
			case r == 1:
				b[j] = 0xc3 // a lead byte, completed or not
			default:
				b[j] = byte(' ' + rng.IntN(95))
			}
		}
		run := []byte(base64.StdEncoding.EncodeToString(b))
		checkDecode(t, run)
		mixed := bytes.Clone(run)
		mixed[rng.IntN(len(mixed))] = alphabet[rng.IntN(len(alphabet))]
		checkDecode(t, mixed)
	}
}

// FuzzDecodeBase64Text holds decodeBase64Text to the whole decode.
func FuzzDecodeBase64Text(f *testing.F) {
	f.Add([]byte(base64.StdEncoding.EncodeToString([]byte("abcd€ then more text after the euro sign"))))
	f.Add([]byte("h1:Co6ibVJAznAaIkqp8huTwJJQCZ064NEdVW2yqVVY2v8="))
	f.Fuzz(func(t *testing.T, run []byte) {
		run = bytes.Map(func(r rune) rune {
			if r < 256 && base64Byte[r] || r == '=' {
				return r
			}
			return 'A'
		}, run)
		checkDecode(t, run)
	})
}
