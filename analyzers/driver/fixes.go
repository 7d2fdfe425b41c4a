package driver

import (
	"bytes"
	"fmt"
	"go/format"
	"go/token"
	"os"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/aaiguard/aaiguard/internal/atomicfile"
)

// FixResult says what applying fixes did.
type FixResult struct {
	// Files maps each changed file to its new content.
	Files map[string][]byte
	// Applied counts the diagnostics whose fix was applied; Conflicts those
	// whose fix overlapped another one and was left out.
	Applied, Conflicts int
}

type fileEdit struct {
	start, end int
	text       []byte
}

// ComputeFixes applies the first suggested fix of each diagnostic (the
// go vet -fix convention; the analyzers emit at most one) to the files'
// contents read with readFile. A fix whose edits overlap an already
// accepted fix is skipped as a conflict; identical edits from two
// diagnostics (the same import added twice) are applied once. Changed
// files are gofmt-ed when they parse.
func ComputeFixes(fset *token.FileSet, diags []analysis.Diagnostic, readFile func(string) ([]byte, error)) (*FixResult, error) {
	res := &FixResult{Files: map[string][]byte{}}
	accepted := map[string][]fileEdit{}
	for _, d := range diags {
		if len(d.SuggestedFixes) == 0 {
			continue
		}
		fix := d.SuggestedFixes[0]
		byFile := map[string][]fileEdit{}
		ok := true
		for _, e := range fix.TextEdits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			tf := fset.File(e.Pos)
			if tf == nil || fset.File(end) != tf {
				ok = false
				break
			}
			name := tf.Name()
			byFile[name] = append(byFile[name], fileEdit{tf.Offset(e.Pos), tf.Offset(end), e.NewText})
		}
		if !ok {
			res.Conflicts++
			continue
		}
		conflict := false
		for name, edits := range byFile {
			for _, e := range edits {
				for _, a := range accepted[name] {
					if a.start == e.start && a.end == e.end && bytes.Equal(a.text, e.text) {
						continue // the same edit: fine
					}
					if e.start < a.end && a.start < e.end || e.start == a.start && e.start == e.end && a.start == a.end {
						conflict = true
					}
				}
			}
		}
		if conflict {
			res.Conflicts++
			continue
		}
		for name, edits := range byFile {
			for _, e := range edits {
				dup := false
				for _, a := range accepted[name] {
					if a.start == e.start && a.end == e.end && bytes.Equal(a.text, e.text) {
						dup = true
					}
				}
				if !dup {
					accepted[name] = append(accepted[name], e)
				}
			}
		}
		res.Applied++
	}
	for name, edits := range accepted {
		src, err := readFile(name)
		if err != nil {
			return nil, fmt.Errorf("apply fixes: %w", err)
		}
		slices.SortFunc(edits, func(a, b fileEdit) int { return a.start - b.start })
		var out bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.start < last || e.end > len(src) {
				return nil, fmt.Errorf("apply fixes to %s: edit out of range", name)
			}
			out.Write(src[last:e.start])
			out.Write(e.text)
			last = e.end
		}
		out.Write(src[last:])
		b := out.Bytes()
		if formatted, err := format.Source(b); err == nil {
			b = formatted
		}
		res.Files[name] = b
	}
	return res, nil
}

// WriteFiles writes each file atomically: to a temporary file in the same
// directory, renamed over the original, keeping its permissions.
func WriteFiles(files map[string][]byte) error {
	for name, data := range files {
		if err := writeAtomic(name, data); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(name string, data []byte) error {
	name = atomicfile.Resolve(name) // a symlinked source file keeps its link
	if _, err := os.Stat(name); err != nil {
		return fmt.Errorf("write fix: %w", err)
	}
	if err := atomicfile.Write(name, data, atomicfile.PermOr(name, 0o644)); err != nil {
		return fmt.Errorf("write fix to %s: %w", name, err)
	}
	return nil
}
