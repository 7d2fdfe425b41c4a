package report

import (
	"encoding/json"
	"io"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// jsonFinding overrides the secret with its display form, which is the
// raw value only under ShowSecrets.
type jsonFinding struct {
	finding.Finding
	Secret string `json:"secret"`
}

type jsonReport struct {
	Report
	Findings []jsonFinding `json:"findings"`
}

// WriteJSON writes the report as one JSON object (docs/DESIGN.md contract).
func WriteJSON(w io.Writer, r *Report, opts Options) error {
	jr := jsonReport{Report: *r, Findings: make([]jsonFinding, len(r.Findings))}
	for i, f := range r.Findings {
		jr.Findings[i] = jsonFinding{Finding: f, Secret: f.Secret.Display(opts.ShowSecrets)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jr)
}

// ReadJSON reads a report written by WriteJSON (a baseline, or a shard for
// merge). Secrets in it are display text, never raw values.
func ReadJSON(r io.Reader) (*Report, error) {
	var rep Report
	dec := json.NewDecoder(r)
	if err := dec.Decode(&rep); err != nil {
		return nil, err
	}
	return &rep, nil
}
