package detect

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
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
// not a notebook or not valid JSON (it is then scanned as plain text).
func decodeNotebook(path string, b []byte) (*notebook, bool) {
	if !looksLikeNotebook(path, b) {
		return nil, false
	}
	nb := &notebook{}
	dec := json.NewDecoder(bytes.NewReader(b))
	li := newLineIndex(b)
	// The path of keys and array markers to the current token.
	type frame struct {
		array bool
		key   string // object: the pending key
		want  bool   // object: next string is a key
	}
	var stack []frame
	// objs indexes the object frames of stack, so that inText costs the
	// same at any depth (a file of deeply nested arrays of strings must
	// not make every string cost its depth).
	var objs []int
	inText := func() bool {
		// cells[].source[] / cells[].source, cells[].outputs[].text[],
		// cells[].outputs[].data."text/plain"[]
		if len(objs) < 2 || stack[objs[0]].key != "cells" {
			return false
		}
		switch stack[objs[len(objs)-1]].key {
		case "source", "text", "text/plain":
			return true
		}
		return false
	}
	// valueDone records that the object on top of the stack consumed a
	// value, so its next string is a key again.
	valueDone := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].want = true
		}
	}
	for {
		start := skipSep(b, int(dec.InputOffset()))
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				objs = append(objs, len(stack))
				stack = append(stack, frame{want: true})
			case '[':
				stack = append(stack, frame{array: true})
			case '}', ']':
				if len(stack) == 0 {
					return nil, false
				}
				if !stack[len(stack)-1].array {
					objs = objs[:len(objs)-1]
				}
				stack = stack[:len(stack)-1]
				valueDone()
				if t == '}' && len(stack) == 2 && stack[0].key == "cells" {
					// end of a cell: keep cells apart
					nb.add("\n", filePos{})
				}
			}
			continue
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].want {
				stack[n-1].key = t
				stack[n-1].want = false
				continue
			}
			if inText() {
				line, ls, _ := li.lineOf(start)
				nb.add(t, filePos{line: line, col: start - ls + 1})
			}
		}
		valueDone()
	}
	if len(nb.lines) == 0 {
		return nil, false
	}
	return nb, true
}

func skipSep(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == ',' || b[i] == ':') {
		i++
	}
	return i
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
