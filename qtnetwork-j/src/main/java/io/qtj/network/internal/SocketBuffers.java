package io.qtj.network.internal;

import io.qtj.core.internal.RingBuffer;
import io.qtj.core.internal.ThreadData;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;

import java.nio.ByteBuffer;

/**
 * A socket's read and write buffers and the transfers between them and the engine, for its
 * {@link SocketStateMachine}. Both are {@link RingBuffer}s of pooled direct chunks, so that the
 * only copies on the data path are the application's: the engine reads from the channel straight
 * into the read buffer's chunks (up to 256 KiB per read notification, in at most two reads), and
 * sends the write buffer's chunks with one gathering write. With a read buffer limit, read notifications are off
 * while the buffer is full. Writes are appended to the write buffer and sent when the engine has
 * room, each transfer announced with bytesWritten.
 *
 * <p>A socket opened with {@code Unbuffered} (Qt's unbuffered TCP socket) bypasses both buffers
 * where it can: a read notification emits readyRead without reading, and the application's read
 * goes to the engine (no further readyRead until it has read, as Qt's {@code hasPendingData}); a
 * write with nothing queued goes to the engine at once, and only what the kernel refuses is
 * queued. With the {@code ByteBuffer} calls and direct buffers the data is then never copied on
 * the JVM's side. Used from the socket's thread only.
 */
public final class SocketBuffers {
    /**
     * The most bytes one read notification takes from the engine. The rest stays in the kernel for
     * the next pass of the event loop, which comes at once: the notification is level-triggered.
     * Reading all the kernel holds (megabytes on loopback) would take more chunks than the thread's
     * pool keeps, and let the bytes go cold in the cache before they are read.
     */
    private static final int READ_LIMIT = 256 * 1024;
    /**
     * What the first read of a notification asks for: one direct chunk (two after a first read that
     * brought a whole one, {@link #wideFirstRead}). Only when it comes back
     * full does a second, scattering read ask for the rest of {@link #READ_LIMIT}: a small message
     * costs one read into one chunk, a stream two reads per 256 KiB (four of 64 KiB before, which
     * made Qt's Loopback workload about 6% slower; one read of 256 KiB made 1 KiB echoes about 4%
     * slower, for the chunks it takes from the pool and gives back).
     */
    private static final int FIRST_READ = RingBuffer.DIRECT_CHUNK_SIZE;
    /**
     * True when the last notification's first read brought at least a whole chunk: the next first
     * read then offers two chunks ({@link #readFromSocket}). A peer that sends a chunk's worth per
     * pass (Qt's Loopback example writes 64 KiB payloads) otherwise fills the one-chunk read
     * exactly, and the follow-up read that must tell "more" from "all" finds the socket empty: a
     * system call per payload for nothing. Two chunks bring the payload with room to spare, and a
     * read that comes back short needs no follow-up. Small messages keep the one-chunk read.
     */
    private boolean wideFirstRead;

    private final SocketStateMachine sm;
    private final SocketFront front;
    private final RingBuffer readBuffer = new RingBuffer(RingBuffer.DIRECT_CHUNK_SIZE, RingBuffer.Storage.DIRECT);
    private final RingBuffer writeBuffer = new RingBuffer(RingBuffer.DIRECT_CHUNK_SIZE, RingBuffer.Storage.DIRECT);
    /** The read buffer's limit in bytes; 0: unlimited. */
    private long readBufferSize;
    /** True while read notifications are off because the read buffer is full. */
    private boolean readPaused;
    /** Guards against a bytesWritten slot that writes and flushes recursively. */
    private boolean emittingBytesWritten;
    /**
     * Read notifications that brought data so far (readyRead emitted, or the data discarded by a
     * device not open for reading), for waitForReadyRead.
     */
    private long readyReadCount;
    /** bytesWritten emissions so far, for waitForBytesWritten. */
    private long bytesWrittenCount;
    /** True while a flush is queued to run before the event loop next waits. */
    private boolean flushScheduled;
    /**
     * The task that flushes, made on the first write from the event loop; dropped when the socket
     * leaves its thread, so that one still queued there finds itself stale and does nothing.
     */
    private Runnable scheduledFlush;
    /** True if the socket was opened {@code Unbuffered}. */
    private boolean unbuffered;
    /** Unbuffered: readyRead was emitted and the application has not read since (Qt's hasPendingData). */
    private boolean pendingData;
    /** Unbuffered: a read met the end of the stream; the next read notification closes the socket. */
    private boolean endSeen;
    /**
     * Unbuffered: bytes the kernel took during write() that no bytesWritten has announced yet; the
     * next flush announces them (Qt announces none of them: see {@link #writeData(ByteBuffer)}).
     */
    private long unannounced;
    /**
     * Unbuffered, in waitForDisconnected: reads into the buffer (as a buffered socket) so that the
     * close is seen behind data the application has not read; later reads drain the buffer first.
     */
    private boolean drainingForClose;

    SocketBuffers(SocketStateMachine sm, SocketFront front) {
        this.sm = sm;
        this.front = front;
    }

    void clear() {
        readBuffer.clear();
        writeBuffer.clear();
        unannounced = 0;
        wideFirstRead = false;   // a new connection: its reads have no history yet
    }

    void clearReadBuffer() {
        readBuffer.clear();
    }

    void clearWriteBuffer() {
        writeBuffer.clear();
        unannounced = 0;
    }

    boolean isReadPaused() {
        return readPaused;
    }

    long readyReadCount() {
        return readyReadCount;
    }

    long bytesWrittenCount() {
        return bytesWrittenCount;
    }

    // ---- reading ----

    /** Turns reading on for a new connection. */
    void startReading(SocketEngine engine) {
        readPaused = false;
        pendingData = false;
        endSeen = false;
        drainingForClose = false;
        engine.setReadNotificationEnabled(true);
    }

    /**
     * waitForDisconnected: reads on, to see the close, past the read buffer's limit or behind
     * data an Unbuffered socket's application has not read, buffering what comes first.
     */
    void readToSeeClose(SocketEngine engine) {
        readPaused = false;
        drainingForClose = unbuffered;
        engine.setReadNotificationEnabled(true);
    }

    /** Forgets the pause when the engine goes. */
    void resetReadPause() {
        readPaused = false;
    }

    /** Sets whether the socket bypasses its buffers (its open mode has {@code Unbuffered}). */
    public void setUnbuffered(boolean on) {
        unbuffered = on;
    }

    /**
     * Unbuffered: true while readyRead announced data the application has not read yet; no read
     * notification is wanted then, and waitForReadyRead answers true at once, as Qt's does.
     */
    boolean isReadyReadPending() {
        return unbuffered && pendingData;
    }

    /** Unbuffered: true while bytes written straight to the kernel wait for their bytesWritten. */
    boolean hasUnannouncedWrites() {
        return unannounced > 0;
    }

    /**
     * The engine's read notification: buffers what arrived, emits readyRead, sees the end. A socket
     * opened without ReadOnly discards what arrives and emits nothing, as Qt's does.
     */
    void readNotification() {
        if (sm.state() != SocketState.ConnectedState) {
            return;
        }
        if (unbuffered && front.isReadable() && !drainingForClose) {
            unbufferedReadNotification();
            return;
        }
        int got = readFromSocket();
        if (got > 0) {
            readyReadCount++;
            if (front.isReadable()) {
                front.emitReadyRead();
            } else {
                readBuffer.clear();
                resumeReadingIfRoom();
            }
        }
        if (got < 0 && !sm.isDisposed() && sm.state() == SocketState.ConnectedState) {
            remoteClosed();
        }
    }

    /**
     * Unbuffered: announces that data can be read, without reading it. The end of the stream is
     * found by the application's read that returns it, or here, when the application left the
     * last readyRead unread and the channel is readable with nothing to read; either way the
     * socket then closes as after a buffered read found it. No system call but the event loop's
     * while the application reads what each readyRead announces.
     */
    private void unbufferedReadNotification() {
        SocketEngine engine = sm.engine();
        if (engine == null) {
            return;
        }
        if (endSeen) {
            remoteClosed();
            return;
        }
        if (pendingData) {
            // the last readyRead is not read yet: no other until it is (level-triggered, this
            // notification would otherwise come at every pass), unless the peer closed meanwhile
            if (readBuffer.isEmpty() && engine.bytesAvailable() == 0 && atEnd(engine)) {
                remoteClosed();
            } else {
                engine.setReadNotificationEnabled(false);
            }
            return;
        }
        pendingData = true;
        readyReadCount++;
        front.emitReadyRead();
    }

    /**
     * The channel is readable but holds no bytes: reads one to tell the end of the stream (or an
     * error) from a wake-up with nothing to read. A byte that arrived meanwhile is kept, for the
     * next read.
     */
    private boolean atEnd(SocketEngine engine) {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n = engine.read(one);
        if (n > 0) {
            readBuffer.putChar(one.get(0));
            return false;
        }
        return n < 0;
    }

    /**
     * Reads what the engine has into the buffer, up to {@link #READ_LIMIT} and the read buffer's
     * limit; returns the bytes read, or -1 at end of stream or error.
     */
    private int readFromSocket() {
        SocketEngine engine = sm.engine();
        if (engine == null) {
            return 0;
        }
        int room = READ_LIMIT;
        if (readBufferSize > 0) {
            long left = readBufferSize - readBuffer.size();
            if (left <= 0) {
                pauseReading();
                return 0;
            }
            room = (int) Math.min(room, left);
        }
        int first = Math.min(room, wideFirstRead ? 2 * FIRST_READ : FIRST_READ);
        int n = engine.read(readBuffer, first);
        wideFirstRead = n >= FIRST_READ;
        if (n < first || first == room || sm.engine() != engine) {
            return n;
        }
        int more = engine.read(readBuffer, room - first);
        return more > 0 ? n + more : n;   // an end or error after data: seen at the next notification
    }

    private void pauseReading() {
        sm.engine().setReadNotificationEnabled(false);
        readPaused = true;
    }

    private void resumeReadingIfRoom() {
        if (readPaused && sm.state() == SocketState.ConnectedState && sm.engine() != null
                && (readBufferSize == 0 || readBuffer.size() < readBufferSize)) {
            readPaused = false;
            sm.engine().setReadNotificationEnabled(true);
        }
    }

    private void remoteClosed() {
        SocketEngine engine = sm.engine();
        SocketError e = engine != null ? engine.error() : SocketError.RemoteHostClosedError;
        String text = engine != null ? engine.errorString() : SocketErrors.REMOTE_CLOSED;
        front.setSocketError(e, text);
        if (sm.isDisposed() || sm.state() != SocketState.ConnectedState) {
            return;
        }
        writeBuffer.clear();
        sm.closeEngine();
        front.disconnectFromHost();   // Closing, then Unconnected, as Qt after a failed read
    }

    /**
     * QIODevice's readData: drains the read buffer; -1 when it is empty and the socket closed. An
     * Unbuffered socket reads from the engine when its buffer is empty.
     */
    public long readData(byte[] dst, int off, int len) {
        int n = readBuffer.read(dst, off, len);
        if (n == 0 && unbuffered) {
            return readUnbuffered(ByteBuffer.wrap(dst, off, len));
        }
        return afterBufferedRead(n);
    }

    /** As {@link #readData(byte[], int, int)}, into the remaining room of {@code dst}. */
    public long readData(ByteBuffer dst) {
        int n = readBuffer.writeTo(dst);
        if (n == 0 && unbuffered) {
            return readUnbuffered(dst);
        }
        return afterBufferedRead(n);
    }

    private long afterBufferedRead(int n) {
        resumeReadingIfRoom();
        if (n == 0 && sm.state() != SocketState.ConnectedState && sm.state() != SocketState.ClosingState) {
            return -1;
        }
        return n;
    }

    /**
     * Unbuffered: reads from the engine into {@code dst}, and wants the next read notification.
     * At the end of the stream returns -1 (as Qt's), and the socket closes at that notification,
     * which comes at once: an ended channel stays readable. Qt instead drops to UnconnectedState
     * within the read, emitting nothing.
     */
    private long readUnbuffered(ByteBuffer dst) {
        SocketEngine engine = sm.engine();
        if (engine == null || sm.state() != SocketState.ConnectedState || endSeen) {
            return afterBufferedRead(0);
        }
        pendingData = false;
        int n = engine.read(dst);
        if (n < 0) {
            endSeen = true;
        }
        engine.setReadNotificationEnabled(true);
        return n;
    }

    /** Reads a line from the read buffer, which must not be empty. */
    public long readLine(byte[] dst, int off, int len) {
        int n = readBuffer.readLine(dst, off, len);
        resumeReadingIfRoom();
        return n;
    }

    /** The bytes that can be read now: the buffer's, and for an Unbuffered socket the kernel's. */
    public long bytesAvailable() {
        long n = readBuffer.size();
        if (!unbuffered) {
            return n;
        }
        SocketEngine engine = sm.engine();
        return engine != null && sm.state() == SocketState.ConnectedState ? n + engine.bytesAvailable() : n;
    }

    /** The bytes in the read buffer. */
    public long bufferedBytes() {
        return readBuffer.size();
    }

    public boolean canReadLine() {
        return readBuffer.canReadLine();
    }

    public long readBufferSize() {
        return readBufferSize;
    }

    public void setReadBufferSize(long size) {
        readBufferSize = size;
        resumeReadingIfRoom();
    }

    // ---- writing ----

    public long bytesToWrite() {
        return writeBuffer.size();
    }

    /** QIODevice's writeData: buffers the bytes and asks the engine to say when it can send them. */
    public long writeData(byte[] src, int off, int len) {
        if (unbuffered) {
            return writeData(ByteBuffer.wrap(src, off, len));
        }
        if (sm.state() == SocketState.UnconnectedState) {
            front.setErrorString(SocketErrors.NOT_CONNECTED);
            return -1;
        }
        writeBuffer.append(src, off, len);
        scheduleFlush();
        return len;
    }

    /**
     * As {@link #writeData(byte[], int, int)}, from the remaining bytes of {@code src} (all of
     * them are consumed, or none on error). An Unbuffered socket with nothing queued writes to the
     * engine at once and queues only what the kernel refuses, as Qt's; a failing write sets the
     * error and returns -1, emitting nothing (the connection's end then comes through the read
     * side, as in Qt). Unlike Qt, whose unbuffered write emits no bytesWritten for what the kernel
     * took at once, the bytes are announced by one bytesWritten at the next pass of the event
     * loop (or in waitForBytesWritten): a writer paced by bytesWritten, as Qt's Loopback example,
     * keeps going either way.
     */
    public long writeData(ByteBuffer src) {
        if (sm.state() == SocketState.UnconnectedState) {
            front.setErrorString(SocketErrors.NOT_CONNECTED);
            return -1;
        }
        int len = src.remaining();
        SocketEngine engine = sm.engine();
        if (unbuffered && engine != null && sm.state() == SocketState.ConnectedState && writeBuffer.isEmpty()) {
            int w = len == 0 ? 0 : engine.write(src);
            if (w < 0) {
                sm.setErrorSilently(engine.error(), engine.errorString());
                return -1;
            }
            unannounced += w;
            if (src.hasRemaining()) {
                writeBuffer.readFrom(src);
                engine.setWriteNotificationEnabled(true);
            } else if (w > 0) {
                scheduleFlush();   // which announces the bytes
            }
            return len;
        }
        writeBuffer.readFrom(src);
        scheduleFlush();
        return len;
    }

    /**
     * Has what was written sent before the event loop next waits, with no write notification round
     * trip (that is enabled only if the kernel cannot take it all); outside the event loop, when
     * the engine says it can write.
     */
    private void scheduleFlush() {
        if (sm.state() == SocketState.ConnectedState && sm.engine() != null && !flushScheduled) {
            ThreadData td = ThreadData.current();
            if (td.loopLevel > 0) {
                flushScheduled = true;
                if (scheduledFlush == null) {
                    scheduledFlush = new Flush();
                }
                td.runInThread(scheduledFlush);
            } else {
                sm.engine().setWriteNotificationEnabled(true);
            }
        }
    }

    /** Runs {@link #flushScheduledWrites()}, unless the socket left the thread it was queued in. */
    private final class Flush implements Runnable {
        @Override
        public void run() {
            if (scheduledFlush == this) {
                flushScheduledWrites();
            }
        }
    }

    /**
     * The socket is leaving its thread (ThreadChange, in the old thread): a flush queued there must
     * not write from it once the socket lives elsewhere. The write notification takes its place,
     * and moves with the engine's watch.
     */
    void leavingThread() {
        scheduledFlush = null;
        if (flushScheduled) {
            flushScheduled = false;
            SocketEngine engine = sm.engine();
            if (engine != null && !writeBuffer.isEmpty()) {
                engine.setWriteNotificationEnabled(true);
            }
        }
    }

    private void flushScheduledWrites() {
        flushScheduled = false;
        SocketEngine engine = sm.engine();
        if (sm.isDisposed() || engine == null || (writeBuffer.isEmpty() && unannounced == 0)
                || (sm.state() != SocketState.ConnectedState && sm.state() != SocketState.ClosingState)) {
            return;
        }
        writeToSocket();
        engine = sm.engine();
        if (engine != null && !writeBuffer.isEmpty() && !flushScheduled && !sm.isDisposed()) {
            engine.setWriteNotificationEnabled(true);
        }
    }

    /** Writes what it can now; returns bytes written, or -1 after an error (the socket was aborted). */
    long writeToSocket() {
        SocketEngine engine = sm.engine();
        if (engine == null) {
            return -1;
        }
        if (unannounced > 0 && !emittingBytesWritten) {
            long n = unannounced;
            unannounced = 0;
            announceWritten(n);
            engine = sm.engine();
            if (engine == null || sm.isDisposed()) {
                return n;
            }
        }
        if (writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(false);
            if (sm.state() == SocketState.ClosingState) {
                sm.finishDisconnect();
            }
            return 0;
        }
        long written = engine.write(writeBuffer);
        if (written < 0) {
            front.setSocketError(engine.error(), engine.errorString());
            if (!sm.isDisposed()) {
                front.abort();
            }
            return -1;
        }
        if (writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(false);
        }
        if (written > 0 && !emittingBytesWritten) {
            announceWritten(written);
        }
        if (!sm.isDisposed() && sm.state() == SocketState.ClosingState && writeBuffer.isEmpty()) {
            sm.finishDisconnect();
        }
        return written;
    }

    /** Emits bytesWritten({@code n}), never recursively: a slot's own writes are announced later. */
    private void announceWritten(long n) {
        bytesWrittenCount++;
        emittingBytesWritten = true;
        try {
            front.emitBytesWritten(n);
        } finally {
            emittingBytesWritten = false;
        }
    }

    /** flush, the thread checked: writes what it can without blocking; true if anything was written. */
    public boolean flush() {
        if (!front.isValid() || writeBuffer.isEmpty()) {
            return false;
        }
        return writeToSocket() > 0;
    }
}
