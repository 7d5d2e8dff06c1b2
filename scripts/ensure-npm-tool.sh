#!/usr/bin/env bash
# Installs the pinned npm dependencies of one folder (tools/openapi-lint, clients/typescript) with `npm ci` when they are
# missing or stale. Usage: scripts/ensure-npm-tool.sh <folder relative to the repository>. Idempotent and safe to run
# concurrently (test assemblies may call it in parallel): a lock serialises installs. Output goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -eq 1 ]] || { echo "usage: $0 <folder>" >&2; exit 2; }
dir="$root/$1"
[[ -f "$dir/package-lock.json" ]] || { echo "error: $1 has no package-lock.json." >&2; exit 1; }
stamp="$dir/node_modules/.cxmpute-installed"

command -v npm >/dev/null 2>&1 || { echo "error: 'npm' was not found on PATH; it installs $1 from its package-lock.json." >&2; exit 1; }

want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
is_current() { [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; }

if ! is_current; then
  lock="${TMPDIR:-/tmp}/cxmpute-npm-$(printf '%s' "$dir" | sha256sum | cut -c1-12).lock"
  exec 9>"$lock"
  flock 9
  if ! is_current; then
    echo "Installing $1 (npm ci)..." >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 1>&2) || {
      echo "error: 'npm ci' in $1 failed (see above). Is the npm registry reachable?" >&2
      exit 1
    }
    echo "$want" >"$stamp"
  fi
  exec 9>&-
fi
