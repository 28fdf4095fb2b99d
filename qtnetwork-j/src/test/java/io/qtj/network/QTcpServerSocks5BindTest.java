package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.testing.DanteProxy;
import io.qtj.network.testing.ProxyAvailability;
import io.qtj.network.testing.TinyProxy;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.qtj.network.ProxyTestSupport.STEP_MS;
import static io.qtj.network.ProxyTestSupport.awaitConnected;
import static io.qtj.network.ProxyTestSupport.readExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QTcpServer listening through a real SOCKS5 proxy (danted) with BIND, with Qt's one-connection limit. */
@Timeout(60)
@ExtendWith(QtExtension.class)
class QTcpServerSocks5BindTest {
    private static QNetworkProxy socks5(DanteProxy dante) {
        return new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, dante.host(), dante.port());
    }

    /** A client that connects directly (NoProxy) to where the proxy listens. */
    private static QTcpSocket directClient(QTcpServer server) {
        QTcpSocket c = new QTcpSocket();
        c.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
        c.connectToHost(server.serverAddress(), server.serverPort());
        return c;
    }

    @Test
    void listenThroughTheProxyAndAcceptOneConnection() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpServer server = new QTcpServer();
            QTcpSocket client = null;
            try {
                server.setProxy(socks5(dante));
                QSignalSpy newConnection = new QSignalSpy(server.newConnection);
                assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)), server.errorString());
                assertTrue(server.isListening());
                // the proxy's bound address and port, from the first BIND reply
                assertEquals(new QHostAddress("127.0.0.1"), server.serverAddress());
                assertNotEquals(0, server.serverPort());
                assertNotEquals(dante.port(), server.serverPort());
                assertEquals(-1, server.socketDescriptor());

                client = directClient(server);
                awaitConnected(client);
                assertTrue(newConnection.count() > 0 || newConnection.wait(STEP_MS));
                QTcpSocket accepted = server.nextPendingConnection();
                assertNotNull(accepted);
                assertNull(server.nextPendingConnection());
                assertFalse(server.isListening(), "one connection per listen(), as Qt");
                assertEquals(new QHostAddress("127.0.0.1"), server.serverAddress());

                // the peer as the second reply names it: the client's end
                assertEquals(new QHostAddress("127.0.0.1"), accepted.peerAddress());
                assertEquals(client.localPort(), accepted.peerPort());
                assertEquals(server.serverPort(), accepted.localPort());

                client.write(new QByteArray("to the server"));
                assertEquals("to the server", readExactly(accepted, 13));
                accepted.write(new QByteArray("to the client"));
                assertEquals("to the client", readExactly(client, 13));

                QSignalSpy clientGone = new QSignalSpy(client.disconnected);
                accepted.disconnectFromHost();
                assertTrue(clientGone.count() > 0 || clientGone.wait(STEP_MS));
            } finally {
                if (client != null) {
                    client.dispose();
                }
                server.dispose();
            }
        }
    }

    @Test
    void waitForNewConnectionThroughTheProxy() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpServer server = new QTcpServer();
            QTcpSocket client = null;
            try {
                server.setProxy(socks5(dante));
                assertTrue(server.listen(), server.errorString());
                boolean[] timedOut = {true};
                assertFalse(server.waitForNewConnection(50, timedOut));
                assertTrue(timedOut[0]);
                client = directClient(server);
                // the client's connect completes from the event loop; the server waits without one
                QTcpSocket c = client;
                QTest.qWaitFor(() -> c.state() == QAbstractSocket.SocketState.ConnectedState, STEP_MS);
                assertTrue(server.waitForNewConnection(STEP_MS, timedOut), server.errorString());
                assertFalse(timedOut[0]);
                QTcpSocket accepted = server.nextPendingConnection();
                assertNotNull(accepted);
                accepted.write(new QByteArray("hi"));
                assertTrue(accepted.waitForBytesWritten(STEP_MS));
                assertEquals("hi", readExactly(client, 2));
            } finally {
                if (client != null) {
                    client.dispose();
                }
                server.dispose();
            }
        }
    }

    @Test
    void listenThroughAnHttpProxyIsNotSupported() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start()) {
            QTcpServer server = new QTcpServer();
            try {
                server.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port()));
                assertFalse(server.listen());
                assertEquals(SocketError.UnsupportedSocketOperationError, server.serverError());
                assertEquals("Operation on socket is not supported", server.errorString());
            } finally {
                server.dispose();
            }
        }
    }

    @Test
    void listenThroughARefusingProxyFails() throws Exception {
        QTcpServer server = new QTcpServer();
        try {
            server.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, "127.0.0.1", ProxyTestSupport.closedPort()));
            assertFalse(server.listen());
            assertFalse(server.isListening());
            assertEquals(SocketError.ProxyConnectionRefusedError, server.serverError());
            assertEquals("Connection to proxy refused", server.errorString());
        } finally {
            server.dispose();
        }
    }

    /**
     * The peer arrives while waitForNewConnection waits, without any event loop running before:
     * the second BIND reply is handled inside the wait, and the accepted connection is what the
     * wait returns (not a timeout).
     */
    @Test
    void peerArrivingDuringWaitForNewConnection() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpServer server = new QTcpServer();
            try {
                server.setProxy(socks5(dante));
                assertTrue(server.listen(), server.errorString());
                try (java.net.Socket peer = new java.net.Socket()) {
                    // a plain blocking connect: nothing here runs qtj's event loop
                    peer.connect(new java.net.InetSocketAddress(server.serverAddress().toInetAddress(),
                            server.serverPort()), STEP_MS);
                    boolean[] timedOut = {true};
                    assertTrue(server.waitForNewConnection(STEP_MS, timedOut), server.errorString());
                    assertFalse(timedOut[0]);
                    QTcpSocket accepted = server.nextPendingConnection();
                    assertNotNull(accepted);
                    accepted.write(new QByteArray("ok"));
                    assertTrue(accepted.waitForBytesWritten(STEP_MS));
                    peer.setSoTimeout(STEP_MS);
                    byte[] got = peer.getInputStream().readNBytes(2);
                    assertEquals("ok", new String(got, java.nio.charset.StandardCharsets.US_ASCII));
                }
            } finally {
                server.dispose();
            }
        }
    }

    /**
     * A server listening through the proxy and moved to another thread gets the proxy's second
     * reply there, and only there: its BIND engine's connection to the proxy moves with it.
     */
    @Test
    void movedServerAcceptsThroughTheProxyInItsNewThread() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.NONE)) {
            QTcpServer server = new QTcpServer();
            QTcpSocket client = null;
            io.qtj.core.QThread worker = new io.qtj.core.QThread();
            worker.start();
            try {
                server.setProxy(socks5(dante));
                assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)), server.errorString());
                java.util.List<io.qtj.core.QThread> acceptedIn = new java.util.concurrent.CopyOnWriteArrayList<>();
                java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
                server.newConnection.connect(() -> {
                    acceptedIn.add(io.qtj.core.QThread.currentThread());
                    QTcpSocket accepted = server.nextPendingConnection();
                    if (accepted != null) {
                        accepted.write(new QByteArray("from the moved server"));
                    }
                }, io.qtj.core.Qt.ConnectionType.DirectConnection);
                io.qtj.core.QCoreApplication.processEvents();   // the old thread's loop watches the proxy
                // hold the worker until this thread's loop has had its chance at the reply
                java.util.concurrent.CountDownLatch release = io.qtj.network.testing.HeldLoop.hold(worker, STEP_MS);
                server.moveToThread(worker);
                client = directClient(server);
                awaitConnected(client);
                // the proxy's second reply is on its way or there: a watch left here would take it
                // (this bounds how long it is watched for, not whether the test passes when moved right)
                QTest.qWait(50);
                release.countDown();
                assertTrue(QTest.qWaitFor(() -> !acceptedIn.isEmpty(), STEP_MS), "newConnection");
                assertEquals(java.util.List.of(worker), acceptedIn);
                assertEquals("from the moved server", readExactly(client, 21));
            } finally {
                if (client != null) {
                    client.dispose();
                }
                server.deleteLater();
                worker.quit();
                assertTrue(worker.join(STEP_MS));
                worker.dispose();
            }
        }
    }
}
