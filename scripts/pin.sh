#!/usr/bin/env bash
# Pins every install and integration snippet to one commit of aaiguard:
#
#   scripts/pin.sh COMMIT [TAG]
#
# COMMIT is a commit of this repository (any form git rev-parse takes; the
# snippets get its full hash, which works wherever a repository is fetched
# at a commit: pre-commit's rev, the Action's uses, go install …@hash,
# golangci-lint's plugin version). TAG, once there is a release tag on that
# commit, is written beside the hash ("# v0.1.0"); without it the snippets
# say "# no release tag yet".
#
# Rewrites docs/examples/*, the README (which includes them verbatim, and
# the install and golangci-lint snippets) and cmd/aaiguard/pin.go (the hint
# the git hook prints when aaiguard is missing). TestSnippetsPinned checks
# that they agree, that the commit is in this repository's history, and
# that the integrations (action.yml, .pre-commit-hooks.yaml, the Action's
# scripts) are the same there as here, so pin a commit that has them:
# after changing one of them, commit, then pin that commit.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] && [ $# -le 2 ] || {
	sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}
new=$(git rev-parse --verify "$1^{commit}")
tag=${2:-}
if [ -n "$tag" ]; then
	[ "$(git rev-parse --verify "$tag^{commit}" 2>/dev/null)" = "$new" ] || {
		echo "pin: tag $tag does not point at $new" >&2
		exit 2
	}
	comment="# $tag"
else
	comment="# no release tag yet"
fi
old=$(sed -n 's/^const pinnedCommit = "\([0-9a-f]\{40\}\)"$/\1/p' cmd/aaiguard/pin.go)
[ -n "$old" ] || {
	echo "pin: no pinnedCommit in cmd/aaiguard/pin.go" >&2
	exit 1
}
files=(README.md docs/examples/*.yml docs/examples/*.yaml docs/examples/*.sh cmd/aaiguard/pin.go)
for f in "${files[@]}"; do
	# The hash everywhere; the comment on the lines that carry it.
	sed -i -e "s/$old/$new/g" \
		-e "/$new/s/# \(no release tag yet\|v[0-9][0-9A-Za-z.+-]*\)\$/$comment/" "$f"
done
echo "pinned the snippets to $new ${comment#\# }"
git --no-pager diff --stat -- "${files[@]}"
