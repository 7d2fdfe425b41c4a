package detect

// Keyword gating for sources that scan many versions of one file (the
// history's blobs, stored as deltas of each other): when no rule can match a
// version, a version made from it by copying parts and inserting a few new
// bytes can only match if a keyword appears in or around the new bytes.
// Checking those few windows instead of the whole text is what makes a
// 3.4 GB history (terraform's) cost its inflation, not its scanning.

// KeywordFree reports whether Scan finds nothing in content b whatever its
// path, because every rule needs a keyword, none occurs in b, b is not a
// notebook (a notebook's decoded text, not b, is scanned) nor UTF-16, and
// no base64 run of b decodes to a keyword.
func (e *Engine) KeywordFree(b []byte) bool {
	if len(e.always) > 0 || maybeNotebook(b) || maybeUTF16(b) {
		return false
	}
	return !e.hasKeyword(b) && !e.encodedKeyword(b)
}

// maybeUTF16 reports content Scan decodes from UTF-16, whose keywords b
// does not spell.
func maybeUTF16(b []byte) bool {
	_, ok := utf16Order(b)
	return ok
}

// encodedKeyword reports whether a base64 run of b decodes to text holding
// a keyword (a whole .env encoded in a manifest): Scan decodes it.
func (e *Engine) encodedKeyword(b []byte) bool {
	found := false
	substituteBase64(b, func(text []byte) bool {
		found = found || e.hasKeyword(text)
		return false
	})
	return found
}

// encodedKeywordAt is encodedKeyword for the base64 runs that meet
// b[lo:hi], where an edit may have made (or joined) one, except those
// that start before *done, already checked; *done becomes the end of the
// last run looked at. (Windows of one text come in increasing order: a
// long run that many windows meet is expanded and decoded once, not once
// per window.)
func (e *Engine) encodedKeywordAt(b []byte, lo, hi int, done *int) bool {
	i := max(lo, *done)
	if i >= hi {
		return false
	}
	// i: where the next run may start, 0 or just after a byte outside
	// any run.
	if base64Byte[b[i]] {
		for i > 0 && base64Byte[b[i-1]] {
			i--
		}
	} else {
		i++
	}
	// A run of minBase64 bytes that starts at i or later covers byte
	// i+minBase64-1: where that byte is outside any run, no such run
	// starts before it (code is mostly base64 letters in short words, so
	// this costs a lookup and a word per minBase64 bytes, not a branch per
	// byte).
	for i < hi {
		p := i + minBase64 - 1
		if p >= len(b) {
			break
		}
		if !base64Byte[b[p]] {
			i = p + 1
			continue
		}
		start := p
		for start > i && base64Byte[b[start-1]] {
			start--
		}
		if start >= hi {
			break // the run does not meet the window
		}
		end := p + 1
		for end < len(b) && base64Byte[b[end]] {
			end++
		}
		if end-start >= minBase64 && e.encodedKeyword(b[start:min(end+2, len(b))]) {
			return true
		}
		*done = end
		i = end + 1
	}
	return false
}

// KeywordFreeEdit is KeywordFree for a text b made from a keyword-free text
// (KeywordFree was true for it) by copying parts of it: copied lists, in
// increasing order, the ranges [start, end) of b that are copies of a
// contiguous range of that text; every other byte of b is new. A keyword in
// b either lies inside one copied range, and so was in the original (it was
// not), or overlaps a new byte or the seam between two copies: only the
// bytes within a keyword's length of those are searched.
func (e *Engine) KeywordFreeEdit(b []byte, copied [][2]int) bool {
	if len(e.always) > 0 || maybeNotebook(b) || maybeUTF16(b) {
		return false
	}
	w := -1 // a keyword that ends in, or starts in, a window
	for _, k := range e.pf.keywords {
		w = max(w, len(k)-1)
	}
	if w < 0 {
		return true // no keywords, no rules
	}
	// Walk b: new bytes [pos, start) before each copy, then the copy's two
	// seams; each window is b[from-w : to+w] clamped, merged with the
	// previous one when they overlap.
	lo, hi := -1, -1 // the pending window
	done := 0        // see encodedKeywordAt
	flush := func() bool {
		// A new or joined base64 run may decode to a keyword: scanned.
		if lo < hi && (e.windowKeyword(b, lo, hi) || e.encodedKeywordAt(b, lo, hi, &done)) {
			return false
		}
		return true
	}
	add := func(from, to int) bool {
		from, to = max(from-w, 0), min(to+w, len(b))
		if lo >= 0 && from <= hi {
			hi = max(hi, to)
			return true
		}
		if !flush() {
			return false
		}
		lo, hi = from, to
		return true
	}
	pos := 0
	for _, c := range copied {
		if c[0] < pos || c[1] < c[0] || c[1] > len(b) {
			return e.KeywordFree(b) // not what the caller promised
		}
		if c[0] > pos {
			if !add(pos, c[0]) {
				return false
			}
		} else if !add(c[0], c[0]) { // the seam with the previous copy
			return false
		}
		pos = c[1]
	}
	if pos < len(b) {
		if !add(pos, len(b)) {
			return false
		}
	}
	return flush()
}

// maybeNotebook is looksLikeNotebook for any path: with a path ending in
// .ipynb, any JSON object is decoded, and its strings, joined, may spell a
// keyword that b does not.
func maybeNotebook(b []byte) bool {
	return looksLikeNotebook("x.ipynb", b)
}

func (e *Engine) hasKeyword(b []byte) bool { return e.hasKeywordIn(b, 0, len(b)) }

// windowKeyword is hasKeywordIn for an edit window: most windows hold no
// keyword's first two bytes, which pairAt alone shows (the automaton is
// set up only for a window that does, from there on).
func (e *Engine) windowKeyword(b []byte, lo, hi int) bool {
	if e.pf.pairs != nil {
		if lo = e.pf.pairAt(b, lo, hi); lo == hi {
			return false
		}
	}
	return e.hasKeywordIn(b, lo, hi)
}

// hasKeywordIn is hasKeyword(b[lo:hi]), reading on past hi (faster: see
// pairAt).
func (e *Engine) hasKeywordIn(b []byte, lo, hi int) bool {
	found := false
	e.pf.scanRange(b, lo, hi, func(int) bool {
		found = true
		return false
	})
	return found
}
