package io.qtj.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.internal.RingBuffer.Storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same queue behaviour from heap and direct chunks, across chunk boundaries, and the channel
 * transfers: one scattering read over several chunks, one gathering write straight from the chunks
 * (their own buffers, no copy, no per-write allocation), partial transfers and failures.
 */
class RingBufferStorageTest {
    private static final int CHUNK = RingBuffer.DEFAULT_CHUNK_SIZE;

    /** Bytes {@code 0, 1, 2, ...} (mod 251, so that chunk boundaries never line up with the pattern). */
    private static byte[] pattern(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((from + i) % 251);
        }
        return b;
    }

    private static int chunkCount(RingBuffer rb) {
        String s = rb.toString();
        int at = s.indexOf("chunks=") + "chunks=".length();
        return Integer.parseInt(s.substring(at, s.indexOf(',', at)));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void constructing(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        assertEquals(storage, rb.storage());
        assertEquals(0, rb.size());
        assertTrue(rb.isEmpty());
        assertEquals(-1, rb.getChar());
        assertEquals(0, chunkCount(rb));
        assertEquals(Storage.HEAP, new RingBuffer().storage());
        assertEquals(Storage.HEAP, new RingBuffer(8).storage());
        assertThrows(IllegalArgumentException.class, () -> new RingBuffer(0, storage));
        assertThrows(NullPointerException.class, () -> new RingBuffer(8, null));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void appendAndReadAcrossChunkBoundaries(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, CHUNK - 1));
        rb.putChar((byte) ((CHUNK - 1) % 251));   // fills the first chunk exactly
        rb.append(pattern(CHUNK, 2 * CHUNK + 10));
        assertEquals(3 * CHUNK + 10, rb.size());
        assertEquals(4, chunkCount(rb));
        byte[] dst = new byte[CHUNK + 2];
        assertEquals(CHUNK + 2, rb.read(dst, 0, dst.length));   // ends two bytes into the second
        assertArrayEquals(pattern(0, CHUNK + 2), dst);
        assertArrayEquals(pattern(CHUNK + 2, 2 * CHUNK + 8), rb.toByteArray());
        assertEquals((CHUNK + 2) % 251, rb.getChar());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void peekWithOffsetAcrossChunks(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, 3 * CHUNK));
        rb.skip(100);
        byte[] dst = new byte[CHUNK + 50];
        assertEquals(dst.length, rb.peek(dst, 0, dst.length, CHUNK - 120));   // spans all three
        assertArrayEquals(pattern(CHUNK - 20, dst.length), dst);
        assertEquals(20, rb.peek(dst, 5, 40, rb.size() - 20));
        assertArrayEquals(pattern(3 * CHUNK - 20, 20), java.util.Arrays.copyOfRange(dst, 5, 25));
        assertEquals(0, rb.peek(dst, 0, 10, rb.size()));
        assertEquals(3 * CHUNK - 100, rb.size());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void indexOfAcrossChunks(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        byte[] data = new byte[2 * CHUNK];
        data[CHUNK - 1] = '\n';      // last byte of the first chunk
        data[CHUNK] = '\n';          // first byte of the second
        data[2 * CHUNK - 1] = '\n';
        rb.append(data);
        assertEquals(CHUNK - 1, rb.indexOf((byte) '\n', rb.size()));
        assertEquals(CHUNK, rb.indexOf((byte) '\n', rb.size(), CHUNK));
        assertEquals(2 * CHUNK - 1, rb.indexOf((byte) '\n', rb.size(), CHUNK + 1));
        assertEquals(-1, rb.indexOf((byte) '\n', CHUNK - 1));
        assertEquals(-1, rb.indexOf((byte) '\n', 2 * CHUNK - 1, CHUNK + 1));
        assertEquals(-1, rb.indexOf((byte) 'x', rb.size()));
        assertTrue(rb.canReadLine());
        byte[] line = new byte[2 * CHUNK];
        assertEquals(CHUNK, rb.readLine(line, 0, line.length));
        assertEquals(0, rb.indexOf((byte) '\n', rb.size()));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void chopAndSkipGiveChunksBack(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, 2 * CHUNK + 5));
        assertEquals(3, chunkCount(rb));
        rb.chop(10);
        assertEquals(2, chunkCount(rb));
        assertEquals(2 * CHUNK - 5, rb.size());
        rb.skip(CHUNK + 1);
        assertEquals(1, chunkCount(rb));
        assertArrayEquals(pattern(CHUNK + 1, CHUNK - 6), rb.toByteArray());
        rb.chop(rb.size());
        assertTrue(rb.isEmpty());
        assertEquals(0, chunkCount(rb), "an empty buffer holds no chunk");
        rb.append(pattern(0, 10));
        rb.skip(100);
        assertEquals(0, chunkCount(rb));
        rb.reserve(0);
        rb.chop(0);
        assertEquals(0, rb.size());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void ungetCharBeforeAChunk(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(1, CHUNK));
        rb.ungetChar((byte) 0);
        rb.getChar();
        rb.getChar();
        rb.ungetChar((byte) 1);   // in place, before the first chunk's start
        rb.ungetChar((byte) 0);
        assertArrayEquals(pattern(0, CHUNK + 1), rb.toByteArray());
        assertEquals(0, rb.indexOf((byte) 0, 10));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void reserveFillsTheTailInPlace(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, CHUNK - 4));
        ByteBuffer region = rb.reserve(10);   // does not fit the first chunk's 4 spare bytes
        assertEquals(10, region.remaining());
        assertEquals(storage == Storage.DIRECT, region.isDirect());
        assertEquals(storage == Storage.HEAP, region.hasArray());
        region.put(pattern(CHUNK - 4, 6));
        rb.chop(4);
        assertArrayEquals(pattern(0, CHUNK + 2), rb.toByteArray());
        ByteBuffer big = rb.reserve(2 * CHUNK);   // larger than a chunk: one chunk of its own
        assertEquals(2 * CHUNK, big.remaining());
        rb.chop(2 * CHUNK);
        assertEquals(CHUNK + 2, rb.size());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void byteBufferTransfers(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        ByteBuffer src = ByteBuffer.allocateDirect(CHUNK + 100);
        src.put(pattern(0, CHUNK + 100)).flip().position(7);
        assertEquals(CHUNK + 93, rb.readFrom(src));
        assertFalse(src.hasRemaining());
        ByteBuffer dst = ByteBuffer.allocate(CHUNK + 3);
        assertEquals(CHUNK + 3, rb.writeTo(dst));
        assertArrayEquals(pattern(7, CHUNK + 3), dst.array());
        assertArrayEquals(pattern(CHUNK + 10, 90), rb.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void scatteringReadFillsSeveralChunksInOneCall(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, CHUNK - 100));   // 100 spare bytes in the tail
        RecordingChannel ch = new RecordingChannel(pattern(CHUNK - 100, 3 * CHUNK), Integer.MAX_VALUE);
        assertEquals(2 * CHUNK + 50, rb.readFrom(ch, 2 * CHUNK + 50));
        assertEquals(1, ch.reads);
        // the tail's room, then whole chunks, the last one cut to what was asked
        assertEquals(List.of(100, CHUNK, CHUNK - 50), ch.offered);
        assertEquals(storage == Storage.DIRECT, ch.allDirect);
        assertEquals(3 * CHUNK - 50, rb.size());
        assertArrayEquals(pattern(0, 3 * CHUNK - 50), rb.toByteArray());
    }

    /** One buffer goes through the channel's single-buffer calls (the JDK's are lighter), several through the vector ones. */
    @ParameterizedTest
    @EnumSource(Storage.class)
    void oneChunkUsesTheSingleBufferCallsAndSeveralTheVectorOnes(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        RecordingChannel in = new RecordingChannel(pattern(0, 3 * CHUNK), Integer.MAX_VALUE);
        assertEquals(CHUNK, rb.readFrom(in, CHUNK));
        assertEquals(1, in.singleReads);
        assertEquals(2 * CHUNK, rb.readFrom(in, 2 * CHUNK));
        assertEquals(1, in.singleReads, "two chunks: one scattering read");
        assertEquals(2, in.reads);
        SinkChannel out = new SinkChannel(Integer.MAX_VALUE);
        assertEquals(3 * CHUNK, rb.writeTo(out));
        assertEquals(0, out.singleWrites, "three chunks: one gathering write");
        rb.append(pattern(0, 10));
        assertEquals(10, rb.writeTo(out));
        assertEquals(1, out.singleWrites);
        byte[] expected = new byte[3 * CHUNK + 10];
        System.arraycopy(pattern(0, 3 * CHUNK), 0, expected, 0, 3 * CHUNK);
        System.arraycopy(pattern(0, 10), 0, expected, 3 * CHUNK, 10);
        assertArrayEquals(expected, out.sink.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void scatteringReadPartialReturnsUnusedChunks(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        RecordingChannel ch = new RecordingChannel(pattern(0, 3 * CHUNK), CHUNK + 1);
        assertEquals(CHUNK + 1, rb.readFrom(ch, 4 * CHUNK));
        assertEquals(4, ch.offered.size());
        assertEquals(2, chunkCount(rb), "chunks that got nothing are not queued");
        assertEquals(CHUNK - 1, rb.readFrom(ch, CHUNK - 1));   // into the tail's room only
        assertEquals(List.of(CHUNK - 1), ch.offered);
        assertEquals(2, chunkCount(rb));
        assertEquals(CHUNK, rb.readFrom(ch, 4 * CHUNK));
        assertEquals(3, chunkCount(rb));
        assertArrayEquals(pattern(0, 3 * CHUNK), rb.toByteArray());
        assertEquals(-1, rb.readFrom(ch, 10));
        assertEquals(3 * CHUNK, rb.size());
        assertEquals(0, rb.readFrom(ch, 0));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void readThatGetsNothingLeavesNoChunk(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        RecordingChannel ch = new RecordingChannel(new byte[0], 0);
        ch.endOfStream = false;
        assertEquals(0, rb.readFrom(ch, 4 * CHUNK));
        assertEquals(0, chunkCount(rb));
        ch.endOfStream = true;
        assertEquals(-1, rb.readFrom(ch, 4 * CHUNK));
        assertEquals(0, chunkCount(rb));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void failedReadLeavesTheBufferAsItWas(Storage storage) {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, 10));
        RecordingChannel ch = new RecordingChannel(pattern(0, 10), Integer.MAX_VALUE);
        ch.fail = true;
        assertThrows(IOException.class, () -> rb.readFrom(ch, 3 * CHUNK));
        assertEquals(10, rb.size());
        assertEquals(1, chunkCount(rb));
        rb.append(pattern(10, 5));
        assertArrayEquals(pattern(0, 15), rb.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void readFromPlainChannelUsesOneChunk(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        java.nio.channels.ReadableByteChannel ch =
                java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(pattern(0, 3 * CHUNK)));
        int n = rb.readFrom(ch, 3 * CHUNK);
        assertTrue(n > 0 && n <= CHUNK, "one read into one chunk: " + n);
        while (rb.readFrom(ch, 3 * CHUNK) > 0) {
            // drain
        }
        assertArrayEquals(pattern(0, 3 * CHUNK), rb.toByteArray());
    }

    @Test
    @Timeout(10)
    void scatteringReadFromAPipe() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.source().configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(pattern(0, 40_000));
            while (out.hasRemaining()) {
                pipe.sink().write(out);
            }
            RingBuffer rb = new RingBuffer(CHUNK, Storage.DIRECT);
            long got = 0;
            while (got < 40_000) {
                int n = rb.readFrom(pipe.source(), 64 * 1024);
                assertTrue(n > 0, "read " + n);
                got += n;
            }
            assertEquals(0, rb.readFrom(pipe.source(), 64 * 1024));
            assertArrayEquals(pattern(0, 40_000), rb.toByteArray());
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void gatheringWriteWithPartialWrites(Storage storage) throws IOException {
        RingBuffer rb = new RingBuffer(CHUNK, storage);
        rb.append(pattern(0, 3 * CHUNK + 7));
        rb.skip(3);
        SinkChannel ch = new SinkChannel(CHUNK + 10);
        assertEquals(CHUNK + 10, rb.writeTo(ch));
        assertEquals(List.of(CHUNK - 3, CHUNK, CHUNK, 7), ch.lastOffered);
        assertEquals(storage == Storage.DIRECT, ch.allDirect);
        assertEquals(2 * CHUNK - 6, rb.size());
        List<ByteBuffer> first = ch.lastBuffers;
        ch.limit = CHUNK - 13;
        assertEquals(CHUNK - 13, rb.writeTo(ch));
        assertEquals(List.of(CHUNK - 13, CHUNK, 7), ch.lastOffered);
        ch.limit = Integer.MAX_VALUE;
        assertEquals(CHUNK + 7, rb.writeTo(ch));
        // the chunks' own buffers are handed over again: no wrapping per write
        assertSame(first.get(2), ch.lastBuffers.get(0));
        assertTrue(rb.isEmpty());
        assertEquals(0, chunkCount(rb));
        assertArrayEquals(pattern(3, 3 * CHUNK + 4), ch.sink.toByteArray());
        assertEquals(0, rb.writeTo(ch));
    }

    @Test
    void gatheringWriteOffersAtMostTheVectorLimit() throws IOException {
        RingBuffer rb = new RingBuffer(16, Storage.DIRECT);
        rb.append(pattern(0, 16 * (ChunkPool.MAX_VECTORS + 5)));
        SinkChannel ch = new SinkChannel(Integer.MAX_VALUE);
        assertEquals(16L * ChunkPool.MAX_VECTORS, rb.writeTo(ch));
        assertEquals(ChunkPool.MAX_VECTORS, ch.lastOffered.size());
        assertEquals(16 * 5, rb.writeTo(ch));
        assertArrayEquals(pattern(0, 16 * (ChunkPool.MAX_VECTORS + 5)), ch.sink.toByteArray());
    }

    @Test
    void aDirectBufferQueuesPastItsLimitOnTheHeapAndLosesNothing() throws IOException {
        int limit = RingBuffer.DIRECT_LIMIT;
        RingBuffer rb = new RingBuffer(RingBuffer.DIRECT_CHUNK_SIZE, Storage.DIRECT);
        rb.append(pattern(0, limit - 10));
        assertTrue(rb.reserve(1).isDirect(), "below the limit the chunks are direct");
        rb.chop(1);
        rb.append(pattern(limit - 10, 100_010));
        ByteBuffer region = rb.reserve(10);
        assertFalse(region.isDirect(), "past the limit new chunks are on the heap");
        rb.chop(10);
        // a scattering read past the limit lands in heap chunks too
        RecordingChannel in = new RecordingChannel(pattern(limit + 100_000, 50_000), Integer.MAX_VALUE);
        assertEquals(50_000, rb.readFrom(in, 50_000));
        assertEquals(limit + 150_000, rb.size());
        // one gathering write of mixed chunks, in pieces, gives every byte back in order
        SinkChannel out = new SinkChannel(300_000);
        while (!rb.isEmpty()) {
            assertTrue(rb.writeTo(out) > 0);
        }
        assertArrayEquals(pattern(0, limit + 150_000), out.sink.toByteArray());
        rb.append(pattern(0, 10));
        assertTrue(rb.reserve(1).isDirect(), "once drained, the buffer is direct again");
        rb.clear();
    }

    @Test
    void heapAndDirectChunksArePooledApart() {
        RingBuffer direct = new RingBuffer(RingBuffer.DIRECT_CHUNK_SIZE, Storage.DIRECT);
        direct.append(pattern(0, 100));
        direct.clear();   // its chunk goes to the pool
        RingBuffer heap = new RingBuffer(CHUNK, Storage.HEAP);
        heap.append(pattern(0, 1));
        assertFalse(heap.reserve(1).isDirect());
        RingBuffer again = new RingBuffer(RingBuffer.DIRECT_CHUNK_SIZE, Storage.DIRECT);
        again.append(pattern(0, 1));
        ByteBuffer region = again.reserve(1);
        assertTrue(region.isDirect());
        assertEquals(1, region.position(), "a pooled chunk is handed out empty");
        heap.clear();
        again.clear();
    }

    /** A scattering channel over {@code data} that records what each read was offered. */
    private static final class RecordingChannel implements ScatteringByteChannel {
        private final byte[] data;
        private final int perRead;
        private int pos;
        int reads;
        /** Reads that came through the single-buffer call. */
        int singleReads;
        List<Integer> offered = new ArrayList<>();
        boolean allDirect;
        boolean fail;
        boolean endOfStream = true;

        RecordingChannel(byte[] data, int perRead) {
            this.data = data;
            this.perRead = perRead;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            reads++;
            offered = new ArrayList<>();
            allDirect = true;
            for (int i = offset; i < offset + length; i++) {
                offered.add(dsts[i].remaining());
                allDirect &= dsts[i].isDirect();
            }
            if (fail) {
                throw new IOException("broken");
            }
            if (pos == data.length) {
                return endOfStream ? -1 : 0;
            }
            int budget = Math.min(perRead, data.length - pos);
            long n = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                int k = Math.min(budget, dsts[i].remaining());
                dsts[i].put(data, pos, k);
                pos += k;
                budget -= k;
                n += k;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            singleReads++;
            return (int) read(new ByteBuffer[] {dst}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A gathering channel that takes at most {@code limit} bytes per write, like a full socket. */
    private static final class SinkChannel implements GatheringByteChannel {
        final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        int limit;
        /** Writes that came through the single-buffer call. */
        int singleWrites;
        List<Integer> lastOffered = List.of();
        List<ByteBuffer> lastBuffers = List.of();
        boolean allDirect;

        SinkChannel(int limit) {
            this.limit = limit;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            lastOffered = new ArrayList<>();
            lastBuffers = new ArrayList<>();
            allDirect = true;
            for (int i = offset; i < offset + length; i++) {
                lastOffered.add(srcs[i].remaining());
                lastBuffers.add(srcs[i]);
                allDirect &= srcs[i].isDirect();
            }
            long left = limit;
            long n = 0;
            for (int i = offset; i < offset + length && left > 0; i++) {
                int k = (int) Math.min(left, srcs[i].remaining());
                byte[] b = new byte[k];
                srcs[i].get(b);
                sink.writeBytes(b);
                left -= k;
                n += k;
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            singleWrites++;
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
