package io.qtj.network.internal;

import io.qtj.core.QElapsedTimer;
import io.qtj.core.internal.Log;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;
import io.qtj.network.QHostInfo;

/**
 * A socket's blocking API ({@code waitForConnected/ReadyRead/BytesWritten/Disconnected}), for its
 * {@link SocketStateMachine}. It never runs the event loop: {@link SocketEngine#waitForActivity}
 * waits on a private selector and delivers the notifications the event loop would, so the state
 * machine has one path for both worlds. Each method is called with the thread already checked.
 */
public final class SocketWaits {
    private final SocketStateMachine sm;
    private final SocketBuffers io;
    private final SocketFront front;

    SocketWaits(SocketStateMachine sm, SocketBuffers io, SocketFront front) {
        this.sm = sm;
        this.io = io;
        this.front = front;
    }

    private static long remaining(QElapsedTimer timer, int msecs) {
        return msecs < 0 ? -1 : Math.max(0, msecs - timer.elapsed());
    }

    private static QElapsedTimer started() {
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        return timer;
    }

    private void timedOut() {
        front.setSocketError(SocketError.SocketTimeoutError, SocketErrors.OPERATION_TIMED_OUT);
    }

    private boolean isConnectedOrClosing() {
        return sm.state() == SocketState.ConnectedState || sm.state() == SocketState.ClosingState;
    }

    /**
     * waitForConnected: resolves a pending lookup in this thread, then waits for the connect, as
     * Qt 5's. With a finite {@code msecs}, each wait lasts at most until the attempt in progress has
     * had the connect timeout; when it runs out first, the attempt is given up as the connect timer
     * does ({@link SocketConnector#abortConnectionAttempt}): the next address is tried, or, with
     * none left, the connect fails (Unconnected, errorOccurred), after which the wait records
     * "Socket operation timed out" and reports UnconnectedState once more, as Qt's does. With -1
     * the attempt is not capped: it lasts until the system decides it, as in Qt. When
     * {@code msecs} run out, the connect is given up with SocketTimeoutError, not emitted.
     */
    public boolean waitForConnected(int msecs) {
        if (sm.state() == SocketState.ConnectedState) {
            return true;
        }
        if (sm.state() == SocketState.UnconnectedState || sm.state() == SocketState.ClosingState) {
            return false;
        }
        QElapsedTimer timer = started();
        if (sm.state() == SocketState.HostLookupState) {
            sm.connector().abortLookup();
            QHostInfo info = QHostInfo.fromName(sm.peerName());
            sm.connector().startConnecting(info.addresses(), info);
        }
        SocketEngine attempt = null;      // the engine of the attempt being timed
        QElapsedTimer attemptTimer = null;
        boolean attemptTimedOut = false;  // the last wait ended at the connect timeout (Qt's timedOut)
        while (sm.state() == SocketState.ConnectingState) {
            SocketEngine engine = sm.engine();
            if (engine == null) {
                sm.connector().connectToNextAddress();   // called from hostFound, before the first attempt: as Qt
                continue;
            }
            if (engine != attempt) {
                attempt = engine;   // each attempt has an engine of its own
                attemptTimer = started();
            }
            long left = remaining(timer, msecs);
            long attemptLeft = attemptRemaining(attemptTimer, msecs);
            long wait = attemptLeft >= 0 && attemptLeft < left ? attemptLeft : left;
            attemptTimedOut = false;
            if (wait != 0 && engine.waitForActivity(wait)) {
                continue;
            }
            if (sm.state() != SocketState.ConnectingState) {
                break;
            }
            if (remaining(timer, msecs) == 0) {
                sm.connectWaitTimedOut();
                return false;
            }
            if (sm.engine() == attempt && attemptRemaining(attemptTimer, msecs) == 0) {
                attemptTimedOut = true;
                sm.connector().abortConnectionAttempt(attempt.waitTimeoutError());
            }
            // else woken without progress (e.g. a handshake step): go on waiting
        }
        if (attemptTimedOut && sm.state() == SocketState.UnconnectedState && !sm.isDisposed()) {
            sm.connectWaitTimedOut();   // no address was left: Qt's wait closes with its own timeout error
        }
        return sm.state() == SocketState.ConnectedState;
    }

    /**
     * The time the current attempt may still take in this wait: the connect timeout less what the
     * attempt has waited; -1 (no cap) for an endless wait or when the connect timeout is off.
     */
    private long attemptRemaining(QElapsedTimer attemptTimer, int msecs) {
        int cap = sm.connectTimeout();
        return msecs < 0 || cap < 0 ? -1 : Math.max(0, cap - attemptTimer.elapsed());
    }

    /** waitForReadyRead: true once readyRead was emitted; false on timeout or when the connection closes. */
    public boolean waitForReadyRead(int msecs) {
        if (sm.state() == SocketState.UnconnectedState) {
            return false;
        }
        QElapsedTimer timer = started();
        if (!isConnectedOrClosing() && !front.waitForConnected(msecs)) {
            return false;
        }
        long before = io.readyReadCount();
        while (isConnectedOrClosing()) {
            if (io.isReadyReadPending()) {
                return true;   // Unbuffered: what the last readyRead announced is still there, as Qt
            }
            SocketEngine engine = sm.engine();
            if (engine == null || io.isReadPaused()) {
                // closing with the connection already gone (a slot waiting during the peer's close),
                // or the read buffer is full: nothing new can arrive
                return false;
            }
            if (io.bytesToWrite() > 0) {
                engine.setWriteNotificationEnabled(true);   // send pending data while waiting, as Qt
            }
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && front.isValid()) {
                    continue;
                }
                if (front.isValid()) {
                    timedOut();
                }
                return false;
            }
            if (io.readyReadCount() != before) {
                return true;
            }
        }
        return false;
    }

    /** waitForBytesWritten: true once bytesWritten was emitted; false if nothing is buffered, on timeout or error. */
    public boolean waitForBytesWritten(int msecs) {
        if (io.bytesToWrite() == 0 && !io.hasUnannouncedWrites()) {
            return false;
        }
        QElapsedTimer timer = started();
        if (!isConnectedOrClosing() && !front.waitForConnected(msecs)) {
            return false;
        }
        long before = io.bytesWrittenCount();
        while (front.isValid() && (io.bytesToWrite() > 0 || io.hasUnannouncedWrites())) {
            SocketEngine engine = sm.engine();
            engine.setWriteNotificationEnabled(true);
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && front.isValid()) {
                    continue;
                }
                if (front.isValid()) {
                    timedOut();
                }
                return false;
            }
            if (io.bytesWrittenCount() != before) {
                return true;
            }
        }
        return io.bytesWrittenCount() != before;
    }

    /** waitForDisconnected: true once Unconnected; false on timeout, or at once if not connected. */
    public boolean waitForDisconnected(int msecs) {
        if (sm.state() == SocketState.UnconnectedState) {
            Log.warning("QAbstractSocket::waitForDisconnected() is not allowed in UnconnectedState");
            return false;
        }
        QElapsedTimer timer = started();
        if (!isConnectedOrClosing()) {
            long before = sm.connectedCount();
            front.waitForConnected(msecs);
            if (sm.state() == SocketState.UnconnectedState) {
                return sm.connectedCount() != before;   // connected, then a pending close finished it
            }
            if (!isConnectedOrClosing()) {
                return false;
            }
        }
        while (isConnectedOrClosing()) {
            if (sm.engine() == null) {
                sm.finishDisconnect();
                break;
            }
            if (sm.state() == SocketState.ClosingState && io.bytesToWrite() == 0) {
                sm.finishDisconnect();
                break;
            }
            if (sm.state() == SocketState.ConnectedState && (io.isReadPaused() || io.isReadyReadPending())) {
                // keep reading to see the close, as Qt does: the buffer grows past its limit (and
                // an Unbuffered socket buffers what its application has not read)
                io.readToSeeClose(sm.engine());
            }
            long left = remaining(timer, msecs);
            if (left == 0 || !sm.engine().waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && sm.engine() != null) {
                    continue;
                }
                timedOut();
                return false;
            }
        }
        return sm.state() == SocketState.UnconnectedState;
    }
}
