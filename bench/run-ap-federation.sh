#!/usr/bin/env bash
# Regenerates the ActivityPub federation section of BENCHMARKS.md from one run that measures Kith
# and Fedify 2.3.6 side by side on loopback (FederationBench drives both; see its Javadoc):
# inbox throughput (signed Create{Note} POSTs accepted per second), fan-out of one post to 500
# follower inboxes, the Kith JVM's memory under that load, and the JDK's RSA-2048 signing rate.
# Raw output lands in bench/results/ap-federation/. Unattended; about 3-6 minutes on 2 cores. Needs Linux
# (the remote actors listen on 127.0.1.x, which Linux routes to loopback without configuration).
# Optional: KITH_BENCH_CHILD_JVM_ARGS="-XX:StartFlightRecording=filename=/tmp/kith.jfr" profiles the Kith JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=bench/results/ap-federation
mkdir -p "$out"
bash node/install.sh
mvn -B -q -DskipTests -pl bench -am package
# kith per round, fedify per round, rounds (after one warm-up), connections, followers, fan-out rounds
java -cp bench/target/benchmarks.jar social.kith.bench.activitypub.FederationBench "$out" "$root" \
  4000 400 3 16 500 5
node bench/report.mjs "$out/spec.json"
