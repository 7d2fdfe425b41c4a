package python

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Notebook is the Python code of a Jupyter notebook's code cells, joined
// in order (cells share one namespace when run top to bottom, so a config
// built in one cell and used in a later one resolves), with a map back to
// the notebook file's lines.
type Notebook struct {
	Src []byte
	// Language is the kernel's language from the notebook metadata
	// (language_info.name or kernelspec.language), "" when not stated.
	Language string
	// lines[i] is the notebook file line of virtual line i+1.
	lines []int
}

// FileLine maps a line of Src to the line of the .ipynb file.
func (nb *Notebook) FileLine(line int) int {
	if line < 1 || line > len(nb.lines) {
		return 0
	}
	return nb.lines[line-1]
}

// ErrNotNotebook is returned for content that is not notebook JSON.
var ErrNotNotebook = errors.New("not a Jupyter notebook (invalid JSON or no cells)")

// DecodeNotebook extracts the code cells of a notebook. IPython magics and
// shell escapes (%pip, !ls) are blanked: they are not Python.
func DecodeNotebook(b []byte) (*Notebook, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	nb := &Notebook{}
	// line index of b
	var starts []int
	starts = append(starts, 0)
	for i, c := range b {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineAt := func(off int) int {
		lo, hi := 0, len(starts)-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if starts[mid] <= off {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return lo + 1
	}
	type piece struct {
		s    string
		line int
	}
	type frame struct {
		array bool
		key   string
		want  bool
	}
	var stack []frame
	var cellType string
	var cellSrc []piece
	cells := 0
	// objs indexes the object frames of stack: the key path below costs
	// the same at any nesting depth (a deeply nested file full of strings
	// must not cost depth × strings).
	var objs []int
	key := func(i int) string { return stack[objs[i]].key }
	valueDone := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].want = true
		}
	}
	flush := func() {
		cells++
		if cellType == "code" {
			for _, p := range cellSrc {
				nb.add(p.s, p.line)
			}
			if len(nb.Src) > 0 && nb.Src[len(nb.Src)-1] != '\n' {
				nb.Src = append(nb.Src, '\n')
			}
		}
		cellType, cellSrc = "", nil
	}
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
				if t == '}' && len(stack) == 2 && !stack[0].array && stack[0].key == "cells" {
					flush()
				}
				valueDone()
			}
			continue
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].want {
				stack[n-1].key, stack[n-1].want = t, false
				continue
			}
			if len(objs) == 3 && key(0) == "metadata" && (key(1) == "language_info" && key(2) == "name" || key(1) == "kernelspec" && key(2) == "language") {
				nb.Language = strings.ToLower(t)
			}
			if len(objs) == 2 && key(0) == "cells" {
				switch key(1) {
				case "cell_type":
					cellType = t
				case "source":
					cellSrc = append(cellSrc, piece{t, lineAt(off)})
				}
			}
		}
		valueDone()
	}
	if cells == 0 {
		return nil, ErrNotNotebook
	}
	return nb, nil
}

// add appends a source string that starts on file line `line`; a string
// holding several lines maps them all to that line.
func (nb *Notebook) add(s string, line int) {
	start := len(nb.Src)
	for i := 0; i < len(s); i++ {
		if len(nb.Src) == 0 || nb.Src[len(nb.Src)-1] == '\n' {
			nb.lines = append(nb.lines, line)
			start = len(nb.Src)
		}
		nb.Src = append(nb.Src, s[i])
		if s[i] == '\n' || i == len(s)-1 {
			blankMagic(nb.Src[start:])
		}
	}
}

// automagics are IPython commands that work without the % prefix and
// appear at the top of many notebooks ("pip install -U assemblyai").
var automagics = []string{"pip install ", "pip uninstall ", "pip show ", "pip list", "pip freeze", "pip3 install ", "conda install "}

// blankMagic replaces an IPython magic, automagic or shell escape line with
// spaces.
func blankMagic(line []byte) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	magic := i < len(line) && (line[i] == '%' || line[i] == '!')
	for _, m := range automagics {
		if bytes.HasPrefix(line[i:], []byte(m)) {
			magic = true
		}
	}
	if magic {
		for j := i; j < len(line) && line[j] != '\n'; j++ {
			line[j] = ' '
		}
	}
}
