package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.core.QThread;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.testing.EchoServer;
import io.qtj.network.testing.ProxyAvailability;
import io.qtj.network.testing.TinyProxy;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.qtj.network.ProxyTestSupport.STEP_MS;
import static io.qtj.network.ProxyTestSupport.awaitConnected;
import static io.qtj.network.ProxyTestSupport.awaitFailure;
import static io.qtj.network.ProxyTestSupport.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QTcpSocket through a real HTTP CONNECT proxy (tinyproxy), with and without Basic authentication. */
@Timeout(60)
@ExtendWith(QtExtension.class)
class QNetworkProxyHttpTest {
    private static final String USER = "qtj-user";
    private static final String PASSWORD = "qtj-pass";

    private static QNetworkProxy http(TinyProxy proxy, String user, String password) {
        return new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port(), user, password);
    }

    @Test
    void connectWithoutAuthentication() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(http(proxy, null, null));
                s.connectToHost("127.0.0.1", target.port());
                awaitConnected(s);
                assertEquals(new QHostAddress("127.0.0.1"), s.peerAddress());
                assertEquals(target.port(), s.peerPort());
                echo(s, "hello through HTTP CONNECT");
                echo(s, "x".repeat(100_000));
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void hostNameResolvedByTheProxy() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(http(proxy, null, null));
                s.connectToHost("localhost", target.port());
                assertEquals(QAbstractSocket.SocketState.ConnectingState, s.state());
                awaitConnected(s);
                echo(s, "by name");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void basicAuthenticationWithTheProxysCredentials() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(USER, PASSWORD); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.setProxy(http(proxy, USER, PASSWORD));
                s.connectToHost("127.0.0.1", target.port());
                awaitConnected(s);
                echo(s, "authenticated");
                assertEquals(0, asked.count(), "credentials the proxy object has are used without asking");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void missingCredentialsAreAskedFor() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(USER, PASSWORD); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.proxyAuthenticationRequired.connect((p, auth) -> {
                    auth.setUser(USER);
                    auth.setPassword(PASSWORD);
                });
                s.setProxy(http(proxy, null, null));
                s.connectToHost("127.0.0.1", target.port());
                awaitConnected(s);
                assertEquals(1, asked.count());
                echo(s, "asked, then authenticated");
            } finally {
                s.dispose();
            }
        }
    }

    /**
     * Sends tinyproxy a CONNECT without credentials over a plain socket and returns the realm of
     * the Basic challenge in its 407, read with a regular expression (not with the engine's parser).
     */
    private static String realmTinyproxySends(TinyProxy proxy) throws IOException {
        try (Socket raw = new Socket(proxy.host(), proxy.port())) {
            raw.setSoTimeout(STEP_MS);
            raw.getOutputStream().write("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(raw.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("(?im)^Proxy-Authenticate:\\s*Basic\\s+realm=\"([^\"]*)\"").matcher(reply);
            assertTrue(reply.startsWith("HTTP/1.0 407 ") && m.find(), () -> "tinyproxy's reply: " + reply);
            return m.group(1);
        }
    }

    @Test
    void theSlotSeesTheRealmTheProxySends() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(USER, PASSWORD); EchoServer target = EchoServer.start()) {
            String realm = realmTinyproxySends(proxy);
            assertFalse(realm.isEmpty(), "tinyproxy names a realm");
            QTcpSocket s = new QTcpSocket();
            try {
                List<String> seen = new ArrayList<>();
                s.proxyAuthenticationRequired.connect((p, auth) -> {
                    seen.add(auth.realm());
                    seen.add((String) auth.option("realm"));
                    auth.setUser(USER);
                    auth.setPassword(PASSWORD);
                });
                s.setProxy(http(proxy, null, null));
                s.connectToHost("127.0.0.1", target.port());
                awaitConnected(s);
                assertEquals(List.of(realm, realm), seen, "realm() and option(\"realm\"), asked once");
                echo(s, "realm seen, then authenticated");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void wrongCredentialsFailAfterTheSignal() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(USER, PASSWORD); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.setProxy(http(proxy, USER, "wrong"));
                s.connectToHost("127.0.0.1", target.port());
                // 407, then the proxy's credentials, then 401 (tinyproxy's answer to wrong ones), then the signal
                awaitFailure(s, SocketError.ProxyAuthenticationRequiredError, "Authentication required");
                assertEquals(1, asked.count());
                QAuthenticator offered = (QAuthenticator) asked.at(0).get(1);
                assertEquals(USER, offered.user());
                // tinyproxy's 401 names the realm in WWW-Authenticate, the same as its 407 does
                assertEquals(realmTinyproxySends(proxy), offered.realm());
                assertEquals(0, target.acceptedCount());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void blockingApiInAThread() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start(USER, PASSWORD); EchoServer target = EchoServer.start()) {
            AtomicReference<String> result = new AtomicReference<>("not run");
            QNetworkProxy p = http(proxy, USER, PASSWORD);
            QThread worker = QThread.create(() -> {
                QTcpSocket s = new QTcpSocket();
                try {
                    s.setProxy(p);
                    s.connectToHost("127.0.0.1", target.port());
                    if (!s.waitForConnected(STEP_MS)) {
                        result.set("waitForConnected: " + s.errorString());
                        return;
                    }
                    s.write(new QByteArray("blocking"));
                    StringBuilder got = new StringBuilder();
                    for (int i = 0; i < 100 && got.length() < 8; i++) {
                        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(STEP_MS)) {
                            result.set("waitForReadyRead: " + s.errorString());
                            return;
                        }
                        got.append(s.readAll());
                    }
                    result.set(got.toString());
                } finally {
                    s.dispose();
                }
            });
            worker.start();
            assertTrue(worker.join(4 * STEP_MS));
            worker.dispose();
            assertEquals("blocking", result.get());
        }
    }

    @Test
    void proxyRefusesTheConnection() throws Exception {
        QTcpSocket s = new QTcpSocket();
        try {
            s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, "127.0.0.1", ProxyTestSupport.closedPort()));
            s.connectToHost("127.0.0.1", 7);
            awaitFailure(s, SocketError.ProxyConnectionRefusedError, "Proxy connection refused");
        } finally {
            s.dispose();
        }
    }
}
