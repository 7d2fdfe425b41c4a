// Package baseline hides findings that are already known. A baseline is a
// previous JSON report; findings are matched by their content fingerprint
// (rule + path + hash of the secret), so line shifts, rebases and squashes
// do not bring them back, while a different secret on a known line does.
package baseline

import (
	"fmt"
	"os"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/report"
)

// Baseline is a set of known fingerprints.
type Baseline struct {
	known map[string]bool
	used  map[string]bool
}

// Load reads a JSON report written by aaiguard.
func Load(path string) (*Baseline, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer fh.Close()
	rep, err := report.ReadJSON(fh)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	b := &Baseline{known: map[string]bool{}, used: map[string]bool{}}
	for i, f := range rep.Findings {
		if f.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: finding %d has no fingerprint", path, i+1)
		}
		b.known[f.Fingerprint] = true
	}
	return b, nil
}

// Filter returns the findings not in the baseline and how many were hidden.
func (b *Baseline) Filter(fs []finding.Finding) ([]finding.Finding, int) {
	kept, hidden := b.Split(fs)
	return kept, len(hidden)
}

// Split separates the findings not in the baseline from those it hides.
func (b *Baseline) Split(fs []finding.Finding) (kept, hidden []finding.Finding) {
	kept = make([]finding.Finding, 0, len(fs))
	for _, f := range fs {
		if b.known[f.Fingerprint] {
			b.used[f.Fingerprint] = true
			hidden = append(hidden, f)
			continue
		}
		kept = append(kept, f)
	}
	return kept, hidden
}

// Unused returns how many baseline entries matched nothing (fixed findings
// that can be dropped from the baseline).
func (b *Baseline) Unused() int { return len(b.known) - len(b.used) }
