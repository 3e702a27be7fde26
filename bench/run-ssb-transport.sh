#!/usr/bin/env bash
# Regenerates the SSB transport section of BENCHMARKS.md from one run: Kith (JMH) and the JS stack of
# ssb-server (bench/anchors/ssb-transport-bench.mjs) on the same machine, one after the other.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/ssb-transport
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
java -jar bench/target/benchmarks.jar 'social.kith.bench.ssb.TransportBenchmark' \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
node bench/anchors/ssb-transport-bench.mjs 1 5 > "$out/anchor.json"
node bench/report.mjs "$out/spec.json"
