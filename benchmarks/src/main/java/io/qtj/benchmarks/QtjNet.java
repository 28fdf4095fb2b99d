package io.qtj.benchmarks;

import io.qtj.core.QEventLoop;
import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.QTimer;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QHostAddress;
import io.qtj.network.QTcpServer;
import io.qtj.network.QTcpSocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The TCP workloads written with qtj, the way a Qt program writes them: signals connected to
 * lambdas, one event loop per thread. Every run is bounded by a watchdog timer.
 */
final class QtjNet {
    private QtjNet() {
    }

    static QHostAddress localHost() {
        return new QHostAddress(QHostAddress.SpecialAddress.LocalHost);
    }

    /**
     * Runs an event loop on the calling thread until {@code finish} is called or the time is up. A
     * one-shot run disposes its loop and watchdog timer after its {@code exec}; a reusable one
     * (the connection rate's, one {@code exec} per cycle) keeps them until {@link #close()}, so
     * that a cycle measures the connection and not two QObjects of the harness, as the NIO and
     * Netty programs time a cycle with a plain deadline.
     */
    static final class Run implements AutoCloseable {
        final QEventLoop loop = new QEventLoop();
        private final QTimer watchdog = new QTimer();
        private final boolean oneShot;
        private boolean finished;

        Run() {
            this(true);
        }

        Run(boolean oneShot) {
            this.oneShot = oneShot;
            watchdog.setSingleShot(true);
            watchdog.timeout.connect(() -> loop.exit(1));
        }

        void finish() {
            finished = true;
            loop.quit();
        }

        void fail(String why) {
            throw new IllegalStateException(why);
        }

        /** Runs the loop until {@link #finish()} (which may come before) or {@code timeoutMs}. */
        void exec(long timeoutMs, String what) {
            watchdog.start((int) timeoutMs);
            try {
                if (!finished) {
                    loop.exec();
                }
            } finally {
                watchdog.stop();
                if (oneShot) {
                    close();
                }
            }
            if (!finished) {
                throw new IllegalStateException(what + " timed out after " + timeoutMs + " ms");
            }
            finished = false;   // a reusable run waits for the next finish()
        }

        @Override
        public void close() {
            watchdog.dispose();
            loop.dispose();
        }
    }

    /**
     * Qt's Loopback example in one thread: the client writes {@code total} bytes of {@code '@'} in
     * 64 KiB payloads, keeping at most 4 queued; the server reads and checks every byte.
     */
    static long loopback(long total, long timeoutMs) {
        byte[] payload = Workloads.payload(Workloads.PAYLOAD, Workloads.LOOPBACK_BYTE);
        byte[] buf = new byte[Workloads.PAYLOAD];
        return loopback(total, timeoutMs, new QTcpServer(), List.of(OpenModeFlag.ReadWrite), "qtj loopback",
                (client, n) -> client.write(payload, 0, n),
                conn -> {
                    long got = 0;
                    int n;
                    while ((n = conn.read(buf, 0, buf.length)) > 0) {
                        Workloads.check(buf, n);
                        got += n;
                    }
                    return got;
                });
    }

    /**
     * Qt's Loopback example as a {@code java.nio} program would move the bytes with qtj: both
     * sockets opened {@code Unbuffered}, the payload written from a direct buffer and received into
     * one ({@link QTcpSocket#write(ByteBuffer)}, {@link QTcpSocket#read(ByteBuffer)}), so that the
     * bytes go between those buffers and the kernel with no copy, as in the NIO and Netty programs.
     * Paced as {@link #loopback}: the next payload on bytesWritten, at most 4 queued.
     */
    static long loopbackDirect(long total, long timeoutMs) {
        ByteBuffer out = ByteBuffer.allocateDirect(Workloads.PAYLOAD);
        out.put(Workloads.payload(Workloads.PAYLOAD, Workloads.LOOPBACK_BYTE));
        ByteBuffer in = ByteBuffer.allocateDirect(Workloads.PAYLOAD);
        return loopback(total, timeoutMs, new UnbufferedServer(), List.of(OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered),
                "qtj loopback (unbuffered, direct buffers)",
                (client, n) -> client.write(out.clear().limit(n)),
                conn -> {
                    long got = 0;
                    int n;
                    while ((n = conn.read(in)) > 0) {
                        in.flip();
                        Workloads.check(in);
                        got += n;
                        in.clear();
                    }
                    return got;
                });
    }

    /** Writes the next {@code n} bytes of the payload to the client; returns what write returned. */
    @FunctionalInterface
    private interface PayloadWriter {
        long write(QTcpSocket client, int n);
    }

    /**
     * The loopback workload's loop: {@code server} and a client opened in {@code mode}; the client
     * writes a payload with {@code writer} when connected and on each bytesWritten while at most 4
     * are queued; at each readyRead the server's side reads and checks all it can with
     * {@code drain}, which returns the bytes it took.
     */
    private static long loopback(long total, long timeoutMs, QTcpServer server, List<OpenModeFlag> mode, String what,
                                 PayloadWriter writer, ToLongFunction<QTcpSocket> drain) {
        Run run = new Run();
        QTcpSocket client = new QTcpSocket();
        long[] left = {total};
        long[] received = {0};
        try {
            if (!server.listen(localHost(), 0)) {
                throw new IllegalStateException(server.errorString());
            }
            Runnable writeNext = () -> {
                long w = writer.write(client, (int) Math.min(left[0], Workloads.PAYLOAD));
                if (w < 0) {
                    run.fail(client.errorString());
                }
                left[0] -= w;
            };
            client.connected.connect(writeNext::run);
            client.bytesWritten.connect(n -> {
                if (left[0] > 0 && client.bytesToWrite() <= 4L * Workloads.PAYLOAD) {
                    writeNext.run();
                }
            });
            client.errorOccurred.connect(e -> run.fail("client: " + client.errorString()));
            server.newConnection.connect(() -> {
                QTcpSocket conn = server.nextPendingConnection();
                server.close();
                conn.readyRead.connect(() -> {
                    received[0] += drain.applyAsLong(conn);
                    if (received[0] == total) {
                        run.finish();
                    }
                });
            });
            client.connectToHost(localHost(), server.serverPort(), mode);
            run.exec(timeoutMs, what);
            return received[0];
        } finally {
            client.dispose();
            server.dispose();
        }
    }

    /** A server whose connections are opened {@code Unbuffered}. */
    private static final class UnbufferedServer extends QTcpServer {
        @Override
        protected void incomingConnection(long socketDescriptor) {
            QTcpSocket socket = new QTcpSocket(this);
            if (!socket.setSocketDescriptor(socketDescriptor, QAbstractSocket.SocketState.ConnectedState,
                    OpenModeFlag.ReadWrite, OpenModeFlag.Unbuffered)) {
                socket.dispose();
                closeDescriptor(socketDescriptor);
                return;
            }
            addPendingConnection(socket);
        }
    }

    /**
     * An echo server on its own QThread: every readyRead writes the bytes back ({@code
     * write(readAll())}, as {@code qt-echo-server}).
     */
    static final class EchoServer implements AutoCloseable {
        final QThread thread = new QThread();
        volatile int port;
        private volatile QTcpServer server;

        EchoServer() throws InterruptedException {
            CountDownLatch up = new CountDownLatch(1);
            thread.started.connect(() -> {
                QTcpServer s = new QTcpServer();
                s.setMaxPendingConnections(10_000);
                s.newConnection.connect(() -> {
                    QTcpSocket c;
                    while ((c = s.nextPendingConnection()) != null) {
                        QTcpSocket conn = c;
                        conn.readyRead.connect(() -> conn.write(conn.readAll()));
                        conn.disconnected.connect(conn::deleteLater);
                    }
                });
                if (s.listen(localHost(), 0)) {
                    port = s.serverPort();
                }
                server = s;
                up.countDown();
            }, io.qtj.core.Qt.ConnectionType.DirectConnection);
            thread.start();
            if (!up.await(10, TimeUnit.SECONDS) || port == 0) {
                throw new IllegalStateException("qtj echo server did not start");
            }
        }

        @Override
        public void close() {
            QTcpServer s = server;
            if (s != null) {
                io.qtj.core.QMetaObject.invokeMethod(s, s::dispose, io.qtj.core.Qt.ConnectionType.BlockingQueuedConnection);
            }
            thread.quit();
            thread.join(10_000);
            thread.dispose();
        }
    }

    /** Clients of the echo workload: {@code connections} sockets in the calling thread. */
    static final class EchoClients implements AutoCloseable {
        final QTcpSocket[] sockets;
        final byte[] message;
        final byte[] buf;

        EchoClients(int port, int connections, int size) {
            sockets = new QTcpSocket[connections];
            message = Workloads.payload(size, (byte) 'e');
            buf = new byte[Math.max(size, 16 * 1024)];
            Run run = new Run();
            AtomicInteger up = new AtomicInteger();
            for (int i = 0; i < connections; i++) {
                QTcpSocket s = new QTcpSocket();
                sockets[i] = s;
                s.connected.connect(() -> {
                    if (up.incrementAndGet() == connections) {
                        run.finish();
                    }
                });
                s.errorOccurred.connect(e -> run.fail("echo client: " + s.errorString()));
                s.connectToHost(localHost(), port);
            }
            run.exec(10_000, "qtj echo connect");
        }

        /** Each connection sends {@code messages} messages, one in flight; returns the total. */
        long run(int messages, long timeoutMs) {
            Run run = new Run();
            int[] finished = {0};
            io.qtj.core.QMetaObject.Connection[] links = new io.qtj.core.QMetaObject.Connection[sockets.length];
            for (int i = 0; i < sockets.length; i++) {
                QTcpSocket s = sockets[i];
                int[] sent = {1};
                long[] pending = {message.length};
                links[i] = s.readyRead.connect(() -> {
                    int n;
                    while ((n = s.read(buf, 0, buf.length)) > 0) {
                        pending[0] -= n;
                    }
                    if (pending[0] > 0) {
                        return;
                    }
                    if (sent[0] < messages) {
                        sent[0]++;
                        pending[0] = message.length;
                        s.write(message);
                    } else if (++finished[0] == sockets.length) {
                        run.finish();
                    }
                });
                s.write(message);
            }
            try {
                run.exec(timeoutMs, "qtj echo");
            } finally {
                for (io.qtj.core.QMetaObject.Connection l : links) {
                    QObject.disconnect(l);
                }
            }
            return (long) messages * sockets.length;
        }

        @Override
        public void close() {
            for (QTcpSocket s : sockets) {
                if (s != null) {
                    s.dispose();
                }
            }
        }
    }

    /** The connection-rate workload's server, in the calling thread, as {@code qt-bench connrate}. */
    static final class ConnRate implements AutoCloseable {
        final QTcpServer server = new QTcpServer();
        final Run run = new Run(false);
        QTcpSocket accepted;
        private boolean clientUp;

        ConnRate() {
            if (!server.listen(localHost(), 0)) {
                throw new IllegalStateException(server.errorString());
            }
            server.newConnection.connect(() -> {
                accepted = server.nextPendingConnection();
                if (clientUp) {
                    run.finish();
                }
            });
        }

        /** One connect + accept + close cycle. */
        void cycle(long timeoutMs) {
            clientUp = false;
            QTcpSocket client = new QTcpSocket();
            try {
                client.connected.connect(() -> {
                    clientUp = true;
                    if (accepted != null) {
                        run.finish();
                    }
                });
                client.errorOccurred.connect(e -> run.fail("connrate client: " + client.errorString()));
                client.connectToHost(localHost(), server.serverPort());
                run.exec(timeoutMs, "qtj connrate cycle");
                accepted.close();   // the server side first: see ConnRateBenchmark
                client.close();
            } finally {
                client.dispose();
                if (accepted != null) {
                    accepted.dispose();
                    accepted = null;
                }
            }
        }

        @Override
        public void close() {
            run.close();
            server.dispose();
        }
    }

    /** 1-byte round trips to an in-thread echo server; returns the round-trip times in ns. */
    static long[] pingpong(int warmup, int count, long timeoutMs) {
        Run run = new Run();
        QTcpServer server = new QTcpServer();
        QTcpSocket client = new QTcpSocket();
        long[] rtts = new long[count];
        int[] round = {0};
        long[] sentAt = {0};
        byte[] one = {'!'};
        byte[] buf = new byte[16];
        try {
            if (!server.listen(localHost(), 0)) {
                throw new IllegalStateException(server.errorString());
            }
            server.newConnection.connect(() -> {
                QTcpSocket s;
                while ((s = server.nextPendingConnection()) != null) {
                    QTcpSocket conn = s;
                    conn.readyRead.connect(() -> conn.write(conn.readAll()));
                }
            });
            Runnable ping = () -> {
                sentAt[0] = System.nanoTime();
                if (client.write(one) != 1) {
                    run.fail(client.errorString());
                }
            };
            client.connected.connect(ping::run);
            client.readyRead.connect(() -> {
                long now = System.nanoTime();
                int n = client.read(buf, 0, buf.length);
                if (n != 1) {
                    run.fail("pingpong: expected 1 byte, got " + n);
                }
                int r = round[0]++;
                if (r >= warmup) {
                    rtts[r - warmup] = now - sentAt[0];
                }
                if (round[0] < warmup + count) {
                    ping.run();
                } else {
                    run.finish();
                }
            });
            client.connectToHost(localHost(), server.serverPort());
            run.exec(timeoutMs, "qtj pingpong");
            return rtts;
        } finally {
            client.dispose();
            server.dispose();
        }
    }
}
