package notebook_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aaiguard/aaiguard/scanner/format/notebook"
)

const nb = `{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n"]},
  {
   "cell_type": "code",
   "metadata": {"tags": ["x"]},
   "outputs": [{"output_type": "stream", "text": ["hello\n"]},
               {"data": {"text/plain": ["42"]}}],
   "source": [
    "import assemblyai as aai\n",
    "x = 1"
   ]
  }
 ],
 "metadata": {"kernelspec": {"language": "Python"}},
 "nbformat": 4
}`

func TestDecode(t *testing.T) {
	doc, err := notebook.Decode([]byte(nb))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Cells) != 2 || doc.Cells[0].Type != "markdown" || doc.Cells[1].Type != "code" || doc.Language != "python" {
		t.Fatalf("doc %+v", doc)
	}
	src := doc.Cells[1].Source()
	if len(src) != 2 || src[0].Text != "import assemblyai as aai\n" || src[0].Line != 10 || src[0].Col != 5 || src[1].Line != 11 {
		t.Errorf("source %+v", src)
	}
	var fields []string
	for _, s := range doc.Cells[1].Strings {
		fields = append(fields, s.Field)
	}
	// metadata.tags, the outputs' strings, then the source, in file order.
	if got := strings.Join(fields, ","); got != "tags,output_type,text,text/plain,source,source" {
		t.Errorf("fields %s", got)
	}
}

func TestNotANotebook(t *testing.T) {
	for _, in := range []string{"", "{", `{"cells": []}`, `{"a": 1}`, `[1,2]`, `{"cells": [1] ]`, `{"cells": [ {"cell_type": "code", "source": ["import assemblyai"`, `[[{}]]`, `[{"cells": [{}]}]`, `[[[{"a": "b"}]]]`} {
		if _, err := notebook.Decode([]byte(in)); !errors.Is(err, notebook.ErrNotNotebook) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
