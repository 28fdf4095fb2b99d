package io.qtj.network;

import io.qtj.core.QEvent;
import io.qtj.core.QIODevice;
import io.qtj.core.QObject;
import io.qtj.core.QTimerEvent;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.Signal2;
import io.qtj.core.internal.RingBuffer;
import io.qtj.network.internal.SocketFront;
import io.qtj.network.internal.SocketStateMachine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;

/**
 * The base of Qt's socket types: a sequential {@link QIODevice} over a TCP connection, with Qt's
 * state machine, signals and blocking API.
 *
 * <p><b>Life of a connection.</b> {@link #connectToHost(String, int)} enters HostLookupState
 * (emitting {@link #stateChanged}), looks the name up asynchronously, emits {@link #hostFound},
 * enters ConnectingState and tries each address in turn until one connects (the list twice over,
 * as Qt); then it enters ConnectedState and emits {@link #connected}. Data arriving is buffered and announced with
 * {@link #readyRead}; data written is buffered and sent from the event loop, each chunk that
 * reaches the kernel announced with {@link #bytesWritten}. {@link #disconnectFromHost()} enters
 * ClosingState, sends what is still buffered, then closes: stateChanged(UnconnectedState),
 * {@link #readChannelFinished}, {@link #disconnected}. {@link #abort()} closes at once, dropping
 * unsent data.
 *
 * <p><b>Errors</b> never throw: they set {@link #error()} and {@link #errorString()} with Qt's
 * English text and emit {@link #errorOccurred}. When a connect fails (host not found, no address
 * of the requested protocol, refused by every address, timed out, a proxy error), the state is
 * already UnconnectedState in both slots and the order is Qt's: stateChanged(UnconnectedState),
 * then errorOccurred. When the peer closes the connection: errorOccurred(RemoteHostClosedError)
 * while still connected, stateChanged(Closing), stateChanged(Unconnected), readChannelFinished,
 * disconnected; data already received stays readable.
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
 * <p><b>Open mode.</b> {@link #connectToHost(String, int, Collection, NetworkLayerProtocol)} and
 * {@link #setSocketDescriptor(long, SocketState, Collection)} open the device in the mode they are
 * given (ReadWrite by default, as Qt's default arguments), so that the flags work as on any
 * {@link QIODevice}: {@code Text} translates line ends when reading (see "Text mode" in QIODevice),
 * a socket without {@code WriteOnly} refuses {@code write}, and one without {@code ReadOnly}
 * discards what arrives without emitting {@link #readyRead}, as Qt's does.
 *
 * <p>Differs from Qt: descriptors are {@code long} handles of a process-wide table (see
 * {@link QTcpServer#incomingConnection(long)}), not OS file descriptors, and always name connected
 * channels, so {@code setSocketDescriptor} accepts only ConnectedState.
 *
 * <p><b>Unbuffered sockets.</b> Opened with {@code Unbuffered} (in {@code connectToHost} or
 * {@code setSocketDescriptor}), a socket works as Qt's unbuffered TCP socket: readyRead is emitted
 * without reading, and no other until the application has read; reads go straight to the
 * connection, and {@link #bytesAvailable()} asks the kernel; a write with nothing queued goes
 * straight to the connection, and only what the kernel refuses is queued (and sent as usual).
 * Two differences from Qt, both so that code written for a buffered socket keeps working: the
 * bytes a write sent at once are announced by one {@link #bytesWritten} at the next pass of the
 * event loop (Qt announces none of them), and the end of the stream closes the socket as for a
 * buffered one (stateChanged, errorOccurred(RemoteHostClosedError), disconnected), where Qt's
 * unbuffered read drops to UnconnectedState without a signal. Java addition:
 * {@link #read(ByteBuffer)} and {@link #write(ByteBuffer)}; on an Unbuffered socket with direct
 * buffers they move the bytes between the buffer and the kernel with no copy on the JVM's side,
 * as a plain NIO program does (a byte array always costs one: the JDK copies it through a direct
 * buffer of its own).
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

    /** Qt's default open mode for connectToHost and setSocketDescriptor; never modified. */
    private static final EnumSet<OpenModeFlag> READ_WRITE = EnumSet.of(OpenModeFlag.ReadWrite);

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

    private final SocketType type;
    /** The state machine, buffers, engine and blocking API: everything but the API itself. */
    private final SocketStateMachine d = new SocketStateMachine(this, new Front(), DEFAULT_CONNECT_TIMEOUT_MS);

    /** Constructs an unconnected socket of {@code type}, child of {@code parent}. */
    public QAbstractSocket(SocketType type, QObject parent) {
        super(checkType(type, parent));
        this.type = type;
    }

    /**
     * Returns {@code parent} once {@code type} is known not to be null: checked before QObject's
     * constructor registers the object (and adds it to its parent), so that a rejected socket
     * leaves nothing half-built behind.
     */
    private static QObject checkType(SocketType type, QObject parent) {
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a SocketType)");
        }
        return parent;
    }

    // ---- state ----

    /** Returns the state. */
    public SocketState state() {
        return d.state();
    }

    /** Returns the type of the last error. UnknownSocketError until one occurred. */
    public SocketError error() {
        return d.error();
    }

    /** Returns the socket type (TcpSocket for a QTcpSocket). */
    public SocketType socketType() {
        return type;
    }

    /** Returns true if the socket has a usable connection (ConnectedState or ClosingState). */
    public boolean isValid() {
        return d.isValid();
    }

    /** Sockets are sequential devices: always true. */
    @Override
    public boolean isSequential() {
        return true;
    }

    /**
     * Sets the type of the last error to {@code e}, as Qt's protected setSocketError: for
     * subclasses; it emits nothing (set {@link #setErrorString(String)} too).
     */
    protected void setSocketError(SocketError e) {
        if (e == null) {
            throw new IllegalArgumentException("e: null (expected: a SocketError)");
        }
        d.setError(e);
    }

    /** Sets the error and its text, then emits {@link #errorOccurred}: every failure path. */
    private void setErrorAndEmit(SocketError e, String text) {
        d.setError(e);
        setErrorString(text);
        errorOccurred.emit(e);
    }

    private void checkOwner(String what) {
        checkAlive();
        checkThread("QAbstractSocket", what);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** The text of a non-null address, for the address forms of connectToHost (as Qt's). */
    private static String text(QHostAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: a QHostAddress)");
        }
        return address.toString();
    }

    /** The flags of a varargs open mode, which must not be a null array. */
    private static Collection<OpenModeFlag> flags(OpenModeFlag[] openMode) {
        if (openMode == null) {
            throw new IllegalArgumentException("openMode: null (expected: open mode flags, such as ReadWrite)");
        }
        return Arrays.asList(openMode);
    }

    /** A copy of {@code openMode}, which must be a collection of non-null flags. */
    private static EnumSet<OpenModeFlag> checkOpenMode(Collection<OpenModeFlag> openMode) {
        if (openMode == null) {
            throw new IllegalArgumentException("openMode: null (expected: open mode flags, such as ReadWrite)");
        }
        EnumSet<OpenModeFlag> mode = EnumSet.noneOf(OpenModeFlag.class);
        for (OpenModeFlag f : openMode) {
            if (f == null) {
                throw new IllegalArgumentException("openMode: " + openMode + " (expected: no null flag)");
            }
            mode.add(f);
        }
        return mode;
    }

    // ---- connecting ----

    /**
     * Attempts a connection to {@code hostName} on {@code port}: the name is looked up
     * asynchronously (an IP literal is used as is; a proxy that resolves names gets the name), then
     * each address is tried in turn, the whole list twice over, as Qt's (a failed or timed-out
     * attempt moves on to the next entry). Returns at once; watch {@link #connected} and
     * {@link #errorOccurred}. Does nothing (but warn, as Qt) if already connecting or connected.
     * The socket is opened for reading and writing and any address is tried: the same as
     * {@link #connectToHost(String, int, Collection, NetworkLayerProtocol)} with ReadWrite and
     * AnyIPProtocol, Qt's default arguments.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535 or the name is null
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public void connectToHost(String hostName, int port) {
        connectToHost(hostName, port, READ_WRITE, NetworkLayerProtocol.AnyIPProtocol);
    }

    /** Same as {@link #connectToHost(String, int, Collection)} with the flags of {@code openMode}. */
    public void connectToHost(String hostName, int port, OpenModeFlag... openMode) {
        connectToHost(hostName, port, flags(openMode));
    }

    /**
     * Attempts a connection to {@code hostName} on {@code port}, opening the socket in the flags of
     * {@code openMode}; any address is tried. The same as
     * {@link #connectToHost(String, int, Collection, NetworkLayerProtocol)} with AnyIPProtocol.
     *
     * @throws IllegalArgumentException if {@code hostName} or {@code openMode} is null, a flag is
     *                                  null, or {@code port} is outside 0..65535
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public void connectToHost(String hostName, int port, Collection<OpenModeFlag> openMode) {
        connectToHost(hostName, port, openMode, NetworkLayerProtocol.AnyIPProtocol);
    }

    /**
     * Attempts a connection to {@code hostName} on {@code port}, as Qt's
     * {@code connectToHost(hostName, port, openMode, protocol)}; the other forms come here.
     *
     * <p>The socket is opened in the flags of {@code openMode} at once, before it enters
     * HostLookupState, as in Qt, even if it is still open from an earlier connection (the new mode
     * replaces the old one, and bytes QIODevice held from that connection are dropped). The flags
     * work as on any {@link QIODevice}: with {@code Text} reads turn {@code "\r\n"} into
     * {@code "\n"}; without {@code WriteOnly}, {@code write} returns -1; without {@code ReadOnly},
     * what arrives is discarded and {@link #readyRead} is not emitted. As in Qt the mode is not
     * checked: a mode with neither ReadOnly nor WriteOnly is applied as it is, and an empty one (or
     * {@code NotOpen}) leaves the device closed while the socket connects. With {@code Unbuffered}
     * the socket reads and writes through no buffer of its own where it can (see the class
     * comment).
     *
     * <p>Then the name is looked up (an IP literal is used as is), and the addresses tried in turn
     * are those of {@code protocol}: with IPv4Protocol or IPv6Protocol the others are dropped, and
     * if none is left (an IP literal of the other protocol, or a name with no such address) the
     * connect fails with HostNotFoundError ("Host not found"): stateChanged(UnconnectedState), then
     * errorOccurred, and no hostFound, as Qt. AnyIPProtocol, and
     * UnknownNetworkLayerProtocol as in Qt, try every address. When the proxy in use resolves names
     * itself, it gets the name and {@code protocol} has no effect, as in Qt. Returns at once; watch
     * {@link #connected} and {@link #errorOccurred}.
     *
     * <p>If the socket is already looking up, connecting, connected or closing, it logs a warning
     * naming {@code hostName}, sets OperationError ("Trying to connect while connection is in
     * progress") and emits errorOccurred, as Qt 5; nothing else changes: not the state, not the
     * open mode, and the connection in progress goes on.
     *
     * @throws IllegalArgumentException if {@code hostName}, {@code openMode} or {@code protocol} is
     *                                  null, a flag is null, or {@code port} is outside 0..65535
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public void connectToHost(String hostName, int port, Collection<OpenModeFlag> openMode,
            NetworkLayerProtocol protocol) {
        checkOwner("connectToHost");
        if (hostName == null) {
            throw new IllegalArgumentException("hostName: null (expected: a host name or address)");
        }
        checkPort(port);
        EnumSet<OpenModeFlag> mode = checkOpenMode(openMode);
        if (protocol == null) {
            throw new IllegalArgumentException("protocol: null (expected: a NetworkLayerProtocol, "
                    + "such as AnyIPProtocol)");
        }
        d.connectToHost(hostName, port, mode, protocol);
    }

    /**
     * Attempts a connection to {@code address} on {@code port}, as
     * {@link #connectToHost(String, int)} without the lookup: it calls that method with the
     * address's text, as Qt does.
     */
    public void connectToHost(QHostAddress address, int port) {
        connectToHost(text(address), port);
    }

    /**
     * Same as {@link #connectToHost(QHostAddress, int, Collection)} with the flags of
     * {@code openMode}: it calls {@link #connectToHost(String, int, OpenModeFlag...)} with the
     * address's text.
     */
    public void connectToHost(QHostAddress address, int port, OpenModeFlag... openMode) {
        connectToHost(text(address), port, openMode);
    }

    /**
     * Attempts a connection to {@code address} on {@code port}, opening the socket in the flags of
     * {@code openMode}: it calls {@link #connectToHost(String, int, Collection)} with the address's
     * text, as Qt's {@code connectToHost(address, port, openMode)} does.
     *
     * @throws IllegalArgumentException if {@code address} or {@code openMode} is null, a flag is
     *                                  null, or {@code port} is outside 0..65535
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public void connectToHost(QHostAddress address, int port, Collection<OpenModeFlag> openMode) {
        connectToHost(text(address), port, openMode);
    }

    // ---- reading ----

    @Override
    protected long readData(byte[] dst, int off, int len) {
        return d.io().readData(dst, off, len);
    }

    @Override
    protected long readLineData(byte[] dst, int off, int len) {
        if (d.io().bufferedBytes() == 0) {
            return super.readLineData(dst, off, len);
        }
        return d.io().readLine(dst, off, len);
    }

    @Override
    public long bytesAvailable() {
        return d.io().bytesAvailable() + super.bytesAvailable();
    }

    @Override
    public boolean canReadLine() {
        return d.io().canReadLine() || super.canReadLine();
    }

    /** Returns the bytes waiting to be written. */
    @Override
    public long bytesToWrite() {
        return d.io().bytesToWrite();
    }

    /** Returns the read buffer limit in bytes; 0 (the default) means unlimited. */
    public long readBufferSize() {
        return d.io().readBufferSize();
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
        d.io().setReadBufferSize(size);
    }

    /**
     * Reads at most {@code dst.remaining()} bytes into {@code dst}, advancing its position, and
     * returns how many (0 if none are available now), or -1 at the end of the stream or if the
     * socket is not open for reading, as {@link #read(byte[], int, int)}. A Java addition, for
     * {@code java.nio} code: on an Unbuffered socket a direct {@code dst} receives the bytes from
     * the kernel with no copy on the JVM's side. In Text mode, inside a transaction, or while
     * QIODevice holds bytes (peeked, or pushed back by {@code ungetChar}) it reads through
     * {@link #read(byte[], int, int)}, so the order of the bytes and the translation are the same.
     *
     * @throws IllegalArgumentException if {@code dst} is null or read-only
     */
    public int read(ByteBuffer dst) {
        if (dst == null || dst.isReadOnly()) {
            throw new IllegalArgumentException("dst: " + dst + " (expected: a writable ByteBuffer)");
        }
        if (!isOpen() || !isReadable() || isTextModeEnabled() || isTransactionStarted()
                || super.bytesAvailable() > 0 || !dst.hasRemaining()) {
            byte[] a = new byte[Math.min(dst.remaining(), RingBuffer.DIRECT_CHUNK_SIZE)];
            int n = read(a, 0, a.length);
            if (n > 0) {
                dst.put(a, 0, n);
            }
            return n;
        }
        return (int) d.io().readData(dst);
    }

    /**
     * Writes the remaining bytes of {@code src}, advancing its position past them, and returns how
     * many (all of them), or -1 on error (the socket is not open for writing, or not connected),
     * consuming none, as {@link #write(byte[], int, int)}. A Java addition, for {@code java.nio}
     * code: on an Unbuffered socket with nothing queued a direct {@code src} goes to the kernel
     * with no copy on the JVM's side.
     *
     * @throws IllegalArgumentException if {@code src} is null
     */
    public long write(ByteBuffer src) {
        if (src == null) {
            throw new IllegalArgumentException("src: null (expected: a ByteBuffer)");
        }
        if (!isOpen() || !isWritable()) {
            return write(new byte[0], 0, 0);   // QIODevice's warning, and -1
        }
        return d.io().writeData(src);
    }

    // ---- writing ----

    @Override
    protected long writeData(byte[] src, int off, int len) {
        return d.io().writeData(src, off, len);
    }

    /**
     * Writes as much of the write buffer as possible without blocking. Returns true if anything was
     * written.
     */
    public boolean flush() {
        checkOwner("flush");
        return d.io().flush();
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
        d.disconnectFromHost();
    }

    /**
     * Closes the connection at once, dropping what is not yet written, and closes the device: no
     * ClosingState, as Qt.
     */
    public void abort() {
        checkOwner("abort");
        d.abort();
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
        d.deviceClosed();
    }

    /**
     * Handles two events of the socket's own machinery, and passes every event on to
     * {@link QIODevice}, except the connect timer's. ThreadChange, which {@link #moveToThread} sends
     * in the old thread: the old thread's event loop stops watching the connection, and the new
     * thread's takes over once the socket is there, with the same notifications. Timer, for the
     * connect timer (Qt's connectTimer, {@link #setConnectTimeout}): the attempt is given up; the
     * socket's other timers (a subclass's {@link #startTimer}) reach {@link #timerEvent} as usual.
     * A subclass that overrides this must pass both on, or its socket goes deaf in a new thread and
     * its connects never time out.
     *
     * <p>Differs from Qt: Qt's socket has no such handler, because its engine's socket notifiers
     * and its connect timer are child objects of their own; qtj's socket has neither, to keep a
     * connect from making and disposing three objects.
     */
    @Override
    public boolean event(QEvent e) {
        int type = e.typeId();
        if (type == QEvent.Type.Timer.id()) {
            if (d.timerFired(((QTimerEvent) e).timerId())) {
                return true;
            }
        } else if (type == QEvent.Type.ThreadChange.id()) {
            d.threadChange();
        }
        return super.event(e);
    }

    /** Aborts the connection, releases the channel, and disposes the socket. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        d.dispose();
        super.dispose();
    }

    // ---- addresses, options, descriptors, proxy ----

    /** Returns the local address of a connected socket; QHostAddress() otherwise. */
    public QHostAddress localAddress() {
        return d.localAddress();
    }

    /** Returns the local port of a connected socket; 0 otherwise. */
    public int localPort() {
        return d.localPort();
    }

    /** Returns the peer's address while connected (or connecting); QHostAddress() otherwise. */
    public QHostAddress peerAddress() {
        return d.peerAddress();
    }

    /** Returns the peer's port while connected (or connecting); 0 otherwise. */
    public int peerPort() {
        return d.peerPort();
    }

    /** Returns the name given to {@link #connectToHost(String, int)}, or "" if none. */
    public String peerName() {
        return d.peerName();
    }

    /**
     * Returns the time each connect attempt may take (default 30 000 ms); see
     * {@link #setConnectTimeout(int)}.
     */
    public int connectTimeout() {
        return d.connectTimeout();
    }

    /**
     * Sets the time each connect attempt may take; -1 waits for the system's own timeout. The timer
     * runs per attempt, as Qt's: when it fires and attempts are left (every address is tried twice),
     * the attempt is given up and the next one is made with a fresh timeout; when none is left,
     * the connect fails with SocketTimeoutError ("Connection timed out"). Through a proxy, the
     * proxy's timeout error ends the connect at once. The timer runs from the event loop; a blocking
     * {@link #waitForConnected(int)} with a finite timeout gives each attempt this long too, as Qt's
     * (with -1, it leaves each attempt to the system). Qt hard-codes 30 s; this is a qtj addition.
     */
    public void setConnectTimeout(int msecs) {
        if (msecs < -1) {
            throw new IllegalArgumentException("msecs: " + msecs + " (expected: -1 or >= 0)");
        }
        d.setConnectTimeout(msecs);
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
        d.setSocketOption(option, value);
    }

    /** Returns the value of {@code option}: the connection's if connected, else what was set, else null. */
    public Object socketOption(SocketOption option) {
        if (option == null) {
            throw new IllegalArgumentException("option: null (expected: a SocketOption)");
        }
        return d.socketOption(option);
    }

    /** Returns the socket's descriptor handle, or -1 if it has no connection. */
    public long socketDescriptor() {
        return d.socketDescriptor();
    }

    /**
     * Adopts the connected channel behind {@code descriptor} (from
     * {@link QTcpServer#incomingConnection(long)}, in any thread): the socket enters ConnectedState,
     * open for reading and writing. Returns false, setting UnsupportedSocketOperationError, if the
     * descriptor is unknown or not a connected TCP channel. The same as
     * {@link #setSocketDescriptor(long, SocketState, Collection)} with ConnectedState and ReadWrite,
     * Qt's default arguments.
     */
    public boolean setSocketDescriptor(long descriptor) {
        return setSocketDescriptor(descriptor, SocketState.ConnectedState, READ_WRITE);
    }

    /**
     * Adopts the channel behind {@code descriptor} in {@code socketState}, open for reading and
     * writing: the same as {@link #setSocketDescriptor(long, SocketState, Collection)} with
     * ReadWrite, Qt's default argument.
     *
     * @throws IllegalArgumentException if {@code socketState} is null
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public boolean setSocketDescriptor(long descriptor, SocketState socketState) {
        return setSocketDescriptor(descriptor, socketState, READ_WRITE);
    }

    /** Same as {@link #setSocketDescriptor(long, SocketState, Collection)} with the flags of {@code openMode}. */
    public boolean setSocketDescriptor(long descriptor, SocketState socketState, OpenModeFlag... openMode) {
        return setSocketDescriptor(descriptor, socketState, flags(openMode));
    }

    /**
     * Initializes the socket with the connected channel behind {@code descriptor} (from
     * {@link QTcpServer#incomingConnection(long)}, in any thread), as Qt's
     * {@code setSocketDescriptor(socketDescriptor, socketState, openMode)}: the read and write
     * buffers are cleared (a connection the socket had is aborted first), the device is opened in
     * the flags of {@code openMode} (as for {@link #connectToHost(String, int, Collection,
     * NetworkLayerProtocol)}: Text, a missing ReadOnly or WriteOnly work as there), and the socket
     * enters {@code socketState}. Returns true if the descriptor was adopted; otherwise returns false
     * and sets UnsupportedSocketOperationError: if the descriptor is unknown or not a connected TCP
     * channel ("The socket descriptor is invalid"), or if {@code socketState} is not ConnectedState
     * ("Operation on socket is not supported"). Unlike Qt, which trusts the state it is given (a
     * native socket may be adopted in UnconnectedState and connected later), qtj descriptors name
     * connected channels only; a refused call leaves the socket and the descriptor as they were.
     *
     * @throws IllegalArgumentException if {@code socketState} or {@code openMode} is null, or a flag
     *                                  is null
     * @throws IllegalStateException    if called from another thread than the socket's
     */
    public boolean setSocketDescriptor(long descriptor, SocketState socketState, Collection<OpenModeFlag> openMode) {
        checkOwner("setSocketDescriptor");
        if (socketState == null) {
            throw new IllegalArgumentException("socketState: null (expected: a SocketState, such as ConnectedState)");
        }
        return d.setSocketDescriptor(descriptor, socketState, checkOpenMode(openMode));
    }

    /** Returns the proxy set for this socket; DefaultProxy (use the application's setting) unless set. */
    public QNetworkProxy proxy() {
        return d.proxy();
    }

    /**
     * Sets the proxy for the next connection: DefaultProxy follows the application proxy, factory
     * and system configuration; NoProxy connects directly.
     */
    public void setProxy(QNetworkProxy p) {
        if (p == null) {
            throw new IllegalArgumentException("p: null (expected: a QNetworkProxy)");
        }
        d.setProxy(p);
    }

    // ---- the blocking API ----

    /**
     * Waits until the socket is connected, up to {@code msecs} milliseconds. Returns true if the
     * connection has been established; otherwise returns false, and {@link #error()} tells why. If
     * msecs is -1, this function will not time out. A host lookup still pending is done in this
     * thread first, so the wait may last slightly longer than msecs.
     *
     * <p>As in Qt 5, a finite {@code msecs} gives each connect attempt at most the
     * {@link #connectTimeout() connect timeout}: when an attempt has had it and msecs are not used
     * up, that attempt is given up and the next address of the host lookup is tried, as the event
     * loop's connect timer does. When no address is left, the connect fails as any failed connect
     * (stateChanged(UnconnectedState), then errorOccurred(SocketTimeoutError), "Network operation
     * timed out"; through a proxy, the proxy's timeout error at once), after which this function
     * records its own "Socket operation timed out" and emits stateChanged(UnconnectedState) a
     * second time, as Qt's does. With -1 an attempt is not cut
     * short: it lasts until the system ends it (refused, or its own connect timeout, about two
     * minutes on Linux), as in Qt.
     *
     * <p>When msecs run out, the connect is given up, whatever address it was on: false with
     * SocketTimeoutError ("Socket operation timed out"), recorded without emitting
     * {@link #errorOccurred}, as Qt's, and UnconnectedState with {@link #stateChanged}.
     *
     * @see #connectToHost(String, int)
     * @see #connected
     */
    public boolean waitForConnected(int msecs) {
        checkOwner("waitForConnected");
        return d.waits().waitForConnected(msecs);
    }

    /**
     * Blocks until new data has arrived (emitting readyRead) and returns true, or returns false on
     * timeout (SocketTimeoutError) or when the connection closes.
     */
    @Override
    public boolean waitForReadyRead(int msecs) {
        checkOwner("waitForReadyRead");
        return d.waits().waitForReadyRead(msecs);
    }

    /**
     * Blocks until some buffered data has been written (emitting bytesWritten) and returns true;
     * false if nothing is buffered, on timeout (SocketTimeoutError) or error.
     */
    @Override
    public boolean waitForBytesWritten(int msecs) {
        checkOwner("waitForBytesWritten");
        return d.waits().waitForBytesWritten(msecs);
    }

    /**
     * Blocks until the socket has disconnected and returns true, or returns false on timeout
     * (SocketTimeoutError). Returns false at once if the socket is not connected.
     */
    public boolean waitForDisconnected(int msecs) {
        checkOwner("waitForDisconnected");
        return d.waits().waitForDisconnected(msecs);
    }

    /**
     * What the state machine reports to this socket: the signals, the error, the device, and the
     * socket's own (overridable) operations. A private class, so that none of it is public API.
     */
    private final class Front implements SocketFront {
        @Override
        public void emitStateChanged(SocketState s) {
            stateChanged.emit(s);
        }

        @Override
        public void emitHostFound() {
            hostFound.emit();
        }

        @Override
        public void emitConnected() {
            connected.emit();
        }

        @Override
        public void emitDisconnected() {
            disconnected.emit();
        }

        @Override
        public void emitReadChannelFinished() {
            readChannelFinished.emit();
        }

        @Override
        public void emitReadyRead() {
            QAbstractSocket.this.emitReadyRead();
        }

        @Override
        public void emitBytesWritten(long bytes) {
            bytesWritten.emit(bytes);
        }

        @Override
        public void emitProxyAuthenticationRequired(QNetworkProxy p, QAuthenticator authenticator) {
            proxyAuthenticationRequired.emit(p, authenticator);
        }

        @Override
        public void setSocketError(SocketError e, String text) {
            setErrorAndEmit(e, text);
        }

        @Override
        public void emitErrorOccurred(SocketError e) {
            errorOccurred.emit(e);
        }

        @Override
        public void setErrorString(String text) {
            QAbstractSocket.this.setErrorString(text);
        }

        @Override
        public void openDevice(EnumSet<OpenModeFlag> mode) {
            d.io().setUnbuffered(mode.contains(OpenModeFlag.Unbuffered));
            open(mode);
        }

        @Override
        public boolean isReadable() {
            return QAbstractSocket.this.isReadable();
        }

        @Override
        public void disconnectFromHost() {
            QAbstractSocket.this.disconnectFromHost();
        }

        @Override
        public void abort() {
            QAbstractSocket.this.abort();
        }

        @Override
        public void close() {
            QAbstractSocket.this.close();
        }

        @Override
        public boolean isValid() {
            return QAbstractSocket.this.isValid();
        }

        @Override
        public boolean waitForConnected(int msecs) {
            return QAbstractSocket.this.waitForConnected(msecs);
        }
    }
}
