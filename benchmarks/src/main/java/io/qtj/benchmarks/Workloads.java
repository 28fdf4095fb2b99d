package io.qtj.benchmarks;

import java.util.Arrays;

/** Sizes and helpers shared by the TCP workloads of every implementation. */
final class Workloads {
    /** Qt's Loopback example: 50 MiB in 64 KiB payloads. */
    static final long LOOPBACK_BYTES = 50L * 1024 * 1024;
    static final int PAYLOAD = 64 * 1024;
    /** The echo workload: 16 connections, 1 KiB messages, one in flight per connection. */
    static final int ECHO_CONNECTIONS = 16;
    static final int ECHO_SIZE = 1024;
    static final int ECHO_MESSAGES = 100;
    /** Upper bound of any single benchmark invocation. */
    static final long TIMEOUT_MS = 60_000;

    private Workloads() {
    }

    static byte[] payload(int size, byte fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, fill);
        return b;
    }

    /** Checks that the first {@code n} bytes are all {@code expected} (Qt's loopback check). */
    static void check(byte[] b, int n, byte expected) {
        for (int i = 0; i < n; i++) {
            if (b[i] != expected) {
                throw new IllegalStateException("corrupted byte at " + i + ": " + b[i]);
            }
        }
    }

    static void check(java.nio.ByteBuffer b, byte expected) {
        for (int i = b.position(), end = b.limit(); i < end; i++) {
            if (b.get(i) != expected) {
                throw new IllegalStateException("corrupted byte at " + i + ": " + b.get(i));
            }
        }
    }
}
