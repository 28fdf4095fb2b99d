package io.qtj.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/**
 * A FIFO byte queue stored as a list of chunks, like Qt's private {@code QRingBuffer}.
 *
 * <p>Bytes are appended at the tail and consumed from the head. Consuming bytes frees whole
 * chunks and advances an offset in the first one; nothing is ever moved, so a read costs one copy
 * of the bytes it returns, whatever the size of the buffer. {@link #reserve(int)} and
 * {@link #chop(long)} let a producer fill the tail in place, {@link #readFrom(ReadableByteChannel,
 * int)} reads from a channel straight into the tail (with one scattering read over several chunks
 * when the channel allows it), and {@link #writeTo(GatheringByteChannel)} hands the queued chunks
 * to one gathering write without copying them.
 *
 * <p>The chunks live on the heap ({@link Storage#HEAP}, the default: cheapest to copy to and
 * from arrays, as a {@code QIODevice}'s own buffer does) or in direct memory
 * ({@link Storage#DIRECT}, for sockets: a channel reads into and writes from direct buffers
 * without the JDK copying them through temporary ones). Either way chunks of the default size
 * come from the thread's {@link ChunkPool} and go back to it as soon as they drain, so an empty
 * buffer holds no storage. A direct buffer may still hold a few small heap chunks (those
 * {@link #ungetChar(byte)} makes); every operation works on both kinds.
 *
 * <p><b>Not API</b> (see the package documentation). Not thread-safe: the owner confines it to
 * one thread or guards it.
 */
public final class RingBuffer {
    /** The default capacity of a new heap chunk, in bytes; heap chunks of this size are pooled. */
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024;
    /**
     * The capacity of the pooled direct chunks, in bytes: a socket buffer's size. One chunk holds a
     * whole 64 KiB read or payload, so bulk transfers make one channel call over one buffer; with
     * 16 KiB direct chunks Qt's Loopback workload ran 10-20% slower (docs/performance.md). The
     * price: a socket holding a few unread bytes holds a whole chunk of direct memory.
     */
    public static final int DIRECT_CHUNK_SIZE = 64 * 1024;
    /**
     * How many bytes a direct buffer keeps in direct memory: past this, it queues the rest in heap
     * chunks. A socket that queues far more than it sends (or receives far more than the application
     * reads) then grows on the garbage-collected heap, as Qt's buffers do, instead of in direct
     * memory, which the JVM frees only when a collection happens to run and caps at
     * {@code -XX:MaxDirectMemorySize}.
     */
    public static final int DIRECT_LIMIT = 1024 * 1024;

    /** Where a buffer's chunks live. */
    public enum Storage {
        /** Chunks are byte arrays on the Java heap. */
        HEAP,
        /** Chunks are direct {@code ByteBuffer}s, outside the heap. */
        DIRECT
    }

    private final int chunkSize;
    /** True if new chunks are direct ({@link Storage#DIRECT}). */
    private final boolean direct;
    /** Queued chunks, head first. Only the last one may have spare capacity in use for appends. */
    private ArrayDeque<Chunk> chunks = NO_CHUNKS;
    /** Shared by buffers that never held data (read only, never mutated): idle ones cost no deque. */
    private static final ArrayDeque<Chunk> NO_CHUNKS = new ArrayDeque<>(0);
    /** Total queued bytes: the sum of the chunks' lengths. */
    private long size;

    /** Constructs an empty heap buffer that allocates chunks of {@link #DEFAULT_CHUNK_SIZE} bytes. */
    public RingBuffer() {
        this(DEFAULT_CHUNK_SIZE, Storage.HEAP);
    }

    /**
     * Constructs an empty heap buffer that allocates chunks of {@code chunkSize} bytes (larger for
     * larger single reservations).
     *
     * @throws IllegalArgumentException if {@code chunkSize} is not positive
     */
    public RingBuffer(int chunkSize) {
        this(chunkSize, Storage.HEAP);
    }

    /**
     * Constructs an empty buffer that allocates chunks of {@code chunkSize} bytes (larger for
     * larger single reservations) in {@code storage}. Only heap chunks of {@link #DEFAULT_CHUNK_SIZE}
     * bytes and direct chunks of {@link #DIRECT_CHUNK_SIZE} bytes are pooled.
     *
     * @throws IllegalArgumentException if {@code chunkSize} is not positive
     */
    public RingBuffer(int chunkSize, Storage storage) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize: " + chunkSize + " (expected: > 0)");
        }
        this.chunkSize = chunkSize;
        this.direct = Objects.requireNonNull(storage, "storage") == Storage.DIRECT;
    }

    /** Returns where new chunks are allocated. */
    public Storage storage() {
        return direct ? Storage.DIRECT : Storage.HEAP;
    }

    /** Returns the number of queued bytes. */
    public long size() {
        return size;
    }

    /** Returns true if no bytes are queued; otherwise returns false. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Discards every queued byte and returns the storage to the current thread's chunk pool. */
    public void clear() {
        if (chunks != NO_CHUNKS) {
            for (Chunk c : chunks) {
                ChunkPool.give(c);   // an idle buffer holds no storage; the thread's pool reuses it
            }
            chunks.clear();
        }
        size = 0;
    }

    /** Appends {@code len} bytes of {@code src} starting at {@code off}. */
    public void append(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        while (len > 0) {
            Chunk last = tailWithSpace(len);
            int n = Math.min(len, last.spare());
            last.put(last.end, src, off, n);
            last.end += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    /** Appends all of {@code src}. */
    public void append(byte[] src) {
        append(src, 0, src.length);
    }

    /** Appends one byte. */
    public void putChar(byte c) {
        Chunk last = tailWithSpace(1);
        last.put(last.end++, c);
        size++;
    }

    /**
     * Makes room for {@code n} bytes at the tail and counts them as queued. Returns a new buffer
     * over the chunk whose {@code position()} to {@code limit()} is the reserved region, to be
     * filled in place; give back what was not filled with {@link #chop(long)}. For a heap buffer
     * the region is also {@code array()} from {@code position()} (the buffer's offset is 0).
     */
    public ByteBuffer reserve(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        Chunk last = tailWithSpace(n);
        if (last.spare() < n) {
            last = addChunk(n);
        }
        ByteBuffer region = last.isDirect()
                ? last.window(last.end, last.end + n).duplicate()
                : ByteBuffer.wrap(last.array, last.end, n);
        last.end += n;
        size += n;
        return region;
    }

    /** Removes up to {@code n} bytes from the tail (the most recently appended ones). */
    public void chop(long n) {
        n = Math.min(Math.max(n, 0), size);
        size -= n;
        while (n > 0) {
            Chunk last = chunks.peekLast();
            int len = last.length();
            if (len <= n) {
                n -= len;
                if (chunks.size() == 1) {
                    last.start = 0;
                    last.end = 0;
                } else {
                    ChunkPool.give(chunks.removeLast());
                }
            } else {
                last.end -= (int) n;
                n = 0;
            }
        }
        if (size == 0) {
            clear();
        }
    }

    /** Discards up to {@code n} bytes from the head. Returns the number discarded. */
    public long skip(long n) {
        n = Math.min(Math.max(n, 0), size);
        long left = n;
        while (left > 0) {
            Chunk first = chunks.peekFirst();
            int len = first.length();
            if (len <= left) {
                left -= len;
                releaseFirst();
            } else {
                first.start += (int) left;
                left = 0;
            }
        }
        size -= n;
        if (size == 0) {
            clear();
        }
        return n;
    }

    /**
     * Moves up to {@code len} bytes from the head into {@code dst} at {@code off}. Returns the
     * number of bytes moved (0 when empty).
     */
    public int read(byte[] dst, int off, int len) {
        int n = peek(dst, off, len, 0);
        skip(n);
        return n;
    }

    /** Removes and returns the first byte as 0..255, or -1 when empty. */
    public int getChar() {
        if (size == 0) {
            return -1;
        }
        Chunk first = chunks.peekFirst();
        int c = first.get(first.start) & 0xff;
        skip(1);
        return c;
    }

    /** Puts {@code c} back at the head, so that it is the next byte read. */
    public void ungetChar(byte c) {
        Chunk first = chunks.peekFirst();
        if (first == null || first.start == 0) {
            if (first != null && first.length() == 0) {
                first.start = first.capacity;
                first.end = first.capacity;
            } else {
                first = Chunk.heap(64);   // small and rare: not worth direct memory
                first.start = 64;
                first.end = 64;
                mutableChunks().addFirst(first);
            }
        }
        first.put(--first.start, c);
        size++;
    }

    /**
     * Copies up to {@code len} bytes, starting {@code offset} bytes after the head, into
     * {@code dst} at {@code off}, without consuming them. Returns the number of bytes copied.
     */
    public int peek(byte[] dst, int off, int len, long offset) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        int n = (int) Math.max(0, Math.min(len, size - offset));
        int copied = 0;
        long skip = offset;
        for (Iterator<Chunk> it = chunks.iterator(); it.hasNext() && copied < n; ) {
            Chunk c = it.next();
            int clen = c.length();
            if (skip >= clen) {
                skip -= clen;
                continue;
            }
            int from = c.start + (int) skip;
            skip = 0;
            int k = Math.min(n - copied, c.end - from);
            c.get(from, dst, off + copied, k);
            copied += k;
        }
        return n;
    }

    /**
     * Returns the index, relative to the head, of the first {@code c} at or after {@code from} and
     * before {@code maxLength}, or -1 if there is none.
     */
    public long indexOf(byte c, long maxLength, long from) {
        long limit = Math.min(maxLength, size);
        long base = 0;
        for (Chunk ch : chunks) {
            if (base >= limit) {
                break;
            }
            int len = ch.length();
            if (base + len > from) {
                int i = ch.start + (int) Math.max(0, from - base);
                int stop = ch.start + (int) Math.min(len, limit - base);
                int at = ch.indexOf(c, i, stop);
                if (at >= 0) {
                    return base + at - ch.start;
                }
            }
            base += len;
        }
        return -1;
    }

    /** Returns the index of the first {@code c} among the first {@code maxLength} bytes, or -1. */
    public long indexOf(byte c, long maxLength) {
        return indexOf(c, maxLength, 0);
    }

    /** Returns true if a complete line (a {@code '\n'}) is queued; otherwise returns false. */
    public boolean canReadLine() {
        return indexOf((byte) '\n', size, 0) >= 0;
    }

    /**
     * Moves bytes up to and including the first {@code '\n'}, but at most {@code maxLen} bytes,
     * into {@code dst} at {@code off}. Returns the number of bytes moved.
     */
    public int readLine(byte[] dst, int off, int maxLen) {
        long nl = indexOf((byte) '\n', maxLen, 0);
        int n = nl >= 0 ? (int) nl + 1 : (int) Math.min(maxLen, size);
        return read(dst, off, n);
    }

    /**
     * Reads at most {@code maxLen} bytes from {@code channel} straight into the tail. Returns the
     * number of bytes read, 0 if none were available, or -1 at end of stream.
     *
     * <p>A {@link ScatteringByteChannel} (a {@code SocketChannel}) gets one scattering read over
     * the tail's spare room and as many new chunks as {@code maxLen} needs (at most
     * {@value ChunkPool#MAX_VECTORS} buffers); new chunks that receive nothing go straight back
     * to the pool. Any other channel gets one read into a single chunk. If the read throws, the
     * buffer is left as it was.
     */
    public int readFrom(ReadableByteChannel channel, int maxLen) throws IOException {
        if (maxLen <= 0) {
            return 0;
        }
        ChunkPool pool = ChunkPool.current();
        ByteBuffer[] vectors = pool.vectors;
        Chunk[] fresh = pool.fresh;
        boolean scatter = channel instanceof ScatteringByteChannel;
        Chunk last = chunks.peekLast();
        int tailRoom = last == null ? 0 : Math.min(last.spare(), maxLen);
        int count = 0;
        int offered = 0;
        if (tailRoom > 0) {
            vectors[count++] = last.window(last.end, last.end + tailRoom);
            offered = tailRoom;
        }
        int taken = 0;
        while (offered < maxLen && count < vectors.length && (scatter || count == 0)) {
            Chunk c = newChunk(chunkSize, size + offered, pool);
            fresh[taken++] = c;
            int w = Math.min(c.capacity, maxLen - offered);
            vectors[count++] = c.window(0, w);
            offered += w;
        }
        long n = -1;
        try {
            // one buffer: the JDK's single-buffer read, lighter than its scattering one
            n = scatter && count > 1 ? ((ScatteringByteChannel) channel).read(vectors, 0, count) : channel.read(vectors[0]);
        } finally {
            Arrays.fill(vectors, 0, count, null);
            // hand out what was read: the tail's room first, then the new chunks in order
            long left = Math.max(n, 0);
            if (tailRoom > 0) {
                int k = (int) Math.min(left, tailRoom);
                last.end += k;
                left -= k;
            }
            for (int i = 0; i < taken; i++) {
                Chunk c = fresh[i];
                fresh[i] = null;
                if (left > 0) {
                    int k = (int) Math.min(left, c.capacity);
                    c.end = k;
                    left -= k;
                    appendChunk(c);
                } else {
                    ChunkPool.give(c);
                }
            }
            size += Math.max(n, 0);
            if (size == 0) {
                clear();   // nothing came and nothing was queued: hold no chunk
            }
        }
        return (int) n;
    }

    /** Appends every remaining byte of {@code src}, advancing its position. Returns the count. */
    public int readFrom(ByteBuffer src) {
        int total = src.remaining();
        while (src.hasRemaining()) {
            Chunk last = tailWithSpace(src.remaining());
            int n = Math.min(src.remaining(), last.spare());
            last.put(last.end, src, n);
            last.end += n;
            size += n;
        }
        return total;
    }

    /**
     * Moves as many bytes from the head as fit in {@code dst}'s remaining space. Returns the
     * number of bytes moved.
     */
    public int writeTo(ByteBuffer dst) {
        int n = (int) Math.min(dst.remaining(), size);
        int left = n;
        for (Chunk c : chunks) {
            if (left == 0) {
                break;
            }
            int k = Math.min(left, c.length());
            if (c.isDirect()) {
                dst.put(c.window(c.start, c.start + k));
            } else {
                dst.put(c.array, c.start, k);
            }
            left -= k;
        }
        skip(n);
        return n;
    }

    /**
     * Writes queued bytes to {@code channel} with one gathering write of (up to
     * {@value ChunkPool#MAX_VECTORS} of) the queued chunks, without copying them (the JDK copies
     * heap chunks into its own direct buffers; direct chunks go to the kernel as they are), and
     * consumes what was written. Returns the number of bytes written, which may be 0 for a
     * non-blocking channel. Allocates nothing: the chunks' own buffers serve as views.
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        if (size == 0) {
            return 0;
        }
        ByteBuffer[] vectors = ChunkPool.current().vectors;
        int count = 0;
        for (Chunk c : chunks) {
            if (count == vectors.length) {
                break;
            }
            vectors[count++] = c.window(c.start, c.end);
        }
        long n;
        try {
            // one chunk: the JDK's single-buffer write, lighter than its gathering one
            n = count == 1 ? channel.write(vectors[0]) : channel.write(vectors, 0, count);
        } finally {
            Arrays.fill(vectors, 0, count, null);
        }
        if (n > 0) {
            skip(n);
        }
        return n;
    }

    /** Returns a copy of every queued byte, without consuming them. */
    public byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("RingBuffer: " + size + " bytes do not fit in an array");
        }
        byte[] out = new byte[(int) size];
        peek(out, 0, out.length, 0);
        return out;
    }

    /** Returns the last chunk if it has spare room, else a new chunk able to hold {@code hint}. */
    private Chunk tailWithSpace(int hint) {
        Chunk last = chunks.peekLast();
        if (last != null && last.spare() > 0) {
            return last;
        }
        // standard-size chunks (callers fill chunk by chunk), so that they come from the pool
        return addChunk(Math.min(hint, chunkSize));
    }

    private Chunk addChunk(int hint) {
        Chunk c = newChunk(Math.max(chunkSize, hint), size, null);
        appendChunk(c);
        return c;
    }

    /**
     * Returns an empty chunk of at least {@code capacity} bytes in this buffer's storage, from the
     * thread's pool when it is the pooled size; on the heap once a direct buffer holds
     * {@link #DIRECT_LIMIT} bytes ({@code queued}, counting what a read has already been offered).
     */
    private Chunk newChunk(int capacity, long queued, ChunkPool pool) {
        boolean inDirect = direct && queued < DIRECT_LIMIT;
        if (direct && !inDirect && capacity == chunkSize) {
            capacity = DEFAULT_CHUNK_SIZE;   // a standard heap chunk, from the pool
        }
        if (pool != null && capacity == ChunkPool.pooledSize(inDirect)) {
            return pool.takePooled(inDirect);
        }
        return ChunkPool.take(capacity, inDirect);
    }

    /** Queues {@code c} at the tail, first dropping an empty last chunk. */
    private void appendChunk(Chunk c) {
        Chunk last = chunks.peekLast();
        if (last != null && last.length() == 0) {
            ChunkPool.give(chunks.removeLast());
        }
        mutableChunks().addLast(c);
    }

    private ArrayDeque<Chunk> mutableChunks() {
        if (chunks == NO_CHUNKS) {
            chunks = new ArrayDeque<>(2);   // small: most buffers hold 0-1 chunks
        }
        return chunks;
    }

    private void releaseFirst() {
        if (chunks.size() == 1) {
            Chunk only = chunks.peekFirst();
            only.start = 0;
            only.end = 0;
        } else {
            ChunkPool.give(chunks.removeFirst());
        }
    }

    @Override
    public String toString() {
        return "RingBuffer(size=" + size + ", chunks=" + chunks.size() + ", " + storage() + ")";
    }
}
