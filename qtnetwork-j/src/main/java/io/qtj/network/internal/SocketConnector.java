package io.qtj.network.internal;

import io.qtj.core.QIODevice.OpenModeFlag;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.core.internal.Log;
import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketState;
import io.qtj.network.QHostAddress;
import io.qtj.network.QHostInfo;
import io.qtj.network.QNetworkProxy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The connect sequence of a {@link SocketStateMachine} (Qt's {@code _q_startConnecting},
 * {@code _q_connectToNextAddress}, {@code _q_testConnection}, {@code _q_abortConnectionAttempt}):
 * the proxy chosen once per connect, the host lookup, the addresses of the requested network layer
 * protocol tried in turn, and the connect timer. Success and failure are the state machine's to act
 * on ({@code connectionEstablished}, {@code failConnect}). Used from the socket's thread only.
 */
final class SocketConnector {
    private final QObject owner;
    private final SocketStateMachine sm;
    private final SocketFront front;
    private int peerPortRequested;
    /**
     * The network layer protocol of the current connect (Qt's preferredNetworkLayerProtocol): only
     * addresses of this protocol are tried, unless it is AnyIPProtocol or UnknownNetworkLayerProtocol.
     * Kept here, not in the state machine, because the connector is dropped once connected (unless
     * it holds a proxy): a connected socket carries no copy.
     */
    private NetworkLayerProtocol protocol = NetworkLayerProtocol.AnyIPProtocol;
    private List<QHostAddress> addresses = List.of();
    private int addressIndex;
    private SocketErrors.Mapped lastConnectError;
    /** The running QHostInfo lookup's id, or -1. */
    private int lookupId = -1;
    /**
     * The id of the connect timer (Qt's connectTimer, a QTimer child of the socket) while an
     * attempt runs, else 0: a timer of the socket itself, whose event the socket passes to
     * {@link #connectTimerFired}, so that a connect makes and disposes no QTimer object.
     */
    private int connectTimerId;
    private int connectTimeoutMs;
    /** The socket's own proxy; null means DefaultProxy (allocated only when one is set). */
    private QNetworkProxy proxy;
    /** The proxy of the current connect, resolved from {@link #proxy} by connectToHost. */
    private QNetworkProxy proxyInUse;

    SocketConnector(QObject owner, SocketStateMachine sm, SocketFront front, int connectTimeoutMs) {
        this.owner = owner;
        this.sm = sm;
        this.front = front;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    QNetworkProxy proxy() {
        return proxy == null ? new QNetworkProxy(QNetworkProxy.ProxyType.DefaultProxy) : proxy;
    }

    void setProxy(QNetworkProxy p) {
        proxy = p.type() == QNetworkProxy.ProxyType.DefaultProxy && p.hostName() == null ? null : new QNetworkProxy(p);
    }

    /** The connect is made: the resolved proxy is no longer needed (an engine keeps its own). */
    void forgetProxyInUse() {
        proxyInUse = null;
        addresses = List.of();
    }

    /** True when it holds nothing but defaults (no own proxy, no lookup, no timer). */
    boolean isIdle() {
        return proxy == null && lookupId < 0 && connectTimerId == 0 && proxyInUse == null;
    }

    int connectTimeout() {
        return connectTimeoutMs;
    }

    void setConnectTimeout(int msecs) {
        connectTimeoutMs = msecs;
    }

    /**
     * Resolves the proxy, opens the device in {@code mode}, then starts the lookup, or connects to an
     * IP literal or through the proxy; only addresses of {@code protocol} are tried.
     */
    void connectToHost(String hostName, int port, EnumSet<OpenModeFlag> mode, NetworkLayerProtocol protocol) {
        SocketState state = sm.state();
        if (state == SocketState.HostLookupState || state == SocketState.ConnectingState
                || state == SocketState.ConnectedState || state == SocketState.ClosingState) {
            // as Qt 5's connectToHost: the warning names the host of this call; OperationError is set and
            // emitted; the state and the connection in progress are left alone
            Log.warning("QAbstractSocket::connectToHost() called when already looking up or connecting/connected to \""
                    + hostName + "\"");
            front.setSocketError(SocketError.OperationError, "Trying to connect while connection is in progress");
            return;
        }
        // which proxy, decided once per connect and before anything else, as Qt's resolveProxy
        QHostAddress literal = new QHostAddress();
        boolean isLiteral = literal.setAddress(hostName);
        proxyInUse = SocketEngineFactory.resolve(proxy, hostName, isLiteral ? literal : null, port);
        if (proxyInUse == null) {
            front.setSocketError(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
            return;
        }
        sm.io().clear();
        sm.setError(SocketError.UnknownSocketError);
        front.setErrorString("Unknown error");
        sm.setPeerName(hostName);
        peerPortRequested = port;
        this.protocol = protocol;
        front.openDevice(mode);
        sm.setState(SocketState.HostLookupState);
        if (sm.state() != SocketState.HostLookupState) {
            return;
        }
        if (isLiteral) {
            startConnecting(List.of(literal), null);
            return;
        }
        SocketEngine probe = createEngine();
        if (probe == null) {
            sm.failConnect(unsupported());
            return;
        }
        if (probe.resolvesNamesRemotely()) {
            // the proxy resolves the name: no local lookup and no hostFound, as Qt's
            // startConnectingByName
            sm.setState(SocketState.ConnectingState);
            if (sm.state() != SocketState.ConnectingState) {
                probe.close();
                return;
            }
            startConnectTimer();
            sm.setEngine(probe);
            probe.connectToHostByName(hostName, port);
            if (probe.state() == SocketEngine.State.Unconnected) {
                // failed within the call: Qt's startConnectingByName emits the error, then the state
                sm.failConnectErrorFirst(new SocketErrors.Mapped(probe.error(), probe.errorString()));
                return;
            }
            afterConnectAttempt();
            return;
        }
        probe.close();
        lookupId = QHostInfo.lookupHost(hostName, owner, info -> {
            lookupId = -1;
            if (sm.state() == SocketState.HostLookupState) {
                startConnecting(info.addresses(), info);
            }
        });
    }

    /**
     * Makes the engine for the next connection from the proxy in use (see SocketEngineFactory):
     * direct, SOCKS5 or HTTP CONNECT; null if the proxy cannot tunnel TCP.
     */
    private SocketEngine createEngine() {
        SocketEngine e = SocketEngineFactory.create(owner, proxyInUse);
        return e == null ? null : sm.configure(e);
    }

    /**
     * The lookup's result (or an IP literal): Connecting, hostFound, then the first address. When no
     * address of the requested protocol is left, HostNotFoundError ("Host not found"), as Qt. As
     * Qt's {@code _q_startConnecting}, the list is tried twice over (A, B, A, B): an attempt that
     * fails (refused, unreachable, timed out) moves to the next entry, and the connect fails with
     * the last attempt's error only when the second round is through.
     */
    void startConnecting(List<QHostAddress> found, QHostInfo info) {
        if (found.isEmpty()) {
            String text = info == null || info.error() == QHostInfo.HostInfoError.HostNotFound
                    ? SocketErrors.HOST_NOT_FOUND : info.errorString();
            sm.failConnect(new SocketErrors.Mapped(SocketError.HostNotFoundError, text));
            return;
        }
        List<QHostAddress> usable = ofRequestedProtocol(found);
        if (usable.isEmpty()) {
            sm.failConnect(new SocketErrors.Mapped(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND));
            return;
        }
        int n = usable.size();
        for (int i = 0; i < n; i++) {
            usable.add(usable.get(i));   // every address is tried twice, as Qt's
        }
        addresses = usable;
        addressIndex = 0;
        lastConnectError = null;
        // Qt's order: the state changes first, then hostFound
        sm.setState(SocketState.ConnectingState);
        if (sm.state() != SocketState.ConnectingState) {
            return;
        }
        front.emitHostFound();
        if (sm.state() != SocketState.ConnectingState) {
            return;
        }
        connectToNextAddress();
    }

    /** A copy of {@code found}, keeping only the addresses of {@link #protocol} if it is IPv4 or IPv6. */
    private List<QHostAddress> ofRequestedProtocol(List<QHostAddress> found) {
        List<QHostAddress> usable = new ArrayList<>(2 * found.size());   // room for the second round
        if (protocol != NetworkLayerProtocol.IPv4Protocol && protocol != NetworkLayerProtocol.IPv6Protocol) {
            usable.addAll(found);
            return usable;
        }
        for (QHostAddress a : found) {
            if (a.protocol() == protocol) {
                usable.add(a);
            }
        }
        return usable;
    }

    private void startConnectTimer() {
        stopConnectTimer();
        if (connectTimeoutMs >= 0) {
            connectTimerId = owner.startTimer(connectTimeoutMs, Qt.TimerType.CoarseTimer);
        }
    }

    void stopConnectTimer() {
        if (connectTimerId != 0) {
            owner.killTimer(connectTimerId);
            connectTimerId = 0;
        }
    }

    /**
     * The socket got the Timer event of timer {@code id}: returns true if it was the connect
     * timer's, which is then spent (single-shot) and the attempt given up.
     */
    boolean connectTimerFired(int id) {
        if (id == 0 || id != connectTimerId) {
            return false;
        }
        stopConnectTimer();
        connectTimedOut();
        return true;
    }

    void abortLookup() {
        if (lookupId >= 0) {
            QHostInfo.abortHostLookup(lookupId);
            lookupId = -1;
        }
    }

    /**
     * The connect timer fired (Qt's {@code _q_abortConnectionAttempt}): the attempt is given up with
     * the engine's connect timeout error.
     */
    private void connectTimedOut() {
        SocketEngine engine = sm.engine();
        abortConnectionAttempt(engine != null ? engine.connectTimeoutError()
                : new SocketErrors.Mapped(SocketError.SocketTimeoutError, SocketErrors.CONNECTION_TIMED_OUT));
    }

    /**
     * The attempt in progress ran out of time: it is given up and the next address, if any, is tried
     * with a fresh timeout; with none left, the connect fails with {@code timeout}. A proxy's timeout
     * fails at once, as {@link #connectAttemptFailed} does: the next address would meet the same
     * proxy. Called by the connect timer, and by {@link SocketWaits#waitForConnected} when its wait
     * for one attempt reached the connect timeout (Qt's waitForConnected, which then calls
     * {@code _q_connectToNextAddress}).
     */
    void abortConnectionAttempt(SocketErrors.Mapped timeout) {
        if (sm.state() != SocketState.ConnectingState) {
            return;
        }
        if (addressIndex >= addresses.size() || isProxyError(timeout.error())) {
            sm.failConnect(timeout);
            return;
        }
        lastConnectError = timeout;
        sm.closeEngine();
        connectToNextAddress();
    }

    /** True for the Proxy* errors: trying another address would meet the same proxy. */
    private static boolean isProxyError(SocketError e) {
        return e.name().startsWith("Proxy");
    }

    /** Qt's error when the chosen proxy cannot carry a TCP connection (a caching proxy). */
    private static SocketErrors.Mapped unsupported() {
        return new SocketErrors.Mapped(SocketError.UnsupportedSocketOperationError, "Operation on socket is not supported");
    }

    void connectToNextAddress() {
        if (sm.state() != SocketState.ConnectingState) {
            return;
        }
        if (addressIndex >= addresses.size()) {
            sm.failConnect(lastConnectError != null ? lastConnectError
                    : new SocketErrors.Mapped(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND));
            return;
        }
        QHostAddress a = addresses.get(addressIndex++);
        sm.closeEngine();
        SocketEngine engine = createEngine();
        sm.setEngine(engine);
        if (engine == null) {
            sm.failConnect(unsupported());
            return;
        }
        sm.setPeer(a, peerPortRequested);
        startConnectTimer();   // per attempt, as Qt's _q_connectToNextAddress
        engine.connectToHost(a, peerPortRequested);
        afterConnectAttempt();
    }

    /** Acts on the engine's state right after a connect call, or on its connection notification. */
    void afterConnectAttempt() {
        SocketEngine engine = sm.engine();
        if (engine == null || sm.state() != SocketState.ConnectingState) {
            return;
        }
        switch (engine.state()) {
            case Connected -> sm.connectionEstablished();
            case Connecting -> { }   // connectionNotification() follows
            default -> connectAttemptFailed(engine);
        }
    }

    private void connectAttemptFailed(SocketEngine engine) {
        SocketError e = engine.error();
        lastConnectError = new SocketErrors.Mapped(e, engine.errorString());
        sm.closeEngine();
        if (isProxyError(e) || e == SocketError.HostNotFoundError) {
            sm.failConnect(lastConnectError);   // trying the next address would meet the same proxy
            return;
        }
        connectToNextAddress();
    }
}
