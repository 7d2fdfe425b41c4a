package coderules

import (
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/finding"
)

// RetentionFinding is the repository-level retention judgement: the
// repository creates transcripts (first is the first request seen) and
// nothing anywhere deletes them. Callers emit it only when no stage
// recorded deletion evidence.
func RetentionFinding(first Loc, requests int) finding.Finding {
	r := RuleByID(RetentionNoDelete)
	f := finding.Finding{Rule: r.ID, Checklist: r.Checklist, Severity: r.Severity, File: first.File, Line: first.Line,
		Source: finding.SourceCode,
		Message: fmt.Sprintf("%d transcription request(s) but no transcript is ever deleted: AssemblyAI keeps transcripts until you delete them. "+
			"Delete each transcript when you are done with it (transcripts.delete / Transcript.delete_by_id / DELETE /v2/transcript/{id}) "+
			"and run a scheduled job that deletes transcripts older than N days", requests)}
	// The evidence is the judgement itself, so the fingerprint stays put
	// while requests are added or moved within the file.
	f.Fingerprint = finding.Fingerprint(f.Rule, f.File, "no-transcript-deletion")
	return f
}
