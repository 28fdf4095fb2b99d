package io.qtj.network.internal;

import io.qtj.core.internal.RingBuffer;
import io.qtj.core.internal.ThreadData;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;

/**
 * A socket's read and write buffers and the transfers between them and the engine, for its
 * {@link SocketStateMachine}. Both are {@link RingBuffer}s of pooled direct chunks, so that the
 * only copies on the data path are the application's: the engine reads from the channel straight
 * into the read buffer's chunks (up to 256 KiB per read notification, in at most two reads), and
 * sends the write buffer's chunks with one gathering write. With a read buffer limit, read notifications are off
 * while the buffer is full. Writes are appended to the write buffer and sent when the engine has
 * room, each transfer announced with bytesWritten. Used from the socket's thread only.
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
     * What the first read of a notification asks for: one direct chunk. Only when it comes back
     * full does a second, scattering read ask for the rest of {@link #READ_LIMIT}: a small message
     * costs one read into one chunk, a stream two reads per 256 KiB (four of 64 KiB before, which
     * made Qt's Loopback workload about 6% slower; one read of 256 KiB made 1 KiB echoes about 4%
     * slower, for the chunks it takes from the pool and gives back).
     */
    private static final int FIRST_READ = RingBuffer.DIRECT_CHUNK_SIZE;

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

    SocketBuffers(SocketStateMachine sm, SocketFront front) {
        this.sm = sm;
        this.front = front;
    }

    void clear() {
        readBuffer.clear();
        writeBuffer.clear();
    }

    void clearReadBuffer() {
        readBuffer.clear();
    }

    void clearWriteBuffer() {
        writeBuffer.clear();
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

    /** Turns reading on for a new connection (or, in waitForDisconnected, past the limit). */
    void startReading(SocketEngine engine) {
        readPaused = false;
        engine.setReadNotificationEnabled(true);
    }

    /** Forgets the pause when the engine goes. */
    void resetReadPause() {
        readPaused = false;
    }

    /**
     * The engine's read notification: buffers what arrived, emits readyRead, sees the end. A socket
     * opened without ReadOnly discards what arrives and emits nothing, as Qt's does.
     */
    void readNotification() {
        if (sm.state() != SocketState.ConnectedState) {
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
        int first = Math.min(room, FIRST_READ);
        int n = engine.read(readBuffer, first);
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

    /** QIODevice's readData: drains the read buffer; -1 when it is empty and the socket closed. */
    public long readData(byte[] dst, int off, int len) {
        int n = readBuffer.read(dst, off, len);
        resumeReadingIfRoom();
        if (n == 0 && sm.state() != SocketState.ConnectedState && sm.state() != SocketState.ClosingState) {
            return -1;
        }
        return n;
    }

    /** Reads a line from the read buffer, which must not be empty. */
    public long readLine(byte[] dst, int off, int len) {
        int n = readBuffer.readLine(dst, off, len);
        resumeReadingIfRoom();
        return n;
    }

    public long bytesAvailable() {
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
        if (sm.state() == SocketState.UnconnectedState) {
            front.setErrorString(SocketErrors.NOT_CONNECTED);
            return -1;
        }
        writeBuffer.append(src, off, len);
        if (sm.state() == SocketState.ConnectedState && sm.engine() != null && !flushScheduled) {
            ThreadData td = ThreadData.current();
            if (td.loopLevel > 0) {
                // inside the event loop: send it before the loop next waits, with no write
                // notification round trip (enabled only if the kernel cannot take it all)
                flushScheduled = true;
                if (scheduledFlush == null) {
                    scheduledFlush = new Flush();
                }
                td.runInThread(scheduledFlush);
            } else {
                sm.engine().setWriteNotificationEnabled(true);
            }
        }
        return len;
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
        if (sm.isDisposed() || engine == null || writeBuffer.isEmpty()
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
            bytesWrittenCount++;
            emittingBytesWritten = true;
            try {
                front.emitBytesWritten(written);
            } finally {
                emittingBytesWritten = false;
            }
        }
        if (!sm.isDisposed() && sm.state() == SocketState.ClosingState && writeBuffer.isEmpty()) {
            sm.finishDisconnect();
        }
        return written;
    }

    /** flush, the thread checked: writes what it can without blocking; true if anything was written. */
    public boolean flush() {
        if (!front.isValid() || writeBuffer.isEmpty()) {
            return false;
        }
        return writeToSocket() > 0;
    }
}
