//go:build cgo

package treesitter

import (
	"bytes"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestTimedOutParserIsReset: a pooled parser that ran out of time must not
// resume the abandoned parse on its next use.
func TestTimedOutParserIsReset(t *testing.T) {
	big := bytes.Repeat([]byte("f(a, [b, {c: d}], (e) => g(h));\n"), 20000)
	small := []byte("const k = 1;\n")
	want, err := Parse(small, JavaScript)
	if err != nil {
		t.Fatal(err)
	}
	// One parser in the pool, so the next parse gets the one that timed out.
	g := grammarFor(JavaScript)
	g.mu.Lock()
	for _, p := range g.idle {
		p.Close()
	}
	g.idle = nil
	g.mu.Unlock()
	if _, err := parse(big, JavaScript, time.Microsecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("1 µs parse of %d bytes: err %v, want ErrTimeout", len(big), err)
	}
	if n := len(g.idle); n != 1 {
		t.Fatalf("%d idle parsers after the timeout, want 1", n)
	}
	got, err := Parse(small, JavaScript)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := got.Sexp(got.Root), want.Sexp(want.Root); a != b || got.Errors != 0 {
		t.Errorf("parse after a timeout:\n got %s (%d errors)\nwant %s", a, got.Errors, b)
	}
}

// TestIdleParsersBounded: parsers are kept for reuse at most one per P,
// whatever the number of concurrent parses (the rest are closed, their C
// memory freed).
func TestIdleParsersBounded(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 4*runtime.GOMAXPROCS(0)+4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Parse([]byte("x = 1\n"), Python); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	g := grammarFor(Python)
	g.mu.Lock()
	n := len(g.idle)
	g.mu.Unlock()
	if n < 1 || n > runtime.GOMAXPROCS(0) {
		t.Errorf("%d idle parsers, want 1 to %d", n, runtime.GOMAXPROCS(0))
	}
}

// TestGrammarsLoad: every grammar's ABI is one the runtime reads.
func TestGrammarsLoad(t *testing.T) {
	for i := range numLangs {
		if g := grammarFor(Lang(i)); g == nil {
			t.Errorf("%s: no grammar", Lang(i))
		} else if g.err != nil {
			t.Errorf("%s: %v", Lang(i), g.err)
		}
		if Lang(i).String() == "unknown" {
			t.Errorf("language %d has no name", i)
		}
	}
}
