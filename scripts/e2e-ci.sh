#!/usr/bin/env bash
# End-to-end test of the CI integrations, each run from the very text users
# copy:
#   - action.yml, run by scripts/ci/run-snippet.py the way a GitHub runner
#     runs a composite action (expressions, env, outputs, if conditions),
#     for a pull request that adds a key, a clean pull request whose base
#     history holds a key (incremental: not reported), and a manual run;
#   - docs/examples/gitlab-ci.yml, the job's script in bash as GitLab runs it,
#     for a merge request that adds a key and a clean one;
#   - docs/examples/ci.sh, the generic shell gate;
#   - aaiguard merge over reports of several repositories (the matrix
#     example's merge step), to JSON and SARIF.
# Every SARIF file produced is validated with the SARIF Multitool
# (scripts/validate-sarif.sh, from the report writers' branch).
e2e_name=e2e-ci
# shellcheck source=scripts/e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

py=/usr/bin/python3
"$py" -c 'import yaml' 2>/dev/null || {
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q --no-install-recommends python3-yaml >"$e2e_work/apt.log" 2>&1 ||
			{ apt-get update -q >>"$e2e_work/apt.log" 2>&1 &&
				apt-get install -y -q --no-install-recommends python3-yaml >>"$e2e_work/apt.log" 2>&1; } ||
			{ tail -n 30 "$e2e_work/apt.log" >&2; fail "apt-get install python3-yaml failed"; }
	else
		fail "python3 with PyYAML is needed (apt-get install python3-yaml)"
	fi
}
build_aaiguard "$e2e_work/bin"
export PATH="$e2e_work/bin:$PATH"
leak=$e2e_root/testdata/e2e/leaky_app.py
clean=$e2e_root/testdata/e2e/clean_app.py
sarifs=()

# A repository with a main branch and a key in main's history (removed
# since), and two topic branches: one adds a key, one is clean.
repo=$e2e_work/repo
git init -q "$repo"
cd "$repo"
cp "$clean" app.py
git add app.py
git commit -q -m base
cp "$leak" old.py
git add old.py
git commit -q -m "old leak"
git rm -q old.py
git commit -q -m "remove old leak"
base=$(git rev-parse HEAD)
git checkout -q -b leaky
cp "$leak" config.py
git add config.py
git commit -q -m "add config"
leaky_head=$(git rev-parse HEAD)
git checkout -q -b clean "$base"
printf 'x = 1\n' >util.py
git add util.py
git commit -q -m "add util"
clean_head=$(git rev-parse HEAD)

action() { # action HEAD CONTEXT_JSON: runs action.yml; its JSON result in $result, its log in $out
	git checkout -q "$1"
	rm -f aaiguard.sarif
	if ! result=$("$py" "$e2e_root/scripts/ci/run-snippet.py" action "$e2e_root" "$repo" "$2" 2>"$e2e_work/action.log"); then
		tail -n 40 "$e2e_work/action.log" >&2
		fail "scripts/ci/run-snippet.py could not run action.yml"
	fi
	out=$(cat "$e2e_work/action.log")
}
field() { "$py" -c 'import json,sys; r=json.loads(sys.argv[1]); print(eval(sys.argv[2], {}, {"r": r}))' "$result" "$1"; }
expect_field() { # expect_field EXPR WANT DESC
	local got
	got=$(field "$1")
	[ "$got" = "$2" ] || {
		printf '%s\n' "$out" | tail -n 40 >&2
		fail "$3: $1 is \"$got\", want \"$2\""
	}
}
upload_step='[s for s in r["steps"] if s["name"].startswith("Upload")][0]'
pr() { printf '{"github": {"event_name": "pull_request", "event": {"pull_request": {"base": {"sha": "%s"}, "head": {"sha": "%s"}}}}}' "$1" "$2"; }
manual='{"github": {"event_name": "workflow_dispatch"}}'

run 0 "every expression in action.yml" "$py" "$e2e_root/scripts/ci/run-snippet.py" check-action "$e2e_root"
has "expressions evaluated" "check-action"
pass "action.yml: every \${{ }} expression names a known input, step output or event field ($out)"

# The workflow users copy uses this action the way it must be used.
"$py" - "$e2e_root/docs/examples/github-workflow.yml" <<'PY' || fail "docs/examples/github-workflow.yml"
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
assert wf["permissions"]["security-events"] == "write", "upload-sarif needs security-events: write"
steps = wf["jobs"]["aaiguard"]["steps"]
checkout = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")][0]
assert checkout["with"]["fetch-depth"] == 0, "the history scan needs fetch-depth: 0"
assert any(s.get("uses", "").startswith("aaiguard/aaiguard@") for s in steps)
PY
pass "docs/examples/github-workflow.yml: full history, code-scanning permission, this action"

sarif_ok=false
have_format sarif && sarif_ok=true
junit_ok=false
have_format junit && junit_ok=true
range_ok=false
have_flag check --range && range_ok=true
history_ok=false
have_command history && history_ok=true
# why WHAT...: the reason a test needs, from what is missing.
why() {
	local r=()
	for w in "$@"; do
		case $w in
		sarif) $sarif_ok || r+=("the SARIF writer (branch reports)") ;;
		junit) $junit_ok || r+=("the JUnit writer (branch reports)") ;;
		range) $range_ok || r+=("check --range (issue 3, branch history)") ;;
		history) $history_ok || r+=("the history command (issue 3, branch history)") ;;
		esac
	done
	local IFS=';'
	echo "needs ${r[*]}" | sed 's/;/, /g'
}

# --- GitHub Action
if $sarif_ok; then
	action "$leaky_head" "$manual"
	expect_field 'r["result"]' failure "action, manual run with a key in the work tree"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, manual run"
	expect_field "$upload_step[\"with\"][\"sarif_file\"]" aaiguard.sarif "action: the SARIF upload step"
	expect_field "$upload_step[\"with\"][\"category\"]" aaiguard "action: the SARIF category"
	[ -s aaiguard.sarif ] && grep -q config.py aaiguard.sarif || fail "action: aaiguard.sarif lacks the finding"
	has "config.py" "action: the log shows the finding"
	cp aaiguard.sarif "$e2e_work/action-manual.sarif"
	sarifs+=("$e2e_work/action-manual.sarif")
	pass "action.yml: a key fails the job; the SARIF is written and handed to upload-sarif; the log shows the finding"

	action "$leaky_head" '{"inputs": {"fail-on-findings": "false", "upload-sarif": "false"}, "github": {"event_name": "workflow_dispatch"}}'
	expect_field 'r["result"]' success "action, fail-on-findings false"
	expect_field "$upload_step[\"outcome\"]" skipped "action, upload-sarif false"
	has "fail-on-findings is off" "action: the warning"
	pass "action.yml: inputs fail-on-findings and upload-sarif are honoured"
else
	not_run "action.yml runs: a key fails the job, SARIF upload, inputs" "$(why sarif)"
fi
if $sarif_ok && $range_ok; then
	action "$leaky_head" "$(pr "$base" "$leaky_head")"
	expect_field 'r["result"]' failure "action, pull request adding a key"
	expect_field 'r["outputs"]["exit-code"]' 1 "action, pull request adding a key"
	grep -q config.py aaiguard.sarif || fail "action: the pull request's SARIF lacks the finding"
	grep -q old.py aaiguard.sarif && fail "action: the pull request scan reported the base branch's history (not incremental)"
	cp aaiguard.sarif "$e2e_work/action-pr.sarif"
	sarifs+=("$e2e_work/action-pr.sarif")
	action "$clean_head" "$(pr "$base" "$clean_head")"
	expect_field 'r["result"]' success "action, clean pull request whose base history holds a key"
	expect_field 'r["outputs"]["exit-code"]' 0 "action, clean pull request"
	pass "action.yml on pull requests: only the added history is scanned (--range base..head)"
else
	not_run "action.yml on pull requests (--range base..head)" "$(why sarif range)"
fi
if $sarif_ok && $history_ok; then
	action "$clean_head" "$manual"
	expect_field 'r["result"]' failure "action, manual run with a key in the history only"
	grep -q old.py aaiguard.sarif || fail "action: the full scan's SARIF lacks the history finding"
	pass "action.yml, manual run: the whole history is scanned"
else
	not_run "action.yml, manual run: the whole history is scanned" "$(why sarif history)"
fi

# --- GitLab CI: the job's script, with the variables of a pipeline.
gitlab() { # gitlab WANT HEAD [MR BASE]
	git checkout -q "$2"
	rm -f aaiguard.json aaiguard.sarif aaiguard-junit.xml
	run "$1" "gitlab job" env CI_COMMIT_SHA="$2" CI_MERGE_REQUEST_DIFF_BASE_SHA="${3:-}" \
		"$py" "$e2e_root/scripts/ci/run-snippet.py" gitlab "$e2e_root/docs/examples/gitlab-ci.yml" aaiguard "$repo"
}
if $sarif_ok && $junit_ok; then
	gitlab 1 "$leaky_head"
	has "config.py" "gitlab: the log shows the finding"
	grep -q config.py aaiguard-junit.xml || fail "gitlab: the JUnit report lacks the finding"
	cp aaiguard.sarif "$e2e_work/gitlab.sarif"
	sarifs+=("$e2e_work/gitlab.sarif")
	pass "docs/examples/gitlab-ci.yml: a key fails the job, with JUnit, SARIF and JSON artifacts"
else
	not_run "docs/examples/gitlab-ci.yml runs" "$(why sarif junit)"
fi
if $sarif_ok && $junit_ok && $range_ok; then
	gitlab 1 "$leaky_head" "$base"
	gitlab 0 "$clean_head" "$base"
	pass "docs/examples/gitlab-ci.yml in merge requests: only the added history is scanned"
else
	not_run "docs/examples/gitlab-ci.yml in merge requests (--range)" "$(why sarif junit range)"
fi

# --- The generic shell gate.
if $sarif_ok && $junit_ok; then
	git checkout -q "$leaky_head"
	rm -rf "$e2e_work/ci-reports"
	run 1 "ci.sh with a key in the work tree" env AAIGUARD_REPORTS="$e2e_work/ci-reports" sh "$e2e_root/docs/examples/ci.sh"
	[ -s "$e2e_work/ci-reports/aaiguard.sarif" ] && [ -s "$e2e_work/ci-reports/aaiguard-junit.xml" ] || fail "ci.sh: reports missing"
	pass "docs/examples/ci.sh: exit 1 on a key, with SARIF and JUnit reports"
else
	not_run "docs/examples/ci.sh runs" "$(why sarif junit)"
fi
if $sarif_ok && $junit_ok && $range_ok && $history_ok; then
	git checkout -q "$leaky_head"
	run 1 "ci.sh, change adding a key" env AAIGUARD_BASE="$base" sh "$e2e_root/docs/examples/ci.sh"
	git checkout -q "$clean_head"
	run 0 "ci.sh, clean change" env AAIGUARD_BASE="$base" sh "$e2e_root/docs/examples/ci.sh"
	run 1 "ci.sh, whole history" sh "$e2e_root/docs/examples/ci.sh"
	pass "docs/examples/ci.sh with AAIGUARD_BASE: only the change's history; without: all of it"
else
	not_run "docs/examples/ci.sh with AAIGUARD_BASE (--range)" "$(why sarif junit range history)"
fi

# Scale-out: reports of several repositories merged into one.
mkdir -p "$e2e_work/reports"
for name in acme__api acme__web acme__docs; do
	r=$e2e_work/$name
	git init -q "$r"
	cp "$clean" "$r/app.py"
	want=0
	if [ "$name" != acme__docs ]; then
		cp "$leak" "$r/config.py"
		want=1
	fi
	git -C "$r" add -A
	git -C "$r" commit -q -m init
	run "$want" "scan $name" aaiguard check "$r" --format json --output "$e2e_work/reports/$name.json" --quiet
done
cd "$e2e_work"
run 1 "merge" aaiguard merge --prefix-paths reports/acme__api.json reports/acme__web.json reports/acme__docs.json --output org.json
"$py" - org.json <<'PY' || fail "merged JSON report"
import json, sys
rep = json.load(open(sys.argv[1]))
files = sorted({f["file"] for f in rep["findings"] if f["rule"] == "assemblyai-api-key"})
assert files == ["acme__api/config.py", "acme__web/config.py"], files
assert rep["summary"]["filesScanned"] >= 5, rep["summary"]
PY
pass "aaiguard merge: three repositories' reports into one JSON report"
if have_format sarif; then
	run 1 "merge to SARIF" aaiguard merge org.json --format sarif --output org.sarif
	"$py" - org.sarif <<'PY' || fail "merged SARIF report"
import json, sys
sarif = json.load(open(sys.argv[1]))
uris = sorted({l["physicalLocation"]["artifactLocation"]["uri"] for run in sarif["runs"] for res in run["results"] for l in res["locations"] if res["ruleId"] == "assemblyai-api-key"})
assert uris == ["acme__api/config.py", "acme__web/config.py"], uris
PY
	sarifs+=("$e2e_work/org.sarif")
	pass "aaiguard merge: the merged report as one SARIF file"
else
	not_run "aaiguard merge to SARIF" "needs the SARIF writer (branch reports)"
fi

# --verify through SARIF: a stub of AssemblyAI's API on loopback says the
# key is live; the finding becomes critical and the SARIF stays valid.
port_file=$e2e_work/stub.port
"$py" - "$port_file" <<'PY' &
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        live = self.path == "/v2/transcript?limit=1" and self.headers.get("Authorization") == "c5c5285779dea9a4833e676b2d04f46b"
        body = json.dumps({"page_details": {"limit": 1}, "transcripts": []} if live else {"error": "Authentication error"}).encode()
        self.send_response(200 if live else 401)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
# Serve for a minute at most, so that a failing test never leaves it behind.
import time
srv.timeout = 0.5
end = time.time() + 60
while time.time() < end:
    srv.handle_request()
PY
stub_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
[ -s "$port_file" ] || fail "the API stub did not start"
git -C "$repo" checkout -q "$leaky_head"
run 1 "check --verify against the stub" aaiguard scan "$repo" --verify --api-base-url "http://127.0.0.1:$(cat "$port_file")" --format json --output "$e2e_work/verified.json"
kill "$stub_pid"
wait "$stub_pid" 2>/dev/null || true
"$py" - "$e2e_work/verified.json" <<'PY' || fail "--verify: the live key is not critical"
import json, sys
rep = json.load(open(sys.argv[1]))
keys = [f for f in rep["findings"] if f["rule"] == "assemblyai-api-key"]
assert keys and all(f["severity"] == "critical" and f["verification"] == "live" for f in keys), keys
PY
if $sarif_ok; then
	run 1 "verified report to SARIF" aaiguard merge "$e2e_work/verified.json" --format sarif --output "$e2e_work/verified.sarif"
	grep -q '"verification": *"live"' "$e2e_work/verified.sarif" || fail "--verify: the SARIF result lacks verification live"
	sarifs+=("$e2e_work/verified.sarif")
fi
pass "--verify (against a loopback stub of the API): the live key is critical, in JSON and SARIF"

if [ "${#sarifs[@]}" = 0 ]; then
	not_run "SARIF Multitool validation" "no SARIF file was produced"
elif [ -x "$e2e_root/scripts/validate-sarif.sh" ]; then
	run 0 "SARIF Multitool validation (scripts/validate-sarif.sh)" "$e2e_root/scripts/validate-sarif.sh" "${sarifs[@]}"
	pass "the SARIF Multitool (SARIF and GitHub rules) finds no errors in the ${#sarifs[@]} SARIF files"
else
	not_run "SARIF Multitool validation" "needs scripts/validate-sarif.sh (branch reports)"
fi

e2e_done
