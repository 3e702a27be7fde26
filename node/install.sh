#!/usr/bin/env bash
# Installs the locked npm packages of the Node helpers (npm ci) unless node_modules already matches
# package-lock.json. Idempotent and safe to run from parallel builds (flock). Used by the tests
# (social.kith.testkit.Node) and the benchmark scripts; a newcomer never needs to run it by hand.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "node/install.sh: Node 20 is required on the PATH" >&2; exit 2; }
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
stamp="$dir/node_modules/.kith-installed"
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0
exec 9>"$dir/.install.lock"
flock 9
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
echo "$want" > "$stamp"
