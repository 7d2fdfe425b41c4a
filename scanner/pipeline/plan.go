package pipeline

// stage is one named step of a plan. A stage reads and writes fields of
// the Run; an error it returns is recorded (the report is incomplete) and
// the next stage runs, unless the error is fatal or a UsageError.
type stage struct {
	name string
	run  func(*Run) error
}

// plans is what each command does, in order. This table is the whole
// answer to "what does aaiguard check do?".
//
// Order matters where a stage uses what an earlier one found:
//   - the work tree pass reads each file once and hands the code rules and
//     hygiene what they need (Run.files);
//   - "history" reads the history before the work tree, which (with
//     --cache) skips the files that still hold blobs it proved clean;
//     "history findings" reports it after the work tree, so that the
//     report lists the work tree's findings and notes first;
//   - "fold history" runs after every source, "duplicates" after the Go
//     analyzers and the secret engine, "content safety" and "retention"
//     after every check that finds transcription requests or deletions;
//   - "key advice" words each key's remediation for where it was found,
//     after "fold history" has joined work-tree keys to their commits;
//   - "baseline" hides known findings before --verify sends anything and
//     before the checklist grades;
//   - "verify" runs before the checklist, which must see a live key's
//     critical severity.
func plans() map[Command][]stage {
	return map[Command][]stage{
		CommandScan: {
			{"verify options", checkVerifyOptions},
			{"work tree", scanWorkTree},
			{"go analyzers", runGoAnalyzers},
			{"code rules", addCodeRules},
			{"hygiene", runHygiene},
			{"duplicates", dropDuplicateKeys},
			{"content safety", applyContentSafety},
			{"retention", judgeRetention},
			{"key advice", adviseKeys},
			{"baseline", applyBaseline},
			{"verify", verifyKeys},
		},
		CommandCheck: {
			{"verify options", checkVerifyOptions},
			{"history", scanHistory},
			{"work tree", scanWorkTree},
			{"history findings", reportHistory},
			{"go analyzers", runGoAnalyzers},
			{"code rules", addCodeRules},
			{"hygiene", runHygiene},
			{"fold history", foldHistory},
			{"duplicates", dropDuplicateKeys},
			{"content safety", applyContentSafety},
			{"retention", judgeRetention},
			{"key advice", adviseKeys},
			{"baseline", applyBaseline},
			{"verify", verifyKeys},
			{"checklist", gradeChecklist},
		},
		CommandHistory: {
			{"verify options", checkVerifyOptions},
			{"history", scanHistory},
			{"history findings", reportHistory},
			{"key advice", adviseKeys},
			{"baseline", applyBaseline},
			{"verify", verifyKeys},
		},
		CommandStaged: {
			{"verify options", checkVerifyOptions},
			{"staged", scanStaged},
			{"content safety", applyContentSafety},
			{"key advice", adviseKeys},
			{"baseline", applyBaseline},
			{"verify", verifyKeys},
		},
	}
}
