package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.core.internal.RingBuffer;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketOption;
import io.qtj.network.QAuthenticator;
import io.qtj.network.QHostAddress;
import io.qtj.network.QHostInfo;
import io.qtj.network.QNetworkProxy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the SOCKS5 and HTTP CONNECT engines share: a direct {@link NioSocketEngine} to the proxy
 * (the control connection), the proxy host lookup, the handshake's bounded reads and writes, the
 * mapping of control-connection errors to Qt's proxy errors, the credentials retry, and, once the
 * tunnel is up, plain forwarding of bytes and notifications.
 *
 * <p>Handshake replies are read exactly (never past the reply's end), so the first tunnel bytes
 * stay in the kernel until the socket reads them: no leftover buffer to hand over.
 *
 * <p>Life: {@code connectToHost} → (lookup of the proxy host) → TCP connect to the proxy →
 * {@link #handshakeStart()} → {@link #handshakeRead()} on each arrival → {@link #tunnelEstablished()}
 * or {@link #fail}; either ends with {@code connectionNotification()} to the receiver (never from
 * inside the connect call itself). Used from the owner's thread only.
 */
public abstract class ProxySocketEngine extends SocketEngine {
    /** The proxy's settings; the credentials change when a slot supplies new ones. */
    protected final QNetworkProxy proxy;
    /** The connection to the proxy. */
    protected final NioSocketEngine control;
    /** The target's name when the proxy resolves it; "" when connecting to {@link #targetAddress}. */
    protected String targetName = "";
    /** The target's address; null address when connecting by name. */
    protected QHostAddress targetAddress = new QHostAddress();
    /** The target's port. */
    protected int targetPort;

    private final QObject owner;
    private State state = State.Unconnected;
    private boolean tunnel;
    private boolean readEnabled;
    private boolean writeEnabled;
    private boolean inConnectCall;
    private int lookupId = -1;
    private List<QHostAddress> proxyAddresses = List.of();
    private int proxyAddressIndex;
    private ByteBuffer outgoing;
    private QHostAddress localAddress = new QHostAddress();
    private int localPort;

    /** Creates an engine for {@code owner} tunnelling through {@code proxy}. */
    protected ProxySocketEngine(QObject owner, QNetworkProxy proxy) {
        this.owner = owner;
        this.proxy = new QNetworkProxy(proxy);
        this.control = new NioSocketEngine(owner);
        this.control.setReceiver(new ControlEvents());
    }

    // ---- what each protocol supplies ----

    /** The control connection is up: send the first handshake message. */
    protected abstract void handshakeStart();

    /** Handshake bytes can be read. */
    protected abstract void handshakeRead();

    /** Qt's text for ProxyConnectionRefusedError. */
    protected abstract String refusedText();

    /** Qt's text for ProxyConnectionClosedError. */
    protected abstract String closedText();

    /** Qt's text for ProxyNotFoundError. */
    protected abstract String notFoundText();

    /** Qt's text for ProxyConnectionTimeoutError. */
    protected abstract String timeoutText();

    // ---- connecting ----

    @Override
    public void connectToHost(QHostAddress address, int port) {
        targetAddress = new QHostAddress(address);
        targetName = "";
        targetPort = port;
        begin();
    }

    @Override
    public void connectToHostByName(String hostName, int port) {
        targetAddress = new QHostAddress();
        targetName = hostName;
        targetPort = port;
        begin();
    }

    /** True if the proxy has HostNameLookupCapability: the socket then skips its own lookup. */
    @Override
    public boolean resolvesNamesRemotely() {
        return proxy.capabilities().contains(QNetworkProxy.Capability.HostNameLookupCapability);
    }

    private void begin() {
        inConnectCall = true;
        try {
            connectToProxy();
        } finally {
            inConnectCall = false;
        }
    }

    /** (Re)connects to the proxy from scratch: the first attempt, or a retry with new credentials. */
    protected final void connectToProxy() {
        abortLookup();
        control.close();
        tunnel = false;
        outgoing = null;
        state = State.Connecting;
        QHostAddress literal = new QHostAddress();
        if (literal.setAddress(proxy.hostName())) {
            proxyHostFound(List.of(literal));
        } else {
            lookupId = QHostInfo.lookupHost(proxy.hostName(), owner, info -> {
                lookupId = -1;
                if (state == State.Connecting) {
                    proxyHostFound(info.addresses());
                }
            });
        }
    }

    private void proxyHostFound(List<QHostAddress> found) {
        if (found.isEmpty()) {
            fail(SocketError.ProxyNotFoundError, notFoundText());
            return;
        }
        proxyAddresses = List.copyOf(found);
        proxyAddressIndex = 0;
        connectToNextProxyAddress();
    }

    private void connectToNextProxyAddress() {
        control.connectToHost(proxyAddresses.get(proxyAddressIndex++), proxy.port());
        switch (control.state()) {
            case Connected -> controlConnected();
            case Unconnected -> controlFailed();
            default -> { }   // the control engine's connectionNotification follows
        }
    }

    private void controlConnected() {
        control.setReadNotificationEnabled(true);
        handshakeStart();
    }

    /** Maps the control connection's error to Qt's proxy error and fails (or tries the next address). */
    protected final void controlFailed() {
        SocketError e = control.error();
        if (e == SocketError.ConnectionRefusedError && !tunnel && proxyAddressIndex < proxyAddresses.size()
                && outgoing == null && control.state() == State.Unconnected) {
            connectToNextProxyAddress();
            return;
        }
        switch (e) {
            case ConnectionRefusedError -> fail(SocketError.ProxyConnectionRefusedError, refusedText());
            case RemoteHostClosedError -> fail(SocketError.ProxyConnectionClosedError, closedText());
            case HostNotFoundError -> fail(SocketError.ProxyNotFoundError, notFoundText());
            case SocketTimeoutError -> fail(SocketError.ProxyConnectionTimeoutError, timeoutText());
            default -> fail(e, control.errorString());
        }
    }

    /** Gives the connection up with {@code e}: closes the control connection and notifies the receiver. */
    protected final void fail(SocketError e, String text) {
        setError(e, text);
        abortLookup();
        control.close();
        tunnel = false;
        outgoing = null;
        boolean wasConnecting = state == State.Connecting;
        state = State.Unconnected;
        if (wasConnecting && !inConnectCall && receiver != null) {
            receiver.connectionNotification();
        }
    }

    /** The handshake succeeded: bytes now flow end to end. */
    protected final void tunnelEstablished(QHostAddress local, int port) {
        tunnel = true;
        state = State.Connected;
        localAddress = local;
        localPort = port;
        control.setReadNotificationEnabled(readEnabled);
        control.setWriteNotificationEnabled(writeEnabled);
        if (!inConnectCall && receiver != null) {
            receiver.connectionNotification();
        }
    }

    /**
     * The handshake ended with a connection that is handed over rather than tunnelled by this
     * engine (the second SOCKS5 BIND reply): state Connected, the control connection kept but no
     * longer read, and the receiver notified.
     */
    protected final void handshakeFinishedForHandOver() {
        state = State.Connected;
        control.setReadNotificationEnabled(false);
        control.setWriteNotificationEnabled(false);
        if (!inConnectCall && receiver != null) {
            receiver.connectionNotification();
        }
    }

    /** Gives the control channel away (see {@link NioSocketEngine#detach()}); the engine is then closed. */
    protected final java.nio.channels.SocketChannel detachControl() {
        java.nio.channels.SocketChannel ch = control.detach();
        close();
        return ch;
    }

    /** Returns true while connecting and the handshake is still going on. */
    protected final boolean handshaking() {
        return state == State.Connecting && !tunnel;
    }

    @Override
    public SocketErrors.Mapped connectTimeoutError() {
        return new SocketErrors.Mapped(SocketError.ProxyConnectionTimeoutError, timeoutText());
    }

    @Override
    public SocketErrors.Mapped waitTimeoutError() {
        return connectTimeoutError();
    }

    // ---- handshake I/O ----

    /** Sends a handshake message; what the kernel does not take now goes out on write readiness. */
    protected final void send(byte[] message) {
        outgoing = ByteBuffer.wrap(message);
        flushOutgoing();
    }

    private void flushOutgoing() {
        if (control.write(outgoing) < 0) {
            controlFailed();
            return;
        }
        if (outgoing.hasRemaining()) {
            control.setWriteNotificationEnabled(true);
        } else {
            outgoing = null;
            control.setWriteNotificationEnabled(tunnel && writeEnabled);
        }
    }

    /**
     * Reads into {@code buf} until it holds {@code need} bytes (never more). Returns true when it
     * does; false if more must arrive, or if the connection failed (then the engine has failed and
     * {@link #handshaking()} is false).
     */
    protected final boolean fill(ByteBuffer buf, int need) {
        if (control.state() != State.Connected) {
            return false;   // reconnecting (a retry with new credentials): the old reply is gone
        }
        if (need > buf.capacity()) {
            fail(SocketError.ProxyProtocolError, "Proxy reply too large");
            return false;
        }
        buf.limit(need);
        while (buf.position() < need) {
            int n = control.read(buf);
            if (n < 0) {
                controlFailed();
                return false;
            }
            if (n == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks the receiver (the socket, which emits proxyAuthenticationRequired) for credentials,
     * offering the ones that just failed. Returns true if the slot supplied different, non-empty
     * credentials (now stored in {@link #proxy}); false if it left them empty or unchanged, or
     * closed the socket (check {@link #handshaking()}).
     */
    protected final boolean askForCredentials() {
        return askForCredentials(null);
    }

    /**
     * {@link #askForCredentials()} for a proxy that named a realm in its challenge: a non-empty
     * {@code realm} is offered as the authenticator's {@link QAuthenticator#realm()} and its option
     * {@code "realm"}, as Qt does; null or "" sets neither.
     */
    protected final boolean askForCredentials(String realm) {
        String oldUser = nonNull(proxy.user());
        String oldPassword = nonNull(proxy.password());
        QAuthenticator auth = new QAuthenticator();
        if (!oldUser.isEmpty()) {
            auth.setUser(oldUser);
        }
        if (!oldPassword.isEmpty()) {
            auth.setPassword(oldPassword);
        }
        if (realm != null && !realm.isEmpty()) {
            AuthenticatorAccess.setRealm(auth, realm);
            auth.setOption("realm", realm);
        }
        if (receiver != null) {
            receiver.proxyAuthenticationRequired(new QNetworkProxy(proxy), auth);
        }
        if (!handshaking()) {
            return false;   // the slot closed or aborted the socket
        }
        String user = nonNull(auth.user());
        String password = nonNull(auth.password());
        if (user.isEmpty() && password.isEmpty() || user.equals(oldUser) && password.equals(oldPassword)) {
            return false;
        }
        proxy.setUser(user);
        proxy.setPassword(password);
        return true;
    }

    /** Returns {@code s}, or "" for null. */
    protected static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private void abortLookup() {
        if (lookupId >= 0) {
            QHostInfo.abortHostLookup(lookupId);
            lookupId = -1;
        }
    }

    /** The control engine's notifications. */
    private final class ControlEvents implements Receiver {
        @Override
        public void readNotification() {
            if (tunnel) {
                if (readEnabled && receiver != null) {
                    receiver.readNotification();
                }
            } else if (handshaking()) {
                handshakeRead();
            }
        }

        @Override
        public void writeNotification() {
            if (outgoing != null) {
                flushOutgoing();
            } else if (tunnel && writeEnabled && receiver != null) {
                receiver.writeNotification();
            }
        }

        @Override
        public void connectionNotification() {
            if (state != State.Connecting) {
                return;
            }
            if (control.state() == State.Connected) {
                controlConnected();
            } else {
                controlFailed();
            }
        }

        @Override
        public void proxyAuthenticationRequired(QNetworkProxy p, QAuthenticator authenticator) {
            // the control connection is direct: it never asks
        }
    }

    // ---- the tunnel ----

    @Override
    public State state() {
        return state;
    }

    @Override
    public int read(RingBuffer dst, int maxLen) {
        return (int) throughTunnel(() -> control.read(dst, maxLen));
    }

    @Override
    public long write(RingBuffer src) {
        return throughTunnel(() -> control.write(src));
    }

    @Override
    public int read(ByteBuffer dst) {
        return (int) throughTunnel(() -> control.read(dst));
    }

    @Override
    public int write(ByteBuffer src) {
        return (int) throughTunnel(() -> control.write(src));
    }

    /** Runs a transfer on the control connection once it is a tunnel; its error becomes this engine's. */
    private long throughTunnel(LongSupplier transfer) {
        if (!tunnel) {
            setError(SocketError.NetworkError, SocketErrors.NOT_CONNECTED);
            return -1;
        }
        long n = transfer.getAsLong();
        if (n < 0) {
            setError(control.error(), control.errorString());
        }
        return n;
    }

    /** The tunnel's: the handshake reads the proxy's replies exactly, so all that is left is the peer's. */
    @Override
    public long bytesAvailable() {
        return tunnel ? control.bytesAvailable() : 0;
    }

    @Override
    public void setReadNotificationEnabled(boolean enable) {
        readEnabled = enable;
        if (tunnel) {
            control.setReadNotificationEnabled(enable);
        }
    }

    @Override
    public boolean isReadNotificationEnabled() {
        return readEnabled;
    }

    @Override
    public void setWriteNotificationEnabled(boolean enable) {
        writeEnabled = enable;
        if (tunnel && outgoing == null) {
            control.setWriteNotificationEnabled(enable);
        }
    }

    @Override
    public boolean waitForActivity(long timeoutMs) {
        if (lookupId >= 0) {
            abortLookup();
            proxyHostFound(QHostInfo.fromName(proxy.hostName()).addresses());
            return true;
        }
        if (state == State.Unconnected) {
            return false;
        }
        return control.waitForActivity(timeoutMs);
    }

    @Override
    public QHostAddress localAddress() {
        return localAddress;
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public QHostAddress peerAddress() {
        return targetAddress;
    }

    @Override
    public int peerPort() {
        return targetPort;
    }

    @Override
    public void setOption(SocketOption option, Object value) {
        control.setOption(option, value);
    }

    @Override
    public Object option(SocketOption option) {
        return control.option(option);
    }

    @Override
    public long descriptor() {
        return tunnel ? control.descriptor() : -1;
    }

    @Override
    public void leavingThread() {
        control.leavingThread();
    }

    @Override
    public void enteredThread() {
        control.enteredThread();
    }

    @Override
    public void close() {
        abortLookup();
        control.close();
        tunnel = false;
        outgoing = null;
        state = State.Unconnected;
    }
}
