package python

import (
	"bytes"

	nbformat "github.com/aaiguard/aaiguard/scanner/format/notebook"
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
var ErrNotNotebook = nbformat.ErrNotNotebook

// DecodeNotebook extracts the code cells of a notebook. IPython magics and
// shell escapes (%pip, !ls) are blanked: they are not Python.
func DecodeNotebook(b []byte) (*Notebook, error) {
	doc, err := nbformat.Decode(b)
	if err != nil {
		return nil, err
	}
	nb := &Notebook{Language: doc.Language}
	for _, c := range doc.Cells {
		if c.Type != "code" {
			continue
		}
		for _, s := range c.Source() {
			nb.add(s.Text, s.Line)
		}
		if len(nb.Src) > 0 && nb.Src[len(nb.Src)-1] != '\n' {
			nb.Src = append(nb.Src, '\n')
		}
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
