package io.qtj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.QIODeviceTest.FakeSocket;
import io.qtj.core.internal.RingBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * QIODevice in Text mode: every '\r' is dropped from what the read functions deliver, sizes count
 * the bytes delivered, the position counts the device's bytes, and writing is not translated.
 * Random-access behaviour through QBuffer, sequential through the socket-like device of
 * {@link QIODeviceTest}.
 */
class QIODeviceTextModeTest {

    private static QByteArray ba(String s) {
        return new QByteArray(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String s(QByteArray b) {
        return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private static QBuffer textBuffer(String content) {
        QBuffer b = new QBuffer(ba(content));
        assertTrue(b.open(OpenModeFlag.ReadOnly, OpenModeFlag.Text));
        return b;
    }

    private static FakeSocket textSocket(String content) {
        FakeSocket dev = new FakeSocket();
        dev.setTextModeEnabled(true);
        byte[] b = content.getBytes(StandardCharsets.ISO_8859_1);
        dev.incoming.append(b, 0, b.length);
        return dev;
    }

    /** A socket-like device that, as QAbstractSocket does, finds lines in its own buffer. */
    static final class LineSocket extends QIODevice {
        final RingBuffer incoming = new RingBuffer(8);

        LineSocket(String content) {
            open(OpenModeFlag.ReadOnly, OpenModeFlag.Text);
            byte[] b = content.getBytes(StandardCharsets.ISO_8859_1);
            incoming.append(b, 0, b.length);
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
        protected long readData(byte[] dst, int off, int len) {
            return incoming.read(dst, off, len);
        }

        @Override
        protected long readLineData(byte[] dst, int off, int len) {
            if (incoming.isEmpty()) {
                return super.readLineData(dst, off, len);
            }
            return incoming.readLine(dst, off, len);
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            return len;
        }
    }

    // ------------------------------------------------------------------ random access (QBuffer)

    @Test
    void openWithTextSetsTheFlag() {
        QBuffer b = textBuffer("x");
        assertTrue(b.isTextModeEnabled());
        assertTrue(b.openMode().contains(OpenModeFlag.Text));
        b.close();
        assertFalse(b.isTextModeEnabled(), "closing clears the mode");
        assertTrue(b.open(OpenModeFlag.ReadOnly));
        assertFalse(b.isTextModeEnabled());
    }

    @Test
    void readAllDropsEveryCarriageReturn() {
        QBuffer b = textBuffer("a\r\nb\rc\n");
        assertEquals(7, b.bytesAvailable(), "bytesAvailable counts the device's bytes");
        assertEquals("a\nbc\n", s(b.readAll()));
        assertEquals(7, b.pos(), "the position counts the device's bytes");
        assertTrue(b.atEnd());
        assertEquals("", s(b.readAll()));
    }

    @Test
    void readWithoutTextReturnsTheBytesUnchanged() {
        QBuffer b = new QBuffer(ba("a\r\nb\rc\n"));
        b.open(OpenModeFlag.ReadOnly);
        assertFalse(b.isTextModeEnabled());
        assertEquals("a\r\n", s(b.readLine()));
        assertEquals("b\r", s(b.read(2)));
        assertEquals("c\n", s(b.peek(5)));
        assertEquals("c\n", s(b.readAll()));
    }

    @Test
    void readOneByteAtATime() {
        QBuffer b = textBuffer("a\r\nb\rc\n");
        String[] expected = {"a", "\n", "b", "c", "\n"};
        long[] positions = {1, 3, 4, 6, 7};   // the '\r' after 'b' is consumed by the read of 'c'
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s(b.read(1)), "read #" + i);
            assertEquals(positions[i], b.pos(), "pos after read #" + i);
        }
        assertEquals("", s(b.read(1)));
        assertEquals(7, b.pos());
    }

    /** A '\r' that would be the next byte after a full read stays unread; one at the end is consumed. */
    @Test
    void carriageReturnAtTheEndOfAChunk() {
        QBuffer b = textBuffer("ab\r\ncd\r");
        byte[] buf = new byte[2];
        assertEquals(2, b.read(buf, 0, 2));
        assertEquals("ab", new String(buf, StandardCharsets.ISO_8859_1));
        assertEquals(2, b.pos(), "the '\\r' after the last byte delivered is not consumed");
        assertEquals(2, b.read(buf, 0, 2));
        assertEquals("\nc", new String(buf, StandardCharsets.ISO_8859_1));
        assertEquals(5, b.pos());
        assertEquals(1, b.read(buf, 0, 2), "only 'd' is left once the '\\r' is dropped");
        assertEquals('d', buf[0]);
        assertEquals(7, b.pos(), "the trailing '\\r' is consumed");
        assertTrue(b.atEnd());
        assertEquals(0, b.read(buf, 0, 2));
    }

    @Test
    void readFillsTheRoomLeftByDroppedBytes() {
        QBuffer b = textBuffer("a\r\r\r\rbcd");
        assertEquals("abc", s(b.read(3)), "keeps reading past the dropped bytes");
        assertEquals(7, b.pos());
        assertEquals("d", s(b.readAll()));
    }

    @Test
    void onlyCarriageReturnsLeftReadsNothing() {
        QBuffer b = textBuffer("x\r\r");
        b.read(1);
        byte[] buf = new byte[4];
        assertEquals(0, b.read(buf, 0, 4));
        assertEquals(3, b.pos());
        assertTrue(b.atEnd());
        assertFalse(b.getChar(buf));
    }

    @Test
    void getCharPassesOverCarriageReturns() {
        QBuffer b = textBuffer("\r\ra\r\n");
        byte[] c = new byte[1];
        assertTrue(b.getChar(c));
        assertEquals('a', c[0]);
        assertEquals(3, b.pos());
        assertTrue(b.getChar(c));
        assertEquals('\n', c[0]);
        assertEquals(5, b.pos());
        assertFalse(b.getChar(c));
    }

    @Test
    void readLineTranslatesAndDropsLoneCarriageReturns() {
        QBuffer b = textBuffer("a\r\nb\rc\n\r\nlast\r");
        assertTrue(b.canReadLine());
        assertEquals("a\n", s(b.readLine()));
        assertEquals(3, b.pos());
        assertEquals("bc\n", s(b.readLine()));
        assertEquals(7, b.pos());
        assertEquals("\n", s(b.readLine()));
        assertEquals(9, b.pos());
        assertEquals("last", s(b.readLine()));
        assertEquals(14, b.pos());
        assertEquals("", s(b.readLine()));
    }

    /** readLine's limit counts the bytes returned, not the device's bytes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "stopsBeforeCr   | 2  | ab    | 2",
        "crDoesNotCount  | 3  | ab\\n | 4",
        "wholeLine       | 10 | ab\\n | 4",
        "unlimited       | 0  | ab\\n | 4",
    })
    void readLineMaxSizeCountsDeliveredBytes(String row, long maxSize, String expected, long pos) {
        QBuffer b = textBuffer("ab\r\ncd");
        assertEquals(expected.replace("\\n", "\n"), s(b.readLine(maxSize)));
        assertEquals(pos, b.pos());
        assertEquals(expected.endsWith("\\n") ? "cd" : "\ncd", s(b.readAll()));
    }

    @Test
    void readLineIntoArray() {
        QBuffer b = textBuffer("one\r\ntwo\r\n");
        byte[] buf = new byte[4];
        assertEquals(4, b.readLine(buf, 0, 4));
        assertEquals("one\n", new String(buf, StandardCharsets.ISO_8859_1));
        assertEquals(5, b.pos());
        assertEquals(3, b.readLine(buf, 0, 3));
        assertEquals("two", new String(buf, 0, 3, StandardCharsets.ISO_8859_1));
        assertEquals(1, b.readLine(buf, 0, 3));
        assertEquals('\n', buf[0]);
        assertEquals(0, b.readLine(buf, 0, 3));
    }

    @Test
    void peekTranslatesWithoutMoving() {
        QBuffer b = textBuffer("a\r\nb\rc");
        assertEquals("a\nb", s(b.peek(3)));
        assertEquals(0, b.pos(), "peek does not move");
        byte[] buf = new byte[10];
        assertEquals(4, b.peek(buf, 0, 10));
        assertEquals("a\nbc", new String(buf, 0, 4, StandardCharsets.ISO_8859_1));
        assertEquals("a\n", s(b.read(2)));
        assertEquals(3, b.pos());
        assertEquals("bc", s(b.peek(10)));
        assertEquals("bc", s(b.readAll()));
    }

    @Test
    void peekKeepsUngottenBytes() {
        QBuffer b = textBuffer("xa\r\nb");
        assertEquals("xa", s(b.read(2)));
        b.ungetChar((byte) 'a');
        b.ungetChar((byte) '\r');   // an ungotten '\r' is dropped like any other
        assertEquals(0, b.pos());
        assertEquals("a\nb", s(b.peek(3)));
        assertEquals(0, b.pos());
        assertEquals("a\nb", s(b.peek(3)), "the ungotten bytes are still there");
        assertEquals("a\nb", s(b.readAll()));
    }

    @Test
    void skipCountsDeliveredBytes() {
        QBuffer b = textBuffer("a\r\nb\r\nc");
        assertEquals(3, b.skip(3), "a, \\n, b");
        assertEquals(4, b.pos());
        assertEquals("\nc", s(b.readAll()));
        assertEquals(0, b.skip(5));
    }

    @Test
    void transactionRollbackRereadsTranslated() {
        QBuffer b = textBuffer("a\r\nb");
        b.startTransaction();
        assertEquals("a\nb", s(b.readAll()));
        b.rollbackTransaction();
        assertEquals(0, b.pos());
        assertEquals("a\n", s(b.readLine()));
    }

    @Test
    void setTextModeEnabledTogglesMidStream() {
        QBuffer b = new QBuffer(ba("a\r\nb\r\nc\r\nd\r\n"));
        b.open(OpenModeFlag.ReadOnly);
        assertEquals("a\r\n", s(b.readLine()));
        b.setTextModeEnabled(true);
        assertTrue(b.isTextModeEnabled());
        assertTrue(b.openMode().contains(OpenModeFlag.Text));
        assertTrue(b.isReadable(), "the other flags are kept");
        assertEquals("b\n", s(b.readLine()));
        assertEquals("c\n", s(b.read(2)));
        b.setTextModeEnabled(false);
        assertFalse(b.isTextModeEnabled());
        assertFalse(b.openMode().contains(OpenModeFlag.Text));
        assertEquals("d\r\n", s(b.readAll()));
    }

    @Test
    void setTextModeEnabledBetweenAPeekAndARead() {
        QBuffer b = new QBuffer(ba("a\r\nb"));
        b.open(OpenModeFlag.ReadOnly);
        assertEquals("a\r\nb", s(b.peek(10)));
        b.setTextModeEnabled(true);
        assertEquals("a\nb", s(b.peek(10)));
        assertEquals("a\nb", s(b.readAll()));
    }

    @Test
    void setTextModeEnabledOnAClosedDeviceDoesNothing() {
        QBuffer b = new QBuffer(ba("a\r\n"));
        b.setTextModeEnabled(true);
        assertFalse(b.isTextModeEnabled());
        assertFalse(b.isOpen());
        b.open(OpenModeFlag.ReadOnly);
        assertEquals("a\r\n", s(b.readAll()));
    }

    @Test
    void writingIsNotTranslated() {
        QBuffer b = new QBuffer();
        b.open(OpenModeFlag.ReadWrite, OpenModeFlag.Text);
        assertEquals(6, b.write(ba("a\nb\r\n\r")));
        assertEquals("a\nb\r\n\r", s(b.data()), "as Qt on Unix: bytes written as given");
        assertEquals(6, b.pos());
        b.seek(0);
        assertEquals("a\nb\n", s(b.readAll()));
    }

    @Test
    void inputStreamDeliversTranslatedBytes() throws IOException {
        QBuffer b = textBuffer("a\r\nb\r\n\r");
        try (InputStream in = b.inputStream()) {
            assertEquals(7, in.available(), "available() counts the device's bytes");
            assertEquals('a', in.read());
            assertEquals('\n', in.read());
            assertEquals("b\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            assertEquals(-1, in.read());
        }
    }

    // ------------------------------------------------------------------ sequential

    @Test
    void sequentialReadAcrossArrivals() {
        FakeSocket dev = textSocket("ab\r");
        assertEquals(3, dev.bytesAvailable());
        assertEquals("ab", s(dev.readAll()));
        assertEquals(0, dev.bytesAvailable(), "the '\\r' was consumed");
        dev.feed("\ncd\r\n");
        assertEquals("\ncd\n", s(dev.read(10)));
        dev.feed("\r");
        assertEquals(0, dev.read(new byte[4], 0, 4), "only a '\\r' arrived: nothing to deliver");
        dev.ended = true;
        assertEquals(-1, dev.read(new byte[4], 0, 4));
    }

    @Test
    void sequentialPeekLeavesTheBytes() {
        FakeSocket dev = textSocket("a\r\nb\rc");
        assertEquals("a\nbc", s(dev.peek(10)));
        assertEquals(6, dev.bytesAvailable());
        assertEquals("a\n", s(dev.peek(2)));
        assertEquals("a\nb", s(dev.read(3)));
        assertEquals("c", s(dev.peek(1)));
        assertEquals("c", s(dev.readAll()));
    }

    @Test
    void sequentialReadLine() {
        FakeSocket dev = textSocket("one\r\ntw\ro\r");
        assertEquals("one\n", s(dev.readLine()));
        assertEquals("two", s(dev.readLine()), "no newline yet: what has arrived, translated");
        dev.feed("\nthree\r\n");
        assertEquals("\n", s(dev.readLine()), "the '\\r' was consumed before its '\\n' arrived");
        assertTrue(dev.canReadLine());
        assertEquals("three\n", s(dev.readLine()));
    }

    @Test
    void sequentialTransactionAndSkip() {
        FakeSocket dev = textSocket("a\r\nb\r\nc");
        dev.startTransaction();
        assertEquals("a\n", s(dev.readLine()));
        assertEquals("b\n", s(dev.peek(2)));
        assertEquals(2, dev.skip(2));
        assertEquals("c", s(dev.readAll()));
        dev.rollbackTransaction();
        assertEquals(7, dev.bytesAvailable());
        dev.startTransaction();
        assertEquals("a\nb", s(dev.read(3)));
        dev.commitTransaction();
        assertEquals("\nc", s(dev.readAll()));
    }

    @Test
    void sequentialSetTextModeEnabledMidStream() {
        FakeSocket dev = new FakeSocket();
        dev.feed("a\r\nb\r\nc\r\n");
        assertEquals("a\r\n", s(dev.readLine()));
        dev.setTextModeEnabled(true);
        assertEquals("b\n", s(dev.readLine()));
        dev.setTextModeEnabled(false);
        assertEquals("c\r\n", s(dev.readAll()));
    }

    /** A subclass's own readLineData (as QAbstractSocket's) returns raw bytes; readLine translates them. */
    @Test
    void readLineDataOverrideIsTranslated() {
        LineSocket dev = new LineSocket("a\rb\r\nc\r\nd");
        assertEquals("ab\n", s(dev.readLine()));
        byte[] buf = new byte[2];
        assertEquals(2, dev.readLine(buf, 0, 2));
        assertEquals("c\n", new String(buf, StandardCharsets.ISO_8859_1));
        assertEquals("d", s(dev.readLine()));
    }

    // ------------------------------------------------------------------ properties

    @Provide
    Arbitrary<byte[]> textBytes() {
        // mostly line ends and carriage returns, but any byte may come
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just((byte) '\r')),
                net.jqwik.api.Tuple.of(3, Arbitraries.just((byte) '\n')),
                net.jqwik.api.Tuple.of(4, Arbitraries.bytes().between((byte) 'a', (byte) 'e')),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(300);
    }

    private static byte[] withoutCarriageReturns(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            if (b != '\r') {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Text mode's readAll is the input with every '\r' removed; without Text it is the input. */
    @Property(tries = 300)
    void readAllDropsCarriageReturnsOnlyInTextMode(@ForAll("textBytes") byte[] data, @ForAll boolean text,
            @ForAll boolean sequential) {
        QIODevice dev;
        if (sequential) {
            FakeSocket sock = new FakeSocket();
            sock.incoming.append(data, 0, data.length);
            sock.setTextModeEnabled(text);
            dev = sock;
        } else {
            QBuffer buf = new QBuffer(new QByteArray(data));
            assertTrue(text ? buf.open(OpenModeFlag.ReadOnly, OpenModeFlag.Text) : buf.open(OpenModeFlag.ReadOnly));
            dev = buf;
        }
        assertArrayEquals(text ? withoutCarriageReturns(data) : data, dev.readAll().toByteArray());
        assertEquals(0, dev.bytesAvailable());
    }

    /** Reading in pieces of any size gives the same bytes as one readAll. */
    @Property(tries = 300)
    void piecesAddUpToReadAll(@ForAll("textBytes") byte[] data, @ForAll @IntRange(min = 1, max = 7) int piece,
            @ForAll boolean text) {
        QBuffer buf = new QBuffer(new QByteArray(data));
        assertTrue(text ? buf.open(OpenModeFlag.ReadOnly, OpenModeFlag.Text) : buf.open(OpenModeFlag.ReadOnly));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[piece];
        int n;
        while ((n = buf.read(chunk, 0, piece)) > 0) {
            got.write(chunk, 0, n);
        }
        assertArrayEquals(text ? withoutCarriageReturns(data) : data, got.toByteArray());
        assertEquals(data.length, buf.pos());
    }

    @Provide
    Arbitrary<List<int[]>> textOps() {
        return Arbitraries.integers().between(0, 6).flatMap(kind ->
                Arbitraries.integers().between(0, 12).map(n -> new int[] {kind, n})).list().ofMaxSize(60);
    }

    /**
     * Text mode's rule, spelled plainly on a queue of the device's bytes: take bytes from the
     * front, dropping each '\r' (in Text mode), until {@code max} bytes are delivered, a line has
     * ended (when {@code line}), or the bytes run out. Returns how many of the device's bytes are
     * consumed; the delivered bytes go to {@code out}.
     */
    private static int take(byte[] raw, int max, boolean line, boolean text, ByteArrayOutputStream out) {
        int i = 0;
        int delivered = 0;
        while (i < raw.length && delivered < max) {
            byte b = raw[i++];
            if (text && b == '\r') {
                continue;
            }
            out.write(b);
            delivered++;
            if (line && b == '\n') {
                break;
            }
        }
        return i;
    }

    /**
     * Random reads, peeks, lines, skips, getChar/ungetChar and Text-mode switches on a QBuffer and
     * on a socket-like device agree with the rule applied to a plain queue of bytes.
     */
    @Property(tries = 300)
    void readFunctionsFollowTheRule(@ForAll("textBytes") byte[] data, @ForAll("textOps") List<int[]> ops,
            @ForAll boolean sequential) {
        QIODevice dev;
        if (sequential) {
            FakeSocket sock = new FakeSocket();
            sock.incoming.append(data, 0, data.length);
            dev = sock;
        } else {
            QBuffer buf = new QBuffer(new QByteArray(data));
            buf.open(OpenModeFlag.ReadOnly);
            dev = buf;
        }
        dev.setTextModeEnabled(true);
        byte[] model = data;
        for (int[] op : ops) {
            int n = op[1];
            boolean text = dev.isTextModeEnabled();
            ByteArrayOutputStream expect = new ByteArrayOutputStream();
            int consumed;
            String what = op[0] + "/" + n + (text ? " text" : " binary");
            switch (op[0]) {
                case 0:
                    consumed = take(model, n, false, text, expect);
                    assertArrayEquals(expect.toByteArray(), dev.read(n).toByteArray(), "read " + what);
                    break;
                case 1:
                    take(model, n, false, text, expect);
                    consumed = 0;
                    assertArrayEquals(expect.toByteArray(), dev.peek(n).toByteArray(), "peek " + what);
                    break;
                case 2: {
                    int max = n + 1;
                    consumed = take(model, max, true, text, expect);
                    byte[] got = new byte[max];
                    long r = dev.readLine(got, 0, max);
                    assertArrayEquals(expect.toByteArray(), Arrays.copyOf(got, (int) Math.max(r, 0)), "readLine " + what);
                    break;
                }
                case 3:
                    consumed = take(model, n, false, text, expect);
                    assertEquals(expect.size(), dev.skip(n), "skip " + what);
                    break;
                case 4: {   // getChar, then put the byte back: the next read delivers it again
                    consumed = take(model, 1, false, text, expect);
                    byte[] c = new byte[1];
                    boolean got = dev.getChar(c);
                    assertEquals(expect.size() == 1, got, "getChar " + what);
                    if (got) {
                        assertEquals(expect.toByteArray()[0], c[0], "getChar " + what);
                        if (!sequential && consumed > 1) {
                            break;   // QBuffer: ungetChar moves back one byte, not over the dropped ones
                        }
                        dev.ungetChar(c[0]);
                        model = Arrays.copyOfRange(model, consumed - 1, model.length);
                        model[0] = c[0];
                        consumed = 0;
                    }
                    break;
                }
                case 5:
                    consumed = 0;
                    dev.setTextModeEnabled(!text);
                    break;
                default:
                    consumed = take(model, Integer.MAX_VALUE, false, text, expect);
                    assertArrayEquals(expect.toByteArray(), dev.readAll().toByteArray(), "readAll " + what);
            }
            model = Arrays.copyOfRange(model, consumed, model.length);
            assertEquals(model.length, dev.bytesAvailable(), "bytesAvailable after " + what);
            if (!sequential) {
                assertEquals(data.length - model.length, dev.pos(), "pos after " + what);
            }
        }
        dev.setTextModeEnabled(false);
        assertArrayEquals(model, dev.readAll().toByteArray(), "what is left, untranslated");
    }
}
