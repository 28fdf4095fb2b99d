package io.qtj.core;

import io.qtj.core.internal.IODeviceStreams;
import io.qtj.core.internal.RingBuffer;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The QIODevice class is the base interface class of all I/O devices.
 *
 * <p>A device is opened with {@link #open(OpenModeFlag...)}, read with {@link #read(long)},
 * {@link #readLine()}, {@link #readAll()}, {@link #peek(long)} or {@link #getChar(byte[])},
 * written with {@link #write(QByteArray)} or {@link #putChar(byte)}, and closed with
 * {@link #close()}, which emits {@link #aboutToClose} first. There are two kinds of devices:
 * <em>random-access</em> devices ({@link QBuffer}) have a position ({@link #pos()},
 * {@link #seek(long)}) and a {@link #size()}; <em>sequential</em> devices (sockets) have neither,
 * and deliver data as it arrives: {@link #readyRead} is emitted when new data can be read, and
 * {@link #bytesWritten} when a payload of data has been written to the device.
 *
 * <p><b>Transactions.</b> {@link #startTransaction()} marks a point in the read stream;
 * {@link #rollbackTransaction()} returns to it and {@link #commitTransaction()} forgets it. On a
 * sequential device the bytes read inside a transaction are kept in an internal buffer so that a
 * rollback can give them back; {@link QDataStream} relies on this to read records that arrive in
 * pieces.
 *
 * <h2>Subclassing</h2>
 * <p>A subclass implements {@link #readData(byte[], int, int)} and
 * {@link #writeData(byte[], int, int)}, calls {@link #setOpenMode(OpenModeFlag...)} (or the
 * inherited {@link #open(OpenModeFlag...)}) when it opens, and overrides
 * {@link #isSequential()} if it is sequential. The rules:
 * <ul>
 * <li><b>Random-access devices</b> read and write at {@link #pos()}: QIODevice keeps the position,
 * advances it after each transfer and calls {@code readData} / {@code writeData} only when its
 * own buffer is empty, so that {@code pos()} at the time of the call is the position of the
 * transfer. Such a subclass overrides {@link #size()}, and may override {@link #seek(long)} (to
 * validate or move its own cursor) as long as it calls {@code super.seek(pos)}.
 * <li><b>Sequential devices</b> usually keep their own buffer of received bytes (a socket keeps
 * what the network delivered). Their {@code readData} drains that buffer and returns 0 when it is
 * empty (more may come later) or -1 when the stream has ended or failed. They override
 * {@link #bytesAvailable()} as <i>own buffer size</i> {@code + super.bytesAvailable()} and
 * {@link #canReadLine()} as <i>own buffer has a newline</i> {@code || super.canReadLine()},
 * because QIODevice may hold bytes of its own: bytes taken out by {@link #peek(long)},
 * {@link #ungetChar(byte)}, {@link #readLine()} or during a transaction. Outside those cases a
 * {@link #read(byte[], int, int)} goes straight to {@code readData}, so the common path costs one
 * copy. They may override {@link #readLineData(byte[], int, int)} to find the newline in their
 * own buffer instead of pulling data through QIODevice's. They emit {@link #readyRead} through
 * {@link #emitReadyRead()}, which refuses to recurse, and {@link #bytesWritten} and
 * {@link #readChannelFinished} directly. Blocking subclasses override
 * {@link #waitForReadyRead(int)} and {@link #waitForBytesWritten(int)}.
 * </ul>
 *
 * <p><b>Text mode.</b> A device opened with {@link OpenModeFlag#Text} (or switched with
 * {@link #setTextModeEnabled(boolean)}) translates line ends when reading, as Qt does: every
 * {@code '\r'} byte is dropped from what {@link #read(long)}, {@link #read(byte[], int, int)},
 * {@link #readAll()}, {@link #readLine()}, {@link #peek(long)}, {@link #getChar(byte[])},
 * {@link #skip(long)} and {@link #inputStream()} deliver, so that {@code "\r\n"} arrives as
 * {@code "\n"} (a lone {@code '\r'} is dropped too). Sizes given to and returned by these
 * functions count the bytes delivered; a read keeps going past dropped bytes until it has the
 * number asked for or the data runs out, and does not consume a {@code '\r'} that follows the
 * last byte it delivers. The position, {@link #size()}, {@link #bytesAvailable()},
 * {@link #atEnd()} and {@link #canReadLine()} count the bytes of the device, {@code '\r'}
 * included. Writing is never translated: Qt turns {@code '\n'} into {@code "\r\n"} only on
 * Windows, and this port behaves as Qt does on Unix on every platform. Outside Text mode the
 * translation costs a read one flag test.
 *
 * <p><b>Differences from Qt.</b> An open mode is an {@link EnumSet}; {@code ReadWrite} in a set is
 * expanded to {@code ReadOnly} and {@code WriteOnly} (and {@link #openMode()} reports all three for
 * a read-write device). QIODevice does not read ahead (Qt's buffered mode). In Text mode
 * {@link #readLine()} drops every {@code '\r'}, as Qt does on an unbuffered device such as
 * {@link QBuffer}; Qt's readLine on a buffered device (a QFile, or a socket, whose data sits in
 * QIODevice's read buffer) only turns the {@code "\r\n"} that ends a line into {@code "\n"} and
 * keeps any other {@code '\r'}. {@link #inputStream()} and {@link #outputStream()} are Java
 * additions. Misuse that Qt reports with a warning (reading a device that is not open, seeking a
 * sequential device) is logged with Qt's wording through {@link System.Logger} and reported by the
 * return value, as in Qt.
 *
 * <p>Not thread-safe: a device belongs to the thread that owns it ({@code thread()}).
 */
public abstract class QIODevice extends QObject {

    /** The modes in which a device can be opened, as Qt's {@code QIODeviceBase::OpenModeFlag}. */
    public enum OpenModeFlag {
        /** The device is not open. */
        NotOpen,
        /** The device is open for reading. */
        ReadOnly,
        /** The device is open for writing. */
        WriteOnly,
        /** The device is open for reading and writing: {@code ReadOnly} and {@code WriteOnly}. */
        ReadWrite,
        /** The device is opened in append mode: data is written to the end. */
        Append,
        /** If possible, the device is truncated before it is opened. */
        Truncate,
        /**
         * When reading, end-of-line terminators are translated to {@code '\n'}: every
         * {@code '\r'} is dropped (see "Text mode" in the class documentation). Writing is not
         * translated (Qt translates {@code '\n'} to {@code "\r\n"} only on Windows).
         */
        Text,
        /**
         * Any buffer in the device is bypassed. A TCP socket opened so reads and writes straight
         * through its connection (see QAbstractSocket's "Unbuffered sockets"); a QBuffer always
         * opens with it, as Qt's.
         */
        Unbuffered,
        /** Fail if the file to be opened already exists (for file devices). */
        NewOnly,
        /** Fail if the file to be opened does not exist (for file devices). */
        ExistingOnly
    }

    private static final System.Logger LOG = System.getLogger(QIODevice.class.getName());
    private static final int PULL_CHUNK = 16 * 1024;

    /** This signal is emitted once every time new data is available for reading from the device. */
    public final Signal0 readyRead = new Signal0(this);
    /** This signal is emitted every time a payload of data has been written; the argument is its size. */
    public final Signal1<Long> bytesWritten = new Signal1<>(this);
    /** This signal is emitted when the device is about to close, by {@link #close()}. */
    public final Signal0 aboutToClose = new Signal0(this);
    /** This signal is emitted when the input (reading) stream is closed in this device. */
    public final Signal0 readChannelFinished = new Signal0(this);

    /**
     * The normalised open mode; empty when not open. Interned and never mutated (only replaced),
     * so that thousands of devices share a handful of sets.
     */
    private EnumSet<OpenModeFlag> mode = NOT_OPEN_MODE;
    private static final EnumSet<OpenModeFlag> NOT_OPEN_MODE = EnumSet.noneOf(OpenModeFlag.class);
    /** The interned sets, indexed by the bit mask of their flags' ordinals; filled on first use. */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<EnumSet<OpenModeFlag>> MODES =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(1 << OpenModeFlag.values().length);
    /** The position of a random-access device (0 for sequential ones). */
    private long pos;
    /**
     * Bytes QIODevice holds: ungotten, peeked, pulled for readLine, or read during a transaction.
     * For a random-access device they lie at {@code [pos, pos + size)}.
     */
    private final RingBuffer buffer = new RingBuffer(4096);
    private boolean transactionStarted;
    /** Sequential: read offset inside {@link #buffer}; random-access: the position to return to. */
    private long transactionPos;
    private String errorString;
    private boolean emittingReadyRead;
    /** A one-byte array for getChar/putChar, made on first use, so that single-byte I/O does not allocate. */
    private byte[] oneByte;

    /**
     * True in Text mode. A test of the interned mode set rather than a field of its own: one
     * more field would grow every socket past the idle-memory budget (see docs/performance.md).
     */
    private boolean textMode() {
        return mode.contains(OpenModeFlag.Text);
    }

    private static EnumSet<OpenModeFlag> intern(EnumSet<OpenModeFlag> m) {
        if (m.isEmpty()) {
            return NOT_OPEN_MODE;
        }
        int bits = 0;
        for (OpenModeFlag f : m) {
            bits |= 1 << f.ordinal();
        }
        EnumSet<OpenModeFlag> known = MODES.get(bits);
        if (known != null) {
            return known;
        }
        return MODES.compareAndSet(bits, null, m) ? m : MODES.get(bits);
    }

    private byte[] oneByte() {
        if (oneByte == null) {
            oneByte = new byte[1];
        }
        return oneByte;
    }

    /** Constructs a device that is not open. */
    protected QIODevice() {
        this(null);
    }

    /** Constructs a device that is not open, with the given parent. */
    protected QIODevice(QObject parent) {
        super(parent);
    }

    // ------------------------------------------------------------------ open / close

    /**
     * Opens the device in {@code mode} and returns true on success; otherwise returns false.
     * This implementation sets the open mode, resets the position (to {@link #size()} for an
     * {@code Append} device) and always succeeds. Subclasses that must do work to open override
     * this and call {@code super.open(mode)} or {@link #setOpenMode(OpenModeFlag...)}.
     * {@code Append}, {@code Truncate} and {@code NewOnly} imply {@code WriteOnly}.
     */
    public boolean open(OpenModeFlag... mode) {
        EnumSet<OpenModeFlag> m = intern(normalise(mode));
        this.mode = m;
        pos = 0;
        buffer.clear();
        transactionStarted = false;
        transactionPos = 0;
        if (m.contains(OpenModeFlag.Append) && !isSequential()) {
            pos = Math.max(size(), 0);
        }
        return true;
    }

    /** Same as {@link #open(OpenModeFlag...)} with the flags of {@code mode}. */
    public final boolean open(Collection<OpenModeFlag> mode) {
        return open(Objects.requireNonNull(mode, "mode").toArray(new OpenModeFlag[0]));
    }

    /**
     * Emits {@link #aboutToClose}, then closes the device and sets its open mode to NotOpen. The
     * position, QIODevice's buffer and the error string are reset, as Qt's ({@link #errorString()}
     * reads "Unknown error" again). Does nothing if the device is not open.
     */
    public void close() {
        if (mode.isEmpty()) {
            return;
        }
        aboutToClose.emit();
        mode = NOT_OPEN_MODE;
        errorString = null;
        pos = 0;
        transactionStarted = false;
        transactionPos = 0;
        buffer.clear();
    }

    /** Returns true if the device is open; otherwise returns false. */
    public boolean isOpen() {
        return !mode.isEmpty();
    }

    /** Returns true if data can be read from the device (it is open with ReadOnly); otherwise returns false. */
    public boolean isReadable() {
        return mode.contains(OpenModeFlag.ReadOnly);
    }

    /** Returns true if data can be written to the device (it is open with WriteOnly); otherwise returns false. */
    public boolean isWritable() {
        return mode.contains(OpenModeFlag.WriteOnly);
    }

    /**
     * Returns true if the {@link OpenModeFlag#Text Text} flag is set: reads translate line ends
     * (see "Text mode" in the class documentation); otherwise returns false.
     */
    public boolean isTextModeEnabled() {
        return textMode();
    }

    /**
     * Sets the {@link OpenModeFlag#Text Text} flag on an open device if {@code enabled} is true,
     * and removes it otherwise; the next read follows the new mode (bytes QIODevice already holds
     * are kept as they came from the device, so nothing read before is lost or translated twice).
     * Qt offers it to classes that do their own end-of-line handling on a device. On a device
     * that is not open it does nothing but log Qt's warning.
     */
    public void setTextModeEnabled(boolean enabled) {
        if (!isOpen()) {
            warn("setTextModeEnabled", "The device is not open");
            return;
        }
        if (enabled == textMode()) {
            return;
        }
        EnumSet<OpenModeFlag> m = EnumSet.copyOf(mode);
        if (enabled) {
            m.add(OpenModeFlag.Text);
        } else {
            m.remove(OpenModeFlag.Text);
        }
        mode = intern(m);
    }

    /** Returns a copy of the mode in which the device was opened; {@code {NotOpen}} when it is not open. */
    public EnumSet<OpenModeFlag> openMode() {
        return mode.isEmpty() ? EnumSet.of(OpenModeFlag.NotOpen) : EnumSet.copyOf(mode);
    }

    /** Sets the open mode without any other effect; for subclasses that open themselves. */
    protected void setOpenMode(OpenModeFlag... openMode) {
        mode = intern(normalise(openMode));
    }

    /** Sets the open mode to the flags of {@code openMode}; see {@link #setOpenMode(OpenModeFlag...)}. */
    protected void setOpenMode(Collection<OpenModeFlag> openMode) {
        setOpenMode(openMode.toArray(new OpenModeFlag[0]));
    }

    private static EnumSet<OpenModeFlag> normalise(OpenModeFlag... flags) {
        EnumSet<OpenModeFlag> m = EnumSet.noneOf(OpenModeFlag.class);
        if (flags != null) {
            for (OpenModeFlag f : flags) {
                m.add(Objects.requireNonNull(f, "open mode flag"));
            }
        }
        m.remove(OpenModeFlag.NotOpen);
        if (m.contains(OpenModeFlag.Append) || m.contains(OpenModeFlag.Truncate) || m.contains(OpenModeFlag.NewOnly)) {
            m.add(OpenModeFlag.WriteOnly);
        }
        if (m.contains(OpenModeFlag.ReadWrite)) {
            m.add(OpenModeFlag.ReadOnly);
            m.add(OpenModeFlag.WriteOnly);
        }
        if (m.contains(OpenModeFlag.ReadOnly) && m.contains(OpenModeFlag.WriteOnly)) {
            m.add(OpenModeFlag.ReadWrite);
        }
        return m;
    }

    // ------------------------------------------------------------------ state queries

    /**
     * Returns true if this device is sequential; otherwise returns false (the default).
     * Sequential devices have no position and no size; sockets are sequential.
     */
    public boolean isSequential() {
        return false;
    }

    /**
     * Returns the position that data is written to or read from, for a random-access device;
     * sequential devices have no position and return 0.
     */
    public long pos() {
        return isSequential() ? 0 : pos;
    }

    /**
     * Sets the position to {@code pos} and returns true on success; otherwise returns false. Fails
     * on a sequential device, on a device that is not open and for a negative position.
     * Subclasses that override this must call {@code super.seek(pos)}.
     */
    public boolean seek(long pos) {
        if (isSequential()) {
            warn("seek", "Cannot call seek on a sequential device");
            return false;
        }
        if (!isOpen()) {
            warn("seek", "The device is not open");
            return false;
        }
        if (pos < 0) {
            warn("seek", "Invalid pos: " + pos);
            return false;
        }
        this.pos = pos;
        buffer.clear();
        return true;
    }

    /** Seeks to the start of a random-access device; returns true on success, false otherwise. */
    public boolean reset() {
        return seek(0);
    }

    /**
     * Returns the size of a random-access device (0 in this implementation, to be overridden), or
     * {@link #bytesAvailable()} for a sequential one.
     */
    public long size() {
        return isSequential() ? bytesAvailable() : 0;
    }

    /**
     * Returns the number of bytes that can be read without waiting. This implementation returns
     * the bytes QIODevice itself holds for a sequential device, and {@code size() - pos()} for a
     * random-access one; sequential subclasses add their own buffer to {@code super.bytesAvailable()}.
     */
    public long bytesAvailable() {
        if (isSequential()) {
            return buffer.size() - transactionPos;
        }
        return Math.max(size() - pos, buffer.size());
    }

    /** Returns the number of bytes waiting to be written; 0 for unbuffered devices (the default). */
    public long bytesToWrite() {
        return 0;
    }

    /**
     * Returns true if there is no more data to read now: the device is not open, or nothing is
     * available; otherwise returns false.
     */
    public boolean atEnd() {
        return !isOpen() || bytesAvailable() <= 0;
    }

    /**
     * Returns true if a complete line can be read without waiting; otherwise returns false. This
     * implementation looks only in QIODevice's own buffer; subclasses also look in theirs and
     * return {@code ... || super.canReadLine()}.
     */
    public boolean canReadLine() {
        long from = isSequential() ? transactionPos : 0;
        return buffer.indexOf((byte) '\n', buffer.size(), from) >= 0;
    }

    /** Returns a human-readable description of the last error; "Unknown error" if none was set. */
    public String errorString() {
        return errorString == null ? "Unknown error" : errorString;
    }

    /** Sets the description returned by {@link #errorString()}. */
    protected void setErrorString(String errorString) {
        this.errorString = errorString;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads at most {@code len} bytes into {@code dst} at {@code off} and returns the number read,
     * 0 if none are available now, or -1 on error (not readable, or the end of a sequential
     * stream). In Text mode every {@code '\r'} is dropped and the count is of the bytes stored;
     * the read goes on past dropped bytes until {@code len} bytes are stored or the data runs out
     * (so 0 may be returned after consuming only {@code '\r'} bytes).
     */
    public int read(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (!checkReadable("read")) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        return readInternal(dst, off, len);
    }

    /**
     * Reads at most {@code maxSize} bytes; returns them (an empty array on error or at the end).
     * In Text mode every {@code '\r'} is dropped and {@code maxSize} counts the bytes returned.
     */
    public QByteArray read(long maxSize) {
        QByteArray result = new QByteArray(new byte[0]);
        if (maxSize < 0) {
            warn("read", "Called with maxSize < 0");
            return result;
        }
        if (!checkReadable("read")) {
            return result;
        }
        readInto(result, maxSize);
        return result;
    }

    /**
     * Reads every remaining byte of the device (what is available now, for a sequential one). In
     * Text mode the result has every {@code '\r'} dropped.
     */
    public QByteArray readAll() {
        QByteArray result = new QByteArray(new byte[0]);
        if (!checkReadable("readAll")) {
            return result;
        }
        readInto(result, Integer.MAX_VALUE - 8);
        return result;
    }

    /** Reads into {@code out} until {@code maxSize}, allocating no more than what is available. */
    private void readInto(QByteArray out, long maxSize) {
        long total = 0;
        while (total < maxSize) {
            long avail = bytesAvailable();
            if (avail <= 0 && total > 0 && isSequential()) {
                return;   // took what had arrived: do not grow the result for more that is not there
            }
            // what is known to be there, or a chunk when the device cannot tell
            int want = (int) Math.min(maxSize - total, avail > 0 ? Math.min(avail, Integer.MAX_VALUE - 8) : PULL_CHUNK);
            int at = out.size();
            if ((long) at + want > Integer.MAX_VALUE - 8) {
                want = Integer.MAX_VALUE - 8 - at;
                if (want <= 0) {
                    return;
                }
            }
            byte[] storage = out.storageForWrite(at + want);
            int n = readInternal(storage, at, want);
            if (n <= 0) {
                return;
            }
            out.setSizeUnchecked(at + n);
            total += n;
            if (n < want && isSequential()) {
                return;
            }
        }
    }

    /** Reads through the buffer and readData, translating in Text mode; the device is readable. */
    private int readInternal(byte[] dst, int off, int len) {
        return textMode() ? readText(dst, off, len) : readRaw(dst, off, len);
    }

    private int readText(byte[] dst, int off, int len) {
        return (int) readDroppingCarriageReturns(dst, off, len, false);
    }

    /**
     * Text mode's read or readLine: raw reads (of a line, if {@code line}) with the {@code '\r'}
     * bytes dropped, repeated while they leave room, the device gave all that was asked (a short
     * read means the data ran out) and, for a line, the line has not ended. A raw read never goes
     * further than the room left, so a {@code '\r'} after the last byte delivered stays unread.
     */
    private long readDroppingCarriageReturns(byte[] dst, int off, int len, boolean line) {
        int out = 0;
        while (true) {
            int want = len - out;
            long n = line ? readLineRaw(dst, off + out, want) : readRaw(dst, off + out, want);
            if (n <= 0) {
                return out > 0 || n == 0 ? out : -1;
            }
            int kept = dropCarriageReturns(dst, off + out, (int) n);
            out += kept;
            if (out == len || n < want || (line && kept > 0 && dst[off + out - 1] == '\n')) {
                return out;
            }
        }
    }

    /**
     * Removes every {@code '\r'} from {@code a[from, from + n)}, moving the other bytes down, and
     * returns how many are left.
     */
    private static int dropCarriageReturns(byte[] a, int from, int n) {
        int end = from + n;
        int r = from;
        while (r < end && a[r] != '\r') {
            r++;
        }
        int w = r;
        for (; r < end; r++) {
            byte b = a[r];
            if (b != '\r') {
                a[w++] = b;
            }
        }
        return w - from;
    }

    /** Reads through the buffer and readData, untranslated; the device is known to be readable. */
    private int readRaw(byte[] dst, int off, int len) {
        if (isSequential() && transactionStarted) {
            long avail = buffer.size() - transactionPos;
            long pulled = 0;
            if (avail < len) {
                pulled = pull(len - avail);
            }
            int n = buffer.peek(dst, off, len, transactionPos);
            transactionPos += n;
            return n == 0 && pulled < 0 ? -1 : n;
        }
        int n = buffer.read(dst, off, len);
        advance(n);
        if (n == len) {
            return n;
        }
        long r = readData(dst, off + n, len - n);
        if (r < 0) {
            return n > 0 ? n : -1;
        }
        advance(r);
        return n + (int) r;
    }

    private void advance(long n) {
        if (!isSequential()) {
            pos += n;
        }
    }

    /**
     * Sequential only: appends up to {@code want} (at least one chunk's worth) bytes from readData
     * to the buffer. Returns the bytes added, or -1 if readData failed before adding any.
     */
    private long pull(long want) {
        long added = 0;
        while (added < want) {
            int req = (int) Math.min(Math.max(want - added, PULL_CHUNK), 1 << 20);
            ByteBuffer region = buffer.reserve(req);
            long r;
            try {
                r = readData(region.array(), region.position(), req);
            } catch (RuntimeException e) {
                buffer.chop(req);
                throw e;
            }
            buffer.chop(req - Math.max(r, 0));
            if (r < 0) {
                return added > 0 ? added : -1;
            }
            if (r == 0) {
                break;
            }
            added += r;
        }
        return added;
    }

    /**
     * Reads at most {@code maxSize} bytes without consuming them: a later read returns the same
     * bytes. Returns an empty array if nothing is available or on error. In Text mode the bytes
     * are translated as {@link #read(long)} would return them.
     */
    public QByteArray peek(long maxSize) {
        if (maxSize < 0) {
            warn("peek", "Called with maxSize < 0");
            return new QByteArray(new byte[0]);
        }
        int len = (int) Math.min(maxSize, Math.max(Math.min(bytesAvailable(), Integer.MAX_VALUE - 8), 0));
        byte[] tmp = new byte[len];
        int n = peek(tmp, 0, len);
        return new QByteArray(tmp, 0, Math.max(n, 0));
    }

    /**
     * Copies at most {@code len} bytes into {@code dst} at {@code off} without consuming them.
     * Returns the number copied, or -1 on error. In Text mode the bytes are translated (and
     * counted) as {@link #read(byte[], int, int)} would deliver them.
     */
    public int peek(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (!checkReadable("peek")) {
            return -1;
        }
        if (textMode()) {
            return peekText(dst, off, len);
        }
        if (isSequential()) {
            long avail = buffer.size() - transactionPos;
            long pulled = 0;
            if (avail < len) {
                pulled = pull(len - avail);
            }
            int n = buffer.peek(dst, off, len, transactionPos);
            return n == 0 && pulled < 0 ? -1 : n;
        }
        long oldPos = pos;
        int buffered = (int) Math.min(buffer.size(), len);
        int n = readRaw(dst, off, len);
        pos = oldPos;
        for (int i = Math.min(buffered, Math.max(n, 0)) - 1; i >= 0; i--) {
            buffer.ungetChar(dst[off + i]);
        }
        return n;
    }

    /**
     * Text mode's peek: a read that puts everything back. A sequential device reads as inside a
     * transaction (what readData returns stays in the buffer) and restores the transaction's
     * offset; a random-access one restores its position and its buffer's bytes.
     */
    private int peekText(byte[] dst, int off, int len) {
        if (isSequential()) {
            boolean wasStarted = transactionStarted;
            long savedPos = transactionPos;
            transactionStarted = true;
            try {
                return readText(dst, off, len);
            } finally {
                transactionStarted = wasStarted;
                transactionPos = savedPos;
            }
        }
        long oldPos = pos;
        byte[] held = buffer.isEmpty() ? null : buffer.toByteArray();
        try {
            return readText(dst, off, len);
        } finally {
            pos = oldPos;
            buffer.clear();
            if (held != null) {
                buffer.append(held);
            }
        }
    }

    /**
     * Skips up to {@code maxSize} bytes and returns the number skipped, or -1 on error. On a
     * random-access device this moves the position; on a sequential one it reads and discards.
     * In Text mode it reads and discards on every device, and, as in Qt, counts the bytes a read
     * would have delivered (the dropped {@code '\r'} bytes are skipped but not counted).
     */
    public long skip(long maxSize) {
        if (maxSize < 0) {
            warn("skip", "Called with maxSize < 0");
            return -1;
        }
        if (!checkReadable("skip")) {
            return -1;
        }
        if (maxSize == 0) {
            return 0;
        }
        if (!isSequential() && !textMode()) {
            long k = buffer.skip(maxSize);
            long m = Math.min(maxSize - k, Math.max(size() - (pos + k), 0));
            pos += k + m;
            return k + m;
        }
        byte[] scratch = new byte[(int) Math.min(maxSize, PULL_CHUNK)];
        long total = 0;
        while (total < maxSize) {
            int n = readInternal(scratch, 0, (int) Math.min(scratch.length, maxSize - total));
            if (n <= 0) {
                return total > 0 || n == 0 ? total : -1;
            }
            total += n;
        }
        return total;
    }

    /**
     * Reads one byte into {@code c[0]} (if {@code c} is not null) and returns true; otherwise
     * (nothing available, or an error) returns false. In Text mode {@code '\r'} bytes are passed
     * over, as by {@link #read(byte[], int, int)}.
     */
    public boolean getChar(byte[] c) {
        byte[] oneByte = oneByte();
        if (read(oneByte, 0, 1) != 1) {
            return false;
        }
        if (c != null && c.length > 0) {
            c[0] = oneByte[0];
        }
        return true;
    }

    /** Writes the byte {@code c} and returns true on success; otherwise returns false. */
    public boolean putChar(byte c) {
        byte[] oneByte = oneByte();
        oneByte[0] = c;
        return write(oneByte, 0, 1) == 1;
    }

    /**
     * Puts the byte {@code c} back into the device, so that it is the next byte read, and
     * decrements the position unless it is 0. Typically undoes a {@link #getChar(byte[])}.
     */
    public void ungetChar(byte c) {
        if (!checkReadable("ungetChar")) {
            return;
        }
        if (isSequential() && transactionStarted && transactionPos > 0) {
            transactionPos--;
            return;
        }
        buffer.ungetChar(c);
        if (!isSequential() && pos > 0) {
            pos--;
        }
    }

    /**
     * Reads a line (up to and including '\n') of any length; see {@link #readLine(long)}. In Text
     * mode a line that ends in {@code "\r\n"} is returned ending in {@code "\n"}.
     */
    public QByteArray readLine() {
        return readLine(0);
    }

    /**
     * Reads a line: bytes up to and including the first '\n', but no more than {@code maxSize}
     * bytes (no limit when {@code maxSize} is 0), or whatever is available if no newline
     * arrives. Returns an empty array if nothing could be read or on error. In Text mode every
     * {@code '\r'} is dropped and {@code maxSize} counts the bytes returned, as Qt's readLine does
     * on an unbuffered device (see "Differences from Qt" in the class documentation).
     */
    public QByteArray readLine(long maxSize) {
        QByteArray result = new QByteArray(new byte[0]);
        if (maxSize < 0) {
            warn("readLine", "Called with maxSize < 0");
            return result;
        }
        if (!checkReadable("readLine")) {
            return result;
        }
        long limit = maxSize == 0 ? Integer.MAX_VALUE - 8 : Math.min(maxSize, Integer.MAX_VALUE - 8);
        int chunk = 256;
        while (result.size() < limit) {
            int at = result.size();
            int want = (int) Math.min(chunk, limit - at);
            byte[] storage = result.storageForWrite(at + want);
            long n = readLineInternal(storage, at, want);
            if (n <= 0) {
                break;
            }
            result.setSizeUnchecked(at + (int) n);
            if (n < want || storage[at + (int) n - 1] == '\n') {
                break;
            }
            chunk = Math.min(chunk * 2, 1 << 20);
        }
        return result;
    }

    /**
     * Reads a line into {@code dst} at {@code off}: at most {@code len} bytes, stopping after the
     * first '\n'. Returns the number of bytes read, or -1 on error. Unlike Qt's
     * {@code readLine(char*, qint64)}, no terminating '\0' is written and all {@code len} bytes
     * may be used; bytes of {@code dst} beyond the returned count may be overwritten. In Text mode
     * every {@code '\r'} is dropped and {@code len} and the result count the bytes stored.
     */
    public long readLine(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (!checkReadable("readLine")) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        return readLineInternal(dst, off, len);
    }

    /** Reads a line through the buffer and readLineData, translating in Text mode. */
    private long readLineInternal(byte[] dst, int off, int len) {
        return textMode() ? readDroppingCarriageReturns(dst, off, len, true) : readLineRaw(dst, off, len);
    }

    /** Reads a line through the buffer and readLineData, untranslated. */
    private long readLineRaw(byte[] dst, int off, int len) {
        if (isSequential() && transactionStarted) {
            long pulled = 0;
            int n;
            while (true) {
                long nl = buffer.indexOf((byte) '\n', transactionPos + len, transactionPos);
                long avail = buffer.size() - transactionPos;
                if (nl >= 0) {
                    n = (int) (nl - transactionPos + 1);
                    break;
                }
                if (avail >= len || pulled < 0) {
                    n = (int) Math.min(avail, len);
                    break;
                }
                pulled = pull(Math.max(1, Math.min(len - avail, PULL_CHUNK)));
                if (pulled == 0) {
                    n = (int) Math.min(avail, len);
                    break;
                }
            }
            buffer.peek(dst, off, n, transactionPos);
            transactionPos += n;
            return n == 0 && pulled < 0 ? -1 : n;
        }
        long nl = buffer.indexOf((byte) '\n', len, 0);
        if (nl >= 0) {
            int n = buffer.read(dst, off, (int) nl + 1);
            advance(n);
            return n;
        }
        int n = buffer.read(dst, off, len);
        advance(n);
        if (n == len || (n > 0 && dst[off + n - 1] == '\n')) {
            return n;
        }
        long r = readLineData(dst, off + n, len - n);
        if (r < 0) {
            return n > 0 ? n : -1;
        }
        advance(r);
        return n + r;
    }

    /**
     * Reads up to {@code len} bytes into {@code dst} at {@code off}, stopping after the first '\n',
     * and returns the number read, or -1 on error. Called by {@link #readLine} once QIODevice's
     * own buffer is exhausted, never inside a transaction on a sequential device; for a
     * random-access device the read starts at {@link #pos()}, which readLine advances afterwards
     * by the returned count.
     *
     * <p>The default implementation reads chunks with {@link #readData}: a sequential device's
     * bytes beyond the newline are kept in QIODevice's buffer; a random-access device is simply
     * read again from the right position next time. Sequential subclasses with their own buffer
     * may override this to search it directly.
     *
     * <p>Like {@code readData}, this deals in the device's bytes: in Text mode readLine drops the
     * {@code '\r'} bytes from what it returns, and calls it again if that left room before the
     * end of the line.
     */
    protected long readLineData(byte[] dst, int off, int len) {
        if (isSequential()) {
            long pulled = 0;
            while (true) {
                long nl = buffer.indexOf((byte) '\n', len, 0);
                if (nl >= 0) {
                    return buffer.read(dst, off, (int) nl + 1);
                }
                if (buffer.size() >= len || pulled < 0) {
                    break;
                }
                pulled = pull(Math.max(1, Math.min(len - buffer.size(), PULL_CHUNK)));
                if (pulled == 0) {
                    break;
                }
            }
            int n = buffer.read(dst, off, len);
            return n == 0 && pulled < 0 ? -1 : n;
        }
        long start = pos;
        int n = 0;
        try {
            while (n < len) {
                int want = Math.min(len - n, 256);
                long r = readData(dst, off + n, want);
                if (r <= 0) {
                    if (n == 0 && r < 0) {
                        return -1;
                    }
                    break;
                }
                for (int i = 0; i < r; i++) {
                    if (dst[off + n + i] == '\n') {
                        return n + i + 1;
                    }
                }
                n += (int) r;
                pos += r;
            }
            return n;
        } finally {
            pos = start;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code len} bytes of {@code src} from {@code off} and returns the number actually
     * written, or -1 on error (the device is not writable).
     */
    public long write(byte[] src, int off, int len) {
        if (src == null) {
            throw new IllegalArgumentException(this + ": write: src: null (expected: an array)");
        }
        Objects.checkFromIndexSize(off, len, src.length);
        if (!isOpen()) {
            warn("write", "device not open");
            return -1;
        }
        if (!isWritable()) {
            warn("write", "ReadOnly device");
            return -1;
        }
        if (!isSequential() && !buffer.isEmpty()) {
            buffer.clear();
        }
        long w = writeData(src, off, len);
        if (w > 0) {
            advance(w);
        }
        return w;
    }

    /** Writes every byte of {@code data}; see {@link #write(byte[], int, int)}. */
    public long write(byte[] data) {
        return write(data, 0, data.length);
    }

    /** Writes the content of {@code data}; see {@link #write(byte[], int, int)}. */
    public long write(QByteArray data) {
        if (data == null) {
            throw new IllegalArgumentException(this + ": write: data: null (expected: a QByteArray)");
        }
        byte[] s = data.storage();
        return write(s == null ? new byte[0] : s, 0, data.size());
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Starts a read transaction: marks the current read point so that
     * {@link #rollbackTransaction()} can return to it. On a sequential device the data read
     * from now on is kept in QIODevice's buffer; on a random-access device the position is saved.
     * Nested transactions are not supported (a warning is logged).
     */
    public void startTransaction() {
        if (transactionStarted) {
            warn("startTransaction", "Called while transaction already in progress");
            return;
        }
        transactionPos = isSequential() ? 0 : pos;
        transactionStarted = true;
    }

    /** Completes a read transaction: the data read since it started is consumed for good. */
    public void commitTransaction() {
        if (!transactionStarted) {
            warn("commitTransaction", "Called while no transaction in progress");
            return;
        }
        if (isSequential()) {
            buffer.skip(transactionPos);
        }
        transactionStarted = false;
        transactionPos = 0;
    }

    /** Rolls back a read transaction: the next read returns the data read since it started. */
    public void rollbackTransaction() {
        if (!transactionStarted) {
            warn("rollbackTransaction", "Called while no transaction in progress");
            return;
        }
        if (!isSequential()) {
            pos = transactionPos;
            buffer.clear();
        }
        transactionStarted = false;
        transactionPos = 0;
    }

    /** Returns true if a transaction is in progress; otherwise returns false. */
    public boolean isTransactionStarted() {
        return transactionStarted;
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Blocks until new data is available for reading and {@link #readyRead} has been emitted, or
     * until {@code msecs} milliseconds have passed (-1: no time-out). Returns true if new data is
     * available; otherwise returns false. This implementation returns false at once; blocking
     * devices override it.
     */
    public boolean waitForReadyRead(int msecs) {
        return false;
    }

    /**
     * Blocks until a payload of buffered data has been written and {@link #bytesWritten} has been
     * emitted, or until {@code msecs} milliseconds have passed (-1: no time-out). Returns true if
     * data was written; otherwise returns false. This implementation returns false at once.
     */
    public boolean waitForBytesWritten(int msecs) {
        return false;
    }

    // ------------------------------------------------------------------ subclass interface

    /**
     * Reads up to {@code len} bytes from the device into {@code dst} at {@code off}, and returns
     * the number read, or -1 on error. A sequential device returns 0 when nothing is available
     * now and -1 when the stream has ended; a random-access device reads at {@link #pos()}. See
     * the class documentation for the subclassing contract. The bytes are the device's own, also
     * in Text mode: QIODevice drops the {@code '\r'} bytes from what the read functions deliver.
     */
    protected abstract long readData(byte[] dst, int off, int len);

    /**
     * Writes up to {@code len} bytes from {@code src} at {@code off} to the device and returns the
     * number written, or -1 on error. A random-access device writes at {@link #pos()}. The
     * implementation must copy what it keeps: {@code src} may be reused once this returns.
     */
    protected abstract long writeData(byte[] src, int off, int len);

    /**
     * Emits {@link #readyRead} unless this device is already emitting it (a slot that waits for
     * more data would otherwise recurse), as Qt's sockets do. Returns true if the signal was
     * emitted; otherwise returns false. After it returns, callers must re-check their state: a
     * slot may have closed the device.
     */
    protected final boolean emitReadyRead() {
        if (emittingReadyRead) {
            return false;
        }
        emittingReadyRead = true;
        try {
            readyRead.emit();
        } finally {
            emittingReadyRead = false;
        }
        return true;
    }

    /** Returns true while {@link #emitReadyRead()} is emitting; otherwise returns false. */
    protected final boolean isEmittingReadyRead() {
        return emittingReadyRead;
    }

    private boolean checkReadable(String function) {
        if (!isOpen()) {
            warn(function, "device not open");
            return false;
        }
        if (!isReadable()) {
            warn(function, "WriteOnly device");
            return false;
        }
        return true;
    }

    private void warn(String function, String what) {
        if (LOG.isLoggable(System.Logger.Level.WARNING)) {
            String name = objectName();
            LOG.log(System.Logger.Level.WARNING, "QIODevice::" + function + " (" + getClass().getSimpleName()
                    + (name == null || name.isEmpty() ? "" : ", \"" + name + "\"") + "): " + what);
        }
    }

    // ------------------------------------------------------------------ java.io adapters

    /**
     * Returns a blocking {@link InputStream} over this device. Its {@code read} returns what is
     * available; on a sequential device with nothing available it blocks in
     * {@link #waitForReadyRead(int) waitForReadyRead(-1)}, and returns -1 when that fails (the
     * stream ended) or the device is not readable. Closing the stream does not close the device.
     * It reads with {@link #read(byte[], int, int)} and skips with {@link #skip(long)}, so in Text
     * mode it delivers the translated bytes; its {@code available()} is
     * {@link #bytesAvailable()}, which counts the {@code '\r'} bytes still to be dropped.
     */
    public InputStream inputStream() {
        return IODeviceStreams.inputStream(this);
    }

    /**
     * Returns a blocking {@link OutputStream} over this device. {@code write} writes everything or
     * throws an {@link IOException} carrying {@link #errorString()}; {@code flush} waits with
     * {@link #waitForBytesWritten(int) waitForBytesWritten(-1)} while {@link #bytesToWrite()} is
     * positive. Closing the stream does not close the device.
     */
    public OutputStream outputStream() {
        return IODeviceStreams.outputStream(this);
    }
}
