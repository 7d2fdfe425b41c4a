// Package checklist grades a repository against the nine items of the
// AssemblyAI security checklist (rules.Checklist) from the findings and the
// positive evidence that the scanners collected.
package checklist

// Status is the grade of one checklist item.
type Status string

const (
	Pass    Status = "pass"
	Fail    Status = "fail"
	Warn    Status = "warn"
	Unknown Status = "unknown"
)

// Result is the grade of one checklist item, as it appears in reports.
type Result struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Status   Status `json:"status"`
	Findings int    `json:"findings"`
	// Reason explains the status in one sentence (why unknown, what
	// evidence made it pass).
	Reason string `json:"reason,omitempty"`
	// Evidence lists what was seen that supports a pass (e.g. "src/x.ts:12
	// reads the key from process.env").
	Evidence    []string `json:"evidence,omitempty"`
	Remediation string   `json:"remediation,omitempty"`
}
