#!/usr/bin/env bash
# Prepares this machine for the proxy tests (io.qtj.network.testing.DanteProxy).
#
# Dante's "socksmethod: username" (RFC 1929) checks the SYSTEM password database, so the
# username/password SOCKS5 tests need a real system user. This script creates it, or resets
# its password if it exists: safe to run any number of times. It installs nothing: run
#     apt-get install dante-server tinyproxy
# first. Must run as root. The user has no home and no login shell.
#
# Keep TEST_USER and TEST_PASSWORD in step with DanteProxy.TEST_USER / TEST_PASSWORD.
set -euo pipefail

readonly TEST_USER=qtjproxy
readonly TEST_PASSWORD=qtj-socks-test

if [ "$(id -u)" != 0 ]; then
    echo "$0: must run as root (try: sudo $0)" >&2
    exit 1
fi

if ! getent passwd "$TEST_USER" >/dev/null; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        --comment "qtj proxy tests (SOCKS5 username/password)" "$TEST_USER"
fi
echo "$TEST_USER:$TEST_PASSWORD" | chpasswd
echo "$0: system user '$TEST_USER' is ready for the SOCKS5 username/password tests"
