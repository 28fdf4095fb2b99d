package io.qtj.samples;

import io.qtj.network.testing.DanteProxy;
import io.qtj.network.testing.ProxyAvailability;
import io.qtj.network.testing.TinyProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fortune clients' {@code --proxy} option against real proxies: dante (SOCKS5, with
 * username/password) and tinyproxy (HTTP CONNECT), each in front of the qtj fortune server.
 */
@Timeout(120)
class FortuneThroughProxyTest {
    private static String fetchThrough(String client, String proxyUrl, int serverPort) throws Exception {
        try (SampleProcess c = SampleProcess.sample(client, "--port", String.valueOf(serverPort), "--proxy", proxyUrl)) {
            assertEquals(0, c.exitCode(), c + ": " + c.stderr());
            assertEquals("", c.stderr());
            return c.stdout();
        }
    }

    @ParameterizedTest(name = "{0} through dante with a password")
    @ValueSource(strings = {"fortune-client", "blocking-fortune-client"})
    void socks5WithPassword(String client) throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             SampleProcess server = SampleProcess.sample("fortune-server", "--fortune", "7")) {
            int port = server.serverPort();
            String url = "socks5://" + dante.user() + ":" + dante.password() + "@127.0.0.1:" + dante.port();
            assertEquals(Fortunes.ALL.get(7) + "\n", fetchThrough(client, url, port));
            assertTrue(dante.logTail().contains("127.0.0.1." + port),
                    "dante logged the connection to the server's port " + port + ": " + dante.logTail());
            server.closeStdin();
            assertEquals(0, server.exitCode());
        }
    }

    @Test
    void socks5WrongPasswordIsAProxyError() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy dante = DanteProxy.start(DanteProxy.Authentication.USERNAME_PASSWORD);
             SampleProcess server = SampleProcess.sample("fortune-server", "--fortune", "0")) {
            int port = server.serverPort();
            String url = "socks5://" + dante.user() + ":wrong@127.0.0.1:" + dante.port();
            try (SampleProcess c = SampleProcess.sample("fortune-client", "--port", String.valueOf(port), "--proxy", url)) {
                assertEquals(1, c.exitCode());
                assertTrue(c.stderr().startsWith("error: Proxy authentication failed"), c.stderr());
            }
            server.closeStdin();
            assertEquals(0, server.exitCode());
        }
    }

    @Test
    void httpConnectThroughTinyproxy() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy tiny = TinyProxy.start("fortune", "s3cret");
             SampleProcess server = SampleProcess.sample("fortune-server", "--fortune", "3")) {
            int port = server.serverPort();
            String url = "http://fortune:s3cret@127.0.0.1:" + tiny.port();
            assertEquals(Fortunes.ALL.get(3) + "\n", fetchThrough("fortune-client", url, port));
            server.closeStdin();
            assertEquals(0, server.exitCode());
        }
    }

    @Test
    void proxyThatIsNotThereIsAClearError() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (SampleProcess c = SampleProcess.sample("fortune-client", "--port", "1",
                "--proxy", "socks5://127.0.0.1:" + closedPort)) {
            assertEquals(1, c.exitCode());
            assertEquals("error: Connection to proxy refused\n", c.stderr());
        }
    }

    @Test
    void malformedProxyUrlIsAUsageError() throws Exception {
        try (SampleProcess c = SampleProcess.sample("fortune-client", "--port", "1", "--proxy", "ftp://x")) {
            assertEquals(2, c.exitCode());
            assertTrue(c.stderr().startsWith("error: --proxy: ftp://x"), c.stderr());
        }
    }
}
