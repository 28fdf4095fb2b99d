package io.qtj.network.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A real SOCKS5 proxy for one test: Dante's {@code danted}, started on 127.0.0.1 and a
 * free port with its own configuration in a fresh temporary folder.
 *
 * <p>The story of a test: {@code try (DanteProxy proxy = DanteProxy.start(Authentication.NONE))},
 * connect to {@link #host()}:{@link #port()}, speak SOCKS5, and let {@link #close()}
 * stop danted and all the processes it forked and delete the folder. A system-wide
 * danted service, if any, is neither needed nor disturbed.
 *
 * <p>The proxy allows CONNECT and BIND (with its second reply, Dante's
 * {@code bindreply}) from and to 127.0.0.0/8 only; any other destination is refused
 * with reply code 02 (not allowed by ruleset). BIND listens on 127.0.0.1
 * ({@code external: 127.0.0.1}), so its first reply names 127.0.0.1 and a fresh port.
 *
 * <p>With {@link Authentication#USERNAME_PASSWORD} the proxy offers only method 02
 * (RFC 1929) and checks the SYSTEM password database, as Dante's
 * {@code socksmethod: username} always does; the user is {@value #TEST_USER} with
 * password {@value #TEST_PASSWORD}, created by {@code .ci/setup-proxies.sh}, and danted
 * must be able to read {@code /etc/shadow}, so this mode needs the tests to run as root.
 * {@link #start} throws {@link IllegalStateException} saying so when it cannot work.
 *
 * <p>Dante's own log ({@code danted.log}: every accept, pass, block and authentication
 * failure) and its standard output are kept in the folder while it runs; see
 * {@link #logTail()}. If danted does not accept connections within 10 s, {@link #start}
 * throws an {@link IOException} with the tail of both.
 *
 * <p>Not thread-safe: start and close it from the test thread; the accessors may be
 * read from any thread.
 */
public final class DanteProxy implements AutoCloseable {

    /** The system user that {@link Authentication#USERNAME_PASSWORD} accepts. */
    public static final String TEST_USER = "qtjproxy";
    /** The password of {@link #TEST_USER}; {@code .ci/setup-proxies.sh} sets the same. */
    public static final String TEST_PASSWORD = "qtj-socks-test";

    /** How clients must authenticate to the proxy. */
    public enum Authentication {
        /** SOCKS5 method 00: no authentication. */
        NONE,
        /** SOCKS5 method 02: RFC 1929 username/password, checked against the system users. */
        USERNAME_PASSWORD
    }

    private final ServerProcess server;
    private final Authentication authentication;

    private DanteProxy(ServerProcess server, Authentication authentication) {
        this.server = server;
        this.authentication = authentication;
    }

    /**
     * Starts danted and returns once it accepts connections.
     *
     * @throws IllegalStateException if danted is not installed, or if username/password
     *         authentication is asked for but cannot work here (the message says why)
     * @throws IOException if danted fails to start; the message holds its log tail
     */
    public static DanteProxy start(Authentication authentication) throws IOException {
        Objects.requireNonNull(authentication, "authentication");
        Path danted = ProxyAvailability.danteExecutable().orElseThrow(() -> new IllegalStateException(
                "danted is not installed; " + ProxyAvailability.INSTALL_HINT));
        if (authentication == Authentication.USERNAME_PASSWORD) {
            ProxyAvailability.danteUserPasswordProblem().ifPresent(problem -> {
                throw new IllegalStateException("DanteProxy cannot check passwords: " + problem);
            });
        }
        ServerProcess server = ServerProcess.start("danted", List.of("danted.log"), (dir, port) -> {
            Path config = dir.resolve("danted.conf");
            Files.writeString(config, configuration(dir, port, authentication));
            return List.of(danted.toString(), "-f", config.toString(),
                    "-p", dir.resolve("danted.pid").toString(), "-N", "1");
        });
        return new DanteProxy(server, authentication);
    }

    /** Returns the text of danted's configuration for the given folder, port and mode. */
    static String configuration(Path dir, int port, Authentication authentication) {
        String method = authentication == Authentication.NONE ? "none" : "username";
        return String.join("\n",
                "# Written by io.qtj.network.testing.DanteProxy for one test.",
                "logoutput: " + dir.resolve("danted.log"),
                "internal: 127.0.0.1 port = " + port,
                // BIND listens on the external address: loopback, so the test can reach it.
                "external: 127.0.0.1",
                "clientmethod: none",
                "socksmethod: " + method,
                "client pass {",
                "    from: 127.0.0.0/8 to: 127.0.0.0/8",
                "    log: error connect disconnect",
                "}",
                "client block {",
                "    from: 0.0.0.0/0 to: 0.0.0.0/0",
                "    log: error",
                "}",
                // bindreply is the second BIND reply: the peer's connection to the bound port.
                "socks pass {",
                "    from: 127.0.0.0/8 to: 127.0.0.0/8",
                "    command: connect bind bindreply",
                "    log: error connect disconnect",
                "}",
                "socks block {",
                "    from: 0.0.0.0/0 to: 0.0.0.0/0",
                "    log: error",
                "}",
                "");
    }

    /** Returns the address the proxy listens on: always {@code "127.0.0.1"}. */
    public String host() {
        return "127.0.0.1";
    }

    /** Returns the port the proxy listens on. */
    public int port() {
        return server.port();
    }

    /** Returns {@link #host()} and {@link #port()} as a socket address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(ServerProcess.loopback(), port());
    }

    /** Returns the authentication clients must use. */
    public Authentication authentication() {
        return authentication;
    }

    /**
     * Returns the user name clients must send, or an empty string when no
     * authentication is configured (as {@code QNetworkProxy::user()} does).
     */
    public String user() {
        return authentication == Authentication.NONE ? "" : TEST_USER;
    }

    /** Returns the password clients must send, or an empty string when none is configured. */
    public String password() {
        return authentication == Authentication.NONE ? "" : TEST_PASSWORD;
    }

    /** Returns the last lines of danted's log and standard output, for failure messages. */
    public String logTail() {
        return server.logTail();
    }

    /** Returns the temporary folder holding the configuration and logs. */
    Path directory() {
        return server.directory();
    }

    /** Returns the danted main process. */
    ProcessHandle process() {
        return server.handle();
    }

    /** Stops danted and its children and deletes the temporary folder. Calling it again does nothing. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "DanteProxy(" + authentication + ", " + server + ")";
    }
}
