package io.qtj.network.internal;

import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAuthenticator;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;

import java.nio.channels.SocketChannel;

/**
 * Listening through a SOCKS5 proxy with BIND, as Qt's QTcpServer does with a Socks5Proxy, with
 * Qt's limits: {@link #listen} blocks until the proxy's first reply (at most
 * {@value #BIND_TIMEOUT_MS} ms, Qt's), which names the address and port the proxy listens on;
 * exactly one connection can then arrive (the second reply). It is handed over as a descriptor
 * whose connection to the proxy now carries the peer's bytes, and which reports the bound
 * address as local and the peer of the second reply as peer. After it, the engine no longer
 * listens; listen again for another.
 *
 * <p>A server cannot answer a request for credentials (QTcpServer has no such signal, as in Qt):
 * the proxy's user and password are used, or listening fails with ProxyAuthenticationRequiredError.
 */
public final class Socks5BindServerEngine extends ServerEngine implements SocketEngine.Receiver {
    /** How long listen() waits for the proxy's first reply, as Qt's Socks5BlockingBindTimeout. */
    public static final long BIND_TIMEOUT_MS = 5000;

    private final QObject owner;
    private final QNetworkProxy proxy;
    private Socks5SocketEngine bind;
    private boolean enabled;
    private boolean peerArrived;
    private boolean failed;
    private boolean notificationQueued;
    private QHostAddress address = new QHostAddress();
    private int port;

    /** Creates an engine for the server {@code owner}, listening through {@code proxy}. */
    public Socks5BindServerEngine(QObject owner, QNetworkProxy proxy) {
        this.owner = owner;
        this.proxy = new QNetworkProxy(proxy);
    }

    @Override
    public boolean listen(QHostAddress requested, int requestedPort, int backlog) {
        QHostAddress a = requested.protocol() == NetworkLayerProtocol.IPv6Protocol
                || requested.protocol() == NetworkLayerProtocol.IPv4Protocol
                ? requested : new QHostAddress(QHostAddress.SpecialAddress.AnyIPv4);
        bind = Socks5SocketEngine.forBind(owner, proxy);
        bind.setReceiver(this);
        bind.bind(a, requestedPort);
        long deadline = System.nanoTime() + BIND_TIMEOUT_MS * 1_000_000L;
        while (bind.state() == SocketEngine.State.Connecting && !bind.isBound()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            bind.waitForActivity(left);
        }
        if (bind.isBound() && bind.state() == SocketEngine.State.Connecting) {
            address = bind.boundAddress();
            port = bind.boundPort();
            return true;
        }
        if (bind.state() == SocketEngine.State.Unconnected) {
            setError(bind.error(), bind.errorString());
        } else {
            setError(SocketError.SocketTimeoutError, "Network operation timed out");
        }
        bind.close();
        bind = null;
        return false;
    }

    // ---- the BIND engine's notifications ----

    @Override
    public void connectionNotification() {
        if (bind == null || !bind.isBound()) {
            return;   // listen() is still waiting and looks at the state itself
        }
        if (bind.state() == SocketEngine.State.Connected) {
            peerArrived = true;
        } else {
            failed = true;
            setError(bind.error(), bind.errorString());
        }
        if (enabled && receiver != null) {
            receiver.acceptNotification();
        }
    }

    @Override
    public void readNotification() {
    }

    @Override
    public void writeNotification() {
    }

    @Override
    public void proxyAuthenticationRequired(QNetworkProxy p, QAuthenticator authenticator) {
        // a server has no one to ask: the proxy's own credentials are all there is
    }

    // ---- accepting ----

    @Override
    public boolean isListening() {
        return bind != null;
    }

    @Override
    public QHostAddress serverAddress() {
        return address;
    }

    @Override
    public int serverPort() {
        return port;
    }

    @Override
    public void setAcceptNotificationEnabled(boolean enable) {
        enabled = enable;
        if (enable && (peerArrived || failed) && !notificationQueued) {
            notificationQueued = true;
            QMetaObject.invokeMethod(owner, () -> {
                notificationQueued = false;
                if (enabled && (peerArrived || failed) && receiver != null) {
                    receiver.acceptNotification();
                }
            }, Qt.ConnectionType.QueuedConnection);
        }
    }

    @Override
    public long accept() {
        if (failed) {
            failed = false;
            close();
            return -1;
        }
        if (!peerArrived || bind == null) {
            return 0;
        }
        peerArrived = false;
        SocketDescriptors.Addresses[] addresses = new SocketDescriptors.Addresses[1];
        SocketChannel ch = bind.takeBoundConnection(addresses);
        bind = null;
        return ch == null ? 0 : SocketDescriptors.register(ch, addresses[0]);
    }

    @Override
    public boolean waitForAccept(long timeoutMs) {
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000L;
        while (!peerArrived && !failed && bind != null) {
            long left = timeoutMs < 0 ? -1 : (deadline - System.nanoTime()) / 1_000_000L;
            if (timeoutMs >= 0 && left <= 0) {
                return false;
            }
            if (!bind.waitForActivity(left) && bind != null && bind.state() == SocketEngine.State.Unconnected) {
                // the BIND connection failed without telling us (no connect in progress to report):
                // report its error through accept(), not as a timeout
                failed = true;
                setError(bind.error(), bind.errorString());
                break;
            }
        }
        return peerArrived || failed;
    }

    @Override
    public long descriptor() {
        return -1;
    }

    @Override
    public void leavingThread() {
        if (bind != null) {
            bind.leavingThread();
        }
    }

    @Override
    public void enteredThread() {
        if (bind != null) {
            bind.enteredThread();
        }
    }

    @Override
    public void close() {
        if (bind != null) {
            bind.close();
            bind = null;
        }
        peerArrived = false;
    }
}
