package io.qtj.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ping-pong latency with our own histogram (every round trip timed with {@code System.nanoTime}
 * inside the event loop, as {@code qt-bench pingpong} times it): 1-byte messages, one at a time,
 * client and echo server in one thread. Prints {@code name value unit} lines.
 *
 * <p>After W untimed warm-up runs of each program (JIT), the timed round trips are taken in R
 * rounds, each running every program for count / R round trips in a rotating order, and pooled per
 * program: on a shared machine whose speed drifts by half within a minute, programs measured one
 * after the other (as before) differed by that drift as much as by their code.
 *
 * <p>Usage: {@code PingPong [--count N] [--warmup-runs W] [--rounds R]}.
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
        int rounds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--warmup-runs" -> warmupRuns = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        if (count < 1 || rounds < 1 || rounds > count || warmupRuns < 0) {
            throw new IllegalArgumentException("need count >= rounds >= 1 and warm-up runs >= 0");
        }
        int perRound = count / rounds;
        int inRunWarmup = Math.min(100, perRound / 10);
        String[] names = {"qtj", "nio", "netty"};
        Impl[] impls = {
            (w, c) -> QtjNet.pingpong(w, c, Workloads.TIMEOUT_MS),
            (w, c) -> NioNet.pingpong(w, c, Workloads.TIMEOUT_MS),
            (w, c) -> NettyNet.pingpong(w, c, Workloads.TIMEOUT_MS),
        };
        for (Impl impl : impls) {
            for (int r = 0; r < warmupRuns; r++) {
                impl.run(inRunWarmup, perRound);
            }
        }
        long[][] rtts = new long[impls.length][perRound * rounds];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < impls.length; k++) {
                int i = (round + k) % impls.length;
                long[] got = impls[i].run(inRunWarmup, perRound);
                System.arraycopy(got, 0, rtts[i], round * perRound, perRound);
            }
        }
        for (int i = 0; i < impls.length; i++) {
            long[] all = rtts[i];
            Arrays.sort(all);
            double sum = 0;
            for (long t : all) {
                sum += t;
            }
            int p99 = (int) Math.ceil(0.99 * all.length) - 1;
            print(names[i] + "_pingpong_count", all.length, "round-trips");
            print(names[i] + "_pingpong_median", all[(all.length - 1) / 2] / 1e3, "us");
            print(names[i] + "_pingpong_p99", all[p99] / 1e3, "us");
            print(names[i] + "_pingpong_mean", sum / all.length / 1e3, "us");
        }
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    }
}
