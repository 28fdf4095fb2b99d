package io.qtj.core;

import java.nio.charset.StandardCharsets;

/**
 * The QDataStream class provides serialization of binary data to a {@link QIODevice}.
 *
 * <p>A data stream is a binary stream of encoded information that is independent of the host's
 * operating system, CPU and byte order, and byte-for-byte the same as Qt's: data written here is
 * read by a C++ Qt program with the same {@link #version()} and {@link #byteOrder()}, and the
 * other way round. The default byte order is big-endian, the default version
 * {@link #Qt_DefaultCompiledVersion} (Qt 6.8's). Set the version explicitly when talking to a
 * program built against another Qt: {@code out.setVersion(QDataStream.Qt_5_10)}.
 *
 * <p>The formats, for each version: integers are written in the stream's byte order at their
 * size; {@code bool} is one byte 0 or 1; {@code float} and {@code double} are IEEE 754 and, from
 * {@link #Qt_4_6}, both are written at the {@link #setFloatingPointPrecision floating point
 * precision} (double by default); a QString is a {@code quint32} byte count, or 0xFFFFFFFF for a
 * null string, followed by UTF-16 code units in the stream's byte order (Qt_1_0 writes Latin-1
 * as a QByteArray; before Qt_2_1 a null string is written as an empty one); a QByteArray is a
 * {@code quint32} length, or 0xFFFFFFFF for a null array from Qt_4_0 on, followed by the bytes.
 * From {@link #Qt_6_7}, a length of 0xFFFFFFFE or more is written as 0xFFFFFFFE followed by a
 * {@code qint64}.
 *
 * <h2>Status</h2>
 * <p>A failed read sets {@link #status()} to {@link Status#ReadPastEnd} (not enough data),
 * {@link Status#ReadCorruptData} (an odd byte count for a QString) or
 * {@link Status#SizeLimitExceeded} (a length larger than a Java array), and returns a zero or null
 * value. Only the first error is kept until {@link #resetStatus()}. As in Qt, once the status is
 * not {@code Ok}, writes do nothing, and reads inside a transaction return zero/null without
 * touching the device; outside a transaction reads still consume data (Qt's behaviour) but the
 * status keeps the first error.
 *
 * <h2>Transactions</h2>
 * <p>For data arriving in pieces (a socket), read a record inside a transaction:
 * <pre>{@code
 * in.startTransaction();
 * String fortune = in.readString();
 * if (!in.commitTransaction())
 *     return;     // wait for more data; the bytes read so far are put back
 * }</pre>
 *
 * <p><b>Security.</b> A length read from the stream never drives an allocation larger than the
 * data that actually arrived: arrays and strings are read in bounded blocks, so a forged 2 GB
 * length followed by 10 bytes gives {@code ReadPastEnd}, not an {@link OutOfMemoryError}.
 *
 * <p><b>Differences from Qt.</b> Java has no operator overloading: {@code out << x} is
 * {@code out.writeInt32(x)} etc., and {@code in >> x} is {@code x = in.readInt32()}. Unsigned Qt
 * types are read into the next wider Java type ({@code quint32} into {@code long}); writing them
 * keeps the low bits, as the C++ conversion does. Not thread-safe.
 */
public class QDataStream {
    /** Version 1 (Qt 1.x). */
    public static final int Qt_1_0 = 1;
    /** Version 2 (Qt 2.0). */
    public static final int Qt_2_0 = 2;
    /** Version 3 (Qt 2.1, 2.2, 2.3). */
    public static final int Qt_2_1 = 3;
    /** Version 4 (Qt 3.0). */
    public static final int Qt_3_0 = 4;
    /** Version 5 (Qt 3.1, 3.2). */
    public static final int Qt_3_1 = 5;
    /** Version 6 (Qt 3.3). */
    public static final int Qt_3_3 = 6;
    /** Version 7 (Qt 4.0, Qt 4.1). */
    public static final int Qt_4_0 = 7;
    /** Same as Qt_4_0. */
    public static final int Qt_4_1 = Qt_4_0;
    /** Version 8 (Qt 4.2). */
    public static final int Qt_4_2 = 8;
    /** Version 9 (Qt 4.3). */
    public static final int Qt_4_3 = 9;
    /** Version 10 (Qt 4.4). */
    public static final int Qt_4_4 = 10;
    /** Version 11 (Qt 4.5). */
    public static final int Qt_4_5 = 11;
    /** Version 12 (Qt 4.6, Qt 4.7, Qt 4.8). */
    public static final int Qt_4_6 = 12;
    /** Same as Qt_4_6. */
    public static final int Qt_4_7 = Qt_4_6;
    /** Same as Qt_4_6. */
    public static final int Qt_4_8 = Qt_4_7;
    /** Same as Qt_4_6. */
    public static final int Qt_4_9 = Qt_4_8;
    /** Version 13 (Qt 5.0). */
    public static final int Qt_5_0 = 13;
    /** Version 14 (Qt 5.1). */
    public static final int Qt_5_1 = 14;
    /** Version 15 (Qt 5.2). */
    public static final int Qt_5_2 = 15;
    /** Same as Qt_5_2. */
    public static final int Qt_5_3 = Qt_5_2;
    /** Version 16 (Qt 5.4). */
    public static final int Qt_5_4 = 16;
    /** Same as Qt_5_4. */
    public static final int Qt_5_5 = Qt_5_4;
    /** Version 17 (Qt 5.6). */
    public static final int Qt_5_6 = 17;
    /** Same as Qt_5_6. */
    public static final int Qt_5_7 = Qt_5_6;
    /** Same as Qt_5_6. */
    public static final int Qt_5_8 = Qt_5_7;
    /** Same as Qt_5_6. */
    public static final int Qt_5_9 = Qt_5_8;
    /** Same as Qt_5_6. */
    public static final int Qt_5_10 = Qt_5_9;
    /** Same as Qt_5_6. */
    public static final int Qt_5_11 = Qt_5_10;
    /** Version 18 (Qt 5.12). */
    public static final int Qt_5_12 = 18;
    /** Version 19 (Qt 5.13). */
    public static final int Qt_5_13 = 19;
    /** Same as Qt_5_13. */
    public static final int Qt_5_14 = Qt_5_13;
    /** Same as Qt_5_13. */
    public static final int Qt_5_15 = Qt_5_14;
    /** Version 20 (Qt 6.0). */
    public static final int Qt_6_0 = 20;
    /** Same as Qt_6_0. */
    public static final int Qt_6_1 = Qt_6_0;
    /** Same as Qt_6_0. */
    public static final int Qt_6_2 = Qt_6_0;
    /** Same as Qt_6_0. */
    public static final int Qt_6_3 = Qt_6_0;
    /** Same as Qt_6_0. */
    public static final int Qt_6_4 = Qt_6_0;
    /** Same as Qt_6_0. */
    public static final int Qt_6_5 = Qt_6_0;
    /** Version 21 (Qt 6.6). */
    public static final int Qt_6_6 = 21;
    /** Version 22 (Qt 6.7): lengths of 0xFFFFFFFE and more use the extended size marker. */
    public static final int Qt_6_7 = 22;
    /** Same as Qt_6_7. */
    public static final int Qt_6_8 = Qt_6_7;
    /** The version used by default: Qt_6_8. */
    public static final int Qt_DefaultCompiledVersion = Qt_6_8;

    /** The byte order used for reading and writing. */
    public enum ByteOrder {
        /** Most significant byte first (the default). */
        BigEndian,
        /** Least significant byte first. */
        LittleEndian
    }

    /** The status of a data stream. */
    public enum Status {
        /** The data stream is operating normally. */
        Ok,
        /** The data stream has read past the end of the data in the underlying device. */
        ReadPastEnd,
        /** The data stream has read corrupt data. */
        ReadCorruptData,
        /** The data stream cannot write to the underlying device. */
        WriteFailed,
        /** The data stream cannot read or write data because its size is larger than supported. */
        SizeLimitExceeded
    }

    /** The precision of floating point numbers in the stream, from {@link #Qt_4_6} on. */
    public enum FloatingPointPrecision {
        /** All floating point numbers in the stream have 32-bit precision. */
        SinglePrecision,
        /** All floating point numbers in the stream have 64-bit precision (the default). */
        DoublePrecision
    }

    private static final long NULL_CODE = 0xFFFF_FFFFL;
    private static final long EXTENDED_SIZE = 0xFFFF_FFFEL;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The largest block read at once for a length-prefixed value. */
    private static final int STEP = 1 << 20;
    private static final System.Logger LOG = System.getLogger(QDataStream.class.getName());

    private QIODevice dev;
    private boolean ownDevice;
    private ByteOrder byteOrder = ByteOrder.BigEndian;
    private int version = Qt_DefaultCompiledVersion;
    private FloatingPointPrecision precision = FloatingPointPrecision.DoublePrecision;
    private Status status = Status.Ok;
    private int transactionDepth;
    private final byte[] scratch = new byte[8];

    /** Constructs a data stream that has no I/O device; see {@link #setDevice(QIODevice)}. */
    public QDataStream() {
    }

    /** Constructs a data stream that uses the I/O device {@code device} (which may be null). */
    public QDataStream(QIODevice device) {
        this.dev = device;
    }

    /**
     * Constructs a data stream that operates on the byte array {@code target} through an internal
     * {@link QBuffer} opened in {@code mode}. With no mode, the stream is read-only, like Qt's
     * {@code QDataStream(const QByteArray &)} (but reading {@code target} in place rather than a
     * copy). A write-only stream starts writing at the beginning of {@code target}, overwriting
     * it, as in Qt; add {@code Append} to write after its end.
     */
    public QDataStream(QByteArray target, QIODevice.OpenModeFlag... mode) {
        if (target == null) {
            throw new IllegalArgumentException("target: null (expected: a QByteArray)");
        }
        QBuffer buf = new QBuffer(target);
        buf.open(mode.length == 0 ? new QIODevice.OpenModeFlag[] {QIODevice.OpenModeFlag.ReadOnly} : mode);
        dev = buf;
        ownDevice = true;
    }

    /** Returns the I/O device currently set, or null if none is set. */
    public QIODevice device() {
        return dev;
    }

    /** Sets the I/O device to {@code device}, which can be null to unset the current one. */
    public void setDevice(QIODevice device) {
        if (ownDevice && dev != null) {
            dev.dispose();
            ownDevice = false;
        }
        dev = device;
    }

    /**
     * Returns true if the I/O device has reached the end position (end of the stream or file) or
     * if there is no I/O device set; otherwise returns false.
     */
    public boolean atEnd() {
        return dev == null || dev.atEnd();
    }

    /** Returns the status of the data stream. */
    public Status status() {
        return status;
    }

    /** Sets the status to {@code status}, unless it is already not {@code Ok}. */
    public void setStatus(Status status) {
        if (this.status == Status.Ok) {
            this.status = status;
        }
    }

    /** Resets the status to {@code Ok}. */
    public void resetStatus() {
        status = Status.Ok;
    }

    /** Returns the byte order: BigEndian (the default) or LittleEndian. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** Sets the serialization byte order to {@code order}. */
    public void setByteOrder(ByteOrder order) {
        if (order == null) {
            throw new IllegalArgumentException("order: null (expected: BigEndian or LittleEndian)");
        }
        byteOrder = order;
    }

    /** Returns the version number of the data serialization format. */
    public int version() {
        return version;
    }

    /** Sets the version number of the serialization format to {@code v}, one of the {@code Qt_x_y} constants. */
    public void setVersion(int v) {
        version = v;
    }

    /** Returns the floating point precision; DoublePrecision by default. */
    public FloatingPointPrecision floatingPointPrecision() {
        return precision;
    }

    /**
     * Sets the floating point precision. From {@link #Qt_4_6} on, every float and double is
     * written and read at this precision; before, each type has its own size.
     */
    public void setFloatingPointPrecision(FloatingPointPrecision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision: null (expected: SinglePrecision or DoublePrecision)");
        }
        this.precision = precision;
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Starts a read transaction on the stream: a restorable point in the sequence of reads. Nested
     * calls make the transaction recursive; the outermost one starts a transaction on the device
     * and resets the status.
     */
    public void startTransaction() {
        if (dev == null) {
            LOG.log(System.Logger.Level.WARNING, "QDataStream: No device");
            return;
        }
        if (++transactionDepth == 1) {
            dev.startTransaction();
            resetStatus();
        }
    }

    /**
     * Completes a read transaction. Returns true if no read errors occurred during the
     * transaction; otherwise returns false. For the outermost transaction, if the status is
     * ReadPastEnd the device is rolled back to the start of the transaction (wait for more data
     * and try again); otherwise the data read is consumed.
     */
    public boolean commitTransaction() {
        if (transactionDepth == 0) {
            LOG.log(System.Logger.Level.WARNING, "QDataStream: No transaction in progress");
            return false;
        }
        if (--transactionDepth == 0) {
            if (dev == null) {
                return false;
            }
            if (status == Status.ReadPastEnd) {
                dev.rollbackTransaction();
                return false;
            }
            dev.commitTransaction();
        }
        return status == Status.Ok;
    }

    /**
     * Reverts a read transaction: sets the status to ReadPastEnd (unless an error is already set)
     * and, for the outermost transaction, restores the device to the transaction's start (or, if
     * corrupt data was read, discards the transaction).
     */
    public void rollbackTransaction() {
        setStatus(Status.ReadPastEnd);
        if (transactionDepth == 0) {
            LOG.log(System.Logger.Level.WARNING, "QDataStream: No transaction in progress");
            return;
        }
        if (--transactionDepth != 0 || dev == null) {
            return;
        }
        if (status == Status.ReadPastEnd) {
            dev.rollbackTransaction();
        } else {
            dev.commitTransaction();
        }
    }

    /**
     * Aborts a read transaction, after a protocol error: sets the status to ReadCorruptData and,
     * for the outermost transaction, discards the restoration point without moving the read
     * position.
     */
    public void abortTransaction() {
        status = Status.ReadCorruptData;
        if (transactionDepth == 0) {
            LOG.log(System.Logger.Level.WARNING, "QDataStream: No transaction in progress");
            return;
        }
        if (--transactionDepth != 0 || dev == null) {
            return;
        }
        dev.commitTransaction();
    }

    // ------------------------------------------------------------------ reading

    private int readBlock(byte[] dst, int off, int len) {
        if (status != Status.Ok && dev.isTransactionStarted()) {
            return -1;
        }
        int n = dev.read(dst, off, len);
        if (n != len) {
            setStatus(Status.ReadPastEnd);
        }
        return n;
    }

    private boolean readScratch(int len) {
        return dev != null && readBlock(scratch, 0, len) == len;
    }

    private long decode(int len) {
        long v = 0;
        if (byteOrder == ByteOrder.BigEndian) {
            for (int i = 0; i < len; i++) {
                v = (v << 8) | (scratch[i] & 0xff);
            }
        } else {
            for (int i = len - 1; i >= 0; i--) {
                v = (v << 8) | (scratch[i] & 0xff);
            }
        }
        return v;
    }

    /** Reads a signed byte ({@code qint8}); 0 on failure. */
    public byte readInt8() {
        return readScratch(1) ? scratch[0] : 0;
    }

    /** Reads an unsigned byte ({@code quint8}) as 0..255; 0 on failure. */
    public int readUInt8() {
        return readInt8() & 0xff;
    }

    /** Reads a boolean (one byte, true unless 0); false on failure. */
    public boolean readBoolean() {
        return readInt8() != 0;
    }

    /** Reads a signed 16-bit integer ({@code qint16}); 0 on failure. */
    public short readInt16() {
        return readScratch(2) ? (short) decode(2) : 0;
    }

    /** Reads an unsigned 16-bit integer ({@code quint16}) as 0..65535; 0 on failure. */
    public int readUInt16() {
        return readInt16() & 0xffff;
    }

    /** Reads a 16-bit character (a QChar or {@code char16_t}); 0 on failure. */
    public char readQChar() {
        return (char) readInt16();
    }

    /** Reads a signed 32-bit integer ({@code qint32}); 0 on failure. */
    public int readInt32() {
        return readScratch(4) ? (int) decode(4) : 0;
    }

    /** Reads an unsigned 32-bit integer ({@code quint32}) as 0..4294967295; 0 on failure. */
    public long readUInt32() {
        return readInt32() & 0xFFFF_FFFFL;
    }

    /**
     * Reads a signed 64-bit integer ({@code qint64}); 0 on failure. Before {@link #Qt_3_3} the
     * value is two {@code quint32}s; Qt reads the second one as the high half (the reverse of
     * how it writes them), and so does this port, to stay byte-compatible.
     */
    public long readInt64() {
        if (dev == null) {
            return 0;
        }
        if (version < 6) {
            long i2 = readUInt32();
            long i1 = readUInt32();
            return (i1 << 32) + i2;
        }
        return readScratch(8) ? decode(8) : 0;
    }

    /** Reads an unsigned 64-bit integer ({@code quint64}) into a long with the same bits. */
    public long readUInt64() {
        return readInt64();
    }

    /**
     * Reads a float: from {@link #Qt_4_6} at the floating point precision (a double by default,
     * narrowed), before as 4 bytes. 0 on failure.
     */
    public float readFloat() {
        if (version >= Qt_4_6 && precision == FloatingPointPrecision.DoublePrecision) {
            return (float) readDouble();
        }
        return readScratch(4) ? Float.intBitsToFloat((int) decode(4)) : 0f;
    }

    /**
     * Reads a double: from {@link #Qt_4_6} at the floating point precision, before as 8 bytes.
     * 0 on failure.
     */
    public double readDouble() {
        if (version >= Qt_4_6 && precision == FloatingPointPrecision.SinglePrecision) {
            return readFloat();
        }
        return readScratch(8) ? Double.longBitsToDouble(decode(8)) : 0.0;
    }

    /** Reads a length: -1 for the null marker, the extended 64-bit size from Qt_6_7 on. */
    private long readQSizeType() {
        long first = readUInt32();
        if (first == NULL_CODE) {
            return -1;
        }
        if (first < EXTENDED_SIZE || version < Qt_6_7) {
            return first;
        }
        return readInt64();
    }

    /**
     * Reads {@code len} bytes into a new array in blocks no larger than what the device has,
     * or returns null (status ReadPastEnd) if they do not all arrive.
     */
    private QByteArray readBlocks(int len) {
        QByteArray ba = new QByteArray(new byte[0]);
        int allocated = 0;
        do {
            long avail = Math.max(dev.bytesAvailable(), 0);
            int block = (int) Math.min(Math.min(len - allocated, STEP), Math.max(avail, 4096));
            byte[] storage = ba.storageForWrite(allocated + block);
            if (readBlock(storage, allocated, block) != block) {
                setStatus(Status.ReadPastEnd);
                return null;
            }
            allocated += block;
            ba.setSizeUnchecked(allocated);
        } while (allocated < len);
        return ba;
    }

    /**
     * Reads a QByteArray: a {@code quint32} length (0xFFFFFFFF: a null array) and the bytes.
     * Returns a null array on failure.
     */
    public QByteArray readByteArray() {
        if (dev == null) {
            return new QByteArray();
        }
        long size = readQSizeType();
        if (size < -1 || size > MAX_ARRAY) {
            setStatus(Status.SizeLimitExceeded);
            return new QByteArray();
        }
        if (size == -1) {
            return new QByteArray();
        }
        QByteArray ba = readBlocks((int) size);
        return ba == null ? new QByteArray() : ba;
    }

    /**
     * Reads a QString: a {@code quint32} byte count (0xFFFFFFFF: null) and UTF-16 code units in
     * the stream's byte order (Latin-1 bytes for {@link #Qt_1_0}). Returns null for a null string
     * and on failure; an odd byte count sets ReadCorruptData.
     */
    public String readString() {
        if (dev == null) {
            return null;
        }
        if (version == 1) {
            QByteArray l = readByteArray();
            return l.isNull() ? null : new String(l.toByteArray(), StandardCharsets.ISO_8859_1);
        }
        long bytes = readQSizeType();
        if (bytes < -1 || bytes / 2 > MAX_ARRAY) {
            setStatus(Status.SizeLimitExceeded);
            return null;
        }
        if (bytes == -1) {
            return null;
        }
        if (bytes == 0) {
            return "";
        }
        if ((bytes & 1) != 0) {
            setStatus(Status.ReadCorruptData);
            return null;
        }
        long len = bytes / 2;
        StringBuilder sb = new StringBuilder((int) Math.min(len, 4096));
        byte[] block = new byte[(int) Math.min(bytes, 8192)];
        boolean big = byteOrder == ByteOrder.BigEndian;
        long done = 0;
        while (done < bytes) {
            long avail = Math.max(dev.bytesAvailable(), 0);
            int want = (int) Math.min(Math.min(bytes - done, STEP), Math.max(avail, 4096)) & ~1;
            if (want > block.length) {
                block = new byte[want];
            }
            if (readBlock(block, 0, want) != want) {
                setStatus(Status.ReadPastEnd);
                return null;
            }
            for (int i = 0; i < want; i += 2) {
                int hi = big ? block[i] : block[i + 1];
                int lo = big ? block[i + 1] : block[i];
                sb.append((char) (((hi & 0xff) << 8) | (lo & 0xff)));
            }
            done += want;
        }
        return sb.toString();
    }

    /**
     * Reads a length-prefixed block written by {@link #writeBytes(byte[], int, int)}. Returns an
     * empty array for length 0, and null on failure (a null marker sets SizeLimitExceeded, as
     * in Qt).
     */
    public byte[] readBytes() {
        if (dev == null) {
            return null;
        }
        long size = readQSizeType();
        if (size == 0) {
            return new byte[0];
        }
        if (size < 0 || size > MAX_ARRAY) {
            setStatus(Status.SizeLimitExceeded);
            return null;
        }
        QByteArray ba = readBlocks((int) size);
        return ba == null ? null : ba.toByteArray();
    }

    /**
     * Reads at most {@code len} bytes into {@code dst} at {@code off}, undecoded, and returns the
     * number read, or -1 on error. Sets ReadPastEnd if fewer than {@code len} bytes were read.
     */
    public int readRawData(byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (dev == null) {
            return -1;
        }
        return readBlock(dst, off, len);
    }

    /**
     * Skips {@code len} bytes of the device and returns the number skipped, or -1 on error. Sets
     * ReadPastEnd if fewer were skipped.
     */
    public long skipRawData(long len) {
        if (dev == null) {
            return -1;
        }
        if (status != Status.Ok && dev.isTransactionStarted()) {
            return -1;
        }
        long n = dev.skip(len);
        if (n != len) {
            setStatus(Status.ReadPastEnd);
        }
        return n;
    }

    // ------------------------------------------------------------------ writing

    private boolean canWrite() {
        return dev != null && status == Status.Ok;
    }

    private void encode(long v, int len) {
        if (byteOrder == ByteOrder.BigEndian) {
            for (int i = len - 1; i >= 0; i--) {
                scratch[i] = (byte) v;
                v >>>= 8;
            }
        } else {
            for (int i = 0; i < len; i++) {
                scratch[i] = (byte) v;
                v >>>= 8;
            }
        }
    }

    private QDataStream writeScalar(long v, int len) {
        if (canWrite()) {
            encode(v, len);
            if (dev.write(scratch, 0, len) != len) {
                status = Status.WriteFailed;
            }
        }
        return this;
    }

    /** Writes a signed byte ({@code qint8}) and returns this stream. */
    public QDataStream writeInt8(byte v) {
        if (canWrite() && !dev.putChar(v)) {
            status = Status.WriteFailed;
        }
        return this;
    }

    /** Writes the low 8 bits of {@code v} as a {@code quint8} and returns this stream. */
    public QDataStream writeUInt8(int v) {
        return writeInt8((byte) v);
    }

    /** Writes a boolean as one byte, 1 or 0, and returns this stream. */
    public QDataStream writeBoolean(boolean v) {
        return writeInt8((byte) (v ? 1 : 0));
    }

    /** Writes a signed 16-bit integer ({@code qint16}) and returns this stream. */
    public QDataStream writeInt16(short v) {
        return writeScalar(v, 2);
    }

    /** Writes the low 16 bits of {@code v} as a {@code quint16} and returns this stream. */
    public QDataStream writeUInt16(int v) {
        return writeScalar(v, 2);
    }

    /** Writes a 16-bit character (a QChar or {@code char16_t}) and returns this stream. */
    public QDataStream writeQChar(char c) {
        return writeScalar(c, 2);
    }

    /** Writes a signed 32-bit integer ({@code qint32}) and returns this stream. */
    public QDataStream writeInt32(int v) {
        return writeScalar(v, 4);
    }

    /** Writes the low 32 bits of {@code v} as a {@code quint32} and returns this stream. */
    public QDataStream writeUInt32(long v) {
        return writeScalar(v, 4);
    }

    /**
     * Writes a signed 64-bit integer ({@code qint64}) and returns this stream. Before
     * {@link #Qt_3_3} it is written as two {@code quint32}s, high half first.
     */
    public QDataStream writeInt64(long v) {
        if (!canWrite()) {
            return this;
        }
        if (version < 6) {
            writeUInt32(v >>> 32);
            return writeUInt32(v);
        }
        return writeScalar(v, 8);
    }

    /** Writes the bits of {@code v} as a {@code quint64} and returns this stream. */
    public QDataStream writeUInt64(long v) {
        return writeInt64(v);
    }

    /**
     * Writes a float and returns this stream: from {@link #Qt_4_6}, at the floating point precision
     * (widened to a double by default); before, as 4 bytes.
     */
    public QDataStream writeFloat(float v) {
        if (version >= Qt_4_6 && precision == FloatingPointPrecision.DoublePrecision) {
            return writeDouble(v);
        }
        return writeScalar(Float.floatToRawIntBits(v), 4);
    }

    /**
     * Writes a double and returns this stream: from {@link #Qt_4_6}, at the floating point
     * precision (narrowed to a float for SinglePrecision); before, as 8 bytes.
     */
    public QDataStream writeDouble(double v) {
        if (version >= Qt_4_6 && precision == FloatingPointPrecision.SinglePrecision) {
            return writeFloat((float) v);
        }
        return writeScalar(Double.doubleToRawLongBits(v), 8);
    }

    /** Writes a length, with the extended marker from Qt_6_7; returns false if it cannot be written. */
    private boolean writeQSizeType(long value) {
        if (value < EXTENDED_SIZE) {
            writeUInt32(value);
        } else if (version >= Qt_6_7) {
            writeUInt32(EXTENDED_SIZE);
            writeInt64(value);
        } else if (value == EXTENDED_SIZE) {
            writeUInt32(EXTENDED_SIZE);
        } else {
            setStatus(Status.SizeLimitExceeded);
            return false;
        }
        return true;
    }

    /**
     * Writes the length {@code len} and then {@code len} bytes of {@code src} from {@code off},
     * undecoded, and returns this stream.
     */
    public QDataStream writeBytes(byte[] src, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        if (canWrite() && writeQSizeType(len) && len > 0) {
            writeRawData(src, off, len);
        }
        return this;
    }

    /**
     * Writes {@code len} bytes of {@code src} from {@code off}, undecoded, and returns the number
     * written, or -1 on error.
     */
    public int writeRawData(byte[] src, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        if (!canWrite()) {
            return -1;
        }
        long n = dev.write(src, off, len);
        if (n != len) {
            status = Status.WriteFailed;
        }
        return (int) n;
    }

    /**
     * Writes a QByteArray: its length (0xFFFFFFFF for a null array from Qt_4_0 on) and its bytes.
     * Returns this stream.
     */
    public QDataStream writeByteArray(QByteArray b) {
        if (b == null) {
            throw new IllegalArgumentException("b: null (expected: a QByteArray; use new QByteArray() for a null one)");
        }
        if (b.isNull() && version > 6) {
            return writeUInt32(NULL_CODE);
        }
        byte[] s = b.storage();
        return writeBytes(s == null ? new byte[0] : s, 0, b.size());
    }

    /**
     * Writes a QString: its UTF-16 byte count (0xFFFFFFFF for null, i.e. a Java {@code null})
     * and its UTF-16 code units in the stream's byte order. Returns this stream.
     */
    public QDataStream writeString(String s) {
        if (version == 1) {
            return writeByteArray(s == null ? new QByteArray() : new QByteArray(s.getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (s == null && version >= 3) {
            return writeUInt32(NULL_CODE);
        }
        if (!canWrite()) {
            return this;
        }
        int n = s == null ? 0 : s.length();
        if (!writeQSizeType(2L * n) || n == 0) {
            return this;
        }
        boolean big = byteOrder == ByteOrder.BigEndian;
        byte[] block = new byte[Math.min(2 * n, 8192)];
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, block.length / 2);
            for (int j = 0; j < k; j++) {
                char c = s.charAt(i + j);
                block[2 * j] = (byte) (big ? c >> 8 : c);
                block[2 * j + 1] = (byte) (big ? c : c >> 8);
            }
            if (writeRawData(block, 0, 2 * k) != 2 * k) {
                break;
            }
            i += k;
        }
        return this;
    }
}
