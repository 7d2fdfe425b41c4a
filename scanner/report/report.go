// Package report holds the report model shared by every output format and
// one writer per format (text, json, sarif, junit, markdown).
//
// Writers never print a raw secret unless Options.ShowSecrets is set:
// finding.Secret marshals redacted, and writers that need the raw value call
// Secret.Display(opts.ShowSecrets).
package report

import (
	"github.com/aaiguard/aaiguard/scanner/checklist"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// Report is what one aaiguard run produced.
type Report struct {
	Tool      Tool               `json:"tool"`
	Findings  []finding.Finding  `json:"findings"`
	Checklist []checklist.Result `json:"checklist,omitempty"`
	Summary   *Summary           `json:"summary,omitempty"`
}

// Tool identifies aaiguard in reports.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary says what was scanned, what was skipped and what went wrong. A
// report with Errors is incomplete and the run exits 2.
type Summary struct {
	Command       string   `json:"command"`
	FilesScanned  int      `json:"filesScanned"`
	BytesScanned  int64    `json:"bytesScanned"`
	SkippedBinary int      `json:"skippedBinary"`
	SkippedLarge  []Skip   `json:"skippedLarge,omitempty"`
	Commits       int      `json:"commits,omitempty"`
	Blobs         int      `json:"blobs,omitempty"`
	Shallow       bool     `json:"shallow,omitempty"`
	Notes         []string `json:"notes,omitempty"`
	Errors        []string `json:"errors,omitempty"`
	Baselined     int      `json:"baselined,omitempty"`
	DurationMS    int64    `json:"durationMs"`
}

// Skip is a file (or blob) that was not scanned, and why.
type Skip struct {
	Path   string `json:"path"`
	Size   int64  `json:"size,omitempty"`
	Reason string `json:"reason"`
}

// Options control how a report is written.
type Options struct {
	ShowSecrets bool
	Color       bool
	// Root is the scanned root as the user named it, for text headers.
	Root string
}
