package io.qtj.network;

import io.qtj.core.QEvent;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.internal.Log;
import io.qtj.network.internal.DirectServerEngine;
import io.qtj.network.internal.ServerEngine;
import io.qtj.network.internal.SocketEngineFactory;
import io.qtj.network.internal.SocketDescriptors;
import io.qtj.network.internal.SocketErrors;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
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
 * IPv4-mapped connections too (Java cannot set IPV6_V6ONLY).
 *
 * <p><b>Proxies.</b> With a SOCKS5 proxy (set with {@link #setProxy}, or the application's for
 * DefaultProxy) the server listens through the proxy with BIND, with Qt's limits: listen() waits
 * (up to 5 s) for the proxy's answer, after which {@link #serverAddress()} and
 * {@link #serverPort()} give the address and port the proxy listens on, to be told to the peer;
 * one connection is accepted, whose data flows through the proxy, and the server then stops
 * listening. A proxy that cannot listen (HTTP) makes listen() fail with
 * UnsupportedSocketOperationError.
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

    private final EngineEvents events = new EngineEvents();
    private ServerEngine engine;
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
        checkThread("QTcpServer", what);
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
        if (isListening()) {
            Log.warning("QTcpServer::listen() called when already listening");
            return false;
        }
        closeEngine();
        if (address.isNull()) {
            setError(QAbstractSocket.SocketError.SocketAddressNotAvailableError, SocketErrors.ADDRESS_NOT_AVAILABLE);
            return false;
        }
        ServerEngine e = SocketEngineFactory.createServer(this, proxy, port);
        if (e == null) {
            setError(QAbstractSocket.SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
            return false;
        }
        e.setReceiver(events);
        if (!e.listen(address, port, backlog)) {
            setError(e.error(), e.errorString());
            e.close();
            return false;
        }
        startListening(e);
        return true;
    }

    private void startListening(ServerEngine e) {
        engine = e;
        address = new QHostAddress(e.serverAddress());
        port = e.serverPort();
        paused = false;
        e.setAcceptNotificationEnabled(pending.size() < maxPending);
    }

    private void setError(QAbstractSocket.SocketError e, String text) {
        serverError = e;
        errorString = text;
    }

    /** The engine's notifications; a private class so that they are not public API. */
    private final class EngineEvents implements ServerEngine.Receiver {
        @Override
        public void acceptNotification() {
            readNotification();
        }
    }

    /** Accepts what is waiting, up to the free room in the pending queue. */
    private void readNotification() {
        boolean first = true;
        while (engine != null && !paused) {
            if (pending.size() >= maxPending) {
                engine.setAcceptNotificationEnabled(false);
                return;
            }
            if (!first && !engine.acceptReady()) {
                return;
            }
            first = false;
            long id = engine.accept();
            if (id < 0) {
                setError(engine.error(), engine.errorString());
                pauseAccepting();
                acceptError.emit(serverError);
                return;
            }
            if (id == 0) {
                return;
            }
            incomingConnection(id);
            if (isDisposed()) {
                return;
            }
            newConnection.emit();
            if (isDisposed()) {
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
        if (engine != null && !paused && pending.size() < maxPending) {
            engine.setAcceptNotificationEnabled(true);
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
        if (engine != null && !paused) {
            engine.setAcceptNotificationEnabled(pending.size() < maxPending);
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
        if (engine != null) {
            engine.setAcceptNotificationEnabled(false);
        }
    }

    /** Resumes accepting after {@link #pauseAccepting()} or an accept error. */
    public void resumeAccepting() {
        paused = false;
        if (engine != null) {
            engine.setAcceptNotificationEnabled(pending.size() < maxPending);
        }
    }

    /**
     * Returns true while the server is listening. Through a SOCKS5 proxy, false again once the one
     * connection a BIND allows has been accepted.
     */
    public boolean isListening() {
        return engine != null && engine.isListening();
    }

    /** Stops listening. Pending connections stay until taken or the server is disposed. */
    public void close() {
        closeEngine();
        port = 0;
        address = new QHostAddress();
    }

    private void closeEngine() {
        if (engine != null) {
            ServerEngine e = engine;
            engine = null;
            e.close();
        }
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

    /**
     * Sets the proxy for the next listen(): DefaultProxy follows the application proxy or factory
     * (a proxy that can listen: SOCKS5), NoProxy listens directly, a Socks5Proxy listens through
     * the proxy with BIND.
     */
    public void setProxy(QNetworkProxy p) {
        if (p == null) {
            throw new IllegalArgumentException("p: null (expected: a QNetworkProxy)");
        }
        proxy = new QNetworkProxy(p);
    }

    /** Returns the listening channel's descriptor handle, or -1 when not listening directly. */
    public long socketDescriptor() {
        return engine == null ? -1 : engine.descriptor();
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
            close();
            DirectServerEngine e = new DirectServerEngine(this);
            e.setReceiver(events);
            e.adopt(ssc, descriptor, null);
            startListening(e);
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
        if (!pending.isEmpty()) {
            return true;
        }
        if (engine == null) {
            return false;
        }
        if (!engine.waitForAccept(msec)) {
            if (!pending.isEmpty()) {
                // the engine accepted while waiting and told us at once (a SOCKS5 BIND's second
                // reply arrives as a notification): that connection is what we waited for
                return true;
            }
            if (timedOut != null && timedOut.length > 0) {
                timedOut[0] = true;
            }
            // Qt passes on the engine's "Network operation timed out"
            setError(QAbstractSocket.SocketError.SocketTimeoutError, SocketErrors.NETWORK_TIMED_OUT);
            return false;
        }
        boolean wasPaused = paused;
        paused = false;
        readNotification();
        paused = wasPaused;
        return !pending.isEmpty();
    }

    /**
     * Handles ThreadChange, which {@link #moveToThread} sends in the old thread: the old thread's
     * event loop stops watching for connections, and the new thread's takes over once the server
     * is there. Other events go to {@link QObject}. A subclass that overrides this must pass
     * ThreadChange on, or the server accepts nothing in the new thread.
     *
     * <p>Differs from Qt: Qt's server has no such handler, because its engine's socket notifier,
     * a child of the server, moves itself; qtj's engine has no notifier object.
     */
    @Override
    public boolean event(QEvent e) {
        if (e.typeId() == QEvent.Type.ThreadChange.id() && engine != null) {
            engine.leavingThread();
            QMetaObject.invokeMethod(this, () -> {
                if (engine != null) {
                    engine.enteredThread();
                }
            }, Qt.ConnectionType.QueuedConnection);
        }
        return super.event(e);
    }

    /** Closes the server and disposes it with the sockets it still owns. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        close();
        pending.clear();
        super.dispose();
    }
}
