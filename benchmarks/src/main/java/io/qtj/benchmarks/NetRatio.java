package io.qtj.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The loopback and connection-rate ratios of qtj to plain NIO and to Netty, measured interleaved,
 * as {@link EmitRatio} does for emission: short slices of the three programs alternate in one JVM
 * (the order rotating from one round to the next), and the ratio within each round is taken, so
 * that a machine whose speed drifts slows both sides of a ratio alike. On the shared 2-core machine
 * the JMH runs ({@link LoopbackBenchmark}, {@link ConnRateBenchmark}) measure each program a minute
 * or more after the other, and two runs of the same code gave qtj / NIO 0.65x and 0.83x for the
 * connection rate. JMH stays the measurement of the absolute figures; the targets are judged on
 * these medians.
 *
 * <p>Prints, as {@code name value unit} lines, per workload: the median of qtj / NIO and of
 * qtj / Netty with their interquartile ranges, and each program's median rate.
 *
 * <p>Usage: {@code NetRatio [--rounds N] [--loopback-transfers N] [--connrate-cycles N]}.
 */
public final class NetRatio {
    private static final long TIMEOUT_MS = Workloads.TIMEOUT_MS;
    private static final String[] PROGRAMS = {"qtj", "nio", "netty"};

    /** One workload slice of one program: runs it and returns the units done (bytes or cycles). */
    @FunctionalInterface
    private interface Slice {
        long run() throws Exception;
    }

    private NetRatio() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 21;
        int transfers = 2;
        int cycles = 2_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--loopback-transfers" -> transfers = Integer.parseInt(args[i + 1]);
                case "--connrate-cycles" -> cycles = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        int t = transfers;
        try (NettyNet.Loopback netty = new NettyNet.Loopback()) {
            Slice[] loopback = {
                () -> repeat(t, () -> QtjNet.loopback(Workloads.LOOPBACK_BYTES, TIMEOUT_MS)),
                () -> repeat(t, () -> NioNet.loopback(Workloads.LOOPBACK_BYTES, TIMEOUT_MS)),
                () -> repeat(t, () -> netty.run(Workloads.LOOPBACK_BYTES, TIMEOUT_MS)),
            };
            measure("loopback", "MB/s", 1e-6, loopback, rounds);
        }
        int c = cycles;
        try (QtjNet.ConnRate qtj = new QtjNet.ConnRate(); NioNet.ConnRate nio = new NioNet.ConnRate();
             NettyNet.ConnRate netty = new NettyNet.ConnRate()) {
            Slice[] connrate = {
                () -> repeat(c, () -> {
                    qtj.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                }),
                () -> repeat(c, () -> {
                    nio.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                }),
                () -> repeat(c, () -> {
                    netty.cycle(ConnRateBenchmark.CYCLE_TIMEOUT_MS);
                    return 1;
                }),
            };
            measure("connrate", "cycles/s", 1, connrate, rounds);
        }
    }

    private static long repeat(int times, Slice once) throws Exception {
        long units = 0;
        for (int i = 0; i < times; i++) {
            units += once.run();
        }
        return units;
    }

    /**
     * Runs {@code rounds} rounds of one slice per program after as many warm-up rounds as it takes
     * to compile them (a third of {@code rounds}, at least 3), and prints the ratios.
     */
    private static void measure(String workload, String unit, double scale, Slice[] slices, int rounds)
            throws Exception {
        int warmup = Math.max(3, rounds / 3);
        double[][] rates = new double[PROGRAMS.length][rounds];
        for (int r = -warmup; r < rounds; r++) {
            int first = Math.floorMod(r, PROGRAMS.length);
            for (int k = 0; k < PROGRAMS.length; k++) {
                int p = (first + k) % PROGRAMS.length;
                long t0 = System.nanoTime();
                long units = slices[p].run();
                long ns = System.nanoTime() - t0;
                if (r >= 0) {
                    rates[p][r] = units * scale / (ns / 1e9);
                }
            }
        }
        for (int p = 1; p < PROGRAMS.length; p++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates[0][r] / rates[p][r];
            }
            Arrays.sort(ratios);
            String n = workload + "_qtj_" + PROGRAMS[p] + "_ratio";
            print(n + "_median", ratios[rounds / 2], "x");
            print(n + "_q1", ratios[rounds / 4], "x");
            print(n + "_q3", ratios[rounds * 3 / 4], "x");
        }
        for (int p = 0; p < PROGRAMS.length; p++) {
            double[] sorted = rates[p].clone();
            Arrays.sort(sorted);
            print(workload + "_" + PROGRAMS[p] + "_median", sorted[rounds / 2], unit);
        }
    }

    private static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    }
}
