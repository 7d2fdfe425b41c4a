package errtext

import (
	"strings"
	"testing"
)

const key = "c5c5285779dea9a4833e676b2d04f46b" // synthetic, as in the CLI tests

func TestRedact(t *testing.T) {
	sha1 := strings.Repeat("3f2a", 10)
	sha256 := strings.Repeat("9b1c", 16)
	for in, want := range map[string]string{
		"allowlist regex \"" + key + "(\": missing closing ): `" + key + "(`": "allowlist regex \"c5c5…(\": missing closing ): `c5c5…(`",
		"typo x" + key + "0 and " + strings.ToUpper(key):                      "typo xc5c5… and C5C5…",
		"object " + sha1 + " and " + sha256 + " kept":                         "object " + sha1 + " and " + sha256 + " kept",
		"short abc123 and md5-free text":                                      "short abc123 and md5-free text",
		key:                                                                   "c5c5…",
		"":                                                                    "",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactValues(t *testing.T) {
	stripe := "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc" // shaped like a vendor key
	for in, want := range map[string]string{
		"rule x: regex \"" + stripe + "(\": missing closing )": "rule x: regex \"sk_l…(\": missing closing )",
		"rule aws-access-key-v2: checklist \"envkey\"":         "rule aws-access-key-v2: checklist \"envkey\"",
		"unknown key " + key:                                   "unknown key c5c5…",
		"allowlist path \"(^|/)testdata/fixtures2024/\"":       "allowlist path \"(^|/)testdata/fixtures2024/\"",
	} {
		if got := RedactValues(in); got != want {
			t.Errorf("RedactValues(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCutAndClean(t *testing.T) {
	deep := strings.Repeat("d/", 5000) + "file.py"
	got := Clean("work tree: " + deep + ": permission denied\nsecond line\t" + key)
	if len(got) > 400 || !strings.HasPrefix(got, "work tree: d/d/") || !strings.Contains(got, "…") ||
		!strings.Contains(got, "/d/file.py: permission denied second line c5c5…") {
		t.Errorf("Clean: %q", got)
	}
	if strings.ContainsAny(got, "\n\t") {
		t.Error("not one line")
	}
	// Cutting never splits a character.
	s := strings.Repeat("é", 300)
	c := Cut(s)
	if !strings.HasPrefix(c, "é") || !strings.HasSuffix(c, "é") || len(c) > MaxToken+4 || !strings.Contains(c, "…") {
		t.Errorf("Cut: %q", c)
	}
	for _, r := range c {
		if r == '\uFFFD' {
			t.Fatal("split a character")
		}
	}
	if Cut("short") != "short" {
		t.Error("short path changed")
	}
}
