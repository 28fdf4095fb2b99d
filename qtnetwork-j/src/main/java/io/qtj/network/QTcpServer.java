package io.qtj.network;

import io.qtj.core.QObject;
import io.qtj.core.QSocketNotifier;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.internal.Log;
import io.qtj.core.internal.ThreadData;
import io.qtj.network.internal.SocketDescriptors;
import io.qtj.network.internal.SocketErrors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * A TCP server, as Qt's QTcpServer.
 *
 * <p>Call {@link #listen(QHostAddress, int)} to accept connections on an address and port (port 0
 * picks a free one; {@link QHostAddress.SpecialAddress#Any} listens on every interface). Each time
 * a client connects, {@link #newConnection} is emitted; {@link #nextPendingConnection()} returns the
 * connected {@link QTcpSocket}, a child of the server. {@link #close()} stops listening. Errors set
 * {@link #serverError()} and {@link #errorString()}.
 *
 * <p>At most {@link #maxPendingConnections()} (30 by default) accepted connections wait to be taken;
 * while the queue is full the server stops accepting and the kernel's backlog holds the rest.
 * Override {@link #incomingConnection(long)} to handle each connection yourself, for example in
 * another thread, as Qt's Threaded Fortune Server does.
 *
 * <p>Disposing the server closes it and disposes the sockets it still owns (its children), closing
 * their connections. Use it from its own thread.
 *
 * <p>Differs from Qt: a descriptor is a {@code long} handle of a process-wide table, valid in
 * {@link QAbstractSocket#setSocketDescriptor(long)} in any thread. Listening on AnyIPv6 accepts
 * IPv4-mapped connections too (Java cannot set IPV6_V6ONLY). Proxies are stored but not honoured yet.
 */
public class QTcpServer extends QObject {
    /** The default of {@link #maxPendingConnections()}, as Qt's. */
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 30;
    /** The default of {@link #listenBacklogSize()}, as Qt's. */
    public static final int DEFAULT_LISTEN_BACKLOG = 50;

    /** This signal is emitted each time a new connection is available. */
    public final Signal0 newConnection = new Signal0(this);
    /** This signal is emitted each time a connection is added to the pending queue. */
    public final Signal0 pendingConnectionAvailable = new Signal0(this);
    /** This signal is emitted when accepting a connection failed; accepting is paused. */
    public final Signal1<QAbstractSocket.SocketError> acceptError = new Signal1<>(this);

    private ServerSocketChannel channel;
    private long descriptor = -1;
    private QSocketNotifier notifier;
    private Selector waitSelector;
    private final ArrayDeque<QTcpSocket> pending = new ArrayDeque<>();
    private int maxPending = DEFAULT_MAX_PENDING_CONNECTIONS;
    private int backlog = DEFAULT_LISTEN_BACKLOG;
    private boolean paused;
    private QHostAddress address = new QHostAddress();
    private int port;
    private QAbstractSocket.SocketError serverError = QAbstractSocket.SocketError.UnknownSocketError;
    private String errorString = "";
    private QNetworkProxy proxy = new QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy);

    /** Constructs a server that is not listening. */
    public QTcpServer() {
        this(null);
    }

    /** Constructs a server that is not listening, child of {@code parent}. */
    public QTcpServer(QObject parent) {
        super(parent);
    }

    private void checkOwner(String what) {
        checkAlive();
        checkThread("QTcpServer." + what);
    }

    /** Listens on every interface, on a port the system picks. */
    public boolean listen() {
        return listen(new QHostAddress(QHostAddress.SpecialAddress.Any), 0);
    }

    /** Listens on {@code address}, on a port the system picks. */
    public boolean listen(QHostAddress address) {
        return listen(address, 0);
    }

    /**
     * Tells the server to listen for incoming connections on {@code address} and {@code port}
     * (0: any free port). Any listens on all interfaces, IPv6 and IPv4 where the host has IPv6 and
     * IPv4 only otherwise. Returns true on success; otherwise false, with {@link #serverError()} set.
     * Listening when already listening returns false (and warns, as Qt does).
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or the address is null
     */
    public boolean listen(QHostAddress address, int port) {
        checkOwner("listen");
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: a QHostAddress)");
        }
        QAbstractSocket.checkPort(port);
        if (channel != null) {
            Log.warning("QTcpServer::listen() called when already listening");
            return false;
        }
        if (address.isNull()) {
            setError(QAbstractSocket.SocketError.SocketAddressNotAvailableError, SocketErrors.ADDRESS_NOT_AVAILABLE);
            return false;
        }
        InetAddress bindTo = address.toInetAddress();
        boolean any = address.equals(new QHostAddress(QHostAddress.SpecialAddress.Any));
        boolean anyIPv4 = address.equals(new QHostAddress(QHostAddress.SpecialAddress.AnyIPv4));
        ServerSocketChannel ch = null;
        try {
            ch = open(bindTo, port);
        } catch (IOException e) {
            if (any) {
                try {
                    ch = open(InetAddress.getByAddress(new byte[4]), port);
                } catch (IOException again) {
                    SocketErrors.Mapped m = SocketErrors.forBind(again);
                    setError(m.error(), m.text());
                    return false;
                }
            } else {
                SocketErrors.Mapped m = SocketErrors.forBind(e);
                setError(m.error(), m.text());
                return false;
            }
        }
        adoptListening(ch, any || anyIPv4 ? new QHostAddress(address) : null);
        return true;
    }

    private ServerSocketChannel open(InetAddress addr, int p) throws IOException {
        // an IPv4 address (AnyIPv4 included) gets an IPv4-only socket, as Qt's
        ServerSocketChannel ch = addr instanceof java.net.Inet4Address
                ? ServerSocketChannel.open(java.net.StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(addr, p), backlog);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private void adoptListening(ServerSocketChannel ch, QHostAddress reportAs) {
        channel = ch;
        try {
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            address = reportAs != null ? reportAs : new QHostAddress(local.getAddress());
            port = local.getPort();
        } catch (IOException e) {
            address = new QHostAddress();
            port = 0;
        }
        paused = false;
        notifier = new QSocketNotifier(ch, QSocketNotifier.Type.Read, this);
        notifier.activated.connect(this::readNotification);
        notifier.setEnabled(pending.size() < maxPending);
    }

    private void setError(QAbstractSocket.SocketError e, String text) {
        serverError = e;
        errorString = text;
    }

    /** Accepts what is waiting, up to the free room in the pending queue. */
    private void readNotification() {
        while (channel != null && !paused) {
            if (pending.size() >= maxPending) {
                notifier.setEnabled(false);
                return;
            }
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                SocketErrors.Mapped m = SocketErrors.forIo(e);
                setError(m.error(), m.text());
                pauseAccepting();
                acceptError.emit(m.error());
                return;
            }
            if (accepted == null) {
                return;
            }
            long id = SocketDescriptors.register(accepted);
            incomingConnection(id);
            if (isDisposed()) {
                return;
            }
            newConnection.emit();
            if (isDisposed() || channel == null) {
                return;
            }
        }
    }

    /**
     * Called for each accepted connection with its descriptor. The default creates a
     * {@link QTcpSocket} (a child of the server), gives it the descriptor and adds it to the pending
     * queue with {@link #addPendingConnection(QTcpSocket)}. Override it to handle the connection
     * differently, e.g. to pass the descriptor to a socket in another thread; a descriptor nobody
     * adopts stays open until {@link #closeDescriptor(long)} or process exit.
     */
    protected void incomingConnection(long socketDescriptor) {
        QTcpSocket socket = new QTcpSocket(this);
        if (!socket.setSocketDescriptor(socketDescriptor)) {
            socket.dispose();
            closeDescriptor(socketDescriptor);
            return;
        }
        addPendingConnection(socket);
    }

    /** Closes a descriptor that was handed to {@link #incomingConnection(long)} but is not wanted. */
    public static void closeDescriptor(long socketDescriptor) {
        SocketDescriptors.close(socketDescriptor);
    }

    /**
     * Adds {@code socket} to the pending queue and emits {@link #pendingConnectionAvailable}. Call
     * it from an overridden {@link #incomingConnection(long)} to keep the pending-connection
     * mechanism working.
     */
    protected void addPendingConnection(QTcpSocket socket) {
        if (socket == null) {
            throw new IllegalArgumentException("socket: null (expected: a QTcpSocket)");
        }
        pending.add(socket);
        pendingConnectionAvailable.emit();
    }

    /** Returns true if the server has a pending connection. */
    public boolean hasPendingConnections() {
        return !pending.isEmpty();
    }

    /**
     * Returns the next pending connection as a connected socket, a child of the server (so it is
     * disposed with the server unless you reparent it), or null if there is none.
     */
    public QTcpSocket nextPendingConnection() {
        checkOwner("nextPendingConnection");
        QTcpSocket s = pending.poll();
        if (notifier != null && !paused && !notifier.isEnabled() && pending.size() < maxPending) {
            notifier.setEnabled(true);
        }
        return s;
    }

    /** Returns the maximum number of pending accepted connections; 30 by default. */
    public int maxPendingConnections() {
        return maxPending;
    }

    /**
     * Sets the maximum number of pending accepted connections. While that many wait, the server
     * accepts no more; the kernel's backlog holds further clients.
     */
    public void setMaxPendingConnections(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        }
        maxPending = n;
        if (notifier != null && !paused) {
            notifier.setEnabled(pending.size() < maxPending);
        }
    }

    /** Returns the backlog passed to the kernel at the next listen(); 50 by default. */
    public int listenBacklogSize() {
        return backlog;
    }

    /** Sets the backlog for the next listen(). */
    public void setListenBacklogSize(int n) {
        backlog = n;
    }

    /** Stops accepting new connections; the kernel's backlog still queues them. */
    public void pauseAccepting() {
        paused = true;
        if (notifier != null) {
            notifier.setEnabled(false);
        }
    }

    /** Resumes accepting after {@link #pauseAccepting()} or an accept error. */
    public void resumeAccepting() {
        paused = false;
        if (notifier != null) {
            notifier.setEnabled(pending.size() < maxPending);
        }
    }

    /** Returns true while the server is listening. */
    public boolean isListening() {
        return channel != null;
    }

    /** Stops listening. Pending connections stay until taken or the server is disposed. */
    public void close() {
        if (notifier != null) {
            notifier.dispose();
            notifier = null;
        }
        if (descriptor >= 0) {
            SocketDescriptors.release(descriptor);
            descriptor = -1;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing: nothing more to do
            }
            channel = null;
            if (thread().isCurrentThread()) {
                ThreadData.current().dispatcher().releaseClosedChannels();
            }
        }
        port = 0;
        address = new QHostAddress();
    }

    /** Returns the address the server listens on, or QHostAddress() when not listening. */
    public QHostAddress serverAddress() {
        return new QHostAddress(address);
    }

    /** Returns the port the server listens on, or 0 when not listening. */
    public int serverPort() {
        return port;
    }

    /** Returns the last error. */
    public QAbstractSocket.SocketError serverError() {
        return serverError;
    }

    /** Returns a human-readable description of the last error. */
    public String errorString() {
        return errorString;
    }

    /** Returns the proxy set for this server; DefaultProxy unless set. */
    public QNetworkProxy proxy() {
        return proxy;
    }

    /** Sets the proxy for the next listen(). Stored; not honoured yet. */
    public void setProxy(QNetworkProxy p) {
        if (p == null) {
            throw new IllegalArgumentException("p: null (expected: a QNetworkProxy)");
        }
        proxy = p;
    }

    /** Returns the listening channel's descriptor handle, or -1 when not listening. */
    public long socketDescriptor() {
        if (channel == null) {
            return -1;
        }
        if (descriptor < 0) {
            descriptor = SocketDescriptors.register(channel);
        }
        return descriptor;
    }

    /**
     * Registers a listening channel made elsewhere (for example {@code System.inheritedChannel()})
     * and returns a descriptor for {@link #setSocketDescriptor(long)}. A qtj addition: Java code has
     * no numeric descriptors to pass.
     */
    public static long registerDescriptor(ServerSocketChannel channel) {
        if (channel == null) {
            throw new IllegalArgumentException("channel: null (expected: a bound ServerSocketChannel)");
        }
        return SocketDescriptors.register(channel);
    }

    /**
     * Makes the server listen on the already bound channel behind {@code descriptor}. Returns false,
     * with UnsupportedSocketOperationError, if it is not a bound server channel.
     */
    public boolean setSocketDescriptor(long descriptor) {
        checkOwner("setSocketDescriptor");
        NetworkChannel ch = SocketDescriptors.get(descriptor);
        try {
            if (!(ch instanceof ServerSocketChannel ssc) || ssc.getLocalAddress() == null) {
                setError(QAbstractSocket.SocketError.UnsupportedSocketOperationError, "The socket descriptor is invalid");
                return false;
            }
            if (channel != null) {
                close();
            }
            this.descriptor = descriptor;
            adoptListening(ssc, null);
            return true;
        } catch (IOException e) {
            SocketErrors.Mapped m = SocketErrors.forIo(e);
            setError(m.error(), m.text());
            return false;
        }
    }

    /** As {@link #waitForNewConnection(int, boolean[])} without the timed-out flag. */
    public boolean waitForNewConnection(int msec) {
        return waitForNewConnection(msec, null);
    }

    /**
     * Blocks up to {@code msec} milliseconds (-1: forever) until a connection is available; returns
     * true if one is (then {@link #nextPendingConnection()} returns it; newConnection was emitted).
     * {@code timedOut[0]} (if given) tells whether it returned because time ran out.
     */
    public boolean waitForNewConnection(int msec, boolean[] timedOut) {
        checkOwner("waitForNewConnection");
        if (timedOut != null && timedOut.length > 0) {
            timedOut[0] = false;
        }
        if (channel == null) {
            return false;
        }
        if (!pending.isEmpty()) {
            return true;
        }
        try {
            if (waitSelector == null) {
                waitSelector = Selector.open();
            }
            SelectionKey key = channel.keyFor(waitSelector);
            if (key == null) {
                channel.register(waitSelector, SelectionKey.OP_ACCEPT);
            }
            int n = msec < 0 ? waitSelector.select() : msec == 0 ? waitSelector.selectNow() : waitSelector.select(msec);
            waitSelector.selectedKeys().clear();
            if (n == 0) {
                if (timedOut != null && timedOut.length > 0) {
                    timedOut[0] = true;
                }
                setError(QAbstractSocket.SocketError.SocketTimeoutError, "Network operation timed out");
                return false;
            }
        } catch (IOException e) {
            SocketErrors.Mapped m = SocketErrors.forIo(e);
            setError(m.error(), m.text());
            return false;
        }
        boolean wasPaused = paused;
        paused = false;
        readNotification();
        paused = wasPaused;
        return !pending.isEmpty();
    }

    /** Closes the server and disposes it with the sockets it still owns. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        close();
        if (waitSelector != null) {
            try {
                waitSelector.close();
            } catch (IOException e) {
                // closing: nothing more to do
            }
            waitSelector = null;
        }
        pending.clear();
        super.dispose();
    }
}
