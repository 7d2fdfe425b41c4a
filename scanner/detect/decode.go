package detect

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// Content the engine decodes before scanning, so that no source has to:
//
//   - UTF-16 text with a byte-order mark (PowerShell 5's `>`, .reg files,
//     some .config and .resx files) is decoded to UTF-8. Without a BOM,
//     UTF-16 is indistinguishable from binary and stays binary. Lines and
//     columns are the same in both encodings (columns count code points).
//   - Base64 runs that decode to text (Kubernetes Secret `data:` values,
//     `echo … | base64 -d` in scripts) are scanned decoded, in place, so
//     that the label before them still counts (base64.go).

// utf16Order returns the byte order of UTF-16 content with a BOM. Content
// whose first 8000 bytes after the BOM hold no NUL is not taken for
// UTF-16: ASCII text (where keys are) in UTF-16 is half NULs, and bytes
// that merely start with FF FE are better read as they are.
func utf16Order(b []byte) (binary.ByteOrder, bool) {
	if len(b) < 4 || bytes.IndexByte(b[2:min(len(b), 8002)], 0) < 0 {
		return nil, false
	}
	switch {
	case b[0] == 0xff && b[1] == 0xfe:
		if len(b) >= 4 && b[2] == 0 && b[3] == 0 {
			return nil, false // UTF-32LE's BOM
		}
		return binary.LittleEndian, true
	case b[0] == 0xfe && b[1] == 0xff:
		return binary.BigEndian, true
	}
	return nil, false
}

// decodeUTF16 decodes the code units after the BOM (an odd last byte is
// dropped; unpaired surrogates become U+FFFD).
func decodeUTF16(b []byte, order binary.ByteOrder) []byte {
	units := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		units = append(units, order.Uint16(b[i:]))
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}

// UTF16 reports whether content is UTF-16 with a BOM (which Text decodes),
// and its byte order.
func UTF16(content []byte) (binary.ByteOrder, bool) { return utf16Order(content) }

// Text returns content as the engine reads it: UTF-16 with a BOM decoded
// to UTF-8 (without the BOM), anything else as it is. Sources that hand
// the bytes to other checks (code rules, hygiene) call it so that every
// check reads the same text.
func Text(content []byte) []byte {
	if order, ok := utf16Order(content); ok {
		return decodeUTF16(content, order)
	}
	return content
}

// IsBinary reports whether content is binary the engine cannot read: a NUL
// byte in the first 8000 bytes (git's heuristic), unless it is UTF-16 with
// a BOM whose first 8000 bytes decode without one.
func IsBinary(content []byte) bool {
	if order, ok := utf16Order(content); ok {
		head := content[:min(len(content), 8002)]
		return bytes.IndexByte(decodeUTF16(head, order), 0) >= 0
	}
	n := min(len(content), 8000)
	return bytes.IndexByte(content[:n], 0) >= 0
}

// media are the binary formats in which a key does not hide (images,
// audio, video, fonts, PDF): a source that skips one need not doubt what
// it skipped. Recognised by content, never by name: key.bin renamed
// key.png is still an unknown binary.
var media = []struct {
	name  string
	off   int
	magic string
}{
	{"PNG image", 0, "\x89PNG\r\n\x1a\n"},
	{"JPEG image", 0, "\xff\xd8\xff"},
	{"GIF image", 0, "GIF8"},
	{"WebP image", 8, "WEBP"},
	{"BMP image", 0, "BM"},
	{"ICO image", 0, "\x00\x00\x01\x00"},
	{"TIFF image", 0, "II*\x00"},
	{"TIFF image", 0, "MM\x00*"},
	{"WAV audio", 8, "WAVE"},
	{"MP3 audio", 0, "ID3"},
	{"FLAC audio", 0, "fLaC"},
	{"Ogg media", 0, "OggS"},
	{"MP4 media", 4, "ftyp"},
	{"Matroska/WebM media", 0, "\x1a\x45\xdf\xa3"},
	{"WOFF font", 0, "wOFF"},
	{"WOFF2 font", 0, "wOF2"},
	{"TrueType font", 0, "\x00\x01\x00\x00"},
	{"OpenType font", 0, "OTTO"},
	{"PDF document", 0, "%PDF-"},
}

// MediaType names content's media format (see media), or "" when it is
// not one.
func MediaType(content []byte) string {
	for _, m := range media {
		if len(content) >= m.off+len(m.magic) && string(content[m.off:m.off+len(m.magic)]) == m.magic {
			return m.name
		}
	}
	if len(content) >= 2 && content[0] == 0xff && content[1]&0xe0 == 0xe0 && content[1]&0x06 != 0 {
		return "MP3 audio" // an MPEG audio frame without an ID3 tag
	}
	return ""
}

// Base64 runs: the shortest decoded (a 32-character key is 44 with its
// padding), and bounds per item so that a bundle of data URIs costs little.
const (
	minBase64      = 40
	maxBase64Runs  = 1000
	maxBase64Bytes = 1 << 20
)

// region is a base64 run of the original text and where its decoded text
// lies in the substituted one.
type region struct {
	origStart, origEnd int
	newStart, newEnd   int
}

// substituteBase64 returns b with every base64 run that decodes to text
// in which keep finds a possible candidate replaced by that text, and
// where the replacements are; nil when there is none.
func substituteBase64(b []byte, keep func(text []byte) bool) ([]byte, []region) {
	var out []byte
	var regions []region
	last, runs, decodedBytes := 0, 0, 0
	for i := 0; i+minBase64 <= len(b); {
		// A run of minBase64 covers the byte minBase64-1 ahead: where that
		// byte cannot be in a run, skip past it (most text costs one
		// table lookup per minBase64 bytes).
		p := i + minBase64 - 1
		if !base64Byte[b[p]] {
			i = p + 1
			continue
		}
		r := p
		for r > i && base64Byte[b[r-1]] {
			r--
		}
		if r == i && i > 0 && base64Byte[b[i-1]] {
			// The run began before i (where it was too short, or judged):
			// move on to its end.
			for r < len(b) && base64Byte[b[r]] {
				r++
			}
			i = r
			continue
		}
		// A run starting at r is shorter than minBase64 unless the byte
		// minBase64-1 ahead is in it; then no long run starts before that
		// byte either.
		if q := r + minBase64 - 1; q >= len(b) || !base64Byte[b[q]] {
			i = r + minBase64
			continue
		}
		i = r
		j := p
		for j < len(b) && base64Byte[b[j]] {
			j++
		}
		hexOnly := true
		for _, c := range b[i:j] {
			if !isHexDigit(c) {
				hexOnly = false
				break
			}
		}
		end := j
		for end < len(b) && end-j < 2 && b[end] == '=' {
			end++
		}
		if j-i < minBase64 || hexOnly {
			i = end
			continue
		}
		runs++
		if runs > maxBase64Runs || decodedBytes > maxBase64Bytes {
			break
		}
		text, ok := decodeBase64Text(b[i:end])
		if !ok || !keep(text) {
			i = end
			continue
		}
		decodedBytes += len(text)
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		// `$(echo RUN | base64 -d)` is replaced whole, so that what it is
		// assigned to is the value's label, as for the plain key.
		rs, re := shellDecode(b, i, end)
		out = append(out, b[last:rs]...)
		regions = append(regions, region{origStart: rs, origEnd: re, newStart: len(out), newEnd: len(out) + len(text)})
		out = append(out, text...)
		last = re
		i = re
	}
	if out == nil {
		return nil, nil
	}
	return append(out, b[last:]...), regions
}

// decodeBase64Text decodes a run in any of the four alphabets and returns
// it when it is text (valid UTF-8 without control characters but tab and
// line ends), without one trailing newline (echo's).
func decodeBase64Text(run []byte) ([]byte, bool) {
	s := bytes.TrimRight(run, "=")
	// Most runs are random bytes (go.sum's hashes, images), which a
	// control character or broken UTF-8 shows within a few bytes: the
	// first eight characters, decoded by hand, say so before anything is
	// decoded or allocated.
	if !textStart(s) {
		return nil, false
	}
	enc := base64.RawStdEncoding
	if bytes.IndexByte(s, '-') >= 0 || bytes.IndexByte(s, '_') >= 0 {
		enc = base64.RawURLEncoding
	}
	// Longer runs may be binary with a text-looking start (data URIs).
	if len(s) > 64 {
		var head [48]byte
		if n, err := enc.Decode(head[:], s[:64]); err != nil || !isText(head[:n]) {
			return nil, false
		}
	}
	return decodeText(enc, s)
}

// decodeText decodes s with enc and returns it when it is text of eight
// bytes or more, without one trailing newline.
func decodeText(enc *base64.Encoding, s []byte) ([]byte, bool) {
	dec := make([]byte, enc.DecodedLen(len(s)))
	n, err := enc.Decode(dec, s)
	if err != nil || n < 8 {
		return nil, false
	}
	dec = dec[:n]
	if !utf8.Valid(dec) || !isText(dec) {
		return nil, false
	}
	dec = bytes.TrimSuffix(dec, []byte("\n"))
	return bytes.TrimSuffix(dec, []byte("\r")), true
}

// textStart reports whether the six bytes s's first eight characters
// decode to (in either alphabet) could begin the text decodeBase64Text
// accepts: no control character, no invalid UTF-8 but a sequence the
// seventh byte may complete. A run shorter than eight characters passes.
func textStart(s []byte) bool {
	if len(s) < 8 {
		return true
	}
	var head [6]byte
	for q := 0; q < 2; q++ {
		var v uint32
		for _, c := range s[4*q : 4*q+4] {
			d := base64Value[c]
			if d > 63 {
				return false
			}
			v = v<<6 | uint32(d)
		}
		head[3*q], head[3*q+1], head[3*q+2] = byte(v>>16), byte(v>>8), byte(v)
	}
	if !isText(head[:]) {
		return false
	}
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 {
			return !utf8.FullRune(head[i:])
		}
		i += n
	}
	return true
}

// isText reports that b has no control character but tab and line ends
// (a prefix may end inside a UTF-8 sequence: only bytes are checked).
func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return false
		}
	}
	return true
}

// base64Byte holds the bytes of both base64 alphabets.
var base64Byte = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_") {
		t[c] = true
	}
	return t
}()

// base64Value maps the bytes of both alphabets to their values ('+' and
// '-' are 62, '/' and '_' 63), any other byte to 0xff.
var base64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for v, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = byte(v)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// shellDecode widens the run [i, end) to the shell command substitution
// decoding it, `$(echo RUN | base64 -d)` (also printf '%s', backticks,
// --decode, -D, quotes around RUN); otherwise it returns the run.
func shellDecode(b []byte, i, end int) (int, int) {
	start := i
	if start > 0 && (b[start-1] == '\'' || b[start-1] == '"') {
		start--
	}
	var open string
	for _, p := range []string{"$(echo ", "$(echo -n ", "$(printf %s ", "$(printf '%s' ", "`echo ", "`echo -n "} {
		if bytes.HasSuffix(b[:start], []byte(p)) {
			open = p
			break
		}
	}
	if open == "" {
		return i, end
	}
	rest := b[end:]
	if len(rest) > 0 && (rest[0] == '\'' || rest[0] == '"') {
		rest = rest[1:]
	}
	closer := byte(')')
	if open[0] == '`' {
		closer = '`'
	}
	for _, d := range []string{" | base64 -d", " | base64 --decode", " | base64 -D", " |base64 -d", "|base64 -d"} {
		if r, ok := bytes.CutPrefix(rest, []byte(d)); ok && len(r) > 0 && r[0] == closer {
			return start - len(open), len(b) - len(r) + 1
		}
	}
	return i, end
}
