# shellcheck shell=bash
# Shared helpers for test.sh, run.sh and scripts/*. Source it; do not execute it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib.sh"
#
# Azurite helpers:
#   cx_azurite_start SERVICE LOCATION PORT [PIDFILE]   SERVICE = table | blob
#       Starts azurite-SERVICE bound to 127.0.0.1:PORT with data under LOCATION, waits (30 s) until
#       the port accepts connections, records the PID in PIDFILE (default LOCATION/azurite-SERVICE.pid)
#       and in CX_AZURITE_PID. Its output goes to LOCATION/azurite-SERVICE.log.
#       Refuses (returns 1) if something already listens on PORT.
#   cx_azurite_stop PIDFILE|PID [TIMEOUT_S]
#       SIGINT (Azurite then saves its data and exits), SIGKILL after TIMEOUT_S (default 10). Idempotent.
#   cx_azurite_connection_string TABLE_PORT [BLOB_PORT]
#       Prints the connection string of Azurite's well-known dev account for those endpoints.
#
# Process and HTTP helpers (run.sh):
#   cx_detach_prefix
#       Prints "setsid" when available: a command started in the background as `setsid CMD &` keeps
#       its PID ($!) but runs in a session of its own, so a Ctrl-C in the terminal does not reach it.
#   cx_http_status HOST PORT PATH
#       GET http://HOST:PORT/PATH (plain bash, no curl) and print the status code; prints nothing
#       when nothing answers within 5 s.
#   cx_wait_http HOST PORT PATH TIMEOUT_S [PID]
#       Wait until GET PATH answers 200. Returns 1 on timeout, 2 when PID has exited.

CX_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CX_REPO_ROOT

# Azurite's well-known development account (public, documented by Microsoft; not a secret).
CX_AZURITE_ACCOUNT="devstoreaccount1"
CX_AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

cx_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cx_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# cx_require CMD HINT — fail with a clear message when a tool is missing.
cx_require() {
  command -v "$1" >/dev/null 2>&1 || cx_die "'$1' was not found on PATH. $2"
}

# cx_port_open HOST PORT — true when something accepts TCP connections there.
cx_port_open() {
  (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
}

# cx_wait_port HOST PORT TIMEOUT_S [PID] — wait until the port accepts connections.
# With PID, fail early when that process has exited.
cx_wait_port() {
  local host=$1 port=$2 timeout=$3 pid=${4:-}
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if cx_port_open "$host" "$port"; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 2
    fi
    sleep 0.1
  done
  return 1
}

# cx_azurite_bin SERVICE — path of the installed azurite-SERVICE binary (installs it when needed).
cx_azurite_bin() {
  local service=${1:-table} table_bin
  table_bin="$("$CX_REPO_ROOT/scripts/ensure-azurite.sh")" || return 1
  printf '%s\n' "$(dirname "$table_bin")/azurite-$service"
}

cx_azurite_start() {
  local service=$1 location=$2 port=$3 pidfile=${4:-}
  case "$service" in
    table | blob) ;;
    *) cx_log "cx_azurite_start: unknown service '$service' (table|blob)"; return 1 ;;
  esac
  [[ -n "$pidfile" ]] || pidfile="$location/azurite-$service.pid"
  if cx_port_open 127.0.0.1 "$port"; then
    cx_log "error: something already listens on 127.0.0.1:$port (another Azurite or run.sh?). Stop it or pick another port."
    return 1
  fi
  local bin
  bin="$(cx_azurite_bin "$service")" || return 1
  mkdir -p "$location" "$(dirname "$pidfile")"
  local log="$location/azurite-$service.log"
  # The watchdog ends Azurite when the process that started it (this shell, or
  # CXMPUTE_AZURITE_WATCH_PID) is gone, so an aborted run leaves no orphan behind.
  # With CX_DETACH=1 it runs in a session of its own (setsid), out of reach of the terminal's Ctrl-C,
  # so that the caller decides when it stops (run.sh stops it after the silos).
  local launcher=()
  [[ "${CX_DETACH:-0}" != 1 ]] || mapfile -t launcher < <(cx_detach_prefix)
  CXMPUTE_AZURITE_WATCH_PID="${CXMPUTE_AZURITE_WATCH_PID:-$$}" \
    NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--require \"$CX_REPO_ROOT/scripts/azurite-watchdog.cjs\"" \
    "${launcher[@]+"${launcher[@]}"}" "$bin" --location "$location" "--${service}Host" 127.0.0.1 "--${service}Port" "$port" \
    --disableTelemetry --silent >>"$log" 2>&1 </dev/null &
  CX_AZURITE_PID=$!
  echo "$CX_AZURITE_PID" >"$pidfile"
  local rc=0
  cx_wait_port 127.0.0.1 "$port" 30 "$CX_AZURITE_PID" || rc=$?
  if ((rc != 0)); then
    if ((rc == 2)); then
      cx_log "error: azurite-$service exited before listening on 127.0.0.1:$port. Last lines of $log:"
    else
      cx_log "error: azurite-$service did not accept connections on 127.0.0.1:$port within 30 s. Last lines of $log:"
    fi
    tail -n 20 "$log" >&2 || true
    cx_azurite_stop "$pidfile" 2 || true
    return 1
  fi
  cx_log "azurite-$service listening on 127.0.0.1:$port (pid $CX_AZURITE_PID, data in $location)"
}

cx_azurite_stop() {
  local target=$1 timeout=${2:-10} pid pidfile=""
  if [[ "$target" =~ ^[0-9]+$ ]]; then
    pid=$target
  else
    pidfile=$target
    [[ -f "$pidfile" ]] || return 0
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || { rm -f "$pidfile"; return 0; }
  fi
  if kill -0 "$pid" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true # a paused Azurite cannot handle SIGTERM
    kill -INT "$pid" 2>/dev/null || true # Azurite closes and saves its data on SIGINT
    local deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  fi
  [[ -z "$pidfile" ]] || rm -f "$pidfile"
}

cx_azurite_connection_string() {
  local table_port=$1 blob_port=${2:-}
  local cs="DefaultEndpointsProtocol=http;AccountName=$CX_AZURITE_ACCOUNT;AccountKey=$CX_AZURITE_KEY;"
  [[ -z "$blob_port" ]] || cs+="BlobEndpoint=http://127.0.0.1:$blob_port/$CX_AZURITE_ACCOUNT;"
  cs+="TableEndpoint=http://127.0.0.1:$table_port/$CX_AZURITE_ACCOUNT;"
  printf '%s\n' "$cs"
}

cx_detach_prefix() {
  if command -v setsid >/dev/null 2>&1; then printf 'setsid\n'; fi
}

cx_http_status() {
  local host=$1 port=$2 path=$3
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n" "$2" "$0" "$1" >&3
    IFS=" " read -r _ code _ <&3 && printf "%s\n" "$code"
  ' "$host" "$port" "$path" 2>/dev/null || true
}

cx_wait_http() {
  local host=$1 port=$2 path=$3 timeout=$4 pid=${5:-}
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if [[ "$(cx_http_status "$host" "$port" "$path")" == 200 ]]; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 2
    fi
    sleep 0.5
  done
  return 1
}
