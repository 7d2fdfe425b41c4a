// Package notebook decodes Jupyter notebooks (.ipynb JSON) into their cells'
// strings with the file position of each, for the secret engine (which
// scans every source and text output) and the Python code rules (which
// parse code cells).
//
// It streams tokens with encoding/json instead of unmarshalling, because
// findings must point at the line of the JSON string in the .ipynb file,
// and keeps the key path with an index of object frames so that a deeply
// nested file of strings costs the same per string at any depth.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
)

// ErrNotNotebook is returned for content that is not notebook JSON.
var ErrNotNotebook = errors.New("not a Jupyter notebook (invalid JSON or no cells)")

// Document is a decoded notebook.
type Document struct {
	Cells []Cell
	// Language is the kernel's language from the metadata
	// (language_info.name or kernelspec.language), lower case; "" when not
	// stated.
	Language string
}

// Cell is one cell: its type and its strings in file order.
type Cell struct {
	Type    string // "code", "markdown", "raw"
	Strings []String
}

// String is a JSON string inside a cell.
type String struct {
	Text string
	// Field is the key of the object holding the string: "source" for the
	// cell's own source, "text" or "text/plain" for outputs, and so on.
	Field string
	// Direct is true when that object is the cell itself (cells[i].source).
	Direct bool
	// Line and Col are the 1-based position of the string's opening quote.
	Line, Col int
}

// Source returns the cell's own source strings.
func (c Cell) Source() []String {
	var out []String
	for _, s := range c.Strings {
		if s.Direct && s.Field == "source" {
			out = append(out, s)
		}
	}
	return out
}

// Decode decodes a notebook. Content that is not JSON, or has no cells,
// gives ErrNotNotebook.
func Decode(b []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var starts []int // offsets of line starts
	starts = append(starts, 0)
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	position := func(off int) (int, int) {
		k, found := slices.BinarySearch(starts, off)
		if !found {
			k--
		}
		return k + 1, off - starts[k] + 1
	}
	type frame struct {
		array bool
		key   string // object: the pending key
		want  bool   // object: the next string is a key
	}
	var stack []frame
	var objs []int // indexes of the object frames of stack
	key := func(i int) string { return stack[objs[i]].key }
	// inCells: the top-level value is an object and the innermost open
	// containers start at its "cells" array.
	inCells := func() bool { return len(objs) >= 1 && objs[0] == 0 && key(0) == "cells" }
	valueDone := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].want = true
		}
	}
	doc := &Document{}
	var cell *Cell
	for {
		off := int(dec.InputOffset())
		for off < len(b) && (b[off] == ' ' || b[off] == '\t' || b[off] == '\r' || b[off] == '\n' || b[off] == ',' || b[off] == ':') {
			off++
		}
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, ErrNotNotebook
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				objs = append(objs, len(stack))
				stack = append(stack, frame{want: true})
				if len(objs) == 2 && len(stack) == 3 && inCells() {
					doc.Cells = append(doc.Cells, Cell{})
					cell = &doc.Cells[len(doc.Cells)-1]
				}
			case '[':
				stack = append(stack, frame{array: true})
			default:
				if len(stack) == 0 {
					return nil, ErrNotNotebook
				}
				if !stack[len(stack)-1].array {
					objs = objs[:len(objs)-1]
				}
				stack = stack[:len(stack)-1]
				if t == '}' && len(stack) == 2 && inCells() {
					cell = nil
				}
				valueDone()
			}
			continue
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].want {
				stack[n-1].key, stack[n-1].want = t, false
				continue
			}
			if len(objs) == 3 && objs[0] == 0 && key(0) == "metadata" && (key(1) == "language_info" && key(2) == "name" || key(1) == "kernelspec" && key(2) == "language") {
				doc.Language = strings.ToLower(t)
			}
			if cell != nil && len(objs) >= 2 && inCells() {
				if len(objs) == 2 && key(1) == "cell_type" {
					cell.Type = t
				} else {
					line, col := position(off)
					cell.Strings = append(cell.Strings, String{Text: t, Field: key(len(objs) - 1), Direct: len(objs) == 2, Line: line, Col: col})
				}
			}
		}
		valueDone()
	}
	// A truncated file can end at a token boundary: json's Token then
	// reports io.EOF with objects still open.
	if len(stack) != 0 || len(doc.Cells) == 0 {
		return nil, ErrNotNotebook
	}
	return doc, nil
}
