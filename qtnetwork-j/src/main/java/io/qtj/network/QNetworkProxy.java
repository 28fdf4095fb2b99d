package io.qtj.network;

import java.util.EnumSet;
import java.util.Objects;

/**
 * A network layer proxy: its type, host, port, credentials and capabilities.
 *
 * <p>A socket uses the proxy set on it with {@code QAbstractSocket.setProxy()}; a socket whose
 * proxy is of type {@link ProxyType#DefaultProxy} (the default) uses the application proxy
 * chosen by {@link QNetworkProxyFactory#proxyForQuery}: the application proxy factory if one is
 * set, else the proxy set with {@link #setApplicationProxy}, else the system configuration
 * (on Linux, the {@code http_proxy}/{@code all_proxy}/{@code no_proxy} environment variables)
 * when it is enabled, else no proxy. Connections to loopback addresses and to
 * {@code localhost} are never proxied.
 *
 * <p>Each type has default capabilities (see {@link ProxyType}); {@link #setType} resets them
 * to the new type's defaults unless {@link #setCapabilities} was called before.
 *
 * <p><b>Thread safety.</b> A QNetworkProxy is a mutable value, like Qt's, and is not
 * thread-safe; confine it or copy it ({@link #QNetworkProxy(QNetworkProxy)}). The static
 * {@link #setApplicationProxy} and {@link #applicationProxy} are thread-safe; they store and
 * return copies.
 *
 * @see QNetworkProxyFactory
 */
public final class QNetworkProxy {

    /**
     * The types of proxying. Default capabilities per type:
     * <table>
     * <caption>Default capabilities</caption>
     * <tr><th>Type</th><th>Default capabilities</th></tr>
     * <tr><td>DefaultProxy, NoProxy</td><td>Tunneling, Listening, UdpTunneling, SctpTunneling, SctpListening</td></tr>
     * <tr><td>Socks5Proxy</td><td>Tunneling, Listening, UdpTunneling, HostNameLookup</td></tr>
     * <tr><td>HttpProxy</td><td>Tunneling, Caching, HostNameLookup</td></tr>
     * <tr><td>HttpCachingProxy, FtpCachingProxy</td><td>Caching, HostNameLookup</td></tr>
     * </table>
     */
    public enum ProxyType {
        /** The proxy is determined by the application proxy ({@link #setApplicationProxy}). */
        DefaultProxy,
        /** SOCKS5 proxying (RFC 1928, with RFC 1929 user/password authentication). */
        Socks5Proxy,
        /** No proxying is used. */
        NoProxy,
        /** HTTP transparent proxying, with the {@code CONNECT} command; outgoing TCP only. */
        HttpProxy,
        /** Proxying for HTTP requests only. */
        HttpCachingProxy,
        /** Proxying for FTP requests only. */
        FtpCachingProxy
    }

    /** The capabilities a proxy server supports. */
    public enum Capability {
        /** Can open transparent, tunneled TCP connections to a remote host. */
        TunnelingCapability,
        /** Can create a listening socket and wait for an incoming TCP connection. */
        ListeningCapability,
        /** Can relay UDP datagrams to and from a remote host. */
        UdpTunnelingCapability,
        /** Can cache the contents of the transfer. */
        CachingCapability,
        /** Can look up a remote host name itself, so the application need not resolve it. */
        HostNameLookupCapability,
        /** Can open transparent, tunneled SCTP connections to a remote host. */
        SctpTunnelingCapability,
        /** Can create a listening socket and wait for an incoming SCTP connection. */
        SctpListeningCapability
    }

    private ProxyType type;
    private String hostName;
    private int port;
    private String user;
    private String password;
    private EnumSet<Capability> capabilities;
    /** Whether setCapabilities() was called; setType() then keeps the capabilities. */
    private boolean capabilitiesSet;

    /**
     * Constructs a QNetworkProxy of type {@code DefaultProxy}: the proxy actually used is then
     * the application proxy, which defaults to {@code NoProxy} or the system proxy. The host
     * name, user and password are null and the port is 0.
     */
    public QNetworkProxy() {
        this(ProxyType.DefaultProxy, null, 0, null, null);
    }

    /** Constructs a QNetworkProxy of type {@code type}, with no host (null) and port 0. */
    public QNetworkProxy(ProxyType type) {
        this(type, null, 0, null, null);
    }

    /** Constructs a QNetworkProxy of type {@code type} for {@code hostName}:{@code port}, without credentials. */
    public QNetworkProxy(ProxyType type, String hostName, int port) {
        this(type, hostName, port, null, null);
    }

    /**
     * Constructs a QNetworkProxy with {@code type}, {@code hostName}, {@code port}, {@code user}
     * and {@code password}. The default capabilities for {@code type} are set.
     *
     * @throws IllegalArgumentException if {@code type} is null or {@code port} is outside 0..65535
     */
    public QNetworkProxy(ProxyType type, String hostName, int port, String user, String password) {
        this.type = requireType(type);
        this.hostName = hostName;
        this.port = checkPort(port);
        this.user = user;
        this.password = password;
        this.capabilities = defaultCapabilitiesForType(type);
    }

    /** Constructs a copy of {@code other}. */
    public QNetworkProxy(QNetworkProxy other) {
        if (other == null) {
            throw new IllegalArgumentException("other: null (expected: a QNetworkProxy to copy)");
        }
        type = other.type;
        hostName = other.hostName;
        port = other.port;
        user = other.user;
        password = other.password;
        capabilities = EnumSet.copyOf(other.capabilities);
        capabilitiesSet = other.capabilitiesSet;
    }

    /** Returns the default capabilities of a proxy of type {@code type}. */
    static EnumSet<Capability> defaultCapabilitiesForType(ProxyType type) {
        switch (type) {
            case Socks5Proxy:
                return EnumSet.of(Capability.TunnelingCapability, Capability.ListeningCapability,
                        Capability.UdpTunnelingCapability, Capability.HostNameLookupCapability);
            case HttpProxy:
                return EnumSet.of(Capability.TunnelingCapability, Capability.CachingCapability,
                        Capability.HostNameLookupCapability);
            case HttpCachingProxy:
            case FtpCachingProxy:
                return EnumSet.of(Capability.CachingCapability, Capability.HostNameLookupCapability);
            case DefaultProxy:
            case NoProxy:
            default:
                return EnumSet.of(Capability.ListeningCapability, Capability.TunnelingCapability,
                        Capability.UdpTunnelingCapability, Capability.SctpTunnelingCapability,
                        Capability.SctpListeningCapability);
        }
    }

    /** Returns the proxy type. */
    public ProxyType type() {
        return type;
    }

    /**
     * Sets the proxy type to {@code type}. The capabilities become the default ones for
     * {@code type}, unless they were set with {@link #setCapabilities}, in which case they are
     * kept.
     */
    public void setType(ProxyType type) {
        this.type = requireType(type);
        if (!capabilitiesSet) {
            capabilities = defaultCapabilitiesForType(type);
        }
    }

    /** Returns the host name of the proxy host, or null if none was set. */
    public String hostName() {
        return hostName;
    }

    /** Sets the host name of the proxy host to {@code hostName}. */
    public void setHostName(String hostName) {
        this.hostName = hostName;
    }

    /** Returns the port of the proxy host; 0 by default. */
    public int port() {
        return port;
    }

    /**
     * Sets the port of the proxy host to {@code port}.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public void setPort(int port) {
        this.port = checkPort(port);
    }

    /** Returns the user name used for authentication, or null if none was set. */
    public String user() {
        return user;
    }

    /** Sets the user name for proxy authentication to {@code user}. */
    public void setUser(String user) {
        this.user = user;
    }

    /** Returns the password used for authentication, or null if none was set. */
    public String password() {
        return password;
    }

    /** Sets the password for proxy authentication to {@code password}. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** Returns a copy of the capabilities of this proxy server. */
    public EnumSet<Capability> capabilities() {
        return EnumSet.copyOf(capabilities);
    }

    /**
     * Sets the capabilities of this proxy to {@code capabilities} (copied). From now on
     * {@link #setType} keeps them.
     */
    public void setCapabilities(EnumSet<Capability> capabilities) {
        if (capabilities == null) {
            throw new IllegalArgumentException("capabilities: null (expected: an EnumSet, possibly empty)");
        }
        this.capabilities = EnumSet.copyOf(capabilities);
        this.capabilitiesSet = true;
    }

    /** Returns true if this proxy has the {@code CachingCapability}; otherwise returns false. */
    public boolean isCachingProxy() {
        return capabilities.contains(Capability.CachingCapability);
    }

    /** Returns true if this proxy has the {@code TunnelingCapability} (transparent TCP tunneling); otherwise returns false. */
    public boolean isTransparentProxy() {
        return capabilities.contains(Capability.TunnelingCapability);
    }

    /**
     * Sets the application level network proxy to {@code networkProxy}. Sockets whose proxy is
     * of type {@code DefaultProxy} use it. Setting it overrides the application proxy factory
     * and disables the system configuration. A proxy of type {@code DefaultProxy} is stored as
     * {@code NoProxy}, as in Qt. Thread-safe.
     */
    public static void setApplicationProxy(QNetworkProxy networkProxy) {
        if (networkProxy == null) {
            throw new IllegalArgumentException("networkProxy: null (expected: a QNetworkProxy)");
        }
        QNetworkProxyFactory.setApplicationProxyInternal(networkProxy.type == ProxyType.DefaultProxy
                ? new QNetworkProxy(ProxyType.NoProxy) : new QNetworkProxy(networkProxy));
    }

    /**
     * Returns the application level network proxy: the first proxy that
     * {@link QNetworkProxyFactory#proxyForQuery} gives for an empty query. Thread-safe.
     */
    public static QNetworkProxy applicationProxy() {
        return new QNetworkProxy(QNetworkProxyFactory.proxyForQuery(new QNetworkProxyQuery()).get(0));
    }

    /**
     * Returns true if {@code o} is a proxy with the same type, host name, port, user, password
     * and capabilities; otherwise returns false, as Qt's {@code operator==}. Unlike Qt, a
     * default-constructed proxy equals {@code new QNetworkProxy(DefaultProxy)}: Qt compares
     * its internal pointers first, which Java has no reason to copy.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QNetworkProxy)) {
            return false;
        }
        QNetworkProxy p = (QNetworkProxy) o;
        return type == p.type && port == p.port && Objects.equals(hostName, p.hostName)
                && Objects.equals(user, p.user) && Objects.equals(password, p.password)
                && capabilities.equals(p.capabilities);
    }

    /** Returns a hash code consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(type, hostName, port, user, password, capabilities);
    }

    /**
     * Returns a description for logs, such as
     * {@code QNetworkProxy(Socks5Proxy, proxy.example:1080, user=bob, capabilities=[...])}.
     * The password is never shown.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QNetworkProxy(").append(type);
        sb.append(", ").append(hostName == null ? "" : hostName).append(':').append(port);
        if (user != null && !user.isEmpty()) {
            sb.append(", user=").append(user);
        }
        return sb.append(", capabilities=").append(capabilities).append(')').toString();
    }

    private static ProxyType requireType(ProxyType type) {
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a QNetworkProxy.ProxyType)");
        }
        return type;
    }

    static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        return port;
    }
}
