package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/checklist"
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
// merge). Secrets in it are display text, never raw values. Anything else
// is an error that says what is wrong and, for malformed JSON, on which
// line: not JSON, JSON that is not an aaiguard report (a SARIF file given
// by mistake), a report without a findings array, or trailing data.
func ReadJSON(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var probe struct {
		Tool     *Tool            `json:"tool"`
		Findings *json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, jsonError(data, err)
	}
	if probe.Tool == nil || probe.Tool.Name != "aaiguard" {
		name := ""
		if probe.Tool != nil {
			name = probe.Tool.Name
		}
		return nil, fmt.Errorf("not an aaiguard JSON report (tool.name is %q; write one with --format json)", name)
	}
	if probe.Findings == nil || string(bytes.TrimSpace(*probe.Findings)) == "null" {
		return nil, errors.New("not an aaiguard JSON report: no findings array")
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, jsonError(data, err)
	}
	return &rep, nil
}

// jsonError turns a decoding error into one line naming the line of data
// where it happened.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: not valid JSON: %v", lineAt(data, se.Offset), se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Errorf("line %d: not an aaiguard JSON report: %s is a JSON %s, want %s", lineAt(data, te.Offset), field, te.Value, te.Type)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || len(bytes.TrimSpace(data)) == 0 {
		return errors.New("not valid JSON: the file is empty or cut short")
	}
	return fmt.Errorf("not an aaiguard JSON report: %v", err)
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
