package io.qtj.network.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real HTTP proxy for one test: {@code tinyproxy -d}, started on 127.0.0.1 and a free
 * port with its own configuration in a fresh temporary folder.
 *
 * <p>The proxy accepts clients from 127.0.0.1 only and allows CONNECT to every port:
 * the configuration has no {@code ConnectPort} line, and tinyproxy 1.11 then allows all
 * ports (one {@code ConnectPort} line would restrict CONNECT to the listed ports).
 * It answers CONNECT with {@code HTTP/1.0 200 Connection established}.
 *
 * <p>With {@link #start(String, String)} it requires Basic authentication
 * ({@code BasicAuth user password}). tinyproxy 1.11.1 then answers a request without a
 * {@code Proxy-Authorization} header with {@code 407 Proxy Authentication Required} and
 * {@code Proxy-Authenticate: Basic realm="Tinyproxy"}, but a request with WRONG
 * credentials with {@code 401 Unauthorized} and {@code WWW-Authenticate} (a quirk of
 * tinyproxy, not of HTTP); both close the connection.
 *
 * <p>tinyproxy's log (its standard output in foreground mode) is kept in the folder; see
 * {@link #logTail()}. {@link #close()} stops the process and deletes the folder.
 *
 * <p>Not thread-safe: start and close it from the test thread; the accessors may be
 * read from any thread.
 */
public final class TinyProxy implements AutoCloseable {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

    private final ServerProcess server;
    private final String user;
    private final String password;

    private TinyProxy(ServerProcess server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts tinyproxy without authentication and returns once it accepts connections.
     *
     * @throws IllegalStateException if tinyproxy is not installed
     * @throws IOException if tinyproxy fails to start; the message holds its log tail
     */
    public static TinyProxy start() throws IOException {
        return launch("", "");
    }

    /**
     * Starts tinyproxy requiring Basic authentication with the given credentials.
     *
     * @param user letters, digits, '.', '_' or '-' (tinyproxy's configuration has no quoting)
     * @param password same characters as {@code user}
     * @throws IllegalStateException if tinyproxy is not installed
     * @throws IOException if tinyproxy fails to start; the message holds its log tail
     */
    public static TinyProxy start(String user, String password) throws IOException {
        checkToken("user", user);
        checkToken("password", password);
        return launch(user, password);
    }

    private static void checkToken(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: one or more of [A-Za-z0-9._-])");
        }
    }

    private static TinyProxy launch(String user, String password) throws IOException {
        Path tinyproxy = ProxyAvailability.tinyproxyExecutable().orElseThrow(() -> new IllegalStateException(
                "tinyproxy is not installed; " + ProxyAvailability.INSTALL_HINT));
        ServerProcess server = ServerProcess.start("tinyproxy", List.of(), (dir, port) -> {
            Path config = dir.resolve("tinyproxy.conf");
            Files.writeString(config, configuration(port, user, password));
            return List.of(tinyproxy.toString(), "-d", "-c", config.toString());
        });
        return new TinyProxy(server, user, password);
    }

    /** Returns the text of tinyproxy's configuration; an empty user means no authentication. */
    static String configuration(int port, String user, String password) {
        StringBuilder config = new StringBuilder()
                .append("# Written by io.qtj.network.testing.TinyProxy for one test.\n")
                .append("Port ").append(port).append('\n')
                .append("Listen 127.0.0.1\n")
                .append("Timeout 60\n")
                .append("MaxClients 32\n")
                .append("LogLevel Info\n")
                .append("Allow 127.0.0.1\n")
                .append("# No ConnectPort line: CONNECT is allowed to every port.\n");
        if (!user.isEmpty()) {
            config.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
        }
        return config.toString();
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

    /** Returns the Basic authentication user, or an empty string when none is required. */
    public String user() {
        return user;
    }

    /** Returns the Basic authentication password, or an empty string when none is required. */
    public String password() {
        return password;
    }

    /** Returns the last lines of tinyproxy's log, for failure messages. */
    public String logTail() {
        return server.logTail();
    }

    /** Returns the temporary folder holding the configuration and log. */
    Path directory() {
        return server.directory();
    }

    /** Returns the tinyproxy process. */
    ProcessHandle process() {
        return server.handle();
    }

    /** Stops tinyproxy and deletes the temporary folder. Calling it again does nothing. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "TinyProxy(" + (user.isEmpty() ? "no auth" : "Basic " + user) + ", " + server + ")";
    }
}
