package detect

// Placeholder reports whether a candidate secret is shaped like a stand-in
// rather than a key (one repeated character, a run, a short period, a
// placeholder word, too few digits or letters): the engine's own test, for
// the code rules that judge key literals.
func Placeholder(s []byte) bool { return placeholder(s) }
