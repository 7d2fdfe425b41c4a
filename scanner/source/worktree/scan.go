package worktree

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"syscall"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/internal/workpool"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// DefaultMaxFileSize is the size above which files are skipped with a note.
const DefaultMaxFileSize = 10 << 20

// ScanOptions tune Scan.
type ScanOptions struct {
	MaxFileSize int64 // 0 means DefaultMaxFileSize; negative means no limit
	Workers     int   // 0 means GOMAXPROCS
	// Visit, when set, is given each text file read (not binary, within
	// the size limit) with its content, from the scanning goroutines: later
	// checks use the bytes read once here instead of reading the file
	// again. It must not keep data beyond what it needs.
	Visit func(f File, data []byte)
}

// Skipped is a file that was not scanned, and why.
type Skipped = finding.Skipped

// Result is what scanning a tree's files produced.
type Result struct {
	Findings []finding.Finding
	Files    int
	Bytes    int64
	Binary   int
	TooLarge []Skipped
	Errors   []error
}

// Scan reads every file of t (not the ignored ones) and runs the engine on
// it, on all cores. Unreadable files are recorded in Result.Errors and the
// scan goes on.
func Scan(t *Tree, e *detect.Engine, opts ScanOptions) *Result {
	limit := opts.MaxFileSize
	if limit == 0 {
		limit = DefaultMaxFileSize
	}
	var files []File
	for _, f := range t.Files {
		if !e.PathAllowed(f.Path) {
			files = append(files, f)
		}
	}
	results := make([]fileResult, len(files))
	workpool.Each(len(files), opts.Workers, func(i int) {
		results[i] = scanFile(files[i], e, limit, opts.Visit)
	})
	res := &Result{}
	for _, r := range results {
		res.add(r)
	}
	slices.SortFunc(res.Findings, func(a, b finding.Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	slices.SortFunc(res.TooLarge, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	res.Errors = append(res.Errors, t.Errors...)
	return res
}

type fileResult struct {
	findings []finding.Finding
	bytes    int64
	binary   bool
	skipped  *Skipped
	err      error
}

func (r *Result) add(fr fileResult) {
	switch {
	case fr.err != nil:
		r.Errors = append(r.Errors, fr.err)
	case fr.skipped != nil:
		r.TooLarge = append(r.TooLarge, *fr.skipped)
	case fr.binary:
		r.Binary++
	default:
		r.Files++
		r.Bytes += fr.bytes
		r.Findings = append(r.Findings, fr.findings...)
	}
}

func scanFile(f File, e *detect.Engine, limit int64, visit func(File, []byte)) fileResult {
	// Non-blocking: a FIFO put where a regular file was listed must not
	// block the scan (it is refused below as not a regular file).
	fh, err := os.OpenFile(f.Abs, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	if !st.Mode().IsRegular() {
		return fileResult{err: fmt.Errorf("%s: not a regular file", f.Path)}
	}
	if limit > 0 && st.Size() > limit {
		return fileResult{skipped: &Skipped{Path: f.Path, Size: st.Size(), Reason: fmt.Sprintf("larger than the %d-byte limit (--max-file-size)", limit)}}
	}
	// Read at most limit+1 bytes: a file that grows while we read it must
	// not defeat the limit.
	var r io.Reader = fh
	if limit > 0 {
		r = io.LimitReader(fh, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	if limit > 0 && int64(len(data)) > limit {
		return fileResult{skipped: &Skipped{Path: f.Path, Size: int64(len(data)), Reason: fmt.Sprintf("larger than the %d-byte limit (--max-file-size)", limit)}}
	}
	if detect.IsBinary(data) {
		return fileResult{binary: true}
	}
	if visit != nil {
		visit(f, data)
	}
	return fileResult{findings: e.Scan(detect.Item{Path: f.Path, Content: data}), bytes: int64(len(data))}
}
