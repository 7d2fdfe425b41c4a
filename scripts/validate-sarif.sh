#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool (`validate`), with
# the SARIF rules and GitHub's code-scanning ingestion rules (--rule-kind
# "Sarif;Gh"), and fails on any error. Warnings are printed, not fatal.
#
#   scripts/validate-sarif.sh [FILE.sarif...]   default: every SARIF golden file
#   scripts/validate-sarif.sh --install-only    install, print the binary's path
#
# The Multitool comes from npm, pinned with an integrity hash by
# scripts/sarif-multitool/package-lock.json (@microsoft/sarif-multitool-linux
# or -darwin 5.7.0: a self-contained .NET executable, no .NET runtime needed,
# x86-64). It is installed once into a cache outside the repository
# ($AAIGUARD_TOOLS, default ~/.cache/aaiguard-tools) and runs offline.
# Needs node and npm; as root on Debian it installs them with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="${AAIGUARD_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/aaiguard-tools}"
mkdir -p "$tools"
pin=scripts/sarif-multitool
key=$(cat "$pin/package.json" "$pin/package-lock.json" | sha256sum | cut -c1-16)
dir="$tools/sarif-multitool-$key"

case "$(uname -s)/$(uname -m)" in
Linux/x86_64) platform=linux ;;
Darwin/*) platform=darwin ;;
*)
	echo "validate-sarif: the SARIF Multitool ships for Linux x86-64 and macOS only, not $(uname -s)/$(uname -m)" >&2
	exit 1
	;;
esac
bin="$dir/node_modules/@microsoft/sarif-multitool-$platform/Sarif.Multitool"

if [ ! -x "$bin" ]; then
	if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			echo "validate-sarif: installing nodejs and npm with apt-get" >&2
			{ apt-get install -y -q --no-install-recommends nodejs npm ||
				{ apt-get update -q && apt-get install -y -q --no-install-recommends nodejs npm; }; } >"$tools/apt-node.log" 2>&1 ||
				{ tail -n 30 "$tools/apt-node.log" >&2; echo "validate-sarif: apt-get install nodejs npm failed" >&2; exit 1; }
		else
			echo "validate-sarif: node and npm are needed to install the SARIF Multitool (apt-get install nodejs npm)" >&2
			exit 1
		fi
	fi
	mkdir -p "$dir"
	cp "$pin/package.json" "$pin/package-lock.json" "$dir/"
	# npm ci installs exactly the locked version and checks its hash; the
	# package's only install script is a chmod, done here instead.
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
	chmod u+x "$bin"
fi
# The executable looks for ICU at run time; invariant globalization makes
# it work on machines without libicu (it only reads JSON).
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

if [ "${1:-}" = --install-only ]; then
	echo "$bin"
	exit 0
fi

if [ $# -eq 0 ]; then
	set -- scanner/report/testdata/golden/*.sarif
fi
[ -e "$1" ] || { echo "validate-sarif: no SARIF files to validate ($1)" >&2; exit 1; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "validate-sarif: $("$bin" --version 2>&1 | head -n 1)"

# check FILE: validate one file; prints its verdict, returns 1 on errors.
check() {
	local f=$1 log
	log="$out/$(basename "$f").$RANDOM.validation.sarif"
	# The Multitool exits 0 even when it finds errors: its own SARIF log
	# is the verdict.
	if ! "$bin" validate "$f" --output "$log" --log ForceOverwrite --rule-kind "Sarif;Gh" >/dev/null; then
		echo "FAIL $f: the SARIF Multitool could not run" >&2
		return 1
	fi
	node - "$f" "$log" <<'JS'
const fs = require("fs");
const [file, logPath] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(logPath, "utf8"));
let errors = 0, warnings = 0;
const lines = [];
for (const run of log.runs || []) {
	// Results carry a message id and arguments; the text is in the rule.
	const rules = run.tool?.driver?.rules || [];
	const text = (r) => {
		const m = r.message || {};
		if (m.text) return m.text;
		const rule = rules.find((x) => x.id === r.ruleId) || rules[r.ruleIndex];
		const tpl = rule?.messageStrings?.[m.id]?.text;
		if (!tpl) return JSON.stringify(m);
		return tpl.replace(/\{(\d+)\}/g, (_, i) => (m.arguments || [])[i] ?? "");
	};
	const problems = [...(run.results || [])];
	for (const inv of run.invocations || []) {
		for (const n of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])]) {
			if (n.level === "error") problems.push({ level: "error", ruleId: "tool", message: n.message });
		}
		if (inv.executionSuccessful === false) problems.push({ level: "error", ruleId: "tool", message: { text: "validation did not complete" } });
	}
	for (const r of problems) {
		const level = r.level || "warning";
		if (level === "error") errors++;
		else if (level === "warning") warnings++;
		else continue;
		const region = r.locations?.[0]?.physicalLocation?.region;
		const at = region ? `:${region.startLine}` + (region.startColumn ? `:${region.startColumn}` : "") : "";
		lines.push(`  ${level} ${r.ruleId} at ${file}${at}: ${text(r)}`);
	}
}
console.log(`${errors ? "FAIL" : "ok  "} ${file}: ${errors} error(s), ${warnings} warning(s)`);
for (const l of lines) console.log(l);
process.exit(errors ? 1 : 0);
JS
}

# First prove that this check can fail: a copy of the first file with its
# first rule listed twice (what got gitleaks' SARIF rejected by GitHub)
# must be refused.
bad="$out/duplicate-rule.sarif"
node -e '
const fs = require("fs");
const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const rules = d.runs[0].tool.driver.rules || [];
rules.push(rules[0] || { id: "x", shortDescription: { text: "x" }, fullDescription: { text: "x" } }, rules[0] || { id: "x" });
d.runs[0].tool.driver.rules = rules;
fs.writeFileSync(process.argv[2], JSON.stringify(d));' "$1" "$bad"
if check "$bad" >/dev/null; then
	echo "validate-sarif: a SARIF file with a duplicated rule passed validation: this check cannot be trusted" >&2
	exit 1
fi

status=0
for f in "$@"; do
	check "$f" || status=1
done
exit $status
