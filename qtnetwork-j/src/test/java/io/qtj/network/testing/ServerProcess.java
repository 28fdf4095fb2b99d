package io.qtj.network.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A server process started for one test: its temporary folder, its port on 127.0.0.1,
 * its logs, and its shutdown.
 *
 * <p>{@link #start} writes the configuration through a {@link Launcher}, starts the
 * process with its standard output and error captured in {@code <name>.out} inside
 * the folder, and polls a TCP connect to the port until it succeeds (at most
 * {@link #READY_TIMEOUT}). If the chosen free port was taken by someone else in the
 * meantime, it tries again with another port, at most {@link #ATTEMPTS} times.
 * {@link #close} stops the process and every process it forked, then deletes the
 * folder.
 *
 * <p>One test thread starts it; {@link #close} is synchronized because a JVM shutdown
 * hook also closes every server a test left open.
 */
final class ServerProcess implements AutoCloseable {

    /** How long a server may take to accept its first connection. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    /** How many ports are tried when the chosen one turns out to be in use. */
    static final int ATTEMPTS = 3;
    /**
     * What the servers log when their port was taken between {@link #freePort()} and
     * their bind: danted says "Address already in use", tinyproxy 1.11 only "Could not
     * create listening sockets".
     */
    private static final List<String> PORT_TAKEN = List.of("in use", "Could not create listening sockets");
    /** How long {@link #close} waits for a polite exit before killing. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 40;
    private static final int TAIL_BYTES = 16 * 1024;

    /** Writes a server's configuration into its folder and returns its command line. */
    @FunctionalInterface
    interface Launcher {
        List<String> prepare(Path dir, int port) throws IOException;
    }

    /** Servers not yet closed, which a JVM shutdown hook closes: a test that forgets leaves no daemon behind. */
    private static final Set<ServerProcess> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> List.copyOf(OPEN).forEach(ServerProcess::close), "ServerProcess-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private final String name;
    private final Path dir;
    private final int port;
    private final Process process;
    private final List<Path> logs;
    private boolean closed;

    private ServerProcess(String name, Path dir, int port, Process process, List<Path> logs) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.logs = logs;
        OPEN.add(this);
    }

    /**
     * Starts a server and waits until it accepts connections on 127.0.0.1.
     *
     * @param name the executable's short name, used for file names and messages
     * @param extraLogs names of log files the server writes itself inside its folder
     * @throws IOException if the server cannot be started or does not become ready;
     *         the message holds the tail of its logs
     */
    static ServerProcess start(String name, List<String> extraLogs, Launcher launcher) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path dir = Files.createTempDirectory("qtj-" + name + "-");
            List<Path> logs = new ArrayList<>();
            logs.add(dir.resolve(name + ".out"));
            extraLogs.forEach(log -> logs.add(dir.resolve(log)));
            int port = freePort();
            List<String> command;
            Process process;
            try {
                command = launcher.prepare(dir, port);
                process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(logs.get(0).toFile())
                        .start();
            } catch (IOException | RuntimeException e) {
                deleteRecursively(dir);
                throw e;
            }
            ServerProcess server = new ServerProcess(name, dir, port, process, logs);
            String problem;
            try {
                process.getOutputStream().close();
                problem = server.awaitReady();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
            if (problem == null) {
                return server;
            }
            String tail = server.logTail();
            server.close();
            if (attempt == ATTEMPTS || PORT_TAKEN.stream().noneMatch(tail::contains)) {
                throw new IOException(name + " " + problem + " (attempt " + attempt + " of " + ATTEMPTS
                        + "); command: " + String.join(" ", command) + "\n--- log tail ---\n" + tail);
            }
        }
    }

    /** Returns null once the port accepts a connection, else why it never will. */
    private String awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return "exited with status " + process.exitValue()
                        + " before accepting connections on 127.0.0.1:" + port;
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(loopback(), port), 200);
                if (process.isAlive()) {
                    return null;
                }
            } catch (IOException notYet) {
                // Not listening yet: poll again below.
            }
            if (System.nanoTime() - deadline > 0) {
                return "did not accept connections on 127.0.0.1:" + port + " within " + READY_TIMEOUT.toSeconds() + " s";
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // poll interval; returns early if it exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name + " to start", e);
            }
        }
    }

    /** Returns the IPv4 loopback address 127.0.0.1, where every fixture listens. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the address has four bytes
        }
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    Path directory() {
        return dir;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Returns the last lines of each log file, each under a header naming the file. */
    String logTail() {
        StringBuilder out = new StringBuilder();
        for (Path log : logs) {
            out.append("==> ").append(log.getFileName()).append(" <==\n");
            try {
                byte[] bytes = Files.readAllBytes(log);
                int from = Math.max(0, bytes.length - TAIL_BYTES);
                String text = new String(Arrays.copyOfRange(bytes, from, bytes.length), StandardCharsets.UTF_8);
                List<String> lines = text.lines().collect(Collectors.toList());
                lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
                        .forEach(line -> out.append(line).append('\n'));
            } catch (IOException e) {
                out.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    /**
     * Stops the server and deletes its folder. Calling it again does nothing.
     *
     * <ol>
     * <li>SIGTERM to the main process, so it shuts down politely (and stops forking);
     *     SIGKILL if it has not exited after {@link #STOP_TIMEOUT}.
     * <li>SIGKILL to every process it forked: those found before it exited, and any
     *     orphan whose working folder is still ours (found through {@code /proc}, as a
     *     child forked between that look and the exit is no longer a descendant).
     *     danted's workers otherwise linger about 1.5 s after their parent, holding
     *     the listening socket; they keep no state worth a polite exit.
     * <li>Deletes the folder.
     * </ol>
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        List<ProcessHandle> family = new ArrayList<>();
        process.descendants().forEach(family::add);
        ProcessHandle main = process.toHandle();
        main.destroy();
        if (!awaitExit(main, System.nanoTime() + STOP_TIMEOUT.toNanos())) {
            main.destroyForcibly();
            awaitExit(main, System.nanoTime() + STOP_TIMEOUT.toNanos());
        }
        family.addAll(orphansIn(dir));
        family.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle member : family) {
            if (!awaitExit(member, deadline)) {
                System.getLogger(ServerProcess.class.getName()).log(System.Logger.Level.WARNING,
                        "process " + member.pid() + " of " + this + " survived SIGKILL for " + STOP_TIMEOUT);
            }
        }
        deleteRecursively(dir);
    }

    /** Returns the live processes whose working folder is {@code dir} (empty where /proc is missing). */
    private static List<ProcessHandle> orphansIn(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(handle -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", Long.toString(handle.pid()), "cwd")).equals(dir);
                    } catch (IOException | UnsupportedOperationException | SecurityException e) {
                        return false; // gone, someone else's, or no /proc
                    }
                })
                .collect(Collectors.toList());
    }

    /**
     * Waits until {@code handle} has exited or the deadline passes, polling every 10 ms:
     * nothing notifies us of the exit of a process that is not our child (danted's
     * workers), and {@code ProcessHandle.onExit()} polls too, with a long back-off.
     */
    private static boolean awaitExit(ProcessHandle handle, long deadlineNanos) {
        while (!hasExited(handle)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
            try {
                Thread.sleep(10); // poll interval for an exit we cannot be notified of
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return hasExited(handle);
            }
        }
        return true;
    }

    /** Returns true if the process has exited, reaped or not (see {@link #isZombie}). */
    static boolean hasExited(ProcessHandle handle) {
        return !handle.isAlive() || isZombie(handle);
    }

    /**
     * Returns true if the process has exited but not yet been reaped. An orphan is reaped
     * by PID 1, which in some containers does it only now and then, and
     * {@code ProcessHandle.isAlive()} counts a zombie as alive; but a zombie holds no
     * socket or file any more, which is all that matters here.
     */
    private static boolean isZombie(ProcessHandle handle) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int end = stat.lastIndexOf(')'); // the command name in parentheses may hold anything
            return end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // gone (isAlive() will say so) or no /proc
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.getLogger(ServerProcess.class.getName())
                    .log(System.Logger.Level.WARNING, "could not delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return name + "(127.0.0.1:" + port + ", pid " + process.pid() + ", " + dir + ")";
    }
}
