package io.qtj.network.internal;

import io.qtj.core.internal.RingBuffer;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketOption;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;

import java.nio.ByteBuffer;

/**
 * The engine for a proxy type qtj cannot tunnel through: every connect fails at once with
 * UnsupportedSocketOperationError, rather than silently connecting directly.
 */
public final class UnsupportedProxyEngine extends SocketEngine {
    private final QNetworkProxy proxy;

    /** Creates the engine for {@code proxy}. */
    public UnsupportedProxyEngine(QNetworkProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void connectToHost(QHostAddress address, int port) {
        setError(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported ("
                + proxy.type() + " is not supported for TCP sockets)");
    }

    @Override
    public State state() {
        return State.Unconnected;
    }

    @Override
    public int read(ByteBuffer dst) {
        return -1;
    }

    @Override
    public long write(RingBuffer src) {
        return -1;
    }

    @Override
    public void setReadNotificationEnabled(boolean enable) {
    }

    @Override
    public boolean isReadNotificationEnabled() {
        return false;
    }

    @Override
    public void setWriteNotificationEnabled(boolean enable) {
    }

    @Override
    public boolean waitForActivity(long timeoutMs) {
        return false;
    }

    @Override
    public QHostAddress localAddress() {
        return new QHostAddress();
    }

    @Override
    public int localPort() {
        return 0;
    }

    @Override
    public QHostAddress peerAddress() {
        return new QHostAddress();
    }

    @Override
    public int peerPort() {
        return 0;
    }

    @Override
    public void setOption(SocketOption option, Object value) {
    }

    @Override
    public Object option(SocketOption option) {
        return null;
    }

    @Override
    public long descriptor() {
        return -1;
    }

    @Override
    public void close() {
    }
}
