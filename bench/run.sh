#!/usr/bin/env bash
# The benchmark of issue 21, in one command, on this machine:
#   1. the PostgreSQL peer, in its strongest form and in the form a typical application has: installs PostgreSQL from Debian
#      packages if missing, starts a throwaway cluster (C locale, fsync and synchronous_commit on) on a loopback port, loads
#      the load tool's population and award plan (same seed, same uniform traffic, prices from Cxmpute.Rewards) and runs
#      `pgbench -M prepared` with bench/pg/award_onestmt.sql (one statement per award), then, on a freshly loaded
#      population, bench/pg/award_interactive.sql (an interactive transaction), then the one statement on the plan with
#      the Zipf-skewed traffic of our batch-zipf run; exact p50/p99 from pgbench's
#      per-transaction log; bench/pg/invariants.sql after each, and awards counted by pgbench = awards in the database;
#   2. Cxmpute as ./run.sh starts it: Azurite (table, and blob for the journal pages) + the co-hosted silo (Release), loaded
#      over HTTP by the load tool, runs back to back with no waiting for storage: a warm-up, then the measured runs
#      (batches for BENCH_BATCH_SECONDS with their rate per 30 s, batches with Zipf-skewed traffic, single awards on 64 and
#      on 8 connections), storage operations counted from the first measured award until storage is idle after the last
#      (deferred account writes included), Azurite's table database read after the population and after the measured
#      runs, then the `scale` run of BENCH_SCALE_AWARDS awards and whether Azurite survived it; every account is then
#      reconciled through GET referral-stats;
#   3. optionally (BENCH_STEPS=...,inproc) memory storage in an in-process silo against the trivial-grain-call ceiling;
#   4. bench-report: every target with the figure of this run, its ratio to the PostgreSQL peer of this run and met / not
#      met, into bench/results/latest.json, bench/results/timeline.svg and the table between the markers of bench/README.md.
#
#   bench/run.sh                      everything but inproc (about 40 minutes on 2 cores)
#   BENCH_STEPS=pg bench/run.sh       only some steps (pg, ours, inproc, report); a later step reuses BENCH_WORK's results
#   BENCH_USERS=5000 BENCH_PROVIDERS=500 BENCH_BATCH_SECONDS=60 BENCH_DURATION=20 BENCH_WARMUP_SECONDS=10 BENCH_PG_SECONDS=20 \
#     BENCH_SCALE_AWARDS=0 BENCH_README=none bench/run.sh          a quick look (targets judged as not met or not measured)
#
# Env (defaults): BENCH_USERS (100000), BENCH_PROVIDERS (10000), BENCH_SEED (42), BENCH_BATCH_SECONDS (180),
# BENCH_DURATION (60 s for every other measured run), BENCH_WARMUP_SECONDS (60), BENCH_REPEAT (1: runs of single64 and
# single8), BENCH_ZIPF (1.0: skew of the batch-zipf run), BENCH_SCALE_AWARDS (1000000; 0 skips; the 10-million-award run of
# the target is BENCH_SCALE_AWARDS=10000000 BENCH_SCALE_MAX_SECONDS=7200, by hand), BENCH_SCALE_MAX_SECONDS (1800),
# BENCH_SPAN_TAIL (600 s at most for storage to go idle after the measured runs), BENCH_PG_SECONDS (60), BENCH_PG_CLIENTS
# (32), BENCH_PLAN_AWARDS (300000), BENCH_README (bench/README.md; none leaves it alone), BENCH_RESULTS (bench/results),
# BENCH_WORK (a new folder under /var/tmp; kept, with every log), BENCH_HTTP_PORT (5190), BENCH_PG_PORT (55432),
# BENCH_AZURITE_PORT (10190; azurite-blob on the next port).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=../scripts/lib.sh
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDTERMINALLOGGER=off

users=${BENCH_USERS:-100000}
providers=${BENCH_PROVIDERS:-10000}
seed=${BENCH_SEED:-42}
repeat=${BENCH_REPEAT:-1}
batch_seconds=${BENCH_BATCH_SECONDS:-180}
duration=${BENCH_DURATION:-60}
warmup_seconds=${BENCH_WARMUP_SECONDS:-60}
zipf=${BENCH_ZIPF:-1.0}
scale_awards=${BENCH_SCALE_AWARDS:-1000000}
scale_max=${BENCH_SCALE_MAX_SECONDS:-1800}
span_tail=${BENCH_SPAN_TAIL:-600}
pg_seconds=${BENCH_PG_SECONDS:-60}
pg_clients=${BENCH_PG_CLIENTS:-32}
plan_awards=${BENCH_PLAN_AWARDS:-300000}
readme=${BENCH_README:-bench/README.md}
results=${BENCH_RESULTS:-bench/results}
http_port=${BENCH_HTTP_PORT:-5190}
pg_port=${BENCH_PG_PORT:-55432}
azurite_port=${BENCH_AZURITE_PORT:-10190}
azurite_blob_port=$((azurite_port + 1))
silo_port=$((http_port + 6500))
gateway_port=$((http_port + 25500))
steps=",${BENCH_STEPS:-pg,ours,report},"
work=${BENCH_WORK:-$(mktemp -d /var/tmp/cxbench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
repo="$(pwd)"
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
  cx_azurite_stop "$work/azurite/table/azurite-table.pid" || true
  cx_azurite_stop "$work/azurite/blob/azurite-blob.pid" || true
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
      # shellcheck disable=SC2024 # the log belongs to the user running the benchmark, not to root
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >"$work/apt.log" 2>&1
    fi
  fi
  pg_bin="$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/pgbench" | sort -V | tail -n 1)")"
  pg_version="$("$pg_bin/pgbench" --version | awk '{print $3}')"
  cx_log "PostgreSQL $pg_version: writing the population (seed $seed, uniform traffic) and $plan_awards planned, priced awards..."
  "${tool[@]}" population "${population[@]}" --tag pg --plan-awards "$plan_awards" --out "$work/pop" 2>&1 | tail -n 1
  # The same population with the Zipf-skewed traffic of our batch-zipf run (same seed: the same busy accounts).
  "${tool[@]}" population "${population[@]}" --tag pg --zipf "$zipf" --plan-awards "$plan_awards" --out "$work/pop-zipf" 2>&1 | tail -n 1
  chmod -R a+rX "$work/pop" "$work/pop-zipf"
  rm -rf "$work/pg" && mkdir -p "$work/pg"
  (($(id -u) != 0)) || chown postgres "$work/pg"
  as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$work/pg-initdb.log" 2>&1
  # The settings of the shared PostgreSQL peer: durable (fsync, synchronous_commit, full_page_writes on), large buffers,
  # no checkpoint within a run.
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 120 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work/pg -c fsync=on -c synchronous_commit=on \
     -c full_page_writes=on -c shared_buffers=2GB -c wal_buffers=64MB -c max_wal_size=8GB -c checkpoint_timeout=15min -c max_connections=200" >/dev/null
  psql=(env PGOPTIONS="-c client_min_messages=warning" "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres)
  settings="$("${psql[@]}" -d postgres -Atc "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'lc_collate')")"
  for want in fsync=on synchronous_commit=on full_page_writes=on lc_collate=C; do
    [[ " $settings " == *" $want "* ]] || cx_die "PostgreSQL setting is not $want: $settings"
  done
  "${psql[@]}" -d postgres -c "CREATE DATABASE cxbench"
  forms=()
  # onestmt and interactive on uniform traffic (the targets compare with these), then onestmt on the Zipf-skewed plan.
  for form in onestmt interactive onestmt-zipf; do
    out="$work/pg/$form" script="award_${form%-zipf}.sql" plan="$work/pop"
    [[ "$form" != *-zipf ]] || plan="$work/pop-zipf"
    mkdir -p "$out"
    cx_log "PostgreSQL $form: loading a fresh population..."
    "${psql[@]}" -d cxbench -f bench/pg/schema.sql >/dev/null
    "${psql[@]}" -d cxbench -v dir="$plan" -f bench/pg/load.sql >"$out/load.txt"
    cx_log "pgbench -M prepared, $script on $(basename "$plan"): $pg_clients clients, $pg_seconds s..."
    rc=0
    (cd "$out" && "$pg_bin/pgbench" -n -M prepared -h 127.0.0.1 -p "$pg_port" -U postgres -c "$pg_clients" -j 2 -T "$pg_seconds" \
      --max-tries=10 -P 10 -l --log-prefix="$out/tx" -D plan_size="$plan_awards" -f "$repo/bench/pg/$script" cxbench) >"$out/pgbench.txt" 2>&1 || rc=$?
    ((rc == 0)) || { tail -n 20 "$out/pgbench.txt"; cx_die "pgbench failed ($form)"; }
    tps="$(awk '/^tps = /{print $3; exit}' "$out/pgbench.txt")"
    processed="$(awk -F': ' '/^number of transactions actually processed/{split($2, a, "/"); print a[1]}' "$out/pgbench.txt")"
    retried="$(awk -F': ' '/^number of transactions retried/{split($2, a, " "); print a[1]}' "$out/pgbench.txt")"
    failed="$(awk -F': ' '/^number of failed transactions/{split($2, a, " "); print a[1]}' "$out/pgbench.txt")"
    average="$(awk '/^latency average = /{print $4}' "$out/pgbench.txt")"
    # Exact percentiles (nearest rank) from the per-transaction log: its third field is the latency in microseconds.
    cat "$out"/tx.* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n >"$out/latencies.txt"
    count="$(wc -l <"$out/latencies.txt")"
    rank() { awk -v n="$count" -v q="$1" 'BEGIN { k = int((n * q + 99) / 100); if (k < 1) k = 1 } NR == k { printf "%.2f", $1 / 1000; exit }' "$out/latencies.txt"; }
    p50="$(rank 50)" p99="$(rank 99)" max="$(rank 100)"
    "${psql[@]}" -d cxbench -At -F '|' -f bench/pg/invariants.sql >"$out/invariants.txt"
    passed=true
    awk -F'|' '$3 != "t" { bad = 1 } END { exit bad }' "$out/invariants.txt" || passed=false
    in_db="$(awk -F'|' '$1 == "awards" {print $2}' "$out/invariants.txt")"
    rows="$("${psql[@]}" -d cxbench -Atc "SELECT round(count(*)::numeric / greatest(1, (SELECT count(*) FROM awards)), 3) FROM ledger WHERE side <> 'D'")"
    sed "s/^/  [$form] /" "$out/invariants.txt" >&2
    cx_log "  $tps awards/s, p50 $p50 / p99 $p99 ms, $processed awards counted by pgbench, $in_db in the database, retried ${retried:-0}, failed ${failed:-0}, invariants: $passed"
    [[ "$passed" == true && "$processed" == "$in_db" ]] || cx_log "  the PostgreSQL peer's check FAILED for $form (see $out)"
    forms+=("{\"form\": \"$form\", \"awardsPerSecond\": $tps, \"awards\": $processed, \"awardsInDatabase\": $in_db, \"avgMs\": $average, \"p50Ms\": $p50, \"p99Ms\": $p99, \"maxMs\": $max, \"retried\": ${retried:-0}, \"failed\": ${failed:-0}, \"ledgerRowsPerAward\": $rows, \"invariantsPassed\": $passed}")
  done
  join() { local IFS=,; echo "$*"; }
  echo "{\"version\": \"$pg_version\", \"clients\": $pg_clients, \"seconds\": $pg_seconds, \"forms\": [$(join "${forms[@]}")]}" >"$work/peer.json"
  as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null # frees the CPU for our runs
fi

# --- 2. Cxmpute on Azurite, over HTTP --------------------------------------------------------------
if has_step ours; then
  scripts/ensure-azurite.sh >/dev/null
  rm -rf "$work/azurite"
  # The layout ./run.sh uses: accounts in table storage, journal pages in blob storage. Each service has a folder of its
  # own, so that the table database's files can be read alone.
  cx_azurite_start table "$work/azurite/table" "$azurite_port"
  cx_azurite_start blob "$work/azurite/blob" "$azurite_blob_port"
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
  # A warm-up (every busy account activated, caches filled; not part of any target), then the measured runs one after
  # the other with no pause: each meets the account writes the runs before it deferred, as continuous traffic would.
  # measure=1: storage operations are counted from the first award of `batch` until storage is idle after `publisher`, and
  # divided by the awards of those runs. 4 x 250 awards in flight keeps batches well inside the 30 s grain-call timeout.
  # awards=: enough for the run's duration at 25,000 awards/s (the duration ends it).
  cap() { echo $(($1 * 25000)); }
  scenarios=(
    --scenario "http-batch:conn=4:batch=250:duration=$warmup_seconds:awards=$(cap "$warmup_seconds"):label=warmup"
    --scenario "http-batch:conn=4:batch=250:duration=$batch_seconds:awards=$(cap "$batch_seconds"):repeat=1:measure=1:label=batch"
    --scenario "http-batch:conn=4:batch=250:duration=$duration:awards=$(cap "$duration"):repeat=1:zipf=$zipf:measure=1:label=batch-zipf"
    --scenario "http:conn=64:duration=$duration:awards=$(cap "$duration"):repeat=$repeat:measure=1:label=single64"
    --scenario "http:conn=8:duration=$duration:awards=$(cap "$duration"):repeat=$repeat:measure=1:label=single8"
    --scenario "http-publisher:conn=64:duration=$duration:awards=$(cap "$duration"):repeat=$repeat:measure=1:label=publisher"
  )
  ((scale_awards == 0)) || scenarios+=(--scenario "http-batch:conn=4:batch=250:awards=$scale_awards:duration=$scale_max:repeat=1:slice=0:label=scale")
  cx_log "Load test: ${scenarios[*]}"
  # Evidence for the profile section: CPU ticks of the silo, Azurite and the load tool every 5 s (to tell who saturates
  # the two cores in each scenario), and the silo's runtime counters when dotnet-counters is installed.
  azurite_pid="$(cat "$work/azurite/table/azurite-table.pid")"
  azurite_blob_pid="$(cat "$work/azurite/blob/azurite-blob.pid")"
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
    --silo-pid "$silo_pid" --reconcile-concurrency 32 --settle 0 --span-tail "$span_tail" --table-db "$work/azurite/table" \
    "${scenarios[@]}" --out "$work/ours" 2> >(tee "$work/ours.log" >&2) >/dev/null || rc=$?
  ((rc == 0)) || cx_log "the load tool exited with $rc (2: unacknowledged awards, 3: reconciliation mismatch); see $work/ours.log"
  # Did either Azurite process die (it aborts once its database no longer fits one JavaScript string)?
  table_aborted=false blob_aborted=false detail=""
  kill -0 "$azurite_pid" 2>/dev/null || { table_aborted=true detail+="azurite-table exited; "; }
  kill -0 "$azurite_blob_pid" 2>/dev/null || { blob_aborted=true detail+="azurite-blob exited; "; }
  for service in table blob; do
    fatal="$(grep -ciE 'RangeError|Invalid string length|heap out of memory|FATAL ERROR' "$work/azurite/$service/azurite-$service.log" || true)"
    if ((fatal > 0)); then
      detail+="azurite-$service logged $fatal fatal lines; "
      if [[ "$service" == table ]]; then table_aborted=true; else blob_aborted=true; fi
    fi
  done
  echo "{\"tableAborted\": $table_aborted, \"blobAborted\": $blob_aborted, \"detail\": \"${detail%; }\"}" >"$work/azurite.json"
  kill -TERM "$silo_pid" 2>/dev/null || true
  wait "$silo_pid" 2>/dev/null || true
  silo_pid=""
  cx_azurite_stop "$work/azurite/table/azurite-table.pid"
  cx_azurite_stop "$work/azurite/blob/azurite-blob.pid"
  cx_log "Azurite's table database after a graceful stop: $(du -cb "$work/azurite/table/"__azurite_db_table* 2>/dev/null | awk 'END {print $1}') bytes"
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
  mkdir -p "$results"
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  [[ -z "$(git status --porcelain --untracked-files=no -- src 2>/dev/null)" ]] || commit+=" + uncommitted changes in src/"
  cp "$work/ours/summary.md" "$results/cxmpute-azurite.md"
  cp "$work/peer.json" "$results/postgresql.json"
  extra=()
  if [[ -f "$work/inproc/summary.json" ]]; then
    cp "$work/inproc/summary.md" "$results/cxmpute-memory.md"
    extra+=(--inproc "$work/inproc/summary.json")
  fi
  [[ ! -f "$work/azurite.json" ]] || extra+=(--azurite "$work/azurite.json")
  [[ "$readme" == none ]] || extra+=(--readme "$readme")
  "${tool[@]}" bench-report --peer "$work/peer.json" --ours "$work/ours/summary.json" "${extra[@]}" \
    --out "$results/latest.json" --plot "$results/timeline.svg" --commit "$commit" --commands "bench/run.sh"
fi
cx_log "Done. Raw results and logs: $work"
