#!/usr/bin/env bash
# Regenerates the ActivityPub protocol layer section of BENCHMARKS.md from one run: Kith (JMH:
# ParseBenchmark, SignatureBenchmark) and Fedify 2.3.6 plus the parse+RSA bound (bench/anchors/ap-verify-bench.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/activitypub
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
java -jar bench/target/benchmarks.jar 'social.kith.bench.activitypub.(ParseBenchmark|SignatureBenchmark)' \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
node bench/anchors/ap-verify-bench.mjs 1 5 > "$out/anchor.json"
node bench/report.mjs "$out/spec.json"
