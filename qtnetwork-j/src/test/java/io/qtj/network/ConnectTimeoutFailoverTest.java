package io.qtj.network;

import io.qtj.core.QElapsedTimer;
import io.qtj.core.QThread;
import io.qtj.network.testing.Blackhole;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connect that times out on one address goes on with the next. It needs a name with two
 * loopback addresses, which the machine's resolver may not give ("localhost" is often IPv4 only),
 * so Maven runs this class alone in its own JVM with {@code jdk.net.hosts.file} pointing at
 * {@code hosts-dual-localhost} (see qtnetwork-j's pom.xml); the other test classes keep the
 * machine's resolver.
 */
@Timeout(60)
@ExtendWith(QtExtension.class)
class ConnectTimeoutFailoverTest {
    private static List<String> recordSignals(QTcpSocket s) {
        return recordSignals(s, new ArrayList<>());
    }

    private static List<String> recordSignals(QTcpSocket s, List<String> log) {
        s.stateChanged.connect(st -> log.add("stateChanged(" + st + ")"));
        s.hostFound.connect(() -> log.add("hostFound"));
        s.connected.connect(() -> log.add("connected"));
        s.errorOccurred.connect(e -> log.add("error(" + e + ")"));
        return log;
    }

    @Test
    void theHostsFileIsInEffect() {
        // without it the test below would be skipped, and prove nothing
        assertEquals(List.of(new QHostAddress("127.0.0.1"), new QHostAddress("::1")),
                QHostInfo.fromName("localhost").addresses(),
                "run this class with -Djdk.net.hosts.file=.../hosts-dual-localhost (mvn does)");
    }

    /**
     * The connect timer gives up an attempt, not the connect: with another address left, the next
     * is tried with a fresh timeout, as Qt 5's _q_abortConnectionAttempt and _q_connectToNextAddress
     * (qabstractsocket.cpp). "localhost" must resolve to an IPv4 and an IPv6 loopback address; the
     * first is blackholed, the second listens on the same port.
     */
    /** The addresses of "localhost", in order; the test is skipped unless they are an IPv4 and an IPv6 one. */
    private static List<QHostAddress> twoAddresses() {
        List<QHostAddress> found = QHostInfo.fromName("localhost").addresses();
        Assumptions.assumeTrue(found.size() == 2 && found.get(0).protocol() != found.get(1).protocol(),
                "needs \"localhost\" to resolve to one IPv4 and one IPv6 address; here: " + found);
        return found;
    }

    @Test
    void connectTimeoutTriesTheNextAddress() throws IOException {
        List<QHostAddress> found = twoAddresses();
        QHostAddress first = found.get(0);
        QHostAddress second = found.get(1);
        int timeout = 300;
        QTcpServer server = new QTcpServer();
        QTcpSocket s = new QTcpSocket();
        try (Blackhole hole = new Blackhole(InetAddress.getByName(first.toString()))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            Assumptions.assumeTrue(server.listen(second, hole.port()), "port " + hole.port() + " taken on " + second);
            List<String> log = recordSignals(s);
            s.setConnectTimeout(timeout);
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            s.connectToHost("localhost", hole.port());
            assertTrue(QTest.qWaitFor(() -> log.contains("connected") || log.stream().anyMatch(e -> e.startsWith("error")),
                    10000), "Network timeout");
            long elapsed = timer.elapsed();
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(ConnectedState)", "connected"), log);
            assertEquals(second, s.peerAddress());
            assertEquals(hole.port(), s.peerPort());
            // the first address had its full timeout (a coarse timer may fire up to 5 % early)
            assertTrue(elapsed >= timeout * 95L / 100, "connected after " + elapsed + " ms");
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 5000));
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    /**
     * waitForConnected with more time than the connect timeout gives each attempt the connect
     * timeout and then goes on with the next address, as Qt 5's waitForConnected (each wait capped
     * at QT_CONNECT_TIMEOUT, then _q_connectToNextAddress); no error is reported on the way.
     */
    @Test
    void waitForConnectedTriesTheNextAddressAfterTheConnectTimeout() throws IOException {
        List<QHostAddress> found = twoAddresses();
        int timeout = 300;
        int msecs = 20000;
        QTcpServer server = new QTcpServer();
        QTcpSocket s = new QTcpSocket();
        try (Blackhole hole = new Blackhole(InetAddress.getByName(found.get(0).toString()))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            Assumptions.assumeTrue(server.listen(found.get(1), hole.port()), "port " + hole.port() + " taken on " + found.get(1));
            List<String> log = recordSignals(s);
            s.setConnectTimeout(timeout);
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            s.connectToHost("localhost", hole.port());
            assertTrue(s.waitForConnected(msecs), s.errorString());
            long elapsed = timer.elapsed();
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(ConnectedState)", "connected"), log);
            assertEquals(found.get(1), s.peerAddress());
            assertTrue(elapsed >= timeout * 95L / 100 && elapsed < msecs / 2, "connected after " + elapsed + " ms");
            assertTrue(QTest.qWaitFor(server::hasPendingConnections, 5000));
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    /**
     * When msecs run out before the connect timeout, the connect is given up, not the address:
     * false with SocketTimeoutError ("Socket operation timed out"), recorded without errorOccurred,
     * one stateChanged(UnconnectedState), and the second address is never tried.
     */
    @Test
    void waitForConnectedShorterThanTheConnectTimeoutTimesOut() throws IOException {
        List<QHostAddress> found = twoAddresses();
        QTcpServer server = new QTcpServer();
        QTcpSocket s = new QTcpSocket();
        try (Blackhole hole = new Blackhole(InetAddress.getByName(found.get(0).toString()))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            Assumptions.assumeTrue(server.listen(found.get(1), hole.port()), "port " + hole.port() + " taken on " + found.get(1));
            List<String> log = recordSignals(s);
            s.setConnectTimeout(20000);
            s.connectToHost("localhost", hole.port());
            assertFalse(s.waitForConnected(300));
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(UnconnectedState)"), log);
            assertEquals(QAbstractSocket.SocketError.SocketTimeoutError, s.error());
            assertEquals("Socket operation timed out", s.errorString());
            assertFalse(server.waitForNewConnection(0), "the second address was tried");
        } finally {
            s.dispose();
            server.dispose();
        }
    }

    /**
     * waitForConnected(-1) does not cap the attempt at the connect timeout, as Qt 5's (its cap
     * applies only when msecs is not -1): the attempt on the blackholed first address lasts until
     * the system decides it. Here it outlives several connect timeouts; then the blackhole closes,
     * the kernel's next SYN retransmission is refused, and the wait goes on with the second address.
     */
    @Test
    void waitForConnectedForeverLeavesTheAttemptToTheSystem() throws IOException {
        List<QHostAddress> found = twoAddresses();
        QTcpServer server = new QTcpServer();
        QThread worker = null;
        try (Blackhole hole = new Blackhole(InetAddress.getByName(found.get(0).toString()))) {
            Assumptions.assumeTrue(hole.port() > 0, "the kernel completes or refuses connects to a full accept queue");
            Assumptions.assumeTrue(server.listen(found.get(1), hole.port()), "port " + hole.port() + " taken on " + found.get(1));
            int port = hole.port();
            List<String> log = new CopyOnWriteArrayList<>();
            worker = QThread.create(() -> {
                QTcpSocket s = new QTcpSocket();
                recordSignals(s, log);
                s.setConnectTimeout(100);
                s.connectToHost("localhost", port);
                log.add("returned " + s.waitForConnected(-1) + " from " + s.peerAddress());
                s.dispose();
            });
            worker.start();
            // a bounded wait for what must not happen: ten connect timeouts pass on the first address
            assertFalse(QTest.qWaitFor(worker::isFinished, 1000), "gave the first address up: " + log);
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound"), log);
            hole.close();
            assertTrue(QTest.qWaitFor(worker::isFinished, 20000), "still waiting: " + log);
            assertEquals(List.of("stateChanged(HostLookupState)", "stateChanged(ConnectingState)", "hostFound",
                    "stateChanged(ConnectedState)", "connected", "returned true from " + found.get(1)), log);
        } finally {
            if (worker != null) {
                worker.join(5000);
                worker.dispose();
            }
            server.dispose();
        }
    }
}
