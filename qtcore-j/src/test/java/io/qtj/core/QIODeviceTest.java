package io.qtj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.internal.RingBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests QIODevice's contract with a sequential subclass shaped like QAbstractSocket: it keeps its
 * own buffer of received bytes and drains it in readData. Random-access behaviour is covered
 * through QBuffer in {@link QBufferTest}.
 */
class QIODeviceTest {

    /** A socket-like sequential device fed by the test. */
    static final class FakeSocket extends QIODevice {
        final RingBuffer incoming = new RingBuffer(8);
        final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean ended;
        int readDataCalls;

        FakeSocket() {
            open(OpenModeFlag.ReadWrite);
        }

        /** Simulates bytes arriving from the network. */
        void feed(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            incoming.append(b, 0, b.length);
            emitReadyRead();
        }

        @Override
        public boolean isSequential() {
            return true;
        }

        @Override
        public long bytesAvailable() {
            return incoming.size() + super.bytesAvailable();
        }

        @Override
        public boolean canReadLine() {
            return incoming.canReadLine() || super.canReadLine();
        }

        @Override
        public boolean waitForReadyRead(int msecs) {
            byte[] next = pending.poll();
            if (next == null) {
                ended = true;
                return false;
            }
            feed(new String(next, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        protected long readData(byte[] dst, int off, int len) {
            readDataCalls++;
            if (incoming.isEmpty()) {
                return ended ? -1 : 0;
            }
            return incoming.read(dst, off, len);
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            written.write(src, off, len);
            return len;
        }
    }

    /** A device whose base implementation is used unchanged (random-access, size 0). */
    static final class NullDevice extends QIODevice {
        @Override
        protected long readData(byte[] dst, int off, int len) {
            return 0;
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            return len;
        }
    }

    /** A device that reports an error string from the start. */
    static final class ErringDevice extends QIODevice {
        ErringDevice(String error) {
            setErrorString(error);
        }

        @Override
        protected long readData(byte[] dst, int off, int len) {
            return -1;
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            return -1;
        }
    }

    private static String s(QByteArray b) {
        return b.toString();
    }

    @Test
    void closeResetsTheErrorStringAndOpenKeepsIt() {
        // as Qt 5's QIODevice: open() leaves the error string alone, close() clears it
        ErringDevice d = new ErringDevice("Disk full");
        assertTrue(d.open(OpenModeFlag.ReadWrite));
        assertEquals("Disk full", d.errorString());
        d.close();
        assertEquals("Unknown error", d.errorString());
        ErringDevice closed = new ErringDevice("Disk full");
        closed.close();   // not open: close does nothing, as Qt's
        assertEquals("Disk full", closed.errorString());
    }

    @Test
    void constructing() {
        NullDevice d = new NullDevice();
        assertFalse(d.isOpen());
        assertEquals(EnumSet.of(OpenModeFlag.NotOpen), d.openMode());
        assertFalse(d.isReadable());
        assertFalse(d.isWritable());
        assertFalse(d.isSequential());
        assertEquals(0, d.pos());
        assertEquals(0, d.size());
        assertEquals(0, d.bytesToWrite());
        assertTrue(d.atEnd());
        assertFalse(d.isTransactionStarted());
        assertEquals("Unknown error", d.errorString());
        assertEquals(-1, d.read(new byte[1], 0, 1));
        assertEquals(-1, d.write(new byte[1]));
        assertFalse(d.waitForReadyRead(0));
        assertFalse(d.waitForBytesWritten(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ReadOnly    | ReadOnly       | true  | false",
        "WriteOnly   | WriteOnly      | false | true",
        "ReadWrite   | ReadWrite      | true  | true",
        "Append      | Append         | false | true",
        "Truncate    | ReadOnly,Truncate | true | true",
    })
    void openModes(String row, String flags, boolean readable, boolean writable) {
        NullDevice d = new NullDevice();
        List<OpenModeFlag> list = new ArrayList<>();
        for (String f : flags.split(",")) {
            list.add(OpenModeFlag.valueOf(f));
        }
        assertTrue(d.open(list));
        assertTrue(d.isOpen());
        assertEquals(readable, d.isReadable());
        assertEquals(writable, d.isWritable());
        assertEquals(readable && writable, d.openMode().contains(OpenModeFlag.ReadWrite));
    }

    @Test
    void closeEmitsAboutToCloseOnce() {
        NullDevice d = new NullDevice();
        int[] count = {0};
        d.aboutToClose.connect(() -> {
            count[0]++;
            assertTrue(d.isOpen(), "still open while aboutToClose is emitted");
        });
        d.close();
        assertEquals(0, count[0], "not open: nothing to close");
        d.open(OpenModeFlag.ReadOnly);
        d.close();
        assertEquals(1, count[0]);
        assertFalse(d.isOpen());
    }

    @Test
    void readGoesStraightToReadData() {
        FakeSocket dev = new FakeSocket();
        dev.feed("hello");
        assertEquals(5, dev.bytesAvailable());
        assertEquals("hel", s(dev.read(3)));
        assertEquals(2, dev.bytesAvailable());
        assertEquals("lo", s(dev.readAll()));
        assertTrue(dev.atEnd());
        assertEquals(0, dev.read(new byte[4], 0, 4), "sequential: 0 = nothing available now");
        dev.ended = true;
        assertEquals(-1, dev.read(new byte[4], 0, 4), "sequential: -1 = end of stream");
    }

    @Test
    void readLargeRequestDoesNotAllocateIt() {
        FakeSocket dev = new FakeSocket();
        dev.feed("abc");
        QByteArray got = dev.read(Integer.MAX_VALUE);
        assertEquals("abc", s(got));
        assertTrue(got.capacity() < 1 << 20, "capacity " + got.capacity());
    }

    @Test
    void peekAndRead() {
        FakeSocket dev = new FakeSocket();
        dev.feed("0123456789");
        assertEquals("0123", s(dev.peek(4)));
        assertEquals(10, dev.bytesAvailable());
        assertEquals("01", s(dev.read(2)));
        assertEquals("234567", s(dev.peek(6)));
        assertEquals("23456789", s(dev.readAll()));
        assertEquals(0, dev.bytesAvailable());
    }

    @Test
    void readLineAcrossArrivals() {
        FakeSocket dev = new FakeSocket();
        dev.feed("first li");
        assertFalse(dev.canReadLine());
        dev.feed("ne\nsecond\nthi");
        assertTrue(dev.canReadLine());
        assertEquals("first line\n", s(dev.readLine()));
        assertTrue(dev.canReadLine(), "the rest was pulled into QIODevice's buffer");
        assertEquals("second\n", s(dev.readLine()));
        assertFalse(dev.canReadLine());
        assertEquals("thi", s(dev.readLine()), "no newline: what is available");
        assertEquals("", s(dev.readLine()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "limited     | 4  | abcd",
        "exactLine   | 7  | abcdef",
        "unlimited   | 0  | abcdef",
        "longerLimit | 20 | abcdef",
    })
    void readLineMaxSize(String row, long maxSize, String expected) {
        FakeSocket dev = new FakeSocket();
        dev.feed("abcdef\nxyz");
        String line = s(dev.readLine(maxSize));
        assertEquals(expected, line.replace("\n", ""));
        assertEquals(maxSize == 0 || maxSize > 6, line.endsWith("\n"));
    }

    @Test
    void readLineIntoArray() {
        FakeSocket dev = new FakeSocket();
        dev.feed("ab\ncd");
        byte[] buf = new byte[10];
        assertEquals(3, dev.readLine(buf, 0, 10));
        assertEquals("ab\n", new String(buf, 0, 3, StandardCharsets.US_ASCII));
        assertEquals(2, dev.readLine(buf, 0, 10));
        assertEquals(0, dev.readLine(buf, 0, 10));
    }

    @Test
    void longLineGrowsTheResult() {
        FakeSocket dev = new FakeSocket();
        String big = "x".repeat(5000);
        dev.feed(big + "\nrest");
        assertEquals(big + "\n", s(dev.readLine()));
        assertEquals("rest", s(dev.readAll()));
    }

    @Test
    void ungetCharAndGetChar() {
        FakeSocket dev = new FakeSocket();
        dev.feed("bc");
        byte[] c = new byte[1];
        assertTrue(dev.getChar(c));
        assertEquals('b', c[0]);
        dev.ungetChar((byte) 'b');
        dev.ungetChar((byte) 'a');
        assertEquals(3, dev.bytesAvailable());
        assertEquals("abc", s(dev.readAll()));
        assertFalse(dev.getChar(c));
        assertTrue(dev.putChar((byte) 'z'));
        assertEquals("z", dev.written.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void transactionRollbackRestoresSequentialData() {
        FakeSocket dev = new FakeSocket();
        dev.feed("abcdef");
        dev.startTransaction();
        assertTrue(dev.isTransactionStarted());
        assertEquals("abc", s(dev.read(3)));
        assertEquals(3, dev.bytesAvailable());
        dev.rollbackTransaction();
        assertFalse(dev.isTransactionStarted());
        assertEquals(6, dev.bytesAvailable());
        assertEquals("abcdef", s(dev.readAll()));
    }

    @Test
    void transactionCommitConsumes() {
        FakeSocket dev = new FakeSocket();
        dev.feed("abc");
        dev.startTransaction();
        assertEquals("ab", s(dev.read(2)));
        dev.feed("de");
        assertEquals("cde", s(dev.readAll()));
        dev.commitTransaction();
        assertEquals(0, dev.bytesAvailable());
        dev.feed("f");
        assertEquals("f", s(dev.readAll()));
    }

    @Test
    void transactionWithReadLineAndPeekAndSkip() {
        FakeSocket dev = new FakeSocket();
        dev.feed("line1\nline2\n");
        dev.startTransaction();
        assertEquals("line1\n", s(dev.readLine()));
        assertEquals("li", s(dev.peek(2)));
        assertEquals(3, dev.skip(3));
        assertEquals("e2\n", s(dev.readLine()));
        dev.rollbackTransaction();
        assertEquals("line1\n", s(dev.readLine()));
        assertEquals("line2\n", s(dev.readLine()));
    }

    @Test
    void nestedTransactionIsRefused() {
        FakeSocket dev = new FakeSocket();
        dev.feed("ab");
        dev.startTransaction();
        dev.read(1);
        dev.startTransaction();
        dev.rollbackTransaction();
        assertEquals("ab", s(dev.readAll()));
    }

    @Test
    void skipSequential() {
        FakeSocket dev = new FakeSocket();
        dev.feed("0123456789");
        assertEquals(4, dev.skip(4));
        assertEquals("45", s(dev.read(2)));
        assertEquals(4, dev.skip(100));
        assertEquals(0, dev.skip(1));
    }

    @Test
    void seekOnSequentialFails() {
        FakeSocket dev = new FakeSocket();
        assertFalse(dev.seek(0));
        assertEquals(0, dev.pos());
    }

    @Test
    void readyReadIsNotReentrant() {
        FakeSocket dev = new FakeSocket();
        List<String> got = new ArrayList<>();
        dev.readyRead.connect(() -> {
            got.add(s(dev.readAll()));
            if (got.size() == 1) {
                dev.feed("nested");   // a slot that causes more data to arrive
            }
        });
        dev.feed("first");
        assertEquals(List.of("first"), got, "the nested emission was refused");
        assertEquals("nested", s(dev.readAll()));
    }

    @Test
    void writeOnlyDeviceCannotBeRead() {
        NullDevice d = new NullDevice();
        d.open(OpenModeFlag.WriteOnly);
        assertEquals(-1, d.read(new byte[1], 0, 1));
        assertEquals("", s(d.readAll()));
        assertEquals(3, d.write(new QByteArray("abc")));
        assertThrows(IndexOutOfBoundsException.class, () -> d.write(new byte[2], 1, 2));
    }

    @Test
    void inputStreamBlocksThroughWaitForReadyRead() throws IOException {
        FakeSocket dev = new FakeSocket();
        dev.feed("one ");
        dev.pending.add("two ".getBytes(StandardCharsets.UTF_8));
        dev.pending.add("three".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = dev.inputStream()) {
            assertEquals("one two three", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(-1, in.read());
        }
        assertTrue(dev.isOpen(), "closing the stream does not close the device");
    }

    @Test
    void outputStreamWritesThrough() throws IOException {
        FakeSocket dev = new FakeSocket();
        OutputStream out = dev.outputStream();
        out.write("hé".getBytes(StandardCharsets.UTF_8));
        out.write('!');
        out.flush();
        assertArrayEquals("hé!".getBytes(StandardCharsets.UTF_8), dev.written.toByteArray());
        dev.close();
        assertThrows(IOException.class, () -> out.write(1));
    }

    /** tst_qiodevice.cpp's SequentialReadBuffer: a sequential device reading a live QByteArray. */
    static final class SequentialReadBuffer extends QIODevice {
        private final QByteArray buf;
        private int offset;

        SequentialReadBuffer(QByteArray buf) {
            this.buf = buf;
        }

        @Override
        public boolean isSequential() {
            return true;
        }

        @Override
        public long bytesAvailable() {
            return buf.size() - offset + super.bytesAvailable();
        }

        @Override
        protected long readData(byte[] dst, int off, int len) {
            int n = Math.min(len, buf.size() - offset);
            byte[] all = buf.toByteArray();
            System.arraycopy(all, offset, dst, off, n);
            offset += n;
            return n;
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            return -1;
        }
    }

    static Stream<Arguments> skipAfterPeek_data() {
        QByteArray bigData = new QByteArray();
        for (int i = 0; i < 1000; i++) {
            bigData.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        }
        return Stream.of(Arguments.of("sequential", true, bigData), Arguments.of("random-access", false, bigData));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skipAfterPeek_data")
    void skipAfterPeek(String row, boolean sequential, QByteArray data) {
        QIODevice dev = sequential ? new SequentialReadBuffer(data) : new QBuffer(data);
        dev.open(OpenModeFlag.ReadOnly);
        int readSoFar = 0;
        long bytesToSkip = 1;
        while (true) {
            QByteArray chunk = dev.peek(bytesToSkip);
            if (chunk.isEmpty()) {
                break;
            }
            assertEquals(chunk.size(), dev.skip(bytesToSkip));
            assertEquals(data.mid(readSoFar, chunk.size()), chunk);
            readSoFar += chunk.size();
            bytesToSkip <<= 1;
        }
        assertEquals(data.size(), readSoFar);
    }

    static Stream<Arguments> transaction_data() {
        Stream.Builder<Arguments> rows = Stream.builder();
        for (boolean sequential : new boolean[] {true, false}) {
            String dev = sequential ? "sequential" : "random-access";
            rows.add(Arguments.of(dev + "1", sequential, (byte) 1, (short) 2, 3, 4L, true, 5.0f, 6.0, "Hello world!"));
            rows.add(Arguments.of(dev + "2", sequential, (byte) (1 << 6), (short) (1 << 14), 1 << 30, 1L << 62, false,
                    123.0f, 234.0, "abcdefghijklmnopqrstuvwxyz"));
            rows.add(Arguments.of(dev + "3", sequential, (byte) -1, (short) -2, -3, -4L, true, -123.0f, -234.0, "Qt rocks!"));
        }
        return rows.build();
    }

    /** Transaction integrity: data cut at every position, read again once the rest arrives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transaction_data")
    void transaction(String row, boolean sequential, byte i8Data, short i16Data, int i32Data, long i64Data,
            boolean bData, float fData, double dData, String strData) {
        QByteArray testBuffer = new QByteArray();
        new QDataStream(testBuffer, OpenModeFlag.WriteOnly).writeInt8(i8Data).writeInt16(i16Data).writeInt32(i32Data)
                .writeInt64(i64Data).writeBoolean(bData).writeFloat(fData).writeDouble(dData)
                .writeByteArray(new QByteArray(strData));
        for (int splitPos = 0; splitPos <= testBuffer.size(); splitPos++) {
            QByteArray readBuffer = testBuffer.left(splitPos);
            QIODevice dev = sequential ? new SequentialReadBuffer(readBuffer) : new QBuffer(readBuffer);
            dev.open(OpenModeFlag.ReadOnly);
            QDataStream stream = new QDataStream(dev);
            byte i8;
            short i16;
            int i32;
            long i64;
            boolean b;
            float f;
            double d;
            QByteArray str;
            while (true) {
                assertFalse(dev.isTransactionStarted());
                dev.startTransaction();
                assertTrue(dev.isTransactionStarted());
                i8 = stream.readInt8();
                i16 = stream.readInt16();
                i32 = stream.readInt32();
                i64 = stream.readInt64();
                b = stream.readBoolean();
                f = stream.readFloat();
                d = stream.readDouble();
                str = stream.readByteArray();
                assertTrue(stream.atEnd());
                if (stream.status() == QDataStream.Status.Ok) {
                    dev.commitTransaction();
                    break;
                }
                dev.rollbackTransaction();
                assertTrue(splitPos == 0 || !stream.atEnd());
                assertEquals(0, dev.pos());
                assertEquals(readBuffer.size(), dev.bytesAvailable());
                assertTrue(readBuffer.size() < testBuffer.size());
                readBuffer.append(testBuffer.right(testBuffer.size() - splitPos));
                stream.resetStatus();
            }
            assertFalse(dev.isTransactionStarted());
            assertTrue(stream.atEnd());
            assertEquals(i8Data, i8);
            assertEquals(i16Data, i16);
            assertEquals(i32Data, i32);
            assertEquals(i64Data, i64);
            assertEquals(bData, b);
            assertEquals(fData, f);
            assertEquals(dData, d);
            assertEquals(strData, str.toString());
        }
    }

    // ------------------------------------------------------------------ property: model check

    @Provide
    Arbitrary<List<int[]>> deviceOps() {
        return Arbitraries.integers().between(0, 8).flatMap(kind ->
                Arbitraries.integers().between(0, 20).map(n -> new int[] {kind, n})).list().ofMaxSize(80);
    }

    /**
     * Random reads, peeks, lines, skips, ungets and transactions on a socket-like device agree
     * with a plain byte queue; a rollback gives back exactly what the transaction consumed.
     */
    @Property(tries = 300)
    void sequentialDeviceBehavesLikeAQueue(@ForAll("deviceOps") List<int[]> ops) {
        FakeSocket dev = new FakeSocket();
        ByteArrayOutputStream model = new ByteArrayOutputStream();   // unread bytes
        ByteArrayOutputStream consumed = null;                       // read since startTransaction
        byte next = 0;
        for (int[] op : ops) {
            byte[] m = model.toByteArray();
            int n = op[1];
            byte[] expect = null;
            switch (op[0]) {
                case 0: {   // bytes arrive; every third one is a newline
                    byte[] b = new byte[n];
                    for (int i = 0; i < n; i++) {
                        b[i] = (byte) (next++ % 3 == 0 ? '\n' : 'a' + i % 26);
                    }
                    dev.incoming.append(b, 0, b.length);
                    model.writeBytes(b);
                    break;
                }
                case 1:
                    expect = java.util.Arrays.copyOf(m, Math.min(n, m.length));
                    assertArrayEquals(expect, dev.read(n).toByteArray(), "read " + n);
                    break;
                case 2:
                    assertArrayEquals(java.util.Arrays.copyOf(m, Math.min(n, m.length)), dev.peek(n).toByteArray(), "peek " + n);
                    break;
                case 3: {
                    int max = n + 1;
                    int len = Math.min(max, m.length);
                    for (int i = 0; i < len; i++) {
                        if (m[i] == '\n') {
                            len = i + 1;
                            break;
                        }
                    }
                    expect = java.util.Arrays.copyOf(m, len);
                    assertArrayEquals(expect, dev.readLine(max).toByteArray(), "readLine " + max);
                    break;
                }
                case 4:
                    expect = java.util.Arrays.copyOf(m, Math.min(n, m.length));
                    assertEquals(expect.length, dev.skip(n), "skip " + n);
                    break;
                case 5: {   // getChar then ungetChar: nothing changes
                    byte[] c = new byte[1];
                    if (dev.getChar(c)) {
                        assertEquals(m[0], c[0]);
                        dev.ungetChar(c[0]);
                    } else {
                        assertEquals(0, m.length);
                    }
                    break;
                }
                case 6:
                    if (consumed == null) {
                        dev.startTransaction();
                        consumed = new ByteArrayOutputStream();
                    }
                    break;
                case 7:
                    if (consumed != null) {
                        dev.commitTransaction();
                        consumed = null;
                    }
                    break;
                default:
                    if (consumed != null) {
                        dev.rollbackTransaction();
                        consumed.writeBytes(model.toByteArray());
                        model = consumed;
                        consumed = null;
                    }
            }
            if (expect != null) {
                if (consumed != null) {
                    consumed.writeBytes(expect);
                }
                model = new ByteArrayOutputStream();
                model.writeBytes(java.util.Arrays.copyOfRange(m, expect.length, m.length));
            }
            byte[] now = model.toByteArray();
            assertEquals(now.length, dev.bytesAvailable());
            boolean hasLine = false;
            for (byte b : now) {
                hasLine |= b == '\n';
            }
            assertEquals(hasLine, dev.canReadLine());
            assertEquals(consumed != null, dev.isTransactionStarted());
        }
    }
}
