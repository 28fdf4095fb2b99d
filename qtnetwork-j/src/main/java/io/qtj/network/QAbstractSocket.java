package io.qtj.network;

import io.qtj.core.QElapsedTimer;
import io.qtj.core.QIODevice;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.QTimer;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.Signal2;
import io.qtj.core.internal.Log;
import io.qtj.core.internal.RingBuffer;
import io.qtj.network.internal.NioSocketEngine;
import io.qtj.network.internal.SocketDescriptors;
import io.qtj.network.internal.SocketEngine;
import io.qtj.network.internal.SocketEngineFactory;
import io.qtj.network.internal.SocketErrors;

import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The base of Qt's socket types: a sequential {@link QIODevice} over a TCP connection, with Qt's
 * state machine, signals and blocking API.
 *
 * <p><b>Life of a connection.</b> {@link #connectToHost(String, int)} enters HostLookupState
 * (emitting {@link #stateChanged}), looks the name up asynchronously, emits {@link #hostFound},
 * enters ConnectingState and tries each address in turn until one connects; then it enters
 * ConnectedState and emits {@link #connected}. Data arriving is buffered and announced with
 * {@link #readyRead}; data written is buffered and sent from the event loop, each chunk that
 * reaches the kernel announced with {@link #bytesWritten}. {@link #disconnectFromHost()} enters
 * ClosingState, sends what is still buffered, then closes: stateChanged(UnconnectedState),
 * {@link #readChannelFinished}, {@link #disconnected}. {@link #abort()} closes at once, dropping
 * unsent data.
 *
 * <p><b>Errors</b> never throw: they set {@link #error()} and {@link #errorString()} with Qt's
 * English text and emit {@link #errorOccurred}, before the state changes to UnconnectedState.
 * When the peer closes the connection: errorOccurred(RemoteHostClosedError), stateChanged(Closing),
 * stateChanged(Unconnected), readChannelFinished, disconnected; data already received stays readable.
 *
 * <p><b>Threads.</b> A socket is used from the thread it lives in; any other thread gets an
 * IllegalStateException naming both. In a thread without an event loop, use the blocking
 * functions ({@link #waitForConnected}, {@link #waitForReadyRead}, {@link #waitForBytesWritten},
 * {@link #waitForDisconnected}), as Qt's Blocking Fortune Client does.
 *
 * <p><b>Layers.</b> As in Qt, the socket keeps the state machine and the buffers and drives an
 * internal socket engine (a direct NIO channel, or a proxy tunnel built on one), which reports back
 * through notifications from the event loop or, in the blocking API, from a private selector.
 *
 * <p>Differs from Qt: descriptors are {@code long} handles of a process-wide table (see
 * {@link QTcpServer#incomingConnection(long)}), not OS file descriptors.
 */
public class QAbstractSocket extends QIODevice {
    /** The transport of a socket. */
    public enum SocketType { TcpSocket, UdpSocket, SctpSocket, UnknownSocketType }

    /** The network layer protocol of an address or socket. */
    public enum NetworkLayerProtocol { IPv4Protocol, IPv6Protocol, AnyIPProtocol, UnknownNetworkLayerProtocol }

    /** The states of a socket, as Qt's QAbstractSocket::SocketState. */
    public enum SocketState { UnconnectedState, HostLookupState, ConnectingState, ConnectedState, BoundState, ListeningState, ClosingState }

    /** The errors a socket reports, as Qt's QAbstractSocket::SocketError. */
    public enum SocketError { ConnectionRefusedError, RemoteHostClosedError, HostNotFoundError, SocketAccessError,
        SocketResourceError, SocketTimeoutError, DatagramTooLargeError, NetworkError, AddressInUseError,
        SocketAddressNotAvailableError, UnsupportedSocketOperationError, UnfinishedSocketOperationError,
        ProxyAuthenticationRequiredError, SslHandshakeFailedError, ProxyConnectionRefusedError,
        ProxyConnectionClosedError, ProxyConnectionTimeoutError, ProxyNotFoundError, ProxyProtocolError,
        OperationError, SslInternalError, SslInvalidUserDataError, TemporaryError, UnknownSocketError }

    /** Socket options, as Qt's QAbstractSocket::SocketOption. */
    public enum SocketOption { LowDelayOption, KeepAliveOption, MulticastTtlOption, MulticastLoopbackOption,
        TypeOfServiceOption, SendBufferSizeSocketOption, ReceiveBufferSizeSocketOption, PathMtuSocketOption }

    /** The default time a connect may take before SocketTimeoutError, as Qt's (30 s). */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

    /** This signal is emitted after the host name lookup succeeded. */
    public final Signal0 hostFound = new Signal0(this);
    /** This signal is emitted when the connection is established. */
    public final Signal0 connected = new Signal0(this);
    /** This signal is emitted when the socket has been disconnected. */
    public final Signal0 disconnected = new Signal0(this);
    /** This signal is emitted when the state changes, with the new state. */
    public final Signal1<SocketState> stateChanged = new Signal1<>(this);
    /** This signal is emitted after an error occurred, with the error. */
    public final Signal1<SocketError> errorOccurred = new Signal1<>(this);
    /**
     * This signal is emitted when a proxy asks for credentials the socket does not have; fill the
     * authenticator in a directly connected slot and the connection is retried with them.
     */
    public final Signal2<QNetworkProxy, QAuthenticator> proxyAuthenticationRequired = new Signal2<>(this);

    private static final int READ_CHUNK = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> READ_SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_CHUNK));

    private final SocketType type;
    private final EngineEvents events = new EngineEvents();
    private SocketState state = SocketState.UnconnectedState;
    private SocketError error = SocketError.UnknownSocketError;
    private SocketEngine engine;
    private final RingBuffer readBuffer = new RingBuffer();
    private final RingBuffer writeBuffer = new RingBuffer();
    private long readBufferSize;
    private boolean readPaused;
    private boolean emittingBytesWritten;
    private boolean pendingClose;
    private boolean abortCalled;
    private long readyReadCount;
    private long bytesWrittenCount;
    private long connectedCount;
    private String peerName = "";
    private int peerPortRequested;
    private QHostAddress localAddress = new QHostAddress();
    private int localPort;
    private QHostAddress peerAddress = new QHostAddress();
    private int peerPort;
    private List<QHostAddress> addresses = List.of();
    private int addressIndex;
    private SocketErrors.Mapped lastConnectError;
    private int lookupId = -1;
    private QTimer connectTimer;
    private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
    private final Map<SocketOption, Object> options = new EnumMap<>(SocketOption.class);
    private QNetworkProxy proxy = new QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy);
    private QNetworkProxy proxyInUse = new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy);

    /** Constructs an unconnected socket of {@code type}, child of {@code parent}. */
    public QAbstractSocket(SocketType type, QObject parent) {
        super(parent);
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a SocketType)");
        }
        this.type = type;
    }

    // ---- state ----

    /** Returns the state. */
    public SocketState state() {
        return state;
    }

    /** Returns the type of the last error. UnknownSocketError until one occurred. */
    public SocketError error() {
        return error;
    }

    /** Returns the socket type (TcpSocket for a QTcpSocket). */
    public SocketType socketType() {
        return type;
    }

    /** Returns true if the socket has a usable connection (ConnectedState or ClosingState). */
    public boolean isValid() {
        return engine != null && engine.state() == SocketEngine.State.Connected
                && (state == SocketState.ConnectedState || state == SocketState.ClosingState);
    }

    /** Sockets are sequential devices: always true. */
    @Override
    public boolean isSequential() {
        return true;
    }

    private void setState(SocketState s) {
        if (state != s) {
            state = s;
            stateChanged.emit(s);
        }
    }

    /** Sets the error and its text and emits {@link #errorOccurred}. */
    protected void setSocketError(SocketError e, String text) {
        error = e;
        setErrorString(text);
        errorOccurred.emit(e);
    }

    private void setSocketErrorSilently(SocketError e, String text) {
        error = e;
        setErrorString(text);
    }

    private void checkOwner(String what) {
        checkAlive();
        checkThread("QAbstractSocket." + what);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    // ---- connecting ----

    /**
     * Attempts a connection to {@code hostName} on {@code port}: the name is looked up
     * asynchronously (an IP literal is used as is; a proxy that resolves names gets the name), then
     * each address is tried in turn. Returns at once; watch {@link #connected} and
     * {@link #errorOccurred}. Does nothing (but warn, as Qt) if already connecting or connected.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or the name is null
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public void connectToHost(String hostName, int port) {
        checkOwner("connectToHost");
        if (hostName == null) {
            throw new IllegalArgumentException("hostName: null (expected: a host name or address)");
        }
        checkPort(port);
        if (state == SocketState.HostLookupState || state == SocketState.ConnectingState
                || state == SocketState.ConnectedState || state == SocketState.ClosingState) {
            Log.warning("QAbstractSocket::connectToHost() called when already looking up or connecting/connected to \""
                    + peerName + "\"");
            return;
        }
        // which proxy, decided once per connect and before anything else, as Qt's resolveProxy
        proxyInUse = SocketEngineFactory.resolve(proxy, hostName, port);
        if (proxyInUse == null) {
            setSocketError(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
            return;
        }
        readBuffer.clear();
        writeBuffer.clear();
        error = SocketError.UnknownSocketError;
        setErrorString("Unknown error");
        peerName = hostName;
        peerPortRequested = port;
        if (!isOpen()) {
            open(OpenModeFlag.ReadWrite);
        }
        setState(SocketState.HostLookupState);
        if (state != SocketState.HostLookupState) {
            return;
        }
        QHostAddress literal = new QHostAddress();
        if (literal.setAddress(hostName)) {
            startConnecting(List.of(literal), null);
            return;
        }
        SocketEngine probe = createEngine();
        if (probe == null) {
            failConnect(unsupported());
            return;
        }
        if (probe.resolvesNamesRemotely()) {
            // the proxy resolves the name: no local lookup and no hostFound, as Qt's
            // startConnectingByName
            setState(SocketState.ConnectingState);
            if (state != SocketState.ConnectingState) {
                probe.close();
                return;
            }
            startConnectTimer();
            engine = probe;
            engine.connectToHostByName(hostName, port);
            afterConnectAttempt();
            return;
        }
        probe.close();
        lookupId = QHostInfo.lookupHost(hostName, this, info -> {
            lookupId = -1;
            if (state == SocketState.HostLookupState) {
                startConnecting(info.addresses(), info);
            }
        });
    }

    /**
     * Attempts a connection to {@code address} on {@code port}, as
     * {@link #connectToHost(String, int)} without the lookup.
     */
    public void connectToHost(QHostAddress address, int port) {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: a QHostAddress)");
        }
        connectToHost(address.toString(), port);
    }

    /**
     * Makes the engine for the next connection from {@link #proxy()} (see SocketEngineFactory):
     * direct, SOCKS5 or HTTP CONNECT; null if the proxy cannot tunnel TCP.
     */
    SocketEngine createEngine() {
        SocketEngine e = SocketEngineFactory.create(this, proxyInUse);
        if (e == null) {
            return null;
        }
        e.setReceiver(events);
        for (Map.Entry<SocketOption, Object> o : options.entrySet()) {
            e.setOption(o.getKey(), o.getValue());
        }
        return e;
    }

    private void startConnecting(List<QHostAddress> found, QHostInfo info) {
        if (found.isEmpty()) {
            String text = info == null || info.error() == QHostInfo.HostInfoError.HostNotFound
                    ? SocketErrors.HOST_NOT_FOUND : info.errorString();
            failConnect(new SocketErrors.Mapped(SocketError.HostNotFoundError, text));
            return;
        }
        addresses = new ArrayList<>(found);
        addressIndex = 0;
        lastConnectError = null;
        // Qt's order: the state changes first, then hostFound
        setState(SocketState.ConnectingState);
        if (state != SocketState.ConnectingState) {
            return;
        }
        hostFound.emit();
        if (state != SocketState.ConnectingState) {
            return;
        }
        startConnectTimer();
        connectToNextAddress();
    }

    private void startConnectTimer() {
        if (connectTimer == null) {
            connectTimer = new QTimer(this);
            connectTimer.setSingleShot(true);
            connectTimer.timeout.connect(this::connectTimedOut);
        }
        if (connectTimeoutMs >= 0) {
            connectTimer.start(connectTimeoutMs);
        }
    }

    private void connectTimedOut() {
        if (state == SocketState.ConnectingState) {
            failConnect(engine != null ? engine.connectTimeoutError()
                    : new SocketErrors.Mapped(SocketError.SocketTimeoutError, SocketErrors.CONNECTION_TIMED_OUT));
        }
    }

    /** Qt's error when the chosen proxy cannot carry a TCP connection (a caching proxy). */
    private static SocketErrors.Mapped unsupported() {
        return new SocketErrors.Mapped(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
    }

    private void connectToNextAddress() {
        if (state != SocketState.ConnectingState) {
            return;
        }
        if (addressIndex >= addresses.size()) {
            failConnect(lastConnectError != null ? lastConnectError
                    : new SocketErrors.Mapped(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND));
            return;
        }
        QHostAddress a = addresses.get(addressIndex++);
        closeEngine();
        engine = createEngine();
        if (engine == null) {
            failConnect(unsupported());
            return;
        }
        peerAddress = new QHostAddress(a);
        peerPort = peerPortRequested;
        engine.connectToHost(a, peerPortRequested);
        afterConnectAttempt();
    }

    /** Acts on the engine's state right after a connect call. */
    private void afterConnectAttempt() {
        if (engine == null || state != SocketState.ConnectingState) {
            return;
        }
        switch (engine.state()) {
            case Connected -> connectionEstablished();
            case Connecting -> { }   // connectionNotification() follows
            default -> connectAttemptFailed();
        }
    }

    private void connectAttemptFailed() {
        SocketError e = engine.error();
        lastConnectError = new SocketErrors.Mapped(e, engine.errorString());
        closeEngine();
        if (isProxyError(e) || e == SocketError.HostNotFoundError) {
            failConnect(lastConnectError);   // trying the next address would meet the same proxy
            return;
        }
        connectToNextAddress();
    }

    private static boolean isProxyError(SocketError e) {
        return e.name().startsWith("Proxy");
    }

    private void failConnect(SocketErrors.Mapped why) {
        if (connectTimer != null) {
            connectTimer.stop();
        }
        closeEngine();
        pendingClose = false;
        state = SocketState.UnconnectedState;
        setSocketError(why.error(), why.text());
        if (isDisposed()) {
            return;
        }
        stateChanged.emit(SocketState.UnconnectedState);
    }

    private void connectionEstablished() {
        if (connectTimer != null) {
            connectTimer.stop();
        }
        localAddress = new QHostAddress(engine.localAddress());
        localPort = engine.localPort();
        peerAddress = new QHostAddress(engine.peerAddress());
        peerPort = engine.peerPort();
        readPaused = false;
        engine.setReadNotificationEnabled(true);
        if (!writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(true);   // what was written while connecting goes out now
        }
        connectedCount++;
        state = SocketState.ConnectedState;
        stateChanged.emit(state);
        if (state != SocketState.ConnectedState) {
            return;
        }
        connected.emit();
        if (state != SocketState.ConnectedState) {
            return;
        }
        if (pendingClose) {
            // disconnectFromHost() or close() came while connecting: flush, then close, as Qt
            pendingClose = false;
            disconnectFromHost();
        }
    }

    /** The engine's notifications; a private class so that they are not public API. */
    private final class EngineEvents implements SocketEngine.Receiver {
        @Override
        public void readNotification() {
            if (state != SocketState.ConnectedState) {
                return;
            }
            int got = readFromSocket();
            if (got > 0) {
                readyReadCount++;
                emitReadyRead();
            }
            if (got < 0 && !isDisposed() && state == SocketState.ConnectedState) {
                remoteClosed();
            }
        }

        @Override
        public void writeNotification() {
            if (state == SocketState.ConnectedState || state == SocketState.ClosingState) {
                writeToSocket();
            }
        }

        @Override
        public void connectionNotification() {
            if (state == SocketState.ConnectingState && engine != null) {
                afterConnectAttempt();
            }
        }

        @Override
        public void proxyAuthenticationRequired(QNetworkProxy p, QAuthenticator authenticator) {
            proxyAuthenticationRequired.emit(p, authenticator);
        }
    }

    // ---- reading ----

    /** Reads what the engine has into the buffer; returns bytes read, or -1 at end of stream or error. */
    private int readFromSocket() {
        ByteBuffer scratch = READ_SCRATCH.get();
        int total = 0;
        while (engine != null) {
            int room = READ_CHUNK;
            if (readBufferSize > 0) {
                long left = readBufferSize - readBuffer.size();
                if (left <= 0) {
                    pauseReading();
                    return total;
                }
                room = (int) Math.min(room, left);
            }
            scratch.clear().limit(room);
            int n = engine.read(scratch);
            if (n <= 0) {
                return n < 0 && total == 0 ? -1 : total;
            }
            scratch.flip();
            readBuffer.readFrom(scratch);
            total += n;
            if (n < room) {
                return total;
            }
        }
        return total;
    }

    private void pauseReading() {
        engine.setReadNotificationEnabled(false);
        readPaused = true;
    }

    private void resumeReadingIfRoom() {
        if (readPaused && state == SocketState.ConnectedState && engine != null
                && (readBufferSize == 0 || readBuffer.size() < readBufferSize)) {
            readPaused = false;
            engine.setReadNotificationEnabled(true);
        }
    }

    private void remoteClosed() {
        SocketError e = engine != null ? engine.error() : SocketError.RemoteHostClosedError;
        String text = engine != null ? engine.errorString() : SocketErrors.REMOTE_CLOSED;
        setSocketError(e, text);
        if (isDisposed() || state != SocketState.ConnectedState) {
            return;
        }
        writeBuffer.clear();
        closeEngine();
        disconnectFromHost();   // Closing, then Unconnected, as Qt after a failed read
    }

    @Override
    protected long readData(byte[] dst, int off, int len) {
        int n = readBuffer.read(dst, off, len);
        resumeReadingIfRoom();
        if (n == 0 && state != SocketState.ConnectedState && state != SocketState.ClosingState) {
            return -1;
        }
        return n;
    }

    @Override
    protected long readLineData(byte[] dst, int off, int len) {
        if (readBuffer.isEmpty()) {
            return super.readLineData(dst, off, len);
        }
        int n = readBuffer.readLine(dst, off, len);
        resumeReadingIfRoom();
        return n;
    }

    @Override
    public long bytesAvailable() {
        return readBuffer.size() + super.bytesAvailable();
    }

    @Override
    public boolean canReadLine() {
        return readBuffer.canReadLine() || super.canReadLine();
    }

    /** Returns the bytes waiting to be written. */
    @Override
    public long bytesToWrite() {
        return writeBuffer.size();
    }

    /** Returns the read buffer limit in bytes; 0 (the default) means unlimited. */
    public long readBufferSize() {
        return readBufferSize;
    }

    /**
     * Limits the read buffer to {@code size} bytes (0: unlimited, the default). When it is full the
     * socket stops reading from the network, leaving the rest to TCP flow control, until the
     * application reads.
     */
    public void setReadBufferSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 0)");
        }
        readBufferSize = size;
        resumeReadingIfRoom();
    }

    // ---- writing ----

    @Override
    protected long writeData(byte[] src, int off, int len) {
        if (state == SocketState.UnconnectedState) {
            setErrorString(SocketErrors.NOT_CONNECTED);
            return -1;
        }
        writeBuffer.append(src, off, len);
        if (state == SocketState.ConnectedState && engine != null) {
            engine.setWriteNotificationEnabled(true);
        }
        return len;
    }

    /** Writes what it can now; returns bytes written, or -1 after an error (the socket was aborted). */
    private long writeToSocket() {
        if (engine == null) {
            return -1;
        }
        if (writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(false);
            if (state == SocketState.ClosingState) {
                finishDisconnect();
            }
            return 0;
        }
        long written = engine.write(writeBuffer);
        if (written < 0) {
            setSocketError(engine.error(), engine.errorString());
            if (!isDisposed()) {
                abort();
            }
            return -1;
        }
        if (writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(false);
        }
        if (written > 0 && !emittingBytesWritten) {
            bytesWrittenCount++;
            emittingBytesWritten = true;
            try {
                bytesWritten.emit(written);
            } finally {
                emittingBytesWritten = false;
            }
        }
        if (!isDisposed() && state == SocketState.ClosingState && writeBuffer.isEmpty()) {
            finishDisconnect();
        }
        return written;
    }

    /**
     * Writes as much of the write buffer as possible without blocking. Returns true if anything was
     * written.
     */
    public boolean flush() {
        checkOwner("flush");
        if (!isValid() || writeBuffer.isEmpty()) {
            return false;
        }
        return writeToSocket() > 0;
    }

    // ---- closing ----

    /**
     * Closes the connection gracefully: enters ClosingState, writes what is still buffered, then
     * closes, emitting stateChanged(UnconnectedState), readChannelFinished and disconnected. Called
     * while looking up or connecting, it takes effect once connected (buffered data is sent first),
     * as Qt's does.
     */
    public void disconnectFromHost() {
        checkOwner("disconnectFromHost");
        if (state == SocketState.UnconnectedState) {
            return;
        }
        if (!abortCalled && (state == SocketState.ConnectingState || state == SocketState.HostLookupState)) {
            pendingClose = true;
            return;
        }
        if (engine != null) {
            engine.setReadNotificationEnabled(false);
        }
        if (abortCalled) {
            if (lookupId >= 0) {
                QHostInfo.abortHostLookup(lookupId);
                lookupId = -1;
            }
            if (connectTimer != null) {
                connectTimer.stop();
            }
        } else {
            if (state != SocketState.ClosingState) {
                setState(SocketState.ClosingState);
                if (isDisposed() || state != SocketState.ClosingState) {
                    return;
                }
            }
            if (engine != null && engine.state() == SocketEngine.State.Connected && !writeBuffer.isEmpty()) {
                engine.setWriteNotificationEnabled(true);
                return;   // writeToSocket() finishes when the buffer is empty
            }
        }
        finishDisconnect();
    }

    private void finishDisconnect() {
        SocketState previous = state;
        closeEngine();
        pendingClose = false;
        state = SocketState.UnconnectedState;
        stateChanged.emit(state);
        if (isDisposed()) {
            return;
        }
        readChannelFinished.emit();
        if (isDisposed()) {
            return;
        }
        if (previous == SocketState.ConnectedState || previous == SocketState.ClosingState) {
            disconnected.emit();
        }
        if (!isDisposed() && state == SocketState.UnconnectedState) {
            localPort = 0;
            peerPort = 0;
            localAddress = new QHostAddress();
            peerAddress = new QHostAddress();
        }
    }

    /**
     * Closes the connection at once, dropping what is not yet written, and closes the device: no
     * ClosingState, as Qt.
     */
    public void abort() {
        checkOwner("abort");
        writeBuffer.clear();
        if (state == SocketState.UnconnectedState) {
            return;
        }
        abortCalled = true;
        try {
            close();
        } finally {
            abortCalled = false;
        }
    }

    /**
     * Closes the device: emits aboutToClose, then disconnects from the host (writing what is
     * buffered first) and drops unread data.
     */
    @Override
    public void close() {
        checkOwner("close");
        if (isOpen()) {
            super.close();
        }
        if (state != SocketState.UnconnectedState) {
            disconnectFromHost();
        }
        readBuffer.clear();
    }

    private void closeEngine() {
        if (engine != null) {
            SocketEngine e = engine;
            engine = null;
            e.close();
        }
        readPaused = false;
    }

    /** Aborts the connection, releases the channel, and disposes the socket. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        if (lookupId >= 0) {
            QHostInfo.abortHostLookup(lookupId);
            lookupId = -1;
        }
        QThread owner = thread();
        if (owner == null || owner.isCurrentThread() || !owner.isRunning()) {
            closeEngine();
            state = SocketState.UnconnectedState;
        }
        super.dispose();
    }

    // ---- addresses, options, descriptors, proxy ----

    /** Returns the local address of a connected socket; QHostAddress() otherwise. */
    public QHostAddress localAddress() {
        return new QHostAddress(localAddress);
    }

    /** Returns the local port of a connected socket; 0 otherwise. */
    public int localPort() {
        return localPort;
    }

    /** Returns the peer's address while connected (or connecting); QHostAddress() otherwise. */
    public QHostAddress peerAddress() {
        return new QHostAddress(peerAddress);
    }

    /** Returns the peer's port while connected (or connecting); 0 otherwise. */
    public int peerPort() {
        return peerPort;
    }

    /** Returns the name given to {@link #connectToHost(String, int)}, or "" if none. */
    public String peerName() {
        return peerName;
    }

    /** Returns the time a connect may take before failing with SocketTimeoutError (default 30 000 ms). */
    public int connectTimeout() {
        return connectTimeoutMs;
    }

    /**
     * Sets the time a connect may take before failing with SocketTimeoutError; -1 waits for the
     * system's own timeout. Qt hard-codes 30 s; this is a qtj addition.
     */
    public void setConnectTimeout(int msecs) {
        if (msecs < -1) {
            throw new IllegalArgumentException("msecs: " + msecs + " (expected: -1 or >= 0)");
        }
        connectTimeoutMs = msecs;
    }

    /**
     * Sets {@code option} to {@code value} (a Boolean or Integer): LowDelayOption (TCP_NODELAY),
     * KeepAliveOption, TypeOfServiceOption, SendBufferSizeSocketOption, ReceiveBufferSizeSocketOption.
     * Applied now if connected, else when the connection is made. Multicast options and PathMtu do
     * not apply to TCP and are ignored, as on Qt's TCP sockets.
     */
    public void setSocketOption(SocketOption option, Object value) {
        checkOwner("setSocketOption");
        if (option == null || value == null) {
            throw new IllegalArgumentException("option/value: null (expected: an option and a Boolean or Integer)");
        }
        options.put(option, value);
        if (engine != null) {
            engine.setOption(option, value);
        }
    }

    /** Returns the value of {@code option}: the connection's if connected, else what was set, else null. */
    public Object socketOption(SocketOption option) {
        if (option == null) {
            throw new IllegalArgumentException("option: null (expected: a SocketOption)");
        }
        return engine != null ? engine.option(option) : options.get(option);
    }

    /** Returns the socket's descriptor handle, or -1 if it has no connection. */
    public long socketDescriptor() {
        return engine == null ? -1 : engine.descriptor();
    }

    /**
     * Adopts the connected channel behind {@code descriptor} (from
     * {@link QTcpServer#incomingConnection(long)}, in any thread): the socket enters ConnectedState,
     * open for reading and writing. Returns false, setting UnsupportedSocketOperationError, if the
     * descriptor is unknown or not a connected TCP channel.
     */
    public boolean setSocketDescriptor(long descriptor) {
        checkOwner("setSocketDescriptor");
        NetworkChannel ch = SocketDescriptors.get(descriptor);
        if (!(ch instanceof SocketChannel sc) || !sc.isConnected()) {
            setSocketErrorSilently(SocketError.UnsupportedSocketOperationError, "The socket descriptor is invalid");
            return false;
        }
        if (state != SocketState.UnconnectedState) {
            abort();
        }
        SocketDescriptors.Addresses proxied = SocketDescriptors.addresses(descriptor);
        SocketDescriptors.release(descriptor);
        NioSocketEngine nio = new NioSocketEngine(this);
        nio.setReceiver(events);
        for (Map.Entry<SocketOption, Object> o : options.entrySet()) {
            nio.setOption(o.getKey(), o.getValue());
        }
        if (!nio.adopt(sc)) {
            setSocketErrorSilently(nio.error(), nio.errorString());
            return false;
        }
        if (proxied != null) {
            // accepted through a SOCKS5 BIND: the connection to the proxy now carries the peer's bytes
            nio.overrideAddresses(proxied.local(), proxied.localPort(), proxied.peer(), proxied.peerPort());
        }
        engine = nio;
        readBuffer.clear();
        writeBuffer.clear();
        peerName = "";
        localAddress = new QHostAddress(nio.localAddress());
        localPort = nio.localPort();
        peerAddress = new QHostAddress(nio.peerAddress());
        peerPort = nio.peerPort();
        readPaused = false;
        engine.setReadNotificationEnabled(true);
        if (!isOpen()) {
            open(OpenModeFlag.ReadWrite);
        }
        setState(SocketState.ConnectedState);
        return true;
    }

    /** Returns the proxy set for this socket; DefaultProxy (use the application's setting) unless set. */
    public QNetworkProxy proxy() {
        return proxy;
    }

    /**
     * Sets the proxy for the next connection: DefaultProxy follows the application proxy, factory
     * and system configuration; NoProxy connects directly.
     */
    public void setProxy(QNetworkProxy p) {
        if (p == null) {
            throw new IllegalArgumentException("p: null (expected: a QNetworkProxy)");
        }
        proxy = new QNetworkProxy(p);
    }

    // ---- the blocking API ----

    private void timedOut() {
        setSocketError(SocketError.SocketTimeoutError, SocketErrors.OPERATION_TIMED_OUT);
    }

    private static long remaining(QElapsedTimer timer, int msecs) {
        return msecs < 0 ? -1 : Math.max(0, msecs - timer.elapsed());
    }

    /**
     * Blocks until the socket is connected, or {@code msecs} milliseconds (-1: forever) passed.
     * Returns true if connected; on timeout sets SocketTimeoutError and gives the attempt up.
     * Resolves the host name, if still pending, in this thread.
     */
    public boolean waitForConnected(int msecs) {
        checkOwner("waitForConnected");
        if (state == SocketState.ConnectedState) {
            return true;
        }
        if (state == SocketState.UnconnectedState || state == SocketState.ClosingState) {
            return false;
        }
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        if (state == SocketState.HostLookupState) {
            if (lookupId >= 0) {
                QHostInfo.abortHostLookup(lookupId);
                lookupId = -1;
            }
            QHostInfo info = QHostInfo.fromName(peerName);
            startConnecting(info.addresses(), info);
        }
        while (state == SocketState.ConnectingState) {
            if (engine == null) {
                connectToNextAddress();   // called from hostFound, before the first attempt: as Qt
                continue;
            }
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (state != SocketState.ConnectingState) {
                    break;
                }
                if (remaining(timer, msecs) != 0 && engine != null) {
                    continue;   // woken without progress (e.g. a handshake step): go on waiting
                }
                if (connectTimer != null) {
                    connectTimer.stop();
                }
                closeEngine();
                setSocketError(SocketError.SocketTimeoutError, SocketErrors.OPERATION_TIMED_OUT);
                if (!isDisposed()) {
                    setState(SocketState.UnconnectedState);
                }
                return false;
            }
        }
        return state == SocketState.ConnectedState;
    }

    /**
     * Blocks until new data has arrived (emitting readyRead) and returns true, or returns false on
     * timeout (SocketTimeoutError) or when the connection closes.
     */
    @Override
    public boolean waitForReadyRead(int msecs) {
        checkOwner("waitForReadyRead");
        if (state == SocketState.UnconnectedState) {
            return false;
        }
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        if (state != SocketState.ConnectedState && state != SocketState.ClosingState
                && !waitForConnected(msecs)) {
            return false;
        }
        long before = readyReadCount;
        while (state == SocketState.ConnectedState || state == SocketState.ClosingState) {
            if (readPaused) {
                return false;   // the read buffer is full: nothing new can arrive until it is read
            }
            if (!writeBuffer.isEmpty()) {
                engine.setWriteNotificationEnabled(true);   // send pending data while waiting, as Qt
            }
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && isValid()) {
                    continue;
                }
                if (isValid()) {
                    timedOut();
                }
                return false;
            }
            if (readyReadCount != before) {
                return true;
            }
        }
        return false;
    }

    /**
     * Blocks until some buffered data has been written (emitting bytesWritten) and returns true;
     * false if nothing is buffered, on timeout (SocketTimeoutError) or error.
     */
    @Override
    public boolean waitForBytesWritten(int msecs) {
        checkOwner("waitForBytesWritten");
        if (writeBuffer.isEmpty()) {
            return false;
        }
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        if (state != SocketState.ConnectedState && state != SocketState.ClosingState
                && !waitForConnected(msecs)) {
            return false;
        }
        long before = bytesWrittenCount;
        while (isValid() && !writeBuffer.isEmpty()) {
            engine.setWriteNotificationEnabled(true);
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && isValid()) {
                    continue;
                }
                if (isValid()) {
                    timedOut();
                }
                return false;
            }
            if (bytesWrittenCount != before) {
                return true;
            }
        }
        return bytesWrittenCount != before;
    }

    /**
     * Blocks until the socket has disconnected and returns true, or returns false on timeout
     * (SocketTimeoutError). Returns false at once if the socket is not connected.
     */
    public boolean waitForDisconnected(int msecs) {
        checkOwner("waitForDisconnected");
        if (state == SocketState.UnconnectedState) {
            Log.warning("QAbstractSocket::waitForDisconnected() is not allowed in UnconnectedState");
            return false;
        }
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        if (state != SocketState.ConnectedState && state != SocketState.ClosingState) {
            long before = connectedCount;
            waitForConnected(msecs);
            if (state == SocketState.UnconnectedState) {
                return connectedCount != before;   // connected, then a pending close finished it
            }
            if (state != SocketState.ConnectedState && state != SocketState.ClosingState) {
                return false;
            }
        }
        while (state == SocketState.ConnectedState || state == SocketState.ClosingState) {
            if (engine == null) {
                finishDisconnect();
                break;
            }
            if (state == SocketState.ClosingState && writeBuffer.isEmpty()) {
                finishDisconnect();
                break;
            }
            if (state == SocketState.ConnectedState && readPaused) {
                // keep reading to see the close, as Qt does: the buffer grows past its limit
                readPaused = false;
                engine.setReadNotificationEnabled(true);
            }
            long left = remaining(timer, msecs);
            if (left == 0 || !engine.waitForActivity(left)) {
                if (remaining(timer, msecs) != 0 && engine != null) {
                    continue;
                }
                timedOut();
                return false;
            }
        }
        return state == SocketState.UnconnectedState;
    }
}
