package io.qtj.core;

import java.util.EnumSet;

/**
 * The QBuffer class provides a {@link QIODevice} interface for a {@link QByteArray}.
 *
 * <p>QBuffer lets you access a QByteArray with the QIODevice interface. The byte array is
 * treated like a random-access file: {@link #open(QIODevice.OpenModeFlag...) open} the buffer,
 * then {@link #write(QByteArray) write} to it, {@link #seek(long) seek} back and
 * {@link #read(long) read}. By default an internal, empty byte array is created; pass your own
 * to {@link #QBuffer(QByteArray)} or {@link #setBuffer(QByteArray)} to operate on it in place:
 * every write changes that array.
 *
 * <p>Writing past the end extends the array. Seeking past the end of a writable buffer extends it
 * with zero bytes at once, as Qt 6 does; seeking past the end of a read-only buffer fails.
 *
 * <p>After data is written, QBuffer emits {@link #bytesWritten} with the number of bytes written,
 * then {@link #readyRead}, as Qt does: through a queued call, once for all the writes made before
 * control returns to the event loop (only when something is connected to either signal).
 *
 * <p>Not thread-safe: a buffer belongs to its thread.
 */
public class QBuffer extends QIODevice {
    /** The array operated on; never null. */
    private QByteArray buf;
    /** Bytes written since the signals were last emitted. */
    private long writtenSinceLastEmit;
    private boolean emitting;

    /** Constructs an empty buffer over an internal, empty (non-null) byte array. */
    public QBuffer() {
        this(null, null);
    }

    /** Constructs an empty buffer with the given parent. */
    public QBuffer(QObject parent) {
        this(null, parent);
    }

    /**
     * Constructs a buffer that operates on {@code byteArray} in place (a null argument gives an
     * internal empty array). The buffer is not open.
     */
    public QBuffer(QByteArray byteArray) {
        this(byteArray, null);
    }

    /** Constructs a buffer that operates on {@code byteArray}, with the given parent. */
    public QBuffer(QByteArray byteArray, QObject parent) {
        super(parent);
        buf = byteArray != null ? byteArray : new QByteArray(new byte[0]);
    }

    /**
     * Returns the byte array the buffer operates on. It is the live array, not a copy: changes
     * through the buffer show in it, and the other way round.
     */
    public QByteArray buffer() {
        return buf;
    }

    /** Returns the data of the buffer: the same live array as {@link #buffer()} (Qt returns a const reference). */
    public QByteArray data() {
        return buf;
    }

    /**
     * Makes the buffer operate on {@code byteArray} in place (null: a new internal empty array).
     * Does nothing, with a warning, if the buffer is open.
     */
    public void setBuffer(QByteArray byteArray) {
        if (isOpen()) {
            System.getLogger(QBuffer.class.getName()).log(System.Logger.Level.WARNING, "QBuffer::setBuffer: Buffer is open");
            return;
        }
        buf = byteArray != null ? byteArray : new QByteArray(new byte[0]);
    }

    /**
     * Sets the content of the buffer's array to a copy of {@code data}. Does nothing, with a
     * warning, if the buffer is open.
     */
    public void setData(QByteArray data) {
        if (isOpen()) {
            System.getLogger(QBuffer.class.getName()).log(System.Logger.Level.WARNING, "QBuffer::setData: Buffer is open");
            return;
        }
        if (data == null) {
            throw new IllegalArgumentException("data: null (expected: a QByteArray)");
        }
        if (data != buf) {
            buf.assign(data);
        }
    }

    /** Sets the content of the buffer's array to a copy of {@code data}; see {@link #setData(QByteArray)}. */
    public void setData(byte[] data) {
        setData(new QByteArray(data));
    }

    /**
     * Opens the buffer in {@code mode} and returns true on success; otherwise returns false.
     * {@code Append} and {@code Truncate} imply {@code WriteOnly}; {@code Truncate} empties the
     * array; {@code Append} positions at its end. Fails, with a warning, when neither reading nor
     * writing is requested.
     */
    @Override
    public boolean open(OpenModeFlag... mode) {
        EnumSet<OpenModeFlag> m = EnumSet.noneOf(OpenModeFlag.class);
        for (OpenModeFlag f : mode) {
            m.add(f);
        }
        if (m.contains(OpenModeFlag.Append) || m.contains(OpenModeFlag.Truncate)) {
            m.add(OpenModeFlag.WriteOnly);
        }
        if (!m.contains(OpenModeFlag.ReadOnly) && !m.contains(OpenModeFlag.WriteOnly) && !m.contains(OpenModeFlag.ReadWrite)) {
            System.getLogger(QBuffer.class.getName()).log(System.Logger.Level.WARNING, "QBuffer::open: Buffer access not specified");
            return false;
        }
        if (m.contains(OpenModeFlag.Truncate)) {
            buf.resize(0);
        }
        m.add(OpenModeFlag.Unbuffered);
        return super.open(m.toArray(new OpenModeFlag[0]));
    }

    /** Returns the size of the underlying array. */
    @Override
    public long size() {
        return buf.size();
    }

    /**
     * Sets the position to {@code pos} and returns true on success; otherwise returns false.
     * Seeking past the end of a writable buffer extends the array with zero bytes; past the end
     * of a read-only buffer it fails.
     */
    @Override
    public boolean seek(long pos) {
        if (pos > buf.size()) {
            if (!isWritable() || pos > Integer.MAX_VALUE - 8) {
                System.getLogger(QBuffer.class.getName()).log(System.Logger.Level.WARNING, "QBuffer::seek: Invalid pos: " + pos);
                return false;
            }
            if (isOpen()) {
                buf.resize((int) pos);
            }
        }
        return super.seek(pos);
    }

    /** Returns true if the buffer holds no more data after the current position; otherwise returns false. */
    @Override
    public boolean atEnd() {
        return super.atEnd();
    }

    /** Returns true if a complete line can be read from the buffer; otherwise returns false. */
    @Override
    public boolean canReadLine() {
        if (!isOpen()) {
            return false;
        }
        return buf.indexOf((byte) '\n', (int) Math.min(pos(), Integer.MAX_VALUE)) >= 0 || super.canReadLine();
    }

    /** Closes the buffer; the array keeps its content. */
    @Override
    public void close() {
        super.close();
    }

    /**
     * Writes {@code len} bytes at the current position, extending the array if needed, then emits
     * {@link #bytesWritten} and {@link #readyRead}. Returns the number of bytes written, or -1 on
     * error.
     */
    @Override
    public long write(byte[] src, int off, int len) {
        long w = super.write(src, off, len);
        if (w > 0 && (bytesWritten.receivers() > 0 || readyRead.receivers() > 0)) {
            boolean scheduled = writtenSinceLastEmit > 0;
            writtenSinceLastEmit += w;
            if (!scheduled) {
                QMetaObject.invokeMethod(this, this::emitSignals, Qt.ConnectionType.QueuedConnection);
            }
        }
        return w;
    }

    private void emitSignals() {
        // one queued call per event-loop pass, as Qt's _q_emitSignals: writes in between add up
        if (emitting || isDisposed()) {
            return;
        }
        emitting = true;
        try {
            while (writtenSinceLastEmit > 0) {
                long n = writtenSinceLastEmit;
                writtenSinceLastEmit = 0;
                bytesWritten.emit(n);
                emitReadyRead();
            }
        } finally {
            emitting = false;
        }
    }

    @Override
    protected long readData(byte[] dst, int off, int len) {
        long p = pos();
        int n = (int) Math.min(len, buf.size() - p);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(buf.storage(), (int) p, dst, off, n);
        return n;
    }

    @Override
    protected long writeData(byte[] src, int off, int len) {
        long required = pos() + (long) len;
        if (required > Integer.MAX_VALUE - 8) {
            System.getLogger(QBuffer.class.getName()).log(System.Logger.Level.WARNING, "QBuffer::writeData: Memory allocation error");
            return -1;
        }
        if (required > buf.size()) {
            buf.resize((int) required);
        }
        System.arraycopy(src, off, buf.storageForWrite(buf.size()), (int) pos(), len);
        return len;
    }
}
