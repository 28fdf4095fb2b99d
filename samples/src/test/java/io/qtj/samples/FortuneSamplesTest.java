package io.qtj.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fortune samples in their own processes, without Qt: the bytes the qtj servers send are
 * exactly those the real Qt server sent when the golden files were captured, every qtj client works
 * with every qtj server, and the error paths print Qt's error strings with the contract's exit codes.
 */
@Timeout(120)
class FortuneSamplesTest {
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    /** Connects with a plain java.net.Socket and reads every byte until the server closes. */
    private static byte[] readAll(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            return socket.getInputStream().readAllBytes();
        }
    }

    private static void stop(SampleProcess server) throws Exception {
        server.closeStdin();
        assertEquals(0, server.exitCode(), server.stderr());
        assertEquals("", server.stderr(), "nothing on stderr");
    }

    static Stream<Arguments> wireFormatRows() {
        return Stream.concat(
                IntStream.range(0, 8).mapToObj(i -> Arguments.of("fortune-server", i)),
                Stream.of(Arguments.of("threaded-fortune-server", 0), Arguments.of("threaded-fortune-server", 7)));
    }

    @ParameterizedTest(name = "{0} --fortune {1} sends the golden bytes")
    @MethodSource("wireFormatRows")
    void byteExactAgainstGolden(String server, int fortune) throws Exception {
        byte[] golden = QtPeers.goldenBytes(fortune);
        try (SampleProcess s = SampleProcess.sample(server, "--fortune", String.valueOf(fortune))) {
            int port = s.serverPort();
            byte[] got = readAll(port);
            assertArrayEquals(golden, got, () -> "got " + HexFormat.of().formatHex(got));
            stop(s);
        }
    }

    @ParameterizedTest(name = "{0} serves 16 simultaneous connections")
    @ValueSource(strings = {"fortune-server", "threaded-fortune-server"})
    void simultaneousConnections(String server) throws Exception {
        byte[] golden = QtPeers.goldenBytes(7);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (SampleProcess s = SampleProcess.sample(server, "--fortune", "7")) {
            int port = s.serverPort();
            List<Future<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> readAll(port)));
            }
            for (Future<byte[]> r : replies) {
                assertArrayEquals(golden, r.get(SampleProcess.TIMEOUT_MS, TimeUnit.MILLISECONDS));
            }
            stop(s);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void randomFortuneIsOneOfTheEight() throws Exception {
        List<String> hex = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            hex.add(HexFormat.of().formatHex(QtPeers.goldenBytes(i)));
        }
        try (SampleProcess s = SampleProcess.sample("fortune-server")) {
            int port = s.serverPort();
            for (int i = 0; i < 5; i++) {
                String got = HexFormat.of().formatHex(readAll(port));
                assertTrue(hex.contains(got), got);
            }
            stop(s);
        }
    }

    static Stream<Arguments> pairs() {
        return Stream.of("fortune-server", "threaded-fortune-server")
                .flatMap(s -> Stream.of(Arguments.of(s, 0), Arguments.of(s, 7)));
    }

    @ParameterizedTest(name = "{0} --fortune {1} serves fortune-client and blocking-fortune-client")
    @MethodSource("pairs")
    void qtjClientsAgainstQtjServer(String server, int fortune) throws Exception {
        String expected = QtPeers.goldenFortunes().get(fortune) + "\n";
        try (SampleProcess s = SampleProcess.sample(server, "--fortune", String.valueOf(fortune))) {
            String port = String.valueOf(s.serverPort());
            try (SampleProcess c1 = SampleProcess.sample("fortune-client", "--port", port);
                 SampleProcess c2 = SampleProcess.sample("blocking-fortune-client", "--host", "127.0.0.1", "--port", port)) {
                for (SampleProcess c : List.of(c1, c2)) {
                    assertEquals(0, c.exitCode(), c + ": " + c.stderr());
                    assertEquals(expected, c.stdout(), c.toString());
                    assertEquals("", c.stderr(), c.toString());
                }
            }
            stop(s);
        }
    }

    /** Returns a port on 127.0.0.1 on which nothing listens (it was just free). */
    private static int closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{0} to a closed port: error: Connection refused, exit 1")
    @ValueSource(strings = {"fortune-client", "blocking-fortune-client"})
    void clientToClosedPort(String client) throws Exception {
        try (SampleProcess c = SampleProcess.sample(client, "--port", String.valueOf(closedPort()))) {
            assertEquals(1, c.exitCode(), c.stderr());
            assertEquals("error: Connection refused\n", c.stderr());
            assertEquals("", c.stdout());
        }
    }

    @ParameterizedTest(name = "{0} on a port in use: error: The bound address is already in use, exit 1")
    @ValueSource(strings = {"fortune-server", "threaded-fortune-server"})
    void serverOnPortInUse(String server) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SampleProcess s = SampleProcess.sample(server, "--port", String.valueOf(taken.getLocalPort()))) {
            assertEquals(1, s.exitCode(), s.stderr());
            assertEquals("error: The bound address is already in use\n", s.stderr());
            assertEquals("", s.stdout());
        }
    }

    @Test
    void helpListsAllFiveSamples() throws Exception {
        try (SampleProcess p = SampleProcess.sample("--help")) {
            assertEquals(0, p.exitCode());
            for (String name : List.of("fortune-server", "threaded-fortune-server", "fortune-client",
                    "blocking-fortune-client", "loopback")) {
                assertTrue(p.stdout().contains("  " + name + " "), name + " missing from: " + p.stdout());
            }
        }
    }
}
