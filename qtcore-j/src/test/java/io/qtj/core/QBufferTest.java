package io.qtj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QIODevice.OpenModeFlag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports of qtbase's tst_qbuffer.cpp, plus the random-access cases of tst_qiodevice.cpp. */
class QBufferTest {

    private static QByteArray ba(String s) {
        return new QByteArray(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void constructing() {
        QBuffer b = new QBuffer();
        assertFalse(b.isOpen());
        assertFalse(b.isSequential());
        assertTrue(b.buffer().isEmpty());
        assertSame(b.buffer(), b.data());
        assertEquals(0, b.size());
        assertEquals(0, b.pos());
        assertFalse(b.canReadLine());
    }

    @Test
    void getSetCheck() {
        QBuffer obj1 = new QBuffer();
        QByteArray var1 = ba("Bogus data");
        obj1.setData(var1);
        assertEquals(var1, obj1.data());
        obj1.setData(new QByteArray());
        assertEquals(new QByteArray(), obj1.data());
        assertTrue(obj1.data().isNull());
    }

    @Test
    void open() {
        QByteArray data = new QByteArray(10, (byte) 'f');
        QBuffer b = new QBuffer();
        assertFalse(b.open(OpenModeFlag.NotOpen));
        assertFalse(b.isOpen());
        assertFalse(b.open(OpenModeFlag.Text));
        assertFalse(b.open(OpenModeFlag.Unbuffered));
        assertTrue(b.open(OpenModeFlag.ReadOnly));
        assertTrue(b.isReadable());
        b.close();
        assertTrue(b.open(OpenModeFlag.WriteOnly));
        assertTrue(b.isWritable());
        b.close();
        b.setData(data);
        assertTrue(b.open(OpenModeFlag.Append));
        assertTrue(b.isWritable());
        assertEquals(10, b.size());
        assertEquals(b.size(), b.pos());
        b.close();
        b.setData(data);
        assertTrue(b.open(OpenModeFlag.Truncate));
        assertTrue(b.isWritable());
        assertEquals(0, b.size());
        assertEquals(0, b.pos());
        b.close();
        assertTrue(b.open(OpenModeFlag.ReadWrite));
        assertTrue(b.isReadable() && b.isWritable());
        b.close();
    }

    @Test
    void openWriteOnlyDoesNotTruncate() {
        QBuffer b = new QBuffer();
        b.setData(ba("Test"));
        assertTrue(b.open(OpenModeFlag.WriteOnly));
        assertEquals("Test", b.data().toString());
        b.write(ba("X"));
        assertEquals("Xest", b.data().toString());
    }

    @Test
    void readBlock() {
        byte[] a = new byte[10];
        QBuffer b = new QBuffer();
        assertEquals(-1, b.read(a, 0, 10), "not opened");
        assertTrue(b.atEnd());
        QByteArray ba = new QByteArray();
        ba.resize(10);
        b.setBuffer(ba);
        b.open(OpenModeFlag.WriteOnly);
        assertEquals(-1, b.read(a, 0, 10), "no read access");
        b.close();
        b.open(OpenModeFlag.ReadOnly);
        assertEquals(10, b.read(a, 0, 10));
        assertTrue(b.atEnd());
        assertEquals(0, b.read(a, 0, 1));
        assertTrue(b.atEnd());
        b.close();
        b.open(OpenModeFlag.ReadOnly);
        assertEquals(5, b.read(a, 0, 5));
        assertEquals(5, b.read(a, 5, 5));
        assertTrue(b.atEnd());
    }

    @Test
    void readBlockPastEnd() {
        QByteArray arr = new QByteArray(4096 + 3616, (byte) 'd');
        QBuffer buf = new QBuffer(arr);
        buf.open(OpenModeFlag.ReadOnly);
        byte[] dummy = new byte[4096];
        buf.read(1);
        assertEquals(4096, buf.read(dummy, 0, 4096));
        assertEquals(3615, buf.read(dummy, 0, 4096));
        assertTrue(buf.atEnd());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Test", "The QBuffer class is an I/O device that operates on a QByteArray.\n"})
    void writeBlock(String str) {
        QByteArray target = new QByteArray();
        QBuffer buf = new QBuffer(target);
        buf.open(OpenModeFlag.ReadWrite);
        QByteArray data = ba(str);
        assertEquals(data.size(), buf.write(data));
        assertEquals(data, buf.data());
        assertEquals(data, target, "the buffer writes into the caller's array");
    }

    @Test
    void seek() {
        QBuffer buffer = new QBuffer();
        buffer.open(OpenModeFlag.WriteOnly);
        assertEquals(0, buffer.size());
        assertTrue(buffer.seek(10));
        assertEquals(10, buffer.size(), "seeking past the end of a writable buffer extends it");
        assertArrayEquals(new byte[10], buffer.data().toByteArray());
    }

    @Test
    void invalidSeeks() {
        QBuffer buffer = new QBuffer(ba("abc"));
        buffer.open(OpenModeFlag.ReadOnly);
        assertFalse(buffer.seek(-1));
        assertFalse(buffer.seek(4), "read-only buffers do not grow");
        assertEquals(0, buffer.pos());
        assertTrue(buffer.seek(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "small_bytearray | Test",
        "large_bytearray | The QBuffer class is an I/O device that operates on a QByteArray. QBuffer is used to read and write to a memory buffer.",
    })
    void seekTest(String row, String str) {
        QBuffer buf = new QBuffer(new QByteArray());
        buf.open(OpenModeFlag.ReadWrite);
        assertEquals(0, buf.pos());
        assertEquals(str.length(), buf.write(ba(str)));
        assertFalse(buf.seek(-1));
        assertEquals(str.length(), buf.pos(), "a failed seek leaves the position");
        byte[] c = new byte[1];
        for (int position : new int[] {0, str.length() - 1, str.length() / 2}) {
            assertTrue(buf.seek(position));
            assertEquals(position, buf.pos());
            assertTrue(buf.getChar(c));
            assertEquals(str.charAt(position), (char) c[0]);
            if (position == str.length() - 1) {
                assertTrue(buf.atEnd());
            }
        }
        // Valid to seek one past the end: then legal to write, but not to read.
        c[0] = 'a';
        assertTrue(buf.seek(str.length()));
        assertEquals(0, buf.read(c, 0, 1));
        assertEquals('a', c[0]);
        assertEquals(1, buf.write(c, 0, 1));
        // Seeking beyond the end auto-expands the buffer.
        long pos = buf.size() + 1;
        assertTrue(buf.seek(pos));
        assertEquals(pos, buf.pos());
        assertFalse(buf.getChar(c));
        assertTrue(buf.seek(pos - 1));
        assertTrue(buf.getChar(c));
        assertEquals(buf.data().at((int) pos - 1), c[0]);
        assertTrue(buf.seek(pos));
        assertTrue(buf.putChar(c[0]));
    }

    @Test
    void readRawdata() {
        byte[] mydata = {0x01, 0x00, 0x03, (byte) 0x84, 0x78, (byte) 0x9c, 0x3b, 0x76, (byte) 0xec, 0x18};
        QByteArray data = QByteArray.fromRawData(mydata);
        QBuffer buffer = new QBuffer(data);
        buffer.open(OpenModeFlag.ReadOnly);
        QDataStream in = new QDataStream(buffer);
        for (byte b : mydata) {
            assertFalse(buffer.atEnd());
            assertEquals(b & 0xff, in.readUInt8());
        }
        assertTrue(buffer.atEnd());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "empty    | \"\"  | 0",
        "size 1   | 1     | 1",
        "size 2   | 11    | 2",
        "size 100 | 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111 | 100",
    })
    void signalTest(String row, String sample, int size) {
        QBuffer buf = new QBuffer();
        buf.open(OpenModeFlag.WriteOnly);
        buf.buffer().resize(size * 10);
        long[] totalBytesWritten = {0};
        boolean[] gotReadyRead = {false};
        List<String> order = new ArrayList<>();
        buf.readyRead.connect(() -> {
            gotReadyRead[0] = true;
            order.add("readyRead");
        });
        buf.bytesWritten.connect(n -> {
            totalBytesWritten[0] += n;
            order.add("bytesWritten");
        });
        for (int i = 0; i < 10; i++) {
            gotReadyRead[0] = false;
            assertEquals(size, buf.write(ba(sample)));
            assertEquals((long) size * i, totalBytesWritten[0], "emitted later, from the event loop");
            QCoreApplication.sendPostedEvents();
            assertEquals((long) size * (i + 1), totalBytesWritten[0]);
            assertEquals(size > 0, gotReadyRead[0]);
        }
        if (size > 0) {
            assertEquals(List.of("bytesWritten", "readyRead"), order.subList(0, 2), "Qt's order");
        }
    }

    @Test
    void isClosedAfterClose() {
        QBuffer buffer = new QBuffer();
        buffer.open(OpenModeFlag.ReadOnly);
        assertTrue(buffer.isOpen());
        buffer.close();
        assertFalse(buffer.isOpen());
    }

    /** Qt's rows; the length here counts every byte (Qt's readLine(char*, n) keeps one for '\0'). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1 | line1\\nline2\\n | 1023 | line1\\n",
        "2 | hi there         | 1023 | hi there",
        "3 | l\\n             | 2    | l\\n",
        "4 | l\\n             | 1    | l",
    })
    void readLine(String row, String src, int maxlen, String expected) {
        QBuffer buf = new QBuffer();
        buf.setBuffer(ba(src.replace("\\n", "\n")));
        assertTrue(buf.open(OpenModeFlag.ReadOnly));
        byte[] result = new byte[maxlen];
        long n = buf.readLine(result, 0, maxlen);
        String exp = expected.replace("\\n", "\n");
        assertEquals(exp.length(), n);
        assertEquals(exp, new String(result, 0, (int) n, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1 | no newline        | false",
        "2 | two \\n lines\\n | true",
        "3 | \\n               | true",
        "4 | \"\"              | false",
    })
    void canReadLine(String row, String src, boolean expected) {
        QBuffer buf = new QBuffer();
        buf.setBuffer(ba(src.replace("\\n", "\n")));
        assertFalse(buf.canReadLine());
        assertTrue(buf.open(OpenModeFlag.ReadOnly));
        assertEquals(expected, buf.canReadLine());
    }

    @Test
    void atEnd() {
        QBuffer buffer = new QBuffer();
        buffer.open(OpenModeFlag.Append);
        buffer.write(ba("heisann"));
        buffer.close();
        buffer.open(OpenModeFlag.ReadOnly);
        buffer.seek(buffer.size());
        byte[] c = new byte[1];
        assertFalse(buffer.getChar(c));
        assertEquals(0, buffer.read(c, 0, 1));
    }

    @Test
    void readLineBoundaries() {
        QByteArray line = ba("This is a line\n");
        QBuffer buffer = new QBuffer();
        buffer.open(OpenModeFlag.ReadWrite);
        while (buffer.size() < 16384) {
            buffer.write(line);
        }
        buffer.seek(0);
        QByteArray lineByLine = new QByteArray();
        while (!buffer.atEnd()) {
            lineByLine.append(buffer.readLine());
        }
        buffer.seek(0);
        assertEquals(buffer.readAll(), lineByLine);
    }

    @Test
    void getAndUngetChar() {
        // tst_qiodevice::unget: ungotten bytes may differ from the data and move pos back.
        QBuffer buffer = new QBuffer();
        buffer.open(OpenModeFlag.ReadWrite);
        buffer.write(ba("ZXCV"));
        buffer.seek(0);
        assertEquals("ZXCV", buffer.read(4).toString());
        assertEquals(4, buffer.pos());
        buffer.ungetChar((byte) 'a');
        buffer.ungetChar((byte) 'b');
        buffer.ungetChar((byte) 'c');
        buffer.ungetChar((byte) 'd');
        assertEquals(0, buffer.pos());
        byte[] buf = new byte[6];
        assertEquals(4, buffer.readLine(buf, 0, 4));
        assertEquals(4, buffer.pos());
        assertEquals("dcba", new String(buf, 0, 4, StandardCharsets.ISO_8859_1));
    }

    @Test
    void writeAfterQByteArrayResize() {
        QBuffer buffer = new QBuffer();
        assertTrue(buffer.open(OpenModeFlag.WriteOnly));
        buffer.write(new QByteArray(1000, (byte) 'a'));
        assertEquals(1000, buffer.buffer().size());
        buffer.buffer().resize(100);
        assertEquals(100, buffer.buffer().size());
        buffer.write(new QByteArray(1000, (byte) 'b'));
        assertEquals(2000, buffer.buffer().size(), "Qt writes at pos, filling the gap");
    }

    @Test
    void readNull() {
        QByteArray buffer = new QByteArray();
        buffer.resize(32000);
        buffer.fill((byte) 1);
        QBuffer in = new QBuffer(buffer);
        in.open(OpenModeFlag.ReadOnly);
        QByteArray chunk = new QByteArray();
        chunk.resize(16380);
        byte[] tmp = new byte[16380];
        int n = in.read(tmp, 0, tmp.length);
        assertEquals(16380, n);
        assertEquals(1, tmp[0]);
    }

    @Test
    void peekAndReadRandomAccess() {
        QBuffer buffer = new QBuffer(ba("abcdefgh"));
        buffer.open(OpenModeFlag.ReadOnly);
        assertEquals("abc", buffer.peek(3).toString());
        assertEquals(0, buffer.pos(), "peek does not move");
        assertEquals("ab", buffer.read(2).toString());
        assertEquals("cdefgh", buffer.peek(100).toString());
        buffer.ungetChar((byte) 'X');
        assertEquals("Xcd", buffer.peek(3).toString());
        assertEquals("Xcd", buffer.read(3).toString());
        assertEquals(4, buffer.pos());
    }

    @Test
    void transactionRandomAccess() {
        QBuffer buffer = new QBuffer(ba("0123456789"));
        buffer.open(OpenModeFlag.ReadOnly);
        buffer.read(2);
        buffer.startTransaction();
        assertEquals("2345", buffer.read(4).toString());
        buffer.rollbackTransaction();
        assertEquals(2, buffer.pos());
        buffer.startTransaction();
        assertEquals("23", buffer.read(2).toString());
        buffer.commitTransaction();
        assertEquals(4, buffer.pos());
        assertEquals(3, buffer.skip(3));
        assertEquals("789", buffer.readAll().toString());
        assertEquals(0, buffer.skip(1));
    }

    @Test
    void readLineRandomAccessKeepsPosition() {
        QBuffer buffer = new QBuffer(ba("one\ntwo\nthree"));
        buffer.open(OpenModeFlag.ReadOnly);
        assertTrue(buffer.canReadLine());
        assertEquals("one\n", buffer.readLine().toString());
        assertEquals(4, buffer.pos());
        assertEquals("tw", buffer.readLine(2).toString());
        assertEquals("o\n", buffer.readLine().toString());
        assertFalse(buffer.canReadLine());
        assertEquals("three", buffer.readLine().toString());
        assertTrue(buffer.atEnd());
    }

    @Test
    void setBufferWhileOpenIsRefused() {
        QByteArray a = ba("a");
        QBuffer buffer = new QBuffer(a);
        buffer.open(OpenModeFlag.ReadOnly);
        buffer.setBuffer(ba("b"));
        buffer.setData(ba("c"));
        assertSame(a, buffer.buffer());
        assertEquals("a", buffer.data().toString());
    }

    @Test
    void writeFromASlotIsFoldedIntoOneMoreEmission() {
        QBuffer buf = new QBuffer();
        buf.open(OpenModeFlag.ReadWrite);
        List<Long> written = new ArrayList<>();
        buf.bytesWritten.connect(n -> {
            written.add(n);
            if (written.size() == 1) {
                buf.write(ba("more"));   // re-entrant write: no nested emission
            }
        });
        buf.write(ba("abc"));
        assertEquals(List.of(), written, "emitted from the event loop, as Qt");
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(3L, 4L), written);
        assertEquals("abcmore", buf.data().toString());
    }

    @Test
    void javaIoStreams() throws java.io.IOException {
        QBuffer buf = new QBuffer();
        buf.open(OpenModeFlag.ReadWrite);
        try (java.io.OutputStream out = buf.outputStream()) {
            out.write("héllo\n".getBytes(StandardCharsets.UTF_8));
            out.write('!');
        }
        assertTrue(buf.isOpen());
        buf.seek(0);
        try (java.io.InputStream in = buf.inputStream()) {
            assertEquals(8, in.available());
            assertEquals(1, in.skip(1));
            assertEquals("éllo\n!", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(-1, in.read());
        }
        buf.close();
        assertEquals(-1, buf.inputStream().read(), "not readable: end of stream");
    }
}
