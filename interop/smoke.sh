#!/usr/bin/env bash
# Smoke test of the Qt 5 peers: builds them, checks the fortune protocol
# (decoded text and raw bytes against golden/), the error path, the stdin
# shutdown, and runs every qt-bench workload with small counts.
# Exits non-zero on the first mismatch. Loopback (127.0.0.1) only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/build.sh"
source "$here/lib.sh"
WORK=$(mktemp -d)
trap cleanup EXIT
B="$here/build"
T="timeout 30"

fail() { echo "FAIL: $*" >&2; exit 1; }
mapfile -t FORTUNES <"$here/golden/fortunes.txt"
[ "${#FORTUNES[@]}" = 8 ] || fail "golden/fortunes.txt must hold 8 fortunes"

# 1. Each fixed fortune: the Qt client decodes it, the raw bytes match golden/.
for index in 0 1 2 3 4 5 6 7; do
    start_server FS "$B/qt-fortune-server" --host 127.0.0.1 --port 0 --fortune "$index"
    got=$($T "$B/qt-fortune-client" --host 127.0.0.1 --port "$FS_PORT")
    [ "$got" = "${FORTUNES[$index]}" ] || fail "fortune $index: got '$got', want '${FORTUNES[$index]}'"
    hex=$(raw_hex "$FS_PORT")
    [ "$hex" = "$(cat "$here/golden/fortune-$index.hex")" ] || fail "fortune $index: wire bytes differ from golden/fortune-$index.hex: $hex"
    stop_server FS
    rm -f "$WORK/FS.in"
    echo "ok fortune $index: $got"
done

# 2. Random fortunes: each answer is one of the eight.
start_server FS "$B/qt-fortune-server" --host 127.0.0.1 --port 0
for i in 1 2 3 4 5; do
    got=$($T "$B/qt-fortune-client" --host 127.0.0.1 --port "$FS_PORT")
    found=no
    for f in "${FORTUNES[@]}"; do [ "$got" = "$f" ] && found=yes; done
    [ $found = yes ] || fail "random fortune not in the list: '$got'"
done
stop_server FS
rm -f "$WORK/FS.in"
echo "ok random fortunes; server quit when stdin closed"

# 3. Error path: nothing listens on the port the server just left.
rc=0
err=$($T "$B/qt-fortune-client" --host 127.0.0.1 --port "$FS_PORT" 2>&1 >/dev/null) || rc=$?
[ "$rc" = 1 ] && [ "$err" = "error: Connection refused" ] || fail "refused connection: rc=$rc stderr='$err'"
echo "ok client error: $err"

# 4. Echo server + clients.
check_lines() {   # every line must read "name value unit"
    local out=$1 line
    [ -n "$out" ] || fail "no output"
    while IFS= read -r line; do
        [[ $line =~ ^[a-z0-9_]+\ [0-9]+(\.[0-9]+)?\ [^\ ]+$ ]] || fail "malformed line: '$line'"
        echo "  $line"
    done <<<"$out"
}
start_server ES "$B/qt-echo-server" --host 127.0.0.1 --port 0
echo "qt-bench echo --connections 16 --messages 200 --size 1024"
check_lines "$($T "$B/qt-bench" echo --port "$ES_PORT" --connections 16 --messages 200 --size 1024 --timeout-ms 20000)"
echo "qt-bench pingpong --count 500 (against qt-echo-server)"
check_lines "$($T "$B/qt-bench" pingpong --count 500 --port "$ES_PORT" --timeout-ms 20000)"
stop_server ES

# 5. In-process workloads, small counts.
for args in "loopback --bytes 8388608" "connrate --cycles 300" "pingpong --count 1000" \
            "signals --receivers 1 --iterations 1000000 --max-seconds 5" \
            "signals --receivers 10 --iterations 200000 --max-seconds 5"; do
    echo "qt-bench $args"
    # shellcheck disable=SC2086
    check_lines "$($T "$B/qt-bench" $args --timeout-ms 20000)"
done

echo "smoke.sh: all checks passed"
