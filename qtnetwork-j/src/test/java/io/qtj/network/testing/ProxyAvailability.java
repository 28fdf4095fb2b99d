package io.qtj.network.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that the real proxy servers the proxy tests need are installed, and skips the
 * calling test when they are not.
 *
 * <p>When the environment variable {@code CI} is {@code true} (case-insensitive), a
 * missing server fails the test instead: continuous integration installs the servers
 * ({@code .ci/run}), so there a missing server is a broken build, not a reason to skip
 * the proxy tests silently.
 *
 * <p>Executables are looked for on {@code PATH}, then in {@code /usr/sbin},
 * {@code /usr/local/sbin}, {@code /sbin} and {@code /usr/bin}, because a non-root
 * user's {@code PATH} often lacks the sbin folders where Debian installs {@code danted}.
 *
 * <p>Thread-safe: it holds no state.
 */
public final class ProxyAvailability {

    /** How to install the servers, quoted in every skip or failure message. */
    public static final String INSTALL_HINT =
            "to set up the proxy tests: sudo apt-get install dante-server tinyproxy"
            + " && sudo .ci/setup-proxies.sh  (see docs/testing-proxies.md)";

    private static final List<String> FALLBACK_DIRS =
            List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin");

    private ProxyAvailability() {
    }

    /** Skips the calling test (fails it on CI) unless Dante's {@code danted} is installed. */
    public static void assumeDanteInstalled() {
        require(danteExecutable().isPresent(), "danted (Debian package dante-server) was not found on PATH or in "
                + FALLBACK_DIRS);
    }

    /**
     * Skips the calling test (fails it on CI) unless {@link DanteProxy} can check
     * username/password logins: {@code danted} is installed, the system user
     * {@value DanteProxy#TEST_USER} exists, and this process may read the system password
     * database (danted's {@code socksmethod: username} checks it, so in practice the
     * tests must run as root).
     */
    public static void assumeDanteUserPasswordAvailable() {
        assumeDanteInstalled();
        danteUserPasswordProblem().ifPresent(problem -> require(false, problem));
    }

    /** Skips the calling test (fails it on CI) unless {@code tinyproxy} is installed. */
    public static void assumeTinyproxyInstalled() {
        require(tinyproxyExecutable().isPresent(), "tinyproxy (Debian package tinyproxy) was not found on PATH or in "
                + FALLBACK_DIRS);
    }

    /** Returns the path of {@code danted}, if it is installed. */
    public static Optional<Path> danteExecutable() {
        return findExecutable("danted");
    }

    /** Returns the path of {@code tinyproxy}, if it is installed. */
    public static Optional<Path> tinyproxyExecutable() {
        return findExecutable("tinyproxy");
    }

    /** Returns true if the environment variable {@code CI} is {@code true}. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns why danted cannot check the test user's password here, if it cannot. */
    static Optional<String> danteUserPasswordProblem() {
        if (!systemUserExists(DanteProxy.TEST_USER)) {
            return Optional.of("the system user '" + DanteProxy.TEST_USER + "' that danted's username method checks"
                    + " does not exist; create it with: sudo .ci/setup-proxies.sh");
        }
        if (!Files.isReadable(Path.of("/etc/shadow"))) {
            return Optional.of("this process (user '" + System.getProperty("user.name") + "') cannot read /etc/shadow,"
                    + " so the danted it starts cannot check system passwords; run the username/password proxy"
                    + " tests as root (CI does), e.g. in a container: see docs/testing-proxies.md");
        }
        return Optional.empty();
    }

    private static boolean systemUserExists(String user) {
        try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> findExecutable(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(FALLBACK_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private static void require(boolean condition, String problem) {
        if (condition) {
            return;
        }
        String message = problem + "; " + INSTALL_HINT;
        if (onCi()) {
            Assertions.fail("CI=true, so the proxy tests must run, but " + message);
        }
        Assumptions.assumeTrue(false, "Skipped: " + message);
    }
}
