#!/usr/bin/env bash
# The benchmark of issue 6, in one command, on this machine:
#   1. the PostgreSQL peer: installs PostgreSQL from Debian packages if missing, starts a throwaway cluster on a loopback
#      port (synchronous_commit on, fsync on), loads the load tool's population (same seed) and runs pgbench doing the same
#      two-sided bookkeeping (bench/pg/*.sql), BENCH_REPEAT times;
#   2. Cxmpute as ./run.sh starts it: Azurite (table, and blob for the journal pages) + the co-hosted silo (Release), loaded over HTTP by the load tool: batches,
#      64 single-award connections, the same at half that rate (open loop), then 1,000,000 awards; every account is then
#      reconciled through GET referral-stats;
#   3. memory storage in an in-process silo against the trivial-grain-call ceiling measured in the same silo;
#   4. prints both figures and their ratios, writes bench/results/latest.json, bench/results/timeline.svg and the table
#      between the markers of bench/README.md.
#
#   bench/run.sh                      everything (about 25-35 minutes on 2 cores)
#   BENCH_STEPS=pg bench/run.sh       only some steps (pg, ours, inproc, report); a later step reuses BENCH_WORK's results
#
# Env (defaults): BENCH_USERS (100000), BENCH_PROVIDERS (10000), BENCH_SEED (42), BENCH_REPEAT (3), BENCH_DURATION (30 s per
# run), BENCH_SCALE_AWARDS (1000000; 0 skips), BENCH_SCALE_MAX_SECONDS (600), BENCH_PG_CLIENTS (32), BENCH_PLAN_AWARDS
# (200000), BENCH_WORK (a new folder under /var/tmp; kept, with every log), BENCH_HTTP_PORT (5190), BENCH_PG_PORT (55432),
# BENCH_AZURITE_PORT (10190; azurite-blob on the next port).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off

users=${BENCH_USERS:-100000}
providers=${BENCH_PROVIDERS:-10000}
seed=${BENCH_SEED:-42}
repeat=${BENCH_REPEAT:-3}
duration=${BENCH_DURATION:-30}
scale_awards=${BENCH_SCALE_AWARDS:-1000000}
scale_max=${BENCH_SCALE_MAX_SECONDS:-600}
pg_clients=${BENCH_PG_CLIENTS:-32}
plan_awards=${BENCH_PLAN_AWARDS:-200000}
http_port=${BENCH_HTTP_PORT:-5190}
pg_port=${BENCH_PG_PORT:-55432}
azurite_port=${BENCH_AZURITE_PORT:-10190}
azurite_blob_port=$((azurite_port + 1))
silo_port=$((http_port + 6500))
gateway_port=$((http_port + 25500))
steps=",${BENCH_STEPS:-pg,ours,inproc,report},"
work=${BENCH_WORK:-$(mktemp -d /var/tmp/cxbench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
tool=(dotnet src/Cxmpute.LoadTest/bin/Release/net10.0/Cxmpute.LoadTest.dll)
population=(--users "$users" --providers "$providers" --seed "$seed")

silo_pid=""
pg_bin=""
cleanup() {
  trap - INT TERM EXIT
  if [[ -n "$silo_pid" ]] && kill -0 "$silo_pid" 2>/dev/null; then
    kill -TERM "$silo_pid" 2>/dev/null || true
    wait "$silo_pid" 2>/dev/null || true
  fi
  cx_azurite_stop "$work/azurite/azurite-table.pid" || true
  cx_azurite_stop "$work/azurite/azurite-blob.pid" || true
  if [[ -n "$pg_bin" && -f "$work/pg/data/postmaster.pid" ]]; then
    as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# initdb and the server refuse to run as root: run them as the postgres user when we are root.
as_postgres() {
  if (($(id -u) == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

has_step() { [[ "$steps" == *",$1,"* ]]; }

cx_require dotnet "Install the .NET SDK 10 (see global.json)."
cx_log "Work folder: $work (logs and raw results are kept there)"
cx_log "Building the silo and the load tool (Release)..."
[[ "${BENCH_NO_BUILD:-0}" == 1 ]] || dotnet build src/Cxmpute.Silo -c Release -v q --nologo -clp:NoSummary >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; cx_die "build failed"; }
[[ "${BENCH_NO_BUILD:-0}" == 1 ]] || dotnet build src/Cxmpute.LoadTest -c Release -v q --nologo -clp:NoSummary >>"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; cx_die "build failed"; }

# --- 1. PostgreSQL peer ----------------------------------------------------------------------------
if has_step pg; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/pgbench" >/dev/null; then
    cx_log "Installing PostgreSQL from Debian packages..."
    if (($(id -u) == 0)); then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >"$work/apt.log" 2>&1
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >"$work/apt.log" 2>&1
    fi
  fi
  pg_bin="$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/pgbench" | sort -V | tail -n 1)")"
  pg_version="$("$pg_bin/pgbench" --version | awk '{print $3}')"
  cx_log "PostgreSQL $pg_version: writing the population (seed $seed) and $plan_awards planned awards..."
  "${tool[@]}" population "${population[@]}" --tag pg --plan-awards "$plan_awards" --out "$work/pop" 2>&1 | tail -n 1
  chmod -R a+rX "$work/pop"
  rm -rf "$work/pg" && mkdir -p "$work/pg"
  (($(id -u) != 0)) || chown postgres "$work/pg"
  as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust >"$work/pg-initdb.log" 2>&1
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w start -o \
    "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work/pg -c synchronous_commit=on -c fsync=on \
     -c shared_buffers=1GB -c max_connections=200 -c max_wal_size=4GB -c checkpoint_timeout=15min" >/dev/null
  psql=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres)
  "${psql[@]}" -d postgres -c "CREATE DATABASE cxbench"
  "${psql[@]}" -d cxbench -f bench/pg/schema.sql >/dev/null
  cx_log "Loading the population into PostgreSQL..."
  "${psql[@]}" -d cxbench -v dir="$work/pop" -f bench/pg/load.sql | tee "$work/pg-load.txt"
  pg_runs=() pg_failed=() pg_latency=()
  for i in $(seq 1 "$repeat"); do
    cx_log "pgbench run $i of $repeat: $pg_clients clients, $duration s..."
    "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U postgres -c "$pg_clients" -j 2 -T "$duration" -D plan_size="$plan_awards" \
      --max-tries=1000 -f bench/pg/award.sql cxbench >"$work/pgbench-$i.txt" 2>&1 || { tail -n 20 "$work/pgbench-$i.txt"; cx_die "pgbench failed"; }
    tps="$(awk '/^tps = /{print $3}' "$work/pgbench-$i.txt")"
    failed="$(awk '/^number of failed transactions:/{print $5}' "$work/pgbench-$i.txt")"
    latency="$(awk '/^latency average = /{print $4}' "$work/pgbench-$i.txt")"
    cx_log "  $tps awards/s (failed transactions: ${failed:-0}, average latency ${latency} ms)"
    pg_runs+=("$tps") pg_failed+=("${failed:-0}") pg_latency+=("$latency")
  done
  read -r pg_awards pg_credits pg_mismatched < <("${psql[@]}" -d cxbench -At -F ' ' -f bench/pg/check.sql)
  cx_log "PostgreSQL check: $pg_awards awards, $pg_credits award credits, $pg_mismatched accounts off their ledger rows"
  join() { local IFS=,; echo "$*"; }
  cat >"$work/peer.json" <<EOF
{"version": "$pg_version", "clients": $pg_clients, "seconds": $duration, "runs": [$(join "${pg_runs[@]}")], "failed": [$(join "${pg_failed[@]}")],
 "latencyMs": [$(join "${pg_latency[@]}")], "awards": $pg_awards, "mismatchedAccounts": $pg_mismatched}
EOF
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null # frees the CPU for our runs
fi

# --- 2. Cxmpute on Azurite, over HTTP --------------------------------------------------------------
if has_step ours; then
  scripts/ensure-azurite.sh >/dev/null
  rm -rf "$work/azurite"
  # The layout ./run.sh uses: accounts in table storage, journal pages in blob storage.
  cx_azurite_start table "$work/azurite" "$azurite_port"
  cx_azurite_start blob "$work/azurite" "$azurite_blob_port"
  connection="$(cx_azurite_connection_string "$azurite_port" "$azurite_blob_port")"
  key="bench-$(od -An -N16 -tx8 /dev/urandom | tr -d ' ')"
  cx_log "Starting the co-hosted silo (Release) on 127.0.0.1:$http_port with Azurite storage..."
  # As ./run.sh does: Orleans' placement logs every activation through Polly at Information, which would flood the log.
  ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Polly=Warning CXMPUTE_API_KEY="$key" CXMPUTE_STORAGE_CONNECTION="$connection" Ledger__JournalStorage=Blob \
    CXMPUTE_SILO_PORT="$silo_port" CXMPUTE_GATEWAY_PORT="$gateway_port" CXMPUTE_CLUSTER_ID="bench$$" \
    dotnet src/Cxmpute.Silo/bin/Release/net10.0/Cxmpute.Silo.dll --urls "http://127.0.0.1:$http_port" >"$work/silo.log" 2>&1 &
  silo_pid=$!
  for _ in $(seq 1 240); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health/ready" || true)" == 200 ]] && break
    kill -0 "$silo_pid" 2>/dev/null || { tail -n 30 "$work/silo.log"; cx_die "the silo exited"; }
    sleep 0.5
  done
  # A warm-up first (every account of the population activated and its caches filled; not part of any target), then the
  # measured scenarios. 4 x 250 awards in flight keeps batches well inside the 30 s grain-call timeout. idle=240: each
  # measured run starts once storage has caught up with the runs before it, and counts storage operations until it is
  # idle again after it (the account writes a run defers land up to AccountFlushDelay after its last award).
  scenarios=(
    --scenario "http-batch:conn=4:batch=250:duration=60:label=warmup"
    --scenario "http-batch:conn=4:batch=250:duration=$duration:repeat=$repeat:idle=240:label=batch"
    --scenario "http:conn=64:duration=$duration:repeat=$repeat:idle=240:label=single64"
    --scenario "http:conn=64:rate=half:duration=$duration:repeat=$repeat:idle=240:label=single64-half"
  )
  ((scale_awards == 0)) || scenarios+=(--scenario "http-batch:conn=4:batch=250:awards=$scale_awards:duration=$scale_max:repeat=1:label=scale-1M")
  cx_log "Load test: ${scenarios[*]}"
  # Evidence for the profile section: CPU ticks of the silo, Azurite and the load tool every 5 s (to tell who saturates
  # the two cores in each scenario), and the silo's runtime counters when dotnet-counters is installed.
  azurite_pid="$(cat "$work/azurite/azurite-table.pid")"
  azurite_blob_pid="$(cat "$work/azurite/azurite-blob.pid")"
  (
    echo "unix_time,silo_ticks,azurite_ticks,loadtool_ticks,silo_rss_kb"
    while kill -0 "$silo_pid" 2>/dev/null; do
      tool_pid="$(pgrep -f 'Cxmpute.LoadTest.dll run' | head -n 1 || true)"
      ticks() { [[ -n "$1" && -r /proc/$1/stat ]] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0; }
      echo "$(date +%s),$(ticks "$silo_pid"),$(($(ticks "$azurite_pid") + $(ticks "$azurite_blob_pid"))),$(ticks "$tool_pid"),$(awk '/VmRSS/{print $2}' "/proc/$silo_pid/status" 2>/dev/null || echo 0)"
      sleep 5
    done
  ) >"$work/cpu.csv" 2>/dev/null &
  counters="$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")"
  if [[ -x "$counters" ]]; then
    "$counters" collect -p "$silo_pid" --refresh-interval 5 --format csv -o "$work/counters.csv" \
      --counters System.Runtime,Microsoft.AspNetCore.Hosting >"$work/counters.log" 2>&1 &
  fi
  rc=0
  "${tool[@]}" run --url "http://127.0.0.1:$http_port" --api-key "$key" "${population[@]}" --tag "b$(date +%H%M%S)" \
    --silo-pid "$silo_pid" --reconcile-concurrency 32 "${scenarios[@]}" --out "$work/ours" 2> >(tee "$work/ours.log" >&2) >/dev/null || rc=$?
  ((rc == 0)) || cx_log "the load tool exited with $rc (2: unacknowledged awards, 3: reconciliation mismatch); see $work/ours.log"
  kill -TERM "$silo_pid" 2>/dev/null || true
  wait "$silo_pid" 2>/dev/null || true
  silo_pid=""
  cx_azurite_stop "$work/azurite/azurite-table.pid"
  cx_azurite_stop "$work/azurite/azurite-blob.pid"
fi

# --- 3. memory storage against the grain-call ceiling ----------------------------------------------
if has_step inproc; then
  cx_log "Memory storage vs the trivial-grain-call ceiling (in-process silo)..."
  rc=0
  # The silo inside the tool collects garbage as the silo host does (server GC, background, without DATAS); the tool is
  # built with workstation GC, which suits a load generator beside the silo but not a silo.
  DOTNET_gcServer=1 DOTNET_gcConcurrent=1 DOTNET_GCDynamicAdaptationMode=0 \
    "${tool[@]}" inproc "${population[@]}" --tag m --duration 20 --repeat "$repeat" --out "$work/inproc" 2> >(tee "$work/inproc.log" >&2) >/dev/null || rc=$?
  ((rc == 0)) || cx_log "the in-process run exited with $rc; see $work/inproc.log"
fi

# --- 4. report ---------------------------------------------------------------------------------------
if has_step report; then
  mkdir -p bench/results
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [[ -z "$(git status --porcelain --untracked-files=no -- src 2>/dev/null)" ]] || commit+=" + uncommitted changes in src/"
  cp "$work/ours/summary.md" bench/results/cxmpute-azurite.md
  cp "$work/inproc/summary.md" bench/results/cxmpute-memory.md
  "${tool[@]}" bench-report --peer "$work/peer.json" --ours "$work/ours/summary.json" --inproc "$work/inproc/summary.json" \
    --out bench/results/latest.json --readme bench/README.md --plot bench/results/timeline.svg --commit "$commit" --commands "bench/run.sh"
fi
cx_log "Done. Raw results and logs: $work"
