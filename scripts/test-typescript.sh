#!/usr/bin/env bash
# Builds clients/typescript and runs its tests (node --test) against an instance started here: the built host in the
# combined role (silo and API in one process, in-memory ledger) on free loopback ports, stopped afterwards.
#
#   scripts/test-typescript.sh RESULTS_DIR
#
# Writes RESULTS_DIR/Cxmpute.Client.TypeScript.trx (counted by scripts/trx-summary.mjs; a run that cannot start counts as
# one failure) and the host's log. Exits non-zero when a test failed or the tests could not run.
# Needs the host built in Release (test.sh builds the solution first).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

results_dir="${1:?usage: scripts/test-typescript.sh RESULTS_DIR}"
name=Cxmpute.Client.TypeScript
mkdir -p "$results_dir"
results_dir="$(cd "$results_dir" && pwd)"
trx="$results_dir/$name.trx"
junit="$results_dir/$name.junit.xml"
host_log="$results_dir/host.log"
rm -f "$trx" "$junit"

not_run() {
  cx_log "TypeScript tests did not run: $1"
  node scripts/junit-to-trx.mjs --failed "$trx" "$name" "$1"
  exit 1
}

dll="src/Cxmpute.Silo/bin/Release/net10.0/Cxmpute.Silo.dll"
[[ -f "$dll" ]] || not_run "$dll is missing (build the solution in Release first)"

scripts/ensure-npm-tool.sh clients/typescript || not_run "npm ci in clients/typescript failed"
(cd clients/typescript && npm run --silent build && npm run --silent build:test) >&2 || not_run "tsc failed (see above)"

read -r http_port silo_port gateway_port < <(node -e '
  const net = require("node:net");
  const ports = [];
  const next = () => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { ports.push(s.address().port); s.close(() => ports.length < 3 ? next() : console.log(ports.join(" "))); }); };
  next();')
api_key="ts-test-$(node -e 'console.log(require("node:crypto").randomBytes(24).toString("hex"))')"

cx_log "Starting the host for the TypeScript tests on 127.0.0.1:$http_port..."
ASPNETCORE_ENVIRONMENT=Development \
  Cxmpute__Role=combined \
  Cxmpute__ApiKeys__0="$api_key" \
  Cxmpute__ApiKey= \
  Cxmpute__Storage__ConnectionString= \
  Cxmpute__Orleans__SiloPort="$silo_port" \
  Cxmpute__Orleans__GatewayPort="$gateway_port" \
  Cxmpute__Orleans__ClusterId="ts-tests-$http_port" \
  dotnet "$dll" --urls "http://127.0.0.1:$http_port" >"$host_log" 2>&1 &
host_pid=$!
stop_host() {
  if kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
}
trap stop_host EXIT

if ! cx_wait_http 127.0.0.1 "$http_port" /health/ready 180 "$host_pid"; then
  tail -n 30 "$host_log" >&2 || true
  not_run "the host did not become ready on 127.0.0.1:$http_port (log: $host_log)"
fi

cx_log "Running the TypeScript client's tests (node --test)..."
rc=0
(cd clients/typescript &&
  CXMPUTE_TEST_URL="http://127.0.0.1:$http_port" CXMPUTE_TEST_API_KEY="$api_key" \
    node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit --test-reporter-destination="$junit" \
    dist-test/test/*.test.js) || rc=$?

node scripts/junit-to-trx.mjs "$junit" "$trx" "$name"
exit "$rc"
