package io.qtj.network.internal;

import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Qt;
import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketOption;
import io.qtj.network.QAbstractSocket.SocketState;
import io.qtj.network.QAuthenticator;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;

import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The state machine behind a {@code QAbstractSocket} (the private half of Qt's
 * QAbstractSocketPrivate): the state (Unconnected, HostLookup, Connecting, Connected, Closing)
 * and its changes, the engine, the close that waits for a connect to finish, and the addresses and
 * options of the connection. The connect sequence (proxy, host lookup, addresses, connect timer)
 * is in {@link SocketConnector}, the buffers and the transfers in {@link SocketBuffers}, the
 * blocking API in {@link SocketWaits}.
 *
 * <p>It reports to the public socket only through its {@link SocketFront}, and re-checks its state
 * after every call that may run user slots. The engine reports to it through a private
 * {@link SocketEngine.Receiver}. Used from the socket's thread only; the public class checks that.
 */
public final class SocketStateMachine implements SocketEngine.Receiver {
    private final QObject owner;
    private final SocketFront front;
    private final SocketBuffers io;
    /** Made on first use: accepted sockets never connect, and most never block. */
    private SocketWaits waits;
    private SocketConnector connector;
    private int connectTimeoutMs;
    private SocketState state = SocketState.UnconnectedState;
    private SocketError error = SocketError.UnknownSocketError;
    /** The engine of the current connection attempt or connection; null when there is none. */
    private SocketEngine engine;
    /** disconnectFromHost() came while looking up or connecting: it runs once connected. */
    private boolean pendingClose;
    /** True while abort() closes the socket: disconnectFromHost() then closes at once. */
    private boolean abortCalled;
    private long connectedCount;
    private String peerName = "";
    private QHostAddress localAddress;   // null: QHostAddress()
    private int localPort;
    private QHostAddress peerAddress;    // null: QHostAddress()
    private int peerPort;
    private Map<SocketOption, Object> options;   // made when the first option is set

    /**
     * Makes the state machine of the socket {@code owner} (the parent of its timer and engines),
     * reporting to {@code front}, with a connect timeout of {@code connectTimeoutMs}.
     */
    public SocketStateMachine(QObject owner, SocketFront front, int connectTimeoutMs) {
        this.owner = owner;
        this.front = front;
        this.io = new SocketBuffers(this, front);
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** The read and write buffers. */
    public SocketBuffers io() {
        return io;
    }

    /** The blocking API. */
    SocketConnector connector() {
        if (connector == null) {
            connector = new SocketConnector(owner, this, front, connectTimeoutMs);
        }
        return connector;
    }

    private boolean isConnectedOrClosing() {
        return state == SocketState.ConnectedState || state == SocketState.ClosingState;
    }

    private void stopConnectTimer() {
        if (connector != null) {
            connector.stopConnectTimer();
        }
    }

    private void abortLookup() {
        if (connector != null) {
            connector.abortLookup();
        }
    }

    public SocketWaits waits() {
        if (waits == null) {
            waits = new SocketWaits(this, io, front);
        }
        return waits;
    }

    // ---- state ----

    public SocketState state() {
        return state;
    }

    public SocketError error() {
        return error;
    }

    /** Records the error; the caller sets the text and emits. */
    public void setError(SocketError e) {
        error = e;
    }

    public boolean isValid() {
        return engine != null && engine.state() == SocketEngine.State.Connected
                && (state == SocketState.ConnectedState || state == SocketState.ClosingState);
    }

    void setState(SocketState s) {
        if (state != s) {
            state = s;
            front.emitStateChanged(s);
        }
    }

    void setErrorSilently(SocketError e, String text) {
        error = e;
        front.setErrorString(text);
    }

    boolean isDisposed() {
        return owner.isDisposed();
    }

    SocketEngine engine() {
        return engine;
    }

    void setEngine(SocketEngine e) {
        engine = e;
    }

    void setPeerName(String name) {
        peerName = name;
    }

    void setPeer(QHostAddress address, int port) {
        peerAddress = new QHostAddress(address);
        peerPort = port;
    }

    long connectedCount() {
        return connectedCount;
    }

    // ---- connecting ----

    /**
     * connectToHost, its arguments checked: resolves the proxy, opens the device in {@code mode},
     * then looks the name up or connects, trying only addresses of {@code protocol}.
     */
    public void connectToHost(String hostName, int port, EnumSet<OpenModeFlag> mode, NetworkLayerProtocol protocol) {
        connector().connectToHost(hostName, port, mode, protocol);
    }

    /** Gives {@code e} this machine's receiver and the options set so far; returns it. */
    <E extends SocketEngine> E configure(E e) {
        e.setReceiver(this);
        for (Map.Entry<SocketOption, Object> o : options == null ? Map.<SocketOption, Object>of().entrySet()
                : options.entrySet()) {
            e.setOption(o.getKey(), o.getValue());
        }
        return e;
    }

    /**
     * Gives the connect up with {@code why}: UnconnectedState and the error are set first, then
     * stateChanged(UnconnectedState) is emitted, then errorOccurred, the order of Qt's
     * {@code _q_startConnecting} (no address), {@code _q_connectToNextAddress} (all addresses
     * failed, a proxy error included) and {@code _q_abortConnectionAttempt} (timed out).
     */
    void failConnect(SocketErrors.Mapped why) {
        giveUpConnect(why);
        front.emitStateChanged(SocketState.UnconnectedState);
        if (isDisposed()) {
            return;
        }
        front.emitErrorOccurred(why.error());
    }

    /**
     * As {@link #failConnect}, but errorOccurred comes before stateChanged(UnconnectedState): the
     * order of Qt's {@code startConnectingByName} when the engine fails within the connect call.
     */
    void failConnectErrorFirst(SocketErrors.Mapped why) {
        giveUpConnect(why);
        front.emitErrorOccurred(why.error());
        if (isDisposed()) {
            return;
        }
        front.emitStateChanged(SocketState.UnconnectedState);
    }

    private void giveUpConnect(SocketErrors.Mapped why) {
        stopConnectTimer();
        closeEngine();
        pendingClose = false;
        state = SocketState.UnconnectedState;
        setErrorSilently(why.error(), why.text());
    }

    void connectionEstablished() {
        stopConnectTimer();
        if (connector != null) {
            connector.forgetProxyInUse();
            if (connector.isIdle()) {
                connector = null;   // nothing of the connect is left to keep: made again if needed
            }
        }
        // while connected the engine answers for the addresses: no copies kept per connection
        localAddress = null;
        localPort = engine.localPort();
        peerAddress = null;
        peerPort = engine.peerPort();
        io.startReading(engine);
        if (io.bytesToWrite() > 0) {
            engine.setWriteNotificationEnabled(true);   // what was written while connecting goes out now
        }
        connectedCount++;
        state = SocketState.ConnectedState;
        front.emitStateChanged(state);
        if (state != SocketState.ConnectedState) {
            return;
        }
        front.emitConnected();
        if (state != SocketState.ConnectedState) {
            return;
        }
        if (pendingClose) {
            // disconnectFromHost() or close() came while connecting: flush, then close, as Qt
            pendingClose = false;
            front.disconnectFromHost();
        }
    }

    /**
     * Gives the connect up when waitForConnected timed out: SocketTimeoutError, recorded without
     * emitting errorOccurred (as Qt's waitForConnected, unlike its other waits), then Unconnected
     * with stateChanged. Also closes a wait whose last attempt ran out of connect timeout after the
     * connect had already failed: stateChanged(UnconnectedState) then comes a second time, as in Qt.
     */
    void connectWaitTimedOut() {
        giveUpConnect(new SocketErrors.Mapped(SocketError.SocketTimeoutError, SocketErrors.OPERATION_TIMED_OUT));
        if (!isDisposed()) {
            front.emitStateChanged(SocketState.UnconnectedState);
        }
    }

    // ---- the engine's notifications (SocketEngine.Receiver; internal, so public here costs nothing) ----

    @Override
    public void readNotification() {
        io.readNotification();
    }

    @Override
    public void writeNotification() {
        if (state == SocketState.ConnectedState || state == SocketState.ClosingState) {
            io.writeToSocket();
        }
    }

    @Override
    public void connectionNotification() {
        if (state == SocketState.ConnectingState && engine != null) {
            connector().afterConnectAttempt();
        }
    }

    @Override
    public void proxyAuthenticationRequired(QNetworkProxy p, QAuthenticator authenticator) {
        front.emitProxyAuthenticationRequired(p, authenticator);
    }

    // ---- closing ----

    /** disconnectFromHost, the thread checked: see the public class for the rules. */
    public void disconnectFromHost() {
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
            abortLookup();
            stopConnectTimer();
        } else {
            if (state != SocketState.ClosingState) {
                setState(SocketState.ClosingState);
                if (isDisposed() || state != SocketState.ClosingState) {
                    return;
                }
            }
            if (engine != null && engine.state() == SocketEngine.State.Connected && io.bytesToWrite() > 0) {
                engine.setWriteNotificationEnabled(true);
                return;   // writeToSocket() finishes when the buffer is empty
            }
        }
        finishDisconnect();
    }

    void finishDisconnect() {
        SocketState previous = state;
        closeEngine();
        pendingClose = false;
        state = SocketState.UnconnectedState;
        front.emitStateChanged(state);
        if (isDisposed()) {
            return;
        }
        front.emitReadChannelFinished();
        if (isDisposed()) {
            return;
        }
        if (previous == SocketState.ConnectedState || previous == SocketState.ClosingState) {
            front.emitDisconnected();
        }
        if (!isDisposed() && state == SocketState.UnconnectedState) {
            localPort = 0;
            peerPort = 0;
            localAddress = null;
            peerAddress = null;
        }
    }

    /** abort, the thread checked: drops unsent data and closes the socket without ClosingState. */
    public void abort() {
        io.clearWriteBuffer();
        if (state == SocketState.UnconnectedState) {
            return;
        }
        abortCalled = true;
        try {
            front.close();
        } finally {
            abortCalled = false;
        }
    }

    /** The socket's part of close(), after the device closed: disconnects and drops unread data. */
    public void deviceClosed() {
        if (state != SocketState.UnconnectedState) {
            front.disconnectFromHost();
        }
        io.clearReadBuffer();
    }

    void closeEngine() {
        if (engine != null) {
            SocketEngine e = engine;
            engine = null;
            e.close();
        }
        io.resetReadPause();
    }

    /**
     * The socket got the Timer event of timer {@code id}: returns true if it was one of the state
     * machine's own (the connect timer), now handled.
     */
    public boolean timerFired(int id) {
        return connector != null && connector.connectTimerFired(id);
    }

    // ---- threads ----

    /**
     * The socket is moving to another thread (its ThreadChange, delivered in the old thread): the
     * old thread's event loop stops watching the engine, and a call queued to the socket, which
     * moves with it, has the new thread's loop watch it with the same notifications enabled (what
     * Qt's socket notifiers do for themselves on ThreadChange). Bytes written for a flush still
     * queued in the old thread go out through a write notification instead.
     */
    public void threadChange() {
        if (engine == null) {
            return;
        }
        io.leavingThread();   // first: a queued flush becomes a write notification, which moves
        engine.leavingThread();
        QMetaObject.invokeMethod(owner, this::enteredThread, Qt.ConnectionType.QueuedConnection);
    }

    private void enteredThread() {
        if (engine != null) {
            engine.enteredThread();   // the engine of the moment: a new one is watched already
        }
    }

    /** Before the socket is disposed: stops the lookup, and in the socket's thread the connection. */
    public void dispose() {
        abortLookup();
        QThread thread = owner.thread();
        if (thread == null || thread.isCurrentThread() || !thread.isRunning()) {
            closeEngine();
            state = SocketState.UnconnectedState;
        }
    }

    // ---- addresses, options, descriptors, proxy ----

    public QHostAddress localAddress() {
        if (localAddress == null && engine != null && isConnectedOrClosing()) {
            return new QHostAddress(engine.localAddress());
        }
        return localAddress == null ? new QHostAddress() : new QHostAddress(localAddress);
    }

    public int localPort() {
        return localPort;
    }

    public QHostAddress peerAddress() {
        if (peerAddress == null && engine != null && isConnectedOrClosing()) {
            return new QHostAddress(engine.peerAddress());
        }
        return peerAddress == null ? new QHostAddress() : new QHostAddress(peerAddress);
    }

    public int peerPort() {
        return peerPort;
    }

    public String peerName() {
        return peerName;
    }

    public int connectTimeout() {
        return connector == null ? connectTimeoutMs : connector.connectTimeout();
    }

    public void setConnectTimeout(int msecs) {
        connectTimeoutMs = msecs;
        if (connector != null) {
            connector.setConnectTimeout(msecs);
        }
    }

    public void setSocketOption(SocketOption option, Object value) {
        if (options == null) {
            options = new EnumMap<>(SocketOption.class);
        }
        options.put(option, value);
        if (engine != null) {
            engine.setOption(option, value);
        }
    }

    public Object socketOption(SocketOption option) {
        return engine != null ? engine.option(option) : options == null ? null : options.get(option);
    }

    public long socketDescriptor() {
        return engine == null ? -1 : engine.descriptor();
    }

    /**
     * setSocketDescriptor, the arguments and thread checked: adopts a connected channel of
     * SocketDescriptors in ConnectedState, opening the device in {@code mode}. Any other
     * {@code socketState} fails with UnsupportedSocketOperationError and leaves the descriptor and
     * the socket as they were: a descriptor here is always a connected channel.
     */
    public boolean setSocketDescriptor(long descriptor, SocketState socketState, EnumSet<OpenModeFlag> mode) {
        NetworkChannel ch = SocketDescriptors.get(descriptor);
        if (!(ch instanceof SocketChannel sc) || !sc.isConnected()) {
            setErrorSilently(SocketError.UnsupportedSocketOperationError, "The socket descriptor is invalid");
            return false;
        }
        if (socketState != SocketState.ConnectedState) {
            setErrorSilently(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
            return false;
        }
        if (state != SocketState.UnconnectedState) {
            front.abort();
        }
        SocketDescriptors.Addresses proxied = SocketDescriptors.addresses(descriptor);
        SocketDescriptors.release(descriptor);
        NioSocketEngine nio = configure(new NioSocketEngine(owner));
        if (!nio.adopt(sc)) {
            setErrorSilently(nio.error(), nio.errorString());
            return false;
        }
        if (proxied != null) {
            // accepted through a SOCKS5 BIND: the connection to the proxy now carries the peer's bytes
            nio.overrideAddresses(proxied.local(), proxied.localPort(), proxied.peer(), proxied.peerPort());
        }
        engine = nio;
        io.clear();
        peerName = "";
        localAddress = null;   // the engine answers while connected
        localPort = nio.localPort();
        peerAddress = null;
        peerPort = nio.peerPort();
        io.startReading(engine);
        front.openDevice(mode);
        setState(SocketState.ConnectedState);
        return true;
    }

    public QNetworkProxy proxy() {
        return connector == null ? new QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy) : connector.proxy();
    }

    public void setProxy(QNetworkProxy p) {
        connector().setProxy(p);
    }
}
