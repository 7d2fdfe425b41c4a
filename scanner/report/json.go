package report

import (
	"encoding/json"
	"io"

	"github.com/aaiguard/aaiguard/scanner/checklist"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// jsonFinding overrides the secret with its display form, which is the
// raw value only under ShowSecrets. Embedding keeps every other field of
// finding.Finding in the output as it is added.
type jsonFinding struct {
	finding.Finding
	Secret string `json:"secret"`
}

// jsonReport fixes the order of the keys to the one in docs/DESIGN.md.
type jsonReport struct {
	Tool      Tool               `json:"tool"`
	Findings  []jsonFinding      `json:"findings"`
	Checklist []checklist.Result `json:"checklist,omitempty"`
	Summary   *Summary           `json:"summary,omitempty"`
}

// WriteJSON writes the report as one JSON object, the contract in
// docs/DESIGN.md: tool, findings (always an array), checklist (when
// graded) and summary. It is also the input of --baseline and merge.
func WriteJSON(w io.Writer, r *Report, opts Options) error {
	jr := jsonReport{Tool: r.Tool, Findings: make([]jsonFinding, len(r.Findings)), Checklist: r.Checklist, Summary: r.Summary}
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
