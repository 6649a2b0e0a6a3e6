#!/usr/bin/env bash
# Load benchmark of order-sign against a floor endpoint served by the same server process (see docs/benchmarks.md).
#
#   bench/run.sh                      # build the jar if needed, then measure; results in target/bench/
#   DURATION=30s CONNECTIONS="1 8 32" WARMUP=30s WORKLOAD=typical bench/run.sh
#
# Workloads (WORKLOAD=typical|ire|both, default both), each measured against the floor in the same run:
#   typical  requests of 1-3 ordinary orders (laboratory, imaging, office-visit, surgery CPT codes no policy governs),
#            1 request in 20 also carrying the IRE order, full prefetch: the fixed bodies bench/requests/typical/NN.json
#            (written by bench/typical-requests.py), rotated by bench/post.lua
#   ire      every request the IRE order for pancreatic cancer plus one ungoverned order
#            (bench/requests/order-sign-two-orders.json)
#
# Needs Java 17, Maven, curl and wrk (Debian: apt-get install wrk). The jar is the bench Maven profile's
# (target/bench-build/): the shipped classes plus src/bench/java, which the default build and its jar do not hold.
# The service runs with the "bench" Spring profile, which adds POST /bench/floor: Jackson parses the same body into
# a tree and a fixed small JSON is returned.
# Both endpoints get the same requests with a fresh hookInstance each time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-"1 8 32"}
PORT=${PORT:-18480}
WORKLOAD=${WORKLOAD:-both}
BODY=${BODY:-bench/requests/order-sign-two-orders.json}
TYPICAL=${TYPICAL:-bench/requests/typical}
JAR=${JAR:-target/bench-build/crd-service-0.1.0-SNAPSHOT.jar}
JAVA_OPTS=${JAVA_OPTS:-}
# The audit store: the embedded H2 file by default (under target/bench/data), or e.g. the machine's PostgreSQL:
#   DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/crd_bench DATASOURCE_USER=postgres bench/run.sh
DATASOURCE_URL=${DATASOURCE_URL:-}
DATASOURCE_USER=${DATASOURCE_USER:-}
DATASOURCE_PASSWORD=${DATASOURCE_PASSWORD:-}
OUT=$(pwd)/target/bench
BASE=http://127.0.0.1:$PORT
SERVICE=$BASE/cds-services/crd-order-sign
FLOOR=$BASE/bench/floor

case "$WORKLOAD" in
    typical) workloads="typical" ;;
    ire) workloads="ire" ;;
    both) workloads="typical ire" ;;
    *) echo "WORKLOAD must be typical, ire or both, not '$WORKLOAD'" >&2; exit 2 ;;
esac
[ -f "$TYPICAL/01.json" ] || { echo "no typical bodies in $TYPICAL: python3 bench/typical-requests.py" >&2; exit 2; }
for tool in java curl wrk jcmd awk; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (wrk: apt-get install wrk)" >&2; exit 2; }
done
mkdir -p "$OUT"
if [ ! -f "$JAR" ] || [ "${BUILD:-}" = 1 ]; then
    mvn -B -q -Pbench package -DskipTests
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
report=$OUT/results-$stamp.md
log=$OUT/server-$stamp.log
jar=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
app=$OUT/app   # the jar unpacked and its class-data-sharing archive, as the Dockerfile builds them

# --- the Docker image's launch form: unpacked jar plus a CDS archive from a training start (see Dockerfile)
if [ ! -f "$app/crd-service.jsa" ] || [ "$jar" -nt "$app/crd-service.jsa" ]; then
    rm -rf "$app"
    java -Djarmode=tools -jar "$jar" extract --destination "$app" > /dev/null
    mv "$app"/crd-service-*.jar "$app/crd-service.jar"
    # The training start exits at refresh, possibly before H2 has written its migration to the file: give it a
    # throwaway working directory, so its H2 audit file is never the one the measured starts use.
    rm -rf "$OUT/training" && mkdir -p "$OUT/training"
    (cd "$OUT/training" && java -XX:DumpLoadedClassList="$app/classes.lst" -Dspring.context.exit=onRefresh \
        -jar "$app/crd-service.jar" > "$OUT/cds-training.log" 2>&1)
    grep -v '^@lambda' "$app/classes.lst" > "$app/classes-no-lambda.lst"
    (cd "$OUT" && java -Xshare:dump -XX:SharedClassListFile="$app/classes-no-lambda.lst" \
        -XX:SharedArchiveFile="$app/crd-service.jsa" -jar "$app/crd-service.jar" > "$OUT/cds-dump.log" 2>&1)
fi

db_args=()
if [ -n "$DATASOURCE_URL" ]; then
    db_args=(--spring.datasource.url="$DATASOURCE_URL" --spring.datasource.username="$DATASOURCE_USER"
             --spring.datasource.password="$DATASOURCE_PASSWORD")
fi
server=""
trap '[ -n "$server" ] && { kill $server 2>/dev/null; wait $server 2>/dev/null || true; }' EXIT
# start <jar|image> <log> [args...]: launches the service (working directory target/bench, so its H2 audit file
# lands there) and waits for readiness UP, which needs every policy loaded and compiled. Sets server, ready_ms, cpu_s.
start() {
    local form=$1 out=$2; shift 2
    local launched
    launched=$(date +%s%N)
    if [ "$form" = image ]; then
        # shellcheck disable=SC2086
        (cd "$OUT" && exec java -XX:SharedArchiveFile="$app/crd-service.jsa" $JAVA_OPTS -jar "$app/crd-service.jar" \
            --server.port="$PORT" "${db_args[@]}" "$@") > "$out" 2>&1 &
    else
        # shellcheck disable=SC2086
        (cd "$OUT" && exec java $JAVA_OPTS -jar "$jar" --server.port="$PORT" "${db_args[@]}" "$@") > "$out" 2>&1 &
    fi
    server=$!
    until curl -fs -o /dev/null "$BASE/actuator/health/readiness"; do
        kill -0 $server 2>/dev/null || { echo "the service died; see $out" >&2; exit 1; }
        sleep 0.05
    done
    ready_ms=$(( ($(date +%s%N) - launched) / 1000000 ))
    cpu_s=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' /proc/$server/stat)
}
stop() {
    kill $server; wait $server 2>/dev/null || true; server=""
}

# --- start-to-ready, STARTS times in each launch form: the plain jar (java -jar) and the image's
startups=""
for form in jar image; do
    for i in $(seq 1 "${STARTS:-3}"); do
        start $form "$OUT/startup-$form-$i.log"
        startups+="| $form | $i | $ready_ms | $cpu_s | $(grep -o 'Loaded [0-9]* policies in [0-9]* ms' "$OUT/startup-$form-$i.log") |"$'\n'
        stop
    done
done

# --- the load test, on the image's launch form with the bench profile (adds POST /bench/floor)
start image "$log" --spring.profiles.active=bench
bodies_of() {  # workload -> the request body files it sends
    if [ "$1" = typical ]; then ls "$TYPICAL"/[0-9][0-9].json; else echo "$BODY"; fi
}
for w in $workloads; do
    for body in $(bodies_of "$w"); do
        for url in "$SERVICE" "$FLOOR"; do
            status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
                --data-binary @"$body" "$url")
            [ "$status" = 200 ] || { echo "$url answered $status to $body" >&2; exit 1; }
        done
    done
done

# --- warm up both endpoints with every workload (JIT), then measure the heap: in use, and live after a full GC
run_wrk() {  # url connections duration workload -> RESULT line
    local threads=$(( $2 < 2 ? 1 : 2 ))
    if [ "$4" = typical ]; then
        BENCH_BODIES="$TYPICAL" BENCH_BODY="" wrk -t"$threads" -c"$2" -d"$3" --timeout 10s -s bench/post.lua "$1" \
            | grep '^RESULT'
    else
        BENCH_BODIES="" BENCH_BODY="$BODY" wrk -t"$threads" -c"$2" -d"$3" --timeout 10s -s bench/post.lua "$1" \
            | grep '^RESULT'
    fi
}
for w in $workloads; do
    run_wrk "$SERVICE" 8 "$WARMUP" "$w" > /dev/null
    run_wrk "$FLOOR" 8 "$WARMUP" "$w" > /dev/null
done
heap() {  # "<used MB> <committed MB>" from the JVM's own heap summary
    jcmd $server GC.heap_info | awk '/ total [0-9]+K, used [0-9]+K/ {
        for (i = 1; i <= NF; i++) { if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) }
        gsub(/[K,]/, "", t); gsub(/[K,]/, "", u); printf "%.0f %.0f", u / 1024, t / 1024; exit }'
}
read -r heap_used_mb _ <<< "$(heap)"
jcmd $server GC.run > /dev/null
read -r heap_live_mb heap_committed_mb <<< "$(heap)"

# --- measure: for each workload, at each connection count, the floor then order-sign, back to back
field() { echo "$1" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
rows=""
for w in $workloads; do
    for c in $CONNECTIONS; do
        floor=$(run_wrk "$FLOOR" "$c" "$DURATION" "$w")
        sign=$(run_wrk "$SERVICE" "$c" "$DURATION" "$w")
        for r in "$floor" "$sign"; do
            bad=$(( $(field "$r" errors) + $(field "$r" non2xx) ))
            [ "$bad" = 0 ] || { echo "errors during the $w run at $c connections: $r" >&2; exit 1; }
        done
        rows+=$(awk -v w="$w" -v c="$c" \
            -v fr="$(field "$floor" requests)" -v fd="$(field "$floor" duration_us)" \
            -v f50="$(field "$floor" p50_us)" -v f99="$(field "$floor" p99_us)" \
            -v sr="$(field "$sign" requests)" -v sd="$(field "$sign" duration_us)" \
            -v s50="$(field "$sign" p50_us)" -v s99="$(field "$sign" p99_us)" 'BEGIN {
                frps = fr / (fd / 1e6); srps = sr / (sd / 1e6);
                printf "| %s | %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f |\n",
                    w, c, frps, f50 / 1000, f99 / 1000, srps, s50 / 1000, s99 / 1000, srps / frps, s50 / f50, s99 / f99 }')
        rows+=$'\n'
    done
done

scrape=$(curl -fs "$BASE/actuator/prometheus")
mean_ms() {  # mean of a Prometheus summary/histogram in milliseconds: <name> <label filter>
    echo "$scrape" | awk -v n="$1" -v f="$2" '
        index($0, n "_seconds_sum") == 1 && index($0, f) { s += $2 }
        index($0, n "_seconds_count") == 1 && index($0, f) { c += $2 }
        END { if (c > 0) printf "%.2f", 1000 * s / c; else printf "n/a" }'
}
call_ms=$(mean_ms crd_hook_calls 'service="crd-order-sign"')
audit_ms=$(mean_ms crd_audit_write '')
{
    echo "# order-sign load benchmark, $stamp"
    echo
    echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"\
         "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM; $(java -version 2>&1 | head -1);"\
         "load average before: $load_before."
    echo "Workloads: $workloads (typical: the bodies $TYPICAL/NN.json in turn; ire: $BODY);"\
         "$DURATION per run after $WARMUP warm-up per endpoint and workload; wrk 1 thread at 1 connection, 2 above."
    echo "JAVA_OPTS: ${JAVA_OPTS:-none}. Audit store: ${DATASOURCE_URL:-embedded H2 file (the default)}."
    echo
    echo "| workload | connections | floor req/s | floor p50 ms | floor p99 ms | order-sign req/s | order-sign p50 ms | order-sign p99 ms | throughput ratio | p50 ratio | p99 ratio |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s' "$rows"
    echo
    echo "Server-side means over the whole run (from /actuator/prometheus): order-sign call $call_ms ms, audit write $audit_ms ms."
    echo
    echo "Start to ready (process launch to readiness UP, policies compiled and warmed up):"
    echo
    echo "| launch | run | ready ms | CPU s by then | policy catalog |"
    echo "|---|---|---|---|---|"
    printf '%s' "$startups"
    echo
    echo "Heap after warm-up: $heap_used_mb MB in use, $heap_live_mb MB live after a full GC, $heap_committed_mb MB committed."
    echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} | tee "$report"
echo "(written to $report; server log $log)"
