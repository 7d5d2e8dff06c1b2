#!/usr/bin/env bash
# Builds the solution and runs every test project in it; closes with the line "N passed, N failed"
# (", N skipped" when some were skipped), which CI reads.
#
#   ./test.sh                       everything
#   ./test.sh --filter Name~Ledger  extra arguments go to each `dotnet test` (e.g. --filter)
#
# Exits non-zero when the build fails, a test fails, a test run crashes, or no test ran.
# Results: artifacts/test-results/<Project>/<Project>.trx (cleaned at every run); the TypeScript client's tests
# (clients/typescript, node --test, scripts/test-typescript.sh) in artifacts/test-results/Cxmpute.Client.TypeScript/.
# Env: CXMPUTE_TEST_HANG_TIMEOUT (default 15m) — a single test running longer kills its test host
#      and counts as a failure; CXMPUTE_TEST_AZURITE — see docs/running.md; CXMPUTE_CHROMIUM — the
#      Chromium the dashboard tests drive (default /usr/bin/chromium, installed from Debian when missing).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off NUGET_XMLDOC_MODE=skip
solution=Cxmpute.Orleans.sln
configuration=Release
results_dir=artifacts/test-results
hang_timeout="${CXMPUTE_TEST_HANG_TIMEOUT:-15m}"
browser_project=tests/Cxmpute.Dashboard.Tests/Cxmpute.Dashboard.Tests.csproj # run in (e), after Chromium

# --- (a) tools ------------------------------------------------------------------------------------
cx_require dotnet "Install the .NET SDK 10 (see global.json)."
cx_require node "Install Node.js 20 or newer (Azurite, the storage emulator the tests use, runs on it)."
cx_require npm "Install npm (it installs Azurite from tools/azurite/package-lock.json)."

# --- (b) Azurite ----------------------------------------------------------------------------------
cx_log "Ensuring Azurite (tools/azurite)..."
scripts/ensure-azurite.sh >/dev/null

# --- (c) build --------------------------------------------------------------------------------------
cx_log "Building $solution ($configuration)..."
if ! dotnet build "$solution" -c "$configuration" -v q --nologo -clp:NoSummary; then
  cx_log "BUILD FAILED (errors above); no tests were run."
  exit 1
fi

# --- (d) tests ----------------------------------------------------------------------------------------
rm -rf "$results_dir"
mkdir -p "$results_dir"

# The test projects of the solution: those referencing Microsoft.NET.Test.Sdk or marked IsTestProject.
# shellcheck disable=SC1003 # tr turns backslashes (Windows-style sln paths) into slashes
mapfile -t projects < <(
  dotnet sln "$solution" list | tr '\\' '/' | grep -E '\.csproj$' | while read -r p; do
    [[ "$p" == "$browser_project" ]] && continue
    if grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true' "$p"; then echo "$p"; fi
  done
)
((${#projects[@]} > 0)) || cx_die "no test project found in $solution"

crashed=()
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  cx_log "Testing $name..."
  rc=0
  dotnet test "$project" -c "$configuration" --no-build --nologo -v q \
    --results-directory "$results_dir/$name" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=minimal" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none \
    "$@" || rc=$?
  if ((rc != 0)); then
    # A failed test already makes the exit code 1; anything else (crash, hang kill, no TRX, a bad
    # argument) is recorded so that it counts as one failure below.
    project_counts="$(node scripts/trx-summary.mjs "$results_dir/$name" | tail -n 1)"
    read -r _ _ project_failed _ <<<"$project_counts"
    if ((project_failed == 0)); then
      crashed+=("$name: dotnet test exited with code $rc but its results show no failed test")
    fi
  fi
done

# --- (d2) the TypeScript client ------------------------------------------------------------------------
# clients/typescript: npm ci, tsc, then node --test against an instance of the built host started by the script. Its
# results are a .trx beside the others (scripts/junit-to-trx.mjs), so they count in the closing line.
ts_name=Cxmpute.Client.TypeScript
cx_log "Testing $ts_name..."
rc=0
scripts/test-typescript.sh "$results_dir/$ts_name" || rc=$?
if ((rc != 0)); then
  project_counts="$(node scripts/trx-summary.mjs "$results_dir/$ts_name" | tail -n 1)"
  read -r _ _ project_failed _ <<<"$project_counts"
  if ((project_failed == 0)); then
    crashed+=("$ts_name: scripts/test-typescript.sh exited with code $rc but its results show no failed test")
  fi
fi

# --- (e) browser tests (Chromium) -----------------------------------------------------------------
# tests/Cxmpute.Dashboard.Tests drives the dashboard page in headless Chromium over the DevTools protocol (and tests
# its event streams). Chromium is Debian's package, installed here when missing (CI starts clean); no test tool ever
# downloads a browser. When it cannot be installed the step fails: the run ends with one more failure, never a skip.
chromium="${CXMPUTE_CHROMIUM:-/usr/bin/chromium}"
ensure_chromium() {
  [[ -x "$chromium" ]] && return 0
  if [[ -n "${CXMPUTE_CHROMIUM:-}" ]]; then
    cx_log "CXMPUTE_CHROMIUM=$chromium is not an executable file."
    return 1
  fi
  local sudo=() log
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      cx_log "Chromium is missing and installing it needs root (or sudo): apt-get install -y chromium"
      return 1
    fi
    sudo=(sudo -n)
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    cx_log "Chromium is missing and apt-get is not available; install Chromium and set CXMPUTE_CHROMIUM."
    return 1
  fi
  cx_log "Installing Chromium from Debian's packages (apt-get install chromium)..."
  log="$(mktemp)"
  if ! { "${sudo[@]}" apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  [[ -x "$chromium" ]]
}

browser_name="$(basename "$browser_project" .csproj)"
if ensure_chromium; then
  cx_log "Testing $browser_name (headless $("$chromium" --version 2>/dev/null | head -n 1))..."
  rc=0
  CXMPUTE_CHROMIUM="$chromium" dotnet test "$browser_project" -c "$configuration" --no-build --nologo -v q \
    --results-directory "$results_dir/$browser_name" \
    --logger "trx;LogFileName=$browser_name.trx" \
    --logger "console;verbosity=minimal" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none \
    "$@" || rc=$?
  if ((rc != 0)); then
    project_counts="$(node scripts/trx-summary.mjs "$results_dir/$browser_name" | tail -n 1)"
    read -r _ _ project_failed _ <<<"$project_counts"
    if ((project_failed == 0)); then
      crashed+=("$browser_name: dotnet test exited with code $rc but its results show no failed test")
    fi
  fi
  cx_log "Screenshots: artifacts/screenshots/"
else
  crashed+=("$browser_name: Chromium is not installed and could not be installed, so the browser tests did not run")
fi

# --- (f) summary ------------------------------------------------------------------------------------
summary="$(node scripts/trx-summary.mjs "$results_dir")"
counts="$(tail -n 1 <<<"$summary")"
echo "Test summary:"
sed '$d' <<<"$summary"
read -r _ passed failed skipped total files <<<"$counts"

# Each test run that failed without a failed test in its TRX counts as one failure, so the
# closing line and the exit code agree.
for c in "${crashed[@]+"${crashed[@]}"}"; do
  echo "  RUN FAILED $c"
done
failed=$((failed + ${#crashed[@]}))

status=0
if ((failed > 0)); then
  status=1
elif ((passed == 0)); then
  echo "error: no test ran (${#projects[@]} test projects, $files result files, $total tests in them)."
  status=1
fi

line="$passed passed, $failed failed"
if ((skipped > 0)); then
  line+=", $skipped skipped"
fi
echo "$line"
exit "$status"
