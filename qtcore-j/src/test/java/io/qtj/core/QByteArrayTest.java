package io.qtj.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QByteArray.Base64DecodingStatus;
import io.qtj.core.QByteArray.Base64Option;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QByteArrayTest {

    private static QByteArray ba(String latin1) {
        return latin1 == null ? new QByteArray() : new QByteArray(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String str(QByteArray b) {
        return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void constructing() {
        QByteArray a = new QByteArray();
        assertTrue(a.isNull());
        assertTrue(a.isEmpty());
        assertEquals(0, a.size());
        assertEquals("", a.toString());
        assertFalse(new QByteArray("").isNull());
        assertTrue(new QByteArray("").isEmpty());
        assertTrue(new QByteArray((String) null).isNull());
        assertFalse(new QByteArray(new byte[0]).isNull());
        assertEquals(new QByteArray(), new QByteArray(""));
        assertEquals(3, new QByteArray(3, (byte) 'x').size());
        assertEquals("xxx", new QByteArray(3, (byte) 'x').toString());
    }

    @Test
    void nullStaysNullUntilAssigned() {
        QByteArray a = new QByteArray();
        a.append(new QByteArray());
        assertTrue(a.isNull());
        a.append(new QByteArray(""));
        assertFalse(a.isNull());
        a.clear();
        assertTrue(a.isNull());
        a.resize(0);
        assertFalse(a.isNull());
    }

    @Test
    void utf8RoundTrip() {
        QByteArray a = new QByteArray("Grüße, 你好");
        assertEquals("Grüße, 你好", a.toString());
        assertEquals(15, a.size(), "UTF-8 byte count");
    }

    @Test
    void fromRawDataCopiesOnWrite() {
        byte[] raw = {1, 2, 3};
        QByteArray a = QByteArray.fromRawData(raw);
        raw[0] = 9;
        assertEquals(9, a.at(0));
        a.append((byte) 4);
        raw[1] = 7;
        assertArrayEquals(new byte[] {9, 2, 3, 4}, a.toByteArray());
        assertArrayEquals(new byte[] {9, 7, 3}, raw);
    }

    @Test
    void appendIsAmortised() {
        QByteArray a = new QByteArray();
        for (int i = 0; i < 200_000; i++) {
            a.append((byte) i);
        }
        assertEquals(200_000, a.size());
        assertEquals((byte) 199_999, a.at(199_999));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "prepend | abc | xy | xyabc",
        "insert0 | abc | 0 | Xabc",
        "insert2 | abc | 2 | abXc",
        "insertEnd | abc | 3 | abcX",
        "insertBeyond | abc | 5 | abc  X",
    })
    void prependInsert(String row, String base, String arg, String expected) {
        QByteArray a = ba(base);
        if (row.equals("prepend")) {
            a.prepend(ba(arg));
        } else {
            a.insert(Integer.parseInt(arg), (byte) 'X');
        }
        assertEquals(expected, str(a));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "middle  | Hello World | 5 | 6 | Hello",
        "start   | Hello World | 0 | 6 | World",
        "tooLong | Hello      | 3 | 99 | Hel",
        "outside | Hello      | 9 | 2 | Hello",
        "zero    | Hello      | 1 | 0 | Hello",
    })
    void remove(String row, String base, int pos, int len, String expected) {
        assertEquals(expected, str(ba(base).remove(pos, len)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "simple   | Say yes! | yes | no | Say no!",
        "multiple | a-b-c    | -   | ++ | a++b++c",
        "none     | abc      | x   | y  | abc",
        "shrink   | aaaa     | aa  | b  | bb",
    })
    void replace(String row, String base, String before, String after, String expected) {
        assertEquals(expected, str(ba(base).replace(ba(before), ba(after))));
    }

    @Test
    void replaceRangeAndBytes() {
        assertEquals("Hello Qt!", str(ba("Hello World!").replace(6, 5, ba("Qt"))));
        assertEquals("a.b.c", str(ba("a-b-c").replace((byte) '-', (byte) '.')));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "found       | abcabc | bc | 0  | 1",
        "fromAfter   | abcabc | bc | 2  | 4",
        "notFound    | abcabc | x  | 0  | -1",
        "emptyNeedle | abc    | '' | 1  | 1",
        "negFrom     | abcabc | bc | -2 | 4",
        "negFrom3    | abcabc | bc | -3 | 4",
    })
    void indexOf(String row, String hay, String needle, int from, int expected) {
        assertEquals(expected, ba(hay).indexOf(ba(needle), from));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "last      | abcabc | bc | 5  | 4",
        "before    | abcabc | bc | 3  | 1",
        "notFound  | abcabc | x  | 5  | -1",
        "negFrom   | abcabc | bc | -3 | 1",
    })
    void lastIndexOf(String row, String hay, String needle, int from, int expected) {
        assertEquals(expected, ba(hay).lastIndexOf(ba(needle), from));
    }

    @Test
    void searching() {
        QByteArray a = ba("abcab");
        assertEquals(2, a.indexOf((byte) 'c'));
        assertEquals(3, a.lastIndexOf((byte) 'a'));
        assertTrue(a.contains(ba("ca")));
        assertTrue(a.contains((byte) 'b'));
        assertFalse(a.contains((byte) 'z'));
        assertEquals(2, a.count(ba("ab")));
        assertEquals(2, a.count((byte) 'b'));
        assertEquals(3, ba("aaaa").count(ba("aa")), "overlapping, as Qt counts");
        assertTrue(a.startsWith(ba("ab")));
        assertTrue(a.endsWith(ba("ab")));
        assertFalse(a.endsWith(ba("abcabc")));
    }

    @Test
    void midLeftRight() {
        QByteArray a = ba("Five pineapples");
        assertEquals("pine", str(a.mid(5, 4)));
        assertEquals("pineapples", str(a.mid(5)));
        assertEquals("Five", str(a.left(4)));
        assertEquals("apples", str(a.right(6)));
        assertTrue(a.mid(99).isNull(), "past the end is null, as Qt");
        QByteArray atEnd = a.mid(a.size());
        assertTrue(atEnd.isEmpty() && !atEnd.isNull(), "at the end is empty, as Qt");
        assertEquals("Five", str(a.mid(-2, 6)));
        assertTrue(a.mid(-5, 3).isNull());
        assertEquals(str(a), str(a.left(100)));
        assertEquals("", str(a.left(-1)));
        assertEquals("pples", str(a.sliced(10)));
        assertEquals("Fiv", str(a.first(3)));
        assertEquals("les", str(a.last(3)));
        assertEquals("Five pineapp", str(a.chopped(3)));
        assertThrows(IndexOutOfBoundsException.class, () -> a.sliced(10, 10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "comma    | a,b,,c | 4",
        "empty    | \"\"     | 1",
        "trailing | a,     | 2",
    })
    void split(String row, String input, int pieces) {
        List<QByteArray> parts = ba(input).split((byte) ',');
        assertEquals(pieces, parts.size());
        assertEquals(input, parts.stream().map(QByteArrayTest::str).collect(Collectors.joining(",")));
    }

    @Test
    void trimmedAndSimplified() {
        assertEquals("lots\t of\nwhitespace", str(ba("  lots\t of\nwhitespace\r\n ").trimmed()));
        assertEquals("lots of whitespace", str(ba("  lots\t of\nwhitespace\r\n ").simplified()));
        assertEquals("", str(ba(" \t ").simplified()));
        assertEquals("", str(ba(" \t ").trimmed()));
    }

    @Test
    void caseConversionIsAscii() {
        QByteArray a = new QByteArray(new byte[] {'a', 'B', (byte) 0xe9, '1'});
        assertArrayEquals(new byte[] {'A', 'B', (byte) 0xe9, '1'}, a.toUpper().toByteArray());
        assertArrayEquals(new byte[] {'a', 'b', (byte) 0xe9, '1'}, a.toLower().toByteArray());
    }

    @Test
    void repeatedChopFillTruncateResize() {
        assertEquals("ababab", str(ba("ab").repeated(3)));
        assertEquals("", str(ba("ab").repeated(0)));
        QByteArray a = ba("Hello");
        a.chop(2);
        assertEquals("Hel", str(a));
        a.chop(10);
        assertEquals("", str(a));
        assertEquals("zzz", str(ba("abc").fill((byte) 'z')));
        assertEquals("zz", str(ba("abc").fill((byte) 'z', 2)));
        QByteArray t = ba("abcdef");
        t.truncate(3);
        assertEquals("abc", str(t));
        t.truncate(10);
        assertEquals("abc", str(t));
        t.resize(5);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0}, t.toByteArray());
        t.resize(7, (byte) '!');
        assertEquals('!', t.at(6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dec     | 42         | 10 | 42",
        "hex     | ff         | 16 | 255",
        "hex0x   | 0xFF       | 16 | 255",
        "auto0x  | 0x1f       | 0  | 31",
        "autoOct | 017        | 0  | 15",
        "autoDec | 17         | 0  | 17",
        "autoBin | 0b101      | 0  | 5",
        "neg     | -12        | 10 | -12",
        "spaces  | '  7 '     | 10 | 7",
        "bin     | 101        | 2  | 5",
        "zero    | 0          | 0  | 0",
    })
    void toIntValid(String row, String input, int base, int expected) {
        boolean[] ok = {false};
        assertEquals(expected, ba(input).toInt(ok, base));
        assertTrue(ok[0]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "empty    | ''          | 10",
        "junk     | 12a         | 10",
        "overflow | 4294967296  | 10",
        "space    | 1 2         | 10",
        "sign     | --1         | 10",
    })
    void toIntInvalid(String row, String input, int base) {
        boolean[] ok = {true};
        assertEquals(0, ba(input).toInt(ok, base));
        assertFalse(ok[0]);
    }

    @Test
    void numbers() {
        assertEquals("-1", str(QByteArray.number(-1, 16)), "Qt 6 writes a sign in every base");
        assertEquals("ff", str(QByteArray.number(255, 16)));
        assertEquals("9223372036854775807", str(QByteArray.number(Long.MAX_VALUE)));
        assertEquals(Long.MIN_VALUE, QByteArray.number(Long.MIN_VALUE).toLong(null, 10));
        assertEquals(4294967295L, ba("4294967295").toUInt(null, 10));
        boolean[] ok = {true};
        ba("-1").toUInt(ok, 10);
        assertFalse(ok[0]);
        assertEquals(1.5, ba("1.5").toDouble(null));
        assertEquals("1.5", str(QByteArray.number(1.5)));
        assertEquals("3", str(QByteArray.number(3.0)));
        assertThrows(IllegalArgumentException.class, () -> QByteArray.number(1, 1));
    }

    /** Expected strings as Qt gives them; C's printf agrees except on exact ties ("f round"), which Qt rounds up. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "g 1.5         | 1.5          | g | 6 | 1.5",
        "g 3           | 3.0          | g | 6 | 3",
        "g 0.1         | 0.1          | g | 6 | 0.1",
        "g big         | 123456789.0  | g | 6 | 1.23457e+08",
        "g 1e20        | 1e20         | g | 6 | 1e+20",
        "g small       | 0.0001       | g | 6 | 0.0001",
        "g smaller     | 0.00001      | g | 6 | 1e-05",
        "g negative    | -2.5         | g | 6 | -2.5",
        "g zero        | 0.0          | g | 6 | 0",
        "g neg zero    | -0.0         | g | 6 | -0",
        "g pi 10       | 3.14159265358979 | g | 10 | 3.141592654",
        "G big         | 1e20         | G | 6 | 1E+20",
        "f pi          | 3.14159265358979 | f | 2 | 3.14",
        "f round       | 2.5          | f | 0 | 3",
        "f zeros       | 1.0          | f | 3 | 1.000",
        "e pi          | 3.14159265358979 | e | 3 | 3.142e+00",
        "e big         | 123456.0     | e | 2 | 1.23e+05",
        "E small       | 0.000123     | E | 1 | 1.2E-04",
        "e zero        | 0.0          | e | 2 | 0.00e+00",
        "g 100000      | 100000.0     | g | 6 | 100000",
        "g 1000000     | 1000000.0    | g | 6 | 1e+06",
    })
    void numberDouble(String row, double value, char format, int precision, String expected) {
        assertEquals(expected, str(QByteArray.number(value, format, precision)));
    }

    @Test
    void numberDoubleSpecials() {
        assertEquals("nan", str(QByteArray.number(Double.NaN)));
        assertEquals("inf", str(QByteArray.number(Double.POSITIVE_INFINITY)));
        assertEquals("-inf", str(QByteArray.number(Double.NEGATIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> QByteArray.number(1.0, 'x', 2));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "qt       | Qt is great!    | 517420697320677265617421",
        "spaces   | Qt is great!    | 51 74 20 69 73 20 67 72 65 61 74 21",
        "upper    | Qt is great!    | 517420697320677265617421",
        "junk     | Qt              | 5x1z74",
        "empty    | \"\"              | \"\"",
    })
    void fromHex(String row, String expected, String hex) {
        assertEquals(expected, str(QByteArray.fromHex(ba(hex))));
    }

    @Test
    void toHex() {
        assertEquals("517420697320677265617421", str(ba("Qt is great!").toHex()));
        assertEquals("51:74", str(ba("Qt").toHex((byte) ':')));
        assertEquals("00ff", str(new QByteArray(new byte[] {0, (byte) 0xff}).toHex()));
        assertEquals("", str(new QByteArray().toHex()));
        assertArrayEquals(new byte[] {0x01, 0x23}, QByteArray.fromHex(ba("123")).toByteArray(), "odd digit count");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1   | Qt is great!    | UXQgaXMgZ3JlYXQh",
        "2   | Qt is great!!   | UXQgaXMgZ3JlYXQhIQ==",
        "3   | Qt is great!!!  | UXQgaXMgZ3JlYXQhISE=",
        "4   | a               | YQ==",
        "e   | \"\"              | \"\"",
    })
    void base64(String row, String raw, String encoded) {
        assertEquals(encoded, str(ba(raw).toBase64()));
        assertEquals(raw, str(QByteArray.fromBase64(ba(encoded))));
    }

    @Test
    void base64Options() {
        QByteArray raw = new QByteArray(new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 'a'});
        assertEquals("+/+/YQ==", str(raw.toBase64()));
        assertEquals("-_-_YQ==", str(raw.toBase64(Base64Option.Base64UrlEncoding)));
        assertEquals("-_-_YQ", str(raw.toBase64(Base64Option.Base64UrlEncoding, Base64Option.OmitTrailingEquals)));
        assertEquals(raw, QByteArray.fromBase64(ba("-_-_YQ"), Base64Option.Base64UrlEncoding));
        assertEquals(raw, QByteArray.fromBase64(ba("+/+/\n YQ==")), "invalid characters are ignored");
    }

    /** tst_qbytearray.cpp fromBase64_data: invalid input, decoded leniently, refused strictly. */
    static Stream<Arguments> fromBase64_data() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return Stream.of(
            Arguments.of("1", "", "  ", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("2", "1", "MQ=", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("3", "12", "MTI       ", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("4", "123", "M=TIz", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("5", "1234", "MTI zN A ", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("6", "\n", "Cg@", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("7", "a\n", "======YQo=", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("8", "ab\n", "Y\nWIK ", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("9", "abc\n", "YWJjCg=", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("a", "abcd\n", "YWJ\u0001j\u009cZAo=", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("b", "abcde\n", "YW JjZ\n G\tUK", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("c", "abcdef\n", "YWJjZGVmCg=", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("d", "abcdefg\n", "YWJ\rjZGVmZwo", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("e", "abcdefgh\n", "YWJjZGVmZ2gK====", Base64DecodingStatus.IllegalPadding),
            Arguments.of("f", new String(all, StandardCharsets.ISO_8859_1),
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Nj\n"
                + "c4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1u\n"
                + "b3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpa\n"
                + "anqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd\n"
                + "3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==                            ",
                Base64DecodingStatus.IllegalCharacter),
            Arguments.of("g", "foo\u0000bar", "Zm9vAGJhcg=", Base64DecodingStatus.IllegalInputLength),
            Arguments.of("h", "f\u00d1oo\u009ctar", "ZtFvb5x 0YXI", Base64DecodingStatus.IllegalCharacter),
            Arguments.of("i", "\"\u0000\u0000\u0000\u0000\u0000\u0000\"", "IgAAAAAAACI ", Base64DecodingStatus.IllegalCharacter)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromBase64_data")
    void fromBase64(String row, String rawdata, String base64, Base64DecodingStatus status) {
        QByteArray raw = ba(rawdata);
        QByteArray in = ba(base64);
        QByteArray.FromBase64Result result = QByteArray.fromBase64Encoding(in);
        assertTrue(result.isOk());
        assertEquals(raw, result.decoded());
        result = QByteArray.fromBase64Encoding(in, Base64Option.Base64Encoding, Base64Option.AbortOnBase64DecodingErrors);
        assertFalse(result.isOk());
        assertEquals(status, result.decodingStatus());
        assertTrue(result.decoded().isEmpty());
        QByteArray url = ba(base64.replace('/', '_').replace('+', '-'));
        assertEquals(raw, QByteArray.fromBase64(url, Base64Option.Base64UrlEncoding));
        result = QByteArray.fromBase64Encoding(url, Base64Option.Base64UrlEncoding, Base64Option.AbortOnBase64DecodingErrors);
        assertEquals(status, result.decodingStatus());
    }

    @Test
    void fromBase64StrictAcceptsValidInput() {
        for (String s : new String[] {"YQ==", "YWI=", "YWJj", "YQ", ""}) {
            assertTrue(QByteArray.fromBase64Encoding(ba(s), Base64Option.AbortOnBase64DecodingErrors).isOk(), s);
        }
    }

    @Test
    void percentEncoding() {
        assertEquals("%7B%20a-b.c_d~%7D", str(ba("{ a-b.c_d~}").toPercentEncoding()));
        assertEquals("{%20a}", str(ba("{ a}").toPercentEncoding(ba("{}"), null)));
        assertEquals("%61b", str(ba("ab").toPercentEncoding(null, ba("a"))));
        assertEquals("{ a}%zz%", str(QByteArray.fromPercentEncoding(ba("%7B%20a%7d%zz%"))));
    }

    @Test
    void equalsHashCodeCompare() {
        assertEquals(ba("abc"), ba("abc"));
        assertEquals(ba("abc").hashCode(), ba("abc").hashCode());
        assertNotEquals(ba("abc"), ba("abd"));
        assertTrue(ba("abc").compareTo(ba("abd")) < 0);
        assertTrue(ba("ab").compareTo(ba("abc")) < 0);
        assertTrue(new QByteArray(new byte[] {(byte) 0x80}).compareTo(ba("a")) > 0, "bytes compare unsigned");
        assertEquals(0, new QByteArray().compareTo(ba("")));
    }

    @Test
    void appendReturnsThisAndRejectsNull() {
        QByteArray a = new QByteArray();
        assertSame(a, a.append("x").append((byte) 'y').append(new byte[] {'z'}));
        assertEquals("xyz", a.toString());
        assertThrows(IllegalArgumentException.class, () -> a.append((QByteArray) null));
    }

    @Property(tries = 200)
    void hexAndBase64RoundTrip(@ForAll byte[] data) {
        QByteArray a = new QByteArray(data);
        assertEquals(a, QByteArray.fromHex(a.toHex()));
        assertEquals(a, QByteArray.fromBase64(a.toBase64()));
        assertEquals(a, QByteArray.fromBase64(a.toBase64(Base64Option.Base64UrlEncoding, Base64Option.OmitTrailingEquals),
                Base64Option.Base64UrlEncoding));
        assertEquals(a, QByteArray.fromPercentEncoding(a.toPercentEncoding()));
    }
}
