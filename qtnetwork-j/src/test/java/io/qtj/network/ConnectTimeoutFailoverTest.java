package io.qtj.network;

import io.qtj.core.QElapsedTimer;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        List<String> log = new ArrayList<>();
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
    @Test
    void connectTimeoutTriesTheNextAddress() throws IOException {
        List<QHostAddress> found = QHostInfo.fromName("localhost").addresses();
        Assumptions.assumeTrue(found.size() == 2 && found.get(0).protocol() != found.get(1).protocol(),
                "needs \"localhost\" to resolve to one IPv4 and one IPv6 address; here: " + found);
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
}
