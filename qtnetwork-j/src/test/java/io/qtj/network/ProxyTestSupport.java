package io.qtj.network;

import io.qtj.core.QByteArray;
import io.qtj.test.QTest;

import java.io.IOException;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the proxy tests share: waiting for a connect or its failure, a round trip, a closed port. */
final class ProxyTestSupport {
    /** How long a step of a proxy test may take before it fails. */
    static final int STEP_MS = 10_000;

    private ProxyTestSupport() {
    }

    /** Waits for {@code s} to connect; fails with its error otherwise. */
    static void awaitConnected(QTcpSocket s) {
        QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.ConnectedState
                || s.state() == QAbstractSocket.SocketState.UnconnectedState, STEP_MS);
        assertEquals(QAbstractSocket.SocketState.ConnectedState, s.state(),
                () -> "not connected: " + s.error() + " \"" + s.errorString() + "\"");
    }

    /** Waits for {@code s} to fail connecting and checks the error and its text. */
    static void awaitFailure(QTcpSocket s, QAbstractSocket.SocketError error, String text) {
        QTest.qWaitFor(() -> s.state() == QAbstractSocket.SocketState.UnconnectedState, STEP_MS);
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, s.state());
        assertEquals(error, s.error(), () -> "errorString: " + s.errorString());
        assertEquals(text, s.errorString());
    }

    /** Sends {@code text} on a connected socket and checks that the echo comes back. */
    static void echo(QTcpSocket s, String text) {
        s.write(new QByteArray(text));
        QTest.qWaitFor(() -> s.bytesAvailable() >= text.length() || !s.isValid(), STEP_MS);
        assertTrue(s.bytesAvailable() >= text.length(), "no echo; state " + s.state() + ", " + s.errorString());
        assertEquals(text, s.read(text.length()).toString());
    }

    /** Reads exactly {@code n} bytes from {@code s}, waiting for them. */
    static String readExactly(QTcpSocket s, int n) {
        QTest.qWaitFor(() -> s.bytesAvailable() >= n || s.state() == QAbstractSocket.SocketState.UnconnectedState, STEP_MS);
        assertTrue(s.bytesAvailable() >= n, "only " + s.bytesAvailable() + " bytes; " + s.errorString());
        return s.read(n).toString();
    }

    /** Returns a loopback port nobody listens on (it was free a moment ago). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
