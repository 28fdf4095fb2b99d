package io.qtj.benchmarks;

import com.google.common.eventbus.EventBus;
import io.qtj.core.Qt;

import java.util.Arrays;
import java.util.Locale;

/**
 * The ratios of direct emission to a plain interface call and to Guava's {@code EventBus.post},
 * measured interleaved: short timed slices of {@code SignalEmitBenchmark}'s workloads alternate in
 * one JVM (emission with the plain call, then emission with EventBus), and the ratio of each
 * adjacent pair is taken, so that a machine whose speed
 * drifts (a shared 2-core VM, where two JMH runs of the same code a minute apart differed by 2x)
 * slows both sides of a ratio alike. Prints the median ratios and their interquartile ranges per
 * receiver count, as {@code name value unit} lines. JMH ({@link SignalEmitBenchmark}) stays the
 * measurement of the absolute figures and of the allocation.
 *
 * <p>Usage: {@code EmitRatio [--pairs N] [--slice-ms M] [--print-pairs]}. With
 * {@code --print-pairs}, every plain-call pair is printed to standard error as it is measured
 * ({@code r1 pair 7: qtj 4.77 plain 2.70 ratio 1.77}): on this shared machine the speed of both
 * sides can change together in the middle of a run, the compiled code unchanged, and the ratio
 * with it (see {@code benchmarks/performance-notes.md}).
 */
public final class EmitRatio {
    /**
     * Read once per operation, as JMH's loop reads its volatile stop flag: without it the JIT could
     * keep a plain call's field in a register across iterations, which no real caller gets.
     */
    private static volatile boolean stop;

    private EmitRatio() {
    }

    public static void main(String[] args) {
        int pairs = 41;
        int sliceMs = 40;
        boolean printPairs = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pairs" -> pairs = Integer.parseInt(value(args, ++i));
                case "--slice-ms" -> sliceMs = Integer.parseInt(value(args, ++i));
                case "--print-pairs" -> printPairs = true;
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        long checksum = 0;
        for (int receivers : new int[] {1, 10}) {
            SignalEmitBenchmark.Emitter emitter = new SignalEmitBenchmark.Emitter();
            SignalEmitBenchmark.Receiver[] qtj = new SignalEmitBenchmark.Receiver[receivers];
            SignalEmitBenchmark.IntListener[] plain = new SignalEmitBenchmark.IntListener[receivers];
            EventBus bus = new EventBus("ratio");
            SignalEmitBenchmark.Receiver[] subscribers = new SignalEmitBenchmark.Receiver[receivers];
            for (int i = 0; i < receivers; i++) {
                SignalEmitBenchmark.Receiver r = new SignalEmitBenchmark.Receiver();
                qtj[i] = r;
                emitter.valueChanged.connect(r, r::onValue, Qt.ConnectionType.DirectConnection);
                plain[i] = new SignalEmitBenchmark.Receiver();
                subscribers[i] = new SignalEmitBenchmark.Receiver();
                bus.register(subscribers[i]);
            }
            // warm-up: all three compiled before anything is timed
            int ops = 100_000;
            for (int i = 0; i < 50; i++) {
                emit(emitter, ops);
                call(plain, ops);
                post(bus, ops / 20);
            }
            // size the slices so that each takes about sliceMs
            int emitOps = sliceOps(() -> emit(emitter, 100_000), 100_000, sliceMs);
            int busOps = sliceOps(() -> post(bus, 5_000), 5_000, sliceMs);
            double[] ratios = new double[pairs];
            double[] busRatios = new double[pairs];
            double[] qtjNs = new double[pairs];
            double[] plainNs = new double[pairs];
            double[] busNs = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                long a = System.nanoTime();
                emit(emitter, emitOps);
                long b = System.nanoTime();
                call(plain, emitOps);
                long c = System.nanoTime();
                qtjNs[p] = (double) (b - a) / emitOps;
                plainNs[p] = (double) (c - b) / emitOps;
                ratios[p] = qtjNs[p] / plainNs[p];
                if (printPairs) {
                    System.err.println(String.format(Locale.ROOT, "r%d pair %d: qtj %.2f plain %.2f ratio %.2f",
                            receivers, p, qtjNs[p], plainNs[p], ratios[p]));
                }
            }
            // EventBus in pairs of its own, after: the garbage its posts make (and the collections
            // it causes) stays out of the plain-call pairs
            for (int p = 0; p < pairs; p++) {
                long a = System.nanoTime();
                emit(emitter, emitOps);
                long b = System.nanoTime();
                post(bus, busOps);
                long c = System.nanoTime();
                busNs[p] = (double) (c - b) / busOps;
                busRatios[p] = busNs[p] / ((double) (b - a) / emitOps);
            }
            Arrays.sort(ratios);
            Arrays.sort(busRatios);
            Arrays.sort(qtjNs);
            Arrays.sort(plainNs);
            Arrays.sort(busNs);
            String n = "emit_r" + receivers;
            print(n + "_ratio_median", ratios[pairs / 2], "x");
            print(n + "_ratio_q1", ratios[pairs / 4], "x");
            print(n + "_ratio_q3", ratios[pairs * 3 / 4], "x");
            print(n + "_eventbus_ratio_median", busRatios[pairs / 2], "x");
            print(n + "_eventbus_ratio_q1", busRatios[pairs / 4], "x");
            print(n + "_eventbus_ratio_q3", busRatios[pairs * 3 / 4], "x");
            print(n + "_qtj_median", qtjNs[pairs / 2], "ns/op");
            print(n + "_plain_median", plainNs[pairs / 2], "ns/op");
            print(n + "_eventbus_median", busNs[pairs / 2], "ns/op");
            for (int i = 0; i < receivers; i++) {
                checksum += qtj[i].sum + ((SignalEmitBenchmark.Receiver) plain[i]).sum + subscribers[i].sum;
                qtj[i].dispose();
            }
            emitter.dispose();
        }
        System.err.println("checksum " + checksum);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + ": missing value");
        }
        return args[i];
    }

    private static void emit(SignalEmitBenchmark.Emitter emitter, int ops) {
        for (int i = 0; i < ops && !stop; i++) {
            emitter.valueChanged.emit(i & 0x7f);
        }
    }

    /** How many operations of a workload take about {@code sliceMs}, timed over {@code ops} of them. */
    private static int sliceOps(Runnable run, int ops, int sliceMs) {
        long t0 = System.nanoTime();
        run.run();
        long perOp = Math.max(1, (System.nanoTime() - t0) / ops);
        return (int) Math.max(1_000, sliceMs * 1_000_000L / perOp);
    }

    private static void post(EventBus bus, int ops) {
        for (int i = 0; i < ops && !stop; i++) {
            bus.post(i & 0x7f);
        }
    }

    private static void call(SignalEmitBenchmark.IntListener[] listeners, int ops) {
        for (int i = 0; i < ops && !stop; i++) {
            int v = i & 0x7f;
            for (SignalEmitBenchmark.IntListener l : listeners) {
                l.onValue(v);
            }
        }
    }

    private static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.3f %s", name, value, unit));
    }
}
