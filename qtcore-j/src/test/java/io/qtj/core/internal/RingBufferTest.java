package io.qtj.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RingBufferTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void constructing() {
        RingBuffer rb = new RingBuffer();
        assertEquals(0, rb.size());
        assertTrue(rb.isEmpty());
        assertEquals(-1, rb.getChar());
        assertEquals(0, rb.read(new byte[4], 0, 4));
        assertEquals(-1, rb.indexOf((byte) '\n', 100));
        assertFalse(rb.canReadLine());
    }

    @Test
    void appendAcrossChunksAndRead() {
        RingBuffer rb = new RingBuffer(4);
        rb.append(bytes("hello, world"));
        assertEquals(12, rb.size());
        byte[] dst = new byte[5];
        assertEquals(5, rb.read(dst, 0, 5));
        assertArrayEquals(bytes("hello"), dst);
        assertEquals(7, rb.size());
        assertArrayEquals(bytes(", world"), rb.toByteArray());
    }

    @Test
    void peekAtOffsetDoesNotConsume() {
        RingBuffer rb = new RingBuffer(3);
        rb.append(bytes("abcdefgh"));
        byte[] dst = new byte[4];
        assertEquals(4, rb.peek(dst, 0, 4, 2));
        assertArrayEquals(bytes("cdef"), dst);
        assertEquals(2, rb.peek(dst, 0, 4, 6));
        assertEquals(0, rb.peek(dst, 0, 4, 8));
        assertEquals(8, rb.size());
    }

    @Test
    void indexOfRespectsMaxLengthAndFrom() {
        RingBuffer rb = new RingBuffer(2);
        rb.append(bytes("ab\ncd\nef"));
        assertEquals(2, rb.indexOf((byte) '\n', 100));
        assertEquals(-1, rb.indexOf((byte) '\n', 2));
        assertEquals(2, rb.indexOf((byte) '\n', 3));
        assertEquals(5, rb.indexOf((byte) '\n', 100, 3));
        assertTrue(rb.canReadLine());
        byte[] line = new byte[10];
        assertEquals(3, rb.readLine(line, 0, 10));
        assertEquals("ab\n", new String(line, 0, 3, StandardCharsets.ISO_8859_1));
        assertEquals(2, rb.readLine(line, 0, 2));
        assertEquals("cd", new String(line, 0, 2, StandardCharsets.ISO_8859_1));
    }

    @Test
    void ungetCharPutsBytesBackInOrder() {
        RingBuffer rb = new RingBuffer(4);
        rb.append(bytes("cd"));
        rb.ungetChar((byte) 'b');
        rb.ungetChar((byte) 'a');
        assertArrayEquals(bytes("abcd"), rb.toByteArray());
        assertEquals('a', rb.getChar());
        rb.skip(3);
        assertTrue(rb.isEmpty());
        rb.ungetChar((byte) 'z');
        assertEquals('z', rb.getChar());
    }

    @Test
    void reserveAndChopFillInPlace() {
        RingBuffer rb = new RingBuffer(8);
        rb.append(bytes("xy"));
        ByteBuffer region = rb.reserve(10);
        assertEquals(10, region.remaining());
        region.put(bytes("0123"));
        rb.chop(6);
        assertArrayEquals(bytes("xy0123"), rb.toByteArray());
    }

    @Test
    void readFromChannelAndWriteToByteBuffer() throws IOException {
        RingBuffer rb = new RingBuffer(4);
        ReadableByteChannel ch = Channels.newChannel(new java.io.ByteArrayInputStream(bytes("0123456789")));
        int total = 0;
        int n;
        while ((n = rb.readFrom(ch, 3)) > 0) {
            assertTrue(n <= 3);
            total += n;
        }
        assertEquals(-1, n);
        assertEquals(10, total);
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertEquals(4, rb.writeTo(dst));
        assertArrayEquals(bytes("0123"), dst.array());
        assertEquals(3, rb.readFrom(ByteBuffer.wrap(bytes("abc"))));
        assertArrayEquals(bytes("456789abc"), rb.toByteArray());
    }

    @Test
    void gatheringWriteConsumesWhatWasWritten() throws IOException {
        RingBuffer rb = new RingBuffer(3);
        rb.append(bytes("abcdefghij"));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        GatheringByteChannel ch = new LimitedGatheringChannel(sink, 4);
        assertEquals(4, rb.writeTo(ch));
        assertEquals(6, rb.size());
        while (!rb.isEmpty()) {
            rb.writeTo(ch);
        }
        assertArrayEquals(bytes("abcdefghij"), sink.toByteArray());
    }

    /** A channel that accepts at most {@code limit} bytes per write, like a full socket. */
    private static final class LimitedGatheringChannel implements GatheringByteChannel {
        private final ByteArrayOutputStream sink;
        private final int limit;

        LimitedGatheringChannel(ByteArrayOutputStream sink, int limit) {
            this.sink = sink;
            this.limit = limit;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long left = limit;
            long n = 0;
            for (int i = offset; i < offset + length && left > 0; i++) {
                while (srcs[i].hasRemaining() && left > 0) {
                    sink.write(srcs[i].get());
                    left--;
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    // ------------------------------------------------------------------ property test

    /** One step applied both to a RingBuffer and to the reference model. */
    private static final class Op {
        final int kind;
        final byte[] data;
        final int n;

        Op(int kind, byte[] data, int n) {
            this.kind = kind;
            this.data = data;
            this.n = n;
        }

        @Override
        public String toString() {
            String[] names = {"append", "read", "skip", "peek", "unget", "chop", "reserve", "indexOf"};
            return names[kind] + "(" + (kind == 0 ? Arrays.toString(data) : String.valueOf(n)) + ")";
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<byte[]> data = Arbitraries.bytes().between((byte) 0, (byte) 12).array(byte[].class).ofMaxSize(40);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7), data, Arbitraries.integers().between(0, 50))
                .as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void behavesLikeAByteQueue(@ForAll("ops") List<Op> ops, @ForAll int chunkSeed, @ForAll boolean direct) {
        RingBuffer rb = new RingBuffer(1 + Math.floorMod(chunkSeed, 17), direct ? RingBuffer.Storage.DIRECT : RingBuffer.Storage.HEAP);
        byte[] model = new byte[0];
        for (Op op : ops) {
            switch (op.kind) {
                case 0:
                    rb.append(op.data, 0, op.data.length);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(model);
                    out.writeBytes(op.data);
                    model = out.toByteArray();
                    break;
                case 1: {
                    byte[] dst = new byte[op.n];
                    int got = rb.read(dst, 0, op.n);
                    int expect = Math.min(op.n, model.length);
                    assertEquals(expect, got);
                    assertArrayEquals(Arrays.copyOf(model, expect), Arrays.copyOf(dst, got));
                    model = Arrays.copyOfRange(model, expect, model.length);
                    break;
                }
                case 2: {
                    long got = rb.skip(op.n);
                    int expect = Math.min(op.n, model.length);
                    assertEquals(expect, got);
                    model = Arrays.copyOfRange(model, expect, model.length);
                    break;
                }
                case 3: {
                    int offset = op.n / 3;
                    byte[] dst = new byte[op.n];
                    int got = rb.peek(dst, 0, op.n, offset);
                    int expect = Math.max(0, Math.min(op.n, model.length - offset));
                    assertEquals(expect, got);
                    assertArrayEquals(Arrays.copyOfRange(model, Math.min(offset, model.length), Math.min(offset, model.length) + expect),
                            Arrays.copyOf(dst, got));
                    break;
                }
                case 4: {
                    rb.ungetChar((byte) op.n);
                    byte[] m = new byte[model.length + 1];
                    m[0] = (byte) op.n;
                    System.arraycopy(model, 0, m, 1, model.length);
                    model = m;
                    break;
                }
                case 5: {
                    rb.chop(op.n);
                    model = Arrays.copyOf(model, Math.max(0, model.length - op.n));
                    break;
                }
                case 6: {
                    ByteBuffer region = rb.reserve(op.n);
                    for (int i = 0; i < op.n; i++) {
                        region.put((byte) i);
                    }
                    int keep = op.n / 2;
                    rb.chop(op.n - keep);
                    byte[] m = Arrays.copyOf(model, model.length + keep);
                    for (int i = 0; i < keep; i++) {
                        m[model.length + i] = (byte) i;
                    }
                    model = m;
                    break;
                }
                default: {
                    byte c = (byte) (op.n % 13);
                    int max = op.n;
                    int from = op.n % 5;
                    long expect = -1;
                    for (int i = from; i < Math.min(max, model.length); i++) {
                        if (model[i] == c) {
                            expect = i;
                            break;
                        }
                    }
                    assertEquals(expect, rb.indexOf(c, max, from), "indexOf(" + c + ", " + max + ", " + from + ")");
                }
            }
            assertEquals(model.length, rb.size());
        }
        assertArrayEquals(model, rb.toByteArray());
    }
}
