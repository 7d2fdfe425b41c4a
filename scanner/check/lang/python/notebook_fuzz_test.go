package python

import (
	"bytes"
	"testing"
)

// FuzzDecodeNotebook: any content is refused as not a notebook or decoded
// into code whose every line maps to a line of the file.
func FuzzDecodeNotebook(f *testing.F) {
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":["%pip install assemblyai\n","import assemblyai as aai\n"]},{"cell_type":"markdown","source":["# t"]}],"metadata":{"kernelspec":{"language":"python"}},"nbformat":4}`))
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":"!ls\nx = 1"}]}`))
	f.Add([]byte(`{"cells":[[[{"cell_type":"code","source":["a"]}]]]}`))
	f.Add([]byte(`{"cells":[{"source":["\u001b[2J","pip install x"],"cell_type":"code"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := DecodeNotebook(b)
		if err != nil {
			return
		}
		fileLines := bytes.Count(b, []byte("\n")) + 1
		srcLines := bytes.Count(nb.Src, []byte("\n"))
		if len(nb.Src) > 0 && nb.Src[len(nb.Src)-1] != '\n' {
			srcLines++
		}
		if len(nb.lines) != srcLines {
			t.Fatalf("%d line positions for %d lines of code", len(nb.lines), srcLines)
		}
		for i := 1; i <= srcLines; i++ {
			if l := nb.FileLine(i); l < 1 || l > fileLines {
				t.Fatalf("line %d maps to line %d of %d", i, l, fileLines)
			}
		}
	})
}
