package report

import (
	"fmt"
	"io"
)

// Formats lists the output formats in the order shown in help.
var Formats = []string{"text", "json", "sarif", "junit", "markdown"}

// Write writes r in the named format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	switch format {
	case "text":
		return WriteText(w, r, opts)
	case "json":
		return WriteJSON(w, r, opts)
	}
	return fmt.Errorf("unknown format %q (want one of text, json, sarif, junit, markdown)", format)
}
