#!/usr/bin/env bash
# Runs Cxmpute on this machine: Azurite (the storage emulator) with its data under
# ${CXMPUTE_DATA_DIR:-<repo>/.data}/azurite, then either one co-hosted silo + API (default) or
# N silos and a separate front end, all clustered through Azure Table membership on that Azurite.
# Ctrl-C stops everything it started (front end, silos, then Azurite, which saves its data).
#
#   ./run.sh [HOST-ARGS...]             Azurite + silo and API in one process on http://127.0.0.1:5000
#   ./run.sh --silos N [HOST-ARGS...]   Azurite + N silos + a front end on http://127.0.0.1:5000
#   ./run.sh --help
#
# HOST-ARGS go to the process serving the API (e.g. --urls http://127.0.0.1:8080). Environment
# variables: see usage below and docs/running.md.
set -euo pipefail

invocation_dir="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  cat <<'EOF'
Usage:
  ./run.sh [HOST-ARGS...]             Azurite + one process running silo and API (http://127.0.0.1:5000)
  ./run.sh --silos N [HOST-ARGS...]   Azurite + N silos (1-9) + a separate front end (http://127.0.0.1:5000)
  ./run.sh --help                     this text

  HOST-ARGS go to the process serving the API, e.g. --urls http://127.0.0.1:8080.
  Ctrl-C stops everything ./run.sh started; the data stays in $CXMPUTE_DATA_DIR for the next start.

  ./run.sh load ...                   load generator against a running instance (./run.sh load help)
  ./run.sh audit ...                  consistency audit of a running instance's ledger (src/Cxmpute.Audit/README.md)
  ./run.sh faults [--minutes M]       the long fault-injection run (scripts/fault-run.sh); report in artifacts/faults/<time>/

Environment (defaults in brackets):
  CXMPUTE_DATA_DIR            Azurite's data and the logs [<repo>/.data]
  CXMPUTE_AZURITE_PORT        Azurite's table port [10002]
  CXMPUTE_AZURITE_BLOB        1: also start azurite-blob, on CXMPUTE_AZURITE_BLOB_PORT [10000], and keep the
                              journal pages there; 0: table storage only, journal pages in a table [1]
  CXMPUTE_STORAGE_CONNECTION  use this storage instead of starting Azurite
  CXMPUTE_SILO_PORT           silo port; with --silos N the first of N [11111]
  CXMPUTE_GATEWAY_PORT        gateway port; with --silos N the first of N [30000]
  CXMPUTE_SILO_HTTP_PORT      with --silos N: HTTP port of the first silo (health, /dashboard) [5001]
  CXMPUTE_API_KEY             one more accepted API key (the Development key is dev-key-change-me)
  ASPNETCORE_ENVIRONMENT      [Development]
  CXMPUTE_CONFIGURATION       build configuration of the silo [Release]
  CXMPUTE_BUILD               auto (build when missing or older than src/) | always | never [auto]
  CXMPUTE_READY_TIMEOUT       seconds to wait for /health/ready [120]
  CXMPUTE_RUN_WATCH_PID       stop everything when this process is gone (tests)
EOF
}

# --- arguments ------------------------------------------------------------------------------------
silos=0
cluster=0
case "${1:-}" in
  -h | --help | help)
    usage
    exit 0
    ;;
  load)
    # The load generator (src/Cxmpute.LoadTest, see bench/README.md) against a running instance; the
    # arguments go to it, e.g. ./run.sh load --url http://127.0.0.1:5000 --mode http-batch --duration 60
    # (./run.sh load help lists them). Reports go to artifacts/load/<time>/ unless --out says otherwise.
    shift
    cx_require dotnet "Install the .NET SDK 10 (see global.json)."
    exec dotnet run --project src/Cxmpute.LoadTest -c Release -- "$@"
    ;;
  audit)
    # The consistency audit (src/Cxmpute.Audit, see its README.md) of a running deployment: every journal
    # entry read from storage, every account read through the API; it starts nothing. Storage:
    # CXMPUTE_STORAGE_CONNECTION, else the Azurite of ./run.sh (127.0.0.1:CXMPUTE_AZURITE_PORT), passed in
    # the environment so that the key never shows in a process list. API: --api URL [http://127.0.0.1:5000].
    # ./run.sh audit --help lists the options. Exit: 0 passed, 1 discrepancies, 2 could not run,
    # 3 no discrepancy but the journals moved during the audit (not quiescent).
    shift
    cx_require dotnet "Install the .NET SDK 10 (see global.json)."
    if [[ -z "${CXMPUTE_STORAGE_CONNECTION:-}" ]]; then
      audit_port="${CXMPUTE_AZURITE_PORT:-10002}"
      cx_port_open 127.0.0.1 "$audit_port" ||
        cx_die "no storage: nothing listens on 127.0.0.1:$audit_port (start ./run.sh first, or set CXMPUTE_STORAGE_CONNECTION)."
      # The journal layout ./run.sh recorded for its data folder (see below): blob storage, or a table.
      audit_data="${CXMPUTE_DATA_DIR:-$CX_REPO_ROOT/.data}"
      [[ "$audit_data" == /* ]] || audit_data="$invocation_dir/$audit_data"
      if [[ -f "$audit_data/azurite/award-journals" ]]; then
        export Ledger__AwardJournals="$(<"$audit_data/azurite/award-journals")"
      fi
      if [[ "$(cat "$audit_data/azurite/journal-storage" 2>/dev/null || echo Table)" == Blob ]]; then
        CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$audit_port" "${CXMPUTE_AZURITE_BLOB_PORT:-10000}")"
        export Ledger__JournalStorage=Blob
      else
        CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$audit_port")"
      fi
      export CXMPUTE_STORAGE_CONNECTION
    fi
    exec dotnet run --project src/Cxmpute.Audit -c Release -- "$@"
    ;;
  faults)
    # The long fault-injection run (tests/Cxmpute.Faults.Tests: silo kills for --minutes [3], storage outage, front-end
    # kill, clock skew), each scenario on processes and an Azurite of its own; it does not use a running ./run.sh.
    shift
    exec scripts/fault-run.sh "$@"
    ;;
  --silos)
    [[ $# -ge 2 ]] || cx_die "--silos needs a number, e.g. ./run.sh --silos 3"
    silos=$2
    cluster=1
    shift 2
    ;;
  --silos=*)
    silos=${1#--silos=}
    cluster=1
    shift
    ;;
  "" | -*) ;; # default: one co-hosted silo + API; options (e.g. --urls ...) go to it
  *)
    echo "error: unknown subcommand '$1'." >&2
    usage >&2
    exit 2
    ;;
esac
if ((cluster)) && ! [[ "$silos" =~ ^[1-9]$ ]]; then
  cx_die "--silos takes a number from 1 to 9, not '$silos'."
fi
host_args=("$@")

configuration="${CXMPUTE_CONFIGURATION:-Release}"
build_mode="${CXMPUTE_BUILD:-auto}"
table_port="${CXMPUTE_AZURITE_PORT:-10002}"
blob_port="${CXMPUTE_AZURITE_BLOB_PORT:-10000}"
start_blob="${CXMPUTE_AZURITE_BLOB:-1}"
[[ "$start_blob" == 0 || "$start_blob" == 1 ]] || cx_die "CXMPUTE_AZURITE_BLOB is 0 or 1, not '$start_blob'."
silo_port="${CXMPUTE_SILO_PORT:-11111}"
gateway_port="${CXMPUTE_GATEWAY_PORT:-30000}"
silo_http_port="${CXMPUTE_SILO_HTTP_PORT:-5001}"
ready_timeout="${CXMPUTE_READY_TIMEOUT:-120}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The Development profile logs at Information; Orleans' placement retries (Polly) would flood the terminal.
export Logging__LogLevel__Polly="${Logging__LogLevel__Polly:-Warning}"
for value in "$table_port" "$blob_port" "$silo_port" "$gateway_port" "$silo_http_port" "$ready_timeout"; do
  [[ "$value" =~ ^[0-9]+$ ]] || cx_die "ports and timeouts must be numbers, not '$value'."
done

data_dir="${CXMPUTE_DATA_DIR:-$CX_REPO_ROOT/.data}"
[[ "$data_dir" == /* ]] || data_dir="$invocation_dir/$data_dir"
azurite_dir="$data_dir/azurite"
run_dir="$data_dir/run"
dll="src/Cxmpute.Silo/bin/$configuration/net10.0/Cxmpute.Silo.dll"

# The API's address: --urls from HOST-ARGS, else ASPNETCORE_URLS, else silo-config's default.
api_urls="${ASPNETCORE_URLS:-http://127.0.0.1:5000}"
for ((i = 0; i < ${#host_args[@]}; i++)); do
  case "${host_args[i]}" in
    --urls) api_urls="${host_args[i + 1]:-}" ;;
    --urls=*) api_urls="${host_args[i]#--urls=}" ;;
  esac
done
api_url="${api_urls%%;*}"
[[ "$api_url" =~ ^(https?)://(\[[^]]*\]|[^/:]+)(:([0-9]+))?/?$ ]] ||
  cx_die "cannot read the address '$api_url' (from --urls or ASPNETCORE_URLS); expected e.g. http://127.0.0.1:5000"
api_scheme="${BASH_REMATCH[1]}"
api_host="${BASH_REMATCH[2]}"
api_port="${BASH_REMATCH[4]:-$([[ $api_scheme == https ]] && echo 443 || echo 80)}"
case "$api_host" in 0.0.0.0 | '*' | + | '[::]' | localhost) api_host=127.0.0.1 ;; esac
api_base="$api_scheme://$api_host:$api_port"

# --- tools and build ------------------------------------------------------------------------------
cx_require dotnet "Install the .NET SDK 10 (see global.json)."
if [[ -z "${CXMPUTE_STORAGE_CONNECTION:-}" ]]; then
  cx_require node "Install Node.js 20 or newer (Azurite, the storage emulator, runs on it)."
  cx_require npm "Install npm (it installs Azurite from tools/azurite/package-lock.json)."
  scripts/ensure-azurite.sh >/dev/null
fi

# The silo is built once and then started with `dotnet <dll>`; `auto` rebuilds only when something
# under src/ (or the build settings) changed since the last build by this script.
build_stamp="$(dirname "$dll")/.cxmpute-run-build"
needs_build() {
  case "$build_mode" in
    always) return 0 ;;
    never) return 1 ;;
  esac
  [[ -f "$dll" ]] || return 0
  local reference="$dll"
  [[ ! -f "$build_stamp" || "$build_stamp" -ot "$dll" ]] || reference="$build_stamp"
  # Folders of src/ the silo is built from: its projects (transitively) and folders without a project
  # (assets that projects embed, e.g. src/Cxmpute.Dashboard); other projects (tools, tests) don't count.
  local closure dirs=() dir
  closure="$(project_closure src/Cxmpute.Silo/Cxmpute.Silo.csproj)"
  for dir in "$PWD"/src/*/; do
    dir="${dir%/}"
    if ! compgen -G "$dir/*.csproj" >/dev/null || grep -qxF "$dir" <<<"$closure"; then dirs+=("$dir"); fi
  done
  [[ -n "$(find "${dirs[@]}" Directory.Build.props Directory.Packages.props global.json \
    \( -name bin -o -name obj -o -name node_modules \) -prune -o -type f -newer "$reference" -print -quit)" ]]
}

# project_closure CSPROJ: the folders of CSPROJ and of every project it references, transitively.
project_closure() {
  local queue=("$1") seen=" " project dir ref
  while ((${#queue[@]})); do
    project="${queue[0]}"
    queue=("${queue[@]:1}")
    dir="$(cd "$(dirname "$project")" && pwd)"
    [[ "$seen" != *" $dir "* ]] || continue
    seen+="$dir "
    printf '%s\n' "$dir"
    while IFS= read -r ref; do
      queue+=("$dir/${ref//\\//}")
    done < <(grep -o '<ProjectReference Include="[^"]*"' "$project" | sed 's/.*Include="\(.*\)"/\1/')
  done
}
case "$build_mode" in auto | always | never) ;; *) cx_die "CXMPUTE_BUILD is auto, always or never, not '$build_mode'." ;; esac
if needs_build; then
  cx_log "Building the silo ($configuration)..."
  dotnet build src/Cxmpute.Silo/Cxmpute.Silo.csproj -c "$configuration" -v q --nologo -clp:NoSummary >&2 ||
    cx_die "the build failed (errors above)."
  touch "$build_stamp"
fi
[[ -f "$dll" ]] || cx_die "$dll is missing (CXMPUTE_BUILD=never); build it with: dotnet build src/Cxmpute.Silo -c $configuration"

# --- one instance per data folder; free ports -----------------------------------------------------
mkdir -p "$run_dir"
exec 8>"$run_dir/lock" # children get `8>&-`, so only this script holds the lock
flock -w 5 8 || cx_die "another ./run.sh is using $data_dir; stop it first (or set CXMPUTE_DATA_DIR)."

port_free() { # PORT WHAT HOW-TO-CHANGE
  ! cx_port_open 127.0.0.1 "$1" || cx_die "127.0.0.1:$1 ($2) is already in use — another ./run.sh or Azurite? Stop it, or $3."
}
if [[ -z "${CXMPUTE_STORAGE_CONNECTION:-}" ]]; then
  port_free "$table_port" "Azurite" "set CXMPUTE_AZURITE_PORT"
  [[ "$start_blob" != 1 ]] || port_free "$blob_port" "azurite-blob" "set CXMPUTE_AZURITE_BLOB_PORT"
fi
port_free "$api_port" "the API" "pass --urls http://127.0.0.1:PORT"
for ((i = 0; i < (silos > 0 ? silos : 1); i++)); do
  port_free $((silo_port + i)) "silo port" "set CXMPUTE_SILO_PORT"
  port_free $((gateway_port + i)) "gateway port" "set CXMPUTE_GATEWAY_PORT"
  ((silos == 0)) || port_free $((silo_http_port + i)) "HTTP of silo $((i + 1))" "set CXMPUTE_SILO_HTTP_PORT"
done

# --- processes and their cleanup ------------------------------------------------------------------
names=() pids=() logs=() urls=() reported=()
started_azurite=()
pid_file="$run_dir/pids"
: >"$pid_file"
log_dir="$data_dir/logs"

# A watchdog: when this script is gone without cleaning up (SIGKILL), or CXMPUTE_RUN_WATCH_PID is gone,
# it stops what the script started (each in a session of its own, see cx_detach_prefix).
parent=$$
watch_pid="${CXMPUTE_RUN_WATCH_PID:-}"
(
  trap '' INT TERM HUP
  while kill -0 "$parent" 2>/dev/null && { [[ -z "$watch_pid" ]] || kill -0 "$watch_pid" 2>/dev/null; }; do sleep 1; done
  if kill -0 "$parent" 2>/dev/null; then
    kill -TERM "$parent" 2>/dev/null # the watched process is gone: clean up as on Ctrl-C
    exit 0
  fi
  read -r -a orphans <"$pid_file" || true
  for p in "${orphans[@]+"${orphans[@]}"}"; do kill -TERM "$p" 2>/dev/null || true; done
  sleep 20
  for p in "${orphans[@]+"${orphans[@]}"}"; do kill -KILL "$p" 2>/dev/null || true; done
) </dev/null >/dev/null 2>&1 8>&- &
reaper_pid=$!
disown "$reaper_pid" # not a job: `wait -n` below ignores it, and its end is not reported

# start_host NAME LOG URL [VAR=VALUE...] -- [ARGS...]: starts `dotnet <dll> ARGS` in the background in a
# session of its own (Ctrl-C reaches only this script, which stops the hosts in order). LOG empty: this
# terminal.
start_host() {
  local name=$1 log=$2 url=$3
  shift 3
  local vars=()
  while (($#)) && [[ "$1" != -- ]]; do
    vars+=("$1")
    shift
  done
  shift
  local launcher=()
  mapfile -t launcher < <(cx_detach_prefix)
  if [[ -n "$log" ]]; then
    env "${vars[@]+"${vars[@]}"}" "${launcher[@]+"${launcher[@]}"}" dotnet "$dll" "$@" </dev/null >"$log" 2>&1 8>&- &
  else
    env "${vars[@]+"${vars[@]}"}" "${launcher[@]+"${launcher[@]}"}" dotnet "$dll" "$@" </dev/null 8>&- &
  fi
  names+=("$name") pids+=($!) logs+=("$log") urls+=("$url")
  printf '%s ' "${pids[@]}" >"$pid_file"
}

# shellcheck disable=SC2317 # runs from cleanup (a trap)
# stop_hosts FROM TO: SIGTERM to hosts FROM..TO-1 at once (graceful shutdown), SIGKILL after 45 s (a silo's own
# shutdown gives up after 30 s, the .NET host's default).
stop_hosts() {
  local from=$1 to=$2 i deadline
  for ((i = from; i < to; i++)); do
    if kill -0 "${pids[i]}" 2>/dev/null; then
      cx_log "Stopping ${names[i]} (pid ${pids[i]})..."
      kill -TERM "${pids[i]}" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 45))
  for ((i = from; i < to; i++)); do
    while kill -0 "${pids[i]}" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "${pids[i]}" 2>/dev/null; then
      cx_log "${names[i]} did not stop within 45 s; killing it."
      kill -KILL "${pids[i]}" 2>/dev/null || true
    fi
    wait "${pids[i]}" 2>/dev/null || true
  done
}

# shellcheck disable=SC2317 # runs from traps
cleanup() {
  trap - INT TERM EXIT
  # The API process first (index 0), then the silos, then Azurite, so that the silos leave the
  # cluster and write their last state while storage still answers.
  ((${#pids[@]} == 0)) || stop_hosts 0 1
  ((${#pids[@]} <= 1)) || stop_hosts 1 "${#pids[@]}"
  local service
  for service in "${started_azurite[@]+"${started_azurite[@]}"}"; do
    cx_azurite_stop "$azurite_dir/azurite-$service.pid" 15
    cx_log "azurite-$service stopped (data kept in $azurite_dir)."
  done
  kill -KILL "$reaper_pid" 2>/dev/null || true
  rm -f "$pid_file"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# --- Azurite --------------------------------------------------------------------------------------
if [[ -n "${CXMPUTE_STORAGE_CONNECTION:-}" ]]; then
  cx_log "CXMPUTE_STORAGE_CONNECTION is set: using that storage, not starting Azurite."
else
  mkdir -p "$azurite_dir"
  # Journal pages go to blob storage when azurite-blob runs (docs/architecture.md, "Storage layout"). The layout of a
  # data folder is fixed once it holds data: the silo reads only the journal store it is configured for.
  journal_storage=$([[ "$start_blob" == 1 ]] && echo Blob || echo Table)
  layout_file="$azurite_dir/journal-storage"
  if [[ -f "$layout_file" ]]; then
    kept=$(<"$layout_file")
  elif compgen -G "$azurite_dir/__azurite_db_table__*" >/dev/null; then
    kept=Table # data from before the layout was recorded: journals in table storage
  else
    kept=$journal_storage
  fi
  [[ "$kept" == "$journal_storage" ]] ||
    cx_die "$data_dir keeps its journals in $kept storage; start with CXMPUTE_AZURITE_BLOB=$([[ "$kept" == Blob ]] && echo 1 || echo 0), or use a fresh CXMPUTE_DATA_DIR."
  echo "$journal_storage" >"$layout_file"
  export Ledger__JournalStorage="$journal_storage"
  # So is the number of award journals (retries are deduplicated by the journal an award id routes to): recorded in
  # azurite/award-journals; a folder from before the record was written with 8, the default. The silo refuses
  # storage written with more journals than it is configured for.
  journals_file="$azurite_dir/award-journals"
  configured_journals="${Ledger__AwardJournals:-$(sed -n 's/.*"AwardJournals": *\([0-9][0-9]*\).*/\1/p' "$CX_REPO_ROOT/silo-config/appsettings.json")}"
  if [[ -f "$journals_file" ]]; then
    kept_journals=$(<"$journals_file")
  elif compgen -G "$azurite_dir/__azurite_db_table__*" >/dev/null; then
    kept_journals=8
  else
    kept_journals=$configured_journals
  fi
  [[ -z "${Ledger__AwardJournals:-}" || "$Ledger__AwardJournals" == "$kept_journals" ]] ||
    cx_die "$data_dir was written with $kept_journals award journals, and Ledger__AwardJournals=$Ledger__AwardJournals; unset it, or use a fresh CXMPUTE_DATA_DIR."
  [[ "$kept_journals" == "$configured_journals" ]] ||
    cx_log "$data_dir was written with $kept_journals award journals (silo-config says $configured_journals): keeping $kept_journals."
  echo "$kept_journals" >"$journals_file"
  export Ledger__AwardJournals="$kept_journals"
  CX_DETACH=1 cx_azurite_start table "$azurite_dir" "$table_port" 8>&-
  started_azurite+=(table)
  if [[ "$start_blob" == 1 ]]; then
    CX_DETACH=1 cx_azurite_start blob "$azurite_dir" "$blob_port" 8>&-
    started_azurite+=(blob)
    CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$table_port" "$blob_port")"
  else
    CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$table_port")"
  fi
  cx_log "Journal pages in $journal_storage storage."
fi
export CXMPUTE_STORAGE_CONNECTION

# --- the hosts ------------------------------------------------------------------------------------
# Index 0 is the process serving the API: the co-hosted silo, or the front end.
if ((silos == 0)); then
  cx_log "Starting the silo and API: dotnet $dll ${host_args[*]}"
  start_host "the silo" "" "$api_base" CXMPUTE_SILO_PORT="$silo_port" CXMPUTE_GATEWAY_PORT="$gateway_port" \
    -- "${host_args[@]+"${host_args[@]}"}"
else
  mkdir -p "$log_dir"
  cx_log "Starting $silos silos and a front end (logs in $log_dir)..."
  start_host "the front end" "$log_dir/frontend.log" "$api_base" CXMPUTE_ROLE=frontend \
    -- "${host_args[@]+"${host_args[@]}"}"
  for ((i = 0; i < silos; i++)); do
    start_host "silo $((i + 1))" "$log_dir/silo-$((i + 1)).log" "http://127.0.0.1:$((silo_http_port + i))" \
      CXMPUTE_ROLE=silo CXMPUTE_SILO_PORT=$((silo_port + i)) CXMPUTE_GATEWAY_PORT=$((gateway_port + i)) \
      -- --urls "http://127.0.0.1:$((silo_http_port + i))"
  done
fi

# --- wait until ready, then say where everything is -----------------------------------------------
deadline=$((SECONDS + ready_timeout))
for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
  [[ "${urls[i]}" =~ ^(https?)://([^:/]+):([0-9]+) ]]
  rc=0
  left=$((deadline - SECONDS > 0 ? deadline - SECONDS : 1))
  if [[ "${BASH_REMATCH[1]}" == https ]]; then
    cx_wait_port "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" "$left" "${pids[i]}" || rc=$?
  else
    cx_wait_http "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" /health/ready "$left" "${pids[i]}" || rc=$?
  fi
  if ((rc != 0)); then
    if ((rc == 2)); then
      cx_log "error: ${names[i]} exited before it was ready."
    else
      cx_log "error: ${names[i]} did not answer ${urls[i]}/health/ready with 200 within $ready_timeout s."
    fi
    if [[ -n "${logs[i]}" ]]; then
      cx_log "Last lines of ${logs[i]}:"
      tail -n 30 "${logs[i]}" >&2 || true
    fi
    exit 1
  fi
done

key_header='X-Api-Key: dev-key-change-me'
key_note="the Development key"
if [[ -n "${CXMPUTE_API_KEY:-}" ]]; then
  # shellcheck disable=SC2016 # printed as is, for the reader's shell to expand (keys are never printed)
  key_header='X-Api-Key: $CXMPUTE_API_KEY'
  key_note="the key in CXMPUTE_API_KEY"
fi
storage="the storage in CXMPUTE_STORAGE_CONNECTION"
((${#started_azurite[@]} == 0)) || storage="Azurite on 127.0.0.1:$table_port, data in $azurite_dir"
{
  echo
  if ((silos == 0)); then
    echo "Cxmpute is running: silo and API in one process ($ASPNETCORE_ENVIRONMENT); $storage."
  else
    echo "Cxmpute is running: $silos silos and a front end ($ASPNETCORE_ENVIRONMENT), clustered through Azure Table membership; $storage."
  fi
  echo
  echo "  API                $api_base/api"
  echo "  OpenAPI document   $api_base/openapi/v1.json"
  echo "  Dashboard          $api_base/"
  echo "  Health             $api_base/health/ready"
  if ((silos == 0)); then
    echo "  Orleans Dashboard  $api_base/dashboard   (sign in with $key_note)"
  else
    for ((i = 1; i < ${#pids[@]}; i++)); do
      printf '  %-18s %s   health %s/health/ready   Orleans Dashboard %s/dashboard   (silo port %s, gateway %s, log %s)\n' \
        "Silo $i" "${urls[i]}" "${urls[i]}" "${urls[i]}" $((silo_port + i - 1)) $((gateway_port + i - 1)) "${logs[i]}"
    done
    echo "  Front end log      ${logs[0]}"
  fi
  echo
  echo "Post an award ($key_note):"
  echo "  curl -s -X PUT  -H \"$key_header\" $api_base/api/providers/prov_demo -d '{\"vramGb\": 24}'"
  echo "  curl -s -X POST -H \"$key_header\" $api_base/api/awards -d '{\"awardId\":\"demo-1\",\"service\":\"chat\",\"userId\":\"usr_demo\",\"providerId\":\"prov_demo\",\"model\":\"Llama3-70B\",\"tokens\":1000,\"latencyMs\":1500}'"
  echo "Read the stats:"
  echo "  curl -s $api_base/api/user/usr_demo/referral-stats"
  echo "  curl -s $api_base/api/providers/prov_demo/referral-stats"
  echo
  echo "Ctrl-C stops everything."
}

# --- run until the API process ends, Azurite ends, or every silo has ended ------------------------
while true; do
  wait -n || true
  kill -0 "${pids[0]}" 2>/dev/null || break
  if ((${#started_azurite[@]} > 0)) && ! kill -0 "$(cat "$azurite_dir/azurite-table.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    cx_log "error: Azurite exited (see $azurite_dir/azurite-table.log); stopping."
    exit 1
  fi
  alive=0
  for ((i = 1; i < ${#pids[@]}; i++)); do
    if kill -0 "${pids[i]}" 2>/dev/null; then
      alive=$((alive + 1))
    elif [[ -z "${reported[i]:-}" ]]; then
      reported[i]=1
      rc=0
      wait "${pids[i]}" 2>/dev/null || rc=$?
      cx_log "${names[i]} exited with code $rc (log ${logs[i]})."
    fi
  done
  if ((silos > 0 && alive == 0)); then
    cx_log "error: every silo has exited; stopping."
    exit 1
  fi
done
rc=0
wait "${pids[0]}" 2>/dev/null || rc=$?
cx_log "${names[0]} exited with code $rc."
exit "$rc"
