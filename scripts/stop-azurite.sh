#!/usr/bin/env bash
# Stops the Azurite that scripts/start-azurite.sh started (SIGINT, so it saves its data; SIGKILL
# after 10 s).
#
#   scripts/stop-azurite.sh [--location DIR]     (default ${CXMPUTE_DATA_DIR:-<repo>/.data}/azurite)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

location="${CXMPUTE_DATA_DIR:-$CX_REPO_ROOT/.data}/azurite"
while (($#)); do
  case "$1" in
    --location) location=$2; shift 2 ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) cx_die "unknown argument '$1' (see --help)" ;;
  esac
done
for service in table blob; do
  if [[ -f "$location/azurite-$service.pid" ]]; then
    cx_azurite_stop "$location/azurite-$service.pid"
    cx_log "azurite-$service stopped"
  fi
done
