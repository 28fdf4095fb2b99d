package io.qtj.network;

import io.qtj.network.testing.DanteProxy;
import io.qtj.network.testing.EchoServer;
import io.qtj.network.testing.FakeProxy;
import io.qtj.network.testing.FakeProxy.Step;
import io.qtj.network.testing.ProxyAvailability;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.qtj.network.ProxyTestSupport.awaitConnected;
import static io.qtj.network.ProxyTestSupport.echo;
import static io.qtj.network.ProxyTestSupport.readExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proxy selection in Qt's order, end to end: the socket's own proxy (used even for loopback), else
 * the application proxy (never for loopback or localhost), else the system configuration (the
 * environment variables).
 */
@Timeout(60)
@ExtendWith(QtExtension.class)
class ProxySelectionEndToEndTest {
    @AfterEach
    void restoreGlobalState() {
        QNetworkProxyFactory.setUseSystemConfiguration(true);   // also drops the application proxy
    }

    @Test
    void applicationProxyCarriesASocketWithDefaultProxy() throws Exception {
        String name = "qtj-app-proxy.test";   // reserved, resolvable nowhere: only the proxy sees it
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(new byte[] {0x05, 0x01, 0x00, 0x03, (byte) name.length()});
        request.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(new byte[] {0x00, 0x50});
        try (FakeProxy proxy = FakeProxy.start(Step.expectBytes(0x05, 0x01, 0x00), Step.send(0x05, 0x00),
                Step.expectBytes(request.toByteArray()), Step.send(0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0, 1),
                Step.send('o', 'k'), Step.stall())) {
            QTcpSocket s = new QTcpSocket();
            try {
                QNetworkProxy.setApplicationProxy(
                        new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port()));
                assertEquals(QNetworkProxy.ProxyType.DefaultProxy, s.proxy().type());
                s.connectToHost(name, 80);
                awaitConnected(s);
                assertEquals("ok", readExactly(s, 2));
            } finally {
                s.dispose();
                QNetworkProxyFactory.setUseSystemConfiguration(true);
            }
        }
    }

    @Test
    void applicationProxyIsNotUsedForLoopbackButTheSocketsOwnProxyIs() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(Step.stall()); EchoServer target = EchoServer.start()) {
            QNetworkProxy viaFake = new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, proxy.host(), proxy.port());
            QTcpSocket direct = new QTcpSocket();
            QTcpSocket byName = new QTcpSocket();
            QTcpSocket proxied = new QTcpSocket();
            try {
                QNetworkProxy.setApplicationProxy(viaFake);
                direct.connectToHost("127.0.0.1", target.port());
                awaitConnected(direct);
                echo(direct, "direct, as Qt for loopback");
                byName.connectToHost("localhost", target.port());
                awaitConnected(byName);
                echo(byName, "direct, as Qt for localhost");
                assertTrue(proxy.connections().isEmpty());

                proxied.setProxy(viaFake);   // set on the socket: used even for loopback, as Qt
                proxied.connectToHost("127.0.0.1", target.port());
                FakeProxy.Connection c = proxy.nextConnection(Duration.ofSeconds(5));
                assertTrue(c.failure().isEmpty(), c.toString());
            } finally {
                direct.dispose();
                byName.dispose();
                proxied.dispose();
                QNetworkProxyFactory.setUseSystemConfiguration(true);
            }
        }
    }

    @Test
    void environmentVariableProxyThroughDante() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             EchoServer target = EchoServer.start()) {
            Map<String, String> env = Map.of("all_proxy", "socks5://" + DanteProxy.TEST_USER + ":"
                    + DanteProxy.TEST_PASSWORD + "@" + dante.host() + ":" + dante.port(), "no_proxy", "intranet.test");
            QNetworkProxyQuery query = new QNetworkProxyQuery("example.test", 80, "", QNetworkProxyQuery.QueryType.TcpSocket);
            List<QNetworkProxy> found = QNetworkProxyFactory.proxyForQuery(query, env);
            QNetworkProxy chosen = found.get(0);
            assertEquals(QNetworkProxy.ProxyType.Socks5Proxy, chosen.type());
            assertEquals(DanteProxy.TEST_USER, chosen.user());
            QNetworkProxyQuery excluded = new QNetworkProxyQuery("a.intranet.test", 80, "", QNetworkProxyQuery.QueryType.TcpSocket);
            assertEquals(QNetworkProxy.ProxyType.NoProxy, QNetworkProxyFactory.proxyForQuery(excluded, env).get(0).type());

            QTcpSocket s = new QTcpSocket();
            try {
                s.setProxy(chosen);
                s.connectToHost("127.0.0.1", target.port());
                awaitConnected(s);
                echo(s, "from the environment");
            } finally {
                s.dispose();
            }
        }
    }
}
