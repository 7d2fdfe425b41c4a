package detect

import (
	"bytes"
	"strings"

	nbformat "github.com/aaiguard/aaiguard/scanner/format/notebook"
)

// A Jupyter notebook is JSON whose cell sources are arrays of strings, with
// quotes escaped. Scanning the raw JSON would see `\"` around every value and
// lose the code's shape, so a notebook is decoded into the plain text of its
// cells (sources and text outputs), scanned as such, and each finding is
// mapped back to the line of the JSON string it came from.
type notebook struct {
	text []byte
	// lines[i] is where virtual line i+1 starts in the file.
	lines []filePos
}

type filePos struct{ line, col int }

// position maps a virtual line and column to the notebook file.
func (nb *notebook) position(line, col int) (int, int) {
	if line < 1 || line > len(nb.lines) {
		return 0, 0
	}
	p := nb.lines[line-1]
	return p.line, p.col + col
}

// looksLikeNotebook sniffs content, not the file name, so that history
// blobs scanned before their path is known decode the same way.
func looksLikeNotebook(path string, b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	if strings.HasSuffix(path, ".ipynb") {
		return true
	}
	return bytes.Contains(b, []byte(`"nbformat"`)) && bytes.Contains(b, []byte(`"cells"`))
}

// decodeNotebook returns the decoded notebook, or false when the content is
// not a notebook or not valid JSON (it is then scanned as plain text). The
// text is every cell's source and text outputs, in file order, with cells
// kept apart by a blank line.
func decodeNotebook(path string, b []byte) (*notebook, bool) {
	if !looksLikeNotebook(path, b) {
		return nil, false
	}
	doc, err := nbformat.Decode(b)
	if err != nil {
		return nil, false
	}
	nb := &notebook{}
	for _, c := range doc.Cells {
		for _, s := range c.Strings {
			switch s.Field {
			case "source", "text", "text/plain":
				nb.add(s.Text, filePos{line: s.Line, col: s.Col})
			}
		}
		nb.add("\n", filePos{})
	}
	if len(nb.lines) == 0 {
		return nil, false
	}
	return nb, true
}

// add appends a decoded string whose first line starts at p in the file.
// Further lines inside the same string map to the same file position (a
// source stored as one string rather than a list of lines).
func (nb *notebook) add(s string, p filePos) {
	for i := 0; i < len(s); i++ {
		if len(nb.text) == 0 || nb.text[len(nb.text)-1] == '\n' {
			nb.lines = append(nb.lines, p)
		}
		nb.text = append(nb.text, s[i])
	}
}
