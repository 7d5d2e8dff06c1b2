#!/usr/bin/env bash
# The long fault-injection run: tests/Cxmpute.Faults.Tests with CXMPUTE_FAULT_MINUTES (default 3) of silo kills, plus the
# storage outage, front-end kill and clock skew scenarios, each on its own processes and Azurite. Writes a report
# (report.md, report.json, one JSON per scenario, the test log) to artifacts/faults/<time>/ and prints report.md.
#
#   scripts/fault-run.sh [--minutes M] [--kill-interval S] [--pacing fixed|after-recovery]   (also: ./run.sh faults ...)
#
# --pacing fixed (default): a kill every S seconds whatever the cluster's state, as the issue asks; after-recovery: the
# next kill waits until every silo is ready again and awards are flowing (one failure at a time).
#
# Exit: 0 every scenario passed; 1 a scenario failed (the report says which and what it measured); 2 bad arguments or
# the build failed. ./test.sh runs the same tests in their short version (three silo kills, no report).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off

minutes=3
interval=15
pacing=fixed
while (($# > 0)); do
  case "$1" in
    --minutes) minutes="${2:-}"; shift 2 ;;
    --minutes=*) minutes="${1#--minutes=}"; shift ;;
    --kill-interval) interval="${2:-}"; shift 2 ;;
    --kill-interval=*) interval="${1#--kill-interval=}"; shift ;;
    --pacing) pacing="${2:-}"; shift 2 ;;
    --pacing=*) pacing="${1#--pacing=}"; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "error: --minutes needs a number, not '$minutes'" >&2; exit 2; }
[[ "$interval" =~ ^[0-9]+$ ]] || { echo "error: --kill-interval needs whole seconds, not '$interval'" >&2; exit 2; }
[[ "$pacing" == fixed || "$pacing" == after-recovery ]] || { echo "error: --pacing is fixed or after-recovery, not '$pacing'" >&2; exit 2; }

cx_require dotnet "Install the .NET SDK 10 (see global.json)."
cx_require node "Install Node.js 20 or newer."
scripts/ensure-azurite.sh >/dev/null

out="$PWD/artifacts/faults/$(date -u +%Y%m%d-%H%M%S)" # absolute: the test host runs in its bin folder
mkdir -p "$out"
project=tests/Cxmpute.Faults.Tests/Cxmpute.Faults.Tests.csproj
cx_log "Building $project (Release)..."
dotnet build "$project" -c Release -v q --nologo -clp:NoSummary >"$out/build.log" 2>&1 || {
  tail -n 30 "$out/build.log" >&2
  exit 2
}

cx_log "Running the fault scenarios: $minutes minute(s) of silo kills every $interval s ($pacing), storage outage, front-end kill, clock skew..."
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
rc=0
CXMPUTE_FAULT_MINUTES="$minutes" CXMPUTE_FAULT_KILL_INTERVAL="$interval" CXMPUTE_FAULT_KILL_PACING="$pacing" \
  CXMPUTE_FAULT_REPORT="$out/scenarios" \
  dotnet test "$project" -c Release --no-build --nologo -v q \
  --results-directory "$out" --logger "trx;LogFileName=faults.trx" \
  --logger "console;verbosity=detailed" --blame-hang-timeout 30m --blame-hang-dump-type none >"$out/test.log" 2>&1 || rc=$?
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

node scripts/fault-report.mjs "$out" --started "$started" --minutes "$minutes" --interval "$interval" --pacing "$pacing" \
  --load-before "$load_before" --load-after "$load_after" --cores "$(nproc 2>/dev/null || echo '?')" --test-exit "$rc"
echo
cx_log "Report: $out/report.md ($out/report.json); test output: $out/test.log; process logs: artifacts/faults/logs/"
if ((rc != 0)); then
  grep -E '^\s+Failed ' "$out/test.log" >&2 || true
  exit 1
fi
