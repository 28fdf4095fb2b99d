package io.qtj.samples;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Qt 5 peers of {@code interop/} and their golden data. {@link #require()} runs
 * {@code interop/build.sh} once per test run (it rebuilds only what changed); when Qt 5's
 * development files are missing (exit 2) the calling test is skipped with the command that installs
 * them, except under {@code CI=true}, where it fails: CI installs them and must run these tests.
 */
final class QtPeers {
    /** The command that installs what {@code interop/build.sh} needs. */
    static final String INSTALL = "apt-get install qtbase5-dev g++ pkg-config";
    private static final int BUILD_TIMEOUT_S = 600;

    private static String buildProblem;   // null once built; guarded by QtPeers.class
    private static boolean built;

    private QtPeers() {
    }

    /** Returns the repository root, found from the samples module directory. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = module; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("interop/build.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("interop/build.sh not found above " + module);
    }

    /** Builds the peers if needed; skips (or under CI fails) the test when Qt 5 is not installed. */
    static synchronized void require() {
        if (!built) {
            buildProblem = build();
            built = true;
        }
        if (buildProblem != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true, so the Qt 5 interop tests must run, but: " + buildProblem);
            }
            Assumptions.abort("Qt 5 interop test skipped: " + buildProblem);
        }
    }

    /** Runs build.sh; returns null on success, the reason to skip when Qt 5 is missing; fails on a compile error. */
    private static String build() {
        Path root = repositoryRoot();
        try {
            Path log = Files.createTempFile("qtj-interop-build", ".log");
            try {
                Process p = new ProcessBuilder("bash", root.resolve("interop/build.sh").toString())
                        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(BUILD_TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("interop/build.sh did not finish in " + BUILD_TIMEOUT_S + " s");
                }
                String output = Files.readString(log, StandardCharsets.UTF_8).strip();
                return switch (p.exitValue()) {
                    case 0 -> null;
                    case 2 -> "Qt 5 development files or g++ are missing; install them with '"
                            + INSTALL + "'. build.sh said: " + output;
                    default -> fail("interop/build.sh failed with exit code " + p.exitValue() + ":\n" + output);
                };
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return fail("cannot run interop/build.sh: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while building the Qt peers", e);
        }
    }

    /** Returns the path of a built peer, e.g. {@code qt-fortune-client}. */
    static String binary(String name) {
        return repositoryRoot().resolve("interop/build").resolve(name).toString();
    }

    /** Returns the eight fortunes of {@code interop/golden/fortunes.txt}. */
    static List<String> goldenFortunes() throws IOException {
        return Files.readAllLines(repositoryRoot().resolve("interop/golden/fortunes.txt"), StandardCharsets.UTF_8);
    }

    /** Returns the bytes the real Qt server sends for fortune {@code index}. */
    static byte[] goldenBytes(int index) throws IOException {
        Path p = repositoryRoot().resolve("interop/golden/fortune-" + index + ".hex");
        return HexFormat.of().parseHex(Files.readString(p).strip());
    }
}
