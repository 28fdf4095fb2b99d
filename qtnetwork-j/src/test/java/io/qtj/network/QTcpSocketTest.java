package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QElapsedTimer;
import io.qtj.core.QEventLoop;
import io.qtj.core.QIODevice;
import io.qtj.core.QObject;
import io.qtj.core.QTimer;
import io.qtj.core.QTimerEvent;
import io.qtj.core.Qt;
import io.qtj.core.QThread;
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

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QTcpSocket / QAbstractSocket on real loopback sockets; test names follow qtbase's
 * tests/auto/network/socket/qtcpsocket/tst_qtcpsocket.cpp where ported.
 *
 * <p>Qt's tests talk to its network test server (IMAP on 143, FTP on 21, HTTP on 80, SMTP on 25).
 * Where the test is about the socket rather than the server, {@link FakeServer} plays that server
 * on 127.0.0.1 (a greeting, NOOP/LOGOUT, QUIT, GET), and the test is ported.
 *
 * <p>Ported: socketsConstructedBeforeEventLoop, constructing, setInvalidSocketDescriptor,
 * socketDescriptor, blockingIMAP, nonBlockingIMAP, hostNotFound, delayedClose, partialRead,
 * unget, readAllAfterClose, openCloseOpenClose, connectDisconnectConnectDisconnect,
 * disconnectWhileConnecting, disconnectWhileConnectingNoEventLoop, disconnectWhileLookingUp,
 * downloadBigFile, readLine, readLineString, readChunks, waitForBytesWritten,
 * waitForBytesWrittenMinusOne, waitForReadyRead, waitForReadyReadMinusOne, flush, synchronousApi,
 * dontCloseOnTimeout, recursiveReadyRead, atEnd, socketInAThread, socketsInThreads,
 * waitForReadyReadInASlot, remoteCloseError, nestedEventLoopInErrorSlot,
 * connectToLocalHostNoService, waitForConnectedInHostLookupSlot,
 * waitForConnectedInHostLookupSlot2, readyReadSignalsAfterWaitForReadyRead, abortiveClose,
 * localAddressEmptyOnBSD, zeroAndMinusOneReturns, connectionRefused, moveToThread0,
 * increaseReadBufferSize, taskQtBug5799ConnectionErrorWaitForConnected,
 * taskQtBug5799ConnectionErrorEventLoop, taskQtBug7054TimeoutErrorResetting, invalidProxy (rows
 * ftp-proxy, http-caching-proxy), proxyFactory (rows cachinghttp, ftp, ftp+cachinghttp),
 * qtbug14268_peek, setSocketOption; from later qtbase revisions: connectToHostError (row
 * "localhost no service"), bytesWrittenSignal and writeOnReadBufferOverflow (written from what
 * those tests check, not copied).
 *
 * <p>Not ported:
 * <ul>
 * <li>initTestCase_data rows WithSocks5Proxy*, WithHttpProxy*, and all "SSL" rows: need Qt's
 *     proxy test servers and SSL (qtj has neither proxies honoured nor QSslSocket).</li>
 * <li>bind / bind_data: qtj has no QAbstractSocket.bind().</li>
 * <li>setSocketDescriptor: adopts an unconnected native socket with
 *     setSocketDescriptor(fd, UnconnectedState) and connects it later; qtj descriptors are
 *     connected channels, adopted in ConnectedState only (covered by
 *     QTcpServerTest.incomingConnectionHandedToAnotherThread and
 *     QAbstractSocketTest.setSocketDescriptorOpenMode).</li>
 * <li>timeoutConnect: needs a host that drops SYNs (Qt's server, port 1357); loopback refuses at
 *     once.</li>
 * <li>linuxKernelBugLocalSocket: adopts a FIFO's file descriptor; qtj descriptors are network
 *     channels only.</li>
 * <li>suddenRemoteDisconnect: needs Qt's stressTest helper processes.</li>
 * <li>connectToMultiIP: needs a DNS name with several A records (Qt skips it too).</li>
 * <li>invalidProxy rows no-such-host-socks5, no-such-host-http, http-on-socks5, socks5-on-http;
 *     proxyFactory rows http, socks5, cachinghttp+socks5, ftp+cachinghttp+socks5: need outside
 *     DNS or Qt's proxy test servers.</li>
 * <li>connectToHostError row "unreachable" (0.0.1.1): a destination off loopback.</li>
 * </ul>
 */
@Timeout(120)
@ExtendWith(QtExtension.class)
class QTcpSocketTest {
    private static List<String> recordSignals(QTcpSocket s) {
        List<String> log = new ArrayList<>();
        s.stateChanged.connect(st -> log.add("stateChanged(" + st + ")"));
        s.hostFound.connect(() -> log.add("hostFound"));
        s.connected.connect(() -> log.add("connected"));
        s.disconnected.connect(() -> log.add("disconnected"));
        s.errorOccurred.connect(e -> log.add("error(" + e + ")"));
        s.readChannelFinished.connect(() -> log.add("readChannelFinished"));
        return log;
    }

    /** stateChanged and errorOccurred, each with the state() a slot sees, e.g. "error(X) in UnconnectedState". */
    private static List<String> recordStatesSeenInSlots(QTcpSocket s) {
        List<String> log = new ArrayList<>();
        s.stateChanged.connect(st -> log.add("stateChanged(" + st + ") in " + s.state()));
        s.errorOccurred.connect(e -> log.add("error(" + e + ") in " + s.state()));
        return log;
    }

    @Test
    void constructing() {
        QTcpSocket s = new QTcpSocket();
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
        assertEquals(QAbstractSocket.SocketType.TcpSocket, s.socketType());
        assertEquals(QAbstractSocket.SocketError.UnknownSocketError, s.error());
        assertFalse(s.isValid());
        assertFalse(s.isOpen());
        assertTrue(s.isSequential());
        assertEquals(0, s.bytesAvailable());
        assertEquals(0, s.bytesToWrite());
        assertEquals(0, s.readBufferSize());
        assertEquals(-1, s.socketDescriptor());
        assertEquals("", s.peerName());
        assertEquals(0, s.peerPort());
        assertEquals(0, s.localPort());
        assertTrue(s.peerAddress().isNull());
        assertEquals(30_000, s.connectTimeout());
        s.dispose();
    }

    /** Qt emits stateChanged(ConnectingState) before hostFound (qabstractsocket.cpp, _q_startConnecting). */
    @Test
    void signalOrderOfAConnectionAndAGracefulClose() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        s.connectToHost("127.0.0.1", server.serverPort());
        assertTrue(QTest.qWaitFor(() -> log.contains("connected"), 5000));
        assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                "stateChanged(ConnectedState)", "connected"), log);
        log.clear();
        s.disconnectFromHost();
        assertEquals(List.of("stateChanged(ClosingState)", "stateChanged(UnconnectedState)", "readChannelFinished",
                "disconnected"), log);
        s.dispose();
        server.dispose();
    }

    @Test
    void connectionRefused() throws IOException {
        int port = closedPort();
        QTcpSocket socket = new QTcpSocket();
        try {
            QSignalSpy stateSpy = new QSignalSpy(socket.stateChanged);
            QSignalSpy errorSpy = new QSignalSpy(socket.errorOccurred);
            socket.connectToHost("127.0.0.1", port);
            assertTrue(QTest.qWaitFor(() -> errorSpy.count() > 0, 10000), "Network timeout");
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, socket.error());
            assertEquals("Connection refused", socket.errorString());
            assertEquals(3, stateSpy.count());
            assertEquals(QAbstractSocket.SocketState.HostLookupState, stateSpy.at(0).get(0));
            assertEquals(QAbstractSocket.SocketState.ConnectingState, stateSpy.at(1).get(0));
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, stateSpy.at(2).get(0));
            assertEquals(1, errorSpy.count());
        } finally {
            socket.dispose();
        }
    }

    /**
     * All addresses refused: stateChanged(UnconnectedState), then errorOccurred, the state already
     * Unconnected in both slots, as Qt's _q_connectToNextAddress (qabstractsocket.cpp).
     */
    @Test
    void signalOrderOfARefusedConnection() throws IOException {
        int port = closedPort();
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        List<String> seen = recordStatesSeenInSlots(s);
        s.connectToHost("127.0.0.1", port);
        assertTrue(QTest.qWaitFor(() -> log.contains("error(ConnectionRefusedError)"), 5000));
        assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                "stateChanged(UnconnectedState)", "error(ConnectionRefusedError)"), log);
        assertEquals(List.of("stateChanged(HostLookupState) in HostLookupState",
                "stateChanged(ConnectingState) in ConnectingState",
                "stateChanged(UnconnectedState) in UnconnectedState",
                "error(ConnectionRefusedError) in UnconnectedState"), seen);
        s.dispose();
    }

    /**
     * close() resets the error string (QIODevice's close, as Qt's) but not the error: after a
     * refused connect the device is still open, so the reset shows.
     */
    @Test
    void closeAfterAnErrorResetsTheErrorStringNotTheError() throws IOException {
        int port = closedPort();
        QTcpSocket s = new QTcpSocket();
        try {
            List<String> log = recordSignals(s);
            s.connectToHost("127.0.0.1", port);
            assertTrue(QTest.qWaitFor(() -> log.contains("error(ConnectionRefusedError)"), 5000));
            assertEquals("Connection refused", s.errorString());
            assertTrue(s.isOpen());
            s.close();
            assertFalse(s.isOpen());
            assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, s.error());
            assertEquals("Unknown error", s.errorString());
        } finally {
            s.dispose();
        }
    }

    /**
     * The connect timer with no address left: stateChanged(UnconnectedState), then
     * errorOccurred(SocketTimeoutError) "Connection timed out", as Qt 5's _q_abortConnectionAttempt.
     */
    @Test
    void connectTimeoutOnTheLastAddress() throws IOException {
        int timeout = 300;
        QTcpSocket s = new QTcpSocket();
        try (io.qtj.network.testing.Blackhole hole = new io.qtj.network.testing.Blackhole(InetAddress.getByName("127.0.0.1"))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            List<String> log = recordSignals(s);
            List<String> seen = recordStatesSeenInSlots(s);
            s.setConnectTimeout(timeout);
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            s.connectToHost("127.0.0.1", hole.port());
            assertTrue(QTest.qWaitFor(() -> log.stream().anyMatch(e -> e.startsWith("error")), 10000), "Network timeout");
            long elapsed = timer.elapsed();
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(UnconnectedState)", "error(SocketTimeoutError)"), log);
            assertEquals(List.of("stateChanged(HostLookupState) in HostLookupState",
                    "stateChanged(ConnectingState) in ConnectingState",
                    "stateChanged(UnconnectedState) in UnconnectedState",
                    "error(SocketTimeoutError) in UnconnectedState"), seen);
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, s.error());
            assertEquals("Connection timed out", s.errorString());
            assertTrue(elapsed >= timeout * 95L / 100, "failed after " + elapsed + " ms");
        } finally {
            s.dispose();
        }
    }

    /**
     * The connect timer is a timer of the socket itself (Qt's is a QTimer child): a subclass's own
     * timers still reach its timerEvent while a connect runs, and the connect timer's never does.
     */
    @Test
    void aSubclassTimerReachesTimerEventDuringAConnectAndTheConnectTimerDoesNot() throws IOException {
        List<Integer> fired = new ArrayList<>();
        QTcpSocket s = new QTcpSocket() {
            @Override
            protected void timerEvent(QTimerEvent e) {
                fired.add(e.timerId());
            }
        };
        try (io.qtj.network.testing.Blackhole hole = new io.qtj.network.testing.Blackhole(InetAddress.getByName("127.0.0.1"))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            s.setConnectTimeout(200);
            int own = s.startTimer(20);
            QSignalSpy errors = new QSignalSpy(s.errorOccurred);
            s.connectToHost("127.0.0.1", hole.port());
            assertTrue(errors.wait(10000), "the connect timed out");
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, s.error());
            assertFalse(fired.isEmpty(), "the subclass's timer fired meanwhile");
            assertTrue(fired.stream().allMatch(id -> id == own), "timerEvent got " + fired + ", own timer " + own);
            s.killTimer(own);
        } finally {
            s.dispose();
        }
    }

    /**
     * waitForConnected with more time than the connect timeout gives the one address up after the
     * connect timeout, not after msecs (Qt 5's waitForConnected caps each wait at QT_CONNECT_TIMEOUT
     * and then calls _q_connectToNextAddress): with no address left, stateChanged(UnconnectedState)
     * and errorOccurred(SocketTimeoutError) (its slot sees the engine's "Network operation timed
     * out"), then the wait's own "Socket operation timed out" with a second
     * stateChanged(UnconnectedState), as Qt's closing step. Qt 5.15 does the same, but after two
     * timeouts, since its _q_startConnecting puts each address in the list twice.
     */
    @Test
    void waitForConnectedGivesUpTheLastAddressAfterTheConnectTimeout() throws IOException {
        int timeout = 300;
        int msecs = 20000;
        QTcpSocket s = new QTcpSocket();
        try (io.qtj.network.testing.Blackhole hole = new io.qtj.network.testing.Blackhole(InetAddress.getByName("127.0.0.1"))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            List<String> log = recordSignals(s);
            List<String> seen = recordStatesSeenInSlots(s);
            List<String> texts = new ArrayList<>();
            s.errorOccurred.connect(e -> texts.add(s.errorString()));
            s.setConnectTimeout(timeout);
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            s.connectToHost("127.0.0.1", hole.port());
            assertFalse(s.waitForConnected(msecs));
            long elapsed = timer.elapsed();
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(UnconnectedState)", "error(SocketTimeoutError)", "stateChanged(UnconnectedState)"), log);
            assertEquals(List.of("stateChanged(HostLookupState) in HostLookupState",
                    "stateChanged(ConnectingState) in ConnectingState",
                    "stateChanged(UnconnectedState) in UnconnectedState",
                    "error(SocketTimeoutError) in UnconnectedState",
                    "stateChanged(UnconnectedState) in UnconnectedState"), seen);
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, s.error());
            assertEquals(List.of("Network operation timed out"), texts);
            assertEquals("Socket operation timed out", s.errorString());
            // the one address is tried twice, as Qt's: two connect timeouts
            assertTrue(elapsed >= 2 * timeout * 95L / 100 && elapsed < msecs / 2, "failed after " + elapsed + " ms");
        } finally {
            s.dispose();
        }
    }

    /**
     * Every address is tried twice, as Qt's {@code _q_startConnecting}: a host with one address
     * whose first attempt times out (its SYN dropped by a full accept queue) connects on the second
     * attempt once a server listens there. Tried once, the connect would fail with the timeout.
     */
    @Test
    void theOneAddressIsTriedASecondTimeAfterItsFirstAttemptTimesOut() throws IOException {
        int timeout = 300;
        QTcpSocket s = new QTcpSocket();
        QTcpServer server = new QTcpServer();
        try {
            int port;
            try (io.qtj.network.testing.Blackhole hole = new io.qtj.network.testing.Blackhole(InetAddress.getByName("127.0.0.1"))) {
                Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
                port = hole.port();
                s.setConnectTimeout(timeout);
                s.connectToHost("127.0.0.1", port);   // the first SYN is sent now, and dropped
                assertEquals(QAbstractSocket.SocketState.ConnectingState, s.state());
            }
            assertTrue(server.listen(new QHostAddress("127.0.0.1"), port), server.errorString());
            QSignalSpy connected = new QSignalSpy(s.connected);
            QSignalSpy errors = new QSignalSpy(s.errorOccurred);
            assertTrue(connected.wait(10_000), "not connected: " + s.errorString());
            assertEquals(0, errors.count());
            assertEquals(port, s.peerPort());
            assertTrue(server.waitForNewConnection(5000));
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    /**
     * A name that resolves nowhere (the reserved .invalid TLD): stateChanged(UnconnectedState), then
     * errorOccurred(HostNotFoundError), both seeing UnconnectedState, as Qt's _q_startConnecting.
     */
    @Test
    void unknownHost() {
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        List<String> seen = recordStatesSeenInSlots(s);
        s.connectToHost("no-such-host.invalid", 80);
        assertEquals(QAbstractSocket.SocketState.HostLookupState, s.state());
        assertTrue(QTest.qWaitFor(() -> log.contains("error(HostNotFoundError)"), 20000));
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
        assertEquals(QAbstractSocket.SocketError.HostNotFoundError, s.error());
        assertEquals("Host not found", s.errorString());
        assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(UnconnectedState)",
                "error(HostNotFoundError)"), log);
        assertEquals(List.of("stateChanged(HostLookupState) in HostLookupState",
                "stateChanged(UnconnectedState) in UnconnectedState",
                "error(HostNotFoundError) in UnconnectedState"), seen);
        s.dispose();
    }

    /**
     * connectToHost while looking up, connecting or connected: as Qt 5 (qabstractsocket.cpp,
     * connectToHost), OperationError "Trying to connect while connection is in progress" and one
     * errorOccurred per call, with no state change; the first connection goes on and completes.
     */
    @Test
    void connectToHostWhileBusy() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        QTcpSocket s = new QTcpSocket();
        try {
            List<String> log = recordSignals(s);
            List<String> seen = recordStatesSeenInSlots(s);

            s.connectToHost("localhost", server.serverPort());   // a name: the lookup is asynchronous
            assertEquals(QAbstractSocket.SocketState.HostLookupState, s.state());
            log.clear();
            seen.clear();
            s.connectToHost("127.0.0.1", 1);
            assertEquals(List.of("error(OperationError)"), log);
            assertEquals(List.of("error(OperationError) in HostLookupState"), seen);
            assertEquals(QAbstractSocket.SocketState.HostLookupState, s.state());
            assertEquals(QAbstractSocket.SocketError.OperationError, s.error());
            assertEquals("Trying to connect while connection is in progress", s.errorString());
            assertEquals("localhost", s.peerName());

            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000),
                    s.state() + " " + s.errorString());
            assertEquals(server.serverPort(), s.peerPort());
            assertEquals(1, log.stream().filter(e -> e.startsWith("error(")).count(), log.toString());
            assertTrue(server.waitForNewConnection(5000));
            QTcpSocket peer = server.nextPendingConnection();
            assertNotNull(peer);

            log.clear();
            s.connectToHost("127.0.0.1", server.serverPort());
            assertEquals(List.of("error(OperationError)"), log);
            assertEquals(QAbstractSocket.SocketState.ConnectedState, s.state());
            assertTrue(s.isValid());
            assertEquals("localhost", s.peerName());
            // the connection still carries data
            assertEquals(2, s.write("hi".getBytes()));
            assertTrue(QTest.qWaitFor(() -> peer.bytesAvailable() == 2, 5000));
            assertEquals("hi", peer.readAll().toString());
            assertFalse(server.hasPendingConnections());
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    /**
     * A proxy that resolves names and fails within the connect call (a TCP connect to the broadcast
     * address fails at once): errorOccurred, then stateChanged(UnconnectedState), the order of Qt's
     * startConnectingByName, unlike the failures that come later from the event loop.
     */
    @Test
    void signalOrderOfAProxyFailingWithinConnectByName() {
        QTcpSocket s = new QTcpSocket();
        try {
            s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, "255.255.255.255", 1080, null, null));
            List<String> log = recordSignals(s);
            List<String> seen = recordStatesSeenInSlots(s);
            s.connectToHost("no-such-host.invalid", 80);
            Assumptions.assumeTrue(s.state() == QAbstractSocket.SocketState.UnconnectedState,
                    "the proxy connect did not fail within the call here: " + s.state());
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)",
                    "error(" + s.error() + ")", "stateChanged(UnconnectedState)"), log);
            assertEquals("error(" + s.error() + ") in UnconnectedState", seen.get(2));
        } finally {
            s.dispose();
        }
    }

    /** The same while connecting to an IP literal (ConnectingState right after the first call). */
    @Test
    void connectToHostWhileConnecting() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        QTcpSocket s = new QTcpSocket();
        try {
            QSignalSpy errors = new QSignalSpy(s.errorOccurred);
            QSignalSpy states = new QSignalSpy(s.stateChanged);
            QSignalSpy connected = new QSignalSpy(s.connected);
            s.connectToHost("127.0.0.1", server.serverPort());
            Assumptions.assumeTrue(s.state() == QAbstractSocket.SocketState.ConnectingState,
                    "connected within connectToHost: " + s.state());
            int statesBefore = states.count();
            s.connectToHost("127.0.0.1", server.serverPort());
            assertEquals(1, errors.count());
            assertEquals(QAbstractSocket.SocketError.OperationError, errors.at(0).get(0));
            assertEquals(statesBefore, states.count());
            assertEquals(QAbstractSocket.SocketState.ConnectingState, s.state());
            assertTrue(QTest.qWaitFor(() -> connected.count() == 1, 5000), s.errorString());
            assertEquals(QAbstractSocket.SocketState.ConnectedState, s.state());
            assertEquals(1, errors.count());
            assertTrue(server.waitForNewConnection(5000));
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    @Test
    void remoteCloseLeavesBufferedDataReadable() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            List<String> log = recordSignals(s);
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
                peer.getOutputStream().write("last words".getBytes());
            }
            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, 5000));
            assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, s.error());
            assertEquals("The remote host closed the connection", s.errorString());
            assertEquals("last words", s.readAll().toString());
            int from = log.indexOf("error(RemoteHostClosedError)");
            assertEquals(List.of("error(RemoteHostClosedError)", "stateChanged(ClosingState)",
                    "stateChanged(UnconnectedState)", "readChannelFinished", "disconnected"), log.subList(from, log.size()));
            s.dispose();
        }
    }

    @Test
    void disconnectFromHostDeliversAMultiMegabyteWriteCompletely() throws Exception {
        byte[] payload = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            AtomicReference<byte[]> received = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (Socket peer = plain.accept(); InputStream in = peer.getInputStream()) {
                    received.set(in.readAllBytes());
                } catch (IOException e) {
                    received.set(new byte[0]);
                }
            });
            reader.start();
            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
            assertEquals(payload.length, s.write(payload));
            s.disconnectFromHost();
            assertEquals(QAbstractSocket.SocketState.ClosingState, s.state());
            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, 20000));
            reader.join(10000);
            assertArrayEquals(payload, received.get());
            s.dispose();
        }
    }

    @Test
    void megabytesTheApplicationHasNotReadYetAreAllKeptInOrder() throws Exception {
        // more than the socket keeps in direct memory (RingBuffer.DIRECT_LIMIT): the rest is queued
        // on the heap, and the reader gets every byte in order
        byte[] payload = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(payload);
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept(); OutputStream out = peer.getOutputStream()) {
                Thread writer = new Thread(() -> {
                    try {
                        out.write(payload);
                        out.flush();
                    } catch (IOException e) {
                        // the assertions below report the missing bytes
                    }
                });
                writer.start();
                assertTrue(QTest.qWaitFor(() -> s.bytesAvailable() == payload.length, 20000),
                        "buffered " + s.bytesAvailable() + " of " + payload.length);
                writer.join(10000);
                assertArrayEquals(payload, s.readAll().toByteArray());
                assertEquals(0, s.bytesAvailable());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void abortDropsUnsentDataAndClosesAtOnce() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
                s.write(new byte[1024]);
                QSignalSpy disc = new QSignalSpy(s.disconnected);
                s.abort();
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
                assertEquals(1, disc.count());
                assertEquals(0, s.bytesToWrite());
                assertFalse(s.isOpen());
                peer.setSoTimeout(5000);
                assertEquals(-1, peer.getInputStream().read(), "nothing was sent before the close");
            }
            s.dispose();
        }
    }

    @Test
    void readBufferSizeLimitsWhatIsRead() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.setReadBufferSize(1000);
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
                peer.getOutputStream().write(new byte[5000]);
                assertTrue(QTest.qWaitFor(() -> s.bytesAvailable() == 1000, 5000));
                QTest.qWait(30);
                assertEquals(1000, s.bytesAvailable(), "stops at the limit");
                assertEquals(1000, s.read(1000).size());
                assertTrue(QTest.qWaitFor(() -> s.bytesAvailable() == 1000, 5000), "resumes after a read");
            }
            s.dispose();
        }
    }

    @Test
    void blockingApiInAThreadWithoutEventLoop() throws Exception {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        int port = server.serverPort();
        server.newConnection.connect(() -> {
            QTcpSocket c = server.nextPendingConnection();
            c.readyRead.connect(() -> {
                QByteArray line = c.readAll();
                c.write(line);
                c.disconnectFromHost();
            });
        });
        List<String> result = new CopyOnWriteArrayList<>();
        QThread worker = QThread.create(() -> {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", port);
            result.add("connected=" + s.waitForConnected(5000));
            s.write("ping".getBytes());
            result.add("written=" + s.waitForBytesWritten(5000));
            result.add("ready=" + s.waitForReadyRead(5000));
            result.add(s.readAll().toString());
            result.add("disconnected=" + (s.state() == QAbstractSocket.SocketState.UnconnectedState
                    || s.waitForDisconnected(5000)));
            result.add("timeout=" + !s.waitForReadyRead(10));
            s.dispose();
        });
        worker.start();
        assertTrue(QTest.qWaitFor(worker::isFinished, 10000));
        assertEquals(List.of("connected=true", "written=true", "ready=true", "ping", "disconnected=true", "timeout=true"), result);
        worker.dispose();
        server.dispose();
    }

    @Test
    void waitForConnectedTimesOutOnRefusedOrUnreachable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        QTcpSocket s = new QTcpSocket();
        s.connectToHost("127.0.0.1", port);
        assertFalse(s.waitForConnected(5000));
        assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, s.error());
        s.dispose();
    }

    @Test
    void usingTheSocketFromAnotherThreadThrows() throws Exception {
        QTcpSocket s = new QTcpSocket();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                s.connectToHost("127.0.0.1", 1);
            } catch (Throwable e) {
                caught.set(e);
            }
        });
        t.start();
        t.join(5000);
        assertTrue(caught.get() instanceof IllegalStateException);
        assertTrue(caught.get().getMessage().startsWith("QAbstractSocket.connectToHost: "), caught.get().getMessage());
        assertTrue(caught.get().getMessage().contains("lives in thread"), caught.get().getMessage());
        s.dispose();
    }

    @Test
    void portOutOfRangeIsAProgrammingError() {
        QTcpSocket s = new QTcpSocket();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.connectToHost("127.0.0.1", 65536));
        assertEquals("port: 65536 (expected: 0..65535)", e.getMessage());
        s.dispose();
    }

    @Test
    void socketOptions() throws IOException {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1);
            s.setSocketOption(QAbstractSocket.SocketOption.KeepAliveOption, true);
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
                assertEquals(1, s.socketOption(QAbstractSocket.SocketOption.LowDelayOption));
                assertEquals(1, s.socketOption(QAbstractSocket.SocketOption.KeepAliveOption));
            }
            s.dispose();
        }
    }

    @Test
    void disposingAConnectedSocketReleasesItsChannel() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
                s.dispose();
                peer.setSoTimeout(5000);
                assertEquals(-1, peer.getInputStream().read());
            }
        }
    }

    @Test
    void noDescriptorsLeakOverManyCycles() throws Exception {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        server.newConnection.connect(() -> {
            QTcpSocket c;
            while ((c = server.nextPendingConnection()) != null) {
                QTcpSocket accepted = c;
                accepted.disconnected.connect(accepted::deleteLater);
                accepted.disconnectFromHost();
            }
        });
        // warm up, then count this process's open descriptors
        cycle(server, 50);
        long before = openFds();
        cycle(server, 2000);
        long after = openFds();
        assertTrue(after - before < 20, "descriptors before " + before + ", after " + after);
        server.dispose();
    }

    private static void cycle(QTcpServer server, int n) {
        for (int i = 0; i < n; i++) {
            QTcpSocket s = new QTcpSocket();
            s.connectToHost("127.0.0.1", server.serverPort());
            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState
                    && s.error() == QAbstractSocket.SocketError.RemoteHostClosedError, 5000), "cycle " + i + ": " + s.state());
            s.dispose();
        }
        QTest.qWait(10);
    }

    private static long openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : Arrays.stream(fds).count();
    }

    @Test
    void bytesWrittenReportsWhatReachedTheKernel() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            QSignalSpy written = new QSignalSpy(s.bytesWritten);
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept(); OutputStream ignored = peer.getOutputStream()) {
                s.write("abc".getBytes());
                assertEquals(3, s.bytesToWrite());
                assertTrue(QTest.qWaitFor(() -> written.count() >= 1, 5000));
                assertEquals(3L, written.at(0).get(0));
                assertEquals(0, s.bytesToWrite());
            }
            s.dispose();
        }
    }

    // ---------------------------------------------------------------- helpers for the ports

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static final java.util.EnumSet<QIODevice.OpenModeFlag> READ_WRITE = java.util.EnumSet.of(
            QIODevice.OpenModeFlag.ReadOnly, QIODevice.OpenModeFlag.WriteOnly, QIODevice.OpenModeFlag.ReadWrite);
    private static final java.util.EnumSet<QIODevice.OpenModeFlag> NOT_OPEN = java.util.EnumSet.of(QIODevice.OpenModeFlag.NotOpen);

    /**
     * Stands in for Qt's network test server on 127.0.0.1: IMAP (greeting; "tag NOOP" and
     * "tag LOGOUT"), FTP (greeting; QUIT), HTTP/1.0 (GET; "/qtest/mediumfile" is 10000281 bytes;
     * "Connection: keep-alive" keeps the connection). Plain JDK sockets, one daemon thread per
     * connection; {@link #close()} ends them all.
     */
    static final class FakeServer implements AutoCloseable {
        enum Kind { IMAP, FTP, HTTP }

        static final String IMAP_GREETING = "* OK [CAPABILITY IMAP4 IMAP4rev1] qtj test server ready\r\n";
        static final String FTP_GREETING = "220 (vsFTPd 2.3.5)\r\n";
        static final int MEDIUM_FILE = 10000281;

        private final ServerSocket listener;
        private final Kind kind;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        FakeServer(Kind kind) throws IOException {
            this.kind = kind;
            this.listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::acceptLoop, "FakeServer-" + kind);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    connections.add(s);
                    Thread t = new Thread(() -> serve(s), "FakeServer-" + kind + "-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                 OutputStream out = s.getOutputStream()) {
                switch (kind) {
                    case IMAP -> {
                        out.write(IMAP_GREETING.getBytes());
                        String line;
                        while ((line = in.readLine()) != null) {
                            String[] parts = line.trim().split(" ");
                            String tag = parts[0];
                            String cmd = parts.length > 1 ? parts[1].toUpperCase() : "";
                            if (cmd.equals("LOGOUT")) {
                                out.write(("* BYE LOGOUT received\r\n" + tag + " OK Completed\r\n").getBytes());
                                return;
                            } else if (cmd.equals("NOOP")) {
                                out.write((tag + " OK Completed\r\n").getBytes());
                            } else {
                                out.write((tag + " BAD Unknown command\r\n").getBytes());
                            }
                        }
                    }
                    case FTP -> {
                        out.write(FTP_GREETING.getBytes());
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.trim().equalsIgnoreCase("QUIT")) {
                                out.write("221 Goodbye.\r\n".getBytes());
                                return;
                            }
                            out.write("500 Unknown command.\r\n".getBytes());
                        }
                    }
                    case HTTP -> {
                        while (true) {
                            String request = in.readLine();
                            if (request == null) {
                                return;
                            }
                            boolean keepAlive = false;
                            String h;
                            while ((h = in.readLine()) != null && !h.isEmpty()) {
                                keepAlive |= h.equalsIgnoreCase("Connection: keep-alive");
                            }
                            byte[] body = request.contains("/qtest/mediumfile") ? new byte[MEDIUM_FILE]
                                    : "<html><body>qtj test server</body></html>\n".getBytes();
                            out.write(("HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n"
                                    + (keepAlive ? "Connection: keep-alive\r\n" : "") + "\r\n").getBytes());
                            out.write(body);
                            out.flush();
                            if (!keepAlive) {
                                return;
                            }
                        }
                    }
                    default -> throw new AssertionError(kind);
                }
            } catch (IOException e) {
                // the client went away: nothing to serve
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : connections) {
                s.close();
            }
        }
    }

    /** Qt's SocketPair: two connected QTcpSockets, made with the blocking API. */
    private static QTcpSocket[] socketPair(QTcpServer server) {
        assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0));
        QTcpSocket active = new QTcpSocket();
        active.connectToHost("127.0.0.1", server.serverPort());
        assertTrue(active.waitForConnected(5000));
        assertTrue(server.waitForNewConnection(5000));
        QTcpSocket passive = server.nextPendingConnection();
        passive.setParent(null);
        return new QTcpSocket[] {active, passive};
    }

    // ---------------------------------------------------------------- ported from tst_qtcpsocket

    @Test
    void socketsConstructedBeforeEventLoop() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        try {
            int[] readyRead = {0};
            int[] bytesWritten = {0};
            pair[0].readyRead.connect(() -> readyRead[0]++);
            pair[1].bytesWritten.connect(n -> bytesWritten[0]++);
            pair[1].write("hello work".getBytes());
            assertTrue(QTest.qWaitFor(() -> readyRead[0] >= 1 && bytesWritten[0] >= 1, 3000));
            QTest.qWait(20);
            assertEquals(1, bytesWritten[0]);
            assertEquals(1, readyRead[0]);
            pair[0].close();
            pair[1].close();
        } finally {
            pair[0].dispose();
            pair[1].dispose();
            server.dispose();
        }
    }

    @Test
    void constructingAsQt() {
        QTcpSocket socket = new QTcpSocket();
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertTrue(socket.isSequential());
        assertFalse(socket.isOpen());
        assertFalse(socket.isValid());
        assertEquals(QAbstractSocket.SocketType.TcpSocket, socket.socketType());
        assertFalse(socket.getChar(new byte[1]));
        assertEquals(0, socket.bytesAvailable());
        assertFalse(socket.canReadLine());
        assertTrue(socket.readLine().isEmpty());
        assertEquals(-1, socket.socketDescriptor());
        assertEquals(0, socket.localPort());
        assertTrue(socket.localAddress().isNull());
        assertEquals(0, socket.peerPort());
        assertTrue(socket.peerAddress().isNull());
        assertEquals(QAbstractSocket.SocketError.UnknownSocketError, socket.error());
        assertEquals("Unknown error", socket.errorString());
        socket.dispose();
    }

    @Test
    void setInvalidSocketDescriptor() {
        QTcpSocket socket = new QTcpSocket();
        assertEquals(-1, socket.socketDescriptor());
        assertFalse(socket.setSocketDescriptor(-5, QAbstractSocket.SocketState.UnconnectedState));
        assertEquals(-1, socket.socketDescriptor());
        assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, socket.error());
        assertFalse(socket.setSocketDescriptor(-5));
        assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, socket.error());
        socket.dispose();
    }

    @Test
    void socketDescriptor() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            assertEquals(-1, socket.socketDescriptor());
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue((socket.state() == QAbstractSocket.SocketState.HostLookupState && socket.socketDescriptor() == -1)
                    || (socket.state() == QAbstractSocket.SocketState.ConnectingState && socket.socketDescriptor() != -1)
                    || (socket.state() == QAbstractSocket.SocketState.ConnectedState && socket.socketDescriptor() != -1),
                    socket.state() + " " + socket.socketDescriptor());
            assertTrue(socket.waitForConnected(10000));
            assertEquals(QAbstractSocket.SocketState.ConnectedState, socket.state());
            assertTrue(socket.socketDescriptor() != -1);
            socket.dispose();
        }
    }

    @Test
    void blockingIMAP() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(10000));
            assertEquals(QAbstractSocket.SocketState.ConnectedState, socket.state());
            assertTrue(socket.isValid());
            assertTrue(socket.waitForReadyRead(5000));
            assertEquals("* OK", socket.readLine().toString().substring(0, 4));
            assertEquals(8, socket.write("1 NOOP\r\n".getBytes()));
            assertEquals(8, socket.write("2 NOOP\r\n".getBytes()));
            if (!socket.canReadLine()) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            assertEquals("1 OK Completed\r\n", socket.readLine().toString());
            // a third NOOP: write must not clear the read buffer
            assertEquals(8, socket.write("3 NOOP\r\n".getBytes()));
            if (!socket.canReadLine()) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            assertEquals("2 OK Completed\r\n", socket.readLine().toString());
            if (!socket.canReadLine()) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            assertEquals("3 OK Completed\r\n", socket.readLine().toString());
            assertEquals(10, socket.write("4 LOGOUT\r\n".getBytes()));
            if (!socket.canReadLine()) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            assertEquals("* BYE LOGOUT received\r\n", socket.readLine().toString());
            if (!socket.canReadLine()) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            assertEquals("4 OK Completed\r\n", socket.readLine().toString());
            socket.close();
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            socket.dispose();
        }
    }

    @Test
    void nonBlockingIMAP() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            List<String> data = new ArrayList<>();
            long[] totalWritten = {0};
            boolean[] hostFound = {false};
            socket.hostFound.connect(() -> hostFound[0] = true);
            socket.bytesWritten.connect(n -> totalWritten[0] += n);
            socket.readyRead.connect(() -> {
                while (socket.canReadLine()) {
                    data.add(socket.readLine().toString());
                }
            });
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.state() == QAbstractSocket.SocketState.HostLookupState
                    || socket.state() == QAbstractSocket.SocketState.ConnectingState);
            assertTrue(QTest.qWaitFor(() -> socket.state() == QAbstractSocket.SocketState.ConnectedState, 30000));
            assertTrue(hostFound[0]);
            assertTrue(QTest.qWaitFor(() -> !data.isEmpty(), 30000), "greeting");
            assertEquals("* OK", data.get(0).substring(0, 4));
            data.clear();
            assertEquals(8, socket.write("1 NOOP\r\n".getBytes()));
            assertTrue(QTest.qWaitFor(() -> totalWritten[0] == 8, 30000));
            assertTrue(QTest.qWaitFor(() -> !data.isEmpty(), 30000));
            assertEquals("1 OK Completed\r\n", data.get(0));
            data.clear();
            totalWritten[0] = 0;
            assertEquals(10, socket.write("2 LOGOUT\r\n".getBytes()));
            assertTrue(QTest.qWaitFor(() -> totalWritten[0] == 10, 30000));
            assertTrue(QTest.qWaitFor(() -> data.size() >= 2, 30000));
            assertEquals("* BYE LOGOUT received\r\n", data.get(0));
            assertEquals("2 OK Completed\r\n", data.get(1));
            socket.close();
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            socket.dispose();
        }
    }

    @Test
    void hostNotFound() {
        QTcpSocket socket = new QTcpSocket();
        socket.connectToHost("qtj-nosuchserver.invalid", 80);
        assertFalse(socket.waitForConnected(30000));
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertEquals(QAbstractSocket.SocketError.HostNotFoundError, socket.error());
        socket.dispose();
    }

    @Test
    void delayedClose() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            QSignalSpy disconnected = new QSignalSpy(socket.disconnected);
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(QTest.qWaitFor(() -> socket.state() == QAbstractSocket.SocketState.ConnectedState, 30000));
            assertEquals(10, socket.write("1 LOGOUT\r\n".getBytes()));
            // a bulk after the LOGOUT: the server will not read it, but close() must be delayed
            assertEquals(100000, socket.write(new byte[100000]));
            socket.close();
            assertEquals(QAbstractSocket.SocketState.ClosingState, socket.state());
            assertTrue(QTest.qWaitFor(() -> disconnected.count() == 1, 10000));
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            socket.dispose();
        }
    }

    @Test
    void partialRead() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(10000));
            byte[] greeting = FakeServer.IMAP_GREETING.getBytes();
            byte[] buf = new byte[2];
            for (int i = 0; i < 10; i += 2) {
                for (int k = 0; k < 50 && socket.bytesAvailable() < 2; k++) {
                    assertTrue(socket.waitForReadyRead(5000));
                }
                assertEquals(2, socket.read(buf, 0, 2));
                assertArrayEquals(Arrays.copyOfRange(greeting, i, i + 2), buf);
            }
            socket.dispose();
        }
    }

    @Test
    void unget() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(10000));
            byte[] greeting = FakeServer.IMAP_GREETING.getBytes();
            byte[] buf = new byte[2];
            for (int i = 0; i < 10; i += 2) {
                for (int k = 0; k < 50 && socket.bytesAvailable() < 2; k++) {
                    assertTrue(socket.waitForReadyRead(10000));
                }
                long bA = socket.bytesAvailable();
                assertEquals(2, socket.read(buf, 0, 2));
                assertArrayEquals(Arrays.copyOfRange(greeting, i, i + 2), buf);
                assertEquals(bA - 2, socket.bytesAvailable());
                socket.ungetChar(buf[1]);
                socket.ungetChar(buf[0]);
                assertEquals(bA, socket.bytesAvailable());
                assertEquals(2, socket.read(buf, 0, 2));
                assertArrayEquals(Arrays.copyOfRange(greeting, i, i + 2), buf);
            }
            socket.dispose();
        }
    }

    @Test
    void readAllAfterClose() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            QSignalSpy readyRead = new QSignalSpy(socket.readyRead);
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(readyRead.wait(10000), "Network operation timed out");
            socket.close();
            assertEquals(0, socket.readAll().size());
            socket.dispose();
        }
    }

    @Test
    void openCloseOpenClose() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            for (int i = 0; i < 3; ++i) {
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
                assertEquals(NOT_OPEN, socket.openMode());
                assertTrue(socket.isSequential());
                assertFalse(socket.isOpen());
                assertEquals(QAbstractSocket.SocketType.TcpSocket, socket.socketType());
                assertFalse(socket.getChar(new byte[1]));
                assertEquals(0, socket.bytesAvailable());
                assertFalse(socket.canReadLine());
                assertTrue(socket.readLine().isEmpty());
                assertEquals(-1, socket.socketDescriptor());
                assertEquals(0, socket.localPort());
                assertTrue(socket.localAddress().isNull());
                assertEquals(0, socket.peerPort());
                assertTrue(socket.peerAddress().isNull());
                assertEquals(QAbstractSocket.SocketError.UnknownSocketError, socket.error());
                assertEquals("Unknown error", socket.errorString());
                socket.connectToHost("127.0.0.1", imap.port());
                assertTrue(socket.waitForConnected(10000));
                assertEquals(READ_WRITE, socket.openMode());
                socket.close();
            }
            socket.dispose();
        }
    }

    /** openCloseOpenClose without the exact openMode() comparison that fails in qtj. */
    @Test
    void openCloseOpenCloseIgnoringUnbuffered() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            for (int i = 0; i < 3; ++i) {
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
                assertFalse(socket.isOpen());
                assertEquals(-1, socket.socketDescriptor());
                assertEquals(0, socket.localPort());
                assertEquals(0, socket.peerPort());
                assertEquals(QAbstractSocket.SocketError.UnknownSocketError, socket.error());
                assertEquals("Unknown error", socket.errorString());
                socket.connectToHost("127.0.0.1", imap.port());
                assertTrue(socket.waitForConnected(10000));
                assertTrue(socket.openMode().containsAll(READ_WRITE));
                socket.close();
            }
            socket.dispose();
        }
    }

    @Test
    void connectDisconnectConnectDisconnect() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            for (int i = 0; i < 3; ++i) {
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
                socket.connectToHost("127.0.0.1", imap.port());
                assertTrue(socket.waitForReadyRead(10000));
                assertEquals("* OK", socket.read(4).toString());
                socket.disconnectFromHost();
                if (socket.state() != QAbstractSocket.SocketState.UnconnectedState) {
                    assertTrue(socket.waitForDisconnected(10000));
                }
                assertTrue(socket.openMode().containsAll(READ_WRITE), "still open after disconnectFromHost");
            }
            socket.dispose();
        }
    }

    static Stream<Arguments> disconnectWhileConnecting_data() {
        byte[] bigData = new byte[1024 * 1024];
        Arrays.fill(bigData, (byte) '@');
        return Stream.of(
                Arguments.of("without-data", new byte[0], false),
                Arguments.of("without-data+close", new byte[0], true),
                Arguments.of("with-data", "Hello, world!".getBytes(), false),
                Arguments.of("with-data+close", "Hello, world!".getBytes(), true),
                Arguments.of("with-big-data", bigData, false),
                Arguments.of("with-big-data+close", bigData, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disconnectWhileConnecting_data")
    void disconnectWhileConnecting(String row, byte[] data, boolean closeDirectly) {
        QTcpServer server = new QTcpServer();
        QTcpSocket socket = new QTcpSocket();
        QTcpSocket othersocket = null;
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            socket.connectToHost("127.0.0.1", server.serverPort());
            if (data.length > 0) {
                socket.write(data);
            }
            Assumptions.assumeFalse(socket.state() == QAbstractSocket.SocketState.ConnectedState,
                    "localhost connections are immediate, test case is invalid");
            QSignalSpy disconnected = new QSignalSpy(socket.disconnected);
            if (closeDirectly) {
                socket.close();
                assertEquals(NOT_OPEN, socket.openMode());
            } else {
                socket.disconnectFromHost();
            }
            assertTrue(QTest.qWaitFor(() -> disconnected.count() > 0, 10000), "Network timeout");
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            if (!closeDirectly) {
                assertEquals(READ_WRITE, socket.openMode());
                socket.close();
            }
            assertEquals(NOT_OPEN, socket.openMode());
            // accept the other side and check that everything was sent
            assertTrue(server.hasPendingConnections() || server.waitForNewConnection(0));
            othersocket = server.nextPendingConnection();
            if (othersocket.state() != QAbstractSocket.SocketState.UnconnectedState) {
                assertTrue(othersocket.waitForDisconnected(10000), "Network timeout");
            }
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, othersocket.state());
            assertArrayEquals(data, othersocket.readAll().toByteArray());
        } finally {
            socket.dispose();
            server.dispose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("disconnectWhileConnecting_data")
    void disconnectWhileConnectingNoEventLoop(String row, byte[] data, boolean closeDirectly) throws Exception {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
        int serverPort = server.serverPort();
        AtomicReference<byte[]> receivedData = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean quit = new java.util.concurrent.atomic.AtomicBoolean();
        QThread receiver = QThread.create(() -> {
            boolean[] timedOut = {false};
            boolean got = false;
            for (int i = 0; i < 60 && !quit.get(); i++) {
                if (server.waitForNewConnection(500, timedOut)) {
                    got = true;
                    break;
                }
            }
            if (!got) {
                return;
            }
            QTcpSocket socket = server.nextPendingConnection();
            for (int i = 0; i < 60 && !quit.get(); i++) {
                if (socket.waitForDisconnected(500) || socket.error() != QAbstractSocket.SocketError.SocketTimeoutError) {
                    break;
                }
            }
            receivedData.set(socket.readAll().toByteArray());
            socket.dispose();
        });
        server.moveToThread(receiver);   // the server lives in the thread that uses it
        receiver.start();
        QTcpSocket socket = new QTcpSocket();
        try {
            socket.connectToHost("127.0.0.1", serverPort);
            if (data.length > 0) {
                socket.write(data);
            }
            Assumptions.assumeFalse(socket.state() == QAbstractSocket.SocketState.ConnectedState,
                    "localhost connections are immediate, test case is invalid");
            if (closeDirectly) {
                socket.close();
                assertEquals(NOT_OPEN, socket.openMode());
            } else {
                socket.disconnectFromHost();
            }
            assertTrue(socket.waitForDisconnected(10000), "Network timeout");
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            if (!closeDirectly) {
                assertEquals(READ_WRITE, socket.openMode());
                socket.close();
            }
            assertEquals(NOT_OPEN, socket.openMode());
            assertTrue(receiver.join(30000));
            assertArrayEquals(data, receivedData.get());
        } finally {
            quit.set(true);
            socket.dispose();
            receiver.join(30000);
            receiver.dispose();
            server.dispose();
        }
    }

    /** Row "close" of disconnectWhileLookingUp; row "disconnect" fails in qtj (see below). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"close"})
    void disconnectWhileLookingUp(String row) {
        runDisconnectWhileLookingUp(true);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"disconnect"})
    void disconnectWhileLookingUp_disconnectRow(String row) {
        runDisconnectWhileLookingUp(false);
    }

    private static void runDisconnectWhileLookingUp(boolean doClose) {
        QTcpServer server = new QTcpServer();
        QTcpSocket socket = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.Any), 0));
            socket.connectToHost("localhost", server.serverPort());
            assertTrue(socket.state() != QAbstractSocket.SocketState.UnconnectedState, "connect is in progress");
            if (doClose) {
                socket.close();
                assertEquals(NOT_OPEN, socket.openMode());
            } else {
                socket.disconnectFromHost();
                assertEquals(READ_WRITE, socket.openMode());
                assertTrue(socket.waitForDisconnected(5000));
            }
            // let anything queued happen
            QTest.qWait(50);
            if (doClose) {
                assertEquals(NOT_OPEN, socket.openMode());
            } else {
                assertEquals(READ_WRITE, socket.openMode());
            }
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        } finally {
            socket.dispose();
            server.dispose();
        }
    }

    @Test
    void downloadBigFile() throws IOException {
        try (FakeServer http = new FakeServer(FakeServer.Kind.HTTP)) {
            QTcpSocket tmpSocket = new QTcpSocket();
            long[] bytesAvailable = {0};
            long[] expectedLength = {-1};
            boolean[] readingBody = {false};
            tmpSocket.readyRead.connect(() -> {
                if (!readingBody[0]) {
                    while (tmpSocket.canReadLine()) {
                        String line = tmpSocket.readLine().toString();
                        if (line.startsWith("Content-Length")) {
                            expectedLength[0] = Long.parseLong(line.split(" ")[1].trim());
                        }
                        if (line.equals("\r\n")) {
                            readingBody[0] = true;
                            break;
                        }
                    }
                }
                if (readingBody[0]) {
                    bytesAvailable[0] += tmpSocket.readAll().size();
                }
            });
            tmpSocket.connectToHost("127.0.0.1", http.port());
            assertTrue(QTest.qWaitFor(() -> tmpSocket.state() == QAbstractSocket.SocketState.ConnectedState, 30000));
            assertTrue(tmpSocket.write("GET /qtest/mediumfile HTTP/1.0\r\n".getBytes()) > 0);
            assertTrue(tmpSocket.write("HOST: 127.0.0.1\r\n".getBytes()) > 0);
            assertTrue(tmpSocket.write("\r\n".getBytes()) > 0);
            assertTrue(QTest.qWaitFor(() -> bytesAvailable[0] == expectedLength[0], 60000),
                    bytesAvailable[0] + " of " + expectedLength[0]);
            assertEquals(FakeServer.MEDIUM_FILE, bytesAvailable[0]);
            tmpSocket.dispose();
        }
    }

    @Test
    void readLine() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(5000));
            for (int k = 0; k < 50 && !socket.canReadLine(); k++) {
                assertTrue(socket.waitForReadyRead(10000));
            }
            byte[] buffer = new byte[1024];
            // Qt's readLine(buf, maxSize) reads maxSize - 1 bytes and adds '\0'; qtj's fills len bytes
            long linelen = socket.readLine(buffer, 0, 1023);
            assertTrue(linelen >= 3);
            assertTrue(linelen < 1024);
            assertEquals('\r', buffer[(int) linelen - 2]);
            assertEquals('\n', buffer[(int) linelen - 1]);
            assertEquals(FakeServer.IMAP_GREETING, new String(buffer, 0, (int) linelen));
            assertEquals(8, socket.write("1 NOOP\r\n".getBytes()));
            for (int k = 0; k < 50 && socket.bytesAvailable() < 10; k++) {
                assertTrue(socket.waitForReadyRead(10000));
            }
            assertEquals(10, socket.readLine(buffer, 0, 10));
            assertEquals("1 OK Compl", new String(buffer, 0, 10));
            for (int k = 0; k < 50 && socket.bytesAvailable() < 6; k++) {
                assertTrue(socket.waitForReadyRead(10000));
            }
            assertEquals(6, socket.readLine(buffer, 0, 10));
            assertEquals("eted\r\n", new String(buffer, 0, 6));
            assertFalse(socket.waitForReadyRead(100));
            assertEquals(0, socket.readLine(buffer, 0, buffer.length));
            assertTrue(socket.error() == QAbstractSocket.SocketError.SocketTimeoutError
                    || socket.error() == QAbstractSocket.SocketError.RemoteHostClosedError);
            assertEquals(0, socket.bytesAvailable());
            socket.close();
            assertEquals(-1, socket.readLine(buffer, 0, buffer.length));
            socket.dispose();
        }
    }

    @Test
    void readLineString() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForReadyRead(10000));
            assertEquals(FakeServer.IMAP_GREETING, socket.readLine().toString());
            socket.dispose();
        }
    }

    @Test
    void readChunks() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(10000));
            assertTrue(socket.waitForReadyRead(5000));
            byte[] buf = new byte[4096];
            Arrays.fill(buf, (byte) '@');
            int dataLength = socket.read(buf, 0, buf.length);
            assertTrue(dataLength > 0);
            assertEquals('\r', buf[dataLength - 2]);
            assertEquals('\n', buf[dataLength - 1]);
            assertEquals('@', buf[dataLength]);
            socket.dispose();
        }
    }

    @ParameterizedTest(name = "msecs={0}")
    @ValueSource(ints = {5000, -1})
    void waitForBytesWritten(int msecs) throws IOException {   // and waitForBytesWrittenMinusOne
        try (FakeServer http = new FakeServer(FakeServer.Kind.HTTP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", http.port());
            assertTrue(socket.waitForConnected(10000));
            socket.write("GET / HTTP/1.0\r\n\r\n".getBytes());
            long toWrite = socket.bytesToWrite();
            assertTrue(socket.waitForBytesWritten(msecs));
            assertTrue(toWrite > socket.bytesToWrite());
            socket.dispose();
        }
    }

    @ParameterizedTest(name = "msecs={0}")
    @ValueSource(ints = {5000, -1})
    void waitForReadyRead(int msecs) throws IOException {   // and waitForReadyReadMinusOne
        try (FakeServer http = new FakeServer(FakeServer.Kind.HTTP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", http.port());
            socket.write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertTrue(socket.waitForReadyRead(msecs));
            socket.dispose();
        }
    }

    @Test
    void flush() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            assertFalse(socket.flush());
            QSignalSpy connected = new QSignalSpy(socket.connected);
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(connected.wait(60000));
            assertTrue(socket.isOpen());
            socket.write("1 LOGOUT\r\n".getBytes());
            assertEquals(10, socket.bytesToWrite());
            socket.flush();
            assertEquals(0, socket.bytesToWrite());
            socket.close();
            socket.dispose();
        }
    }

    @Test
    void synchronousApi() throws IOException {
        try (FakeServer ftp = new FakeServer(FakeServer.Kind.FTP)) {
            QTcpSocket ftpSocket = new QTcpSocket();
            ftpSocket.connectToHost("127.0.0.1", ftp.port());
            ftpSocket.write("QUIT\r\n".getBytes());
            assertTrue(ftpSocket.waitForDisconnected(10000));
            assertTrue(ftpSocket.bytesAvailable() > 0);
            assertTrue(ftpSocket.readAll().size() > 0);
            ftpSocket.dispose();
        }
    }

    @Test
    void dontCloseOnTimeout() {
        QTcpServer server = new QTcpServer();
        server.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
        QTcpSocket socket = new QTcpSocket();
        try {
            assertTrue(server.listen());
            socket.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), server.serverPort());
            assertFalse(socket.waitForReadyRead(100));
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, socket.error());
            assertTrue(socket.isOpen());
            assertFalse(socket.waitForDisconnected(100));
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, socket.error());
            assertTrue(socket.isOpen());
        } finally {
            socket.dispose();
            server.dispose();
        }
    }

    @Test
    void recursiveReadyRead() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket testSocket = new QTcpSocket();
            QSignalSpy spy = new QSignalSpy(testSocket.readyRead);
            int[] depth = {0};
            int[] maxDepth = {0};
            int[] countAtSlotEnd = {-1};
            testSocket.readyRead.connect(() -> {
                if (countAtSlotEnd[0] >= 0) {
                    return;   // only the first emission runs the nested loop
                }
                depth[0]++;
                maxDepth[0] = Math.max(maxDepth[0], depth[0]);
                // make the server send more, then process events: no readyRead may recurse
                testSocket.write("1 NOOP\r\n".getBytes());
                testSocket.flush();
                long before = testSocket.bytesAvailable();
                QTest.qWaitFor(() -> testSocket.bytesAvailable() > before, 2000);
                depth[0]--;
                countAtSlotEnd[0] = spy.count();
            });
            testSocket.connectToHost("127.0.0.1", imap.port());
            assertTrue(QTest.qWaitFor(() -> countAtSlotEnd[0] >= 0, 30000), "Timed out waiting for readyRead");
            assertEquals(1, maxDepth[0]);
            assertEquals(1, countAtSlotEnd[0]);
            testSocket.dispose();
        }
    }

    @Test
    void atEnd() throws IOException {
        try (FakeServer ftp = new FakeServer(FakeServer.Kind.FTP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", ftp.port());
            assertTrue(socket.waitForReadyRead(15000));
            assertFalse(socket.atEnd());
            String greeting = socket.readLine().toString().trim();
            assertTrue(socket.atEnd());
            assertEquals("220 (vsFTPd 2.x.x)".length(), greeting.length(), greeting);
            assertTrue(greeting.startsWith("220 (vsFTPd 2."), greeting);
            assertTrue(greeting.endsWith(")"), greeting);
            socket.dispose();
        }
    }

    /** Qt's TestThread: a socket in its own thread and event loop sends QUIT and collects the reply. */
    private static QThread ftpThread(int port, AtomicReference<String> data) {
        return QThread.create(() -> {
            QTcpSocket socket = new QTcpSocket();
            StringBuilder got = new StringBuilder();
            io.qtj.core.QEventLoop loop = new io.qtj.core.QEventLoop();
            socket.readyRead.connect(() -> got.append(socket.readAll().toString()), Qt.ConnectionType.DirectConnection);
            socket.disconnected.connect(loop::quit, Qt.ConnectionType.DirectConnection);
            socket.errorOccurred.connect(e -> {
                if (e != QAbstractSocket.SocketError.RemoteHostClosedError) {
                    loop.quit();
                }
            });
            socket.connectToHost("127.0.0.1", port);
            socket.write("QUIT\r\n".getBytes());
            QTimer.singleShot(15000, loop, loop::quit);
            loop.exec();
            data.set(got.toString());
            socket.dispose();
            loop.dispose();
        });
    }

    private static void assertFtpReply(String data) {
        assertNotNull(data);
        assertTrue(data.startsWith("220 ") && data.contains("221 "), data);
    }

    @Test
    void socketInAThread() throws IOException {
        try (FakeServer ftp = new FakeServer(FakeServer.Kind.FTP)) {
            for (int i = 0; i < 3; ++i) {
                AtomicReference<String> data = new AtomicReference<>();
                QThread thread = ftpThread(ftp.port(), data);
                thread.start();
                assertTrue(thread.join(15000));
                thread.dispose();
                assertFtpReply(data.get());
            }
        }
    }

    @Test
    void socketsInThreads() throws IOException {
        try (FakeServer ftp = new FakeServer(FakeServer.Kind.FTP)) {
            for (int i = 0; i < 3; ++i) {
                List<AtomicReference<String>> data = List.of(new AtomicReference<>(), new AtomicReference<>(),
                        new AtomicReference<>());
                List<QThread> threads = new ArrayList<>();
                for (AtomicReference<String> d : data) {
                    threads.add(ftpThread(ftp.port(), d));
                }
                threads.forEach(QThread::start);
                assertTrue(threads.get(1).join(15000));
                assertTrue(threads.get(2).join(15000));
                assertTrue(threads.get(0).join(15000));
                threads.forEach(QObject::dispose);
                data.forEach(d -> assertFtpReply(d.get()));
            }
        }
    }

    @Test
    void waitForReadyReadInASlot() throws IOException {
        try (FakeServer http = new FakeServer(FakeServer.Kind.HTTP)) {
            QTcpSocket socket = new QTcpSocket();
            Boolean[] result = {null};
            socket.connected.connect(() -> result[0] = socket.waitForReadyRead(10000));
            socket.connectToHost("127.0.0.1", http.port());
            socket.write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertTrue(QTest.qWaitFor(() -> result[0] != null, 30000));
            assertTrue(result[0]);
            socket.dispose();
        }
    }

    @Test
    void remoteCloseError() {
        QTcpServer server = new QTcpServer();
        QTcpSocket clientSocket = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            QCoreApplication.processEvents();
            QSignalSpy readyRead = new QSignalSpy(clientSocket.readyRead);
            clientSocket.connectToHost(server.serverAddress(), server.serverPort());
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 30000));
            QTcpSocket serverSocket = server.nextPendingConnection();
            serverSocket.write("Hello".getBytes());
            assertTrue(readyRead.wait(30000));
            assertEquals(5, clientSocket.bytesAvailable());

            QSignalSpy errorSpy = new QSignalSpy(clientSocket.errorOccurred);
            QSignalSpy disconnectedSpy = new QSignalSpy(clientSocket.disconnected);
            QSignalSpy stateSpy = new QSignalSpy(clientSocket.stateChanged);
            List<QAbstractSocket.SocketState> stateInErrorSlot = new ArrayList<>();
            clientSocket.write("World".getBytes());
            serverSocket.disconnectFromHost();
            io.qtj.core.QMetaObject.Connection c = clientSocket.errorOccurred.connect(e -> {
                stateInErrorSlot.add(clientSocket.state());
                clientSocket.close();
            });
            assertTrue(QTest.qWaitFor(() -> disconnectedSpy.count() > 0, 30000));
            QTest.qWait(20);
            assertEquals(1, disconnectedSpy.count());
            assertEquals(1, errorSpy.count());
            assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, clientSocket.error());
            assertEquals(List.of(QAbstractSocket.SocketState.ConnectedState), stateInErrorSlot);
            assertEquals(1, stateSpy.stream().filter(a -> a.get(0) == QAbstractSocket.SocketState.UnconnectedState).count(),
                    "stateChanged(UnconnectedState) once: " + stateSpy);
            QObject.disconnect(c);
            serverSocket.dispose();

            clientSocket.connectToHost(server.serverAddress(), server.serverPort());
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 30000));
            serverSocket = server.nextPendingConnection();
            serverSocket.disconnectFromHost();
            assertTrue(QTest.qWaitFor(() -> clientSocket.state() == QAbstractSocket.SocketState.UnconnectedState, 30000));
        } finally {
            clientSocket.dispose();
            server.dispose();
        }
    }

    @Test
    void nestedEventLoopInErrorSlot() {
        QTcpSocket socket = new QTcpSocket();
        boolean[] exited = {false};
        socket.errorOccurred.connect(e -> {
            socket.deleteLater();
            io.qtj.core.QEventLoop loop = new io.qtj.core.QEventLoop();
            QTimer.singleShot(100, loop, loop::quit);
            loop.exec();
            loop.dispose();
            QTimer.singleShot(250, () -> exited[0] = true);
        });
        socket.connectToHost("hostnotfoundhostnotfound.invalid", 9999);
        assertTrue(QTest.qWaitFor(() -> exited[0], 30000));
        assertTrue(socket.isDisposed());
    }

    @Test
    void connectToLocalHostNoService() throws IOException {
        QTcpSocket socket = new QTcpSocket();
        socket.connectToHost("localhost", closedPort());
        assertTrue(QTest.qWaitFor(() -> socket.state() != QAbstractSocket.SocketState.HostLookupState
                && socket.state() != QAbstractSocket.SocketState.ConnectingState, 30000));
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        socket.dispose();
    }

    @Test
    void waitForConnectedInHostLookupSlot() {
        QTcpServer server = new QTcpServer();
        QTcpSocket tmpSocket = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.Any), 0));
            io.qtj.core.QEventLoop loop = new io.qtj.core.QEventLoop();
            tmpSocket.connected.connect(loop::quit);
            QTimer timer = new QTimer();
            timer.timeout.connect(loop::quit);
            QSignalSpy timerSpy = new QSignalSpy(timer.timeout);
            timer.start(15000);
            List<Boolean> inSlot = new ArrayList<>();
            tmpSocket.hostFound.connect(() -> inSlot.add(tmpSocket.waitForConnected(10000)));
            tmpSocket.connectToHost("localhost", server.serverPort());
            if (tmpSocket.state() != QAbstractSocket.SocketState.ConnectedState) {
                loop.exec();
            }
            assertEquals(0, timerSpy.count());
            assertEquals(List.of(true), inSlot);
            timer.dispose();
            loop.dispose();
        } finally {
            tmpSocket.dispose();
            server.dispose();
        }
    }

    @Test
    void waitForConnectedInHostLookupSlot2() {
        QTcpServer server = new QTcpServer();
        QTcpSocket sock = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.Any), 0));
            int[] count = {0};
            boolean[] attemptedToConnect = {false};
            boolean[] networkTimeout = {false};
            boolean[] done = {false};
            sock.connected.connect(() -> count[0]++);
            QTimer.singleShot(100, () -> {
                attemptedToConnect[0] = true;
                sock.connectToHost("localhost", server.serverPort());
                if (!sock.waitForConnected(30000)) {
                    networkTimeout[0] = true;
                }
                done[0] = true;
            });
            assertTrue(QTest.qWaitFor(() -> done[0], 30000));
            QTest.qWait(20);
            assertFalse(networkTimeout[0], "Network timeout");
            assertTrue(attemptedToConnect[0]);
            assertEquals(1, count[0]);
        } finally {
            sock.dispose();
            server.dispose();
        }
    }

    @Test
    void readyReadSignalsAfterWaitForReadyRead() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            QTcpSocket socket = new QTcpSocket();
            QSignalSpy readyReadSpy = new QSignalSpy(socket.readyRead);
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForReadyRead(10000));
            assertEquals(1, readyReadSpy.count());
            assertEquals(FakeServer.IMAP_GREETING, socket.readLine().toString());
            assertEquals(0, socket.bytesAvailable());
            QCoreApplication.processEvents();
            assertEquals(0, socket.bytesAvailable());
            assertEquals(1, readyReadSpy.count());
            socket.dispose();
        }
    }

    @Test
    void abortiveClose() {
        QTcpServer server = new QTcpServer();
        QTcpSocket clientSocket = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            clientSocket.connectToHost(server.serverAddress(), server.serverPort());
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 10000));
            QTcpSocket tmpSocket = server.nextPendingConnection();
            assertNotNull(tmpSocket);
            QSignalSpy readyReadSpy = new QSignalSpy(clientSocket.readyRead);
            QSignalSpy errorSpy = new QSignalSpy(clientSocket.errorOccurred);
            QSignalSpy disconnected = new QSignalSpy(clientSocket.disconnected);
            QTimer.singleShot(0, tmpSocket::abort);
            assertTrue(disconnected.wait(5000));
            assertEquals(0, readyReadSpy.count());
            assertEquals(1, errorSpy.count());
            assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, errorSpy.at(0).get(0));
        } finally {
            clientSocket.dispose();
            server.dispose();
        }
    }

    @Test
    void localAddressEmptyOnBSD() {
        QTcpServer server = new QTcpServer();
        QTcpSocket tcpSocket = null;
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            for (int i = 0; i < 10; ++i) {
                if (tcpSocket != null) {
                    tcpSocket.dispose();
                }
                tcpSocket = new QTcpSocket();
                tcpSocket.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), server.serverPort());
                if (!tcpSocket.waitForConnected(0)) {
                    tcpSocket.abort();
                    if (tcpSocket.state() != QAbstractSocket.SocketState.UnconnectedState) {
                        assertTrue(tcpSocket.waitForDisconnected(5000));
                    }
                    continue;
                }
                assertEquals(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), tcpSocket.localAddress());
            }
        } finally {
            if (tcpSocket != null) {
                tcpSocket.dispose();
            }
            server.dispose();
        }
    }

    @Test
    void zeroAndMinusOneReturns() throws IOException {
        try (FakeServer http = new FakeServer(FakeServer.Kind.HTTP)) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", http.port());
            socket.write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes());
            assertTrue(socket.waitForReadyRead(15000));
            for (int k = 0; k < 50 && socket.bytesAvailable() < 40; k++) {
                assertTrue(socket.waitForReadyRead(5000));
            }
            byte[] c = new byte[16];
            assertTrue(socket.getChar(c));
            assertEquals(16, socket.read(c, 0, 16));
            assertTrue(socket.readLine(c, 0, 15) > 0);
            assertFalse(socket.readAll().isEmpty());
            // the read buffer is empty and the socket still open: reads return 0
            assertTrue(socket.readAll().isEmpty());
            assertEquals(0, socket.read(c, 0, 16));
            assertEquals(0, socket.readLine(c, 0, 15));
            assertFalse(socket.getChar(c));

            socket.write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertTrue(socket.waitForDisconnected(15000));
            assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, socket.error());
            assertEquals(-1, socket.write("BLUBBER".getBytes()));
            assertTrue(socket.getChar(c));
            assertEquals(16, socket.read(c, 0, 16));
            assertTrue(socket.readLine(c, 0, 15) > 0);
            assertFalse(socket.readAll().isEmpty());
            // the read buffer is empty and the socket not connected: reads return -1
            assertTrue(socket.readAll().isEmpty());
            assertEquals(-1, socket.read(c, 0, 16));
            assertEquals(-1, socket.readLine(c, 0, 15));
            assertFalse(socket.getChar(c));
            assertFalse(socket.putChar((byte) 'a'));

            socket.close();
            assertEquals(-1, socket.write("BLUBBER".getBytes()));
            assertEquals(-1, socket.read(c, 0, 16));
            assertEquals(-1, socket.readLine(c, 0, 15));
            assertFalse(socket.getChar(c));
            assertFalse(socket.putChar((byte) 'a'));
            socket.dispose();
        }
    }

    @Test
    void moveToThread0() throws IOException {
        try (FakeServer imap = new FakeServer(FakeServer.Kind.IMAP)) {
            // Case 1: moved after connecting, before waiting for the connection
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            socket.moveToThread(null);
            assertTrue(socket.waitForConnected(5000));
            socket.write("XXX LOGOUT\r\n".getBytes());
            assertTrue(socket.waitForBytesWritten(5000));
            assertTrue(socket.waitForDisconnected(30000));
            socket.dispose();
            // Case 2: moved before connecting
            socket = new QTcpSocket();
            socket.moveToThread(null);
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(5000));
            socket.write("XXX LOGOUT\r\n".getBytes());
            assertTrue(socket.waitForBytesWritten(5000));
            assertTrue(socket.waitForDisconnected(30000));
            socket.dispose();
            // Case 3: moved after writing, while waiting for bytes to be written
            socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(5000));
            socket.write("XXX LOGOUT\r\n".getBytes());
            socket.moveToThread(null);
            assertTrue(socket.waitForBytesWritten(5000));
            assertTrue(socket.waitForDisconnected(30000));
            socket.dispose();
            // Case 4: moved after writing, while waiting for the response
            socket = new QTcpSocket();
            socket.connectToHost("127.0.0.1", imap.port());
            assertTrue(socket.waitForConnected(5000));
            socket.write("XXX LOGOUT\r\n".getBytes());
            assertTrue(socket.waitForBytesWritten(5000));
            socket.moveToThread(null);
            assertTrue(socket.waitForDisconnected(30000));
            socket.dispose();
        }
    }

    // ---------------------------------------------------------------- moving a connected socket (qtj's own)

    /** A started QThread running its event loop. */
    private static QThread startedThread(String name) {
        QThread t = new QThread();
        t.setObjectName(name);
        t.start();
        return t;
    }

    /** Disposes {@code socket} in its own thread, then stops {@code thread}. */
    private static void disposeIn(QThread thread, QObject socket) {
        if (!socket.isDisposed()) {
            socket.deleteLater();
        }
        thread.quit();
        assertTrue(thread.join(10000), "the thread ended");
        thread.dispose();
    }

    @Test
    void movedConnectedSocketReadsAndWritesInItsNewThread() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket moved = pair[0];
        QTcpSocket peer = pair[1];
        QThread worker = startedThread("worker");
        try {
            List<QThread> readyReadThreads = new CopyOnWriteArrayList<>();
            moved.readyRead.connect(() -> {
                // direct: called in the thread that emits, which must be the socket's new one
                readyReadThreads.add(QThread.currentThread());
                byte[] got = moved.readAll().toByteArray();
                moved.write(("pong:" + new String(got)).getBytes());
            }, Qt.ConnectionType.DirectConnection);
            // in the old thread, read notifications are on and the loop watches the socket
            QCoreApplication.processEvents();
            // hold the worker until this thread's loop has had its chance at the data
            java.util.concurrent.CountDownLatch release = io.qtj.network.testing.HeldLoop.hold(worker, 10_000);
            moved.moveToThread(worker);
            QSignalSpy answer = new QSignalSpy(peer.readyRead);
            peer.write("ping".getBytes());
            assertTrue(QTest.qWaitFor(() -> peer.bytesToWrite() == 0, 10000));
            // the bytes are in the moved socket's receive buffer: a watch left in this thread
            // would deliver them here
            QCoreApplication.processEvents();
            QCoreApplication.processEvents();
            release.countDown();
            StringBuilder got = new StringBuilder();
            assertTrue(QTest.qWaitFor(() -> {
                got.append(new String(peer.readAll().toByteArray()));
                return got.toString().equals("pong:ping");
            }, 10000), "the answer from the moved socket: " + got + ", readyRead in " + readyReadThreads);
            assertTrue(answer.count() > 0);
            assertFalse(readyReadThreads.isEmpty());
            for (QThread t : readyReadThreads) {
                assertTrue(t == worker, "readyRead emitted in " + t + ", not in " + worker);
            }
        } finally {
            disposeIn(worker, moved);
            peer.dispose();
            server.dispose();
        }
    }

    @Test
    void aSocketMovingBetweenTwoThreadsWhileItReceivesGetsEveryByteInOrderInItsThreadOfTheMoment() {
        int total = 2 << 20;
        byte[] payload = new byte[total];
        new Random(11).nextBytes(payload);
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket moved = pair[0];
        QTcpSocket peer = pair[1];
        QThread first = startedThread("first");
        QThread second = startedThread("second");
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger elsewhere = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger moves = new java.util.concurrent.atomic.AtomicInteger();
                moved.readyRead.connect(moved, () -> {
            if (QThread.currentThread() != moved.thread()) {
                elsewhere.incrementAndGet();
            }
            byte[] got = moved.readAll().toByteArray();
            synchronized (received) {
                received.write(got, 0, got.length);
            }
            if (moves.get() < 2_000) {
                // moved from its own thread, as Qt requires, but not from inside its readyRead:
                // the socket's own code still runs in this thread when the slot returns (Qt's too)
                moves.incrementAndGet();
                io.qtj.core.QMetaObject.invokeMethod(moved,
                        () -> moved.moveToThread(moved.thread() == first ? second : first),
                        Qt.ConnectionType.QueuedConnection);
            }
        });
        moved.moveToThread(first);
        try {
            // 4 KiB pieces, at most 8 KiB ahead of the reader: many reads, a move after each
            for (int off = 0; off < total; off += 4 << 10) {
                peer.write(java.util.Arrays.copyOfRange(payload, off, off + (4 << 10)));
                int sent = off + (4 << 10);
                assertTrue(QTest.qWaitFor(() -> {
                    synchronized (received) {
                        return received.size() >= sent - (8 << 10);
                    }
                }, 10_000), () -> "the reader keeps up: " + received.size() + " bytes after " + moves + " moves");
            }
            assertTrue(QTest.qWaitFor(() -> {
                synchronized (received) {
                    return received.size() >= total;
                }
            }, 10_000), () -> "all bytes arrived: " + received.size() + " of " + total);
            synchronized (received) {
                assertArrayEquals(payload, received.toByteArray(), "in order, once each");
            }
            assertEquals(0, elsewhere.get(), "readyRead emitted in a thread the socket had left");
            assertTrue(moves.get() > 100, "it moved: " + moves);
        } finally {
            QThread last = moved.thread();
            moved.deleteLater();
            for (QThread t : new QThread[] {first, second}) {
                t.quit();
                assertTrue(t.join(10_000), t + " ended");
                t.dispose();
            }
            assertTrue(moved.isDisposed() || last == null, "disposed in " + last);
            peer.dispose();
            server.dispose();
        }
    }

    @Test
    void movedSocketFinishesAPendingWriteInItsNewThread() throws Exception {
        int total = 4 << 20;
        byte[] payload = new byte[total];
        new Random(7).nextBytes(payload);
        try (ServerSocket plain = new ServerSocket()) {
            plain.setReceiveBufferSize(64 << 10);   // small buffers: the kernel cannot take it all
            plain.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            QTcpSocket moved = new QTcpSocket();
            moved.setSocketOption(QAbstractSocket.SocketOption.SendBufferSizeSocketOption, 64 << 10);
            QThread worker = startedThread("worker");
            try (Socket far = connectAndAccept(moved, plain)) {
                List<QThread> writtenIn = new CopyOnWriteArrayList<>();
                moved.bytesWritten.connect(n -> writtenIn.add(QThread.currentThread()), Qt.ConnectionType.DirectConnection);
                moved.write(payload);
                assertTrue(QTest.qWaitFor(() -> !writtenIn.isEmpty(), 10000), "some bytes reached the kernel");
                long left = moved.bytesToWrite();
                assertTrue(left > 0 && left < total, "precondition: part written, part waiting: " + left);
                writtenIn.clear();
                moved.moveToThread(worker);
                // read everything only now: the rest can go out only from the new thread
                AtomicReference<byte[]> received = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        far.setSoTimeout(20000);
                        received.set(far.getInputStream().readNBytes(total));
                    } catch (IOException e) {
                        received.set(new byte[0]);
                    }
                });
                reader.start();
                // this thread's loop runs meanwhile: a watch left behind would write from here
                assertTrue(QTest.qWaitFor(() -> received.get() != null, 30000), "the far end got everything");
                reader.join();
                assertArrayEquals(payload, received.get());
                assertFalse(writtenIn.isEmpty(), "bytesWritten after the move");
                for (QThread t : writtenIn) {
                    assertTrue(t == worker, "bytesWritten emitted in " + t + ", not in " + worker);
                }
            } finally {
                disposeIn(worker, moved);
            }
        }
    }

    @Test
    void socketMovedRightAfterAWriteInTheEventLoopSendsItFromItsNewThread() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            QTcpSocket moved = new QTcpSocket();
            QThread worker = startedThread("worker");
            try (Socket far = connectAndAccept(moved, plain)) {
                List<QThread> writtenIn = new CopyOnWriteArrayList<>();
                moved.bytesWritten.connect(n -> writtenIn.add(QThread.currentThread()), Qt.ConnectionType.DirectConnection);
                // inside a running event loop a write is sent before the loop next waits; the
                // socket leaves before that
                io.qtj.core.QEventLoop loop = new io.qtj.core.QEventLoop();
                QTimer.singleShot(0, loop, () -> {
                    moved.write("sent after the move".getBytes());
                    moved.moveToThread(worker);
                    loop.quit();
                });
                loop.exec();
                loop.dispose();
                far.setSoTimeout(10000);
                byte[] got = new byte["sent after the move".length()];
                AtomicReference<byte[]> received = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        received.set(far.getInputStream().readNBytes(got.length));
                    } catch (IOException e) {
                        received.set(new byte[0]);
                    }
                });
                reader.start();
                // this thread's loop runs meanwhile: a flush left behind would write from here
                assertTrue(QTest.qWaitFor(() -> received.get() != null, 10000), "the far end got it");
                reader.join();
                assertEquals("sent after the move", new String(received.get()));
                assertTrue(QTest.qWaitFor(() -> !writtenIn.isEmpty(), 10000), "bytesWritten");
                assertEquals(List.of(worker), writtenIn);
            } finally {
                disposeIn(worker, moved);
            }
        }
    }

    /** Connects {@code s} to {@code plain} (this thread's loop runs) and returns the accepted peer. */
    private static Socket connectAndAccept(QTcpSocket s, ServerSocket plain) throws IOException {
        s.connectToHost("127.0.0.1", plain.getLocalPort());
        Socket far = plain.accept();
        assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 10000));
        return far;
    }

    @Test
    void deleteLaterInReadyReadSlotWaitsForTheSlotToReturn() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket socket = pair[0];
        QTcpSocket peer = pair[1];
        try {
            List<String> seen = new ArrayList<>();
            socket.readyRead.connect(() -> {
                socket.deleteLater();
                // a nested loop started after deleteLater() does not run it (Qt's rule); it would
                // if the readiness callback did not count as a delivery (scope level)
                io.qtj.core.QEventLoop nested = new io.qtj.core.QEventLoop();
                QTimer.singleShot(20, nested, nested::quit);
                nested.exec();
                nested.dispose();
                seen.add("alive after nested loop: " + !socket.isDisposed());
                seen.add("read " + new String(socket.readAll().toByteArray()));
            });
            peer.write("x".getBytes());
            assertTrue(QTest.qWaitFor(socket::isDisposed, 10000), "disposed once the slot returned: " + seen);
            assertEquals(List.of("alive after nested loop: true", "read x"), seen);
        } finally {
            if (!socket.isDisposed()) {
                socket.dispose();
            }
            peer.dispose();
            server.dispose();
        }
    }

    @Test
    void increaseReadBufferSize() {
        QTcpServer server = new QTcpServer();
        QTcpSocket active = new QTcpSocket();
        try {
            QSignalSpy readyRead = new QSignalSpy(active.readyRead);
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            active.connectToHost("127.0.0.1", server.serverPort());
            assertTrue(active.waitForConnected(5000));
            assertTrue(server.waitForNewConnection(5000));
            QTcpSocket passive = server.nextPendingConnection();
            assertNotNull(passive);
            byte[] data = new byte[512];
            Arrays.fill(data, (byte) 'a');
            passive.write(data);
            assertTrue(passive.waitForBytesWritten(5000), "Network timeout");
            // a read buffer smaller than what was written, then iterate
            active.setReadBufferSize(256);
            assertTrue(readyRead.wait(10000), "Network timeout");
            assertEquals(active.readBufferSize(), active.bytesAvailable());
            // grow it and iterate again
            active.setReadBufferSize(384);
            assertTrue(readyRead.wait(10000), "Network timeout");
            assertEquals(active.readBufferSize(), active.bytesAvailable());
            // once more: now everything is read
            active.setReadBufferSize(1024);
            assertTrue(readyRead.wait(10000), "Network timeout");
            assertEquals(data.length, active.bytesAvailable());
            assertArrayEquals(data, active.readAll().toByteArray());
            // and with the size set back to unlimited
            passive.write(data);
            assertTrue(passive.waitForBytesWritten(5000), "Network timeout");
            active.setReadBufferSize(256);
            assertTrue(readyRead.wait(10000), "Network timeout");
            assertEquals(active.readBufferSize(), active.bytesAvailable());
            active.setReadBufferSize(0);
            assertTrue(readyRead.wait(10000), "Network timeout");
            assertEquals(data.length, active.bytesAvailable());
            assertArrayEquals(data, active.readAll().toByteArray());
        } finally {
            active.dispose();
            server.dispose();
        }
    }

    @Test
    void taskQtBug5799ConnectionErrorWaitForConnected() throws IOException {
        QTcpSocket socket = new QTcpSocket();
        socket.connectToHost("127.0.0.1", closedPort());
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        socket.waitForConnected(10000);
        assertTrue(timer.elapsed() < 9900, "Connection to closed port timed out instead of refusing");
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, socket.error(), socket.errorString());
        socket.dispose();
    }

    @Test
    void taskQtBug5799ConnectionErrorEventLoop() throws IOException {
        QTcpSocket socket = new QTcpSocket();
        QSignalSpy error = new QSignalSpy(socket.errorOccurred);
        socket.connectToHost("127.0.0.1", closedPort());
        assertTrue(error.wait(10000), "Connection to closed port timed out instead of refusing");
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, socket.error(), socket.errorString());
        socket.dispose();
    }

    /** Qt connects to an HTTPS port that says nothing; a silent loopback server does the same. */
    @Test
    void taskQtBug7054TimeoutErrorResetting() {
        QTcpServer server = new QTcpServer();
        QTcpSocket socket = new QTcpSocket();
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            socket.connectToHost("127.0.0.1", server.serverPort());
            assertTrue(socket.waitForConnected(5000));
            assertEquals(QAbstractSocket.SocketError.UnknownSocketError, socket.error());
            assertFalse(socket.waitForReadyRead(500));
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, socket.error());
            // the server now disconnects us
            assertTrue(server.waitForNewConnection(5000));
            QTcpSocket serverSide = server.nextPendingConnection();
            socket.write("a\r\nb\r\nc\r\nd\r\n".getBytes());
            socket.waitForBytesWritten(2000);
            serverSide.abort();
            assertFalse(socket.waitForReadyRead(2000));
            // not the SocketTimeoutError set before: the better error
            assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, socket.error());
        } finally {
            socket.dispose();
            server.dispose();
        }
    }

    static Stream<Arguments> invalidProxy_data() {
        return Stream.of(
                Arguments.of("ftp-proxy", QNetworkProxy.ProxyType.FtpCachingProxy, 21),
                Arguments.of("http-caching-proxy", QNetworkProxy.ProxyType.HttpCachingProxy, 3128));
    }

    /** The rows that fail at connect: a caching proxy cannot tunnel TCP, so Qt refuses at once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProxy_data")
    void invalidProxy(String row, QNetworkProxy.ProxyType type, int port) {
        QTcpServer target = new QTcpServer();
        QTcpSocket socket = new QTcpSocket();
        try {
            assertTrue(target.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            socket.setProxy(new QNetworkProxy(type, "127.0.0.1", port));
            socket.connectToHost("127.0.0.1", target.serverPort());
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            assertFalse(socket.errorString().isEmpty());
            assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, socket.error());
        } finally {
            socket.dispose();
            target.dispose();
        }
    }

    static Stream<Arguments> proxyFactory_data() {
        QNetworkProxy cachingHttp = new QNetworkProxy(QNetworkProxy.ProxyType.HttpCachingProxy, "127.0.0.1", 3129);
        QNetworkProxy ftp = new QNetworkProxy(QNetworkProxy.ProxyType.FtpCachingProxy, "127.0.0.1", 2121);
        return Stream.of(
                Arguments.of("cachinghttp", List.of(cachingHttp)),
                Arguments.of("ftp", List.of(ftp)),
                Arguments.of("ftp+cachinghttp", List.of(ftp, cachingHttp)));
    }

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
        QTcpSocket socket = new QTcpSocket();
        try {
            // Qt (since 5.8) never asks the factory about loopback targets, so use a name; the
            // proxy is resolved before any lookup, and none here can tunnel TCP
            socket.connectToHost("qtj-proxy-factory.invalid", 80);
            assertEquals(1, callCount[0]);
            assertEquals(new QNetworkProxyQuery("qtj-proxy-factory.invalid", 80), lastQuery[0]);
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
            assertFalse(socket.errorString().isEmpty());
            assertEquals(QAbstractSocket.SocketError.UnsupportedSocketOperationError, socket.error());
        } finally {
            QNetworkProxyFactory.setApplicationProxyFactory(null);
            socket.dispose();
        }
    }

    @Test
    void qtbug14268_peek() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket outgoing = pair[0];
        QTcpSocket incoming = pair[1];
        try {
            assertEquals(QAbstractSocket.SocketState.ConnectedState, incoming.state());
            assertEquals(QAbstractSocket.SocketState.ConnectedState, outgoing.state());
            String expected = "";
            for (String part : List.of("abc\n", "def\n", "ghi\n")) {
                expected += part;
                outgoing.write(part.getBytes());
                assertTrue(outgoing.waitForBytesWritten(2000));
                String want = expected;
                for (int k = 0; k < 50 && incoming.bytesAvailable() < want.length(); k++) {
                    assertTrue(incoming.waitForReadyRead(2000));
                }
                assertEquals(want, incoming.peek(128 * 1024).toString());
            }
            assertEquals("abc\ndef\nghi\n", incoming.read(128 * 1024).toString());
        } finally {
            outgoing.dispose();
            incoming.dispose();
            server.dispose();
        }
    }

    @Test
    void setSocketOption() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket outgoing = pair[0];
        try {
            assertEquals(QAbstractSocket.SocketState.ConnectedState, pair[1].state());
            assertEquals(QAbstractSocket.SocketState.ConnectedState, outgoing.state());
            outgoing.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, true);
            assertEquals(1, outgoing.socketOption(QAbstractSocket.SocketOption.LowDelayOption));
            outgoing.setSocketOption(QAbstractSocket.SocketOption.KeepAliveOption, true);
            assertEquals(1, outgoing.socketOption(QAbstractSocket.SocketOption.KeepAliveOption));
            outgoing.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, false);
            assertEquals(0, outgoing.socketOption(QAbstractSocket.SocketOption.LowDelayOption));
            outgoing.setSocketOption(QAbstractSocket.SocketOption.KeepAliveOption, false);
            assertEquals(0, outgoing.socketOption(QAbstractSocket.SocketOption.KeepAliveOption));
            outgoing.setSocketOption(QAbstractSocket.SocketOption.TypeOfServiceOption, 32);   // high priority
            assertEquals(32, outgoing.socketOption(QAbstractSocket.SocketOption.TypeOfServiceOption));
        } finally {
            pair[0].dispose();
            pair[1].dispose();
            server.dispose();
        }
    }

    // ---------------------------------------------------------------- from later qtbase revisions

    /** Row "localhost no service"; the row "unreachable" (0.0.1.1) leaves loopback. */
    @Test
    void connectToHostError() throws IOException {
        QTcpSocket socket = new QTcpSocket();
        try {
            QAbstractSocket.SocketError[] error = {QAbstractSocket.SocketError.UnknownSocketError};
            socket.errorOccurred.connect(e -> error[0] = e);
            socket.connectToHost("localhost", closedPort());
            assertTrue(QTest.qWaitFor(() -> socket.state() == QAbstractSocket.SocketState.UnconnectedState, 7000));
            assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, error[0]);
        } finally {
            socket.dispose();
        }
    }

    /**
     * bytesWritten reports every byte written from the event loop, and is not emitted recursively
     * by a write from its slot. (As in Qt, bytes a slot flushes synchronously while bytesWritten is
     * being emitted are not reported again: qabstractsocket.cpp, "Don't emit bytesWritten()
     * recursively".)
     */
    @Test
    void bytesWrittenSignal() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        try {
            long[] total = {0};
            int[] depth = {0};
            int[] maxDepth = {0};
            int[] writesFromSlot = {0};
            pair[0].bytesWritten.connect(n -> {
                depth[0]++;
                maxDepth[0] = Math.max(maxDepth[0], depth[0]);
                total[0] += n;
                if (writesFromSlot[0] < 3) {
                    writesFromSlot[0]++;
                    pair[0].write("more".getBytes());   // sent later, from the event loop
                }
                depth[0]--;
            });
            pair[0].write("first".getBytes());
            assertTrue(QTest.qWaitFor(() -> total[0] == 5 + 3 * 4, 5000), "written " + total[0]);
            assertEquals(1, maxDepth[0]);
            assertTrue(QTest.qWaitFor(() -> pair[1].bytesAvailable() == 17, 5000));
            assertEquals("firstmoremoremore", pair[1].readAll().toString());
        } finally {
            pair[0].dispose();
            pair[1].dispose();
            server.dispose();
        }
    }

    /**
     * A writer that writes its next payload from bytesWritten (Qt's Loopback example) sends one
     * payload per pass of the loop, as Qt's does (its next write waits for the write notification):
     * its reader in the same thread keeps up, instead of the writer filling the kernel's buffers
     * (megabytes) before the reader's first read, which slowed the transfer by a quarter.
     */
    @Test
    void aWriterChainedOnBytesWrittenSendsAPayloadPerPassAndItsReaderKeepsUp() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket writer = pair[0];
        QTcpSocket reader = pair[1];
        QEventLoop loop = new QEventLoop();
        try {
            byte[] payload = new byte[64 * 1024];
            Arrays.fill(payload, (byte) '@');
            // 64 MiB: enough for the kernel's buffers to grow to megabytes, which a writer
            // running ahead would fill before the reader's next read
            long total = 1024L * payload.length;
            long[] written = {0};
            long[] received = {0};
            long[] maxLag = {0};
            writer.bytesWritten.connect(n -> {
                written[0] += n;
                maxLag[0] = Math.max(maxLag[0], written[0] - received[0]);
                if (written[0] + writer.bytesToWrite() < total) {
                    writer.write(payload);
                }
            });
            reader.readyRead.connect(() -> {
                received[0] += reader.readAll().size();
                if (received[0] == total) {
                    loop.quit();
                }
            });
            QTimer.singleShot(0, () -> writer.write(payload));   // from the event loop, as the example
            QTimer.singleShot(20000, loop::quit);
            loop.exec();
            assertEquals(total, received[0]);
            // a payload per pass, read in the same pass: the lag stays a few payloads
            assertTrue(maxLag[0] <= 4L * payload.length, "written ahead of the reader: " + maxLag[0]);
        } finally {
            loop.dispose();
            writer.dispose();
            reader.dispose();
            server.dispose();
        }
    }

    /**
     * A read notification takes at most 256 KiB from the kernel (one scattering read), leaving the
     * rest for the loop's next pass: a 2 MiB burst arrives whole and in order, in readyRead
     * signals that each bring at most that much to a reader that drains the socket every time.
     */
    @Test
    void aBurstIsReadAtMost256KiBPerNotificationAndArrivesWhole() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket client = pair[0];
        QTcpSocket peer = pair[1];
        try {
            byte[] payload = new byte[2 * 1024 * 1024];
            new Random(11).nextBytes(payload);
            QByteArray got = new QByteArray();
            List<Long> perSignal = new ArrayList<>();
            client.readyRead.connect(() -> {
                perSignal.add(client.bytesAvailable());
                got.append(client.readAll());
            });
            assertEquals(payload.length, peer.write(payload));
            assertTrue(QTest.qWaitFor(() -> got.size() == payload.length, 10000), "received " + got.size());
            assertArrayEquals(payload, got.toByteArray());
            assertTrue(perSignal.stream().allMatch(n -> n > 0 && n <= 256 * 1024), perSignal.toString());
        } finally {
            client.dispose();
            peer.dispose();
            server.dispose();
        }
    }

    /** A socket whose read buffer is full keeps writing: its peer gets everything. */
    @Test
    void writeOnReadBufferOverflow() {
        QTcpServer server = new QTcpServer();
        QTcpSocket[] pair = socketPair(server);
        QTcpSocket client = pair[0];
        QTcpSocket peer = pair[1];
        try {
            client.setReadBufferSize(1);
            peer.write("ab".getBytes());
            assertTrue(QTest.qWaitFor(() -> client.bytesAvailable() == 1, 5000));
            byte[] payload = new byte[256 * 1024];
            new Random(7).nextBytes(payload);
            assertEquals(payload.length, client.write(payload));
            QByteArray got = new QByteArray();
            assertTrue(QTest.qWaitFor(() -> {
                got.append(peer.readAll());
                return got.size() == payload.length;
            }, 10000), "received " + got.size());
            assertArrayEquals(payload, got.toByteArray());
            assertEquals(1, client.bytesAvailable(), "the read buffer stayed at its limit");
            assertEquals("a", client.read(1).toString());
            assertTrue(QTest.qWaitFor(() -> client.bytesAvailable() == 1, 5000));
            assertEquals("b", client.read(1).toString());
        } finally {
            client.dispose();
            peer.dispose();
            server.dispose();
        }
    }

    @Test
    void waitForReadyReadInAClosingSlotAfterThePeerClosed() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            QTcpSocket s = new QTcpSocket();
            List<Boolean> inSlot = new ArrayList<>();
            s.stateChanged.connect(st -> {
                if (st == QAbstractSocket.SocketState.ClosingState) {
                    inSlot.add(s.waitForReadyRead(100));   // the connection is already gone: false, no crash
                }
            });
            s.connectToHost("127.0.0.1", plain.getLocalPort());
            try (Socket peer = plain.accept()) {
                assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState, 5000));
            }
            assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, 5000));
            assertEquals(List.of(false), inSlot);
            s.dispose();
        }
    }

    @Test
    void protectedSetSocketErrorOnlySetsAsInQt() {
        class Custom extends QTcpSocket {
            void fail() {
                setSocketError(QAbstractSocket.SocketError.NetworkError);
            }
        }
        Custom s = new Custom();
        QSignalSpy errors = new QSignalSpy(s.errorOccurred);
        s.fail();
        assertEquals(QAbstractSocket.SocketError.NetworkError, s.error());
        assertEquals(0, errors.count());
        s.dispose();
    }
}
