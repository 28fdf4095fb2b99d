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

    /** What the loopback payload is made of, and the pattern received bytes are compared with. */
    static final byte LOOPBACK_BYTE = '@';
    private static final byte[] PATTERN = payload(PAYLOAD, LOOPBACK_BYTE);
    private static final java.nio.ByteBuffer PATTERN_BUFFER = java.nio.ByteBuffer.wrap(PATTERN).asReadOnlyBuffer();

    /**
     * Checks that the first {@code n} bytes are all {@link #LOOPBACK_BYTE} (Qt's loopback check,
     * {@code data.count('@') == data.size()}), with the JDK's vectorized {@code Arrays.mismatch},
     * as a Java program would: the check is the same work in every Java implementation and small
     * beside the transfer it checks.
     */
    static void check(byte[] b, int n) {
        for (int off = 0; off < n; off += PATTERN.length) {
            int len = Math.min(PATTERN.length, n - off);
            int at = Arrays.mismatch(b, off, off + len, PATTERN, 0, len);
            if (at >= 0) {
                throw new IllegalStateException("corrupted byte at " + (off + at) + ": " + b[off + at]);
            }
        }
    }

    /** Checks that the remaining bytes of {@code b} are all {@link #LOOPBACK_BYTE}, as {@link #check(byte[], int)}. */
    static void check(java.nio.ByteBuffer b) {
        for (int off = b.position(), end = b.limit(); off < end; off += PATTERN.length) {
            int len = Math.min(PATTERN.length, end - off);
            int at = b.slice(off, len).mismatch(PATTERN_BUFFER.slice(0, len));
            if (at >= 0) {
                throw new IllegalStateException("corrupted byte at " + (off + at) + ": " + b.get(off + at));
            }
        }
    }
}
