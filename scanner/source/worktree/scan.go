package worktree

import (
	"errors"
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
	"github.com/aaiguard/aaiguard/scanner/format/archive"
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
	// Proven, when set, marks (by index in Tree.Files) the files whose
	// content the caller has proven needs no scan (pipeline: an unchanged
	// file holding a blob the history scan found clean; never an
	// allowlisted one): they are not opened, only counted in
	// Result.Proven.
	Proven []bool
}

// Skipped is a file that was not scanned, and why.
type Skipped = finding.Skipped

// Result is what scanning a tree's files produced.
type Result struct {
	Findings []finding.Finding
	Files    int
	Bytes    int64
	Binary   int
	// BinaryFiles names the binary files that were not scanned (Binary of
	// them), with their media type when it is one (an image, a font: no
	// key hides there).
	BinaryFiles []BinaryFile
	TooLarge    []Skipped
	// Archives counts the archives (zip, tar, gzip) whose entries were
	// scanned; ArchiveEntries the text entries; Unread the parts of them
	// that were not read, and why (a binary entry that is not media, a
	// limit: detect.ScanArchive).
	Archives       int
	ArchiveEntries int
	Unread         []Skipped
	// Large lists the files over detect.LargeText: their secrets were
	// scanned in windows, and no later check saw their content (Visit).
	Large  []Skipped
	Errors []error
	// Proven counts the files not read because ScanOptions.Proven said so.
	Proven int
}

// BinaryFile is a binary file that was not scanned.
type BinaryFile struct {
	Path  string
	Size  int64
	Media string // detect.MediaType, "" when not a known media type
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
	proven := 0
	for i, f := range t.Files {
		switch {
		case i < len(opts.Proven) && opts.Proven[i]:
			proven++
		case e.PathAllowed(f.Path):
		default:
			files = append(files, f)
		}
	}
	results := make([]fileResult, len(files))
	workpool.Each(len(files), opts.Workers, func(i int) {
		results[i] = scanFile(files[i], e, limit, opts.Visit)
	})
	res := &Result{Proven: proven}
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
	binary   *BinaryFile
	archive  *detect.ArchiveResult
	large    *Skipped
	skipped  *Skipped
	err      error
}

func (r *Result) add(fr fileResult) {
	switch {
	case fr.err != nil:
		r.Errors = append(r.Errors, fr.err)
	case fr.skipped != nil:
		r.TooLarge = append(r.TooLarge, *fr.skipped)
	case fr.binary != nil:
		r.Binary++
		r.BinaryFiles = append(r.BinaryFiles, *fr.binary)
	case fr.archive != nil:
		a := fr.archive
		r.Files++
		r.Archives++
		r.ArchiveEntries += a.Entries
		r.Bytes += a.Bytes
		r.Findings = append(r.Findings, a.Findings...)
		r.Unread = append(r.Unread, a.Unread...)
		for _, m := range a.Media {
			r.BinaryFiles = append(r.BinaryFiles, BinaryFile{Path: m, Media: "media"})
		}
	default:
		r.Files++
		r.Bytes += fr.bytes
		r.Findings = append(r.Findings, fr.findings...)
		if fr.large != nil {
			r.Large = append(r.Large, *fr.large)
		}
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
	if st.Size() > detect.LargeText {
		return scanLarge(f, fh, st.Size(), e)
	}
	data, err := readAll(fh, st.Size(), limit)
	if err != nil {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	if limit > 0 && int64(len(data)) > limit {
		return fileResult{skipped: &Skipped{Path: f.Path, Size: int64(len(data)), Reason: fmt.Sprintf("larger than the %d-byte limit (--max-file-size)", limit)}}
	}
	if detect.IsBinary(data) {
		if archive.Kind(data) != "" {
			ar := e.ScanArchive(f.Path, data, archive.DefaultLimits(limit))
			return fileResult{archive: &ar}
		}
		return fileResult{binary: &BinaryFile{Path: f.Path, Size: int64(len(data)), Media: detect.MediaType(data)}}
	}
	// UTF-16 with a BOM is decoded once, for every check.
	text := detect.Text(data)
	if visit != nil {
		visit(f, text)
	}
	return fileResult{findings: e.Scan(detect.Item{Path: f.Path, Content: text}), bytes: int64(len(data))}
}

// readAll reads the file whose size was size into a buffer of that size
// (io.ReadAll's doubling held up to twice a large file), then what a file
// growing meanwhile added, at most limit+1 bytes in all.
func readAll(fh *os.File, size, limit int64) ([]byte, error) {
	data := make([]byte, size)
	n, err := io.ReadFull(fh, data)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return data[:n], nil // it shrank
	case err != nil:
		return nil, err
	}
	var r io.Reader = fh
	if limit > 0 {
		r = io.LimitReader(fh, max(limit+1-size, 1))
	}
	more, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return append(data, more...), nil
}

// scanLarge scans a file over detect.LargeText in windows, never holding
// it whole; a binary one is named (an archive this large is not opened).
func scanLarge(f File, fh *os.File, size int64, e *detect.Engine) fileResult {
	head := make([]byte, 8002)
	n, err := io.ReadFull(fh, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	head = head[:n]
	if detect.IsBinary(head) {
		if _, ok := detect.UTF16(head); !ok {
			bf := &BinaryFile{Path: f.Path, Size: size, Media: detect.MediaType(head)}
			if archive.Kind(head) != "" {
				bf.Media = "" // an archive of this size is not opened: unread
			}
			return fileResult{binary: bf}
		}
		// A UTF-16 text this large is not decoded: noted as not read.
		return fileResult{binary: &BinaryFile{Path: f.Path, Size: size}}
	}
	fs, err := e.ScanLarge(f.Path, fh, size)
	if err != nil {
		return fileResult{err: fmt.Errorf("%s: %w", f.Path, regularfile.Cause(err))}
	}
	return fileResult{findings: fs, bytes: size, large: &Skipped{Path: f.Path, Size: size,
		Reason: fmt.Sprintf("larger than %d bytes: its secrets were scanned in windows; the code rules and hygiene did not read it", detect.LargeText)}}
}
