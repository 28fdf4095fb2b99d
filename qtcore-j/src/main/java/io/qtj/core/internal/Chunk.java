package io.qtj.core.internal;

import java.nio.ByteBuffer;

/**
 * A piece of {@link RingBuffer} storage: a heap array or a direct {@code ByteBuffer}. Bytes
 * {@code [start, end)} are queued. Chunks of the default size are pooled per thread by
 * {@link ChunkPool}, so a chunk object and its storage are reused together.
 *
 * <p>Channel transfers see the storage through one view per chunk, made on first use and kept
 * with the chunk: its position and limit are scratch, set by {@link #window(int, int)} before each
 * transfer; {@code start} and {@code end} are the truth. Owned by one buffer (or one pool) at a
 * time; not thread-safe.
 */
final class Chunk {
    /** The heap storage, or null for a direct chunk. */
    final byte[] array;
    /** The direct storage (position 0, limit its capacity, always), or null for a heap chunk. */
    private final ByteBuffer buffer;
    /** The view for channel transfers, or null until the first one. */
    private ByteBuffer view;
    /** The capacity in bytes. */
    final int capacity;
    /** The index of the first queued byte. */
    int start;
    /** The index after the last queued byte. */
    int end;

    private Chunk(byte[] array, ByteBuffer buffer, int capacity) {
        this.array = array;
        this.buffer = buffer;
        this.capacity = capacity;
    }

    /** Returns a new heap chunk of {@code capacity} bytes. */
    static Chunk heap(int capacity) {
        return new Chunk(new byte[capacity], null, capacity);
    }

    /** Returns a new direct chunk of {@code capacity} bytes. */
    static Chunk direct(int capacity) {
        return new Chunk(null, ByteBuffer.allocateDirect(capacity), capacity);
    }

    /** Returns true if the storage is a direct buffer; otherwise returns false. */
    boolean isDirect() {
        return array == null;
    }

    /** Returns the number of queued bytes. */
    int length() {
        return end - start;
    }

    /** Returns the free room after {@code end}. */
    int spare() {
        return capacity - end;
    }

    /**
     * Returns the storage as a {@code ByteBuffer} whose position is {@code from} and limit
     * {@code to}: the chunk's own view, reused for every transfer (no allocation after the first).
     */
    ByteBuffer window(int from, int to) {
        ByteBuffer b = view;
        if (b == null) {
            b = view = array != null ? ByteBuffer.wrap(array) : buffer.duplicate();
        }
        b.limit(to).position(from);
        return b;
    }

    /** Returns the byte at {@code index}. */
    byte get(int index) {
        return array != null ? array[index] : buffer.get(index);
    }

    /** Stores {@code b} at {@code index}. */
    void put(int index, byte b) {
        if (array != null) {
            array[index] = b;
        } else {
            buffer.put(index, b);
        }
    }

    /** Copies {@code len} bytes from {@code index} into {@code dst} at {@code off}. */
    void get(int index, byte[] dst, int off, int len) {
        if (array != null) {
            System.arraycopy(array, index, dst, off, len);
        } else {
            buffer.get(index, dst, off, len);
        }
    }

    /** Copies {@code len} bytes of {@code src} from {@code off} into the storage at {@code index}. */
    void put(int index, byte[] src, int off, int len) {
        if (array != null) {
            System.arraycopy(src, off, array, index, len);
        } else {
            buffer.put(index, src, off, len);
        }
    }

    /**
     * Copies the next {@code len} bytes of {@code src} into the storage at {@code index},
     * advancing {@code src}'s position.
     */
    void put(int index, ByteBuffer src, int len) {
        if (array != null) {
            src.get(array, index, len);
        } else {
            buffer.put(index, src, src.position(), len);
            src.position(src.position() + len);
        }
    }

    /**
     * Returns the index of the first {@code c} in {@code [from, to)}, or -1 if there is none.
     */
    int indexOf(byte c, int from, int to) {
        if (array != null) {
            for (int i = from; i < to; i++) {
                if (array[i] == c) {
                    return i;
                }
            }
        } else {
            ByteBuffer b = buffer;
            for (int i = from; i < to; i++) {
                if (b.get(i) == c) {
                    return i;
                }
            }
        }
        return -1;
    }
}
