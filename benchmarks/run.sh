#!/usr/bin/env bash
# Runs every qtj benchmark beside its baselines (plain Java, Guava EventBus, plain NIO, Netty, and
# real Qt 5 C++ from interop/) and writes docs/performance.md with its charts.
#
#   benchmarks/run.sh                 # about 10 minutes on 2 cores
#   benchmarks/run.sh --report-only   # rewrite docs/performance.md from the last run's results
#
# Everything runs on 127.0.0.1; every step is bounded by `timeout`; servers it starts are stopped
# on exit. Results of the run: benchmarks/target/perf-run/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/perf-run
QT_BENCH=interop/build/qt-bench
QT_ECHO=interop/build/qt-echo-server
JAVA=${JAVA:-java}
# Short JMH settings, sized per benchmark (see docs/performance.md for what each measures); two
# forks each, because one fork on a shared 2-core machine gave errors of +-40%.
JMH_MICRO=(-f 2 -wi 3 -i 5 -w 1s -r 1s)
JMH_NET=(-f 2 -wi 2 -i 5 -w 2s -r 2s)

log() { printf '\n=== %s (%s)\n' "$*" "$(date +%T)"; }

write_report() {
    log "writing docs/performance.md"
    "$JAVA" -Djava.awt.headless=true -cp "$JAR" io.qtj.benchmarks.Report "$OUT" docs
    if [ -f benchmarks/performance-notes.md ]; then
        { echo; cat benchmarks/performance-notes.md; } >> docs/performance.md
    fi
}

if [ "${1:-}" = --report-only ]; then
    write_report
    exit 0
fi

PIDS=()
cleanup() {
    exec 3>&- 2>/dev/null || true
    for p in "${PIDS[@]:-}"; do
        [ -n "$p" ] && kill "$p" 2>/dev/null || true
    done
}
trap cleanup EXIT

rm -rf "$OUT"
mkdir -p "$OUT"
START=$(date +%s)

log "building the benchmark jar"
if [ ! -f "$JAR" ] || [ -n "$(find benchmarks/src qtcore-j/src/main qtnetwork-j/src/main -newer "$JAR" -type f | head -1)" ]; then
    timeout 600 mvn -B -q -pl benchmarks -am package -DskipTests
fi

HAVE_QT=1
log "building the Qt 5 peers (interop/build.sh)"
if ! timeout 600 interop/build.sh; then
    echo "warning: interop/build.sh failed: the Qt 5 column will read n/a" >&2
    HAVE_QT=0
fi

# 5,000 idle connections per process need more than the usual 1024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FDS=$(ulimit -n)
CONNECTIONS=5000
if [ "$FDS" != unlimited ] && [ "$FDS" -lt $((CONNECTIONS + 1000)) ]; then
    CONNECTIONS=$((FDS - 1000))
    echo "warning: ulimit -n is $FDS; measuring $CONNECTIONS idle connections instead of 5000" >&2
fi

others() {
    # Busy processes this script did not start (other builds on a shared machine).
    ps -eo pid,pcpu,comm --no-headers | awk -v me=$$ '$2 > 5.0 && $1 != me {print $3}' | sort | uniq -c | tr '\n' ';'
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
OTHERS_BEFORE=$(others)

log "JMH: signals and object tree (-prof gc)"
timeout 300 "$JAVA" -jar "$JAR" 'SignalEmitBenchmark|ObjectTreeBenchmark' "${JMH_MICRO[@]}" -prof gc \
    -rf csv -rff "$OUT/jmh-micro.csv" | tee "$OUT/jmh-micro.log" | grep -E '^(Signal|Object)' || true

log "direct emission vs plain call, interleaved"
timeout 120 "$JAVA" -cp "$JAR" io.qtj.benchmarks.EmitRatio | tee "$OUT/emitratio.txt"

log "JMH: queued delivery (-prof gc)"
timeout 300 "$JAVA" -jar "$JAR" 'QueuedDeliveryBenchmark' "${JMH_MICRO[@]}" -prof gc \
    -rf csv -rff "$OUT/jmh-queued.csv" | tee "$OUT/jmh-queued.log" | grep -E '^Queued' || true

log "JMH: TCP loopback, echo, connection rate"
timeout 600 "$JAVA" -jar "$JAR" 'LoopbackBenchmark|EchoBenchmark|ConnRateBenchmark' "${JMH_NET[@]}" \
    -rf csv -rff "$OUT/jmh-net.csv" | tee "$OUT/jmh-net.log" | grep -E '^(Loopback|Echo|ConnRate)' || true

log "loopback, connection rate and echo vs NIO, Netty and Qt 5, interleaved"
QT_RATIO=()
[ "$HAVE_QT" = 1 ] && QT_RATIO=(--qt-bench "$QT_BENCH" --qt-echo-server "$QT_ECHO")
timeout 180 "$JAVA" -cp "$JAR" io.qtj.benchmarks.NetRatio "${QT_RATIO[@]}" | tee "$OUT/netratio.txt"

log "ping-pong latency"
timeout 180 "$JAVA" -cp "$JAR" io.qtj.benchmarks.PingPong --count 40000 --warmup-runs 10 --rounds 10 | tee "$OUT/pingpong.txt"

log "idle connected sockets ($CONNECTIONS, ulimit -n $FDS)"
timeout 300 "$JAVA" -Xmx1g -cp "$JAR" io.qtj.benchmarks.IdleSockets --connections "$CONNECTIONS" | tee "$OUT/idle.txt"

# Qt 5 C++: each workload 3 times in separate processes; the report takes the mean.
mean3() {  # prefix, then the command; prints "prefix_name mean unit" per output line name
    local prefix=$1; shift
    local tmp="$OUT/qt-raw-$prefix.txt"
    : > "$tmp"
    for _ in 1 2 3; do
        timeout 120 "$@" >> "$tmp"
    done
    awk -v p="$prefix" '{s[$1]+=$2; n[$1]++; u[$1]=$3} END {for (k in s) printf "%s_%s %.3f %s\n", p, k, s[k]/n[k], u[k]}' "$tmp" | sort
}
if [ "$HAVE_QT" = 1 ]; then
    log "Qt 5 C++: signals, loopback, connrate, pingpong, echo"
    {
        mean3 qt_r1 "$QT_BENCH" signals --receivers 1 --iterations 50000000 --max-seconds 5
        mean3 qt_r10 "$QT_BENCH" signals --receivers 10 --iterations 20000000 --max-seconds 5
        mean3 qt "$QT_BENCH" loopback
        mean3 qt "$QT_BENCH" connrate --cycles 40000
        mean3 qt "$QT_BENCH" pingpong --count 10000
        rm -f "$OUT/echo.in"
        mkfifo "$OUT/echo.in"
        "$QT_ECHO" --port 0 < "$OUT/echo.in" > "$OUT/echo.port" &
        PIDS+=($!)
        ECHO_PID=$!
        exec 3> "$OUT/echo.in"
        for _ in $(seq 50); do
            grep -q 'port:' "$OUT/echo.port" 2>/dev/null && break
            sleep 0.1
        done
        ECHO_PORT=$(sed -n 's/.*port: \([0-9]*\).*/\1/p' "$OUT/echo.port")
        mean3 qt "$QT_BENCH" echo --port "$ECHO_PORT" --connections 16 --messages 2000 --size 1024
        exec 3>&-
        wait "$ECHO_PID" || true
    } | tee "$OUT/qt.txt"
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
OTHERS_AFTER=$(others)
ELAPSED=$(( $(date +%s) - START ))

{
    echo "## Machine and run"
    echo
    echo "- CPUs: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
    echo "- Memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "- OS: $(uname -sr)"
    echo "- JDK: $("$JAVA" -version 2>&1 | sed -n 2p)"
    echo "- Qt: $(pkg-config --modversion Qt5Core 2>/dev/null || echo 'not installed'), g++ -O2"
    echo "- Netty $(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' pom.xml), Guava $(sed -n 's:.*<guava.version>\(.*\)</guava.version>.*:\1:p' pom.xml), JMH $(sed -n 's:.*<jmh.version>\(.*\)</jmh.version>.*:\1:p' pom.xml)"
    echo "- Command: \`benchmarks/run.sh\` (JMH micro: \`${JMH_MICRO[*]}\`; network: \`${JMH_NET[*]}\`), $(date -u +%Y-%m-%d), took ${ELAPSED} s"
    echo "- ulimit -n: $FDS"
    echo "- Load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
    if [ -n "$OTHERS_BEFORE$OTHERS_AFTER" ]; then
        echo "- **The machine was shared during this run**: other busy processes (count, name) at the start: \`${OTHERS_BEFORE:-none}\`, at the end: \`${OTHERS_AFTER:-none}\`. Figures are noisier than on an idle machine; ratios (measured in the same run) hold up better than absolute values."
    else
        echo "- No other busy process was seen at the start or end of the run."
    fi
} > "$OUT/machine.md"

write_report
echo "done in ${ELAPSED} s: docs/performance.md"
