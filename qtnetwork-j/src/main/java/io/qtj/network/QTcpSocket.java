package io.qtj.network;

import io.qtj.core.QObject;

/**
 * A TCP socket: a {@link QAbstractSocket} of type TcpSocket. Everything it does is described
 * there; as in Qt, this class adds no members.
 */
public class QTcpSocket extends QAbstractSocket {
    /** Constructs an unconnected TCP socket. */
    public QTcpSocket() {
        this(null);
    }

    /** Constructs an unconnected TCP socket, child of {@code parent}. */
    public QTcpSocket(QObject parent) {
        super(SocketType.TcpSocket, parent);
    }
}
