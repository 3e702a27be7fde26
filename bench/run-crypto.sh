#!/usr/bin/env bash
# Regenerates the Crypto section of BENCHMARKS.md from one run: Kith (JMH) and libsodium
# (sodium-native, bench/anchors/sodium-bench.mjs) on the same machine, one after the other.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/crypto
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
java -jar bench/target/benchmarks.jar 'social.kith.bench.crypto.CryptoBenchmark' \
  -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
node bench/anchors/sodium-bench.mjs 1 5 > "$out/anchor.json"
node bench/report.mjs "$out/spec.json"
