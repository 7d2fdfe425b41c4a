package pipeline

import (
	"fmt"

	"github.com/aaiguard/aaiguard/internal/regularfile"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/check/goanalysis"
	"github.com/aaiguard/aaiguard/scanner/detect"
)

// runGoAnalyzers runs the typed Go stage (scanner/check/goanalysis) and
// copies what it found into the run. The Go files it could not type-check
// (a missing module, a package that needs cgo) get the syntactic Go rules
// instead, through the code-rules stage that follows; files outside any
// module were already given them by the work-tree pass.
func runGoAnalyzers(r *Run) error {
	files := make([]goanalysis.File, len(r.tree.Files))
	for i, f := range r.tree.Files {
		files[i] = goanalysis.File{Path: f.Path, Abs: f.Abs}
	}
	in := goanalysis.Input{
		Root: r.tree.Root, Files: files, Allowlisted: r.engine.PathAllowed,
		Tests: r.opts.Tests, Download: r.opts.GoDownload, SyntacticFallback: true,
		Progress: func(p goanalysis.Progress) {
			if p.Total > 0 {
				r.obs.Progress("go analyzers", int64(p.Done), int64(p.Total), "modules")
			}
		},
	}
	res := goanalysis.Run(r.ctx, in)
	r.add(res.Findings...)
	r.addEvidence(res.Evidence, res.Usage, nil)
	for _, n := range res.Notes {
		r.note("%s", n)
	}
	for _, err := range res.Errors {
		r.fail(err)
	}
	syntacticFallback(r, res.Untyped)
	return nil
}

// syntacticFallback hands the Go files the typed stage could not check to
// the syntactic Go rules: their results join the work-tree pass's, so the
// code-rules stage records them with the rest.
func syntacticFallback(r *Run, untyped []goanalysis.File) {
	tf := r.files
	if tf == nil || tf.checker == nil {
		return
	}
	var replaced []string
	for _, f := range untyped {
		if _, done := tf.code[f.Path]; done || r.engine.PathAllowed(f.Path) {
			continue // outside any module: judged by the work-tree pass
		}
		src, err := regularfile.Read(f.Abs, false, detect.LargeText)
		if err != nil {
			// Neither typed nor syntactic rules read it: never a silent pass.
			r.fail(fmt.Errorf("go: %s: not checked: %w", f.Path, err))
			continue
		}
		tf.code[f.Path] = tf.checker.CheckGo(f.Path, src)
		tf.order = append(tf.order, f.Path)
		replaced = append(replaced, f.Path)
	}
	if len(replaced) > 0 {
		r.note("%s", coderules.GoNote(replaced, "the typed Go analysis could not load them"))
	}
}
