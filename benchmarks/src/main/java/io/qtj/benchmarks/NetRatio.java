package io.qtj.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The loopback, echo and connection-rate ratios of qtj to plain NIO, to Netty and (with
 * {@code --qt-bench}) to the real Qt 5 C++ program, measured interleaved, as {@link EmitRatio}
 * does for emission: short slices of the programs alternate (the order rotating from one round to
 * the next), and the ratio within each round is taken, so that a machine whose speed drifts slows
 * both sides of a ratio alike. On the shared 2-core machine the JMH runs ({@link LoopbackBenchmark},
 * {@link ConnRateBenchmark}) measure each program a minute or more after the other, and two runs of
 * the same code gave qtj / NIO 0.65x and 0.83x for the connection rate; three runs of Qt's loopback
 * in one session gave 2.7 to 3.9 GB/s. JMH stays the measurement of the absolute figures; the
 * targets are judged on these medians.
 *
 * <p>The Java programs run in this JVM and are timed here; Qt's slice is a {@code qt-bench}
 * process doing the same work (the same bytes in one connection, the same number of cycles), whose
 * own timing, from connect to the last byte or cycle as here, is taken: its start-up is not counted.
 *
 * <p>The echo workload's programs (16 connections, 1 KiB messages, one in flight per connection)
 * keep their servers and connections for the whole measurement, and a slice is {@code
 * --echo-messages} messages per connection; Qt's slice is a {@code qt-bench echo} process against
 * one {@code qt-echo-server} ({@code --qt-echo-server}) started here, timed by itself once all
 * its connections are up, as the Java clients are (theirs are up before the first slice).
 *
 * <p>Loopback has a second qtj program, {@code qtjdirect} ({@link QtjNet#loopbackDirect}):
 * Unbuffered sockets and direct {@code ByteBuffer}s, the bytes moved as the NIO and Netty programs
 * move them, where {@code qtj} moves them as Qt's example does (byte arrays, each costing a copy
 * on the JVM's side).
 *
 * <p>Prints, as {@code name value unit} lines, per workload: the median of each qtj program /
 * each baseline with its interquartile range, and each program's median rate.
 *
 * <p>Usage: {@code NetRatio [--rounds N] [--loopback-transfers N] [--connrate-cycles N]
 * [--echo-messages N] [--qt-bench PATH [--qt-echo-server PATH]]}.
 */
public final class NetRatio {
    private static final long TIMEOUT_MS = Workloads.TIMEOUT_MS;

    /** One workload slice of one program: runs it and returns its rate (units per second, scaled). */
    @FunctionalInterface
    private interface Slice {
        double run() throws Exception;
    }

    /** A slice that returns the units done, timed here. */
    @FunctionalInterface
    private interface Work {
        long run() throws Exception;
    }

    private NetRatio() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 21;
        int transfers = 2;
        int cycles = 2_000;
        int messages = 1_000;
        String qtBench = null;
        String qtEchoServer = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--loopback-transfers" -> transfers = Integer.parseInt(args[i + 1]);
                case "--connrate-cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--echo-messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--qt-bench" -> qtBench = args[i + 1];
                case "--qt-echo-server" -> qtEchoServer = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        List<String> programs = new ArrayList<>(List.of("qtj", "nio", "netty"));
        if (qtBench != null) {
            programs.add("qt");
        }
        List<String> loopbackPrograms = new ArrayList<>(programs);
        loopbackPrograms.add("qtjdirect");
        int t = transfers;
        int c = cycles;
        String qt = qtBench;
        try (NettyNet.Loopback netty = new NettyNet.Loopback()) {
            List<Slice> loopback = new ArrayList<>(List.of(
                () -> timed(1e-6, () -> repeat(t, () -> QtjNet.loopback(Workloads.LOOPBACK_BYTES, TIMEOUT_MS))),
                () -> timed(1e-6, () -> repeat(t, () -> NioNet.loopback(Workloads.LOOPBACK_BYTES, TIMEOUT_MS))),
                () -> timed(1e-6, () -> repeat(t, () -> netty.run(Workloads.LOOPBACK_BYTES, TIMEOUT_MS)))));
            if (qt != null) {
                loopback.add(() -> qtRate(qt, "loopback_throughput", "loopback",
                        "--bytes", Long.toString(t * Workloads.LOOPBACK_BYTES)));
            }
            loopback.add(() -> timed(1e-6, () -> repeat(t, () -> QtjNet.loopbackDirect(Workloads.LOOPBACK_BYTES, TIMEOUT_MS))));
            measure("loopback", "MB/s", loopbackPrograms, loopback, rounds, "qtj", "qtjdirect");
        }
        try (QtjNet.ConnRate qtj = new QtjNet.ConnRate(); NioNet.ConnRate nio = new NioNet.ConnRate();
             NettyNet.ConnRate netty = new NettyNet.ConnRate()) {
            List<Slice> connrate = new ArrayList<>(List.of(
                () -> timed(1, () -> repeat(c, () -> {
                    qtj.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                })),
                () -> timed(1, () -> repeat(c, () -> {
                    nio.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                })),
                () -> timed(1, () -> repeat(c, () -> {
                    netty.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                }))));
            if (qt != null) {
                connrate.add(() -> qtRate(qt, "connrate_rate", "connrate", "--cycles", Integer.toString(c)));
            }
            measure("connrate", "cycles/s", programs, connrate, rounds, "qtj");
        }
        List<String> echoPrograms = new ArrayList<>(List.of("qtj", "nio", "netty"));
        QtEchoServer qtServer = null;
        if (qt != null && qtEchoServer != null) {
            try {
                qtServer = new QtEchoServer(qtEchoServer);
                echoPrograms.add("qt");
            } catch (Exception e) {
                // the other programs' ratios are still worth having: the report says n/a for Qt
                System.err.println("warning: echo without Qt 5: " + e);
            }
        }
        int m = messages;
        int n = Workloads.ECHO_CONNECTIONS;
        int size = Workloads.ECHO_SIZE;
        try (QtEchoServer qtEcho = qtServer;   // first: closed even if a Java server fails to start
             QtjNet.EchoServer qtjServer = new QtjNet.EchoServer();
             QtjNet.EchoClients qtj = new QtjNet.EchoClients(qtjServer.port, n, size);
             NioNet.EchoServer nioServer = new NioNet.EchoServer();
             NioNet.EchoClients nio = new NioNet.EchoClients(nioServer.port, n, size);
             NettyNet.EchoServer nettyServer = new NettyNet.EchoServer();
             NettyNet.EchoClients netty = new NettyNet.EchoClients(nettyServer.port, n, size)) {
            List<Slice> echo = new ArrayList<>(List.of(
                () -> timed(1, () -> qtj.run(m, TIMEOUT_MS)),
                () -> timed(1, () -> nio.run(m, TIMEOUT_MS)),
                () -> timed(1, () -> netty.run(m, TIMEOUT_MS))));
            if (qtEcho != null) {
                echo.add(() -> qtRate(qt, "echo_rate", "echo", "--port", Integer.toString(qtEcho.port),
                        "--connections", Integer.toString(n), "--messages", Integer.toString(m),
                        "--size", Integer.toString(size)));
            }
            measure("echo", "messages/s", echoPrograms, echo, rounds, "qtj");
        }
    }

    /**
     * {@code qt-echo-server} on an ephemeral port of 127.0.0.1, for the Qt slices of the echo
     * workload (each a {@code qt-bench echo} process); it quits when its standard input ends.
     */
    private static final class QtEchoServer implements AutoCloseable {
        final Process process;
        final int port;

        QtEchoServer(String path) throws Exception {
            process = new ProcessBuilder(path, "--host", "127.0.0.1", "--port", "0")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                java.io.BufferedReader out = new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try {
                                return out.readLine();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                String first = line.get(10, TimeUnit.SECONDS);
                java.util.regex.Matcher p = first == null ? null
                        : java.util.regex.Pattern.compile("port: (\\d+)").matcher(first);
                if (p == null || !p.find()) {
                    throw new IllegalStateException(path + " printed no port: " + first);
                }
                port = Integer.parseInt(p.group(1));
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();   // end of input: the server quits
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Runs {@code work} and returns its units per second times {@code scale}. */
    private static double timed(double scale, Work work) throws Exception {
        long t0 = System.nanoTime();
        long units = work.run();
        return units * scale / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs {@code qt-bench} with {@code args} and returns the value of its output line
     * {@code key}; the process is killed if it has not finished within the workloads' timeout.
     */
    private static double qtRate(String qtBench, String key, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(qtBench);
        command.addAll(List.of(args));
        command.addAll(List.of("--timeout-ms", Long.toString(TIMEOUT_MS)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            // a few lines of output: the pipe's buffer holds them until the process has ended
            if (!p.waitFor(TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command + " did not finish in " + TIMEOUT_MS + " ms");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (exit " + p.exitValue() + "): " + out);
            }
            for (String line : out.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length >= 2 && f[0].equals(key)) {
                    return Double.parseDouble(f[1]);
                }
            }
            throw new IllegalStateException(command + " printed no " + key + ": " + out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static long repeat(int times, Work once) throws Exception {
        long units = 0;
        for (int i = 0; i < times; i++) {
            units += once.run();
        }
        return units;
    }

    /**
     * Runs {@code rounds} rounds of one slice per program after as many warm-up rounds as it takes
     * to compile them (a third of {@code rounds}, at least 3), and prints the ratios of the first
     * program, qtj, to each of the others.
     */
    private static void measure(String workload, String unit, List<String> programs, List<Slice> slices,
                                int rounds, String... subjects) throws Exception {
        int warmup = Math.max(3, rounds / 3);
        int count = programs.size();
        double[][] rates = new double[count][rounds];
        for (int r = -warmup; r < rounds; r++) {
            int first = Math.floorMod(r, count);
            for (int k = 0; k < count; k++) {
                int p = (first + k) % count;
                double rate = slices.get(p).run();
                if (r >= 0) {
                    rates[p][r] = rate;
                }
            }
        }
        List<String> qtjPrograms = List.of(subjects);
        for (String subject : subjects) {
            int q = programs.indexOf(subject);
            for (int p = 0; p < count; p++) {
                if (qtjPrograms.contains(programs.get(p))) {
                    continue;   // a qtj program against a baseline, not against another qtj one
                }
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = rates[q][r] / rates[p][r];
                }
                Arrays.sort(ratios);
                String n = workload + "_" + subject + "_" + programs.get(p) + "_ratio";
                print(n + "_median", ratios[rounds / 2], "x");
                print(n + "_q1", ratios[rounds / 4], "x");
                print(n + "_q3", ratios[rounds * 3 / 4], "x");
            }
        }
        for (int p = 0; p < count; p++) {
            double[] sorted = rates[p].clone();
            Arrays.sort(sorted);
            print(workload + "_" + programs.get(p) + "_median", sorted[rounds / 2], unit);
        }
    }

    private static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    }
}
