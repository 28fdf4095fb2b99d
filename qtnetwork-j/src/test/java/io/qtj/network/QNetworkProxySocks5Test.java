package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.core.QIODevice;
import io.qtj.core.QThread;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;
import io.qtj.network.testing.DanteProxy;
import io.qtj.network.testing.EchoServer;
import io.qtj.network.testing.ProxyAvailability;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.qtj.network.ProxyTestSupport.STEP_MS;
import static io.qtj.network.ProxyTestSupport.awaitConnected;
import static io.qtj.network.ProxyTestSupport.awaitFailure;
import static io.qtj.network.ProxyTestSupport.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QTcpSocket through a real SOCKS5 proxy (Dante's danted): CONNECT, with and without RFC 1929 authentication. */
@Timeout(60)
@ExtendWith(QtExtension.class)
class QNetworkProxySocks5Test {
    private static QNetworkProxy socks5(DanteProxy dante, String user, String password) {
        return new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, dante.host(), dante.port(), user, password);
    }

    @Test
    void connectWithoutAuthentication() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                List<String> log = new ArrayList<>();
                s.stateChanged.connect(st -> log.add(st.name()));
                s.connected.connect(() -> log.add("connected"));
                s.setProxy(socks5(dante, null, null));
                s.connectToHost("127.0.0.1", target.port());   // loopback, yet proxied: the socket's own proxy
                awaitConnected(s);
                assertEquals(List.of("HostLookupState", "ConnectingState", "ConnectedState", "connected"), log);
                assertEquals(new QHostAddress("127.0.0.1"), s.peerAddress());
                assertEquals(target.port(), s.peerPort());
                echo(s, "hello through SOCKS5");
                echo(s, "and again");
                assertEquals(1, target.acceptedCount());

                QSignalSpy disconnected = new QSignalSpy(s.disconnected);
                target.close();   // the far end closes: the tunnel closes too
                assertTrue(disconnected.count() > 0 || disconnected.wait(STEP_MS));
                assertEquals(SocketError.RemoteHostClosedError, s.error());
            } finally {
                s.dispose();
            }
        }
    }

    /** An Unbuffered socket reads and writes the tunnel directly once the handshake is done. */
    @Test
    void unbufferedThroughTheTunnel() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(socks5(dante, null, null));
                s.connectToHost("127.0.0.1", target.port(), QIODevice.OpenModeFlag.ReadWrite,
                        QIODevice.OpenModeFlag.Unbuffered);
                awaitConnected(s);
                assertEquals(5, s.write("hello".getBytes()));
                assertEquals(0, s.bytesToWrite(), "queued, not written to the tunnel");
                ByteBuffer in = ByteBuffer.allocateDirect(5);
                assertTrue(QTest.qWaitFor(() -> s.read(in) >= 0 && !in.hasRemaining(), STEP_MS));
                assertEquals("hello", StandardCharsets.US_ASCII.decode(in.flip()).toString());
                echo(s, "and again, buffered reads of an unbuffered socket");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void hostNameResolvedByTheProxy() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE); EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy hostFound = new QSignalSpy(s.hostFound);
                s.setProxy(socks5(dante, null, null));
                s.connectToHost("localhost", target.port());
                // HostNameLookupCapability: no local lookup, straight to connecting, and no
                // hostFound (Qt's startConnectingByName emits none)
                assertEquals(SocketState.ConnectingState, s.state());
                assertEquals(0, hostFound.count());
                awaitConnected(s);
                assertEquals("localhost", s.peerName());
                assertTrue(s.peerAddress().isNull(), "Qt leaves the peer address unknown: the proxy resolved it");
                echo(s, "by name");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void usernameAndPassword() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.setProxy(socks5(dante, DanteProxy.TEST_USER, DanteProxy.TEST_PASSWORD));
                s.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), target.port());
                awaitConnected(s);
                echo(s, "authenticated");
                assertEquals(0, asked.count());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void wrongPasswordFailsAfterTheSignalOfferedARetry() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             EchoServer target = EchoServer.start()) {
            QTcpSocket s = new QTcpSocket();
            try {
                List<String> offered = new ArrayList<>();
                s.proxyAuthenticationRequired.connect((proxy, auth) -> offered.add(proxy.hostName() + ":" + proxy.port()
                        + " " + auth.user() + "/" + auth.password()));
                QSignalSpy errors = new QSignalSpy(s.errorOccurred);
                s.setProxy(socks5(dante, DanteProxy.TEST_USER, "wrong"));
                s.connectToHost("127.0.0.1", target.port());
                awaitFailure(s, SocketError.ProxyAuthenticationRequiredError, "Proxy authentication failed");
                assertEquals(List.of(dante.host() + ":" + dante.port() + " " + DanteProxy.TEST_USER + "/wrong"), offered);
                assertEquals(1, errors.count());
                assertEquals(0, target.acceptedCount());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void passwordFilledInTheSlotIsUsed() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             EchoServer target = EchoServer.start()) {
            for (String initialPassword : new String[] {"wrong", null}) {
                QTcpSocket s = new QTcpSocket();
                try {
                    QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                    s.proxyAuthenticationRequired.connect((proxy, auth) -> {
                        auth.setUser(DanteProxy.TEST_USER);
                        auth.setPassword(DanteProxy.TEST_PASSWORD);
                    });
                    // "wrong": status 01 01 from the proxy; null: no credentials, so the proxy answers 05 FF
                    s.setProxy(socks5(dante, initialPassword == null ? null : DanteProxy.TEST_USER, initialPassword));
                    s.connectToHost("127.0.0.1", target.port());
                    awaitConnected(s);
                    assertEquals(1, asked.count(), "initial password " + initialPassword);
                    echo(s, "retried with " + initialPassword);
                } finally {
                    s.dispose();
                }
            }
        }
    }

    @Test
    void blockingApiInAThread() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE); EchoServer target = EchoServer.start()) {
            AtomicReference<String> result = new AtomicReference<>("not run");
            QNetworkProxy proxy = socks5(dante, null, null);
            QThread worker = QThread.create(() -> {
                QTcpSocket s = new QTcpSocket();
                try {
                    s.setProxy(proxy);
                    s.connectToHost("localhost", target.port());
                    if (!s.waitForConnected(STEP_MS)) {
                        result.set("waitForConnected: " + s.errorString());
                        return;
                    }
                    s.write(new QByteArray("blocking"));
                    if (!s.waitForBytesWritten(STEP_MS)) {
                        result.set("waitForBytesWritten: " + s.errorString());
                        return;
                    }
                    StringBuilder got = new StringBuilder();
                    for (int i = 0; i < 100 && got.length() < 8; i++) {
                        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(STEP_MS)) {
                            result.set("waitForReadyRead: " + s.errorString());
                            return;
                        }
                        got.append(s.readAll());
                    }
                    s.disconnectFromHost();
                    if (s.state() != SocketState.UnconnectedState && !s.waitForDisconnected(STEP_MS)) {
                        result.set("waitForDisconnected: " + s.errorString());
                        return;
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
            s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, "127.0.0.1", ProxyTestSupport.closedPort()));
            s.connectToHost("127.0.0.1", 7);
            awaitFailure(s, SocketError.ProxyConnectionRefusedError, "Connection to proxy refused");
        } finally {
            s.dispose();
        }
    }

    @Test
    void targetRefusesTheConnection() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(socks5(dante, null, null));
                s.connectToHost("127.0.0.1", ProxyTestSupport.closedPort());
                awaitFailure(s, SocketError.ConnectionRefusedError, "Connection refused");
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void destinationNotAllowedByTheProxy() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(socks5(dante, null, null));
                // outside danted's 127.0.0.0/8 rule: refused by the rule set, nothing leaves the machine
                s.connectToHost("192.0.2.1", 9);
                awaitFailure(s, SocketError.SocketAccessError, "Connection not allowed by SOCKSv5 server");
            } finally {
                s.dispose();
            }
        }
    }
}
