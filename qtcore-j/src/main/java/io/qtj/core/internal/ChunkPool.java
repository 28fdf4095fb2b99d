package io.qtj.core.internal;

import java.nio.ByteBuffer;

/**
 * A small per-thread pool of {@link RingBuffer} chunks of the default size, heap and direct kept
 * apart, as Okio's segment pool: a buffer that drains gives its chunks back, and the next one to
 * fill takes them, so steady traffic allocates nothing and idle buffers hold nothing. At most
 * {@value #MAX} chunks of each kind (512 KiB of heap, 512 KiB of direct memory) are kept per
 * thread; a chunk given back to a full pool is dropped for the garbage collector (which frees a
 * direct chunk's memory through its buffer's cleaner). A chunk goes back to the pool of the thread
 * that gives it, whichever thread took it. Chunks are handed out dirty: callers track what they
 * use.
 *
 * <p>The pool also lends its thread the arrays a scattering read or gathering write needs
 * ({@link #vectors}, {@link #fresh}), so that those allocate nothing either.
 *
 * <p>Confined to its thread (a {@code ThreadLocal}); not thread-safe.
 */
final class ChunkPool {
    /** The most chunks of each kind kept per thread. */
    static final int MAX = 32;
    /** The most buffers in one scattering read or gathering write. */
    static final int MAX_VECTORS = 64;
    private static final ThreadLocal<ChunkPool> POOLS = ThreadLocal.withInitial(ChunkPool::new);

    private final Chunk[] heap = new Chunk[MAX];
    private int heapCount;
    private final Chunk[] direct = new Chunk[MAX];
    private int directCount;
    /**
     * Scratch for one channel transfer: the buffers handed to the channel. Entries are cleared
     * after each transfer so that the pool keeps no chunk's storage alive.
     */
    final ByteBuffer[] vectors = new ByteBuffer[MAX_VECTORS];
    /** Scratch for one scattering read: the chunks taken for it and not yet queued. */
    final Chunk[] fresh = new Chunk[MAX_VECTORS];

    private ChunkPool() {
    }

    /** Returns the current thread's pool. */
    static ChunkPool current() {
        return POOLS.get();
    }

    /**
     * Returns an empty chunk of {@code capacity} bytes, direct or on the heap; from the current
     * thread's pool when it is the default size.
     */
    static Chunk take(int capacity, boolean direct) {
        if (capacity != RingBuffer.DEFAULT_CHUNK_SIZE) {
            return direct ? Chunk.direct(capacity) : Chunk.heap(capacity);
        }
        return POOLS.get().takeDefault(direct);
    }

    /** Gives {@code c} back to the current thread's pool (default-size chunks only). */
    static void give(Chunk c) {
        if (c.capacity == RingBuffer.DEFAULT_CHUNK_SIZE) {
            POOLS.get().giveDefault(c);
        }
    }

    /** Returns an empty default-size chunk of the given kind, from this pool if it has one. */
    Chunk takeDefault(boolean isDirect) {
        Chunk c;
        if (isDirect) {
            if (directCount == 0) {
                return Chunk.direct(RingBuffer.DEFAULT_CHUNK_SIZE);
            }
            c = direct[--directCount];
            direct[directCount] = null;
        } else {
            if (heapCount == 0) {
                return Chunk.heap(RingBuffer.DEFAULT_CHUNK_SIZE);
            }
            c = heap[--heapCount];
            heap[heapCount] = null;
        }
        c.start = 0;
        c.end = 0;
        return c;
    }

    /** Keeps the default-size chunk {@code c} in this pool if there is room. */
    void giveDefault(Chunk c) {
        if (c.isDirect()) {
            if (directCount < MAX) {
                direct[directCount++] = c;
            }
        } else if (heapCount < MAX) {
            heap[heapCount++] = c;
        }
    }
}
