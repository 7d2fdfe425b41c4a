package coderules

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// scriptBlocks returns a copy of an HTML, Vue or Svelte file in which
// everything but the contents of inline <script> elements is blanked
// (newlines kept), so that parsing it as JavaScript or TypeScript gives
// positions that are the file's own. ts reports a lang="ts" script.
// External scripts (src=...) and non-JavaScript types (JSON, templates)
// are skipped. The tokenizer is golang.org/x/net/html's: it knows that a
// script's contents are raw text.
func scriptBlocks(src []byte) (out []byte, ts bool, found bool) {
	out = make([]byte, len(src))
	for i, c := range src {
		if c == '\n' {
			out[i] = '\n'
		} else {
			out[i] = ' '
		}
	}
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	inScript := false
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			return out, ts, found
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			inScript = false
			if string(name) != "script" {
				continue
			}
			inScript = true
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "src":
					inScript = false
				case "type":
					t := strings.ToLower(string(v))
					if t != "" && t != "module" && !strings.Contains(t, "javascript") && !strings.Contains(t, "typescript") && t != "text/babel" {
						inScript = false
					}
				case "lang":
					if l := strings.ToLower(string(v)); l == "ts" || l == "tsx" || l == "typescript" {
						ts = true
					}
				}
			}
		case html.TextToken:
			if inScript {
				copy(out[start:off], raw)
				found = true
			}
		case html.EndTagToken:
			inScript = false
		}
	}
}
