#!/usr/bin/env bash
# Regenerates the SSB data layer section of BENCHMARKS.md from one run: Kith (JMH: validation and
# store; ValidationMemory: memory) and ssb-validate 4.1.4 (bench/anchors/ssb-validate-bench.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/ssb-data
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
java -jar bench/target/benchmarks.jar 'social.kith.bench.ssb.(ValidationBenchmark|StoreBenchmark)' \
  -f 1 -wi 2 -w 1s -i 5 -r 1s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
java -Xmx256m -cp bench/target/benchmarks.jar social.kith.bench.ssb.ValidationMemory 100000 10000 > "$out/memory.json"
node bench/anchors/ssb-validate-bench.mjs 20000 5 > "$out/anchor.json"
node bench/report.mjs "$out/spec.json"
