package hygiene

import (
	"fmt"

	"github.com/aaiguard/aaiguard/scanner/check/vendored"
	"github.com/aaiguard/aaiguard/scanner/detect"
	"github.com/aaiguard/aaiguard/scanner/finding"
	"github.com/aaiguard/aaiguard/scanner/format/envfile"
)

// StagedEnvFile judges a file staged for the next commit the way
// GitignoreEnv judges a committed one, for the pre-commit hook: an env file
// (.env, .env.production, .env.local…) is an env-file-tracked finding,
// whatever .gitignore says (`git add -f` stages an ignored file), since
// committing it puts its values in every clone for good; a template
// (.env.example…) passes while its values are placeholders, and is a
// finding when it holds a key or a credential-like value. p is relative to
// the scanned root; content is the file as staged (nil when it was not
// read: too large or binary, then a template passes); inHead says whether
// HEAD already has the path (a committed env file staged again). ok is
// false when there is nothing to report.
func StagedEnvFile(e *detect.Engine, p string, content []byte, inHead bool) (f finding.Finding, ok bool) {
	if !envfile.IsDotenv(p) || vendored.Has(p) {
		return f, false
	}
	if envfile.IsTemplate(p) {
		if content == nil {
			return f, false
		}
		line, why := realValue(Input{Engine: e}, p, content, envfile.Parse(content))
		if line < 0 {
			return f, false
		}
		f = newFinding(RuleEnvFileTracked, p, line,
			fmt.Sprintf("env template %s is staged for commit and holds %s: templates must hold placeholders only; replace the value (git add it again) and rotate the key", p, why))
		f.Source = finding.SourceStaged
		mark(&f, p+"\x00template")
		return f, true
	}
	msg := fmt.Sprintf("%s is staged for commit: env files hold secrets and a commit keeps them in every clone; unstage it (git rm --cached %s), add it to .gitignore (aaiguard fix gitignore), and commit a template with placeholders instead (.env.example)", p, p)
	if inHead {
		msg = fmt.Sprintf("%s is committed already and staged again: each commit of an env file keeps its values in every clone; untrack it (git rm --cached %s), add it to .gitignore, and rotate any key it held", p, p)
	}
	f = newFinding(RuleEnvFileTracked, p, 0, msg)
	f.Source = finding.SourceStaged
	mark(&f, p)
	return f, true
}
