package io.qtj.samples;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The qtj fortune samples against the real Qt 5 programs of {@code interop/}, each with an ASCII
 * fortune (0) and the Chinese one (7): the qtj servers serve Qt's client, and Qt's server serves the
 * qtj clients. Every program runs in its own process on 127.0.0.1, as a user would run it.
 */
@Timeout(120)
class FortuneInteropTest {
    /** Per test, so that each one shows as skipped, with the reason, when Qt 5 is missing. */
    @BeforeEach
    void buildQtPeers() {
        QtPeers.require();
    }

    static Stream<Arguments> serversAndFortunes() {
        return Stream.of("fortune-server", "threaded-fortune-server")
                .flatMap(s -> Stream.of(Arguments.of(s, 0), Arguments.of(s, 7)));
    }

    static Stream<Arguments> clientsAndFortunes() {
        return Stream.of("fortune-client", "blocking-fortune-client")
                .flatMap(c -> Stream.of(Arguments.of(c, 0), Arguments.of(c, 7)));
    }

    @ParameterizedTest(name = "qtj {0} serves fortune {1} to Qt's qt-fortune-client")
    @MethodSource("serversAndFortunes")
    void qtjServerServesQtClient(String server, int fortune) throws Exception {
        String expected = QtPeers.goldenFortunes().get(fortune);
        try (SampleProcess s = SampleProcess.sample(server, "--fortune", String.valueOf(fortune))) {
            int port = s.serverPort();
            try (SampleProcess c = SampleProcess.program(QtPeers.binary("qt-fortune-client"),
                    "--host", "127.0.0.1", "--port", String.valueOf(port))) {
                assertEquals(0, c.exitCode(), c.stderr());
                assertEquals(expected + "\n", c.stdout());
                assertEquals("", c.stderr());
            }
            s.closeStdin();
            assertEquals(0, s.exitCode(), s.stderr());
            s.assertNoErrorLines();
        }
    }

    @ParameterizedTest(name = "Qt's qt-fortune-server serves fortune {1} to qtj {0}")
    @MethodSource("clientsAndFortunes")
    void qtServerServesQtjClient(String client, int fortune) throws Exception {
        String expected = QtPeers.goldenFortunes().get(fortune);
        try (SampleProcess s = SampleProcess.program(QtPeers.binary("qt-fortune-server"),
                "--fortune", String.valueOf(fortune))) {
            int port = s.serverPort();
            try (SampleProcess c = SampleProcess.sample(client, "--host", "127.0.0.1", "--port", String.valueOf(port))) {
                assertEquals(0, c.exitCode(), c.stderr());
                assertEquals(expected + "\n", c.stdout());
                assertEquals("", c.stderr());
            }
            s.closeStdin();
            assertEquals(0, s.exitCode(), s.stderr());
        }
    }
}
