// Package archive reads the entries of zip, tar and gzip content (a
// .tar.gz is one level: gzip, then tar), nested up to a depth, within
// limits that a zip bomb cannot get past: entries, bytes per entry and in
// total, and the ratio of inflated to compressed bytes. Whatever is not
// read is reported with the reason, never skipped silently.
//
// Archives are recognised by content (zip's PK\x03\x04 or an empty
// archive's PK\x05\x06, gzip's 1f 8b, tar's "ustar" at offset 257), not by
// name: .jar, .whl, .docx and .apk are zips; history blobs have no name
// yet.
package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits bound what one archive (with everything nested in it) may cost.
type Limits struct {
	// MaxDepth is how many archives deep entries are read (1: the
	// archive's own entries; an archive inside is then not opened).
	MaxDepth int
	// MaxEntries bounds the entries read, over all levels.
	MaxEntries int
	// MaxEntrySize bounds one entry's inflated size.
	MaxEntrySize int64
	// MaxTotal bounds the inflated bytes over all levels; MaxRatio the
	// inflated bytes of an entry (and of the whole archive) per compressed
	// byte.
	MaxTotal int64
	MaxRatio int64
}

// DefaultLimits are what the work tree uses (entry size: --max-file-size).
func DefaultLimits(maxEntry int64) Limits {
	if maxEntry <= 0 {
		maxEntry = 64 << 20
	}
	return Limits{MaxDepth: 3, MaxEntries: 10_000, MaxEntrySize: maxEntry, MaxTotal: 256 << 20, MaxRatio: 100}
}

// Entry is a file inside an archive. Name is slash-separated, with each
// enclosing archive's name and "!" before it: "dist.zip!lib/app.tar.gz!cfg.py".
type Entry struct {
	Name string
	Data []byte
}

// Problem is something of the archive that was not read, and why.
type Problem struct {
	Name   string // the entry (or the archive itself)
	Reason string
}

// Kind names the archive format of b: "zip", "gzip", "tar", or "".
func Kind(b []byte) string {
	switch {
	case len(b) >= 4 && (string(b[:4]) == "PK\x03\x04" || string(b[:4]) == "PK\x05\x06"):
		return "zip"
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return "gzip"
	case len(b) >= 262 && string(b[257:262]) == "ustar":
		return "tar"
	}
	return ""
}

// Walk reads the archive b named name and calls visit with each entry that
// is not itself an archive (those are opened, up to MaxDepth). It returns
// what was not read. An entry's Data is only valid during visit.
func Walk(name string, b []byte, lim Limits, visit func(Entry)) []Problem {
	w := &walker{lim: lim, visit: visit, budget: min(lim.MaxTotal, max(int64(len(b)), 1)*lim.MaxRatio)}
	w.walk(name, b, 1)
	return w.problems
}

type walker struct {
	lim      Limits
	visit    func(Entry)
	entries  int
	budget   int64 // inflated bytes still allowed
	problems []Problem
	full     bool // MaxEntries reached, reported once
}

func (w *walker) problem(name, format string, a ...any) {
	w.problems = append(w.problems, Problem{Name: name, Reason: fmt.Sprintf(format, a...)})
}

func (w *walker) walk(name string, b []byte, depth int) {
	switch Kind(b) {
	case "zip":
		w.zip(name, b, depth)
	case "gzip":
		w.gzip(name, b, depth)
	case "tar":
		w.tar(name, bytes.NewReader(b), int64(len(b)), depth)
	default:
		w.visit(Entry{Name: name, Data: b})
	}
}

// entry hands one entry on: opened when it is an archive within the
// depth, else visited.
func (w *walker) entry(name string, data []byte, depth int) {
	if Kind(data) != "" {
		if depth >= w.lim.MaxDepth {
			w.problem(name, "an archive nested %d deep: not opened", depth+1)
			return
		}
		w.walk(name, data, depth+1)
		return
	}
	w.visit(Entry{Name: name, Data: data})
}

// take counts an entry; false once MaxEntries is reached.
func (w *walker) take(archive string) bool {
	if w.entries >= w.lim.MaxEntries {
		if !w.full {
			w.full = true
			w.problem(archive, "more than %d entries: the rest were not read", w.lim.MaxEntries)
		}
		return false
	}
	w.entries++
	return true
}

// read inflates r: at most the entry limit, MaxRatio times the compressed
// size (when known) and the archive's budget left. Going past one is a
// problem naming it, not an error.
func (w *walker) read(name string, r io.Reader, compressed int64) ([]byte, bool) {
	limit, why := w.lim.MaxEntrySize, fmt.Sprintf("larger than %d bytes inflated (--max-file-size)", w.lim.MaxEntrySize)
	if compressed > 0 && compressed*w.lim.MaxRatio < limit {
		limit, why = compressed*w.lim.MaxRatio, fmt.Sprintf("inflates more than %d times its compressed size (a zip bomb?)", w.lim.MaxRatio)
	}
	if w.budget < limit {
		limit, why = max(w.budget, 0), fmt.Sprintf("the archive inflates to more than it may (%d times its size, at most %d bytes in all): not read", w.lim.MaxRatio, w.lim.MaxTotal)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	w.budget -= int64(len(data))
	switch {
	case err != nil:
		w.problem(name, "unreadable: %s", cause(err))
		return nil, false
	case int64(len(data)) > limit:
		w.problem(name, "%s", why)
		return nil, false
	}
	return data, true
}

func (w *walker) zip(name string, b []byte, depth int) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		w.problem(name, "not a readable zip archive: %s", cause(err))
		return
	}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") || f.FileInfo().IsDir() {
			continue
		}
		if !w.take(name) {
			return
		}
		en := name + "!" + clean(f.Name)
		if !f.Mode().IsRegular() {
			continue // links and devices hold no content of their own
		}
		if int64(f.UncompressedSize64) > w.lim.MaxEntrySize || f.UncompressedSize64 > 1<<62 {
			w.problem(en, "larger than %d bytes inflated (--max-file-size)", w.lim.MaxEntrySize)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			w.problem(en, "unreadable: %s", cause(err))
			continue
		}
		data, ok := w.read(en, rc, int64(f.CompressedSize64))
		rc.Close()
		if ok {
			w.entry(en, data, depth)
		}
	}
}

func (w *walker) gzip(name string, b []byte, depth int) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		w.problem(name, "not a readable gzip stream: %s", cause(err))
		return
	}
	defer zr.Close()
	inner := strings.TrimSuffix(strings.TrimSuffix(path.Base(lastPart(name)), ".gz"), ".tgz")
	if zr.Name != "" {
		inner = clean(zr.Name)
	}
	if !w.take(name) {
		return
	}
	data, ok := w.read(name, zr, int64(len(b)))
	if !ok {
		return
	}
	if Kind(data) == "tar" {
		// .tar.gz: one level.
		w.tar(name, bytes.NewReader(data), int64(len(b)), depth)
		return
	}
	w.entry(name+"!"+inner, data, depth)
}

func (w *walker) tar(name string, r io.Reader, compressed int64, depth int) {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			w.problem(name, "not a readable tar archive: %s", cause(err))
			return
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if !w.take(name) {
			return
		}
		en := name + "!" + clean(h.Name)
		if h.Size > w.lim.MaxEntrySize {
			w.problem(en, "larger than %d bytes (--max-file-size)", w.lim.MaxEntrySize)
			continue
		}
		// A tar entry inside a gzip stream was bounded by the stream's
		// ratio already; the budget still applies.
		data, ok := w.read(en, tr, 0)
		if ok {
			w.entry(en, data, depth)
		}
	}
}

// clean keeps an entry name as data, slash-separated and without leading
// slashes; reports escape what a terminal would act on.
func clean(n string) string {
	return strings.TrimLeft(strings.ReplaceAll(n, "\\", "/"), "/")
}

func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '!'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func cause(err error) string {
	s := err.Error()
	for _, p := range []string{"zip: ", "gzip: ", "archive/tar: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
