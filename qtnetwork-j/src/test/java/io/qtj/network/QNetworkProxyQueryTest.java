package io.qtj.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qtj.network.QNetworkProxyQuery.QueryType;

import java.net.URI;

import org.junit.jupiter.api.Test;

class QNetworkProxyQueryTest {

    @Test
    void constructing() {
        QNetworkProxyQuery q = new QNetworkProxyQuery();
        assertEquals(QueryType.TcpSocket, q.queryType());
        assertEquals(-1, q.localPort());
        assertEquals(-1, q.peerPort());
        assertEquals("", q.peerHostName());
        assertEquals("", q.protocolTag());
        assertEquals(URI.create(""), q.url());
        assertEquals(new QNetworkProxyQuery(), q);
    }

    @Test
    void hostConstructor() {
        QNetworkProxyQuery q = new QNetworkProxyQuery("Example.COM", 80, "HTTP");
        assertEquals(QueryType.TcpSocket, q.queryType());
        assertEquals("example.com", q.peerHostName());
        assertEquals(80, q.peerPort());
        assertEquals("http", q.protocolTag());
        assertEquals(-1, q.localPort());
        assertEquals(URI.create("http://example.com:80"), q.url());
        assertEquals(new QNetworkProxyQuery("example.com", 80, "http", QueryType.TcpSocket), q);

        assertEquals("", new QNetworkProxyQuery("h", 1).protocolTag());
        assertEquals("::1", new QNetworkProxyQuery("[::1]", 1).peerHostName());
        assertEquals(URI.create("//[::1]:1"), new QNetworkProxyQuery("::1", 1).url());
    }

    @Test
    void bindPortConstructor() {
        QNetworkProxyQuery q = new QNetworkProxyQuery(8080, "http");
        assertEquals(QueryType.TcpServer, q.queryType());
        assertEquals(8080, q.localPort());
        assertEquals(-1, q.peerPort());
        assertEquals("", q.peerHostName());
        assertEquals("http", q.protocolTag());
        assertEquals(QueryType.SctpServer, new QNetworkProxyQuery(0, "", QueryType.SctpServer).queryType());
        assertEquals(QueryType.TcpServer, new QNetworkProxyQuery(1).queryType());
    }

    @Test
    void urlConstructor() {
        QNetworkProxyQuery q = new QNetworkProxyQuery(URI.create("https://user@Host.example:8443/a/b?c=d#e"));
        assertEquals(QueryType.UrlRequest, q.queryType());
        assertEquals("https", q.protocolTag());
        assertEquals("host.example", q.peerHostName());
        assertEquals(8443, q.peerPort());
        assertEquals(-1, q.localPort());

        q.setPeerPort(9000);
        q.setPeerHostName("other.example");
        assertEquals(URI.create("https://user@other.example:9000/a/b?c=d#e"), q.url());

        q.setUrl(URI.create("ftp://files.example/"));
        assertEquals("ftp", q.protocolTag());
        assertEquals("files.example", q.peerHostName());
        assertEquals(-1, q.peerPort());
        q.setUrl(URI.create("http://my_host.example:81/"));
        assertEquals("my_host.example", q.peerHostName());
        assertEquals(81, q.peerPort());
        assertEquals(QueryType.UdpSocket,
                new QNetworkProxyQuery(URI.create("http://x"), QueryType.UdpSocket).queryType());
    }

    @Test
    void equality() {
        QNetworkProxyQuery a = new QNetworkProxyQuery("h", 1, "tag");
        QNetworkProxyQuery b = new QNetworkProxyQuery(a);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setLocalPort(5);
        assertNotEquals(a, b);
        b.setLocalPort(-1);
        b.setQueryType(QueryType.UdpSocket);
        assertNotEquals(a, b);
        b.setQueryType(QueryType.TcpSocket);
        b.setProtocolTag("other");
        assertNotEquals(a, b);
    }

    @Test
    void portsAreValidated() {
        QNetworkProxyQuery q = new QNetworkProxyQuery();
        assertThrows(IllegalArgumentException.class, () -> q.setPeerPort(65536));
        assertThrows(IllegalArgumentException.class, () -> q.setLocalPort(-2));
        assertThrows(IllegalArgumentException.class, () -> new QNetworkProxyQuery(-1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new QNetworkProxyQuery("h", 70000));
        assertThrows(IllegalArgumentException.class, () -> q.setQueryType(null));
        q.setPeerPort(-1);
        q.setLocalPort(0);
        assertEquals(0, q.localPort());
    }
}
