# Shell helpers shared by smoke.sh and golden/capture.sh (source it; bash only).
# The caller sets WORK (a scratch directory) and installs `trap cleanup EXIT`.

PIDS=()

# start_server NAME COMMAND...
# Starts a server whose first stdout line is "The server is running on IP: <ip> port: <port>",
# with its stdin held open through a FIFO (our servers quit when stdin closes).
# Sets NAME_PID, NAME_PORT and NAME_FD (the write end of its stdin).
start_server() {
    local name=$1; shift
    local fifo="$WORK/$name.in" out="$WORK/$name.out"
    mkfifo "$fifo"
    "$@" <"$fifo" >"$out" 2>"$WORK/$name.err" &
    local pid=$! fd
    exec {fd}>"$fifo"
    PIDS+=("$pid")
    local line="" i
    for ((i = 0; i < 100; i++)); do
        line=$(head -n 1 "$out")
        [[ $line == *port:* ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    local re='^The server is running on IP: ([0-9.]+) port: ([0-9]+)$'
    if ! [[ $line =~ $re ]]; then
        echo "FAIL: $name did not announce its port; first line: '$line'; stderr: $(cat "$WORK/$name.err")" >&2
        return 1
    fi
    printf -v "${name}_PID" '%s' "$pid"
    printf -v "${name}_PORT" '%s' "${BASH_REMATCH[2]}"
    printf -v "${name}_FD" '%s' "$fd"
}

# stop_server NAME: closes its stdin, expects it to exit 0 within 5 s, else kills it.
stop_server() {
    local name=$1
    local pid_var="${name}_PID" fd_var="${name}_FD"
    local pid=${!pid_var} fd=${!fd_var}
    exec {fd}>&-
    local i
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        echo "FAIL: $name did not exit after stdin closed" >&2
        return 1
    fi
    local rc=0
    wait "$pid" || rc=$?
    if [ "$rc" != 0 ]; then
        echo "FAIL: $name exited with $rc after stdin closed" >&2
        return 1
    fi
}

# raw_hex PORT: every byte a server on 127.0.0.1:PORT sends until it closes, as lowercase hex.
raw_hex() {
    timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && od -An -v -tx1 <&3' _ "$1" | tr -d ' \n'
}

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
}
