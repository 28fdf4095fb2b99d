#!/usr/bin/env bash
# Captures the exact bytes qt-fortune-server (real Qt 5) sends for each fortune
# index into golden/fortune-<index>.hex: one line of lowercase hex, no spaces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
interop=$(dirname "$here")
"$interop/build.sh"
source "$interop/lib.sh"
WORK=$(mktemp -d)
trap cleanup EXIT

for index in 0 1 2 3 4 5 6 7; do
    start_server SRV "$interop/build/qt-fortune-server" --host 127.0.0.1 --port 0 --fortune "$index"
    hex=$(raw_hex "$SRV_PORT")
    stop_server SRV
    rm -f "$WORK/SRV.in"
    [ -n "$hex" ] || { echo "capture.sh: no bytes for fortune $index" >&2; exit 1; }
    echo "$hex" >"$here/fortune-$index.hex"
    echo "fortune-$index.hex: $(( ${#hex} / 2 )) bytes"
done
