#!/usr/bin/env bash
# Runs Cxmpute locally: Azurite (storage emulator) on 127.0.0.1:10002 with its data under
# ${CXMPUTE_DATA_DIR:-<repo>/.data}/azurite, then the silo (src/Cxmpute.Silo) with
# CXMPUTE_STORAGE_CONNECTION pointing at it. Ctrl-C stops both.
#
#   ./run.sh [SILO-ARGS...]      start Azurite + one silo; arguments go to the silo
#   ./run.sh --help              this text
#
# Env: CXMPUTE_DATA_DIR (default <repo>/.data), CXMPUTE_AZURITE_BLOB=1 (also start azurite-blob on
# 127.0.0.1:10000 and add BlobEndpoint), CXMPUTE_STORAGE_CONNECTION (when already set, run.sh uses
# that storage and starts no Azurite). See docs/running.md.
set -euo pipefail

invocation_dir="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

table_port=10002
blob_port=10000

usage() {
  cat <<'EOF'
Usage:
  ./run.sh [SILO-ARGS...]    start Azurite (127.0.0.1:10002) and the silo; SILO-ARGS go to the silo
  ./run.sh --help            show this help

Planned (not available yet):
  ./run.sh --silos N         N silos clustered through the Azure Table membership
  ./run.sh load ...          load generator against a running instance
  ./run.sh audit ...         consistency audit of the stored ledger

Environment:
  CXMPUTE_DATA_DIR             Azurite's data folder parent (default: <repo>/.data)
  CXMPUTE_AZURITE_BLOB=1       also start azurite-blob on 127.0.0.1:10000
  CXMPUTE_STORAGE_CONNECTION   use this storage instead of starting Azurite
EOF
}

# --- subcommands ----------------------------------------------------------------------------------
# PLACEHOLDER — later work fills these in (`load`, `audit`, `--silos N`). Keep the default case
# (no subcommand: Azurite + one silo) below unchanged; add new subcommands as cases here.
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
  load | audit)
    echo "error: './run.sh $1' is not implemented yet." >&2
    usage >&2
    exit 2
    ;;
  --silos | --silos=*)
    echo "error: './run.sh --silos N' is not implemented yet." >&2
    usage >&2
    exit 2
    ;;
  "" | -*)
    ;; # default: Azurite + one silo; options (e.g. --urls ...) go to the silo
  *)
    echo "error: unknown subcommand '$1'." >&2
    usage >&2
    exit 2
    ;;
esac

cx_require dotnet "Install the .NET SDK 10 (see global.json)."

data_dir="${CXMPUTE_DATA_DIR:-$CX_REPO_ROOT/.data}"
[[ "$data_dir" == /* ]] || data_dir="$invocation_dir/$data_dir"
azurite_dir="$data_dir/azurite"

started_azurite=()
app_pid=""

# shellcheck disable=SC2317 # signal_tree and cleanup run from traps
# Signals the process tree under $1 (children first), by PID.
signal_tree() {
  local sig=$1 pid=$2 child
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do
    signal_tree "$sig" "$child"
  done
  kill "-$sig" "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317
cleanup() {
  trap - INT TERM EXIT
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    cx_log "Stopping the silo (pid $app_pid)..."
    signal_tree TERM "$app_pid"
    local deadline=$((SECONDS + 20))
    while kill -0 "$app_pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$app_pid" 2>/dev/null; then
      cx_log "The silo did not stop within 20 s; killing it."
      signal_tree KILL "$app_pid"
    fi
    wait "$app_pid" 2>/dev/null || true
  fi
  local service
  for service in "${started_azurite[@]+"${started_azurite[@]}"}"; do
    cx_azurite_stop "$azurite_dir/azurite-$service.pid"
    cx_log "azurite-$service stopped (data kept in $azurite_dir)."
  done
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

if [[ -n "${CXMPUTE_STORAGE_CONNECTION:-}" ]]; then
  cx_log "CXMPUTE_STORAGE_CONNECTION is set: using that storage, not starting Azurite."
else
  ports=("$table_port")
  [[ "${CXMPUTE_AZURITE_BLOB:-0}" != 1 ]] || ports+=("$blob_port")
  for port in "${ports[@]}"; do
    if cx_port_open 127.0.0.1 "$port"; then
      cx_die "127.0.0.1:$port is already in use — is another ./run.sh (or Azurite) running? Stop it first (scripts/stop-azurite.sh stops one started by scripts/start-azurite.sh)."
    fi
  done
  mkdir -p "$azurite_dir"
  cx_azurite_start table "$azurite_dir" "$table_port"
  started_azurite+=(table)
  if [[ "${CXMPUTE_AZURITE_BLOB:-0}" == 1 ]]; then
    cx_azurite_start blob "$azurite_dir" "$blob_port"
    started_azurite+=(blob)
    CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$table_port" "$blob_port")"
  else
    CXMPUTE_STORAGE_CONNECTION="$(cx_azurite_connection_string "$table_port")"
  fi
fi
export CXMPUTE_STORAGE_CONNECTION

cx_log "Starting the silo: dotnet run --project src/Cxmpute.Silo -c Release -- $*"
# In the background so that a TERM to this script is handled at once (see cleanup).
dotnet run --project src/Cxmpute.Silo -c Release -- "$@" &
app_pid=$!
rc=0
wait "$app_pid" || rc=$?
app_pid=""
cx_log "The silo exited with code $rc."
exit "$rc"
