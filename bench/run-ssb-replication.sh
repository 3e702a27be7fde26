#!/usr/bin/env bash
# Regenerates the SSB replication section of BENCHMARKS.md from one run: two ssb-server 16.0.1 peers
# replicating the benchmark feed JS to JS (bench/anchors/ssb-replication-bench.mjs), then Kith
# (ReplicationRun: validate-and-store, Kith from Kith, Kith from ssb-server, and the -Xmx256m memory
# child), all on 127.0.0.1, one after the other. About 6 minutes on the 2-core machine.
# Sizes can be overridden for a quick try: MESSAGES=2000 MEMORY_MESSAGES=5000 bench/run-ssb-replication.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/ssb-replication
messages="${MESSAGES:-20000}"
memory_messages="${MEMORY_MESSAGES:-100000}"
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
# JS to JS: median of 3 runs per mode, each into a fresh follower.
node bench/anchors/ssb-replication-bench.mjs "$messages" 3 ebt,legacy > "$out/anchor.json" 2> >(grep -v 'stream legacy api used' >&2)
# Kith: 2 warm-ups and 5 timed runs per case, each into a fresh store; then the memory child.
java -cp bench/target/benchmarks.jar social.kith.bench.ssb.ReplicationRun "$out" "$messages" 5 "$memory_messages" 2 \
  2> >(grep --line-buffered -v 'stream legacy api used' | tee "$out/kith.log" >&2)
node bench/report.mjs "$out/spec.json"
