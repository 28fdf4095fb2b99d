package io.qtj.core.internal;

import java.nio.ByteBuffer;

/**
 * A small per-thread pool of {@link RingBuffer} chunks, heap ones of
 * {@link RingBuffer#DEFAULT_CHUNK_SIZE} and direct ones of {@link RingBuffer#DIRECT_CHUNK_SIZE}
 * kept apart, as Okio's segment pool: a buffer that drains gives its chunks back, and the next one
 * to fill takes them, so steady traffic allocates nothing and idle buffers hold nothing. At most
 * {@value #MAX} heap chunks (512 KiB) and {@value #MAX_DIRECT} direct chunks (1 MiB) are kept per
 * thread, and only as many as the thread's traffic needed at once; a chunk given back to a full pool is dropped for the garbage collector (which frees a
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
    /** The most heap chunks kept per thread. */
    static final int MAX = 32;
    /** The most direct chunks kept per thread. */
    static final int MAX_DIRECT = 16;
    /** The most buffers in one scattering read or gathering write. */
    static final int MAX_VECTORS = 64;
    private static final ThreadLocal<ChunkPool> POOLS = ThreadLocal.withInitial(ChunkPool::new);

    private final Chunk[] heap = new Chunk[MAX];
    private int heapCount;
    private final Chunk[] direct = new Chunk[MAX_DIRECT];
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

    /** The size of the pooled chunks of a kind: {@link RingBuffer#DIRECT_CHUNK_SIZE} or {@link RingBuffer#DEFAULT_CHUNK_SIZE}. */
    static int pooledSize(boolean direct) {
        return direct ? RingBuffer.DIRECT_CHUNK_SIZE : RingBuffer.DEFAULT_CHUNK_SIZE;
    }

    /**
     * Returns an empty chunk of {@code capacity} bytes, direct or on the heap; from the current
     * thread's pool when it is the pooled size of its kind.
     */
    static Chunk take(int capacity, boolean direct) {
        if (capacity != pooledSize(direct)) {
            return direct ? Chunk.direct(capacity) : Chunk.heap(capacity);
        }
        return POOLS.get().takePooled(direct);
    }

    /** Gives {@code c} back to the current thread's pool (chunks of the pooled size of their kind only). */
    static void give(Chunk c) {
        if (c.capacity == pooledSize(c.isDirect())) {
            POOLS.get().givePooled(c);
        }
    }

    /** Returns an empty chunk of the pooled size of the given kind, from this pool if it has one. */
    Chunk takePooled(boolean isDirect) {
        Chunk c;
        if (isDirect) {
            if (directCount == 0) {
                return Chunk.direct(RingBuffer.DIRECT_CHUNK_SIZE);
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

    /** Keeps the pooled-size chunk {@code c} in this pool if there is room. */
    void givePooled(Chunk c) {
        if (c.isDirect()) {
            if (directCount < MAX_DIRECT) {
                direct[directCount++] = c;
            }
        } else if (heapCount < MAX) {
            heap[heapCount++] = c;
        }
    }
}
