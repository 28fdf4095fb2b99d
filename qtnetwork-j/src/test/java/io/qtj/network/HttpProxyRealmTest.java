package io.qtj.network;

import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.testing.FakeProxy;
import io.qtj.network.testing.FakeProxy.Step;
import io.qtj.test.QSignalSpy;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.qtj.network.ProxyTestSupport.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm of an HTTP proxy's Basic challenge reaches the authenticator of
 * proxyAuthenticationRequired (scripted 407 replies from {@link FakeProxy}); what the engine does
 * with the reply (ask, retry, fail) is the same with or without a realm.
 */
@Timeout(60)
@ExtendWith(QtExtension.class)
class HttpProxyRealmTest {
    /** The length of the CONNECT request for 127.0.0.1:80 without credentials. */
    private static final int REQUEST_LENGTH = ("CONNECT 127.0.0.1:80 HTTP/1.1\r\nProxy-Connection: keep-alive\r\n"
            + "User-Agent: Mozilla/5.0\r\nHost: 127.0.0.1:80\r\n\r\n").length();

    /**
     * Connects through a proxy answering every CONNECT with a 407 carrying {@code headers}, lets
     * it fail with "Authentication required" (nobody supplies new credentials) and returns the
     * authenticator the one proxyAuthenticationRequired emission offered.
     */
    private static QAuthenticator offeredAfter407(String user, String password, String headers) throws Exception {
        byte[] reply = ("HTTP/1.1 407 Proxy Authentication Required\r\n" + headers + "Proxy-Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (FakeProxy proxy = FakeProxy.start(Step.expect(REQUEST_LENGTH), Step.send(reply), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port(),
                        user, password));
                s.connectToHost("127.0.0.1", 80);
                awaitFailure(s, SocketError.ProxyAuthenticationRequiredError, "Authentication required");
                assertEquals(1, asked.count());
                return (QAuthenticator) asked.at(0).get(1);
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void theRealmOfTheBasicChallengeIsOffered() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null, "Proxy-Authenticate: Basic realm=\"Corporate proxy\"\r\n");
        assertEquals("Corporate proxy", offered.realm());
        assertEquals("Corporate proxy", offered.option("realm"), "Qt also offers the realm as an incoming option");
        assertEquals(Map.of("realm", "Corporate proxy"), offered.options());
        assertNull(offered.user());
        assertNull(offered.password());
        assertFalse(offered.isNull());
    }

    @Test
    void theBasicChallengeIsFoundAmongSeveralHeaders() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null, "Proxy-Authenticate: Negotiate\r\n"
                + "proxy-authenticate: Digest realm=\"digest realm\", nonce=\"abc\", qop=\"auth\"\r\n"
                + "PROXY-AUTHENTICATE: bAsIc Realm=\"a \\\"quoted\\\" realm, with a comma\", charset=\"UTF-8\"\r\n");
        assertEquals("a \"quoted\" realm, with a comma", offered.realm());
        assertEquals(Map.of("realm", "a \"quoted\" realm, with a comma"), offered.options(),
                "only the realm, as Qt: the challenge's other parameters are not options");
    }

    @Test
    void theBasicChallengeIsFoundInAList() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null,
                "Proxy-Authenticate: Digest realm=\"d\", nonce=\"n\", Basic realm=\"b\"\r\n");
        assertEquals("b", offered.realm());
    }

    @Test
    void theCredentialsThatFailedComeWithTheRealm() throws Exception {
        // 407, the proxy's credentials, 407 again: then the slot is asked, with both
        QAuthenticator offered = offeredAfter407("bob", "pw", "Proxy-Authenticate: Basic realm=\"r\"\r\n");
        assertEquals("bob", offered.user());
        assertEquals("pw", offered.password());
        assertEquals("r", offered.realm());
    }

    @Test
    void noRealmParameterLeavesTheRealmNull() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null, "Proxy-Authenticate: Basic\r\n");
        assertNull(offered.realm());
        assertTrue(offered.options().isEmpty());
    }

    @Test
    void anEmptyRealmLeavesTheRealmNull() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null, "Proxy-Authenticate: Basic realm=\"\"\r\n");
        assertNull(offered.realm());
        assertTrue(offered.options().isEmpty());
    }

    @Test
    void aMalformedChallengeStillAsksWithoutARealm() throws Exception {
        QAuthenticator offered = offeredAfter407(null, null,
                "Proxy-Authenticate: Basic realm=\"unclosed, charset=x\r\n");
        assertNull(offered.realm());
        assertTrue(offered.options().isEmpty());
        offered = offeredAfter407(null, null, "Proxy-Authenticate: Basic realm=\"r\" junk\r\n");
        assertNull(offered.realm());
    }

    @Test
    void aGivenPasswordIsRetriedAndTheSecondChallengesRealmOffered() throws Exception {
        byte[] reply = ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"again\"\r\n"
                + "Proxy-Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (FakeProxy proxy = FakeProxy.start(Step.expect(REQUEST_LENGTH), Step.send(reply), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.proxyAuthenticationRequired.connect((p, auth) -> {
                    if (auth.user() == null) {
                        auth.setUser("alice");
                        auth.setPassword("secret");
                    }
                });
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port()));
                s.connectToHost("127.0.0.1", 80);
                awaitFailure(s, SocketError.ProxyAuthenticationRequiredError, "Authentication required");
                assertEquals(2, asked.count(), "asked, retried with the new password, asked again, left unchanged");
                assertEquals(2, proxy.connections().size());
                QAuthenticator second = (QAuthenticator) asked.at(1).get(1);
                assertEquals("alice", second.user());
                assertEquals("again", second.realm());
            } finally {
                s.dispose();
            }
        }
    }

    @Test
    void onlyNonBasicChallengesStillFailAsBefore() throws Exception {
        byte[] reply = ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Digest realm=\"d\", nonce=\"n\"\r\nProxy-Authenticate: NTLM\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (FakeProxy proxy = FakeProxy.start(Step.expect(REQUEST_LENGTH), Step.send(reply), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                QSignalSpy asked = new QSignalSpy(s.proxyAuthenticationRequired);
                s.setProxy(new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, proxy.host(), proxy.port()));
                s.connectToHost("127.0.0.1", 80);
                awaitFailure(s, SocketError.ProxyProtocolError, "Error parsing authentication request from proxy");
                assertEquals(0, asked.count());
            } finally {
                s.dispose();
            }
        }
    }
}
