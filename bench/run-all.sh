#!/usr/bin/env bash
# Regenerates every section of BENCHMARKS.md, one section (one run beside its anchor) at a time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for s in crypto ssb-data ssb-transport ssb-replication activitypub ap-federation; do
  "$root/bench/run-$s.sh"
done
