package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.testing.FakeProxy;
import io.qtj.network.testing.FakeProxy.Step;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.qtj.network.ProxyTestSupport.STEP_MS;
import static io.qtj.network.ProxyTestSupport.awaitConnected;
import static io.qtj.network.ProxyTestSupport.awaitFailure;
import static io.qtj.network.ProxyTestSupport.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the SOCKS5 and HTTP engines do with broken, hostile or stalling proxies (scripted with
 * {@link FakeProxy}), and the exact bytes they send: every case ends in the right proxy error,
 * never a hang or an exception.
 */
@Timeout(60)
@ExtendWith(QtExtension.class)
class ProxyHostileRepliesTest {
    /** The CONNECT request for 127.0.0.1:80. */
    private static final int[] CONNECT_LOCAL_80 = {0x05, 0x01, 0x00, 0x01, 127, 0, 0, 1, 0x00, 0x50};
    private static final int[] GREETING_NO_AUTH = {0x05, 0x01, 0x00};
    private static final int[] SUCCESS = {0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0x12, 0x34};

    private static Arguments row(String name, SocketError error, String text, Step... script) {
        return Arguments.of(name, List.of(script), error, text);
    }

    private static Step[] afterRequest(int... reply) {
        return new Step[] {Step.expectBytes(GREETING_NO_AUTH), Step.send(0x05, 0x00), Step.expectBytes(CONNECT_LOCAL_80),
            Step.send(reply), Step.stall()};
    }

    static Stream<Arguments> socks5() {
        return Stream.of(
                row("greeting reply of version 4", SocketError.ProxyProtocolError, "SOCKS version 5 protocol error",
                        Step.expect(3), Step.send(0x04, 0x00), Step.stall()),
                row("close before the greeting reply", SocketError.ProxyConnectionClosedError,
                        "Connection to proxy closed prematurely", Step.expect(3), Step.close()),
                row("truncated greeting reply, then close", SocketError.ProxyConnectionClosedError,
                        "Connection to proxy closed prematurely", Step.expect(3), Step.sendAndClose(0x05)),
                row("a method that was not offered", SocketError.SocketAccessError,
                        "Proxy authentication failed: Socks5 host did not support authentication method.",
                        Step.expect(3), Step.send(0x05, 0x01), Step.stall()),
                row("no acceptable method, nobody to ask", SocketError.ProxyAuthenticationRequiredError,
                        "Proxy authentication failed", Step.expect(3), Step.send(0x05, 0xFF), Step.stall()),
                row("reply of version 4", SocketError.ProxyProtocolError, "SOCKS version 5 protocol error",
                        afterRequest(0x04, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 80)),
                row("reserved byte set", SocketError.ProxyProtocolError, "SOCKS version 5 protocol error",
                        afterRequest(0x05, 0x00, 0x01, 0x01, 127, 0, 0, 1, 0, 80)),
                row("unknown address type", SocketError.ProxyProtocolError, "SOCKS version 5 protocol error",
                        afterRequest(0x05, 0x00, 0x00, 0x09, 127, 0, 0, 1, 0, 80)),
                row("general failure", SocketError.NetworkError, "General SOCKSv5 server failure",
                        afterRequest(0x05, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("not allowed", SocketError.SocketAccessError, "Connection not allowed by SOCKSv5 server",
                        afterRequest(0x05, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("network unreachable", SocketError.NetworkError, "Network unreachable",
                        afterRequest(0x05, 0x03, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("host unreachable", SocketError.HostNotFoundError, "Host not found",
                        afterRequest(0x05, 0x04, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("connection refused", SocketError.ConnectionRefusedError, "Connection refused",
                        afterRequest(0x05, 0x05, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("TTL expired", SocketError.NetworkError, "TTL expired",
                        afterRequest(0x05, 0x06, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("command not supported", SocketError.UnsupportedSocketOperationError, "SOCKSv5 command not supported",
                        afterRequest(0x05, 0x07, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("address type not supported", SocketError.UnsupportedSocketOperationError, "Address type not supported",
                        afterRequest(0x05, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("unknown reply code", SocketError.UnknownSocketError, "Unknown SOCKSv5 proxy error code 0xfe",
                        afterRequest(0x05, 0xFE, 0x00, 0x01, 0, 0, 0, 0, 0, 0)),
                row("reply cut in the address, then close", SocketError.ProxyConnectionClosedError,
                        "Connection to proxy closed prematurely", Step.expectBytes(GREETING_NO_AUTH), Step.send(0x05, 0x00),
                        Step.expectBytes(CONNECT_LOCAL_80), Step.sendAndClose(0x05, 0x00, 0x00, 0x01, 127, 0)),
                row("a 255-byte name announced, 3 sent, then close", SocketError.ProxyConnectionClosedError,
                        "Connection to proxy closed prematurely", Step.expectBytes(GREETING_NO_AUTH), Step.send(0x05, 0x00),
                        Step.expectBytes(CONNECT_LOCAL_80), Step.sendAndClose(0x05, 0x00, 0x00, 0x03, 0xFF, 'a', 'b', 'c')),
                row("garbage instead of a reply, then close", SocketError.ProxyProtocolError, "SOCKS version 5 protocol error",
                        Step.expect(3), Step.sendAndClose("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("socks5")
    void socks5Connect(String name, List<Step> script, SocketError error, String text) throws Exception {
        try (FakeProxy proxy = FakeProxy.start(Duration.ofSeconds(10), script)) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy errors = new QSignalSpy(s.errorOccurred);
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                s.connectToHost("127.0.0.1", 80);
                awaitFailure(s, error, text);
                assertEquals(1, errors.count());
            } finally {
                s.dispose();
            }
        }
    }

    private static byte[] http(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> httpConnect() {
        return Stream.of(
                row("not HTTP", SocketError.ProxyProtocolError, "Did not receive HTTP response from proxy",
                        Step.send(http("SSH-2.0-OpenSSH\r\n\r\n")), Step.stall()),
                row("403", SocketError.SocketAccessError, "Proxy denied connection",
                        Step.send(http("HTTP/1.1 403 Forbidden\r\n\r\n")), Step.stall()),
                row("405", SocketError.SocketAccessError, "Proxy denied connection",
                        Step.send(http("HTTP/1.1 405 Method Not Allowed\r\n\r\n")), Step.stall()),
                row("404", SocketError.HostNotFoundError, "Host not found",
                        Step.send(http("HTTP/1.1 404 Not Found\r\n\r\n")), Step.stall()),
                row("503", SocketError.ConnectionRefusedError, "Connection refused",
                        Step.send(http("HTTP/1.1 503 Service Unavailable\r\n\r\n")), Step.stall()),
                row("500", SocketError.ProxyProtocolError, "Error communicating with HTTP proxy",
                        Step.send(http("HTTP/1.1 500 Oops\r\n\r\n")), Step.stall()),
                row("status that is not a number", SocketError.ProxyProtocolError, "Error communicating with HTTP proxy",
                        Step.send(http("HTTP/1.1 2x0 What\r\n\r\n")), Step.stall()),
                row("407 without a challenge", SocketError.ProxyProtocolError,
                        "Error parsing authentication request from proxy",
                        Step.send(http("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 99999999999\r\n\r\n")),
                        Step.stall()),
                row("407, nobody to ask", SocketError.ProxyAuthenticationRequiredError, "Authentication required",
                        Step.send(http("HTTP/1.1 407 Proxy Authentication Required\r\n"
                                + "Proxy-Authenticate: Basic realm=\"x\"\r\n\r\n")), Step.stall()),
                row("endless header", SocketError.ProxyProtocolError, "Error communicating with HTTP proxy",
                        Step.send(http("HTTP/1.1 200 OK\r\n" + "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(1000))),
                        Step.stall()),
                row("endless line", SocketError.ProxyProtocolError, "Error communicating with HTTP proxy",
                        Step.send(http("HTTP/1.1 200 " + "a".repeat(40_000))), Step.stall()),
                row("close in the header", SocketError.ProxyConnectionClosedError, "Proxy connection closed prematurely",
                        Step.send(http("HTTP/1.1 200 Conn")), Step.close()),
                row("close at once", SocketError.ProxyConnectionClosedError, "Proxy connection closed prematurely",
                        Step.close()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpConnect")
    void httpConnect(String name, List<Step> script, SocketError error, String text) throws Exception {
        try (FakeProxy proxy = FakeProxy.start(Duration.ofSeconds(10), script)) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy errors = new QSignalSpy(s.errorOccurred);
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port()));
                s.connectToHost("127.0.0.1", 80);
                awaitFailure(s, error, text);
                assertEquals(1, errors.count());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void stallingProxiesTimeOut() throws Exception {
        for (QNetworkProxy.ProxyType type : new QNetworkProxy.ProxyType[] {
            QNetworkProxy.ProxyType.Socks5Proxy, QNetworkProxy.ProxyType.HttpProxy}) {
            try (FakeProxy proxy = FakeProxy.start(Step.stall())) {
                QTcpSocket s = new QTcpSocket();
                try {
                    s.setConnectTimeout(300);
                    s.setProxy(new QNetworkProxy(type, proxy.host(), proxy.port()));
                    s.connectToHost("127.0.0.1", 80);
                    awaitFailure(s, SocketError.ProxyConnectionTimeoutError,
                            type == QNetworkProxy.ProxyType.Socks5Proxy ? "Connection to proxy timed out"
                                    : "Proxy server connection timed out");
                } finally {
                    s.dispose();
                }
            }
        }
    }

    @Test
    void blockingConnectToAStallingProxyTimesOut() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                s.connectToHost("127.0.0.1", 80);
                java.util.List<Object> signals = new java.util.ArrayList<>();
                s.errorOccurred.connect(signals::add);
                s.stateChanged.connect(signals::add);
                assertFalse(s.waitForConnected(300));
                assertEquals(SocketError.SocketTimeoutError, s.error());
                assertEquals("Socket operation timed out", s.errorString());
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
                // as Qt's waitForConnected: the error is recorded, not emitted; the state change is
                assertEquals(java.util.List.of(QAbstractSocket.SocketState.UnconnectedState), signals);
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void socks5WireFormatWithPasswordAndIpv6() throws Exception {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {0x05, 0x01, 0x00, 0x04});
        request.writeBytes(new QHostAddress("::1").toIPv6Address());
        request.writeBytes(new byte[] {0x1F, (byte) 0x90});
        try (FakeProxy proxy = FakeProxy.start(Step.expectBytes(0x05, 0x01, 0x02), Step.send(0x05, 0x02),
                Step.expectBytes(0x01, 0x03, 'b', 'o', 'b', 0x02, 'p', 'w'), Step.send(0x01, 0x00),
                Step.expectBytes(request.toByteArray()), Step.send(SUCCESS), Step.send('h', 'i'), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port(), "bob", "pw"));
                s.connectToHost("::1", 8080);
                awaitConnected(s);
                assertEquals(new QHostAddress("::1"), s.peerAddress());
                assertEquals(8080, s.peerPort());
                assertEquals(new QHostAddress("127.0.0.1"), s.localAddress(), "BND.ADDR of the reply, as Qt");
                assertEquals(0x1234, s.localPort());
                assertEquals("hi", readExactly(s, 2));
                s.write(new QByteArray("yo"));
                FakeProxy.Connection c = proxy.nextConnection(Duration.ofSeconds(5));
                QTest.qWaitFor(() -> c.received().length >= 3 + 8 + request.size() + 2, STEP_MS);
                byte[] got = c.received();
                assertEquals(3 + 8 + request.size() + 2, got.length);
                assertEquals("yo", new String(got, got.length - 2, 2, StandardCharsets.US_ASCII));
                assertTrue(c.failure().isEmpty(), c.toString());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void socks5SendsTheNameUnresolved() throws Exception {
        String name = "qtj-proxy-test.invalid";   // resolvable nowhere: only the proxy may see it
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {0x05, 0x01, 0x00, 0x03, (byte) name.length()});
        request.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(new byte[] {0x00, 0x50});
        try (FakeProxy proxy = FakeProxy.start(Step.expectBytes(GREETING_NO_AUTH), Step.send(0x05, 0x00),
                Step.expectBytes(request.toByteArray()),
                // the reply and the first tunnel bytes in one write: nothing may be lost
                Step.send(0x05, 0x00, 0x00, 0x03, 4, 'h', 'o', 's', 't', 0x00, 0x50, 'd', 'a', 't', 'a'), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                s.connectToHost(name, 80);
                awaitConnected(s);
                assertEquals("data", readExactly(s, 4));
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void socks5NameGivenToTheProxyThatCannotResolveIt() throws Exception {
        // Dante answers "general failure" when it cannot resolve a name; Qt reads it as HostNotFoundError
        try (FakeProxy proxy = FakeProxy.start(Step.expect(3), Step.send(0x05, 0x00), Step.expect(7 + 22),
                Step.send(0x05, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0, 0), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                s.connectToHost("qtj-proxy-test.invalid", 80);
                awaitFailure(s, SocketError.HostNotFoundError, "Host not found");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void httpWireFormatAndTunnelBytesInTheSameWrite() throws Exception {
        String expected = "CONNECT [::1]:443 HTTP/1.1\r\nProxy-Connection: keep-alive\r\nUser-Agent: Mozilla/5.0\r\n"
                + "Host: [::1]:443\r\n\r\n";
        try (FakeProxy proxy = FakeProxy.start(Step.expectBytes(http(expected)),
                Step.send(http("HTTP/1.0 200 Connection established\r\n\r\nfirst bytes")), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port()));
                s.connectToHost("::1", 443);
                awaitConnected(s);
                assertEquals("first bytes", readExactly(s, 11));
                FakeProxy.Connection c = proxy.nextConnection(Duration.ofSeconds(5));
                assertTrue(c.failure().isEmpty(), c.toString());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void httpBasicCredentialsAfterA407() throws Exception {
        String first = "CONNECT 127.0.0.1:80 HTTP/1.1\r\nProxy-Connection: keep-alive\r\nUser-Agent: Mozilla/5.0\r\n"
                + "Host: 127.0.0.1:80\r\n\r\n";
        String second = first.replace("\r\n\r\n", "\r\nProxy-Authorization: Basic Ym9iOnB3\r\n\r\n");
        // every connection gets the same script: the retry's request is what is checked
        try (FakeProxy proxy = FakeProxy.start(Step.expect(first.length()), Step.send(http(
                "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"t\"\r\n"
                        + "Proxy-Connection: close\r\n\r\n")), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                // the proxy's credentials are sent only once a 407 asks for them, as Qt
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port(), "bob", "pw"));
                s.connectToHost("127.0.0.1", 80);
                QTest.qWaitFor(() -> proxy.connections().size() >= 2, STEP_MS);
                assertArrayEquals(http(first), proxy.connections().get(0).received());
                FakeProxy.Connection retry = proxy.connections().get(1);
                QTest.qWaitFor(() -> retry.received().length >= second.length(), STEP_MS);
                assertArrayEquals(http(second), retry.received());
                // the same 407 again: the proxy's credentials were tried, nobody supplies others
                awaitFailure(s, SocketError.ProxyAuthenticationRequiredError, "Authentication required");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void bindWhoseProxyClosesBeforeThePeerArrives() throws Exception {
        // the last step waits 300 ms for a byte that never comes, then the proxy closes
        try (FakeProxy proxy = FakeProxy.start(Duration.ofMillis(300), List.of(Step.expectBytes(GREETING_NO_AUTH),
                Step.send(0x05, 0x00), Step.expectBytes(0x05, 0x02, 0x00, 0x01, 127, 0, 0, 1, 0, 0),
                Step.send(0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0x10, 0x92), Step.expect(1)))) {
            QTcpServer server = new QTcpServer();
            try {
                server.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                QSignalSpy acceptError = new QSignalSpy(server.acceptError);
                assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0), server.errorString());
                assertEquals(new QHostAddress("127.0.0.1"), server.serverAddress());
                assertEquals(0x1092, server.serverPort());
                proxy.connections().get(0).awaitFinished(Duration.ofSeconds(5));
                assertTrue(acceptError.count() > 0 || acceptError.wait(STEP_MS));
                assertEquals(SocketError.ProxyConnectionClosedError, acceptError.at(0).get(0));
                assertFalse(server.hasPendingConnections());
            } finally {
                server.dispose();
            }
        }
    }
}
