package detect

import (
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/archive"
)

// ArchiveResult is what scanning an archive's entries found and read.
type ArchiveResult struct {
	Findings []finding.Finding
	// Entries and Bytes count the text entries scanned.
	Entries int
	Bytes   int64
	// Media lists binary entries of a known media type (not scanned, no
	// doubt); Unread the entries that were not read, and why (a binary
	// that is not media, over a limit, unreadable).
	Media  []string
	Unread []finding.Skipped
}

// ScanArchive scans the entries of the archive b (zip, tar, gzip, nested
// up to lim.MaxDepth) named path: each text entry as an item named
// "path!entry". It is ScanItem's archive half, for sources that read
// archives (the work tree; history blobs may call it too, with a path).
func (e *Engine) ScanArchive(path string, b []byte, lim archive.Limits) ArchiveResult {
	var res ArchiveResult
	problems := archive.Walk(path, b, lim, func(en archive.Entry) {
		if IsBinary(en.Data) {
			if MediaType(en.Data) != "" {
				res.Media = append(res.Media, en.Name)
			} else {
				res.Unread = append(res.Unread, finding.Skipped{Path: en.Name, Size: int64(len(en.Data)), Reason: "binary, not a known media type: not scanned"})
			}
			return
		}
		res.Entries++
		res.Bytes += int64(len(en.Data))
		res.Findings = append(res.Findings, e.Scan(Item{Path: en.Name, Content: en.Data})...)
	})
	for _, p := range problems {
		res.Unread = append(res.Unread, finding.Skipped{Path: p.Name, Reason: p.Reason})
	}
	return res
}
