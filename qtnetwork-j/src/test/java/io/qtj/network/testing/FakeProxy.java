package io.qtj.network.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted TCP server on 127.0.0.1 and a free port, for tests of what a proxy client
 * does with hostile, broken or slow proxy replies.
 *
 * <p>Every accepted connection runs the same script of {@link Step}s in order: expect a
 * number of bytes or exact bytes, send bytes, send and close, close at once, or stall.
 * Everything the client sends is recorded in the {@link Connection}, which the test
 * takes with {@link #nextConnection(Duration)}. A step that waits for the client gives
 * up after the step timeout (by default {@link #DEFAULT_STEP_TIMEOUT}), records why in
 * {@link Connection#failure()} and closes the connection; so does an
 * {@link Step#expectBytes} that does not match. When the script ends without closing,
 * the connection stays open and keeps recording until the client closes it or
 * {@link #close()} is called, exactly like {@link Step#stall()}.
 *
 * <pre>{@code
 * try (FakeProxy proxy = FakeProxy.start(
 *         Step.expectBytes(0x05, 0x01, 0x00), Step.sendAndClose(0x05, 0xFF))) {
 *     ... connect a client to proxy.port() ...
 *     FakeProxy.Connection c = proxy.nextConnection(Duration.ofSeconds(5));
 *     c.awaitFinished(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>All threads are daemons (one accepts, one runs each connection) and end when
 * {@link #close()} closes the sockets. Thread-safe.
 */
public final class FakeProxy implements AutoCloseable {

    /** How long a step waits for the client unless {@link #start(Duration, List)} says otherwise. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket listener;
    private final List<Step> script;
    private final Duration stepTimeout;
    private final BlockingQueue<Connection> unclaimed = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private FakeProxy(ServerSocket listener, List<Step> script, Duration stepTimeout) {
        this.listener = listener;
        this.script = script;
        this.stepTimeout = stepTimeout;
    }

    /** Starts a server running {@code script} on each connection, with {@link #DEFAULT_STEP_TIMEOUT}. */
    public static FakeProxy start(Step... script) throws IOException {
        return start(DEFAULT_STEP_TIMEOUT, List.of(script));
    }

    /** Starts a server running {@code script} on each connection; waiting steps give up after {@code stepTimeout}. */
    public static FakeProxy start(Duration stepTimeout, List<Step> script) throws IOException {
        Objects.requireNonNull(stepTimeout, "stepTimeout");
        if (stepTimeout.isNegative() || stepTimeout.isZero() || stepTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stepTimeout: " + stepTimeout + " (expected: 1 ms .. 24 days)");
        }
        FakeProxy proxy = new FakeProxy(new ServerSocket(0, 50, ServerProcess.loopback()), List.copyOf(script), stepTimeout);
        Thread acceptor = new Thread(proxy::acceptLoop, "FakeProxy-accept-" + proxy.port());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Connection connection = new Connection(socket, connections.size() + 1);
            connections.add(connection);
            if (closed) {
                connection.closeSocket();
                return;
            }
            Thread runner = new Thread(connection::run, "FakeProxy-" + port() + "-" + connection.number);
            runner.setDaemon(true);
            runner.start();
            unclaimed.add(connection);
        }
    }

    /** Returns the address the server listens on: always {@code "127.0.0.1"}. */
    public String host() {
        return "127.0.0.1";
    }

    /** Returns the port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Returns {@link #host()} and {@link #port()} as a socket address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(ServerProcess.loopback(), port());
    }

    /**
     * Returns the oldest accepted connection not yet returned by this method, waiting at
     * most {@code timeout} for one.
     *
     * @throws AssertionError if no client connects in time
     */
    public Connection nextConnection(Duration timeout) throws InterruptedException {
        Connection next = unclaimed.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            throw new AssertionError("FakeProxy(127.0.0.1:" + port() + "): no connection within " + timeout);
        }
        return next;
    }

    /** Returns every connection accepted so far, oldest first. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Closes the listening socket and every connection, which ends every thread. Calling it again does nothing. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        connections.forEach(Connection::closeSocket);
    }

    @Override
    public String toString() {
        return "FakeProxy(127.0.0.1:" + port() + ", " + script.size() + " steps)";
    }

    /** One step of a {@link FakeProxy} script. Immutable. */
    public static final class Step {

        private enum Kind { EXPECT, EXPECT_BYTES, SEND, SEND_AND_CLOSE, CLOSE, STALL }

        private final Kind kind;
        private final byte[] bytes;
        private final int count;

        private Step(Kind kind, byte[] bytes, int count) {
            this.kind = kind;
            this.bytes = bytes;
            this.count = count;
        }

        /** Reads exactly {@code count} bytes, whatever they are. */
        public static Step expect(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count: " + count + " (expected: > 0)");
            }
            return new Step(Kind.EXPECT, new byte[0], count);
        }

        /** Reads as many bytes as {@code expected} holds; a mismatch fails the connection. */
        public static Step expectBytes(byte[] expected) {
            if (expected.length == 0) {
                throw new IllegalArgumentException("expected: empty (expected: at least one byte)");
            }
            return new Step(Kind.EXPECT_BYTES, expected.clone(), expected.length);
        }

        /** Like {@link #expectBytes(byte[])}, with each byte given as an int 0..255 for readability. */
        public static Step expectBytes(int... expected) {
            return expectBytes(toBytes(expected));
        }

        /** Sends {@code data}. */
        public static Step send(byte[] data) {
            return new Step(Kind.SEND, data.clone(), data.length);
        }

        /** Like {@link #send(byte[])}, with each byte given as an int 0..255. */
        public static Step send(int... data) {
            return send(toBytes(data));
        }

        /** Sends {@code data}, then closes the connection; later steps do not run. */
        public static Step sendAndClose(byte[] data) {
            return new Step(Kind.SEND_AND_CLOSE, data.clone(), data.length);
        }

        /** Like {@link #sendAndClose(byte[])}, with each byte given as an int 0..255. */
        public static Step sendAndClose(int... data) {
            return sendAndClose(toBytes(data));
        }

        /** Closes the connection at once; later steps do not run. */
        public static Step close() {
            return new Step(Kind.CLOSE, new byte[0], 0);
        }

        /**
         * Sends nothing more and keeps the connection open, recording what arrives, until
         * the client closes it or the FakeProxy is closed; later steps do not run. No step
         * timeout applies: the test's own timeout bounds it.
         */
        public static Step stall() {
            return new Step(Kind.STALL, new byte[0], 0);
        }

        private static byte[] toBytes(int... values) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0 || values[i] > 255) {
                    throw new IllegalArgumentException("byte " + i + ": " + values[i] + " (expected: 0..255)");
                }
                bytes[i] = (byte) values[i];
            }
            return bytes;
        }

        @Override
        public String toString() {
            switch (kind) {
                case EXPECT: return "expect(" + count + ")";
                case CLOSE: return "close()";
                case STALL: return "stall()";
                default: return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + hex(bytes) + ")";
            }
        }
    }

    /** One accepted connection: what the client sent, and how the script ended. Thread-safe. */
    public final class Connection {

        private final Socket socket;
        private final int number;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream(); // guarded by itself
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile int stepsCompleted;
        private volatile String failure;

        private Connection(Socket socket, int number) {
            this.socket = socket;
            this.number = number;
        }

        private void run() {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                socket.setSoTimeout((int) stepTimeout.toMillis());
                for (Step step : script) {
                    if (!runStep(step, in, out)) {
                        return;
                    }
                    stepsCompleted++;
                }
                drain(in); // the script ended without closing: behave like stall()
            } catch (IOException e) {
                if (!closed && failure == null) {
                    failure = "step " + (stepsCompleted + 1) + ": " + e;
                }
            } finally {
                finished.countDown();
            }
        }

        /** Runs one step; returns false if the connection must close now. */
        private boolean runStep(Step step, InputStream in, OutputStream out) throws IOException {
            switch (step.kind) {
                case EXPECT:
                    readExactly(in, step.count, step);
                    return true;
                case EXPECT_BYTES:
                    byte[] got = readExactly(in, step.count, step);
                    if (!Arrays.equals(got, step.bytes)) {
                        failure = "step " + (stepsCompleted + 1) + ": " + step + " but got " + hex(got);
                        return false;
                    }
                    return true;
                case SEND:
                    out.write(step.bytes);
                    out.flush();
                    return true;
                case SEND_AND_CLOSE:
                    out.write(step.bytes);
                    out.flush();
                    stepsCompleted++;
                    return false;
                case CLOSE:
                    stepsCompleted++;
                    return false;
                case STALL:
                    stepsCompleted++;
                    drain(in);
                    return false;
                default:
                    throw new AssertionError(step.kind);
            }
        }

        private byte[] readExactly(InputStream in, int count, Step step) throws IOException {
            byte[] buffer = new byte[count];
            int filled = 0;
            while (filled < count) {
                int n;
                try {
                    n = in.read(buffer, filled, count - filled);
                } catch (SocketTimeoutException e) {
                    throw new IOException(step + " timed out after " + stepTimeout + " with " + filled + " bytes", e);
                }
                if (n < 0) {
                    throw new IOException(step + " met end of stream after " + filled + " bytes");
                }
                record(buffer, filled, n);
                filled += n;
            }
            return buffer;
        }

        /** Records everything the client sends until it closes or close() closes the socket. */
        private void drain(InputStream in) throws IOException {
            socket.setSoTimeout(0);
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                record(buffer, 0, n);
            }
        }

        private void record(byte[] buffer, int offset, int length) {
            synchronized (received) {
                received.write(buffer, offset, length);
            }
        }

        private void closeSocket() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }

        /** Returns everything the client has sent on this connection so far. */
        public byte[] received() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        /** Returns how many steps of the script ran to completion. */
        public int stepsCompleted() {
            return stepsCompleted;
        }

        /**
         * Returns why the script stopped early (an expectation that did not match, a
         * timeout, the client's end of stream), or empty if it did not.
         */
        public Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        /**
         * Waits until the server side of this connection is closed (script ended with a
         * close, failed, or the client closed a stalled connection).
         *
         * @throws AssertionError if that does not happen within {@code timeout}
         */
        public void awaitFinished(Duration timeout) throws InterruptedException {
            if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(this + " still running after " + timeout);
            }
        }

        @Override
        public String toString() {
            return "FakeProxy.Connection(#" + number + ", " + stepsCompleted + "/" + script.size()
                    + " steps" + (failure == null ? "" : ", failed: " + failure) + ")";
        }
    }

    static String hex(byte[] bytes) {
        List<String> parts = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            parts.add(String.format("%02x", b & 0xFF));
        }
        return String.join(" ", parts);
    }
}
