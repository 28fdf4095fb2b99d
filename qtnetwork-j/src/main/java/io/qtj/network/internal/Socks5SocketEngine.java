package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QHostAddress;
import io.qtj.network.QNetworkProxy;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A SOCKS5 client engine (RFC 1928, with RFC 1929 username/password), Qt's QSocks5SocketEngine:
 * CONNECT for a QTcpSocket (IPv4, IPv6, or a host name the proxy resolves), and BIND for a
 * QTcpServer listening through the proxy.
 *
 * <p>Qt's behaviour, kept here: one authentication method is offered (username/password when the
 * proxy has a user or password, else none); a proxy that refuses it ({@code 05 FF}) or rejects the
 * password asks the socket for credentials (proxyAuthenticationRequired) and, given new ones,
 * reconnects and starts over; otherwise ProxyAuthenticationRequiredError "Proxy authentication
 * failed". Reply codes map to Qt's errors and texts, and a "general failure" or "not allowed"
 * reply to a request by name means HostNotFoundError, as Qt reads Dante's answers. A BIND gives
 * one connection: the first reply names the address the proxy listens on, the second the peer.
 *
 * <p>Differs from Qt: the text of an unknown reply code shows it in hexadecimal ({@code 0x09});
 * Qt's formats it in decimal padded to 16 places. Credentials that did not change after the
 * signal end the attempt instead of retrying them again. Over-long names and credentials fail
 * instead of being truncated.
 */
public final class Socks5SocketEngine extends ProxySocketEngine {
    private static final int VERSION = 5;
    private static final int CMD_CONNECT = 1;
    private static final int CMD_BIND = 2;
    private static final int METHOD_NONE = 0;
    private static final int METHOD_PASSWORD = 2;
    private static final int METHOD_NOT_ACCEPTABLE = 0xFF;
    /** Qt's text for ProxyProtocolError. */
    static final String PROTOCOL_ERROR = "SOCKS version 5 protocol error";
    /** Qt's text for ProxyAuthenticationRequiredError. */
    static final String AUTH_FAILED = "Proxy authentication failed";

    private enum Phase { GREETING, AUTHENTICATING, REQUEST, BIND_WAITING_FOR_PEER, DONE }

    private final int command;
    /** Holds one reply at most: header, a name of up to 255 bytes, the port. Never grows. */
    private final ByteBuffer in = ByteBuffer.allocate(4 + 1 + 255 + 2);
    private Phase phase = Phase.GREETING;
    private boolean bound;
    private QHostAddress boundAddress = new QHostAddress();
    private int boundPort;
    private QHostAddress bindPeer = new QHostAddress();
    private int bindPeerPort;

    /** Creates a CONNECT engine for a socket (its owner) through {@code proxy}. */
    public Socks5SocketEngine(QObject owner, QNetworkProxy proxy) {
        this(owner, proxy, CMD_CONNECT);
    }

    private Socks5SocketEngine(QObject owner, QNetworkProxy proxy, int command) {
        super(owner, proxy);
        this.command = command;
    }

    /** Creates a BIND engine for a server (its owner) listening through {@code proxy}. */
    public static Socks5SocketEngine forBind(QObject owner, QNetworkProxy proxy) {
        return new Socks5SocketEngine(owner, proxy, CMD_BIND);
    }

    /**
     * Starts a BIND asking the proxy to listen on {@code address}:{@code port} (Any: 0.0.0.0);
     * watch {@link #isBound()} and the receiver's connectionNotification.
     */
    public void bind(QHostAddress address, int port) {
        connectToHost(address, port);
    }

    /** True after the first BIND reply: {@link #boundAddress()} and {@link #boundPort()} are known. */
    public boolean isBound() {
        return bound;
    }

    /** The address the proxy listens on for the BIND (from its first reply). */
    public QHostAddress boundAddress() {
        return boundAddress;
    }

    /** The port the proxy listens on for the BIND. */
    public int boundPort() {
        return boundPort;
    }

    /**
     * After the second BIND reply: gives the connection to the proxy away, now a tunnel to the
     * peer, with the addresses it reports (local: the bound address; peer: from the reply).
     * Returns null if no peer has connected.
     */
    public SocketChannel takeBoundConnection(SocketDescriptors.Addresses[] addresses) {
        if (phase != Phase.DONE || command != CMD_BIND) {
            return null;
        }
        addresses[0] = new SocketDescriptors.Addresses(boundAddress, boundPort, bindPeer, bindPeerPort);
        return detachControl();
    }

    private boolean hasCredentials() {
        return !nonNull(proxy.user()).isEmpty() || !nonNull(proxy.password()).isEmpty();
    }

    @Override
    protected void handshakeStart() {
        in.clear();
        phase = Phase.GREETING;
        bound = false;
        send(new byte[] {VERSION, 1, (byte) (hasCredentials() ? METHOD_PASSWORD : METHOD_NONE)});
    }

    @Override
    protected void handshakeRead() {
        while (handshaking() && phase != Phase.DONE && step()) {
            // each step handles one complete message
        }
    }

    /** Handles one message if it has fully arrived; returns false if more must arrive. */
    private boolean step() {
        switch (phase) {
            case GREETING -> {
                if (!fill(in, 2)) {
                    return false;
                }
                int version = in.get(0);
                int method = in.get(1) & 0xFF;
                in.clear();
                if (version != VERSION) {
                    fail(SocketError.ProxyProtocolError, PROTOCOL_ERROR);
                } else if (method == METHOD_NONE) {
                    sendRequest();
                } else if (method == METHOD_NOT_ACCEPTABLE) {
                    reauthenticate();
                } else if (method == METHOD_PASSWORD && hasCredentials()) {
                    sendCredentials();
                } else {
                    fail(SocketError.SocketAccessError,
                            AUTH_FAILED + ": Socks5 host did not support authentication method.");
                }
                return true;
            }
            case AUTHENTICATING -> {
                if (!fill(in, 2)) {
                    return false;
                }
                boolean ok = in.get(0) == 1 && in.get(1) == 0;
                in.clear();
                if (ok) {
                    sendRequest();
                } else {
                    reauthenticate();
                }
                return true;
            }
            case REQUEST, BIND_WAITING_FOR_PEER -> {
                return readReply();
            }
            default -> {
                return false;
            }
        }
    }

    private void reauthenticate() {
        if (askForCredentials()) {
            connectToProxy();
        } else if (handshaking()) {
            fail(SocketError.ProxyAuthenticationRequiredError, AUTH_FAILED);
        }
    }

    private void sendCredentials() {
        byte[] user = nonNull(proxy.user()).getBytes(StandardCharsets.ISO_8859_1);
        byte[] password = nonNull(proxy.password()).getBytes(StandardCharsets.ISO_8859_1);
        if (user.length > 255 || password.length > 255) {
            fail(SocketError.ProxyAuthenticationRequiredError,
                    AUTH_FAILED + ": user name or password longer than 255 bytes");
            return;
        }
        ByteArrayOutputStream m = new ByteArrayOutputStream(3 + user.length + password.length);
        m.write(1);
        m.write(user.length);
        m.writeBytes(user);
        m.write(password.length);
        m.writeBytes(password);
        phase = Phase.AUTHENTICATING;
        send(m.toByteArray());
    }

    private void sendRequest() {
        ByteArrayOutputStream m = new ByteArrayOutputStream(4 + 1 + 255 + 2);
        m.write(VERSION);
        m.write(command);
        m.write(0);
        if (!targetName.isEmpty()) {
            byte[] name;
            try {
                name = IDN.toASCII(targetName).getBytes(StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                name = new byte[256];
            }
            if (name.length == 0 || name.length > 255) {
                fail(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND);
                return;
            }
            m.write(3);
            m.write(name.length);
            m.writeBytes(name);
        } else if (targetAddress.protocol() == NetworkLayerProtocol.IPv6Protocol) {
            m.write(4);
            m.writeBytes(targetAddress.toIPv6Address());
        } else {
            int ip4 = targetAddress.protocol() == NetworkLayerProtocol.IPv4Protocol ? targetAddress.toIPv4Address() : 0;
            m.write(1);
            m.write(ip4 >>> 24);
            m.write(ip4 >>> 16);
            m.write(ip4 >>> 8);
            m.write(ip4);
        }
        m.write(targetPort >>> 8);
        m.write(targetPort);
        phase = Phase.REQUEST;
        send(m.toByteArray());
    }

    /** Reads one CONNECT or BIND reply, exactly. */
    private boolean readReply() {
        if (!fill(in, 4)) {
            return false;
        }
        int version = in.get(0);
        int reply = in.get(1) & 0xFF;
        int reserved = in.get(2);
        int type = in.get(3);
        if (version != VERSION || reserved != 0) {
            fail(SocketError.ProxyProtocolError, PROTOCOL_ERROR);
            return true;
        }
        if (reply != 0) {
            replyError(reply);
            return true;
        }
        int addressLength;
        switch (type) {
            case 1 -> addressLength = 4;
            case 4 -> addressLength = 16;
            case 3 -> {
                if (!fill(in, 5)) {
                    return false;
                }
                addressLength = 1 + (in.get(4) & 0xFF);
            }
            default -> {
                fail(SocketError.ProxyProtocolError, PROTOCOL_ERROR);
                return true;
            }
        }
        if (!fill(in, 4 + addressLength + 2)) {
            return false;
        }
        QHostAddress address = new QHostAddress();
        if (type == 1) {
            address = new QHostAddress(in.getInt(4));
        } else if (type == 4) {
            byte[] ip6 = new byte[16];
            in.get(4, ip6);
            address = new QHostAddress(ip6);
        }
        int port = ((in.get(4 + addressLength) & 0xFF) << 8) | (in.get(5 + addressLength) & 0xFF);
        in.clear();
        if (command == CMD_CONNECT) {
            phase = Phase.DONE;
            tunnelEstablished(address, port);
        } else if (phase == Phase.REQUEST) {
            bound = true;
            boundAddress = address;
            boundPort = port;
            phase = Phase.BIND_WAITING_FOR_PEER;
        } else {
            bindPeer = address;
            bindPeerPort = port;
            phase = Phase.DONE;
            handshakeFinishedForHandOver();
        }
        return true;
    }

    private void replyError(int code) {
        if ((code == 1 || code == 2) && !targetName.isEmpty()) {
            // Dante answers so when it cannot resolve the name; Qt reads it as a failed lookup
            fail(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND);
            return;
        }
        switch (code) {
            case 1 -> fail(SocketError.NetworkError, "General SOCKSv5 server failure");
            case 2 -> fail(SocketError.SocketAccessError, "Connection not allowed by SOCKSv5 server");
            case 3 -> fail(SocketError.NetworkError, SocketErrors.NETWORK_UNREACHABLE);
            case 4 -> fail(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND);
            case 5 -> fail(SocketError.ConnectionRefusedError, SocketErrors.CONNECTION_REFUSED);
            case 6 -> fail(SocketError.NetworkError, "TTL expired");
            case 7 -> fail(SocketError.UnsupportedSocketOperationError, "SOCKSv5 command not supported");
            case 8 -> fail(SocketError.UnsupportedSocketOperationError, "Address type not supported");
            default -> fail(SocketError.UnknownSocketError,
                    "Unknown SOCKSv5 proxy error code 0x" + String.format(Locale.ROOT, "%02x", code));
        }
    }

    @Override
    protected String refusedText() {
        return "Connection to proxy refused";
    }

    @Override
    protected String closedText() {
        return "Connection to proxy closed prematurely";
    }

    @Override
    protected String notFoundText() {
        return "Proxy host not found";
    }

    @Override
    protected String timeoutText() {
        return "Connection to proxy timed out";
    }
}
