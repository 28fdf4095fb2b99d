package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;
import io.qtj.network.QNetworkProxyFactory;
import io.qtj.network.QNetworkProxyQuery;

import java.util.List;

/**
 * Chooses the engine of a connection in Qt's order: the socket's own proxy, else (for
 * DefaultProxy) the application proxy or factory, else the system configuration; the first
 * proxy in the resulting list that can tunnel TCP is used, NoProxy meaning a direct connection.
 * Loopback and {@code localhost} targets get NoProxy from {@link QNetworkProxyFactory#proxyForQuery}
 * only: a proxy set on the socket itself is used even for them, as in Qt.
 *
 * <p>A server chooses likewise among proxies that can listen (ListeningCapability): SOCKS5 BIND,
 * or a direct listening channel.
 */
public final class SocketEngineFactory {
    /** What a connection to this machine resolves to when its proxy is DefaultProxy; never handed out. */
    private static final QNetworkProxy NO_PROXY = new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy);

    private SocketEngineFactory() {
    }

    /**
     * Returns the proxy a TCP connection to {@code host}:{@code port} uses, as Qt's resolveProxy:
     * the socket's own proxy ({@code own}; null stands for DefaultProxy), or for DefaultProxy the
     * application's list for the query; the first one that can tunnel TCP (NoProxy meaning
     * direct). Returns null if none can, and the connect then fails with
     * UnsupportedSocketOperationError, as in Qt. {@code literal} is {@code host} as an address, or
     * null if it is a name: a loopback or {@code localhost} target with DefaultProxy gets NoProxy
     * without building a query, as the first rule of {@link QNetworkProxyFactory#proxyForQuery}
     * would give it (that NoProxy only chooses the engine and is never handed out).
     */
    public static QNetworkProxy resolve(QNetworkProxy own, String host, QHostAddress literal, int port) {
        boolean useDefault = own == null || own.type() == QNetworkProxy.ProxyType.DefaultProxy;
        if (useDefault && (literal != null ? literal.isLoopback()
                : host.equals("localhost") || host.startsWith("localhost."))) {
            return NO_PROXY;
        }
        List<QNetworkProxy> candidates = !useDefault ? List.of(own)
                : QNetworkProxyFactory.proxyForQuery(
                        new QNetworkProxyQuery(host, port, "", QNetworkProxyQuery.QueryType.TcpSocket));
        for (QNetworkProxy p : candidates) {
            if (p.type() == QNetworkProxy.ProxyType.NoProxy
                    || p.capabilities().contains(QNetworkProxy.Capability.TunnelingCapability)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Returns the proxy a server listening on {@code port} uses, resolving DefaultProxy; null if
     * no proxy in the list can listen (Qt then fails listen() with UnsupportedSocketOperationError).
     */
    public static QNetworkProxy resolveForServer(QNetworkProxy own, int port) {
        if (own.type() != QNetworkProxy.ProxyType.DefaultProxy) {
            return own;
        }
        List<QNetworkProxy> candidates = QNetworkProxyFactory.proxyForQuery(
                new QNetworkProxyQuery(port, "", QNetworkProxyQuery.QueryType.TcpServer));
        for (QNetworkProxy p : candidates) {
            if (p.type() == QNetworkProxy.ProxyType.NoProxy
                    || p.capabilities().contains(QNetworkProxy.Capability.ListeningCapability)) {
                return p;
            }
        }
        return null;
    }

    /** Returns the engine for a proxy {@link #resolve}d before; null if it cannot tunnel TCP. */
    public static SocketEngine create(QObject owner, QNetworkProxy p) {
        return switch (p.type()) {
            case Socks5Proxy -> new Socks5SocketEngine(owner, p);
            case HttpProxy -> new HttpSocketEngine(owner, p);
            case NoProxy -> new NioSocketEngine(owner);
            default -> null;
        };
    }

    /** Returns the listening engine for {@code own} (resolved), or null if the proxy cannot listen. */
    public static ServerEngine createServer(QObject owner, QNetworkProxy own, int port) {
        QNetworkProxy p = resolveForServer(own, port);
        if (p == null) {
            return null;
        }
        return switch (p.type()) {
            case NoProxy, DefaultProxy -> new DirectServerEngine(owner);
            case Socks5Proxy -> new Socks5BindServerEngine(owner, p);
            default -> null;
        };
    }
}
