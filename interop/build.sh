#!/usr/bin/env bash
# Builds the Qt 5 peer programs into interop/build/ with g++ and pkg-config.
# A program is rebuilt only when one of its inputs is newer than its binary.
# Exit codes: 0 built or up to date, 1 compile error, 2 Qt 5 development files missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists Qt5Network; then
    echo "build.sh: Qt 5 development files not found (pkg-config Qt5Network failed)." >&2
    echo "build.sh: install them with: apt-get install -y qtbase5-dev g++ make pkg-config" >&2
    exit 2
fi
CXX=${CXX:-g++}
if ! command -v "$CXX" >/dev/null 2>&1; then
    echo "build.sh: C++ compiler '$CXX' not found (apt-get install -y g++)." >&2
    exit 2
fi

mkdir -p build
read -r -a QT_FLAGS <<<"$(pkg-config --cflags --libs Qt5Network)"
MOC="$(pkg-config --variable=host_bins Qt5Core)/moc"

# newer_than TARGET INPUT...: true when TARGET is missing or older than an input.
newer_than() {
    local target=$1; shift
    [ -e "$target" ] || return 0
    local f
    for f in "$@"; do
        [ "$f" -nt "$target" ] && return 0
    done
    return 1
}

compile() {   # compile NAME EXTRA_INPUT...
    local name=$1; shift
    local inputs=("$name.cpp" "$@" build.sh)
    if newer_than "build/$name" "${inputs[@]}"; then
        echo "build.sh: compiling $name" >&2
        "$CXX" -O2 -std=c++17 -fPIC -Wall -Wextra -Ibuild -o "build/$name.tmp" "$name.cpp" \
            "${QT_FLAGS[@]}" -lpthread
        mv "build/$name.tmp" "build/$name"
    fi
}

compile qt-fortune-server fortunes.h
compile qt-fortune-client
compile qt-echo-server

# qt-bench declares a signal (Q_OBJECT), so it goes through moc first.
if newer_than build/qt-bench.moc qt-bench.cpp; then
    [ -x "$MOC" ] || { echo "build.sh: moc not found at $MOC" >&2; exit 2; }
    "$MOC" qt-bench.cpp -o build/qt-bench.moc
fi
compile qt-bench build/qt-bench.moc
