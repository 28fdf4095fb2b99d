package io.qtj.network;

import io.qtj.core.QObject;
import io.qtj.network.internal.NioSocketEngine;
import io.qtj.network.internal.SocketEngine;
import io.qtj.network.internal.UnsupportedProxyEngine;

import java.util.List;

/**
 * Chooses the engine of a connection in Qt's order: the socket's own proxy, else (for
 * DefaultProxy) the application proxy or factory, else the system configuration; the first
 * proxy in the resulting list that can tunnel TCP is used, NoProxy meaning a direct connection.
 */
final class SocketEngineFactory {
    private SocketEngineFactory() {
    }

    /** Returns the proxy a TCP connection to {@code host}:{@code port} uses, resolving DefaultProxy. */
    static QNetworkProxy resolve(QNetworkProxy own, String host, int port) {
        if (own.type() != QNetworkProxy.ProxyType.DefaultProxy) {
            return own;
        }
        List<QNetworkProxy> candidates = QNetworkProxyFactory.proxyForQuery(
                new QNetworkProxyQuery(host, port, "", QNetworkProxyQuery.QueryType.TcpSocket));
        for (QNetworkProxy p : candidates) {
            if (p.type() == QNetworkProxy.ProxyType.NoProxy
                    || p.capabilities().contains(QNetworkProxy.Capability.TunnelingCapability)) {
                return p;
            }
        }
        return new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy);
    }

    static SocketEngine create(QObject owner, QNetworkProxy own, String host, int port) {
        QNetworkProxy p = resolve(own, host, port);
        return switch (p.type()) {
            case NoProxy, DefaultProxy -> new NioSocketEngine(owner);
            default -> new UnsupportedProxyEngine(p);
        };
    }
}
