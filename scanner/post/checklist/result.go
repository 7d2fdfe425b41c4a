// Package checklist grades a repository against the nine items of the
// AssemblyAI security checklist (catalog.Items()) from the findings and the
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
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	// Findings counts the findings of this item; Errors (high, critical)
	// and Warnings (medium, low) split it.
	Findings int `json:"findings"`
	Errors   int `json:"errors,omitempty"`
	Warnings int `json:"warnings,omitempty"`
	// Baselined counts the item's findings hidden by --baseline.
	Baselined int `json:"baselined,omitempty"`
	// Rules lists the rules behind the findings, sorted, so a report can
	// say what went wrong without repeating every finding.
	Rules []string `json:"rules,omitempty"`
	// Reason explains the status in one sentence (why unknown, what
	// evidence made it pass, what failed).
	Reason string `json:"reason,omitempty"`
	// Evidence lists what was seen that supports a pass, "path:line: what"
	// (e.g. "src/x.ts:12: API key read from process.env"), sorted; at most
	// MaxEvidence lines, the last one then saying how many more there were.
	Evidence []string `json:"evidence,omitempty"`
	// Remediation is the item's advice from catalog.Items() (writers may
	// leave it out for passing items).
	Remediation string `json:"remediation,omitempty"`
}
