package io.qtj.network.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.network.testing.DanteProxy.Authentication;
import io.qtj.network.testing.FakeProxy.Step;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the proxy fixtures work, speaking SOCKS5 (RFC 1928, RFC 1929) and HTTP CONNECT
 * by hand over plain JDK sockets, so that a failure here is the fixture's, never qtj's.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProxyFixturesTest {

    private static final int IO_TIMEOUT_MS = 5000;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final byte[] PAYLOAD = "Hello from qtj \u00e9\r\n".getBytes(ISO_8859_1);

    // ---- SOCKS5 through danted ----

    @Test
    void socks5NoAuthConnect() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy proxy = DanteProxy.start(Authentication.NONE);
             EchoServer echo = EchoServer.start();
             Socket client = connect(proxy.address())) {
            assertEquals("", proxy.user());
            assertArrayEquals(bytes(0x05, 0x00), greet(client, 0x00), proxy.logTail());
            Reply reply = socks5Request(client, 0x01, ipv4Address(echo.port()));
            assertEquals(0x00, reply.code, proxy.logTail());
            assertEquals(ServerProcess.loopback(), reply.address.getAddress());
            assertEchoes(client);
            assertEquals(1, echo.acceptedCount());
        }
    }

    @Test
    void socks5ConnectByDomainName() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy proxy = DanteProxy.start(Authentication.NONE);
             EchoServer echo = EchoServer.start();
             Socket client = connect(proxy.address())) {
            greet(client, 0x00);
            byte[] name = "localhost".getBytes(US_ASCII);
            byte[] address = ByteBuffer.allocate(2 + name.length + 2)
                    .put((byte) 0x03).put((byte) name.length).put(name).putShort((short) echo.port()).array();
            assertEquals(0x00, socks5Request(client, 0x01, address).code, proxy.logTail());
            assertEchoes(client);
        }
    }

    @Test
    void socks5ConnectOutsideLoopbackIsNotAllowed() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy proxy = DanteProxy.start(Authentication.NONE);
             Socket client = connect(proxy.address())) {
            greet(client, 0x00);
            // 192.0.2.1 is TEST-NET-1: the rule set refuses it before any packet leaves the machine.
            byte[] address = {0x01, (byte) 192, 0, 2, 1, 0, 80};
            assertEquals(0x02, socks5Request(client, 0x01, address).code, "02 = connection not allowed by ruleset");
            assertEquals(-1, client.getInputStream().read());
        }
    }

    @Test
    void socks5UserPasswordConnect() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy proxy = DanteProxy.start(Authentication.USERNAME_PASSWORD);
             EchoServer echo = EchoServer.start();
             Socket client = connect(proxy.address())) {
            assertArrayEquals(bytes(0x05, 0x02), greet(client, 0x02));
            assertArrayEquals(bytes(0x01, 0x00), authenticate(client, proxy.user(), proxy.password()), proxy.logTail());
            assertEquals(0x00, socks5Request(client, 0x01, ipv4Address(echo.port())).code, proxy.logTail());
            assertEchoes(client);
        }
    }

    @Test
    void socks5WrongPasswordIsRejected() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy proxy = DanteProxy.start(Authentication.USERNAME_PASSWORD);
             Socket client = connect(proxy.address())) {
            greet(client, 0x02);
            byte[] status = authenticate(client, proxy.user(), "not-" + proxy.password());
            assertEquals(0x01, status[0]);
            assertNotEquals(0x00, status[1], "RFC 1929: any status but 00 is a failure");
            assertEquals(-1, client.getInputStream().read(), "RFC 1929: the server must close the connection");
        }
    }

    @Test
    void socks5UserPasswordProxyRefusesNoAuth() throws Exception {
        ProxyAvailability.assumeDanteUserPasswordAvailable();
        try (DanteProxy proxy = DanteProxy.start(Authentication.USERNAME_PASSWORD);
             Socket client = connect(proxy.address())) {
            assertArrayEquals(bytes(0x05, 0xFF), greet(client, 0x00), "FF = no acceptable methods");
        }
    }

    @Test
    void socks5Bind() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        try (DanteProxy proxy = DanteProxy.start(Authentication.NONE);
             Socket client = connect(proxy.address())) {
            greet(client, 0x00);
            // DST.ADDR/DST.PORT name the peer expected to connect; 127.0.0.1:0 = any port on loopback.
            Reply first = socks5Request(client, 0x02, ipv4Address(0));
            assertEquals(0x00, first.code, proxy.logTail());
            assertEquals(ServerProcess.loopback(), first.address.getAddress(), "bound on danted's external address");
            assertTrue(first.address.getPort() > 0);
            try (Socket peer = connect(first.address)) {
                Reply second = readReply(client.getInputStream());
                assertEquals(0x00, second.code, proxy.logTail());
                assertEquals(peer.getLocalSocketAddress(), second.address, "the second reply names the peer");
                peer.getOutputStream().write(PAYLOAD);
                assertArrayEquals(PAYLOAD, readExactly(client.getInputStream(), PAYLOAD.length));
                client.getOutputStream().write(PAYLOAD);
                assertArrayEquals(PAYLOAD, readExactly(peer.getInputStream(), PAYLOAD.length));
            }
        }
    }

    @Test
    void danteCloseStopsEveryProcessAndDeletesItsFolder() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        DanteProxy proxy = DanteProxy.start(Authentication.NONE);
        try {
            try (Socket client = connect(proxy.address())) {
                // An answered greeting proves danted has forked its negotiation worker.
                assertArrayEquals(bytes(0x05, 0x00), greet(client, 0x00));
            }
            ProcessHandle main = proxy.process();
            List<ProcessHandle> children = main.descendants().collect(Collectors.toList());
            Path dir = proxy.directory();
            assertTrue(Files.exists(dir.resolve("danted.conf")));
            assertFalse(children.isEmpty(), "danted forks its worker processes");
            proxy.close();
            proxy.close();
            assertTrue(ServerProcess.hasExited(main));
            children.forEach(child -> assertTrue(ServerProcess.hasExited(child), child + " outlived close()"));
            assertFalse(Files.exists(dir));
            assertThrows(ConnectException.class, () -> connect(proxy.address()).close());
        } finally {
            proxy.close();
        }
    }

    @Test
    void startupFailureReportsTheLogTail() throws Exception {
        ProxyAvailability.assumeDanteInstalled();
        Path danted = ProxyAvailability.danteExecutable().orElseThrow();
        IOException e = assertThrows(IOException.class, () -> ServerProcess.start("danted", List.of(), (dir, port) -> {
            Path config = dir.resolve("danted.conf");
            Files.writeString(config, "internal: 127.0.0.1 port = " + port + "\nthis is not dante syntax\n");
            return List.of(danted.toString(), "-f", config.toString(), "-p", dir.resolve("danted.pid").toString());
        }));
        assertTrue(e.getMessage().contains("exited with status"), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }

    // ---- HTTP CONNECT through tinyproxy ----

    @Test
    void httpConnectWithoutAuthentication() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start();
             EchoServer echo = EchoServer.start();
             Socket client = connect(proxy.address())) {
            String response = httpConnect(client, echo.port(), null);
            assertTrue(response.startsWith("HTTP/1.0 200 "), response + "\n" + proxy.logTail());
            assertEchoes(client);
        }
    }

    @Test
    void httpConnectWithBasicAuthentication() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        try (TinyProxy proxy = TinyProxy.start("qtj", "s3cret");
             EchoServer echo = EchoServer.start()) {
            try (Socket client = connect(proxy.address())) {
                String response = httpConnect(client, echo.port(), null);
                assertTrue(response.startsWith("HTTP/1.0 407 "), response);
                assertTrue(response.contains("\r\nProxy-Authenticate: Basic realm=\"Tinyproxy\"\r\n"), response);
            }
            try (Socket client = connect(proxy.address())) {
                String response = httpConnect(client, echo.port(), "qtj:wrong");
                // tinyproxy 1.11.1 answers wrong credentials with 401, missing ones with 407.
                assertTrue(response.startsWith("HTTP/1.0 401 ") || response.startsWith("HTTP/1.0 407 "), response);
            }
            try (Socket client = connect(proxy.address())) {
                String response = httpConnect(client, echo.port(), proxy.user() + ":" + proxy.password());
                assertTrue(response.startsWith("HTTP/1.0 200 "), response + "\n" + proxy.logTail());
                assertEchoes(client);
            }
            assertEquals(1, echo.acceptedCount(), "only the authenticated request reaches the target");
        }
    }

    @Test
    void tinyproxyCloseStopsTheProcessAndDeletesItsFolder() throws Exception {
        ProxyAvailability.assumeTinyproxyInstalled();
        TinyProxy proxy = TinyProxy.start();
        try {
            ProcessHandle process = proxy.process();
            Path dir = proxy.directory();
            proxy.close();
            assertTrue(ServerProcess.hasExited(process));
            assertFalse(Files.exists(dir));
        } finally {
            proxy.close();
        }
    }

    @Test
    void tinyproxyRejectsUnquotableCredentials() {
        assertThrows(IllegalArgumentException.class, () -> TinyProxy.start("qtj", "has space"));
    }

    // ---- FakeProxy ----

    @Test
    void fakeProxyRunsItsScriptAndRecords() throws Exception {
        try (FakeProxy fake = FakeProxy.start(
                Step.expectBytes(0x05, 0x01, 0x00), Step.send(0x05, 0x00), Step.expect(4), Step.sendAndClose(0x05, 0x01));
             Socket client = connect(fake.address())) {
            client.getOutputStream().write(bytes(0x05, 0x01, 0x00));
            assertArrayEquals(bytes(0x05, 0x00), readExactly(client.getInputStream(), 2));
            client.getOutputStream().write(bytes(1, 2, 3, 4));
            assertArrayEquals(bytes(0x05, 0x01), readExactly(client.getInputStream(), 2));
            assertEquals(-1, client.getInputStream().read());
            FakeProxy.Connection connection = fake.nextConnection(WAIT);
            connection.awaitFinished(WAIT);
            assertEquals(4, connection.stepsCompleted());
            assertTrue(connection.failure().isEmpty(), connection.toString());
            assertArrayEquals(bytes(0x05, 0x01, 0x00, 1, 2, 3, 4), connection.received());
        }
    }

    @Test
    void fakeProxyReportsUnexpectedBytes() throws Exception {
        try (FakeProxy fake = FakeProxy.start(Step.expectBytes(0x05, 0x01, 0x00), Step.send(0x05, 0x00));
             Socket client = connect(fake.address())) {
            client.getOutputStream().write(bytes(0x04, 0x01, 0x00));
            assertEquals(-1, client.getInputStream().read(), "a mismatch closes the connection");
            FakeProxy.Connection connection = fake.nextConnection(WAIT);
            connection.awaitFinished(WAIT);
            assertEquals(0, connection.stepsCompleted());
            assertTrue(connection.failure().orElseThrow().contains("but got 04 01 00"), connection.toString());
        }
    }

    @Test
    void fakeProxyStepTimeout() throws Exception {
        try (FakeProxy fake = FakeProxy.start(Duration.ofMillis(200), List.of(Step.expect(3)));
             Socket client = connect(fake.address())) {
            client.getOutputStream().write(0x05);
            FakeProxy.Connection connection = fake.nextConnection(WAIT);
            connection.awaitFinished(WAIT);
            assertTrue(connection.failure().orElseThrow().contains("timed out"), connection.toString());
            assertArrayEquals(bytes(0x05), connection.received());
        }
    }

    @Test
    void fakeProxyClosesImmediately() throws Exception {
        try (FakeProxy fake = FakeProxy.start(Step.close());
             Socket client = connect(fake.address())) {
            assertEquals(-1, client.getInputStream().read());
            fake.nextConnection(WAIT).awaitFinished(WAIT);
        }
    }

    @Test
    void fakeProxyStallsUntilClosed() throws Exception {
        FakeProxy fake = FakeProxy.start(Step.expect(1), Step.stall());
        try (Socket client = connect(fake.address())) {
            client.setSoTimeout(200);
            client.getOutputStream().write(bytes(1, 2, 3));
            assertThrows(SocketTimeoutException.class, () -> client.getInputStream().read());
            FakeProxy.Connection connection = fake.nextConnection(WAIT);
            client.getOutputStream().write(bytes(4));
            client.shutdownOutput();
            connection.awaitFinished(WAIT);
            assertArrayEquals(bytes(1, 2, 3, 4), connection.received(), "a stalled connection keeps recording");
            assertTrue(connection.failure().isEmpty(), connection.toString());
        } finally {
            fake.close();
        }
        // close() ends a stall the client never ends.
        FakeProxy again = FakeProxy.start(Step.stall());
        try (Socket client = connect(again.address())) {
            FakeProxy.Connection connection = again.nextConnection(WAIT);
            again.close();
            connection.awaitFinished(WAIT);
            client.setSoTimeout(IO_TIMEOUT_MS);
            assertEquals(-1, client.getInputStream().read());
        }
    }

    @Test
    void echoServerEchoesAndHalfCloses() throws Exception {
        try (EchoServer echo = EchoServer.start(); Socket client = connect(echo.address())) {
            assertEchoes(client);
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
        }
    }

    // ---- hand-written protocol helpers ----

    /** A SOCKS5 reply: REP code and BND.ADDR/BND.PORT. */
    private static final class Reply {
        final int code;
        final InetSocketAddress address;

        Reply(int code, InetSocketAddress address) {
            this.code = code;
            this.address = address;
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, IO_TIMEOUT_MS);
            socket.setSoTimeout(IO_TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a greeting offering one method; returns the 2-byte method selection. */
    private static byte[] greet(Socket client, int method) throws IOException {
        client.getOutputStream().write(bytes(0x05, 0x01, method));
        return readExactly(client.getInputStream(), 2);
    }

    /** Sends an RFC 1929 username/password request; returns the 2-byte status reply. */
    private static byte[] authenticate(Socket client, String user, String password) throws IOException {
        byte[] u = user.getBytes(US_ASCII);
        byte[] p = password.getBytes(US_ASCII);
        client.getOutputStream().write(ByteBuffer.allocate(3 + u.length + p.length)
                .put((byte) 0x01).put((byte) u.length).put(u).put((byte) p.length).put(p).array());
        return readExactly(client.getInputStream(), 2);
    }

    /** ATYP 01 + 127.0.0.1 + port. */
    private static byte[] ipv4Address(int port) {
        return ByteBuffer.allocate(7).put((byte) 0x01).put(new byte[] {127, 0, 0, 1}).putShort((short) port).array();
    }

    /** Sends VER CMD RSV + address; returns the parsed reply. */
    private static Reply socks5Request(Socket client, int command, byte[] address) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(ByteBuffer.allocate(3 + address.length).put((byte) 0x05).put((byte) command).put((byte) 0)
                .put(address).array());
        return readReply(client.getInputStream());
    }

    private static Reply readReply(InputStream in) throws IOException {
        byte[] head = readExactly(in, 4);
        assertEquals(0x05, head[0], "VER");
        assertEquals(0x00, head[2], "RSV");
        InetAddress host;
        switch (head[3]) {
            case 0x01: host = InetAddress.getByAddress(readExactly(in, 4)); break;
            case 0x04: host = InetAddress.getByAddress(readExactly(in, 16)); break;
            case 0x03: host = InetAddress.getByName(new String(readExactly(in, readExactly(in, 1)[0] & 0xFF), US_ASCII)); break;
            default: throw new AssertionError("ATYP " + head[3]);
        }
        byte[] port = readExactly(in, 2);
        return new Reply(head[1] & 0xFF, new InetSocketAddress(host, ((port[0] & 0xFF) << 8) | (port[1] & 0xFF)));
    }

    /** Sends CONNECT 127.0.0.1:port; returns the response head up to and including the blank line. */
    private static String httpConnect(Socket client, int port, String credentials) throws IOException {
        StringBuilder request = new StringBuilder()
                .append("CONNECT 127.0.0.1:").append(port).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        if (credentials != null) {
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(US_ASCII))).append("\r\n");
        }
        client.getOutputStream().write(request.append("\r\n").toString().getBytes(US_ASCII));
        InputStream in = client.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
            if (head.size() > 8192) {
                throw new AssertionError("no end of response head in 8 KiB: " + head.toString(ISO_8859_1));
            }
            head.write(readExactly(in, 1));
        }
        return head.toString(ISO_8859_1);
    }

    private static void assertEchoes(Socket client) throws IOException {
        client.getOutputStream().write(PAYLOAD);
        assertArrayEquals(PAYLOAD, readExactly(client.getInputStream(), PAYLOAD.length));
    }

    private static byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new EOFException("expected " + count + " bytes, got " + bytes.length + ": " + FakeProxy.hex(bytes));
        }
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
