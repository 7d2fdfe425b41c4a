package gitobj

// index is DB.Index(h) for the object h at position pos of pack plan pl:
// its entry number in that pack (offset by the packs before it) unless an
// earlier pack has it too, which DB.Index would name instead. The history
// pass numbers every blob and tree it visits (591k lookups of the hash
// table, each a cache miss or two, on tldr).
func (w *walkWorker) index(pl *packPlan, pos uint32, h Hash) int {
	base := 0
	for _, p := range w.db.packs[:pl.pi] {
		if e := p.find(h); e >= 0 {
			return base + e
		}
		base += p.n
	}
	return base + int(pl.order[pos])
}
