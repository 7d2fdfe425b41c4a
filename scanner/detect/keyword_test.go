package detect_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/detect"
)

// edit builds a text from base the way a git delta does: copies of ranges
// of base and inserted bytes, and returns it with its copied ranges.
func edit(r *rand.Rand, base []byte, tokens []string) ([]byte, [][2]int) {
	var out []byte
	var copied [][2]int
	for n := r.IntN(6); n >= 0; n-- {
		if r.IntN(3) > 0 && len(base) > 0 {
			s := r.IntN(len(base))
			e := s + r.IntN(len(base)-s+1)
			copied = append(copied, [2]int{len(out), len(out) + e - s})
			out = append(out, base[s:e]...)
		} else {
			for k := r.IntN(3); k > 0; k-- {
				out = append(out, tokens[r.IntN(len(tokens))]...)
			}
		}
	}
	return out, copied
}

// KeywordFreeEdit must agree with KeywordFree on the whole text for every
// edit of a keyword-free text: keywords made by an insert, by an insert
// next to a copy, and by two copies put side by side ("ass" + "embly").
func TestKeywordFreeEditAgreesWithWholeText(t *testing.T) {
	e := defaultEngine(t)
	r := rand.New(rand.NewPCG(3, 4))
	// Pieces of the keywords (assembly, aai), in both cases.
	tokens := []string{"a", "A", "as", "AS", "sem", "SeM", "bly", "BLY", "ai", "i", "x", " ", "\n"}
	tried, withKeyword := 0, 0
	for tried < 100000 {
		var base []byte
		for n := r.IntN(12); n > 0; n-- {
			base = append(base, tokens[r.IntN(len(tokens))]...)
		}
		if !e.KeywordFree(base) {
			continue
		}
		tried++
		text, copied := edit(r, base, tokens)
		want := e.KeywordFree(text)
		if !want {
			withKeyword++
		}
		if got := e.KeywordFreeEdit(text, copied); got != want {
			t.Fatalf("base %q, text %q (copied %v): KeywordFreeEdit %v, KeywordFree %v", base, text, copied, got, want)
		}
	}
	if withKeyword < 300 {
		t.Fatalf("only %d of %d edits made a keyword: the test does not test", withKeyword, tried)
	}
}

func TestKeywordFree(t *testing.T) {
	e := defaultEngine(t)
	for _, c := range []struct {
		text string
		free bool
	}{
		{"package main\nfunc main() {}\n", true},
		{"", true},
		{"const k = 'x' // AssemblyAI\n", false},
		{"client := aai.NewClient(k)\n", false},
		{"ASSEM BLY", true},
		// A JSON object may be a notebook (any path ending in .ipynb),
		// whose joined strings are scanned: never keyword-free.
		{`{"cells": [{"source": ["ass", "embly"]}]}`, false},
		{"  {}", false},
	} {
		if got := e.KeywordFree([]byte(c.text)); got != c.free {
			t.Errorf("KeywordFree(%q) = %v, want %v", c.text, got, c.free)
		}
		// Built from a keyword-free text by copying all of it: the same
		// answer.
		if got := e.KeywordFreeEdit([]byte(c.text), [][2]int{{0, len(c.text)}}); c.free && got != c.free {
			t.Errorf("KeywordFreeEdit(%q, all copied) = %v, want %v", c.text, got, c.free)
		}
	}
	// Copies that break the promise (overlapping, out of range) fall back
	// to the whole text.
	text := []byte("x ASSEMBLYAI_API_KEY y")
	if e.KeywordFreeEdit(text, [][2]int{{0, 10}, {5, 22}}) || e.KeywordFreeEdit(text, [][2]int{{0, 99}}) {
		t.Error("KeywordFreeEdit trusted copied ranges that are not in order or in range")
	}
	// Keywords that a single new byte completes, at either end, and
	// keywords across the seam of two copies.
	for _, c := range []struct {
		text   string
		copied [][2]int
	}{
		{"aai", [][2]int{{1, 3}}},                  // new "a" + copied "ai"
		{"aai", [][2]int{{0, 2}}},                  // copied "aa" + new "i"
		{"assembly", [][2]int{{1, 8}}},             // new "a" + copied "ssembly"
		{"assembly", [][2]int{{0, 7}}},             // copied "assembl" + new "y"
		{"xx assembly", [][2]int{{0, 3}, {4, 11}}}, // ... + new "a" + ...
		{"xassemblyx", [][2]int{{0, 4}, {4, 10}}},  // "xass" + "emblyx"
		{"aai", [][2]int{{0, 1}, {1, 2}, {2, 3}}},
	} {
		if e.KeywordFreeEdit([]byte(c.text), c.copied) {
			t.Errorf("KeywordFreeEdit(%q, %v) missed the keyword", c.text, c.copied)
		}
	}
	// The file a keyword-free verdict stands for really has no findings.
	if text := strings.Repeat("ordinary line\n", 100) + "KEY = \"02af4091e900a9d6cce9fe4826b0a6c8\"\n"; e.KeywordFree([]byte(text)) && len(e.Scan(detect.Item{Content: []byte(text)})) > 0 {
		t.Error("keyword-free text has findings")
	}
}

// A rule without keywords runs on every text: nothing is keyword-free.
func TestKeywordFreeWithKeywordlessRule(t *testing.T) {
	cfg, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range cfg.Rules {
		r.Keywords = nil
	}
	e := detect.New(cfg)
	if e.KeywordFree([]byte("nothing here")) || e.KeywordFreeEdit([]byte("nothing here"), nil) {
		t.Error("keyword-free with a rule that needs no keyword")
	}
}
