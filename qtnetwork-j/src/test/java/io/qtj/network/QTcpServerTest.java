package io.qtj.network;

import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Qt;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QTcpServer on real loopback sockets; test names follow qtbase's
 * tests/auto/network/socket/qtcpserver/tst_qtcpserver.cpp where ported, and the seed document
 * (shared/seeds/QTcpServer.zh.md) for every member it lists.
 *
 * <p>Ported from tst_qtcpserver.cpp: getSetCheck, constructing, clientServerLoop (plus the blocking
 * form as written in Qt, clientServerLoopBlocking), ipv6Server, dualStack (rows any, anyIPv4,
 * anyIPv6), ipv6ServerMapped, crashTests, maxPendingConnections, listenError,
 * waitForConnectionTest, setSocketDescriptor, listenWhileListening, addressReusable,
 * setNewSocketDescriptorBlocking, invalidProxy (rows ftp-proxy, http-proxy), proxyFactory (rows
 * that fail before contacting a proxy: http, cachinghttp, ftp, ftp+cachinghttp), qtbug14268_peek,
 * serverAddress and qtbug6305 (rows Any, AnyIPv4, AnyIPv6, 127.0.0.1, ::1), eagainBlockingAccept,
 * canAccessPendingConnectionsWhileNotListening.
 *
 * <p>Not ported:
 * <ul>
 * <li>initTestCase_data row WithSocks5Proxy (every test run again through a proxy): needs Qt's
 *     SOCKS5 test server; qtj does not honour proxies yet either.</li>
 * <li>invalidProxy rows no-such-host and socks5-on-http: need outside DNS and Qt's HTTP proxy
 *     test server.</li>
 * <li>proxyFactory rows socks5, cachinghttp+socks5, ftp+cachinghttp+socks5: need Qt's SOCKS5
 *     test server to listen through.</li>
 * <li>serverAddress / qtbug6305 rows for every non-loopback interface address: traffic and
 *     addresses outside loopback; the loopback rows are kept.</li>
 * <li>linkLocal: needs link-local (169.254/16, fe80::/64) interfaces; loopback has none.</li>
 * <li>waitForConnectionTest's use of Qt's IMAP server only finds a local address: 127.0.0.1 is
 *     used instead, so the test itself is ported.</li>
 * <li>addressReusable's crashingServer helper process is replaced by an in-process server that
 *     closes first (leaving the port in TIME_WAIT); ported.</li>
 * </ul>
 */
@Timeout(60)
@ExtendWith(QtExtension.class)
class QTcpServerTest {
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
    void listenError() {
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
    void everyWaitingConnectionIsAcceptedInOneNotification() throws IOException {
        // as Qt's, one read notification accepts until nothing waits; qtj asks the engine whether
        // another connection waits before each accept after the first (instead of a failing
        // accept): a wrong answer would leave the others to later passes of the loop
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        List<Socket> clients = new ArrayList<>();
        int[] accepted = {0};
        int[] acceptedByNextPass = {-1};
        server.newConnection.connect(() -> {
            if (accepted[0]++ == 0) {
                // runs at the start of the loop's next pass, after this notification
                QMetaObject.invokeMethod(server, () -> acceptedByNextPass[0] = accepted[0],
                        Qt.ConnectionType.QueuedConnection);
            }
        });
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.serverPort()), 5000);
                clients.add(s);   // in the kernel's accept queue before the loop runs
            }
            assertTrue(QTest.qWaitFor(() -> acceptedByNextPass[0] >= 0, 5000));
            assertEquals(3, acceptedByNextPass[0]);
            assertEquals(3, accepted[0]);
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

    /** A listening server moved to another thread accepts there, and only there (qtj's own). */
    @Test
    void movedServerAcceptsInItsNewThread() throws Exception {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(localhost(), 0));
        QThread worker = new QThread();
        worker.start();
        try {
            List<QThread> acceptedIn = new java.util.concurrent.CopyOnWriteArrayList<>();
            server.newConnection.connect(() -> {
                // direct: called in the thread that emits, which must be the server's new one
                acceptedIn.add(QThread.currentThread());
                QTcpSocket s = server.nextPendingConnection();
                if (s != null) {
                    s.write("hello".getBytes());
                    s.disconnectFromHost();
                }
            }, io.qtj.core.Qt.ConnectionType.DirectConnection);
            io.qtj.core.QCoreApplication.processEvents();   // the old thread's loop watches the server
            // hold the worker until this thread's loop has had its chance at the connection
            java.util.concurrent.CountDownLatch release = io.qtj.network.testing.HeldLoop.hold(worker, 10_000);
            server.moveToThread(worker);
            try (Socket client = new Socket("127.0.0.1", server.serverPort())) {
                // the connection waits in the backlog: a watch left in this thread would accept it here
                io.qtj.core.QCoreApplication.processEvents();
                io.qtj.core.QCoreApplication.processEvents();
                release.countDown();
                assertTrue(QTest.qWaitFor(() -> !acceptedIn.isEmpty(), 10000), "newConnection");
                assertEquals(List.of(worker), acceptedIn);
                client.setSoTimeout(10000);
                assertEquals("hello", new String(client.getInputStream().readAllBytes()));
            }
        } finally {
            server.deleteLater();
            worker.quit();
            assertTrue(worker.join(10000));
            worker.dispose();
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
    void setSocketDescriptor() throws IOException {
        QTcpServer refused = new QTcpServer();
        assertFalse(refused.setSocketDescriptor(42));
        assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, refused.serverError());
        refused.dispose();
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
        QTcpServer unknown = new QTcpServer();
        assertFalse(unknown.setSocketDescriptor(987654321L));
        unknown.dispose();
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

    // ---------------------------------------------------------------- ported from tst_qtcpserver

    private static boolean hasIPv6() {
        QTcpServer probe = new QTcpServer();
        try {
            return probe.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHostIPv6), 0);
        } finally {
            probe.dispose();
        }
    }

    @Test
    void getSetCheck() {
        QTcpServer obj1 = new QTcpServer();
        obj1.setMaxPendingConnections(0);
        assertEquals(0, obj1.maxPendingConnections());
        obj1.setMaxPendingConnections(Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, obj1.maxPendingConnections());
        // Qt stores INT_MIN as is; qtj treats a negative limit as a programming error (documented deviation)
        assertThrows(IllegalArgumentException.class, () -> obj1.setMaxPendingConnections(Integer.MIN_VALUE));
        obj1.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
        assertEquals(QNetworkProxy.ProxyType.NoProxy, obj1.proxy().type());
        obj1.dispose();
    }

    /** clientServerLoop as Qt writes it: listen on Any, then the blocking API on both ends. */
    @Test
    void clientServerLoopBlocking() {
        QTcpServer server = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        try {
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            assertFalse(server.isListening());
            assertFalse(server.hasPendingConnections());
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.Any), 0));
            assertTrue(server.isListening());
            client.connectToHost(localhost(), server.serverPort());
            assertTrue(client.waitForConnected(5000));
            assertTrue(server.waitForNewConnection(5000));
            assertTrue(server.hasPendingConnections());
            assertEquals(1, spy.count());
            QTcpSocket serverSocket = server.nextPendingConnection();
            assertNotNull(serverSocket);
            assertEquals(19, serverSocket.write("Greetings, client!\n".getBytes()));
            serverSocket.flush();
            assertTrue(client.waitForReadyRead(5000));
            assertEquals("Greetings, client!\n", client.readAll().toString());
            assertEquals(20, client.write("Well, hello to you!\n".getBytes()));
            client.flush();
            assertTrue(serverSocket.waitForReadyRead(5000));
            assertEquals("Well, hello to you!\n", serverSocket.readAll().toString());
        } finally {
            client.dispose();
            server.dispose();
        }
    }

    @Test
    void ipv6Server() {
        Assumptions.assumeTrue(hasIPv6(), "::1 is not available on this host");
        QTcpServer server = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHostIPv6), 0));
            assertTrue(server.serverPort() > 0);
            assertEquals(new QHostAddress(QHostAddress.SpecialAddress.LocalHostIPv6), server.serverAddress());
            client.connectToHost("::1", server.serverPort());
            assertTrue(client.waitForConnected(5000));
            assertTrue(server.waitForNewConnection(5000));
            assertTrue(server.hasPendingConnections());
            QTcpSocket serverSocket = server.nextPendingConnection();
            assertNotNull(serverSocket);
            assertEquals(QAbstractSocket.NetworkLayerProtocol.IPv6Protocol, serverSocket.peerAddress().protocol());
            serverSocket.close();
            serverSocket.dispose();
        } finally {
            client.dispose();
            server.dispose();
        }
    }

    static Stream<Arguments> dualStack_data() {
        return Stream.of(
                Arguments.of("any", QHostAddress.SpecialAddress.Any, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dualStack_data")
    void dualStack(String row, QHostAddress.SpecialAddress bindAddress, boolean v4ok, boolean v6ok) {
        runDualStack(bindAddress, v4ok, v6ok);
    }

    /** dualStack's row anyIPv4: Qt binds 0.0.0.0, so an IPv6 client is refused. */
    @Test
    void dualStack_anyIPv4() {
        runDualStack(QHostAddress.SpecialAddress.AnyIPv4, true, false);
    }

    /**
     * dualStack's row anyIPv6. Qt sets IPV6_V6ONLY for AnyIPv6, so an IPv4 client is refused; Java
     * cannot set that option, so here both connect: a documented difference (see QTcpServer's class
     * documentation), pinned so that it is noticed if it ever changes.
     */
    @Test
    void dualStack_anyIPv6() {
        runDualStack(QHostAddress.SpecialAddress.AnyIPv6, true, true);
    }

    private static void runDualStack(QHostAddress.SpecialAddress bindAddress, boolean v4ok, boolean v6ok) {
        Assumptions.assumeTrue(hasIPv6(), "::1 is not available on this host");
        QTcpServer server = new QTcpServer();
        QTcpSocket v4client = new QTcpSocket();
        QTcpSocket v6client = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(bindAddress)));
            v4client.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), server.serverPort());
            v6client.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHostIPv6), server.serverPort());
            assertEquals(v4ok, v4client.waitForConnected(5000), "IPv4 client");
            assertEquals(v6ok, v6client.waitForConnected(5000), "IPv6 client");
        } finally {
            v4client.dispose();
            v6client.dispose();
            server.dispose();
        }
    }

    @Test
    void ipv6ServerMapped() {
        QTcpServer server = new QTcpServer();
        List<QTcpSocket> clients = new ArrayList<>();
        try {
            assertTrue(server.listen(localhost()));
            for (String host : List.of("127.0.0.1", "::ffff:127.0.0.1", "::ffff:7F00:0001")) {
                if (!host.equals("127.0.0.1")) {
                    Assumptions.assumeTrue(hasIPv6(), "::1 is not available on this host");
                }
                QTcpSocket client = new QTcpSocket();
                clients.add(client);
                client.connectToHost(host, server.serverPort());
                assertTrue(server.waitForNewConnection(5000), host);
                server.nextPendingConnection().dispose();
            }
            // connecting to the IPv6 localhost must not reach a server bound to 127.0.0.1
            QTcpSocket client4 = new QTcpSocket();
            clients.add(client4);
            client4.connectToHost("::1", server.serverPort());
            assertFalse(server.waitForNewConnection(1000));
        } finally {
            clients.forEach(QObject::dispose);
            server.dispose();
        }
    }

    @Test
    void crashTests() {
        QTcpServer server = new QTcpServer();
        server.close();
        assertTrue(server.listen());
        server.dispose();
    }

    @Test
    void maxPendingConnections() {
        QTcpServer server = new QTcpServer();
        server.setMaxPendingConnections(2);
        QTcpSocket socket1 = new QTcpSocket();
        QTcpSocket socket2 = new QTcpSocket();
        QTcpSocket socket3 = new QTcpSocket();
        try {
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            assertTrue(server.listen());
            socket1.connectToHost(localhost(), server.serverPort());
            socket2.connectToHost(localhost(), server.serverPort());
            socket3.connectToHost(localhost(), server.serverPort());
            // two and only two: the first wait reaches two, the second makes sure no more come
            assertTrue(QTest.qWaitFor(() -> spy.count() == 2, 5000));
            QTest.qWait(100);
            assertEquals(2, spy.count());
            assertTrue(server.hasPendingConnections());
            assertNotNull(server.nextPendingConnection());
            assertTrue(server.hasPendingConnections());
            assertNotNull(server.nextPendingConnection());
            assertFalse(server.hasPendingConnections());
            assertNull(server.nextPendingConnection());
            assertTrue(server.waitForNewConnection(5000));
            assertTrue(server.hasPendingConnections());
            assertNotNull(server.nextPendingConnection());
        } finally {
            socket1.dispose();
            socket2.dispose();
            socket3.dispose();
            server.dispose();
        }
    }

    /** Seed: once the limit is reached, clients still connect (the kernel's backlog holds them). */
    @Test
    void maxPendingConnectionsClientsStillConnect() {
        QTcpServer server = new QTcpServer();
        server.setMaxPendingConnections(1);
        List<QTcpSocket> clients = new ArrayList<>();
        try {
            assertTrue(server.listen(localhost(), 0));
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            for (int i = 0; i < 3; i++) {
                QTcpSocket c = new QTcpSocket();
                clients.add(c);
                c.connectToHost(localhost(), server.serverPort());
            }
            assertTrue(QTest.qWaitFor(() -> clients.stream().allMatch(
                    c -> c.state() == QAbstractSocket.SocketState.ConnectedState), 5000), "every client emits connected()");
            assertEquals(1, spy.count(), "the server accepted only up to the limit");
            int taken = 0;
            for (int i = 0; i < 3 && QTest.qWaitFor(server::hasPendingConnections, 5000); i++) {
                assertNotNull(server.nextPendingConnection());
                taken++;
            }
            assertEquals(3, taken, "the backlog hands the rest over as the queue empties");
        } finally {
            clients.forEach(QObject::dispose);
            server.dispose();
        }
    }

    @Test
    void waitForConnectionTest() {
        QTcpServer server = new QTcpServer();
        QThread connector = null;
        try {
            boolean[] timeout = {false};
            assertTrue(server.listen(new QHostAddress("127.0.0.1")));
            assertFalse(server.waitForNewConnection(1000, timeout));
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, server.serverError());
            assertTrue(timeout[0]);
            int port = server.serverPort();
            connector = QThread.create(() -> {
                QTcpSocket socket = new QTcpSocket();
                socket.connectToHost(new QHostAddress("127.0.0.1"), port);
                socket.waitForConnected(5000);
                socket.dispose();
            });
            connector.start();
            assertTrue(server.waitForNewConnection(3000, timeout));
            assertFalse(timeout[0]);
        } finally {
            if (connector != null) {
                assertTrue(connector.join(10000));
                connector.dispose();
            }
            server.dispose();
        }
    }

    /** Part of waitForConnectionTest that qtj passes: the timed-out flag and the return value. */
    @Test
    void waitForNewConnectionTimedOutFlagAndNotListening() {
        QTcpServer server = new QTcpServer();
        boolean[] timedOut = {true};
        assertFalse(server.waitForNewConnection(10, timedOut), "not listening");
        assertFalse(timedOut[0]);
        assertTrue(server.listen(localhost(), 0));
        assertFalse(server.waitForNewConnection(0, timedOut));
        assertTrue(timedOut[0]);
        server.dispose();
    }

    @Test
    void addressReusable() throws IOException {
        QTcpServer first = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        QTcpServer second = new QTcpServer();
        try {
            assertTrue(first.listen(localhost(), 0));
            int port = first.serverPort();
            client.connectToHost(localhost(), port);
            assertTrue(client.waitForConnected(5000));
            assertTrue(first.waitForNewConnection(5000));
            QTcpSocket accepted = first.nextPendingConnection();
            accepted.abort();            // the server side closes first: its port goes to TIME_WAIT
            first.dispose();
            assertTrue(second.listen(localhost(), port), second.errorString());
        } finally {
            client.dispose();
            second.dispose();
        }
    }

    /** The descriptor handed to incomingConnection can be used with the blocking API by user code. */
    @Test
    void setNewSocketDescriptorBlocking() throws IOException {
        boolean[] ok = {false};
        QTcpServer server = new QTcpServer() {
            @Override
            protected void incomingConnection(long socketDescriptor) {
                QTcpSocket s = new QTcpSocket();
                ok[0] = s.setSocketDescriptor(socketDescriptor) && s.write("x".getBytes()) == 1
                        && s.waitForBytesWritten(5000);
                s.dispose();
            }
        };
        try {
            assertTrue(server.listen());
            try (Socket socket = new Socket("127.0.0.1", server.serverPort())) {
                socket.setSoTimeout(5000);
                assertTrue(server.waitForNewConnection(5000) || QTest.qWaitFor(() -> ok[0], 5000));
                assertTrue(ok[0]);
                assertEquals('x', socket.getInputStream().read());
            }
        } finally {
            server.dispose();
        }
    }

    static Stream<Arguments> invalidProxy_data() {
        return Stream.of(
                Arguments.of("ftp-proxy", QNetworkProxy.ProxyType.FtpCachingProxy, 143),
                Arguments.of("http-proxy", QNetworkProxy.ProxyType.HttpProxy, 3128));
    }

    /** Rows whose proxy cannot listen at all: Qt refuses before contacting the proxy. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProxy_data")
    void invalidProxy(String row, QNetworkProxy.ProxyType type, int port) {
        QTcpServer server = new QTcpServer();
        try {
            server.setProxy(new QNetworkProxy(type, "127.0.0.1", port));
            assertFalse(server.listen());
            assertFalse(server.errorString().isEmpty());
            assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, server.serverError());
        } finally {
            server.dispose();
        }
    }

    static Stream<Arguments> proxyFactory_data() {
        QNetworkProxy http = new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, "127.0.0.1", 3128);
        QNetworkProxy cachingHttp = new QNetworkProxy(QNetworkProxy.ProxyType.HttpCachingProxy, "127.0.0.1", 3128);
        QNetworkProxy ftp = new QNetworkProxy(QNetworkProxy.ProxyType.FtpCachingProxy, "127.0.0.1", 2121);
        return Stream.of(
                Arguments.of("http", List.of(http)),
                Arguments.of("cachinghttp", List.of(cachingHttp)),
                Arguments.of("ftp", List.of(ftp)),
                Arguments.of("ftp+cachinghttp", List.of(ftp, cachingHttp)));
    }

    /** The rows that fail to listen: no proxy in the list can listen, so Qt never contacts one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("proxyFactory_data")
    void proxyFactory(String row, List<QNetworkProxy> proxyList) {
        int[] callCount = {0};
        QNetworkProxyQuery[] lastQuery = {null};
        QNetworkProxyFactory.setApplicationProxyFactory(new QNetworkProxyFactory() {
            @Override
            public List<QNetworkProxy> queryProxy(QNetworkProxyQuery query) {
                lastQuery[0] = query;
                callCount[0]++;
                return proxyList;
            }
        });
        QTcpServer server = new QTcpServer();
        try {
            boolean listenResult = server.listen();
            assertEquals(1, callCount[0]);
            assertEquals(new QNetworkProxyQuery(0, null, QNetworkProxyQuery.QueryType.TcpServer), lastQuery[0]);
            assertFalse(listenResult);
            assertFalse(server.errorString().isEmpty());
            assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, server.serverError());
        } finally {
            QNetworkProxyFactory.setApplicationProxyFactory(null);
            server.dispose();
        }
    }

    @Test
    void qtbug14268_peek() {
        QTcpServer server = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        try {
            assertTrue(server.listen());
            AtomicReference<String> lastDataPeeked = new AtomicReference<>("");
            server.newConnection.connect(() -> {
                QTcpSocket s = server.nextPendingConnection();
                s.readyRead.connect(() -> lastDataPeeked.set(s.peek(128 * 1024).toHex().toString()));
            });
            client.connectToHost(localhost(), server.serverPort());
            assertTrue(client.waitForConnected(2000));
            client.write("abc\n".getBytes());
            assertTrue(QTest.qWaitFor(() -> lastDataPeeked.get().equals("6162630a"), 5000), lastDataPeeked.get());
            client.write("def\n".getBytes());
            assertTrue(QTest.qWaitFor(() -> lastDataPeeked.get().equals("6162630a6465660a"), 5000), lastDataPeeked.get());
            client.write("ghi\n".getBytes());
            assertTrue(QTest.qWaitFor(() -> lastDataPeeked.get().equals("6162630a6465660a6768690a"), 5000),
                    lastDataPeeked.get());
        } finally {
            client.dispose();
            server.dispose();
        }
    }

    static Stream<Arguments> serverAddress_data() {
        boolean v6 = hasIPv6();
        List<Arguments> rows = new ArrayList<>();
        rows.add(Arguments.of("Any", "Any", v6 ? "Any" : "AnyIPv4"));
        rows.add(Arguments.of("AnyIPv4", "AnyIPv4", "AnyIPv4"));
        if (v6) {
            rows.add(Arguments.of("AnyIPv6", "AnyIPv6", "AnyIPv6"));
        }
        rows.add(Arguments.of("127.0.0.1", "127.0.0.1", "127.0.0.1"));
        if (v6) {
            rows.add(Arguments.of("::1", "::1", "::1"));
        }
        return rows.stream();
    }

    private static QHostAddress address(String s) {
        return switch (s) {
            case "Any" -> new QHostAddress(QHostAddress.SpecialAddress.Any);
            case "AnyIPv4" -> new QHostAddress(QHostAddress.SpecialAddress.AnyIPv4);
            case "AnyIPv6" -> new QHostAddress(QHostAddress.SpecialAddress.AnyIPv6);
            default -> new QHostAddress(s);
        };
    }

    /** serverAddress_data without the AnyIPv4 row, which fails in qtj (see serverAddress_AnyIPv4). */
    static Stream<Arguments> serverAddress_passingRows() {
        return serverAddress_data().filter(a -> !a.get()[0].equals("AnyIPv4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverAddress_passingRows")
    void serverAddress(String row, String listenAddress, String serverAddress) {
        runServerAddress(listenAddress, serverAddress);
    }

    @Test
    void serverAddress_AnyIPv4() {
        runServerAddress("AnyIPv4", "AnyIPv4");
    }

    private static void runServerAddress(String listenAddress, String serverAddress) {
        QTcpServer server = new QTcpServer();
        try {
            assertTrue(server.listen(address(listenAddress)), server.errorString());
            assertEquals(address(serverAddress), server.serverAddress());
        } finally {
            server.dispose();
        }
    }

    /** On OS X, listen() on a port already listened on used to succeed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("serverAddress_data")
    void qtbug6305(String row, String listenAddress, String ignored) {
        QTcpServer server = new QTcpServer();
        QTcpServer server2 = new QTcpServer();
        try {
            assertTrue(server.listen(address(listenAddress)), server.errorString());
            assertFalse(server2.listen(address(listenAddress), server.serverPort()), "second listen should fail");
            assertEquals(QAbstractSocket.SocketError.AddressInUseError, server2.serverError());
        } finally {
            server.dispose();
            server2.dispose();
        }
    }

    @Test
    void eagainBlockingAccept() {
        QTcpServer server = new QTcpServer();
        QTcpSocket s = new QTcpSocket();
        try {
            assertTrue(server.listen(localhost(), 0));
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            s.connectToHost(localhost(), server.serverPort());
            assertTrue(QTest.qWaitFor(() -> spy.count() == 1, 5000));
            s.close();
            // a further connection is still accepted: accepting was not paused
            s.connectToHost(localhost(), server.serverPort());
            assertTrue(QTest.qWaitFor(() -> spy.count() == 2, 5000));
            s.close();
            server.close();
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    @Test
    void canAccessPendingConnectionsWhileNotListening() {
        class NonListeningTcpServer extends QTcpServer {
            void addSocketFromOutside(QTcpSocket s) {
                addPendingConnection(s);
            }
        }
        NonListeningTcpServer server = new NonListeningTcpServer();
        QTcpSocket socket = new QTcpSocket();
        server.addSocketFromOutside(socket);
        assertSame(socket, server.nextPendingConnection());
        socket.dispose();
        server.dispose();
    }

    // ---------------------------------------------------------------- the seed document's statements

    @Test
    void serverAddressAndPortWhileListeningAndAfterClose() throws IOException {
        QTcpServer server = new QTcpServer();
        try {
            assertEquals(-1, server.socketDescriptor());
            assertTrue(server.listen(localhost(), 0));
            int port = server.serverPort();
            assertTrue(port > 0);
            assertEquals(localhost(), server.serverAddress());
            assertTrue(server.socketDescriptor() != -1);
            server.close();
            assertFalse(server.isListening());
            assertEquals(0, server.serverPort());
            assertTrue(server.serverAddress().isNull());
            assertEquals(-1, server.socketDescriptor());
            QTcpSocket late = new QTcpSocket();
            late.connectToHost(localhost(), port);
            assertFalse(late.waitForConnected(5000), "a closed server no longer listens");
            assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, late.error());
            late.dispose();
        } finally {
            server.dispose();
        }
    }

    @Test
    void errorStringAndServerErrorAfterFailures() {
        QTcpServer server = new QTcpServer();
        QTcpServer other = new QTcpServer();
        try {
            assertEquals(QAbstractSocket.SocketError.UnknownSocketError, server.serverError());
            assertFalse(server.listen(new QHostAddress("1.2.3.4"), 0));
            assertEquals(QAbstractSocket.SocketError.SocketAddressNotAvailableError, server.serverError());
            assertEquals("The address is not available", server.errorString());
            assertTrue(other.listen(localhost(), 0));
            assertFalse(server.listen(localhost(), other.serverPort()));
            assertEquals(QAbstractSocket.SocketError.AddressInUseError, server.serverError());
            assertEquals("The bound address is already in use", server.errorString());
            assertFalse(server.setSocketDescriptor(-5));
            assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, server.serverError());
            assertFalse(server.errorString().isEmpty());
        } finally {
            server.dispose();
            other.dispose();
        }
    }

    /** Seed: an overridden incomingConnection adds its socket with addPendingConnection. */
    @Test
    void pendingConnectionAvailable() {
        List<String> log = new ArrayList<>();
        QTcpServer server = new QTcpServer() {
            @Override
            protected void incomingConnection(long socketDescriptor) {
                QTcpSocket s = new QTcpSocket(this);
                s.setObjectName("mine");
                assertTrue(s.setSocketDescriptor(socketDescriptor));
                log.add("incomingConnection");
                addPendingConnection(s);
            }
        };
        QTcpSocket client = new QTcpSocket();
        try {
            server.pendingConnectionAvailable.connect(() -> log.add("pendingConnectionAvailable"));
            server.newConnection.connect(() -> log.add("newConnection"));
            assertTrue(server.listen(localhost(), 0));
            client.connectToHost(localhost(), server.serverPort());
            assertTrue(QTest.qWaitFor(() -> log.contains("newConnection"), 5000));
            assertEquals(List.of("incomingConnection", "pendingConnectionAvailable", "newConnection"), log);
            QTcpSocket s = server.nextPendingConnection();
            assertEquals("mine", s.objectName());
            assertSame(server, s.parent());
            assertNull(server.nextPendingConnection());
        } finally {
            client.dispose();
            server.dispose();
        }
    }

    /**
     * Seed: acceptError is emitted when accepting fails, and accepting is then paused until
     * resumeAccepting(). An accept failure cannot be provoked on loopback, so this checks the
     * signal exists and stays silent, and the pause/resume interplay around it.
     */
    @Test
    void acceptErrorAndPauseResumeAccepting() {
        QTcpServer server = new QTcpServer();
        List<QTcpSocket> clients = new ArrayList<>();
        try {
            QSignalSpy acceptError = new QSignalSpy(server.acceptError);
            assertTrue(acceptError.isValid());
            QSignalSpy spy = new QSignalSpy(server.newConnection);
            assertTrue(server.listen(localhost(), 0));
            QTcpSocket first = new QTcpSocket();
            clients.add(first);
            first.connectToHost(localhost(), server.serverPort());
            assertTrue(spy.wait(5000));
            server.pauseAccepting();
            server.pauseAccepting();   // idempotent
            for (int i = 0; i < 5; i++) {
                QTcpSocket c = new QTcpSocket();
                clients.add(c);
                c.connectToHost(localhost(), server.serverPort());
            }
            assertTrue(QTest.qWaitFor(() -> clients.stream().allMatch(
                    c -> c.state() == QAbstractSocket.SocketState.ConnectedState), 5000), "the kernel queues them");
            assertFalse(spy.wait(200));
            assertEquals(1, spy.count());
            server.resumeAccepting();
            assertTrue(QTest.qWaitFor(() -> spy.count() == 6, 5000), "queued connections come after resume");
            assertEquals(0, acceptError.count());
            assertEquals(QAbstractSocket.SocketError.UnknownSocketError, server.serverError());
        } finally {
            clients.forEach(QObject::dispose);
            server.dispose();
        }
    }

    /** Seed: the socket is a child of the server, and null is returned when nothing is pending. */
    @Test
    void nextPendingConnectionParentedAndNullWhenNone() {
        QTcpServer server = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        try {
            assertTrue(server.listen(localhost(), 0));
            assertNull(server.nextPendingConnection());
            client.connectToHost(localhost(), server.serverPort());
            assertTrue(server.waitForNewConnection(5000));
            QTcpSocket s = server.nextPendingConnection();
            assertSame(server, s.parent());
            assertTrue(server.children().contains(s));
            assertNull(server.nextPendingConnection());
            assertFalse(server.hasPendingConnections());
        } finally {
            client.dispose();
            server.dispose();
        }
    }
}
