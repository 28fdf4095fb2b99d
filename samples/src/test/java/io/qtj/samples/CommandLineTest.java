package io.qtj.samples;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad command lines: each sample prints a clear {@code error: ...} on stderr and returns 2 before it
 * creates the application object, so these run in-process.
 */
class CommandLineTest {
    interface Runner {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    static Stream<Arguments> badOptions() {
        Runner server = FortuneServer::run;
        Runner threaded = ThreadedFortuneServer::run;
        Runner client = FortuneClient::run;
        Runner blocking = BlockingFortuneClient::run;
        return Stream.of(
                Arguments.of("server: port not a number", server, new String[] {"--port", "x"}, "--port: x is not a number"),
                Arguments.of("server: port out of range", server, new String[] {"--port", "65536"}, "--port: 65536 (expected: 0..65535)"),
                Arguments.of("server: fortune out of range", server, new String[] {"--fortune", "8"}, "--fortune: 8 (expected: 0..7)"),
                Arguments.of("server: host not an address", server, new String[] {"--host", "example.org"}, "--host: example.org is not an IP address"),
                Arguments.of("server: unknown option", server, new String[] {"--bytes", "1"}, "unknown option --bytes"),
                Arguments.of("threaded: missing value", threaded, new String[] {"--fortune"}, "--fortune needs a value"),
                Arguments.of("threaded: negative fortune", threaded, new String[] {"--fortune", "-1"}, "--fortune: -1 (expected: 0..7)"),
                Arguments.of("client: port required", client, new String[] {"--host", "127.0.0.1"}, "--port is required"),
                Arguments.of("client: port 0", client, new String[] {"--port", "0"}, "--port: 0 (expected: 1..65535)"),
                Arguments.of("client: no --fortune", client, new String[] {"--port", "1", "--fortune", "1"}, "unknown option --fortune"),
                Arguments.of("blocking: port required", blocking, new String[0], "--port is required"),
                Arguments.of("blocking: empty host", blocking, new String[] {"--host", "", "--port", "1"}, "--host: empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionIsAClearErrorWithExitCode2(String row, Runner runner, String[] args, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("error: " + message + " (usage: "), text);
        assertTrue(text.endsWith(")" + System.lineSeparator()), text);
    }

}
