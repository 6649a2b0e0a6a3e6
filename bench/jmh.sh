#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the request path (src/test/java/org/payercrd/bench/*Benchmark.java).
# Usage: bench/jmh.sh [JMH options, e.g. a benchmark regex or -prof gc]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
    -rf json -rff target/jmh-result.json "${@:-OrderSignBenchmark}"
