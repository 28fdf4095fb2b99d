package io.qtj.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ping-pong latency with our own histogram (every round trip timed with {@code System.nanoTime}
 * inside the event loop, as {@code qt-bench pingpong} times it): 1-byte messages, one at a time,
 * client and echo server in one thread. Prints {@code name value unit} lines.
 *
 * <p>Usage: {@code PingPong [--count N] [--warmup-rounds W]}; W whole untimed runs first (JIT).
 */
public final class PingPong {
    private PingPong() {
    }

    interface Impl {
        long[] run(int warmup, int count) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int count = 10_000;
        int warmupRuns = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--warmup-runs" -> warmupRuns = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        int inRunWarmup = Math.min(100, count / 10);
        String[] names = {"qtj", "nio", "netty"};
        Impl[] impls = {
            (w, c) -> QtjNet.pingpong(w, c, Workloads.TIMEOUT_MS),
            (w, c) -> NioNet.pingpong(w, c, Workloads.TIMEOUT_MS),
            (w, c) -> NettyNet.pingpong(w, c, Workloads.TIMEOUT_MS),
        };
        for (int i = 0; i < impls.length; i++) {
            for (int r = 0; r < warmupRuns; r++) {
                impls[i].run(inRunWarmup, count);
            }
            long[] rtts = impls[i].run(inRunWarmup, count);
            Arrays.sort(rtts);
            double sum = 0;
            for (long t : rtts) {
                sum += t;
            }
            int p99 = (int) Math.ceil(0.99 * rtts.length) - 1;
            print(names[i] + "_pingpong_count", rtts.length, "round-trips");
            print(names[i] + "_pingpong_median", rtts[(rtts.length - 1) / 2] / 1e3, "us");
            print(names[i] + "_pingpong_p99", rtts[p99] / 1e3, "us");
            print(names[i] + "_pingpong_mean", sum / rtts.length / 1e3, "us");
        }
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    }
}
