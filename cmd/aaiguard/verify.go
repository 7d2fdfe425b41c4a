package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/post/verify"
)

// verifyCommands are the commands where --verify applies.
var verifyCommands = []string{"scan", "check", "history", "staged"}

// verifiableRules are the rules whose secrets are AssemblyAI API keys and
// may therefore be sent to AssemblyAI. A key found by any other rule (a
// user's own rule for another vendor) is never sent anywhere; and even for
// these rules only key-shaped values are sent (package verify).
var verifiableRules = []string{"assemblyai-api-key"}

func init() {
	// Validate --api-base-url before any scanning work, so that a typo is
	// a usage error (exit 2) at once rather than after a long history scan.
	registerStage(stage{name: "verify options", order: 0, commands: verifyCommands, run: func(rc *runCtx) error {
		if !rc.app.opts.verify {
			return nil
		}
		if _, err := verify.ParseBaseURL(rc.app.opts.apiBaseURL); err != nil {
			return usageError("%v", err)
		}
		return nil
	}})
	// After every source and the merge/dedup stage (80), before the
	// checklist (90), which must see a live key's critical severity.
	registerStage(stage{name: "verify", order: 89, commands: verifyCommands, run: verifyStage})
}

func verifyStage(rc *runCtx) error {
	if !rc.app.opts.verify {
		return nil
	}
	v, err := verify.New(verify.Options{
		BaseURL:   rc.app.opts.apiBaseURL,
		UserAgent: "aaiguard/" + toolVersion(),
	})
	if err != nil {
		return usageError("%v", err)
	}
	ctx := rc.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	// Runs after the baseline stage: keys it hid are known and accepted,
	// and a key is sent nowhere without need.
	sum := v.Findings(ctx, rc.rep.Findings, func(f *finding.Finding) bool {
		return slices.Contains(verifiableRules, f.Rule)
	})
	rc.note("%s", verifyNote(sum, v.Base()))
	return nil
}

// verifyNote summarises --verify in one line. An unknown result is a note,
// never an error: with the network down the scan still completes and the
// exit code comes from the findings alone.
func verifyNote(s verify.Summary, base string) string {
	if s.Keys == 0 {
		return "--verify: no AssemblyAI key to check"
	}
	var parts []string
	if s.Live > 0 {
		parts = append(parts, fmt.Sprintf("%d live (rotate now)", s.Live))
	}
	if s.Invalid > 0 {
		parts = append(parts, fmt.Sprintf("%d rejected (revoked or invalid)", s.Invalid))
	}
	if s.Unknown > 0 {
		parts = append(parts, fmt.Sprintf("%d unknown: %s", s.Unknown, strings.Join(s.Reasons, ", ")))
	}
	keys := "keys"
	if s.Keys == 1 {
		keys = "key"
	}
	return fmt.Sprintf("--verify: %d %s checked with %s: %s", s.Keys, keys, base, strings.Join(parts, "; "))
}
