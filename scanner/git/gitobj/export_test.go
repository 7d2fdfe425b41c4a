package gitobj

// SetPlanSplitMin sets planSplitMin and returns a function that restores
// it.
func SetPlanSplitMin(n int) func() {
	old := planSplitMin
	planSplitMin = n
	return func() { planSplitMin = old }
}
