package githook

import (
	"strings"
)

// Script returns the hook script of the given kind. binary is the aaiguard
// executable to prefer ("" to use the one on PATH); install is the command
// that installs aaiguard again, for the message when it cannot be found
// ("" for a generic one).
//
// The scripts are POSIX sh (git runs hooks with sh on every platform,
// including Git for Windows). They fail closed: when aaiguard cannot be
// found, the commit or push is refused with a message saying how to skip
// the check once (--no-verify), rather than passing silently. On success
// they print nothing (aaiguard runs with --quiet) unless
// AAIGUARD_HOOK_VERBOSE is set: a hook that talks on every commit teaches
// people to stop reading it.
func Script(kind Kind, binary, install string) string {
	body := preCommitBody
	if kind == PrePush {
		body = prePushBody
	}
	if install == "" {
		install = "go install github.com/aaiguard/aaiguard/cmd/aaiguard@<version>, or go install ./cmd/aaiguard in a checkout"
	}
	where := "on PATH"
	if binary != "" {
		where = "at " + binary + " or on PATH"
	}
	r := strings.NewReplacer(
		"@KIND@", string(kind),
		"@WHERE@", dquoteEscape(where),
		"@MARKER@", marker+" "+string(kind),
		"@BINARY@", shellQuote(binary),
		"@CHAINED@", string(kind)+ChainedSuffix,
		"@INSTALL@", dquoteEscape(install),
	)
	return r.Replace(header + findBinary + body)
}

// dquoteEscape escapes s for use inside a double-quoted sh string.
func dquoteEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s)
}

// shellQuote quotes s for sh in single quotes.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

const header = `#!/bin/sh
@MARKER@
# Installed by "aaiguard install-hook"; "aaiguard uninstall-hook" removes it
# and puts back the hook it replaced, if any (@CHAINED@).
hooks_dir=$(dirname -- "$0")
chained="$hooks_dir/@CHAINED@"
`

const findBinary = `aaiguard=@BINARY@
if [ -z "$aaiguard" ] || [ ! -x "$aaiguard" ]; then
	if ! aaiguard=$(command -v aaiguard); then
		echo "aaiguard @KIND@ hook: the aaiguard command was not found (looked @WHERE@)." >&2
		echo "Install it (@INSTALL@), or skip this check once with --no-verify." >&2
		exit 1
	fi
fi
quiet=--quiet
[ -z "${AAIGUARD_HOOK_VERBOSE:-}" ] || quiet=
`

// The pre-commit hook runs the chained hook first (it may reformat and
// re-stage files), then scans what is staged: exactly what will be
// committed.
const preCommitBody = `# Refuses a commit whose staged changes contain an AssemblyAI API key.
# Skip it once with: git commit --no-verify
if [ -x "$chained" ]; then
	"$chained" "$@" || exit $?
fi
exec "$aaiguard" staged $quiet
`

// The pre-push hook reads git's ref lines ("<local ref> <local sha>
// <remote ref> <remote sha>") once, hands them to the chained hook, and
// scans the commits each pushed ref adds: remote..local for an update; for
// a new branch, from its merge base with the remote's default branch when
// there is one, else the branch's whole history. Deletions push no
// content.
const prePushBody = `# Refuses a push whose new commits contain an AssemblyAI API key.
# Skip it once with: git push --no-verify
remote="$1"
input=$(cat)
if [ -x "$chained" ]; then
	printf '%s\n' "$input" | "$chained" "$@" || exit $?
fi
status=0
while read -r local_ref local_sha remote_ref remote_sha; do
	[ -n "$local_sha" ] || continue
	case $local_sha in *[!0]*) ;; *) continue ;; esac
	case $remote_sha in
	*[!0]*)
		"$aaiguard" history $quiet --range "$remote_sha..$local_sha" || status=$?
		;;
	*)
		base=$(git merge-base "$local_sha" "refs/remotes/$remote/HEAD" 2>/dev/null || true)
		if [ -n "$base" ]; then
			"$aaiguard" history $quiet --range "$base..$local_sha" || status=$?
		else
			"$aaiguard" history $quiet --branch "$local_sha" || status=$?
		fi
		;;
	esac
done <<REFS
$input
REFS
exit $status
`
