package io.qtj.core.internal;

/**
 * A small per-thread pool of {@link RingBuffer} chunk arrays of the default size, as Okio's
 * segment pool: a buffer that drains gives its storage back, and the next one to fill takes it,
 * so steady traffic allocates nothing and idle buffers hold nothing. At most {@value #MAX}
 * arrays (512 KiB) are kept per thread. Arrays are handed out dirty: callers track what they use.
 */
final class ChunkPool {
    static final int MAX = 32;
    private static final ThreadLocal<ChunkPool> POOLS = ThreadLocal.withInitial(ChunkPool::new);

    private final byte[][] free = new byte[MAX][];
    private int count;

    private ChunkPool() {
    }

    /** Returns an array of {@code capacity} bytes, from the pool when it is the default size. */
    static byte[] take(int capacity) {
        if (capacity != RingBuffer.DEFAULT_CHUNK_SIZE) {
            return new byte[capacity];
        }
        ChunkPool p = POOLS.get();
        if (p.count == 0) {
            return new byte[capacity];
        }
        byte[] b = p.free[--p.count];
        p.free[p.count] = null;
        return b;
    }

    /** Gives {@code data} back to the current thread's pool (default-size arrays only). */
    static void give(byte[] data) {
        if (data.length != RingBuffer.DEFAULT_CHUNK_SIZE) {
            return;
        }
        ChunkPool p = POOLS.get();
        if (p.count < MAX) {
            p.free[p.count++] = data;
        }
    }
}
