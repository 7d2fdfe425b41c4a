package detect

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// Texts larger than LargeText are scanned in windows (ScanLarge) instead of
// whole: a 500 MB file read whole took three times its size in memory,
// times the number of workers.
const (
	LargeText    = 16 << 20
	largeChunk   = 8 << 20
	largeOverlap = 64 << 10 // more than any label window or match
)

// ScanLarge scans size bytes of text read from r, named path, holding one
// window of largeChunk bytes (and largeOverlap on each side) at a time. A
// first pass finds the rules whose keywords, and the file-context patterns
// that, occur anywhere (a key at the end of a file that mentions AssemblyAI
// only at its start counts as in a smaller file); the second reports,
// each window keeping the findings that start in its own chunk. Lines and
// columns are the file's. Notebooks, UTF-16 and base64 runs are not decoded
// in a text this large.
func (e *Engine) ScanLarge(path string, r io.ReaderAt, size int64) ([]finding.Finding, error) {
	if e.bg != nil {
		e.bg.bytes.Add(size)
	}
	read := func(buf []byte, ws, we int64) ([]byte, error) {
		n, err := r.ReadAt(buf[:we-ws], ws)
		if int64(n) == we-ws {
			return buf[:n], nil
		}
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the file shrank while it was read
		}
		return nil, err
	}
	bounds := func(s int64) (int64, int64) {
		return max(s-largeOverlap, 0), min(s+largeChunk+largeOverlap, size)
	}
	buf := make([]byte, largeChunk+2*largeOverlap)
	active := make([]bool, e.maxRules)
	for s := int64(0); s < size; s += largeChunk {
		ws, we := bounds(s)
		b, err := read(buf, ws, we)
		if err != nil {
			return nil, err
		}
		e.activeRules(b, active)
	}
	if !slices.Contains(active, true) {
		return nil, nil
	}
	// File context (a names-only label in a file that mentions AssemblyAI
	// somewhere) is looked for over the whole text, once per rule, and only
	// when a candidate needs it: one more pass, in a buffer of its own.
	known := make([]int8, e.maxRules) // 0 unknown, 1 no, 2 yes
	var ctxBuf []byte
	var ctxErr error
	fileCtx := func(ri int) bool {
		if known[ri] != 0 {
			return known[ri] == 2
		}
		known[ri] = 1
		rule := e.cfg.Rules[ri]
		if rule.Evidence == nil {
			return false
		}
		if ctxBuf == nil {
			ctxBuf = make([]byte, len(buf))
		}
		for s := int64(0); s < size && known[ri] == 1; s += largeChunk {
			ws, we := bounds(s)
			b, err := read(ctxBuf, ws, we)
			if err != nil {
				ctxErr = err
				return false
			}
			for _, re := range rule.Evidence.File {
				if e.fileMatch(re, rule.Repository, b) {
					known[ri] = 2
					break
				}
			}
		}
		return known[ri] == 2
	}
	var out []finding.Finding
	line, col := 1, 0 // at the window's start: its line, and runes since that line began
	for s := int64(0); s < size; s += largeChunk {
		ws, we := bounds(s)
		b, err := read(buf, ws, we)
		if err != nil {
			return nil, err
		}
		w := &window{active: active, fileCtx: fileCtx, keepFrom: int(s - ws), keepTo: int(min(s+largeChunk, size) - ws)}
		for _, f := range e.scanWith(path, b, w) {
			if f.Line == 1 {
				f.Column += col
				if f.EndLine == 1 {
					f.EndColumn += col
				}
			}
			f.Line += line - 1
			if f.EndLine > 0 {
				f.EndLine += line - 1
			}
			out = append(out, f)
		}
		// Where the next window starts, inside this one.
		next, _ := bounds(s + largeChunk)
		if next >= size {
			break
		}
		part := b[:next-ws]
		if n := bytes.Count(part, []byte{'\n'}); n > 0 {
			line += n
			col = utf8.RuneCount(part[bytes.LastIndexByte(part, '\n')+1:])
		} else {
			col += utf8.RuneCount(part)
		}
	}
	if ctxErr != nil {
		return nil, ctxErr
	}
	return out, nil
}
