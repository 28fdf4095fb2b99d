package io.qtj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QDataStream.ByteOrder;
import io.qtj.core.QDataStream.FloatingPointPrecision;
import io.qtj.core.QDataStream.Status;
import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.internal.RingBuffer;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden byte sequences derived from Qt's documented QDataStream format, round trips at every
 * version, and ports of qtbase's tst_qdatastream.cpp status and transaction cases.
 */
class QDataStreamTest {

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static String hexOf(QByteArray b) {
        return HexFormat.ofDelimiter(" ").formatHex(b.toByteArray());
    }

    private static String write(int version, ByteOrder order, Consumer<QDataStream> writer) {
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        out.setVersion(version);
        out.setByteOrder(order);
        writer.accept(out);
        assertEquals(Status.Ok, out.status());
        return hexOf(target);
    }

    private static QDataStream reader(String hexBytes, int version, ByteOrder order) {
        QDataStream in = new QDataStream(new QByteArray(hex(hexBytes)));
        in.setVersion(version);
        in.setByteOrder(order);
        return in;
    }

    /** A socket-like sequential device: bytes arrive when the test feeds them. */
    static final class Pipe extends QIODevice {
        final RingBuffer incoming = new RingBuffer(4);
        int maxRequest;

        Pipe() {
            open(OpenModeFlag.ReadOnly);
        }

        void feed(byte[] b) {
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
        protected long readData(byte[] dst, int off, int len) {
            maxRequest = Math.max(maxRequest, len);
            return incoming.read(dst, off, len);
        }

        @Override
        protected long writeData(byte[] src, int off, int len) {
            return -1;
        }
    }

    @Test
    void constructing() {
        QDataStream s = new QDataStream();
        assertNull(s.device());
        assertTrue(s.atEnd());
        assertEquals(Status.Ok, s.status());
        assertEquals(ByteOrder.BigEndian, s.byteOrder());
        assertEquals(QDataStream.Qt_DefaultCompiledVersion, s.version());
        assertEquals(FloatingPointPrecision.DoublePrecision, s.floatingPointPrecision());
        assertEquals(0, s.readInt32());
        assertNull(s.readString());
        assertEquals(Status.Ok, s.status(), "no device: nothing happens");
        QBuffer b = new QBuffer();
        assertSame(b, new QDataStream(b).device());
    }

    @Test
    void versionConstantsMatchQt68() {
        int[][] expected = {
            {QDataStream.Qt_1_0, 1}, {QDataStream.Qt_2_0, 2}, {QDataStream.Qt_2_1, 3}, {QDataStream.Qt_3_0, 4},
            {QDataStream.Qt_3_1, 5}, {QDataStream.Qt_3_3, 6}, {QDataStream.Qt_4_0, 7}, {QDataStream.Qt_4_1, 7},
            {QDataStream.Qt_4_2, 8}, {QDataStream.Qt_4_3, 9}, {QDataStream.Qt_4_4, 10}, {QDataStream.Qt_4_5, 11},
            {QDataStream.Qt_4_6, 12}, {QDataStream.Qt_4_7, 12}, {QDataStream.Qt_4_8, 12}, {QDataStream.Qt_4_9, 12},
            {QDataStream.Qt_5_0, 13}, {QDataStream.Qt_5_1, 14}, {QDataStream.Qt_5_2, 15}, {QDataStream.Qt_5_3, 15},
            {QDataStream.Qt_5_4, 16}, {QDataStream.Qt_5_5, 16}, {QDataStream.Qt_5_6, 17}, {QDataStream.Qt_5_7, 17},
            {QDataStream.Qt_5_8, 17}, {QDataStream.Qt_5_9, 17}, {QDataStream.Qt_5_10, 17}, {QDataStream.Qt_5_11, 17},
            {QDataStream.Qt_5_12, 18}, {QDataStream.Qt_5_13, 19}, {QDataStream.Qt_5_14, 19}, {QDataStream.Qt_5_15, 19},
            {QDataStream.Qt_6_0, 20}, {QDataStream.Qt_6_1, 20}, {QDataStream.Qt_6_2, 20}, {QDataStream.Qt_6_3, 20},
            {QDataStream.Qt_6_4, 20}, {QDataStream.Qt_6_5, 20}, {QDataStream.Qt_6_6, 21}, {QDataStream.Qt_6_7, 22},
            {QDataStream.Qt_6_8, 22}, {QDataStream.Qt_DefaultCompiledVersion, 22},
        };
        for (int[] row : expected) {
            assertEquals(row[1], row[0]);
        }
    }

    // ------------------------------------------------------------------ golden bytes

    static Stream<Arguments> golden_data() {
        ByteOrder be = ByteOrder.BigEndian;
        ByteOrder le = ByteOrder.LittleEndian;
        return Stream.of(
            Arguments.of("QString Hello Qt_5_10", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeString("Hello"), "00 00 00 0a 00 48 00 65 00 6c 00 6c 00 6f"),
            Arguments.of("QString Hello little-endian", QDataStream.Qt_5_10, le,
                (Consumer<QDataStream>) s -> s.writeString("Hello"), "0a 00 00 00 48 00 65 00 6c 00 6c 00 6f 00"),
            Arguments.of("QString Chinese", QDataStream.Qt_5_15, be,
                (Consumer<QDataStream>) s -> s.writeString("你好"), "00 00 00 04 4f 60 59 7d"),
            Arguments.of("QString surrogate pair", QDataStream.Qt_6_8, be,
                (Consumer<QDataStream>) s -> s.writeString("\uD83D\uDE00"), "00 00 00 04 d8 3d de 00"),
            Arguments.of("QString null", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeString(null), "ff ff ff ff"),
            Arguments.of("QString null Qt_2_0 is empty", QDataStream.Qt_2_0, be,
                (Consumer<QDataStream>) s -> s.writeString(null), "00 00 00 00"),
            Arguments.of("QString empty", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeString(""), "00 00 00 00"),
            Arguments.of("QString Qt_1_0 is Latin-1", QDataStream.Qt_1_0, be,
                (Consumer<QDataStream>) s -> s.writeString("Hé"), "00 00 00 02 48 e9"),
            Arguments.of("QByteArray abc", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeByteArray(new QByteArray("abc")), "00 00 00 03 61 62 63"),
            Arguments.of("QByteArray abc little-endian", QDataStream.Qt_5_10, le,
                (Consumer<QDataStream>) s -> s.writeByteArray(new QByteArray("abc")), "03 00 00 00 61 62 63"),
            Arguments.of("QByteArray null", QDataStream.Qt_4_0, be,
                (Consumer<QDataStream>) s -> s.writeByteArray(new QByteArray()), "ff ff ff ff"),
            Arguments.of("QByteArray null Qt_3_3 is empty", QDataStream.Qt_3_3, be,
                (Consumer<QDataStream>) s -> s.writeByteArray(new QByteArray()), "00 00 00 00"),
            Arguments.of("QByteArray empty", QDataStream.Qt_6_8, be,
                (Consumer<QDataStream>) s -> s.writeByteArray(new QByteArray("")), "00 00 00 00"),
            Arguments.of("double 1.0", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeDouble(1.0), "3f f0 00 00 00 00 00 00"),
            Arguments.of("double 1.0 little-endian", QDataStream.Qt_5_10, le,
                (Consumer<QDataStream>) s -> s.writeDouble(1.0), "00 00 00 00 00 00 f0 3f"),
            Arguments.of("double -2.5", QDataStream.Qt_6_0, be,
                (Consumer<QDataStream>) s -> s.writeDouble(-2.5), "c0 04 00 00 00 00 00 00"),
            Arguments.of("float is a double from Qt_4_6", QDataStream.Qt_4_6, be,
                (Consumer<QDataStream>) s -> s.writeFloat(1.5f), "3f f8 00 00 00 00 00 00"),
            Arguments.of("float SinglePrecision", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> {
                    s.setFloatingPointPrecision(FloatingPointPrecision.SinglePrecision);
                    s.writeFloat(1.5f);
                }, "3f c0 00 00"),
            Arguments.of("double SinglePrecision", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> {
                    s.setFloatingPointPrecision(FloatingPointPrecision.SinglePrecision);
                    s.writeDouble(1.5);
                }, "3f c0 00 00"),
            Arguments.of("float before Qt_4_6 ignores precision", QDataStream.Qt_4_5, be,
                (Consumer<QDataStream>) s -> s.writeFloat(1.5f), "3f c0 00 00"),
            Arguments.of("double before Qt_4_6 ignores precision", QDataStream.Qt_4_5, be,
                (Consumer<QDataStream>) s -> {
                    s.setFloatingPointPrecision(FloatingPointPrecision.SinglePrecision);
                    s.writeDouble(1.5);
                }, "3f f8 00 00 00 00 00 00"),
            Arguments.of("bool", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeBoolean(true).writeBoolean(false), "01 00"),
            Arguments.of("int8 uint8", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeInt8((byte) -128).writeUInt8(255), "80 ff"),
            Arguments.of("int16 uint16", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeInt16((short) -2).writeUInt16(0xabcd), "ff fe ab cd"),
            Arguments.of("int16 little-endian", QDataStream.Qt_5_10, le,
                (Consumer<QDataStream>) s -> s.writeInt16((short) 0x1234), "34 12"),
            Arguments.of("int32 uint32", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeInt32(-1).writeUInt32(0xdeadbeefL), "ff ff ff ff de ad be ef"),
            Arguments.of("int32 little-endian", QDataStream.Qt_5_10, le,
                (Consumer<QDataStream>) s -> s.writeInt32(0x01020304), "04 03 02 01"),
            Arguments.of("int64", QDataStream.Qt_5_0, be,
                (Consumer<QDataStream>) s -> s.writeInt64(0x0102030405060708L), "01 02 03 04 05 06 07 08"),
            Arguments.of("int64 little-endian", QDataStream.Qt_5_0, le,
                (Consumer<QDataStream>) s -> s.writeInt64(0x0102030405060708L), "08 07 06 05 04 03 02 01"),
            Arguments.of("int64 Qt_3_1 little-endian is two quint32", QDataStream.Qt_3_1, le,
                (Consumer<QDataStream>) s -> s.writeInt64(0x0102030405060708L), "04 03 02 01 08 07 06 05"),
            Arguments.of("QChar", QDataStream.Qt_5_10, be,
                (Consumer<QDataStream>) s -> s.writeQChar('€'), "20 ac"),
            Arguments.of("writeBytes", QDataStream.Qt_6_8, be,
                (Consumer<QDataStream>) s -> s.writeBytes(new byte[] {9, 8}, 0, 2), "00 00 00 02 09 08")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden_data")
    void golden(String row, int version, ByteOrder order, Consumer<QDataStream> writer, String expected) {
        assertEquals(expected, write(version, order, writer));
    }

    static Stream<Arguments> goldenRead_data() {
        return Stream.of(
            Arguments.of("QString Hello", QDataStream.Qt_5_10, ByteOrder.BigEndian,
                "00 00 00 0a 00 48 00 65 00 6c 00 6c 00 6f", (Function<QDataStream, Object>) QDataStream::readString, "Hello"),
            Arguments.of("QString Hello little-endian", QDataStream.Qt_5_10, ByteOrder.LittleEndian,
                "0a 00 00 00 48 00 65 00 6c 00 6c 00 6f 00", (Function<QDataStream, Object>) QDataStream::readString, "Hello"),
            Arguments.of("QString Chinese", QDataStream.Qt_6_8, ByteOrder.BigEndian,
                "00 00 00 04 4f 60 59 7d", (Function<QDataStream, Object>) QDataStream::readString, "你好"),
            Arguments.of("QString empty", QDataStream.Qt_6_8, ByteOrder.BigEndian,
                "00 00 00 00", (Function<QDataStream, Object>) QDataStream::readString, ""),
            Arguments.of("QString Qt_1_0", QDataStream.Qt_1_0, ByteOrder.BigEndian,
                "00 00 00 02 48 e9", (Function<QDataStream, Object>) QDataStream::readString, "Hé"),
            Arguments.of("int64 Qt_3_1 reads the halves swapped, as Qt", QDataStream.Qt_3_1, ByteOrder.BigEndian,
                "01 02 03 04 05 06 07 08", (Function<QDataStream, Object>) QDataStream::readInt64, 0x0506070801020304L),
            Arguments.of("uint32", QDataStream.Qt_5_10, ByteOrder.BigEndian,
                "de ad be ef", (Function<QDataStream, Object>) QDataStream::readUInt32, 0xdeadbeefL),
            Arguments.of("uint16", QDataStream.Qt_5_10, ByteOrder.LittleEndian,
                "cd ab", (Function<QDataStream, Object>) QDataStream::readUInt16, 0xabcd),
            Arguments.of("bool any non-zero", QDataStream.Qt_5_10, ByteOrder.BigEndian,
                "7f", (Function<QDataStream, Object>) QDataStream::readBoolean, true),
            Arguments.of("float from double", QDataStream.Qt_5_10, ByteOrder.BigEndian,
                "3f f8 00 00 00 00 00 00", (Function<QDataStream, Object>) QDataStream::readFloat, 1.5f),
            Arguments.of("double little-endian", QDataStream.Qt_5_10, ByteOrder.LittleEndian,
                "00 00 00 00 00 00 f0 3f", (Function<QDataStream, Object>) QDataStream::readDouble, 1.0),
            Arguments.of("readBytes", QDataStream.Qt_6_8, ByteOrder.BigEndian,
                "00 00 00 02 09 08", (Function<QDataStream, Object>) s -> HexFormat.of().formatHex(s.readBytes()), "0908")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRead_data")
    void goldenRead(String row, int version, ByteOrder order, String bytes, Function<QDataStream, Object> read, Object expected) {
        QDataStream in = reader(bytes, version, order);
        assertEquals(expected, read.apply(in));
        assertEquals(Status.Ok, in.status());
        assertTrue(in.atEnd());
    }

    @Test
    void nullAndEmptyAreDistinguished() {
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        out.writeString(null).writeString("").writeByteArray(new QByteArray()).writeByteArray(new QByteArray(""));
        QDataStream in = new QDataStream(target);
        assertNull(in.readString());
        assertEquals("", in.readString());
        assertTrue(in.readByteArray().isNull());
        QByteArray empty = in.readByteArray();
        assertTrue(empty.isEmpty() && !empty.isNull());
        assertEquals(Status.Ok, in.status());
    }

    // ------------------------------------------------------------------ round trips

    static IntStream versions() {
        return IntStream.rangeClosed(1, QDataStream.Qt_6_8);
    }

    @ParameterizedTest(name = "version {0}")
    @MethodSource("versions")
    void roundTripEveryTypeAtEveryVersion(int version) {
        for (ByteOrder order : ByteOrder.values()) {
            QByteArray target = new QByteArray();
            QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
            out.setVersion(version);
            out.setByteOrder(order);
            long int64 = version < 6 ? 0x1234567812345678L : 0x0102030405060708L;   // halves swap below Qt_3_3
            out.writeBoolean(true).writeInt8((byte) -5).writeUInt8(200).writeInt16((short) -300).writeUInt16(60000)
                .writeInt32(-70000).writeUInt32(4_000_000_000L).writeInt64(int64).writeFloat(3.25f)
                .writeDouble(Math.PI).writeString(version == 1 ? "Latin-1 é" : "Grüße 你好 \uD83D\uDE00")
                .writeByteArray(new QByteArray(new byte[] {0, 1, (byte) 0xff})).writeQChar('Ω');
            assertEquals(Status.Ok, out.status());

            QDataStream in = new QDataStream(target);
            in.setVersion(version);
            in.setByteOrder(order);
            assertTrue(in.readBoolean());
            assertEquals(-5, in.readInt8());
            assertEquals(200, in.readUInt8());
            assertEquals(-300, in.readInt16());
            assertEquals(60000, in.readUInt16());
            assertEquals(-70000, in.readInt32());
            assertEquals(4_000_000_000L, in.readUInt32());
            assertEquals(int64, in.readInt64());
            assertEquals(3.25f, in.readFloat());
            assertEquals(Math.PI, in.readDouble());
            assertEquals(version == 1 ? "Latin-1 é" : "Grüße 你好 \uD83D\uDE00", in.readString());
            assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, in.readByteArray().toByteArray());
            assertEquals('Ω', in.readQChar());
            assertEquals(Status.Ok, in.status(), "version " + version + " " + order);
            assertTrue(in.atEnd());
        }
    }

    @Property(tries = 200)
    void stringsRoundTrip(@ForAll String s, @ForAll @IntRange(min = 2, max = 22) int version, @ForAll boolean little) {
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        out.setVersion(version);
        out.setByteOrder(little ? ByteOrder.LittleEndian : ByteOrder.BigEndian);
        out.writeString(s);
        assertEquals(4 + 2L * s.length(), target.size());
        QDataStream in = new QDataStream(target);
        in.setVersion(version);
        in.setByteOrder(out.byteOrder());
        assertEquals(s, in.readString());
    }

    @Property(tries = 200)
    void scalarsRoundTrip(@ForAll long l, @ForAll double d, @ForAll float f, @ForAll @IntRange(min = 6, max = 22) int version) {
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        out.setVersion(version);
        out.writeInt64(l).writeDouble(d).writeFloat(f);
        QDataStream in = new QDataStream(target);
        in.setVersion(version);
        assertEquals(l, in.readInt64());
        assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(in.readDouble()));
        assertEquals(Float.floatToIntBits(f), Float.floatToIntBits(in.readFloat()));
    }

    // ------------------------------------------------------------------ status (tst_qdatastream)

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "new 1     | 00 00 00 01 6a                | Ok          | 6a",
        "badsize 1 | 00 00 00 01                   | ReadPastEnd | ''",
        "badsize 2 | 00 00 00 02 6a                | ReadPastEnd | ''",
        "badsize 8 | 00 00 00 08 6a 6b 6c 6d 6e 6f 70 | ReadPastEnd | ''",
        "size -1   | ff ff ff ff                   | Ok          | ''",
        "size -2   | ff ff ff fe                   | ReadPastEnd | ''",
    })
    void status_QByteArray(String row, String input, Status status, String expected) {
        QDataStream in = reader(input, QDataStream.Qt_DefaultCompiledVersion, ByteOrder.BigEndian);
        QByteArray got = in.readByteArray();
        assertEquals(status, in.status());
        assertEquals(expected, HexFormat.of().formatHex(got.toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "new 1     | 00 00 00 02 00 6a             | Ok              | j",
        "new 2     | 00 00 00 04 00 6a 00 6b       | Ok              | jk",
        "badsize 1 | 00 00 00 02                   | ReadPastEnd     | ",
        "badsize 2 | 00 00 00 04 00 6a             | ReadPastEnd     | ",
        "size -1   | ff ff ff ff                   | Ok              | ",
        "size -2   | ff ff ff fe                   | ReadPastEnd     | ''",   // Qt: a failed 64-bit size reads as 0
        "odd size  | 00 00 00 03 00 6a 00          | ReadCorruptData | ",
    })
    void status_QString(String row, String input, Status status, String expected) {
        QDataStream in = reader(input, QDataStream.Qt_DefaultCompiledVersion, ByteOrder.BigEndian);
        assertEquals(expected, in.readString());
        assertEquals(status, in.status());
    }

    @Test
    void readPastEndGivesZeroAndKeepsFirstError() {
        QDataStream in = reader("01 02", QDataStream.Qt_5_10, ByteOrder.BigEndian);
        assertEquals(0, in.readInt32());
        assertEquals(Status.ReadPastEnd, in.status());
        in.setStatus(Status.ReadCorruptData);
        assertEquals(Status.ReadPastEnd, in.status(), "only the first error is kept");
        in.resetStatus();
        assertEquals(Status.Ok, in.status());
        assertEquals(0, in.readInt8());
        assertEquals(Status.ReadPastEnd, in.status());
    }

    @Test
    void writesStopAfterAnError() {
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        out.writeInt8((byte) 1);
        out.setStatus(Status.ReadCorruptData);
        out.writeInt32(5).writeString("x").writeByteArray(new QByteArray("y"));
        assertEquals("01", hexOf(target));
    }

    @Test
    void writeFailedOnReadOnlyDevice() {
        QDataStream out = new QDataStream(new QByteArray("abc"));
        out.writeInt32(1);
        assertEquals(Status.WriteFailed, out.status());
    }

    @Test
    void writesIntoTheTargetArray() {
        QByteArray target = new QByteArray("xxxxxx");
        new QDataStream(target, OpenModeFlag.WriteOnly).writeInt16((short) 0x4142);
        assertEquals("ABxxxx", target.toString(), "write-only overwrites from the start, as Qt");
        new QDataStream(target, OpenModeFlag.Append).writeInt8((byte) 'C');
        assertEquals("ABxxxxC", target.toString());
    }

    // ------------------------------------------------------------------ security

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "QByteArray 2 GB    | 22 | 7f ff ff f0 | ReadPastEnd",
        "QByteArray ext 2GB | 22 | ff ff ff fe 00 00 00 00 7f ff ff f0 | ReadPastEnd",
        "QByteArray ext 4GB | 22 | ff ff ff fe 00 00 00 01 00 00 00 00 | SizeLimitExceeded",
        "QByteArray ext neg | 22 | ff ff ff fe ff ff ff ff ff ff ff f0 | SizeLimitExceeded",
        "QByteArray 4GB old | 19 | ff ff ff fe | SizeLimitExceeded",
    })
    void forgedLengthDoesNotAllocate_QByteArray(String row, int version, String prefix, Status status) {
        Pipe pipe = new Pipe();
        pipe.feed(hex(prefix + " 00 01 02 03 04 05 06 07 08 09"));
        QDataStream in = new QDataStream(pipe);
        in.setVersion(version);
        QByteArray got = in.readByteArray();
        assertTrue(got.isNull());
        assertEquals(status, in.status());
        assertTrue(pipe.maxRequest <= 4096, "largest read request " + pipe.maxRequest);
        assertTrue(got.capacity() < 1 << 16);
    }

    @Test
    void forgedLengthDoesNotAllocate_QString() {
        Pipe pipe = new Pipe();
        pipe.feed(hex("7f ff ff fe 00 41 00 42 00 43 00 44 00 45"));
        QDataStream in = new QDataStream(pipe);
        assertNull(in.readString());
        assertEquals(Status.ReadPastEnd, in.status());
        assertTrue(pipe.maxRequest <= 8192, "largest read request " + pipe.maxRequest);
    }

    @Test
    void forgedLengthInsideTransactionRollsBack() {
        Pipe pipe = new Pipe();
        byte[] bytes = hex("7f ff ff f0 00 01 02 03 04 05 06 07 08 09");
        pipe.feed(bytes);
        QDataStream in = new QDataStream(pipe);
        in.startTransaction();
        assertTrue(in.readByteArray().isNull());
        assertFalse(in.commitTransaction());
        assertEquals(bytes.length, pipe.bytesAvailable(), "everything was put back");
    }

    // ------------------------------------------------------------------ transactions

    /** Qt's Fortune client: the string arrives in pieces; commit fails until the last byte. */
    @ParameterizedTest(name = "chunk {0}")
    @CsvSource({"1", "2", "3", "7", "100"})
    void fortuneClientPattern(int chunk) {
        QByteArray block = new QByteArray();
        QDataStream out = new QDataStream(block, OpenModeFlag.WriteOnly);
        out.setVersion(QDataStream.Qt_5_10);
        String fortune = "You've been leading a dog's life. Stay off the furniture. 你好";
        out.writeString(fortune);

        Pipe socket = new Pipe();
        QDataStream in = new QDataStream(socket);
        in.setVersion(QDataStream.Qt_5_10);
        String[] result = {null};
        int[] attempts = {0};
        socket.readyRead.connect(() -> {
            in.startTransaction();
            String next = in.readString();
            attempts[0]++;
            if (!in.commitTransaction()) {
                return;
            }
            result[0] = next;
        });
        byte[] all = block.toByteArray();
        for (int off = 0; off < all.length; off += chunk) {
            assertNull(result[0], "complete before the last byte arrived");
            socket.feed(java.util.Arrays.copyOfRange(all, off, Math.min(all.length, off + chunk)));
        }
        assertEquals(fortune, result[0]);
        assertEquals((all.length + chunk - 1) / chunk, attempts[0]);
        assertEquals(Status.Ok, in.status());
        assertEquals(0, socket.bytesAvailable());
    }

    @Test
    void transactionOnRandomAccessDevice() {
        QDataStream in = reader("00 00 00 01 00 00", QDataStream.Qt_5_10, ByteOrder.BigEndian);
        in.startTransaction();
        assertEquals(1, in.readInt32());
        assertEquals(0, in.readInt32());
        assertFalse(in.commitTransaction());
        assertEquals(0, in.device().pos(), "rolled back");
        in.startTransaction();
        assertEquals(Status.Ok, in.status(), "a new transaction resets the status");
        assertEquals(1, in.readInt32());
        assertEquals(0, in.readInt16());
        assertTrue(in.commitTransaction());
        assertTrue(in.atEnd());
    }

    @Test
    void readsAreSuspendedAfterAFailureInsideATransaction() {
        Pipe pipe = new Pipe();
        pipe.feed(hex("00 00 00 03 00 6a 00 6b 00 00 00 07"));
        QDataStream in = new QDataStream(pipe);
        in.startTransaction();
        assertNull(in.readString());
        assertEquals(Status.ReadCorruptData, in.status());
        assertEquals(0, in.readInt32(), "suspended: nothing is read");
        assertFalse(in.commitTransaction());
        assertEquals(Status.ReadCorruptData, in.status());
    }

    @Test
    void nestedTransactions() {
        Pipe pipe = new Pipe();
        pipe.feed(hex("00 00 00 01 00 00"));
        QDataStream in = new QDataStream(pipe);
        in.startTransaction();
        assertEquals(1, in.readInt32());
        in.startTransaction();
        in.readInt32();
        assertFalse(in.commitTransaction(), "inner: reports the failure");
        assertTrue(pipe.isTransactionStarted(), "inner commit is postponed");
        assertFalse(in.commitTransaction());
        assertEquals(6, pipe.bytesAvailable(), "outer rolled back everything");
        pipe.feed(hex("00 02"));
        in.startTransaction();
        assertEquals(1, in.readInt32());
        assertEquals(2, in.readInt32());
        assertTrue(in.commitTransaction());
        assertEquals(0, pipe.bytesAvailable());
    }

    @Test
    void rollbackAndAbortTransaction() {
        Pipe pipe = new Pipe();
        pipe.feed(hex("00 00 00 05 00 00 00 06"));
        QDataStream in = new QDataStream(pipe);
        in.startTransaction();
        assertEquals(5, in.readInt32());
        in.rollbackTransaction();
        assertEquals(Status.ReadPastEnd, in.status());
        assertEquals(8, pipe.bytesAvailable());
        in.startTransaction();
        assertEquals(5, in.readInt32());
        in.abortTransaction();
        assertEquals(Status.ReadCorruptData, in.status());
        assertEquals(4, pipe.bytesAvailable(), "abort keeps the read position");
        assertFalse(pipe.isTransactionStarted());
        assertFalse(in.commitTransaction(), "no transaction in progress");
    }

    @Test
    void skipAndRawData() {
        QDataStream in = reader("01 02 03 04 05", QDataStream.Qt_5_10, ByteOrder.BigEndian);
        assertEquals(2, in.skipRawData(2));
        byte[] raw = new byte[2];
        assertEquals(2, in.readRawData(raw, 0, 2));
        assertArrayEquals(new byte[] {3, 4}, raw);
        assertEquals(1, in.skipRawData(5));
        assertEquals(Status.ReadPastEnd, in.status());
        QByteArray target = new QByteArray();
        QDataStream out = new QDataStream(target, OpenModeFlag.WriteOnly);
        assertEquals(3, out.writeRawData("abc".getBytes(StandardCharsets.US_ASCII), 0, 3));
        assertEquals("abc", target.toString());
    }
}
