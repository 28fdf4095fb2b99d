package io.qtj.network;

import io.qtj.network.internal.EnvironmentProxies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fine-grained proxy selection: a factory returns, for each {@link QNetworkProxyQuery}, the
 * proxies to try in order.
 *
 * <p>Set a factory for the whole application with {@link #setApplicationProxyFactory}; it then
 * overrides the proxy set with {@link QNetworkProxy#setApplicationProxy}. Every socket whose
 * proxy is {@code DefaultProxy} asks {@link #proxyForQuery}, which applies Qt's precedence:
 * <ol>
 * <li>a query whose host is {@code localhost}, {@code localhost.*} or a loopback address gets
 *     {@code NoProxy};</li>
 * <li>else the application factory, if set (an empty answer becomes {@code NoProxy});</li>
 * <li>else the application proxy, if one other than {@code DefaultProxy} was set;</li>
 * <li>else, when the system configuration is in use ({@link #setUseSystemConfiguration}),
 *     {@link #systemProxyForQuery}'s answer followed by {@code NoProxy} (so that a server
 *     can still bind when no proxy offers {@code ListeningCapability});</li>
 * <li>else {@code NoProxy}.</li>
 * </ol>
 *
 * <p>The system configuration is in use by default, as in a default build of Qt 6
 * ({@code -system-proxies}); on every platform this port reads the Unix environment
 * variables described in {@link #systemProxyForQuery}.
 *
 * <p><b>Thread safety.</b> The static methods are thread-safe. Unlike Qt, which calls the
 * application factory while holding its global lock, {@link #proxyForQuery} calls
 * {@link #queryProxy} without holding any lock, so a factory may itself call the static
 * methods; a factory must therefore be thread-safe, since sockets in several threads may
 * query it at once. Ownership is Java's: a replaced factory is simply dropped (Qt deletes it).
 */
public abstract class QNetworkProxyFactory {
    private static final System.Logger LOG = System.getLogger(QNetworkProxyFactory.class.getName());

    private static final Object LOCK = new Object();
    /** The application proxy; null until set. Guarded by LOCK. */
    private static QNetworkProxy applicationProxy;
    /** The application proxy factory; null if none. Guarded by LOCK. */
    private static QNetworkProxyFactory applicationFactory;
    /** Whether the system configuration is used. Guarded by LOCK. */
    private static boolean useSystemProxies = true;

    /** Creates a factory. Install it with {@link #setApplicationProxyFactory}. */
    protected QNetworkProxyFactory() {
    }

    /**
     * Returns the proxies to use for {@code query}, most preferred first. Sockets try them in
     * order, skipping those without the capability they need. Returning an empty list is
     * treated as {@code NoProxy}. Called from any thread.
     */
    public abstract List<QNetworkProxy> queryProxy(QNetworkProxyQuery query);

    /** Returns {@link #queryProxy(QNetworkProxyQuery)} for a default query, as Qt's default argument. */
    public final List<QNetworkProxy> queryProxy() {
        return queryProxy(new QNetworkProxyQuery());
    }

    /**
     * Sets the application-wide proxy factory to {@code factory}, or removes it if null. The
     * application proxy is reset to {@code DefaultProxy} and the system configuration is no
     * longer used.
     */
    public static void setApplicationProxyFactory(QNetworkProxyFactory factory) {
        synchronized (LOCK) {
            if (factory == applicationFactory) {
                return;
            }
            if (applicationProxy != null) {
                applicationProxy = new QNetworkProxy();
            }
            applicationFactory = factory;
            useSystemProxies = false;
        }
    }

    /**
     * Enables the use of the platform's proxy settings if {@code enable} is true; disables it
     * otherwise. Enabling it removes the application proxy factory and resets the application
     * proxy, as in Qt.
     */
    public static void setUseSystemConfiguration(boolean enable) {
        synchronized (LOCK) {
            useSystemProxies = enable;
            if (enable) {
                if (applicationProxy != null) {
                    applicationProxy = new QNetworkProxy();
                }
                applicationFactory = null;
            }
        }
    }

    /** Returns true if the platform's proxy settings are in use; otherwise returns false. True by default. */
    public static boolean usesSystemConfiguration() {
        synchronized (LOCK) {
            return useSystemProxies;
        }
    }

    /**
     * Returns the proxies to use for {@code query}, with the precedence given in the class
     * documentation. Never returns an empty list. Thread-safe.
     */
    public static List<QNetworkProxy> proxyForQuery(QNetworkProxyQuery query) {
        return proxyForQuery(query, System.getenv());
    }

    /** {@link #proxyForQuery(QNetworkProxyQuery)} reading the system configuration from {@code env}; for tests. */
    static List<QNetworkProxy> proxyForQuery(QNetworkProxyQuery query, Map<String, String> env) {
        if (query == null) {
            throw new IllegalArgumentException("query: null (expected: a QNetworkProxyQuery)");
        }
        List<QNetworkProxy> result = new ArrayList<>();
        String host = query.peerHostName();
        if (host.equals("localhost") || host.startsWith("localhost.") || new QHostAddress(host).isLoopback()) {
            result.add(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
            return result;
        }
        QNetworkProxyFactory factory;
        QNetworkProxy appProxy;
        boolean useSystem;
        synchronized (LOCK) {
            factory = applicationFactory;
            appProxy = applicationProxy;
            useSystem = useSystemProxies;
        }
        if (factory == null) {
            if (appProxy != null && appProxy.type() != QNetworkProxy.ProxyType.DefaultProxy) {
                result.add(new QNetworkProxy(appProxy));
            } else if (useSystem) {
                result.addAll(EnvironmentProxies.forQuery(query, env));
                result.add(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
            } else {
                result.add(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
            }
            return result;
        }
        List<QNetworkProxy> answer = factory.queryProxy(new QNetworkProxyQuery(query));
        if (answer != null) {
            for (QNetworkProxy p : answer) {
                if (p != null) {
                    result.add(p);
                }
            }
        }
        if (result.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING,
                    "QNetworkProxyFactory: factory " + factory + " has returned an empty result set");
            result.add(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
        }
        return result;
    }

    /**
     * Returns the proxies the system configuration gives for {@code query}. On every platform
     * this port reads the Unix environment as Qt's generic (libproxy-less) back end does:
     * {@code no_proxy} first, then {@code http_proxy}, {@code https_proxy} or
     * {@code ftp_proxy} by protocol tag, else {@code all_proxy}, falling back to
     * {@code http_proxy}; {@code socks5://}, {@code socks5h://} and {@code http://} URLs (or
     * none) are understood, with user and password. The result is never empty: {@code NoProxy}
     * when nothing applies. Loopback destinations are excluded by {@link #proxyForQuery}, not
     * here, as in Qt. Differences from Qt are listed in {@code EnvironmentProxies}: a URL
     * without a port gets the protocol's default (1080, 8080) rather than Qt's accidental 65535.
     */
    public static List<QNetworkProxy> systemProxyForQuery(QNetworkProxyQuery query) {
        if (query == null) {
            throw new IllegalArgumentException("query: null (expected: a QNetworkProxyQuery)");
        }
        return new ArrayList<>(EnvironmentProxies.forQuery(query, System.getenv()));
    }

    /** Returns {@link #systemProxyForQuery(QNetworkProxyQuery)} for a default query. */
    public static List<QNetworkProxy> systemProxyForQuery() {
        return systemProxyForQuery(new QNetworkProxyQuery());
    }

    /** Stores the application proxy; called by {@link QNetworkProxy#setApplicationProxy}. */
    static void setApplicationProxyInternal(QNetworkProxy proxy) {
        synchronized (LOCK) {
            applicationProxy = proxy;
            applicationFactory = null;
            useSystemProxies = false;
        }
    }
}
