package io.qtj.network.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP echo server on 127.0.0.1 and a free port: every byte a client sends comes back
 * on the same connection; when the client shuts down its output, the server does too.
 * Used as the target behind the proxies.
 *
 * <p>Plain blocking JDK sockets: one daemon thread accepts, one daemon thread per
 * connection echoes. {@link #close()} closes the listening socket and every connection,
 * which ends all of those threads.
 *
 * <p>Thread-safe.
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    private EchoServer(ServerSocket listener) {
        this.listener = listener;
    }

    /** Starts the server; it accepts connections as soon as this returns. */
    public static EchoServer start() throws IOException {
        EchoServer server = new EchoServer(new ServerSocket(0, 50, ServerProcess.loopback()));
        Thread acceptor = new Thread(server::acceptLoop, "EchoServer-accept-" + server.port());
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            int number = accepted.incrementAndGet();
            Thread echo = new Thread(() -> echo(socket), "EchoServer-" + port() + "-" + number);
            echo.setDaemon(true);
            echo.start();
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // The client reset the connection, or close() closed it.
        } finally {
            connections.remove(socket);
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

    /** Returns how many connections the server has accepted so far. */
    public int acceptedCount() {
        return accepted.get();
    }

    /** Closes the listening socket and every open connection. Calling it again does nothing. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        connections.forEach(EchoServer::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    @Override
    public String toString() {
        return "EchoServer(127.0.0.1:" + port() + ")";
    }
}
