package io.qtj.network.internal;

import io.qtj.core.internal.RingBuffer;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketOption;
import io.qtj.network.QAuthenticator;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;

import java.nio.ByteBuffer;
/**
 * What carries a socket's bytes (Qt's QAbstractSocketEngine): a direct NIO connection, or a
 * tunnel through a proxy built on one. {@code QAbstractSocket} keeps the state machine and the
 * buffers and drives an engine; the engine reports back through its {@link Receiver}, from the
 * event loop or from {@link #waitForActivity(long)} in the blocking API, never directly from a
 * call the socket made.
 *
 * <p>Used from the socket's thread only.
 */
public abstract class SocketEngine {
    /** The engine's view of the connection. */
    public enum State {
        /** No connection, or it failed: see {@link #error()}. */
        Unconnected,
        /** Connecting (for a proxy engine: connecting to the proxy or negotiating with it). */
        Connecting,
        /** Bytes flow end to end. */
        Connected
    }

    /** Gets the engine's notifications (Qt's QAbstractSocketEngineReceiver). */
    public interface Receiver {
        /** Data (or the end of the stream) can be read. */
        void readNotification();

        /** Room to write. */
        void writeNotification();

        /** A connect finished: the engine's state is now Connected, or Unconnected with an error. */
        void connectionNotification();

        /**
         * The proxy wants credentials; the receiver fills {@code authenticator} (or leaves it null
         * to give up) before returning.
         */
        void proxyAuthenticationRequired(QNetworkProxy proxy, QAuthenticator authenticator);
    }

    protected Receiver receiver;
    protected SocketError error = SocketError.UnknownSocketError;
    protected String errorString = "Unknown error";

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

    protected void setError(SocketError e, String text) {
        error = e;
        errorString = text;
    }

    /** Records the error a failed channel operation maps to, with Qt's wording. */
    protected final void setError(Exception failure) {
        SocketErrors.Mapped m = SocketErrors.forIo(failure);
        setError(m.error(), m.text());
    }

    /** Starts connecting to {@code address}:{@code port}; check {@link #state()} afterwards. */
    public abstract void connectToHost(QHostAddress address, int port);

    /**
     * Starts connecting to a host by name, for engines whose proxy resolves names
     * ({@link #resolvesNamesRemotely()}).
     */
    public void connectToHostByName(String hostName, int port) {
        throw new UnsupportedOperationException("this engine resolves no names");
    }

    /**
     * The error a connect that took too long ends with: SocketTimeoutError ("Connection timed
     * out") for a direct connection; a proxy engine's ProxyConnectionTimeoutError.
     */
    public SocketErrors.Mapped connectTimeoutError() {
        return new SocketErrors.Mapped(SocketError.SocketTimeoutError, SocketErrors.CONNECTION_TIMED_OUT);
    }

    /**
     * The error a blocking wait for the connect ends an attempt with when the attempt ran out of
     * connect timeout: SocketTimeoutError ("Network operation timed out", the text Qt's native engine
     * gives a wait that timed out) for a direct connection; a proxy engine's connect timeout error.
     */
    public SocketErrors.Mapped waitTimeoutError() {
        return new SocketErrors.Mapped(SocketError.SocketTimeoutError, SocketErrors.NETWORK_TIMED_OUT);
    }

    /** True if this engine takes host names and lets the far side resolve them. */
    public boolean resolvesNamesRemotely() {
        return false;
    }

    /** Returns the engine's state. */
    public abstract State state();

    /**
     * Reads what is available, at most {@code maxLen} bytes, straight onto the tail of
     * {@code dst} (for a direct buffer, with no copy on the way): returns the bytes read, 0 if
     * none now, or -1 when the peer closed the connection or an error occurred (then
     * {@link #error()} says which).
     */
    public abstract int read(RingBuffer dst, int maxLen);

    /**
     * Writes what it can of {@code src} straight from its chunks, consuming what was written;
     * returns the bytes written, or -1 on error.
     */
    public abstract long write(RingBuffer src);

    /**
     * Reads what is available into {@code dst}, with no buffer between (an Unbuffered socket's
     * read): returns the bytes read, 0 if none now, or -1 when the peer closed the connection or
     * an error occurred (then {@link #error()} says which).
     */
    public abstract int read(ByteBuffer dst);

    /**
     * Writes what it can of {@code src} now, with no buffer between (an Unbuffered socket's write):
     * returns the bytes written (0 if the kernel has no room), or -1 on error.
     */
    public abstract int write(ByteBuffer src);

    /**
     * The bytes that can be read now without waiting (the kernel's count, Qt's
     * {@code bytesAvailable} of its socket engines), or 0 if not connected or not known.
     */
    public abstract long bytesAvailable();

    /** Turns read notifications on or off. */
    public abstract void setReadNotificationEnabled(boolean enable);

    /** Returns whether read notifications are on. */
    public abstract boolean isReadNotificationEnabled();

    /** Turns write notifications on or off. */
    public abstract void setWriteNotificationEnabled(boolean enable);

    /**
     * Blocks up to {@code timeoutMs} milliseconds (-1: forever) until the channel is ready for what
     * the enabled notifications (or a pending connect) wait for, then delivers those notifications
     * as the event loop would. Returns false on timeout or error.
     */
    public abstract boolean waitForActivity(long timeoutMs);

    /** The local address of the connection (for a proxy engine: the proxy's view if known). */
    public abstract QHostAddress localAddress();

    /** The local port. */
    public abstract int localPort();

    /** The peer's address. */
    public abstract QHostAddress peerAddress();

    /** The peer's port. */
    public abstract int peerPort();

    /** Applies a socket option to the underlying channel. */
    public abstract void setOption(SocketOption option, Object value);

    /** Reads a socket option from the underlying channel, or null. */
    public abstract Object option(SocketOption option);

    /** Returns a descriptor handle for the underlying channel, or -1. */
    public abstract long descriptor();

    /**
     * The owner is moving to another thread (its ThreadChange, delivered in the old thread): the
     * old thread's event loop stops watching the connection. What is enabled stays enabled.
     */
    public abstract void leavingThread();

    /**
     * The owner now lives in the calling thread (called there after a move): its event loop
     * watches the connection for the notifications enabled, as it did in the old thread.
     */
    public abstract void enteredThread();

    /** Closes the connection and releases everything. */
    public abstract void close();
}
