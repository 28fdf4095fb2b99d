package io.qtj.network.internal;

import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;
import io.qtj.network.QAuthenticator;
import io.qtj.network.QNetworkProxy;

import java.util.EnumSet;

/**
 * The public socket as its {@link SocketStateMachine} sees it (Qt's {@code q_func()}):
 * {@code QAbstractSocket} implements this in a private class, so that none of it is public API.
 *
 * <p>Every call may run user slots, which may change the socket's state or dispose it: callers
 * re-check afterwards, as Qt does after every emit. The last group calls the socket's own public
 * operations, which a subclass may override, where Qt calls {@code q->disconnectFromHost()} and
 * the like.
 */
public interface SocketFront {
    /** Emits {@code stateChanged(state)}. */
    void emitStateChanged(SocketState state);

    /** Emits {@code hostFound}. */
    void emitHostFound();

    /** Emits {@code connected}. */
    void emitConnected();

    /** Emits {@code disconnected}. */
    void emitDisconnected();

    /** Emits {@code readChannelFinished}. */
    void emitReadChannelFinished();

    /** Emits {@code readyRead}, unless the socket is already emitting it. */
    void emitReadyRead();

    /** Emits {@code bytesWritten(bytes)}. */
    void emitBytesWritten(long bytes);

    /** Emits {@code proxyAuthenticationRequired(proxy, authenticator)}. */
    void emitProxyAuthenticationRequired(QNetworkProxy proxy, QAuthenticator authenticator);

    /** The socket's {@code setSocketError}: sets the error and its text, emits {@code errorOccurred}. */
    void setSocketError(SocketError error, String text);

    /** Emits {@code errorOccurred(error)}; the error and its text are already set. */
    void emitErrorOccurred(SocketError error);

    /** Sets the device's error string without emitting anything. */
    void setErrorString(String text);

    /**
     * Opens the device in {@code mode} (QIODevice's {@code open}), even if it is still open from an
     * earlier connection, as Qt's connectToHost and setSocketDescriptor do.
     */
    void openDevice(EnumSet<OpenModeFlag> mode);

    /** Calls the device's {@code isReadable()}: false when it was opened without ReadOnly. */
    boolean isReadable();

    /** Calls the socket's {@code disconnectFromHost()}. */
    void disconnectFromHost();

    /** Calls the socket's {@code abort()}. */
    void abort();

    /** Calls the socket's {@code close()}. */
    void close();

    /** Calls the socket's {@code isValid()}. */
    boolean isValid();

    /** Calls the socket's {@code waitForConnected(msecs)}. */
    boolean waitForConnected(int msecs);
}
