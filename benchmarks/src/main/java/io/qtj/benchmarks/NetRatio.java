package io.qtj.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The loopback and connection-rate ratios of qtj to plain NIO, to Netty and (with
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
 * <p>Loopback has a second qtj program, {@code qtjdirect} ({@link QtjNet#loopbackDirect}):
 * Unbuffered sockets and direct {@code ByteBuffer}s, the bytes moved as the NIO and Netty programs
 * move them, where {@code qtj} moves them as Qt's example does (byte arrays, each costing a copy
 * on the JVM's side).
 *
 * <p>Prints, as {@code name value unit} lines, per workload: the median of each qtj program /
 * each baseline with its interquartile range, and each program's median rate.
 *
 * <p>Usage: {@code NetRatio [--rounds N] [--loopback-transfers N] [--connrate-cycles N]
 * [--qt-bench PATH]}.
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
        String qtBench = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--loopback-transfers" -> transfers = Integer.parseInt(args[i + 1]);
                case "--connrate-cycles" -> cycles = Integer.parseInt(args[i + 1]);
                case "--qt-bench" -> qtBench = args[i + 1];
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
