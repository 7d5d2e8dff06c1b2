#!/usr/bin/env bash
# Installs the pinned Azurite (tools/azurite) when it is missing or stale, then prints the path of
# the azurite-table binary on stdout (everything else goes to stderr). Idempotent and safe to run
# concurrently (test assemblies may call it in parallel): a lock serialises installs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tools/azurite"
bin="$dir/node_modules/.bin/azurite-table"
stamp="$dir/node_modules/.cxmpute-installed"

command -v node >/dev/null 2>&1 || { echo "error: 'node' was not found on PATH; Azurite needs Node.js (20 or newer)." >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "error: 'npm' was not found on PATH; it installs Azurite from tools/azurite/package-lock.json." >&2; exit 1; }

# The install is current when the stamp holds the hash of package.json + package-lock.json and
# every binary is in place.
want="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
is_current() {
  [[ -x "$bin" && -x "$dir/node_modules/.bin/azurite-blob" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]
}

if ! is_current; then
  # The lock lives outside the work tree (npm ci deletes node_modules; git must not see it).
  lock="${TMPDIR:-/tmp}/cxmpute-azurite-$(printf '%s' "$dir" | sha256sum | cut -c1-12).lock"
  exec 9>"$lock"
  flock 9
  if ! is_current; then # someone else may have installed it while we waited
    echo "Installing Azurite (npm ci in tools/azurite)..." >&2
    start=$SECONDS
    # npm ci removes node_modules itself; its output goes to stderr so stdout stays the path.
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 1>&2) || {
      echo "error: 'npm ci' in tools/azurite failed (see above). Is the npm registry reachable?" >&2
      exit 1
    }
    [[ -x "$bin" ]] || { echo "error: npm ci finished but $bin is missing." >&2; exit 1; }
    echo "$want" >"$stamp"
    echo "Azurite installed in $((SECONDS - start)) s." >&2
  fi
  exec 9>&-
fi

printf '%s\n' "$bin"
