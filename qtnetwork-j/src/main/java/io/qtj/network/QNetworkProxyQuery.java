package io.qtj.network;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The details of a socket being created or a request being made, used to choose its proxy.
 *
 * <p>A query carries its {@link QueryType type}, the local port, the peer host name and port,
 * the protocol tag (such as {@code "http"}) and, for {@link QueryType#UrlRequest} queries, the
 * URL. {@link QNetworkProxyFactory} implementations read it to pick a proxy per protocol or
 * destination. Any criterion may be unknown: an empty string for the host name or protocol
 * tag, -1 for a port.
 *
 * <p>As in Qt, the protocol tag, peer host name and peer port are the scheme, host and port of
 * one URL: {@link #setUrl} sets all three, and {@link #url()} reflects later changes to them.
 * Host names and protocol tags are stored in lower case, as {@code QUrl} normalises them.
 * Qt's constructors taking a {@code QNetworkConfiguration} are not ported (they were deprecated
 * and ignored it).
 *
 * <p><b>Thread safety.</b> A mutable value, not thread-safe; confine it or copy it.
 */
public final class QNetworkProxyQuery {

    /** The type of a query. */
    public enum QueryType {
        /** A normal, outgoing TCP socket. */
        TcpSocket,
        /** A datagram-based UDP socket, which could send to multiple destinations. */
        UdpSocket,
        /** A message-oriented, outgoing SCTP socket. */
        SctpSocket,
        /** A TCP server that listens for incoming connections from the network. */
        TcpServer,
        /** A more complex request which involves loading a URL. */
        UrlRequest,
        /** An SCTP server that listens for incoming connections from the network. */
        SctpServer
    }

    private QueryType type = QueryType.TcpSocket;
    private int localPort = -1;
    private String protocolTag = "";
    private String peerHostName = "";
    private int peerPort = -1;
    /** The URL given to setUrl(), for its user info, path, query and fragment; null if none. */
    private URI url;

    /**
     * Constructs a default query: type {@code TcpSocket}, no protocol tag, no peer host, and
     * peer and local ports -1.
     */
    public QNetworkProxyQuery() {
    }

    /** Constructs a query of type {@code UrlRequest} for {@code requestUrl}. */
    public QNetworkProxyQuery(URI requestUrl) {
        this(requestUrl, QueryType.UrlRequest);
    }

    /** Constructs a query of type {@code queryType} for the URL {@code requestUrl}. */
    public QNetworkProxyQuery(URI requestUrl, QueryType queryType) {
        setUrl(requestUrl);
        setQueryType(queryType);
    }

    /** Constructs a {@code TcpSocket} query for the peer {@code hostname}:{@code port}, with no protocol tag. */
    public QNetworkProxyQuery(String hostname, int port) {
        this(hostname, port, "", QueryType.TcpSocket);
    }

    /** Constructs a {@code TcpSocket} query for the peer {@code hostname}:{@code port} and {@code protocolTag}. */
    public QNetworkProxyQuery(String hostname, int port, String protocolTag) {
        this(hostname, port, protocolTag, QueryType.TcpSocket);
    }

    /**
     * Constructs a query of type {@code queryType} for the peer {@code hostname}:{@code port}
     * with the protocol tag {@code protocolTag}. Suitable for {@code TcpSocket} queries.
     *
     * @throws IllegalArgumentException if {@code port} is outside -1..65535
     */
    public QNetworkProxyQuery(String hostname, int port, String protocolTag, QueryType queryType) {
        setProtocolTag(protocolTag);
        setPeerHostName(hostname);
        setPeerPort(port);
        setQueryType(queryType);
    }

    /** Constructs a {@code TcpServer} query for the local port {@code bindPort}, with no protocol tag. */
    public QNetworkProxyQuery(int bindPort) {
        this(bindPort, "", QueryType.TcpServer);
    }

    /** Constructs a {@code TcpServer} query for the local port {@code bindPort} and {@code protocolTag}. */
    public QNetworkProxyQuery(int bindPort, String protocolTag) {
        this(bindPort, protocolTag, QueryType.TcpServer);
    }

    /**
     * Constructs a query of type {@code queryType} for the local port {@code bindPort} with the
     * protocol tag {@code protocolTag}. Suitable for server queries.
     *
     * @throws IllegalArgumentException if {@code bindPort} is outside 0..65535
     */
    public QNetworkProxyQuery(int bindPort, String protocolTag, QueryType queryType) {
        setProtocolTag(protocolTag);
        localPort = QNetworkProxy.checkPort(bindPort);
        setQueryType(queryType);
    }

    /** Constructs a copy of {@code other}. */
    public QNetworkProxyQuery(QNetworkProxyQuery other) {
        if (other == null) {
            throw new IllegalArgumentException("other: null (expected: a QNetworkProxyQuery to copy)");
        }
        type = other.type;
        localPort = other.localPort;
        protocolTag = other.protocolTag;
        peerHostName = other.peerHostName;
        peerPort = other.peerPort;
        url = other.url;
    }

    /** Returns the query type; {@code TcpSocket} by default. */
    public QueryType queryType() {
        return type;
    }

    /** Sets the query type to {@code type}. */
    public void setQueryType(QueryType type) {
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a QNetworkProxyQuery.QueryType)");
        }
        this.type = type;
    }

    /** Returns the port of the outgoing request (the URL's port for {@code UrlRequest}), or -1 if unknown. */
    public int peerPort() {
        return peerPort;
    }

    /**
     * Sets the port of the outgoing connection to {@code port}, or -1 for unknown.
     *
     * @throws IllegalArgumentException if {@code port} is outside -1..65535
     */
    public void setPeerPort(int port) {
        this.peerPort = checkPortOrUnknown("port", port);
    }

    /** Returns the host name or IP address of the outgoing connection, or an empty string if unknown. */
    public String peerHostName() {
        return peerHostName;
    }

    /** Sets the host name of the outgoing connection to {@code hostname} (empty or null: unknown). */
    public void setPeerHostName(String hostname) {
        String h = hostname == null ? "" : hostname.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        this.peerHostName = h.toLowerCase(Locale.ROOT);
    }

    /** Returns the port on which the socket wishes to accept incoming packets, or -1 if unknown. */
    public int localPort() {
        return localPort;
    }

    /**
     * Sets the local port to {@code port}: 0..65535 (0 meaning any port) or -1 for unknown.
     *
     * @throws IllegalArgumentException if {@code port} is outside -1..65535
     */
    public void setLocalPort(int port) {
        this.localPort = checkPortOrUnknown("port", port);
    }

    /** Returns the protocol tag (the URL's scheme for {@code UrlRequest}), or an empty string if unknown. */
    public String protocolTag() {
        return protocolTag;
    }

    /** Sets the protocol tag, such as {@code "http"} or {@code "telnet"}, to {@code protocolTag}. */
    public void setProtocolTag(String protocolTag) {
        this.protocolTag = protocolTag == null ? "" : protocolTag.toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the URL of this query: the URL set with {@link #setUrl} or the constructor, with
     * the current protocol tag, peer host and peer port as its scheme, host and port. For a
     * query without a URL it is built from those three alone (an empty URI when all are unknown).
     */
    public URI url() {
        String scheme = protocolTag.isEmpty() ? null : protocolTag;
        String host = peerHostName.isEmpty() ? null : peerHostName;
        try {
            if (url == null) {
                return new URI(scheme, null, host, peerPort, null, null, null);
            }
            if (url.isOpaque()) {
                return new URI(scheme, url.getSchemeSpecificPart(), url.getFragment());
            }
            return new URI(scheme, url.getUserInfo(), host, peerPort, url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            return url != null ? url : URI.create("");
        }
    }

    /**
     * Sets the URL of this query to {@code url}; this also sets the protocol tag (its scheme),
     * the peer host name and the peer port. A null URL clears all four.
     */
    public void setUrl(URI url) {
        this.url = url;
        if (url == null) {
            protocolTag = "";
            peerHostName = "";
            peerPort = -1;
            return;
        }
        setProtocolTag(url.getScheme());
        String host = url.getHost();
        int port = url.getPort();
        if (host == null && url.getRawAuthority() != null) {
            // a registry-based authority (e.g. a host name with '_'), which URI does not split
            String authority = url.getAuthority();
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(']', colon) < 0) {
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
                authority = authority.substring(0, colon);
            }
            host = authority;
        }
        setPeerHostName(host);
        peerPort = port < -1 || port > 65535 ? -1 : port;
    }

    /** Returns true if {@code o} is a query with the same type, local port and URL; otherwise returns false. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QNetworkProxyQuery)) {
            return false;
        }
        QNetworkProxyQuery q = (QNetworkProxyQuery) o;
        return type == q.type && localPort == q.localPort && url().equals(q.url());
    }

    /** Returns a hash code consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return Objects.hash(type, localPort, url());
    }

    /** Returns a description for logs, such as {@code QNetworkProxyQuery(TcpSocket, http://example.com:80, localPort=-1)}. */
    @Override
    public String toString() {
        return "QNetworkProxyQuery(" + type + ", " + url() + ", localPort=" + localPort + ")";
    }

    private static int checkPortOrUnknown(String name, int port) {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(name + ": " + port + " (expected: -1..65535)");
        }
        return port;
    }
}
