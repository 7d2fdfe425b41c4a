package checklist

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

// MaxEvidence caps the evidence lines of one result.
const MaxEvidence = 20

// Input is everything a run learned that bears on the checklist.
type Input struct {
	// Findings are the run's findings (after baseline filtering: a finding
	// the user has accepted does not fail its item).
	Findings []finding.Finding
	// Baselined are the findings --baseline hid; they are counted in the
	// reason, not graded.
	Baselined []finding.Finding
	// Evidence is positive evidence by checklist id, "path:line: what".
	Evidence map[string][]string
	// Usage lists where AssemblyAI is used at all, "path:line: what".
	Usage []string
	// Unknown holds, by checklist id, why a stage could not judge an item
	// ("no CI configuration found"); it words the reason of an unknown
	// result.
	Unknown map[string]string
	// HistoryGap says why the git history was not checked for keys
	// ("the history was not scanned"); empty when it was, or when there is
	// no history. env-key cannot pass with a gap.
	HistoryGap string
	// Doubt holds, by checklist id, why the item cannot pass even when its
	// evidence is there and nothing failed: its evidence was not read whole
	// (a file over --max-file-size, a binary file) or the configuration
	// switched its rules off. The item is unknown instead, with this
	// reason. DoubtAll applies to every item.
	Doubt    map[string]string
	DoubtAll string
}

// passReasons say what a pass means, per item.
var passReasons = map[string]string{
	catalog.EnvKey:        "AssemblyAI is used, no hard-coded key was found in the work tree or the git history, and the key is read from the environment",
	catalog.GitignoreEnv:  ".env, .env.local and .env.*.local are ignored and no env file is committed",
	catalog.SeparateKeys:  "every environment whose key aaiguard can see has its own",
	catalog.BrowserTokens: "streaming uses temporary tokens minted on the server, and no raw key reaches browser code",
	catalog.PIIRedaction:  "transcription requests enable redact_pii with explicit policies",
	catalog.Retention:     "transcripts are deleted after use",
	catalog.ContentSafety: "transcription requests enable content_safety",
	catalog.WebhookAuth:   "transcription requests with a webhook_url set an auth header",
	catalog.CISecrets:     "CI takes the AssemblyAI key from the platform's secret store",
}

// unknownReasons say why an item with no findings and no evidence cannot
// be judged, when no stage said more precisely.
var unknownReasons = map[string]string{
	catalog.EnvKey:        "AssemblyAI is used, but no code or ignored env file that supplies the key from the environment was found",
	catalog.GitignoreEnv:  "the repository's ignore rules could not be judged",
	catalog.SeparateKeys:  "no per-environment keys to compare",
	catalog.BrowserTokens: "no browser streaming and no temporary-token flow found: nothing to judge",
	catalog.PIIRedaction:  "nothing to judge: no transcription request with redact_pii was found, and no rule reported one without it",
	catalog.Retention:     "nothing to judge: no transcript deletion was found, and no rule reported transcription code without one",
	catalog.ContentSafety: "nothing to judge: no transcription request with content_safety was found, and no rule reported one without it (content safety matters for user-generated audio)",
	catalog.WebhookAuth:   "no transcription request with a webhook_url: not applicable",
	catalog.CISecrets:     "no CI configuration that uses an AssemblyAI key was found",
}

const noUsage = "no AssemblyAI usage found (no SDK import, API host, key or key variable): nothing to judge"

// Grade grades the nine checklist items, in catalog.Items() order:
//
//   - fail: the item has a finding of error severity (high, critical);
//   - warn: it has findings, all warnings (medium, low);
//   - pass: no findings, and the positive evidence the item needs is
//     there (for env-key also: AssemblyAI is used and the history was
//     checked);
//   - unknown: no findings and no evidence: not applicable or nothing to
//     judge; Reason says which.
func Grade(in Input) []Result {
	// Env file hygiene is judged for every repository; the other items
	// only where AssemblyAI is used: a usage line, or a finding or
	// evidence of an AssemblyAI item.
	used := len(in.Usage) > 0
	for _, f := range in.Findings {
		if f.Checklist != catalog.GitignoreEnv {
			used = true
		}
	}
	for id, ev := range in.Evidence {
		if id != catalog.GitignoreEnv && len(ev) > 0 {
			used = true
		}
	}
	out := make([]Result, 0, len(catalog.Items()))
	for _, item := range catalog.Items() {
		r := Result{ID: item.ID, Title: item.Title, Remediation: item.Remediation}
		var ruleIDs []string
		for _, f := range in.Findings {
			if f.Checklist != item.ID {
				continue
			}
			r.Findings++
			if f.Severity.IsError() {
				r.Errors++
			} else {
				r.Warnings++
			}
			if !slices.Contains(ruleIDs, f.Rule) {
				ruleIDs = append(ruleIDs, f.Rule)
			}
		}
		for _, f := range in.Baselined {
			if f.Checklist == item.ID {
				r.Baselined++
			}
		}
		slices.Sort(ruleIDs)
		r.Rules = ruleIDs
		r.Evidence = evidence(in.Evidence[item.ID])
		switch {
		case r.Errors > 0:
			r.Status = Fail
			r.Reason = fmt.Sprintf("%d error%s", r.Errors, plural(r.Errors))
			if r.Warnings > 0 {
				r.Reason += fmt.Sprintf(" and %d warning%s", r.Warnings, plural(r.Warnings))
			}
			r.Reason += " (" + strings.Join(ruleIDs, ", ") + ")"
		case r.Warnings > 0:
			r.Status = Warn
			r.Reason = fmt.Sprintf("%d warning%s, no errors (%s)", r.Warnings, plural(r.Warnings), strings.Join(ruleIDs, ", "))
		case len(r.Evidence) > 0 && item.ID == catalog.EnvKey && in.HistoryGap != "":
			r.Status = Unknown
			r.Reason = "no hard-coded key in the work tree and the key is read from the environment, but " + in.HistoryGap
			if d := doubt(in, item.ID); d != "" {
				r.Reason += "; and " + d
			}
		case len(r.Evidence) > 0 && doubt(in, item.ID) != "":
			r.Status = Unknown
			r.Reason = "cannot pass: " + doubt(in, item.ID)
		case len(r.Evidence) > 0:
			r.Status = Pass
			r.Reason = passReasons[item.ID]
		default:
			r.Status = Unknown
			switch {
			case doubt(in, item.ID) != "" && !used && item.ID != catalog.GitignoreEnv:
				r.Reason = noUsage + "; and " + doubt(in, item.ID)
			case doubt(in, item.ID) != "":
				r.Reason = doubt(in, item.ID)
			case in.Unknown[item.ID] != "":
				r.Reason = in.Unknown[item.ID]
			case !used && item.ID != catalog.GitignoreEnv:
				r.Reason = noUsage
			default:
				r.Reason = unknownReasons[item.ID]
			}
		}
		if r.Baselined > 0 {
			r.Reason += fmt.Sprintf("; %d finding%s accepted in the baseline", r.Baselined, plural(r.Baselined))
		}
		out = append(out, r)
	}
	return out
}

// doubt is why item cannot pass, or "".
func doubt(in Input, item string) string {
	var why []string
	if in.DoubtAll != "" {
		why = append(why, in.DoubtAll)
	}
	if d := in.Doubt[item]; d != "" {
		why = append(why, d)
	}
	return strings.Join(why, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// evidence sorts (by path, then line as a number) and deduplicates lines,
// and caps them at MaxEvidence.
func evidence(lines []string) []string {
	if len(lines) == 0 {
		return nil
	}
	ev := slices.Clone(lines)
	slices.SortFunc(ev, func(a, b string) int {
		pa, la, ra := splitEvidence(a)
		pb, lb, rb := splitEvidence(b)
		if c := strings.Compare(pa, pb); c != 0 {
			return c
		}
		if la != lb {
			return la - lb
		}
		return strings.Compare(ra, rb)
	})
	ev = slices.Compact(ev)
	if len(ev) > MaxEvidence {
		more := len(ev) - (MaxEvidence - 1)
		ev = append(ev[:MaxEvidence-1], fmt.Sprintf("… and %d more", more))
	}
	return ev
}

// splitEvidence splits "path:line: what" (a path may itself hold colons on
// some systems, so the line is the last number before ": ").
func splitEvidence(s string) (string, int, string) {
	i := strings.Index(s, ": ")
	if i < 0 {
		return s, 0, ""
	}
	head, rest := s[:i], s[i+2:]
	j := strings.LastIndexByte(head, ':')
	if j < 0 {
		return head, 0, rest
	}
	n, err := strconv.Atoi(head[j+1:])
	if err != nil {
		return head, 0, rest
	}
	return head[:j], n, rest
}
