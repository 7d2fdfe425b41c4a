package report

import (
	"fmt"
	"io"
	"strings"
)

// writers maps each output format to its writer.
var writers = map[string]func(io.Writer, *Report, Options) error{
	"text":     WriteText,
	"json":     WriteJSON,
	"sarif":    WriteSARIF,
	"junit":    WriteJUnit,
	"markdown": WriteMarkdown,
}

// Formats lists the output formats in the order shown in help.
var Formats = []string{"text", "json", "sarif", "junit", "markdown"}

// Write writes r in the named format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	return wr(w, r, opts)
}
