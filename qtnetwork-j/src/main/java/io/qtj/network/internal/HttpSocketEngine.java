package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QNetworkProxy;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An HTTP CONNECT tunnel engine with Basic proxy authentication, Qt's QHttpSocketEngine.
 *
 * <p>Qt's behaviour, kept here: the first CONNECT carries no credentials; a 407 whose
 * Proxy-Authenticate offers Basic is answered with the proxy's user and password if it has them
 * and they were not tried yet, else the socket is asked (proxyAuthenticationRequired) and, given
 * new credentials, tries again; otherwise ProxyAuthenticationRequiredError "Authentication
 * required". The authenticator the socket is asked with carries the {@code realm} parameter of
 * the Basic challenge as its realm and as its option {@code "realm"} (neither when the challenge
 * names no realm or is malformed). 200 opens the tunnel; 403 and 405 give SocketAccessError
 * "Proxy denied connection", 404 HostNotFoundError, 503 ConnectionRefusedError, anything else
 * ProxyProtocolError "Error communicating with HTTP proxy"; a reply that is not HTTP/1.x gives
 * "Did not receive HTTP response from proxy".
 *
 * <p>Differs from Qt: a 401 (which tinyproxy 1.11 sends for wrong credentials, with
 * WWW-Authenticate) counts as a 407; a retry always opens a new connection to the proxy instead
 * of reusing a kept-alive one, so the 407's body is never read; the reply's header may be at most
 * {@value #MAX_HEADER} bytes (ProxyProtocolError beyond); a header's value is read as a list of
 * challenges ({@link AuthChallenges}), so {@code Digest ..., Basic realm="r"} in one header offers
 * Basic, where Qt looks only at how each header's value starts.
 */
public final class HttpSocketEngine extends ProxySocketEngine {
    /** The longest proxy reply header accepted. */
    static final int MAX_HEADER = 16 * 1024;
    private static final String COMMUNICATION_ERROR = "Error communicating with HTTP proxy";

    private ByteBuffer header;
    private boolean sendCredentials;
    private boolean credentialsSent;

    /** Creates an engine for a socket (its owner) tunnelling through {@code proxy}. */
    public HttpSocketEngine(QObject owner, QNetworkProxy proxy) {
        super(owner, proxy);
    }

    @Override
    protected void handshakeStart() {
        String authority;
        if (!targetName.isEmpty()) {
            try {
                authority = IDN.toASCII(targetName);
            } catch (IllegalArgumentException e) {
                fail(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND);
                return;
            }
        } else if (targetAddress.protocol() == NetworkLayerProtocol.IPv6Protocol) {
            authority = "[" + targetAddress + "]";
        } else {
            authority = targetAddress.toString();
        }
        authority += ":" + targetPort;
        StringBuilder request = new StringBuilder(256)
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Proxy-Connection: keep-alive\r\n")
                .append("User-Agent: Mozilla/5.0\r\n")
                .append("Host: ").append(authority).append("\r\n");
        credentialsSent = sendCredentials;
        if (sendCredentials) {
            String pair = nonNull(proxy.user()) + ":" + nonNull(proxy.password());
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.ISO_8859_1)))
                    .append("\r\n");
        }
        request.append("\r\n");
        header = ByteBuffer.allocate(MAX_HEADER);
        send(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    protected void handshakeRead() {
        while (handshaking() && header != null) {
            int need = bytesToHeaderEnd();
            if (need == 0) {
                parseReply();
                return;
            }
            if (header.position() + need > header.capacity()) {
                fail(SocketError.ProxyProtocolError, COMMUNICATION_ERROR);
                return;
            }
            if (!fill(header, header.position() + need)) {
                return;
            }
        }
    }

    /**
     * The fewest bytes that may still be missing before the blank line ending the header (0 when
     * it has arrived): reading that many can never overshoot into the tunnel's first bytes.
     */
    private int bytesToHeaderEnd() {
        int n = header.position();
        String tail = tail(n, 3);
        if (n >= 4 && header.get(n - 4) == '\r' && tail.equals("\n\r\n")) {
            return 0;
        }
        if (tail.endsWith("\r\n\r")) {
            return 1;
        }
        if (tail.endsWith("\r\n")) {
            return 2;
        }
        if (tail.endsWith("\r")) {
            return 3;
        }
        return 4;
    }

    private String tail(int end, int count) {
        StringBuilder sb = new StringBuilder(count);
        for (int i = Math.max(0, end - count); i < end; i++) {
            sb.append((char) (header.get(i) & 0xFF));
        }
        return sb.toString();
    }

    private void parseReply() {
        String text = new String(header.array(), 0, header.position(), StandardCharsets.ISO_8859_1);
        header = null;
        if (!text.startsWith("HTTP/1.")) {
            fail(SocketError.ProxyProtocolError, "Did not receive HTTP response from proxy");
            return;
        }
        String[] lines = text.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = status.length >= 2 && status[1].length() == 3 ? Integer.parseInt(status[1]) : -1;
        } catch (NumberFormatException e) {
            code = -1;
        }
        switch (code) {
            case 200 -> tunnelEstablished(control.localAddress(), control.localPort());
            case 401, 407 -> authenticationRequested(lines);
            case 403, 405 -> fail(SocketError.SocketAccessError, "Proxy denied connection");
            case 404 -> fail(SocketError.HostNotFoundError, SocketErrors.HOST_NOT_FOUND);
            case 503 -> fail(SocketError.ConnectionRefusedError, SocketErrors.CONNECTION_REFUSED);
            default -> fail(SocketError.ProxyProtocolError, COMMUNICATION_ERROR);
        }
    }

    private void authenticationRequested(String[] lines) {
        AuthChallenges.Challenge basic = basicChallenge(lines);
        if (basic == null) {
            fail(SocketError.ProxyProtocolError, "Error parsing authentication request from proxy");
            return;
        }
        boolean haveUntried = !credentialsSent
                && (!nonNull(proxy.user()).isEmpty() || !nonNull(proxy.password()).isEmpty());
        if (haveUntried || askForCredentials(basic.parameter("realm"))) {
            sendCredentials = true;
            connectToProxy();
        } else if (handshaking()) {
            fail(SocketError.ProxyAuthenticationRequiredError, "Authentication required");
        }
    }

    /**
     * Returns the Basic challenge of the reply's header {@code lines} (the status line first), or
     * null if it has none: the first one among the Proxy-Authenticate headers, else among the
     * WWW-Authenticate headers (a 401 carries those). Basic is the only scheme this engine answers,
     * so it is the strongest one it supports, the one Qt would pick.
     */
    static AuthChallenges.Challenge basicChallenge(String[] lines) {
        List<AuthChallenges.Challenge> proxyChallenges = new ArrayList<>();
        List<AuthChallenges.Challenge> wwwChallenges = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon);
            if (name.equalsIgnoreCase("Proxy-Authenticate")) {
                proxyChallenges.addAll(AuthChallenges.parse(lines[i].substring(colon + 1)));
            } else if (name.equalsIgnoreCase("WWW-Authenticate")) {
                wwwChallenges.addAll(AuthChallenges.parse(lines[i].substring(colon + 1)));
            }
        }
        AuthChallenges.Challenge basic = AuthChallenges.first(proxyChallenges, "Basic");
        return basic != null ? basic : AuthChallenges.first(wwwChallenges, "Basic");
    }

    @Override
    protected String refusedText() {
        return "Proxy connection refused";
    }

    @Override
    protected String closedText() {
        return "Proxy connection closed prematurely";
    }

    @Override
    protected String notFoundText() {
        return "Proxy server not found";
    }

    @Override
    protected String timeoutText() {
        return "Proxy server connection timed out";
    }
}
