package io.qtj.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * The QByteArray class provides an array of bytes.
 *
 * <p>Like Qt's, and unlike {@code byte[]} or {@link String}, a QByteArray is mutable and grows as
 * needed: {@link #append(byte)} and its overloads run in amortised constant time per byte. It is
 * the currency of the I/O classes ({@link QIODevice#readAll()}, {@link QBuffer#data()},
 * {@link QDataStream#readByteArray()}).
 *
 * <p>As in Qt, a byte array is <em>null</em> when it was never given any data (the default
 * constructor, {@link #clear()}) and <em>empty</em> when it has size 0; every null array is empty
 * but not the reverse: {@code new QByteArray().isNull()} is true, {@code new QByteArray("")
 * .isNull()} is false. {@link #equals(Object)} compares contents only, as Qt's {@code operator==}
 * does, so a null and an empty array are equal.
 *
 * <p><b>Differences from Qt.</b> Qt shares data implicitly between copies; Java has no copy
 * constructor semantics, so {@link #QByteArray(QByteArray)} copies eagerly and methods that return
 * a new array (mid, left, toUpper, ...) return independent copies. {@link #fromRawData(byte[])}
 * wraps the caller's array without copying and copies it on the first modification, like Qt.
 * Because the array is mutable, do not modify one that is used as a key in a hash map.
 * Case conversions and {@link #trimmed()}/{@link #simplified()} treat bytes as ASCII, as Qt 6
 * does.
 *
 * <p>Not thread-safe: confine an instance to one thread or guard it.
 */
public final class QByteArray implements Comparable<QByteArray> {

    /** Options for {@link #toBase64(Base64Option...)} and {@link #fromBase64(QByteArray, Base64Option...)}. */
    public enum Base64Option {
        /** The regular Base64 alphabet, "base64" of RFC 4648 (the default). */
        Base64Encoding,
        /** The alternate alphabet "base64url" of RFC 4648, with {@code -} and {@code _}. */
        Base64UrlEncoding,
        /** Keeps the trailing padding equal signs (the default). */
        KeepTrailingEquals,
        /** Omits the trailing padding equal signs when encoding. */
        OmitTrailingEquals,
        /** When decoding, skips invalid characters (the default). */
        IgnoreBase64DecodingErrors,
        /** When decoding, stops at the first invalid input; see {@link #fromBase64Encoding}. */
        AbortOnBase64DecodingErrors
    }

    /** The outcome of a Base64 decoding; see {@link #fromBase64Encoding}. */
    public enum Base64DecodingStatus { Ok, IllegalInputLength, IllegalCharacter, IllegalPadding }

    /**
     * The result of {@link #fromBase64Encoding}: the decoded bytes and the decoding status. As in
     * Qt, the decoded bytes are unspecified (here: empty) when the status is not {@code Ok}.
     */
    public static final class FromBase64Result {
        private final QByteArray decoded;
        private final Base64DecodingStatus decodingStatus;

        FromBase64Result(QByteArray decoded, Base64DecodingStatus status) {
            this.decoded = decoded;
            this.decodingStatus = status;
        }

        /** Returns the decoded bytes. */
        public QByteArray decoded() {
            return decoded;
        }

        /** Returns the decoding status. */
        public Base64DecodingStatus decodingStatus() {
            return decodingStatus;
        }

        /** Returns true if the decoding succeeded; otherwise returns false. */
        public boolean isOk() {
            return decodingStatus == Base64DecodingStatus.Ok;
        }
    }

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The storage, or null for a null array; bytes {@code [0, size)} are the content. */
    private byte[] d;
    private int size;
    /** True while {@code d} belongs to the caller of {@link #fromRawData}: copy before writing. */
    private boolean raw;

    /** Constructs a null byte array. */
    public QByteArray() {
    }

    /** Constructs a byte array holding a copy of {@code data}; null {@code data} gives a null array. */
    public QByteArray(byte[] data) {
        if (data != null) {
            d = data.clone();
            size = data.length;
        }
    }

    /** Constructs a byte array holding a copy of {@code len} bytes of {@code data} from {@code off}. */
    public QByteArray(byte[] data, int off, int len) {
        requireArg(data, "data");
        d = Arrays.copyOfRange(data, off, checkRange(data.length, off, len) + len);
        size = len;
    }

    /**
     * Constructs a byte array holding the UTF-8 encoding of {@code utf8}; a null string gives a
     * null array and {@code ""} an empty one.
     */
    public QByteArray(String utf8) {
        if (utf8 != null) {
            d = utf8.getBytes(StandardCharsets.UTF_8);
            size = d.length;
        }
    }

    /** Constructs a byte array of {@code size} bytes, each set to {@code ch}. */
    public QByteArray(int size, byte ch) {
        d = new byte[Math.max(size, 0)];
        this.size = d.length;
        Arrays.fill(d, ch);
    }

    /** Constructs a copy of {@code other} (Qt shares the data; Java copies it). */
    public QByteArray(QByteArray other) {
        requireArg(other, "other");
        if (other.d != null) {
            d = Arrays.copyOf(other.d, other.size);
            size = other.size;
        }
    }

    /**
     * Returns a byte array that uses {@code data} as its storage, without copying it. The array is
     * copied on the first modification of the returned QByteArray; until then, changes the caller
     * makes to {@code data} are visible through it, as with Qt's raw data.
     */
    public static QByteArray fromRawData(byte[] data) {
        requireArg(data, "data");
        QByteArray ba = new QByteArray();
        ba.d = data;
        ba.size = data.length;
        ba.raw = true;
        return ba;
    }

    // ----------------------------------------------------------------- size and access

    /** Returns the number of bytes in this byte array. */
    public int size() {
        return size;
    }

    /** Same as {@link #size()}. */
    public int length() {
        return size;
    }

    /** Returns true if the byte array has size 0; otherwise returns false. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Returns true if this byte array is null; otherwise returns false. See the class notes. */
    public boolean isNull() {
        return d == null;
    }

    /**
     * Returns the byte at index {@code i}.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())} (Qt asserts)
     */
    public byte at(int i) {
        return d[java.util.Objects.checkIndex(i, size)];
    }

    /** Sets the byte at index {@code i} to {@code b} (Qt's {@code operator[]}); returns this array. */
    public QByteArray set(int i, byte b) {
        java.util.Objects.checkIndex(i, size);
        detach(size);
        d[i] = b;
        return this;
    }

    /** Returns the first byte. @throws IndexOutOfBoundsException if empty */
    public byte front() {
        return at(0);
    }

    /** Returns the last byte. @throws IndexOutOfBoundsException if empty */
    public byte back() {
        return at(size - 1);
    }

    /** Returns a copy of the content as a new {@code byte[]} (empty for a null array). */
    public byte[] toByteArray() {
        return size == 0 ? EMPTY.clone() : Arrays.copyOf(d, size);
    }

    /** Returns the number of bytes that can be stored without reallocating. */
    public int capacity() {
        return d == null || raw ? size : d.length;
    }

    /** Makes room for at least {@code n} bytes without changing the content. */
    public void reserve(int n) {
        if (n > capacity()) {
            detach(n);
        }
    }

    /** Releases unused capacity. */
    public void squeeze() {
        if (d != null && !raw && d.length > size) {
            d = Arrays.copyOf(d, size);
        }
    }

    // ----------------------------------------------------------------- modification

    /** Appends {@code o} and returns this array. Appending a null array to a null array keeps it null. */
    public QByteArray append(QByteArray o) {
        requireArg(o, "o");
        if (o.d == null) {
            return this;
        }
        return append(o.d, 0, o.size);
    }

    /** Appends the bytes of {@code o} and returns this array. */
    public QByteArray append(byte[] o) {
        requireArg(o, "o");
        return append(o, 0, o.length);
    }

    /** Appends {@code len} bytes of {@code o} from {@code off} and returns this array. */
    public QByteArray append(byte[] o, int off, int len) {
        requireArg(o, "o");
        checkRange(o.length, off, len);
        int old = size;
        growTo(old + len);
        System.arraycopy(o, off, d, old, len);
        return this;
    }

    /** Appends the UTF-8 encoding of {@code utf8} (nothing for null) and returns this array. */
    public QByteArray append(String utf8) {
        if (utf8 == null) {
            return this;
        }
        return append(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the byte {@code b} and returns this array. */
    public QByteArray append(byte b) {
        growTo(size + 1);
        d[size - 1] = b;
        return this;
    }

    /** Appends {@code count} copies of {@code b} and returns this array. */
    public QByteArray append(int count, byte b) {
        if (count > 0) {
            int old = size;
            growTo(old + count);
            Arrays.fill(d, old, size, b);
        }
        return this;
    }

    /** Prepends {@code o} and returns this array. */
    public QByteArray prepend(QByteArray o) {
        requireArg(o, "o");
        return o.d == null ? this : insert(0, o.d, 0, o.size);
    }

    /** Prepends the bytes of {@code o} and returns this array. */
    public QByteArray prepend(byte[] o) {
        requireArg(o, "o");
        return insert(0, o, 0, o.length);
    }

    /** Prepends the UTF-8 encoding of {@code utf8} and returns this array. */
    public QByteArray prepend(String utf8) {
        return utf8 == null ? this : prepend(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Prepends the byte {@code b} and returns this array. */
    public QByteArray prepend(byte b) {
        return insert(0, new byte[] {b}, 0, 1);
    }

    /**
     * Inserts {@code o} at index {@code i} and returns this array. As in Qt, if {@code i} is beyond
     * the end, the array is first extended with spaces to {@code i}.
     */
    public QByteArray insert(int i, QByteArray o) {
        requireArg(o, "o");
        return insert(i, o.d == null ? EMPTY : o.d, 0, o.size);
    }

    /** Inserts the bytes of {@code o} at index {@code i}; see {@link #insert(int, QByteArray)}. */
    public QByteArray insert(int i, byte[] o) {
        requireArg(o, "o");
        return insert(i, o, 0, o.length);
    }

    /** Inserts the UTF-8 encoding of {@code utf8} at index {@code i}. */
    public QByteArray insert(int i, String utf8) {
        return utf8 == null ? this : insert(i, utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Inserts the byte {@code b} at index {@code i}. */
    public QByteArray insert(int i, byte b) {
        return insert(i, new byte[] {b}, 0, 1);
    }

    private QByteArray insert(int i, byte[] src, int off, int len) {
        if (i < 0) {
            return this;
        }
        if (i > size) {
            append(i - size, (byte) ' ');
        }
        int old = size;
        growTo(old + len);
        System.arraycopy(d, i, d, i + len, old - i);
        System.arraycopy(src, off, d, i, len);
        return this;
    }

    /** Removes {@code len} bytes starting at {@code pos} (clamped to the array) and returns this array. */
    public QByteArray remove(int pos, int len) {
        if (pos < 0 || pos >= size || len <= 0) {
            return this;
        }
        len = Math.min(len, size - pos);
        detach(size);
        System.arraycopy(d, pos + len, d, pos, size - pos - len);
        size -= len;
        return this;
    }

    /** Replaces {@code len} bytes from {@code pos} with {@code after} and returns this array. */
    public QByteArray replace(int pos, int len, QByteArray after) {
        requireArg(after, "after");
        byte[] a = after.toByteArray();
        if (pos < 0 || pos > size) {
            return this;
        }
        remove(pos, len);
        return insert(pos, a, 0, a.length);
    }

    /** Replaces every occurrence of {@code before} with {@code after} and returns this array. */
    public QByteArray replace(QByteArray before, QByteArray after) {
        requireArg(before, "before");
        requireArg(after, "after");
        byte[] b = before.toByteArray();
        byte[] a = after.toByteArray();
        if (size == 0 && b.length != 0) {
            return this;
        }
        QByteArray out = new QByteArray(EMPTY);
        out.reserve(size);
        int from = 0;
        if (b.length == 0) {
            // Qt inserts 'after' before every byte and at the end.
            for (int i = 0; i < size; i++) {
                out.append(a).append(d[i]);
            }
            out.append(a);
        } else {
            int idx;
            while ((idx = indexOf(b, from)) >= 0) {
                out.append(d, from, idx - from).append(a);
                from = idx + b.length;
            }
            if (from == 0) {
                return this;
            }
            out.append(d, from, size - from);
        }
        d = out.d;
        size = out.size;
        raw = false;
        return this;
    }

    /** Replaces every byte {@code before} with {@code after} and returns this array. */
    public QByteArray replace(byte before, byte after) {
        for (int i = 0; i < size; i++) {
            if (d[i] == before) {
                detach(size);
                d[i] = after;
            }
        }
        return this;
    }

    /** Removes every byte: the array becomes null, as in Qt. */
    public void clear() {
        d = null;
        size = 0;
        raw = false;
    }

    /**
     * Sets the size to {@code n} (0 if negative). New bytes are zero (Qt leaves them
     * uninitialised). A null array becomes non-null.
     */
    public void resize(int n) {
        n = Math.max(n, 0);
        if (n > size) {
            int old = size;
            growTo(n);
            Arrays.fill(d, old, n, (byte) 0);
        } else {
            detach(Math.max(n, 0));
            size = n;
        }
    }

    /** Sets the size to {@code n}; new bytes are set to {@code c}. */
    public void resize(int n, byte c) {
        int old = size;
        resize(n);
        if (n > old) {
            Arrays.fill(d, old, n, c);
        }
    }

    /** Truncates the array at index {@code n}; does nothing if {@code n >= size()}. */
    public void truncate(int n) {
        if (n < size) {
            resize(n);
        }
    }

    /** Removes {@code n} bytes from the end; removes everything if {@code n >= size()}. */
    public void chop(int n) {
        if (n > 0) {
            resize(size - Math.min(n, size));
        }
    }

    /** Returns a copy with the last {@code n} bytes removed. */
    public QByteArray chopped(int n) {
        return left(size - n);
    }

    /** Sets every byte to {@code ch} and returns this array. */
    public QByteArray fill(byte ch) {
        return fill(ch, -1);
    }

    /** Resizes to {@code size} (unless it is -1) and sets every byte to {@code ch}; returns this array. */
    public QByteArray fill(byte ch, int size) {
        if (size >= 0) {
            resize(size);
        }
        if (this.size > 0) {
            detach(this.size);
            Arrays.fill(d, 0, this.size, ch);
        }
        return this;
    }

    /** Returns this array repeated {@code times} times (empty if {@code times < 1}). */
    public QByteArray repeated(int times) {
        QByteArray out = new QByteArray(EMPTY);
        if (times < 1 || size == 0) {
            return out;
        }
        out.reserve(Math.multiplyExact(size, times));
        for (int i = 0; i < times; i++) {
            out.append(d, 0, size);
        }
        return out;
    }

    // ----------------------------------------------------------------- slices

    /**
     * Returns {@code len} bytes from {@code pos}, or everything from {@code pos} when {@code len}
     * is -1 or reaches past the end. Returns a null array if {@code pos} is past the end, and an
     * empty one if it is exactly at the end, as Qt does.
     */
    public QByteArray mid(int pos, int len) {
        long p = pos;
        long l = len;
        if (p > size) {
            return new QByteArray();
        }
        if (p < 0) {
            if (l < 0 || l + p >= size) {
                return new QByteArray(this);
            }
            if (l + p <= 0) {
                return new QByteArray();
            }
            l += p;
            p = 0;
        } else if (l < 0 || l > size - p) {
            l = size - p;
        }
        if (p == 0 && l == size) {
            return new QByteArray(this);
        }
        return l > 0 ? new QByteArray(d, (int) p, (int) l) : new QByteArray(EMPTY);
    }

    /** Returns everything from {@code pos}; see {@link #mid(int, int)}. */
    public QByteArray mid(int pos) {
        return mid(pos, -1);
    }

    /** Returns the first {@code n} bytes, or the whole array if {@code n >= size()}. */
    public QByteArray left(int n) {
        if (n >= size) {
            return new QByteArray(this);
        }
        return new QByteArray(d == null ? EMPTY : d, 0, Math.max(n, 0));
    }

    /** Returns the last {@code n} bytes, or the whole array if {@code n >= size()}. */
    public QByteArray right(int n) {
        if (n >= size) {
            return new QByteArray(this);
        }
        n = Math.max(n, 0);
        return new QByteArray(d, size - n, n);
    }

    /** Returns the first {@code n} bytes. @throws IndexOutOfBoundsException unless {@code 0 <= n <= size()} */
    public QByteArray first(int n) {
        return sliced(0, n);
    }

    /** Returns the last {@code n} bytes. @throws IndexOutOfBoundsException unless {@code 0 <= n <= size()} */
    public QByteArray last(int n) {
        return sliced(size - n, n);
    }

    /** Returns the bytes from {@code pos} to the end. @throws IndexOutOfBoundsException if out of range */
    public QByteArray sliced(int pos) {
        return sliced(pos, size - pos);
    }

    /** Returns {@code n} bytes from {@code pos}. @throws IndexOutOfBoundsException if out of range */
    public QByteArray sliced(int pos, int n) {
        checkRange(size, pos, n);
        return new QByteArray(d == null ? EMPTY : d, pos, n);
    }

    // ----------------------------------------------------------------- searching

    /** Returns the index of the first {@code needle} at or after {@code from}, or -1. */
    public int indexOf(QByteArray needle, int from) {
        requireArg(needle, "needle");
        return indexOf(needle.d == null ? EMPTY : needle.d, needle.size, from);
    }

    /** Returns the index of the first {@code needle}, or -1. */
    public int indexOf(QByteArray needle) {
        return indexOf(needle, 0);
    }

    /** Returns the index of the first UTF-8 encoded {@code needle} at or after {@code from}, or -1. */
    public int indexOf(String needle, int from) {
        return indexOf(new QByteArray(requireArg(needle, "needle")), from);
    }

    /** Returns the index of the first byte {@code b} at or after {@code from}, or -1. */
    public int indexOf(byte b, int from) {
        if (from < 0) {
            from = Math.max(from + size, 0);
        }
        for (int i = from; i < size; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the index of the first byte {@code b}, or -1. */
    public int indexOf(byte b) {
        return indexOf(b, 0);
    }

    private int indexOf(byte[] n, int from) {
        return indexOf(n, n.length, from);
    }

    private int indexOf(byte[] n, int nlen, int from) {
        if (from < 0) {
            from = Math.max(from + size, 0);
        }
        if (nlen == 0) {
            return from > size ? -1 : from;
        }
        outer:
        for (int i = from; i <= size - nlen; i++) {
            for (int j = 0; j < nlen; j++) {
                if (d[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Returns the index of the last {@code needle} starting at or before {@code from}, or -1. */
    public int lastIndexOf(QByteArray needle, int from) {
        requireArg(needle, "needle");
        int nlen = needle.size;
        if (from < 0) {
            from += size;
        }
        if (from < 0) {
            return -1;
        }
        from = Math.min(from, size - nlen);
        outer:
        for (int i = from; i >= 0; i--) {
            for (int j = 0; j < nlen; j++) {
                if (d[i + j] != needle.d[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Returns the index of the last {@code needle}, or -1. */
    public int lastIndexOf(QByteArray needle) {
        return lastIndexOf(needle, size);
    }

    /** Returns the index of the last byte {@code b} at or before {@code from}, or -1. */
    public int lastIndexOf(byte b, int from) {
        if (from < 0) {
            from += size;
        } else if (from >= size) {
            from = size - 1;
        }
        for (int i = from; i >= 0; i--) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the index of the last byte {@code b}, or -1. */
    public int lastIndexOf(byte b) {
        return lastIndexOf(b, size - 1);
    }

    /** Returns true if this array contains {@code needle}; otherwise returns false. */
    public boolean contains(QByteArray needle) {
        return indexOf(needle, 0) >= 0;
    }

    /** Returns true if this array contains the byte {@code b}; otherwise returns false. */
    public boolean contains(byte b) {
        return indexOf(b, 0) >= 0;
    }

    /** Returns the number of (possibly overlapping) occurrences of {@code needle}. */
    public int count(QByteArray needle) {
        requireArg(needle, "needle");
        if (needle.size == 0) {
            return size + 1;
        }
        int n = 0;
        int i = -1;
        while ((i = indexOf(needle, i + 1)) >= 0) {
            n++;
        }
        return n;
    }

    /** Returns the number of occurrences of the byte {@code b}. */
    public int count(byte b) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (d[i] == b) {
                n++;
            }
        }
        return n;
    }

    /** Returns true if this array starts with {@code p}; otherwise returns false. */
    public boolean startsWith(QByteArray p) {
        requireArg(p, "p");
        return p.size <= size && regionMatches(0, p);
    }

    /** Returns true if this array starts with the byte {@code b}; otherwise returns false. */
    public boolean startsWith(byte b) {
        return size > 0 && d[0] == b;
    }

    /** Returns true if this array ends with {@code p}; otherwise returns false. */
    public boolean endsWith(QByteArray p) {
        requireArg(p, "p");
        return p.size <= size && regionMatches(size - p.size, p);
    }

    /** Returns true if this array ends with the byte {@code b}; otherwise returns false. */
    public boolean endsWith(byte b) {
        return size > 0 && d[size - 1] == b;
    }

    private boolean regionMatches(int at, QByteArray p) {
        for (int i = 0; i < p.size; i++) {
            if (d[at + i] != p.d[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits the array into pieces wherever {@code sep} occurs. As in Qt, empty pieces are kept
     * and an empty array gives one empty piece.
     */
    public List<QByteArray> split(byte sep) {
        List<QByteArray> out = new ArrayList<>();
        int start = 0;
        int end;
        while ((end = indexOf(sep, start)) >= 0) {
            out.add(mid(start, end - start));
            start = end + 1;
        }
        out.add(mid(start));
        return out;
    }

    // ----------------------------------------------------------------- transformations

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Returns a copy with ASCII whitespace removed from the start and the end. */
    public QByteArray trimmed() {
        int s = 0;
        int e = size;
        while (s < e && isSpace(d[s])) {
            s++;
        }
        while (e > s && isSpace(d[e - 1])) {
            e--;
        }
        return s == 0 && e == size ? new QByteArray(this) : new QByteArray(d, s, e - s);
    }

    /**
     * Returns a copy with ASCII whitespace removed from the start and the end, and each inner
     * run of whitespace replaced by one space.
     */
    public QByteArray simplified() {
        if (d == null) {
            return new QByteArray();
        }
        QByteArray out = new QByteArray(EMPTY);
        out.reserve(size);
        boolean pendingSpace = false;
        for (int i = 0; i < size; i++) {
            byte c = d[i];
            if (isSpace(c)) {
                pendingSpace = out.size > 0;
            } else {
                if (pendingSpace) {
                    out.append((byte) ' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out;
    }

    /** Returns an uppercase copy, converting ASCII letters only. */
    public QByteArray toUpper() {
        QByteArray out = new QByteArray(this);
        for (int i = 0; i < size; i++) {
            byte c = out.d[i];
            if (c >= 'a' && c <= 'z') {
                out.d[i] = (byte) (c - 32);
            }
        }
        return out;
    }

    /** Returns a lowercase copy, converting ASCII letters only. */
    public QByteArray toLower() {
        QByteArray out = new QByteArray(this);
        for (int i = 0; i < size; i++) {
            byte c = out.d[i];
            if (c >= 'A' && c <= 'Z') {
                out.d[i] = (byte) (c + 32);
            }
        }
        return out;
    }

    // ----------------------------------------------------------------- numbers

    /**
     * Returns {@code n} written in {@code base} (2..36) with lowercase letters; negative numbers
     * get a minus sign in every base, as in Qt 6.
     *
     * @throws IllegalArgumentException if {@code base} is not in 2..36 (Qt asserts)
     */
    public static QByteArray number(long n, int base) {
        checkBase(base, false);
        return new QByteArray(Long.toString(n, base));
    }

    /** Returns {@code n} in base 10. */
    public static QByteArray number(long n) {
        return number(n, 10);
    }

    /** Returns {@code n} in base 10. */
    public static QByteArray number(int n) {
        return number(n, 10);
    }

    /** Returns {@code n} written in {@code base}; see {@link #number(long, int)}. */
    public static QByteArray number(int n, int base) {
        return number((long) n, base);
    }

    /** Returns {@code n} formatted as Qt's {@code number(n, 'g', 6)}: {@code 1.5 -> "1.5"}, {@code 1e20 -> "1e+20"}. */
    public static QByteArray number(double n) {
        return number(n, 'g', 6);
    }

    /**
     * Returns {@code n} formatted in {@code format} with {@code precision}, as Qt and C's
     * {@code printf} do: {@code 'f'} fixed ({@code precision} digits after the point),
     * {@code 'e'}/{@code 'E'} scientific, {@code 'g'}/{@code 'G'} the shorter of the two with
     * {@code precision} significant digits and no trailing zeros. Digits are rounded half up
     * from the exact binary value, as Qt does; NaN and infinities give {@code "nan"},
     * {@code "inf"} and {@code "-inf"}.
     *
     * @throws IllegalArgumentException if {@code format} is not one of {@code e E f g G}
     */
    public static QByteArray number(double n, char format, int precision) {
        if (Double.isNaN(n)) {
            return new QByteArray("nan");
        }
        if (Double.isInfinite(n)) {
            return new QByteArray(n > 0 ? "inf" : "-inf");
        }
        boolean neg = Double.doubleToRawLongBits(n) < 0;
        java.math.BigDecimal v = new java.math.BigDecimal(Math.abs(n));
        int p = Math.max(precision, 0);
        String body;
        switch (format) {
            case 'f':
                body = v.setScale(p, java.math.RoundingMode.HALF_UP).toPlainString();
                break;
            case 'e':
            case 'E':
                body = scientific(v, p, format == 'E');
                break;
            case 'g':
            case 'G': {
                int sig = p == 0 ? 1 : p;
                int exp = 0;
                if (v.signum() != 0) {
                    java.math.BigDecimal r = v.round(new java.math.MathContext(sig, java.math.RoundingMode.HALF_UP));
                    exp = r.precision() - r.scale() - 1;
                }
                if (exp < sig && exp >= -4) {
                    body = stripZeros(v.setScale(sig - 1 - exp, java.math.RoundingMode.HALF_UP).toPlainString());
                } else {
                    String sci = scientific(v, sig - 1, format == 'G');
                    int e = sci.indexOf(format == 'G' ? 'E' : 'e');
                    body = stripZeros(sci.substring(0, e)) + sci.substring(e);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("format: '" + format + "' (expected: one of e E f g G)");
        }
        return new QByteArray(neg ? "-" + body : body);
    }

    private static String scientific(java.math.BigDecimal v, int p, boolean upper) {
        String digits;
        int exp;
        if (v.signum() == 0) {
            digits = "0".repeat(p + 1);
            exp = 0;
        } else {
            java.math.BigDecimal r = v.round(new java.math.MathContext(p + 1, java.math.RoundingMode.HALF_UP));
            exp = r.precision() - r.scale() - 1;
            StringBuilder sb = new StringBuilder(r.unscaledValue().toString());
            while (sb.length() < p + 1) {
                sb.append('0');
            }
            digits = sb.substring(0, p + 1);
        }
        StringBuilder out = new StringBuilder().append(digits.charAt(0));
        if (p > 0) {
            out.append('.').append(digits, 1, p + 1);
        }
        out.append(upper ? 'E' : 'e').append(exp < 0 ? '-' : '+');
        if (Math.abs(exp) < 10) {
            out.append('0');
        }
        return out.append(Math.abs(exp)).toString();
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Sets this array to {@code n} written in {@code base} and returns it. */
    public QByteArray setNum(long n, int base) {
        QByteArray v = number(n, base);
        d = v.d;
        size = v.size;
        raw = false;
        return this;
    }

    /**
     * Returns the content parsed as a {@code long} in {@code base} (2..36, or 0 to detect
     * {@code 0x} hexadecimal, {@code 0b} binary, {@code 0} octal, else decimal, as Qt 6 does). Leading and trailing
     * ASCII whitespace is allowed. Returns 0 on failure. If {@code ok} is not null,
     * {@code ok[0]} is set to true on success and false on failure.
     */
    public long toLong(boolean[] ok, int base) {
        checkBase(base, true);
        QByteArray t = trimmed();
        String s = new String(t.toByteArray(), StandardCharsets.ISO_8859_1);
        boolean neg = false;
        String digits = s;
        if (digits.startsWith("+") || digits.startsWith("-")) {
            neg = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        if (base == 0 || base == 16) {
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                digits = digits.substring(2);
                base = 16;
            }
        }
        if (base == 0) {
            if (digits.startsWith("0b") || digits.startsWith("0B")) {
                digits = digits.substring(2);
                base = 2;
            } else {
                base = digits.length() > 1 && digits.charAt(0) == '0' ? 8 : 10;
            }
        }
        long v = 0;
        boolean good = !digits.isEmpty() && Character.digit(digits.charAt(0), base) >= 0;
        if (good) {
            try {
                v = Long.parseLong((neg ? "-" : "") + digits, base);
            } catch (NumberFormatException e) {
                good = false;
            }
        }
        setOk(ok, good);
        return good ? v : 0;
    }

    /** Returns the content parsed as a base-10 {@code long}; see {@link #toLong(boolean[], int)}. */
    public long toLong() {
        return toLong(null, 10);
    }

    /** Returns the content parsed as a base-10 {@code long}, reporting success in {@code ok[0]}. */
    public long toLong(boolean[] ok) {
        return toLong(ok, 10);
    }

    /** Returns the content parsed as an {@code int}; 0 (and {@code ok[0] = false}) if out of range. */
    public int toInt(boolean[] ok, int base) {
        boolean[] good = {false};
        long v = toLong(good, base);
        boolean fits = good[0] && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
        setOk(ok, fits);
        return fits ? (int) v : 0;
    }

    /** Returns the content parsed as a base-10 {@code int}; see {@link #toInt(boolean[], int)}. */
    public int toInt() {
        return toInt(null, 10);
    }

    /** Returns the content parsed as a base-10 {@code int}, reporting success in {@code ok[0]}. */
    public int toInt(boolean[] ok) {
        return toInt(ok, 10);
    }

    /** Returns the content parsed as an unsigned 32-bit integer, in a {@code long}; 0 on failure. */
    public long toUInt(boolean[] ok, int base) {
        boolean[] good = {false};
        long v = toLong(good, base);
        boolean fits = good[0] && v >= 0 && v <= 0xFFFF_FFFFL && !trimmed().startsWith((byte) '-');
        setOk(ok, fits);
        return fits ? v : 0;
    }

    /** Returns the content parsed as a {@code short}; 0 (and {@code ok[0] = false}) if out of range. */
    public short toShort(boolean[] ok, int base) {
        boolean[] good = {false};
        long v = toLong(good, base);
        boolean fits = good[0] && v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
        setOk(ok, fits);
        return fits ? (short) v : 0;
    }

    /** Returns the content parsed as a {@code double}; 0.0 (and {@code ok[0] = false}) on failure. */
    public double toDouble(boolean[] ok) {
        String s = new String(trimmed().toByteArray(), StandardCharsets.ISO_8859_1);
        try {
            if (s.isEmpty() || s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                throw new NumberFormatException(s);
            }
            double v = Double.parseDouble(s);
            setOk(ok, true);
            return v;
        } catch (NumberFormatException e) {
            setOk(ok, false);
            return 0.0;
        }
    }

    private static void setOk(boolean[] ok, boolean value) {
        if (ok != null && ok.length > 0) {
            ok[0] = value;
        }
    }

    private static void checkBase(int base, boolean allowZero) {
        if ((base < 2 || base > 36) && !(allowZero && base == 0)) {
            throw new IllegalArgumentException("base: " + base + " (expected: " + (allowZero ? "0 or " : "") + "2..36)");
        }
    }

    // ----------------------------------------------------------------- encodings

    /** Returns the hex encoding of the content, lowercase, e.g. {@code "0a1b"}. */
    public QByteArray toHex() {
        return toHex((byte) 0);
    }

    /** Returns the hex encoding, with {@code separator} between bytes unless it is 0. */
    public QByteArray toHex(byte separator) {
        if (size == 0) {
            return new QByteArray(EMPTY);
        }
        int len = separator != 0 ? size * 3 - 1 : size * 2;
        byte[] out = new byte[len];
        int o = 0;
        for (int i = 0; i < size; i++) {
            if (separator != 0 && i > 0) {
                out[o++] = separator;
            }
            out[o++] = HEX[(d[i] >> 4) & 0xf];
            out[o++] = HEX[d[i] & 0xf];
        }
        return fromOwned(out, len);
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Returns the bytes decoded from the hex encoding {@code hex}. As in Qt, invalid characters
     * are skipped and digits are paired from the end, so an odd number of digits gives a first
     * byte made of one digit: {@code fromHex("123")} is {@code {0x01, 0x23}}.
     */
    public static QByteArray fromHex(QByteArray hex) {
        requireArg(hex, "hex");
        byte[] out = new byte[(hex.size + 1) / 2];
        int o = out.length;
        boolean low = true;
        for (int i = hex.size - 1; i >= 0; i--) {
            int v = hexValue(hex.d[i]);
            if (v < 0) {
                continue;
            }
            if (low) {
                out[--o] = (byte) v;
            } else {
                out[o] |= (byte) (v << 4);
            }
            low = !low;
        }
        return new QByteArray(out, o, out.length - o);
    }

    /** Returns the Base64 encoding with the default options (regular alphabet, padding kept). */
    public QByteArray toBase64() {
        return toBase64(new Base64Option[0]);
    }

    /** Returns the Base64 encoding using {@code options}. */
    public QByteArray toBase64(Base64Option... options) {
        EnumSet<Base64Option> opts = optionSet(options);
        boolean url = opts.contains(Base64Option.Base64UrlEncoding);
        boolean omit = opts.contains(Base64Option.OmitTrailingEquals);
        java.util.Base64.Encoder enc = url ? java.util.Base64.getUrlEncoder() : java.util.Base64.getEncoder();
        if (omit) {
            enc = enc.withoutPadding();
        }
        byte[] out = enc.encode(toByteArray());
        return fromOwned(out, out.length);
    }

    /**
     * Returns the bytes decoded from the Base64 text {@code base64} with the default options:
     * the regular alphabet, characters outside it skipped.
     */
    public static QByteArray fromBase64(QByteArray base64) {
        return fromBase64Encoding(base64).decoded();
    }

    /**
     * Returns the bytes decoded from the Base64 text {@code base64}. With the default
     * {@link Base64Option#IgnoreBase64DecodingErrors}, characters outside the alphabet (including
     * {@code '='}) are skipped, as Qt does.
     */
    public static QByteArray fromBase64(QByteArray base64, Base64Option... options) {
        return fromBase64Encoding(base64, options).decoded();
    }

    /**
     * Decodes the Base64 text {@code base64} and reports how it went. With
     * {@link Base64Option#AbortOnBase64DecodingErrors}, as in Qt: a character outside the alphabet
     * gives {@code IllegalCharacter}; an {@code '='} in an input whose length is not a multiple of
     * four gives {@code IllegalInputLength}; an {@code '='} that is not one of the last two
     * characters (or a lone {@code '='} before the last character) gives {@code IllegalPadding}.
     * Input without padding is accepted.
     */
    public static FromBase64Result fromBase64Encoding(QByteArray base64, Base64Option... options) {
        requireArg(base64, "base64");
        EnumSet<Base64Option> opts = optionSet(options);
        boolean url = opts.contains(Base64Option.Base64UrlEncoding);
        boolean abort = opts.contains(Base64Option.AbortOnBase64DecodingErrors);
        int n = base64.size;
        byte[] in = base64.d;
        byte[] out = new byte[n * 3 / 4 + 1];
        int o = 0;
        int buf = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            int c = in[i];
            int v;
            if (c >= 'A' && c <= 'Z') {
                v = c - 'A';
            } else if (c >= 'a' && c <= 'z') {
                v = c - 'a' + 26;
            } else if (c >= '0' && c <= '9') {
                v = c - '0' + 52;
            } else if (c == (url ? '-' : '+')) {
                v = 62;
            } else if (c == (url ? '_' : '/')) {
                v = 63;
            } else {
                if (!abort) {
                    continue;
                }
                if (c != '=') {
                    return new FromBase64Result(new QByteArray(EMPTY), Base64DecodingStatus.IllegalCharacter);
                }
                // Padding: only valid as the last one or two characters of a multiple-of-4 input.
                if (n % 4 != 0) {
                    return new FromBase64Result(new QByteArray(EMPTY), Base64DecodingStatus.IllegalInputLength);
                }
                if (i == n - 1 || (i == n - 2 && in[n - 1] == '=')) {
                    break;
                }
                return new FromBase64Result(new QByteArray(EMPTY), Base64DecodingStatus.IllegalPadding);
            }
            buf = (buf << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buf >> bits);
                buf &= (1 << bits) - 1;
            }
        }
        return new FromBase64Result(fromOwned(out, o), Base64DecodingStatus.Ok);
    }

    private static EnumSet<Base64Option> optionSet(Base64Option... options) {
        EnumSet<Base64Option> s = EnumSet.noneOf(Base64Option.class);
        if (options != null) {
            for (Base64Option o : options) {
                s.add(requireArg(o, "option"));
            }
        }
        return s;
    }

    private static boolean isUnreserved(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /**
     * Returns the URI/URL-style percent encoding: every byte except the RFC 3986 unreserved
     * characters ({@code A-Z a-z 0-9 - . _ ~}) is written as {@code %XX} (uppercase hex). Bytes in
     * {@code exclude} are left as they are; bytes in {@code include} are encoded even if
     * unreserved. Either may be null.
     */
    public QByteArray toPercentEncoding(QByteArray exclude, QByteArray include) {
        QByteArray out = new QByteArray(EMPTY);
        out.reserve(size);
        for (int i = 0; i < size; i++) {
            byte c = d[i];
            boolean keep = (isUnreserved(c) || (exclude != null && exclude.contains(c)))
                    && !(include != null && include.contains(c));
            if (keep) {
                out.append(c);
            } else {
                out.append((byte) '%').append((byte) Character.toUpperCase(HEX[(c >> 4) & 0xf]))
                        .append((byte) Character.toUpperCase(HEX[c & 0xf]));
            }
        }
        return out;
    }

    /** Returns the percent encoding with no exclusions or inclusions. */
    public QByteArray toPercentEncoding() {
        return toPercentEncoding(null, null);
    }

    /**
     * Returns {@code input} with each {@code %XX} sequence decoded. A {@code '%'} not followed by
     * two hex digits is kept as it is (Qt decodes such sequences into unspecified bytes).
     */
    public static QByteArray fromPercentEncoding(QByteArray input) {
        requireArg(input, "input");
        if (input.d == null) {
            return new QByteArray();
        }
        QByteArray out = new QByteArray(EMPTY);
        out.reserve(input.size);
        for (int i = 0; i < input.size; i++) {
            byte c = input.d[i];
            if (c == '%' && i + 2 < input.size) {
                int hi = hexValue(input.d[i + 1]);
                int lo = hexValue(input.d[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    out.append((byte) ((hi << 4) | lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out;
    }

    // ----------------------------------------------------------------- Object

    /**
     * Returns the content decoded as UTF-8, like {@code QString::fromUtf8}; malformed sequences
     * become U+FFFD. A null array gives {@code ""} (Qt gives a null QString; a Java
     * {@code toString()} should not return null).
     */
    @Override
    public String toString() {
        return size == 0 ? "" : new String(d, 0, size, StandardCharsets.UTF_8);
    }

    /** Returns true if {@code o} is a QByteArray with the same bytes; otherwise returns false. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QByteArray)) {
            return false;
        }
        QByteArray b = (QByteArray) o;
        return size == b.size && Arrays.equals(d == null ? EMPTY : d, 0, size, b.d == null ? EMPTY : b.d, 0, size);
    }

    /** Returns a hash of the content, consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + d[i];
        }
        return h;
    }

    /** Compares the contents bytewise as unsigned values, as Qt's {@code compare} does. */
    @Override
    public int compareTo(QByteArray o) {
        return Arrays.compareUnsigned(d == null ? EMPTY : d, 0, size, o.d == null ? EMPTY : o.d, 0, o.size);
    }

    // ----------------------------------------------------------------- internals

    /** Wraps {@code data} (owned by the caller from now on) without copying. */
    static QByteArray fromOwned(byte[] data, int size) {
        QByteArray ba = new QByteArray();
        ba.d = data;
        ba.size = size;
        return ba;
    }

    /**
     * Gives package code (QBuffer, QIODevice) direct access to the storage, made writable and at
     * least {@code minCapacity} long, without changing the size. The array may be replaced by
     * later modifications.
     */
    byte[] storageForWrite(int minCapacity) {
        detach(minCapacity);
        return d;
    }

    /** Returns the storage for reading (possibly shorter than capacity, possibly null when empty). */
    byte[] storage() {
        return d;
    }

    /** Makes this array a copy of {@code other}, null-ness included (Qt's assignment). */
    void assign(QByteArray other) {
        d = other.d == null ? null : Arrays.copyOf(other.d, other.size);
        size = other.size;
        raw = false;
    }

    /** Sets the size after writing into {@link #storageForWrite(int)}. */
    void setSizeUnchecked(int n) {
        size = n;
    }

    /** Ensures {@code d} is owned, non-null and at least {@code minCapacity} long. */
    private void detach(int minCapacity) {
        if (d == null) {
            d = minCapacity == 0 ? EMPTY : new byte[minCapacity];
            raw = minCapacity == 0;
        } else if (raw || d.length < minCapacity) {
            int cap = raw ? Math.max(minCapacity, size) : grow(d.length, minCapacity);
            d = Arrays.copyOf(d, cap);
            raw = false;
        }
    }

    private void growTo(int newSize) {
        if (newSize < 0) {
            throw new OutOfMemoryError("QByteArray: size overflow");
        }
        if (d == null || raw || d.length < newSize) {
            int cap = d == null || raw ? newSize : grow(d.length, newSize);
            d = d == null ? new byte[cap] : Arrays.copyOf(d, cap);
            raw = false;
        }
        size = newSize;
    }

    private static int grow(int current, int min) {
        long cap = Math.max((long) current + (current >> 1) + 16, min);
        return (int) Math.min(cap, Integer.MAX_VALUE - 8 > min ? Integer.MAX_VALUE - 8 : min);
    }

    private static int checkRange(int length, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, length);
        return off;
    }

    private static <T> T requireArg(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: a non-null value)");
        }
        return value;
    }
}
