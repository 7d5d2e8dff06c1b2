#!/usr/bin/env bash
# Starts Azurite in the background on 127.0.0.1, waits until it accepts connections (30 s), and
# prints its connection string on stdout. Stop it with scripts/stop-azurite.sh --location DIR.
#
#   scripts/start-azurite.sh [--location DIR] [--table-port PORT] [--blob-port PORT|--no-blob]
#
# Defaults: --location ${CXMPUTE_DATA_DIR:-<repo>/.data}/azurite, table port 10002, blob port 10000.
# PID files: DIR/azurite-table.pid and DIR/azurite-blob.pid; logs: DIR/azurite-*.log.
# Azurite is not tied to this shell: it runs until stopped.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

location="${CXMPUTE_DATA_DIR:-$CX_REPO_ROOT/.data}/azurite"
table_port=10002
blob_port=10000
while (($#)); do
  case "$1" in
    --location) location=$2; shift 2 ;;
    --table-port) table_port=$2; shift 2 ;;
    --blob-port) blob_port=$2; shift 2 ;;
    --no-blob) blob_port=""; shift ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) cx_die "unknown argument '$1' (see --help)" ;;
  esac
done
mkdir -p "$location"
location="$(cd "$location" && pwd)"

# Not tied to this short-lived shell (no parent watchdog).
export CXMPUTE_AZURITE_WATCH_PID=0
cx_azurite_start table "$location" "$table_port"
if [[ -n "$blob_port" ]]; then
  cx_azurite_start blob "$location" "$blob_port" || {
    cx_azurite_stop "$location/azurite-table.pid"
    exit 1
  }
fi
cx_azurite_connection_string "$table_port" "$blob_port"
