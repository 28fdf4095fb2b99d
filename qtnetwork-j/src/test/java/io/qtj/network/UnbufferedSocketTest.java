package io.qtj.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.core.QByteArray;
import io.qtj.core.QEventLoop;
import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.QTimer;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockets opened with {@code Unbuffered} (Qt's unbuffered TCP socket) and the {@code ByteBuffer}
 * reads and writes. The peer is a plain blocking {@link Socket} on 127.0.0.1, so that what the qtj
 * socket did is seen from outside it: whether bytes reached the kernel during {@code write}, and
 * what arrives.
 */
class UnbufferedSocketTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private QTcpSocket socket;

    @AfterEach
    void tearDown() throws Exception {
        if (socket != null) {
            socket.dispose();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Connects {@link #socket} to a plain socket (returned) in the given open mode. */
    private Socket connect(OpenModeFlag... mode) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(listener);
        socket = new QTcpSocket();
        socket.connectToHost("127.0.0.1", listener.getLocalPort(), mode);
        assertTrue(socket.waitForConnected(5000), socket.errorString());
        Socket peer = listener.accept();
        peer.setSoTimeout(10_000);
        toClose.add(peer);
        return peer;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "the peer got fewer bytes than were written");
        return b;
    }

    @Test
    void aWriteWithNothingQueuedReachesTheKernelWithinTheCall() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        byte[] data = random(1000, 1);
        assertEquals(1000, socket.write(data));
        // nothing queued: the bytes are already on their way, no event loop has run
        assertEquals(0, socket.bytesToWrite());
        assertArrayEquals(data, readFully(peer.getInputStream(), 1000));
    }

    @Test
    void aBufferedSocketQueuesTheSameWriteUntilItsEventLoopRuns() throws IOException {
        connect(OpenModeFlag.ReadWrite);
        assertEquals(1000, socket.write(random(1000, 1)));
        assertEquals(1000, socket.bytesToWrite());
    }

    @Test
    void bytesWrittenAnnouncesTheDirectWriteAtTheNextPassNotWithinWrite() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        QSignalSpy spy = new QSignalSpy(socket.bytesWritten);
        QEventLoop loop = new QEventLoop();
        try {
            int[] seenInWrite = {-1};
            QTimer.singleShot(0, () -> {
                socket.write(random(500, 2));
                socket.write(random(300, 3));
                seenInWrite[0] = spy.count();
            });
            socket.bytesWritten.connect(n -> loop.quit());
            QTimer.singleShot(5000, loop::quit);
            loop.exec();
            assertEquals(0, seenInWrite[0], "bytesWritten emitted inside write()");
            assertEquals(1, spy.count());
            assertEquals(800L, spy.at(0).get(0), "one announcement for both writes");
            readFully(peer.getInputStream(), 800);
        } finally {
            loop.dispose();
        }
    }

    @Test
    void waitForBytesWrittenAnnouncesADirectWriteOutsideTheEventLoop() throws IOException {
        connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        QSignalSpy spy = new QSignalSpy(socket.bytesWritten);
        socket.write(random(100, 4));
        assertTrue(socket.waitForBytesWritten(5000));
        assertEquals(List.of(List.of(100L)), List.copyOf(spy));
        assertFalse(socket.waitForBytesWritten(100), "nothing left to announce");
    }

    /**
     * More than the kernel takes at once (the peer does not read until the end): the rest is
     * queued and sent as the peer reads, every byte arrives in order, and bytesWritten announces
     * them all.
     */
    @Test
    void whatTheKernelRefusesIsQueuedAndSentInOrder() throws Exception {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        byte[] data = random(16 * 1024 * 1024, 5);
        long[] announced = {0};
        socket.bytesWritten.connect(n -> announced[0] += n);
        assertEquals(data.length, socket.write(data));
        assertTrue(socket.bytesToWrite() > 0, "16 MiB taken by the kernel at once");
        assertTrue(socket.bytesToWrite() < data.length, "nothing went straight to the kernel");
        byte[][] got = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                got[0] = peer.getInputStream().readNBytes(data.length);
            } catch (IOException e) {
                got[0] = new byte[0];
            }
        });
        reader.start();
        assertTrue(QTest.qWaitFor(() -> socket.bytesToWrite() == 0 && announced[0] == data.length, 20000),
                "left " + socket.bytesToWrite() + ", announced " + announced[0]);
        reader.join(20000);
        assertArrayEquals(data, got[0]);
    }

    @Test
    void readyReadComesOnceUntilTheApplicationReads() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        QSignalSpy readyRead = new QSignalSpy(socket.readyRead);
        OutputStream out = peer.getOutputStream();
        out.write(random(10, 6));
        assertTrue(QTest.qWaitFor(() -> readyRead.count() == 1, 5000));
        out.write(random(10, 7));
        // the loop keeps running, the socket stays readable, but nothing was read since readyRead
        QTest.qWaitFor(() -> socket.bytesAvailable() == 20, 5000);
        QTest.qWait(50);
        assertEquals(1, readyRead.count());
        assertEquals(20, socket.bytesAvailable(), "the kernel's count");
        byte[] buf = new byte[20];
        assertEquals(20, socket.read(buf, 0, 20));
        out.write(1);
        assertTrue(QTest.qWaitFor(() -> readyRead.count() == 2, 5000), "no readyRead after a read");
    }

    @Test
    void readsComeStraightFromTheKernelAndArriveWhole() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        byte[] data = random(3 * 1024 * 1024, 8);
        Thread writer = new Thread(() -> {
            try {
                peer.getOutputStream().write(data);
            } catch (IOException e) {
                // the assertion on what arrived reports it
            }
        });
        writer.start();
        QByteArray got = new QByteArray();
        socket.readyRead.connect(() -> got.append(socket.readAll()));
        assertTrue(QTest.qWaitFor(() -> got.size() == data.length, 20000), "got " + got.size());
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    void thePeersCloseClosesTheSocketAfterTheDataIsRead() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        QSignalSpy disconnected = new QSignalSpy(socket.disconnected);
        QSignalSpy errors = new QSignalSpy(socket.errorOccurred);
        QByteArray got = new QByteArray();
        socket.readyRead.connect(() -> got.append(socket.readAll()));
        peer.getOutputStream().write("last words".getBytes());
        peer.close();
        assertTrue(QTest.qWaitFor(() -> disconnected.count() == 1, 5000));
        assertEquals("last words", got.toString());
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertEquals(List.of(List.of(QAbstractSocket.SocketError.RemoteHostClosedError)), List.copyOf(errors));
    }

    /**
     * The end of the stream is seen even if the application never reads: the readyRead it left
     * unread announced nothing, and the channel is readable with nothing in it.
     */
    @Test
    void thePeersCloseIsSeenWhenTheApplicationNeverReads() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        QSignalSpy readyRead = new QSignalSpy(socket.readyRead);
        QSignalSpy disconnected = new QSignalSpy(socket.disconnected);
        peer.close();
        assertTrue(QTest.qWaitFor(() -> disconnected.count() == 1, 5000), "readyRead " + readyRead.count());
        assertEquals(1, readyRead.count(), "the end announced once");
        assertEquals(QAbstractSocket.SocketError.RemoteHostClosedError, socket.error());
    }

    /** A peer that closes while the application leaves its data unread is seen too (Qt's is not). */
    @Test
    void waitForDisconnectedSeesTheCloseBehindUnreadDataAndKeepsTheData() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        byte[] data = random(100_000, 9);
        peer.getOutputStream().write(data);
        peer.close();
        assertTrue(socket.waitForReadyRead(5000));
        assertTrue(socket.waitForDisconnected(5000));
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
        assertArrayEquals(data, socket.readAll().toByteArray(), "unread data lost at the close");
    }

    @Test
    void waitForReadyReadIsTrueAtOnceWhileAnnouncedDataIsUnread() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        peer.getOutputStream().write(random(10, 10));
        assertTrue(socket.waitForReadyRead(5000));
        long t0 = System.nanoTime();
        assertTrue(socket.waitForReadyRead(5000));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "waited for data that was already there");
        assertEquals(10, socket.readAll().size());
        assertFalse(socket.waitForReadyRead(100), "nothing new came");
    }

    @Test
    void readLineReadsFromTheKernelAByteAtATime() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        peer.getOutputStream().write("first\nsecond\n".getBytes());
        assertTrue(socket.waitForReadyRead(5000));
        assertTrue(QTest.qWaitFor(() -> socket.bytesAvailable() == 13, 5000));
        assertEquals("first\n", socket.readLine().toString());
        assertEquals("second\n", socket.readLine().toString());
        assertEquals(0, socket.bytesAvailable());
    }

    @Test
    void whatIsWrittenWhileConnectingIsQueuedAndSentOnceConnected() throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(listener);
        socket = new QTcpSocket();
        socket.connectToHost("127.0.0.1", listener.getLocalPort(), OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        byte[] data = random(5000, 12);
        assertEquals(5000, socket.write(data));
        assertEquals(5000, socket.bytesToWrite(), "not connected yet: queued");
        long[] announced = {0};
        socket.bytesWritten.connect(n -> announced[0] += n);
        Socket peer = listener.accept();
        peer.setSoTimeout(10_000);
        toClose.add(peer);
        assertTrue(QTest.qWaitFor(() -> announced[0] == 5000, 5000), "announced " + announced[0]);
        assertArrayEquals(data, readFully(peer.getInputStream(), 5000));
    }

    /** A server that opens its connections Unbuffered, through setSocketDescriptor's open mode. */
    private static final class UnbufferedServer extends QTcpServer {
        @Override
        protected void incomingConnection(long socketDescriptor) {
            QTcpSocket s = new QTcpSocket(this);
            assertTrue(s.setSocketDescriptor(socketDescriptor, QAbstractSocket.SocketState.ConnectedState,
                    OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered));
            addPendingConnection(s);
        }
    }

    @Test
    void anAcceptedSocketOpenedUnbufferedWritesAndReadsDirectly() throws IOException {
        UnbufferedServer server = new UnbufferedServer();
        toClose.add(server::dispose);
        assertTrue(server.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0));
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.serverPort());
        client.setSoTimeout(10_000);
        toClose.add(client);
        assertTrue(server.waitForNewConnection(5000));
        QTcpSocket accepted = server.nextPendingConnection();
        assertTrue(accepted.openMode().contains(OpenModeFlag.Unbuffered));
        assertEquals(3, accepted.write(new byte[] {7, 8, 9}));
        assertEquals(0, accepted.bytesToWrite(), "queued, not written to the connection");
        assertArrayEquals(new byte[] {7, 8, 9}, readFully(client.getInputStream(), 3));
        client.getOutputStream().write(new byte[] {1, 2});
        QSignalSpy readyRead = new QSignalSpy(accepted.readyRead);
        assertTrue(readyRead.wait(5000));
        assertEquals(2, accepted.bytesAvailable());
        assertEquals("0102", accepted.readAll().toHex().toString());
    }

    // ---------------------------------------------------------------- ByteBuffer calls

    @ParameterizedTest(name = "unbuffered={0}")
    @ValueSource(booleans = {false, true})
    void byteBuffersGoBothWaysHeapAndDirect(boolean unbuffered) throws IOException {
        Socket peer = unbuffered ? connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered)
                : connect(OpenModeFlag.ReadWrite);
        byte[] data = random(200_000, 11);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).flip();
        assertEquals(data.length, socket.write(direct));
        assertEquals(data.length, direct.position(), "the source's position moves past what was written");
        assertEquals(3, socket.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertTrue(socket.flush() || socket.bytesToWrite() == 0);
        Thread echo = new Thread(() -> {
            try {
                byte[] b = peer.getInputStream().readNBytes(data.length + 3);
                peer.getOutputStream().write(b);
            } catch (IOException e) {
                // the assertion on what comes back reports it
            }
        });
        echo.start();
        ByteBuffer in = ByteBuffer.allocateDirect(data.length + 3);
        ByteBuffer heapTail = ByteBuffer.allocate(1000);
        assertTrue(QTest.qWaitFor(() -> {
            if (in.hasRemaining()) {
                return socket.read(in) < 0;
            }
            return true;
        }, 20000));
        assertFalse(in.hasRemaining(), "got " + in.position());
        in.flip();
        byte[] back = new byte[data.length + 3];
        in.get(back);
        assertArrayEquals(data, Arrays.copyOf(back, data.length));
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(back, data.length, back.length));
        assertEquals(0, socket.read(heapTail), "nothing more");
    }

    @Test
    void aByteBufferReadTakesPeekedAndPushedBackBytesFirst() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        peer.getOutputStream().write("abcdef".getBytes());
        assertTrue(QTest.qWaitFor(() -> socket.bytesAvailable() == 6, 5000));
        byte[] c = new byte[1];
        assertTrue(socket.getChar(c));
        assertEquals('a', c[0]);
        socket.ungetChar((byte) 'a');
        assertEquals("ab", socket.peek(2).toString());
        ByteBuffer dst = ByteBuffer.allocate(6);
        int n = 0;
        while (dst.hasRemaining() && n >= 0) {
            n = socket.read(dst);
        }
        assertEquals("abcdef", new String(dst.array()));
    }

    @Test
    void byteBufferCallsOnAClosedSocketFailAsTheArrayOnes() {
        socket = new QTcpSocket();
        ByteBuffer src = ByteBuffer.wrap(new byte[] {1});
        assertEquals(-1, socket.write(src));
        assertEquals(0, src.position(), "nothing consumed");
        assertEquals(-1, socket.read(ByteBuffer.allocate(1)));
    }

    @Test
    void aPeerResetFailsTheWriteWithAnErrorOrClosesTheSocket() throws IOException {
        Socket peer = connect(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered);
        peer.setSoLinger(true, 0);
        peer.close();   // a reset
        QSignalSpy disconnected = new QSignalSpy(socket.disconnected);
        long[] result = {0};
        int[] writes = {0};
        // writes (at most 100) while the loop runs, until the reset closes the socket
        assertTrue(QTest.qWaitFor(() -> {
            if (result[0] >= 0 && writes[0] < 100 && socket.state() == QAbstractSocket.SocketState.ConnectedState) {
                writes[0]++;
                result[0] = socket.write(new byte[1000]);
            }
            return disconnected.count() == 1;
        }, 5000), "the reset never closed the socket");
        if (result[0] < 0) {   // the write met the reset first: it says so
            assertTrue(socket.error() == QAbstractSocket.SocketError.RemoteHostClosedError
                    || socket.error() == QAbstractSocket.SocketError.NetworkError, socket.error().toString());
            assertFalse(socket.errorString().isEmpty());
        }
        assertEquals(QAbstractSocket.SocketState.UnconnectedState, socket.state());
    }
}
