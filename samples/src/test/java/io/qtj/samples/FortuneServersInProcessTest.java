package io.qtj.samples;

import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QHostAddress;
import io.qtj.network.QTcpSocket;
import io.qtj.test.QTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two servers' classes in this JVM, in the test thread's event loop: a plain socket, read in
 * another thread, gets the golden bytes. The threaded server's connection threads are gone once it
 * is disposed.
 */
@Timeout(60)
class FortuneServersInProcessTest {
    private static CompletableFuture<byte[]> fetch(int port) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                return s.getInputStream().readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void fortuneServerSendsTheGoldenBytes() throws Exception {
        FortuneServer server = new FortuneServer(7);
        try {
            assertTrue(server.initServer(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0), server.errorString());
            assertEquals("The server is running on IP: 127.0.0.1 port: " + server.serverPort(), server.statusLine());
            CompletableFuture<byte[]> reply = fetch(server.serverPort());
            assertTrue(QTest.qWaitFor(reply::isDone, 10_000));
            assertArrayEquals(QtPeers.goldenBytes(7), reply.get());
            assertTrue(QTest.qWaitFor(() -> server.findChildren(QTcpSocket.class, null).isEmpty(), 5_000),
                    "the connection deletes itself once disconnected: " + server.findChildren(QObject.class, null));
        } finally {
            server.dispose();
        }
    }

    @Test
    void threadedServerServesEachConnectionInItsOwnThread() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ThreadedFortuneServer server = new ThreadedFortuneServer(0, new PrintStream(err, true, StandardCharsets.UTF_8), null);
        try {
            assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0), server.errorString());
            CompletableFuture<byte[]> a = fetch(server.serverPort());
            CompletableFuture<byte[]> b = fetch(server.serverPort());
            assertTrue(QTest.qWaitFor(() -> a.isDone() && b.isDone(), 10_000));
            assertArrayEquals(QtPeers.goldenBytes(0), a.get(1, TimeUnit.SECONDS));
            assertArrayEquals(QtPeers.goldenBytes(0), b.get(1, TimeUnit.SECONDS));
            // Each thread deletes itself once finished (Qt's finished -> deleteLater), leaving the tree.
            assertTrue(QTest.qWaitFor(() -> server.findChildren(ThreadedFortuneServer.FortuneThread.class, null)
                    .isEmpty(), 10_000), "connection threads finish and are disposed");
            assertFalse(server.hasPendingConnections(), "incomingConnection hands descriptors to threads, not to the queue");
            assertEquals("", err.toString(StandardCharsets.UTF_8), "no FortuneThread.error");
        } finally {
            server.dispose();
        }
        assertTrue(server.isDisposed());
    }

    @Test
    void aDescriptorThatCannotBeAdoptedIsReported() throws Exception {
        ThreadedFortuneServer.FortuneThread thread = new ThreadedFortuneServer.FortuneThread(-42, "x", null);
        List<Object> errors = new CopyOnWriteArrayList<>();
        thread.error.connect(errors::add, Qt.ConnectionType.DirectConnection);
        try {
            thread.start();
            assertTrue(thread.join(10_000));
            assertEquals(List.of(QAbstractSocket.SocketError.UnsupportedSocketOperationError), errors);
        } finally {
            thread.dispose();
        }
    }
}
