package io.qtj.network;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QObject;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QTcpServer on real loopback sockets; test names follow qtbase's tst_qtcpserver where ported. */
@Timeout(30)
class QTcpServerTest {
    private static QCoreApplication app;

    @BeforeAll
    static void startApp() {
        if (QCoreApplication.instance() == null) {
            app = new QCoreApplication(new String[0]);
        }
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.dispose();
        }
    }

    private static QHostAddress localhost() {
        return new QHostAddress(QHostAddress.SpecialAddress.LocalHost);
    }

    @Test
    void constructing() {
        QTcpServer server = new QTcpServer();
        assertFalse(server.isListening());
        assertEquals(0, server.serverPort());
        assertTrue(server.serverAddress().isNull());
        assertEquals(30, server.maxPendingConnections());
        assertEquals(50, server.listenBacklogSize());
        assertFalse(server.hasPendingConnections());
        assertNull(server.nextPendingConnection());
        assertEquals(-1, server.socketDescriptor());
        assertEquals(QAbstractSocket.SocketError.UnknownSocketError, server.serverError());
        assertEquals(QNetworkProxy.ProxyType.DefaultProxy, server.proxy().type());
        server.dispose();
    }

    @Test
    void clientServerLoop() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        assertTrue(server.isListening());
        assertTrue(server.serverPort() > 0);
        assertEquals(localhost(), server.serverAddress());
        QSignalSpy newConn = new QSignalSpy(server.newConnection);
        QSignalSpy available = new QSignalSpy(server.pendingConnectionAvailable);
        QTcpSocket client = new QTcpSocket();
        client.connectToHost(localhost(), server.serverPort());
        assertTrue(QTest.qWaitFor(() -> server.hasPendingConnections() && client.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
        assertEquals(1, newConn.count());
        assertEquals(1, available.count());
        QTcpSocket serverSide = server.nextPendingConnection();
        assertNotNull(serverSide);
        assertSame(server, serverSide.parent());
        assertEquals(QAbstractSocket.SocketState.ConnectedState, serverSide.state());
        assertEquals(client.localPort(), serverSide.peerPort());
        assertEquals(client.peerPort(), serverSide.localPort());

        client.write("hello".getBytes());
        assertTrue(QTest.qWaitFor(() -> serverSide.bytesAvailable() == 5, 5000));
        assertEquals("hello", serverSide.readAll().toString());
        serverSide.write("back".getBytes());
        assertTrue(QTest.qWaitFor(() -> client.bytesAvailable() == 4, 5000));
        assertEquals("back", client.readAll().toString());
        client.dispose();
        server.dispose();
        assertTrue(serverSide.isDisposed(), "the server's sockets die with it");
    }

    @Test
    void listenWhileListening() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        assertFalse(server.listen(localhost(), 0));
        server.dispose();
    }

    @Test
    void addressReusableAndInUse() {
        QTcpServer a = new QTcpServer();
        assertTrue(a.listen(localhost(), 0));
        QTcpServer b = new QTcpServer();
        assertFalse(b.listen(localhost(), a.serverPort()));
        assertEquals(QAbstractSocket.SocketError.AddressInUseError, b.serverError());
        assertEquals("The bound address is already in use", b.errorString());
        int port = a.serverPort();
        a.close();
        assertFalse(a.isListening());
        assertTrue(b.listen(localhost(), port), "SO_REUSEADDR lets the port be reused at once");
        a.dispose();
        b.dispose();
    }

    @Test
    void listenOnUnavailableAddress() {
        QTcpServer server = new QTcpServer();
        assertFalse(server.listen(new QHostAddress("1.2.3.4"), 0));
        assertEquals(QAbstractSocket.SocketError.SocketAddressNotAvailableError, server.serverError());
        assertEquals("The address is not available", server.errorString());
        server.dispose();
    }

    @Test
    void portOutOfRange() {
        QTcpServer server = new QTcpServer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.listen(localhost(), 70000));
        assertEquals("port: 70000 (expected: 0..65535)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.listen(localhost(), -1));
        server.dispose();
    }

    @Test
    void listenOnAnyAcceptsLoopback() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen());
        assertEquals(new QHostAddress(QHostAddress.SpecialAddress.Any), server.serverAddress());
        QTcpSocket client = new QTcpSocket();
        client.connectToHost("127.0.0.1", server.serverPort());
        assertTrue(QTest.qWaitFor(server::hasPendingConnections, 5000));
        client.dispose();
        server.dispose();
    }

    @Test
    void maxPendingConnectionsStopsAccepting() throws IOException {
        QTcpServer server = new QTcpServer();
        server.setMaxPendingConnections(2);
        assertTrue(server.listen(localhost(), 0));
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.serverPort()), 5000);
                clients.add(s);   // the kernel completes the handshake from the backlog
            }
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            assertTrue(QTest.qWaitFor(() -> spy.count() == 2, 5000));
            QTest.qWait(50);
            assertEquals(2, spy.count(), "no more accepted while the queue is full");
            assertNotNull(server.nextPendingConnection());
            assertTrue(QTest.qWaitFor(() -> spy.count() == 3, 5000), "taking one resumes accepting");
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            server.dispose();
        }
    }

    @Test
    void pauseAndResumeAccepting() throws IOException {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        server.pauseAccepting();
        QSignalSpy spy = new QSignalSpy(server.newConnection);
        try (Socket s = new Socket("127.0.0.1", server.serverPort())) {
            QTest.qWait(50);
            assertEquals(0, spy.count());
            server.resumeAccepting();
            assertTrue(spy.wait(5000));
            assertEquals(1, spy.count());
        } finally {
            server.dispose();
        }
    }

    @Test
    void waitForNewConnectionWithTimedOutFlag() throws IOException {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        boolean[] timedOut = {false};
        assertFalse(server.waitForNewConnection(20, timedOut));
        assertTrue(timedOut[0]);
        try (Socket s = new Socket("127.0.0.1", server.serverPort())) {
            assertTrue(server.waitForNewConnection(5000, timedOut));
            assertFalse(timedOut[0]);
            QTcpSocket accepted = server.nextPendingConnection();
            assertEquals(QAbstractSocket.SocketState.ConnectedState, accepted.state());
        } finally {
            server.dispose();
        }
    }

    /** Qt's Threaded Fortune Server pattern: the descriptor is adopted by a socket in another thread. */
    @Test
    void incomingConnectionHandedToAnotherThread() throws Exception {
        io.qtj.core.QThread worker = new io.qtj.core.QThread();
        worker.start();
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        QTcpServer server = new QTcpServer() {
            @Override
            protected void incomingConnection(long descriptor) {
                QObject handler = new QObject();
                handler.moveToThread(worker);
                io.qtj.core.QMetaObject.invokeMethod(handler, () -> {
                    QTcpSocket s = new QTcpSocket(handler);
                    got.add("adopted=" + s.setSocketDescriptor(descriptor) + " in " + (io.qtj.core.QThread.currentThread() == worker));
                    s.write("fortune".getBytes());
                    s.disconnectFromHost();
                    s.disconnected.connect(handler::deleteLater);
                }, io.qtj.core.Qt.ConnectionType.QueuedConnection);
            }
        };
        assertTrue(server.listen(localhost(), 0));
        AtomicReference<String> fortune = new AtomicReference<>();
        int port = server.serverPort();
        Thread client = new Thread(() -> {
            try (Socket plain = new Socket("127.0.0.1", port)) {
                plain.setSoTimeout(5000);
                fortune.set(new String(plain.getInputStream().readAllBytes()));
            } catch (IOException e) {
                fortune.set("error: " + e);
            }
        });
        client.start();
        assertTrue(QTest.qWaitFor(() -> fortune.get() != null, 10000));
        assertEquals("fortune", fortune.get());
        assertEquals(List.of("adopted=true in true"), got);
        server.dispose();
        worker.quit();
        assertTrue(worker.join(5000));
        worker.dispose();
    }

    @Test
    void setSocketDescriptorListensOnAChannelHandedIn() throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        long d = QTcpServer.registerDescriptor(ch);
        QTcpServer server = new QTcpServer();
        assertTrue(server.setSocketDescriptor(d));
        assertTrue(server.isListening());
        assertEquals(((InetSocketAddress) ch.getLocalAddress()).getPort(), server.serverPort());
        try (Socket s = new Socket("127.0.0.1", server.serverPort())) {
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 5000));
        }
        server.dispose();
        assertFalse(ch.isOpen());
        assertFalse(new QTcpServer().setSocketDescriptor(987654321L));
    }

    @Test
    void disposingTheServerClosesItsConnections() throws IOException {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        try (Socket s = new Socket("127.0.0.1", server.serverPort())) {
            s.setSoTimeout(5000);
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 5000));
            QTcpSocket accepted = server.nextPendingConnection();
            server.dispose();
            assertTrue(accepted.isDisposed());
            assertEquals(-1, s.getInputStream().read(), "the peer sees the connection closed");
        }
    }
}
