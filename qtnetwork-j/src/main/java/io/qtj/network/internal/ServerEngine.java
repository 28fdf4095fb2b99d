package io.qtj.network.internal;

import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QHostAddress;

/**
 * What accepts connections for a {@code QTcpServer} (the listening half of Qt's
 * QAbstractSocketEngine): a direct listening channel, or a SOCKS5 BIND through a proxy. The
 * server keeps the pending queue and the signals; the engine listens, tells its {@link Receiver}
 * that connections wait, and hands each over as a descriptor of {@link SocketDescriptors}.
 *
 * <p>Used from the server's thread only.
 */
public abstract class ServerEngine {
    /** Gets the engine's notifications. */
    public interface Receiver {
        /** One or more connections can be accepted (or accepting failed: {@link #accept()} says). */
        void acceptNotification();
    }

    /** Who gets the notifications; null until set. */
    protected Receiver receiver;
    /** The last error; UnknownSocketError until one occurred. */
    protected SocketError error = SocketError.UnknownSocketError;
    /** The last error's text. */
    protected String errorString = "";

    /** Sets who gets the notifications. */
    public void setReceiver(Receiver r) {
        receiver = r;
    }

    /** Returns the last error. */
    public SocketError error() {
        return error;
    }

    /** Returns the last error's text, Qt's English wording. */
    public String errorString() {
        return errorString;
    }

    /** Records an error and its text. */
    protected void setError(SocketError e, String text) {
        error = e;
        errorString = text;
    }

    /** Records the error a failed channel operation maps to, with Qt's wording. */
    protected final void setError(Exception failure) {
        SocketErrors.Mapped m = SocketErrors.forIo(failure);
        setError(m.error(), m.text());
    }

    /**
     * Starts listening on {@code address}:{@code port} with the kernel backlog {@code backlog}.
     * Returns true on success; otherwise false with {@link #error()} set.
     */
    public abstract boolean listen(QHostAddress address, int port, int backlog);

    /** True while connections can still arrive. */
    public abstract boolean isListening();

    /** The address connections arrive at. */
    public abstract QHostAddress serverAddress();

    /** The port connections arrive at. */
    public abstract int serverPort();

    /** Turns accept notifications on or off. */
    public abstract void setAcceptNotificationEnabled(boolean enable);

    /**
     * Accepts one connection: returns its descriptor (registered in {@link SocketDescriptors}),
     * 0 if none is waiting, or -1 on error ({@link #error()} says which).
     */
    public abstract long accept();

    /**
     * True if {@link #accept()} may find a connection now. The server asks before each accept
     * after the first of a notification, so that its accept loop (which, as Qt's, takes every
     * waiting connection) can end without a failing accept. The default says yes: accept() itself
     * then finds out.
     */
    public boolean acceptReady() {
        return true;
    }

    /**
     * Blocks up to {@code timeoutMs} milliseconds (-1: forever) until a connection can be
     * accepted or accepting failed. Returns false on timeout.
     */
    public abstract boolean waitForAccept(long timeoutMs);

    /** The listening descriptor, or -1. */
    public abstract long descriptor();

    /**
     * The server is moving to another thread (its ThreadChange, delivered in the old thread): the
     * old thread's event loop stops watching for connections. What is enabled stays enabled.
     */
    public abstract void leavingThread();

    /**
     * The server now lives in the calling thread (called there after a move): its event loop
     * watches for connections if accept notifications are enabled.
     */
    public abstract void enteredThread();

    /** Stops listening and releases everything. */
    public abstract void close();
}
