package history

// PassStats exposes how the full pass saved work.
func PassStats(r *Result) (blobEdits, entriesCopied, entriesParsed int) {
	return r.stats.blobEdits, r.stats.entriesCopied, r.stats.entriesParsed
}
