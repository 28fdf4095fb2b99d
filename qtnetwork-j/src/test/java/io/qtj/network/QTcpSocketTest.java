package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QThread;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QTcpSocket / QAbstractSocket on real loopback sockets. */
@Timeout(60)
class QTcpSocketTest {
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

    @Test
    void signalOrderOfAConnectionAndAGracefulClose() {
        QTcpServer server = new QTcpServer();
        assertTrue(server.listen(new QHostAddress("127.0.0.1"), 0));
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        s.connectToHost("127.0.0.1", server.serverPort());
        assertTrue(QTest.qWaitFor(() -> log.contains("connected"), 5000));
        assertEquals(List.of("stateChanged(HostLookupState)", "hostFound", "stateChanged(ConnectingState)",
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
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        s.connectToHost("127.0.0.1", port);
        assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, 5000));
        assertEquals(QAbstractSocket.SocketError.ConnectionRefusedError, s.error());
        assertEquals("Connection refused", s.errorString());
        assertEquals(List.of("stateChanged(HostLookupState)", "hostFound", "stateChanged(ConnectingState)",
                "error(ConnectionRefusedError)", "stateChanged(UnconnectedState)"), log);
        s.dispose();
    }

    @Test
    void unknownHost() {
        QTcpSocket s = new QTcpSocket();
        List<String> log = recordSignals(s);
        s.connectToHost("no-such-host.invalid", 80);
        assertEquals(QAbstractSocket.SocketState.HostLookupState, s.state());
        assertTrue(QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, 20000));
        assertEquals(QAbstractSocket.SocketError.HostNotFoundError, s.error());
        assertEquals("Host not found", s.errorString());
        assertEquals(List.of("stateChanged(HostLookupState)", "error(HostNotFoundError)",
                "stateChanged(UnconnectedState)"), log);
        s.dispose();
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
}
