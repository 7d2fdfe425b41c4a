package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/aaiguard/aaiguard/rules"
	"github.com/aaiguard/aaiguard/scanner/check/coderules"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/source/worktree"
)

func init() {
	for _, r := range coderules.Rules {
		codeRules = append(codeRules, CodeRule{ID: r.ID, Checklist: r.Checklist, Severity: string(r.Severity), Description: r.Description, Source: string(finding.SourceCode)})
	}
	registerStage(stage{name: "code rules", order: 40, commands: []string{"scan", "check"}, run: codeRulesStage})
	registerStage(stage{name: "retention", order: 85, commands: []string{"scan", "check"}, run: retentionStage})
}

// codeRulesState carries what the code rules stage found to the late
// retention stage.
type codeRulesState struct {
	transcribes []coderules.Loc
}

var codeRulesRuns sync.Map // *runCtx -> *codeRulesState

// codeRulesStage runs the JS/TS/Python/notebook code rules over the work
// tree's files, in parallel.
func codeRulesStage(rc *runCtx) error {
	var files []worktree.File
	var paths []string
	for _, f := range rc.tree.Files {
		paths = append(paths, f.Path)
		if !coderules.Relevant(f.Path) || rc.engine.PathAllowed(f.Path) {
			continue
		}
		if rc.maxSize > 0 && f.Size > rc.maxSize {
			continue // the work tree stage already notes skipped large files
		}
		files = append(files, f)
	}
	byPath := map[string]string{}
	for _, f := range rc.tree.Files {
		byPath[f.Path] = f.Abs
	}
	project := coderules.NewProject(paths, func(p string) ([]byte, error) { return worktree.ReadRegular(byPath[p], false, 1<<20) })
	checker := &coderules.Checker{Project: project, Tests: rc.app.opts.tests}

	type out struct {
		res *coderules.Result
		err error
	}
	results := make([]out, len(files))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(files) {
					return
				}
				data, err := worktree.ReadRegular(files[k].Abs, false, rc.maxSize)
				if err != nil {
					results[k] = out{err: fmt.Errorf("%s: %w", files[k].Path, err)}
					continue
				}
				results[k] = out{res: checker.Check(files[k].Path, data)}
			}
		}()
	}
	wg.Wait()

	state := &codeRulesState{}
	var syntaxErr []string
	for k, o := range results {
		if o.err != nil {
			// the work tree stage reports unreadable files
			continue
		}
		r := o.res
		p := files[k].Path
		if r.Unparsed != nil {
			if coderules.IsUnavailable(r.Unparsed) {
				return fmt.Errorf("%s: %w", p, r.Unparsed)
			}
			rc.note("code rules: %s could not be parsed (%v); its code was not fully checked", p, r.Unparsed)
		} else if r.SyntaxErrors > 0 {
			syntaxErr = append(syntaxErr, p)
		}
		rc.add(r.Findings...)
		for id, ev := range r.Evidence {
			rc.Evidence[id] = append(rc.Evidence[id], ev...)
		}
		rc.Usage = append(rc.Usage, r.Usage...)
		state.transcribes = append(state.transcribes, r.Transcribes...)
	}
	if len(syntaxErr) > 0 {
		shown := syntaxErr
		if len(shown) > 5 {
			shown = shown[:5]
		}
		more := ""
		if len(syntaxErr) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(syntaxErr)-len(shown))
		}
		rc.note("code rules: %d file(s) have syntax errors the parser recovered from; the rest of each was checked: %s%s", len(syntaxErr), strings.Join(shown, ", "), more)
	}
	codeRulesRuns.Store(rc, state)
	return nil
}

// retentionStage is the repository-level retention judgement. It runs
// after every other stage so that deletions found by any of them (the Go
// analyzers' Transcripts.Delete as well as the code rules') count: a
// repository that creates transcripts and has no retention evidence gets
// one warning.
func retentionStage(rc *runCtx) error {
	v, ok := codeRulesRuns.LoadAndDelete(rc)
	if !ok || len(rc.Evidence[rules.Retention]) > 0 {
		return nil
	}
	st := v.(*codeRulesState)
	locs := slices.Clone(st.transcribes)
	// Transcription requests seen by other stages (the Go analyzers report
	// PII and content-safety findings or evidence on them).
	for _, f := range rc.rep.Findings {
		if f.Source != finding.SourceCode && (f.Checklist == rules.PIIRedaction || f.Checklist == rules.ContentSafety) && f.File != "" {
			locs = append(locs, coderules.Loc{File: f.File, Line: f.Line})
		}
	}
	if len(locs) == 0 {
		return nil
	}
	slices.SortFunc(locs, func(a, b coderules.Loc) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	// One request may have several findings (go-redactpii and
	// go-contentsafety on the same call): count it once.
	locs = slices.Compact(locs)
	f := coderules.RetentionFinding(locs[0], len(locs))
	if rc.cfg.Disabled[f.Rule] {
		return nil
	}
	// Earlier stages' findings are grouped by file; insert after the last
	// one of the same file so that text reports keep one group per file.
	at := len(rc.rep.Findings)
	for i, g := range rc.rep.Findings {
		if g.File == f.File {
			at = i + 1
		}
	}
	rc.rep.Findings = slices.Insert(rc.rep.Findings, at, f)
	return nil
}
