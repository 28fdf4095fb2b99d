package io.qtj.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Connection rate: one connect + accept + close-both cycle per invocation, one at a time, client
 * and server in one thread (Netty: one event loop, the benchmark thread waiting on its futures).
 * Score: cycles per second.
 *
 * <p>Every implementation (and {@code qt-bench connrate}) closes the server side first, so that
 * the TIME_WAIT state stays with the server's end of each connection. Closing the client first
 * leaves each client's ephemeral port in TIME_WAIT; after about 28,000 connections (the default
 * {@code ip_local_port_range}) Linux can only hand out ports whose TIME_WAIT is at least two
 * seconds old ({@code tcp_tw_reuse}), which caps any program at about 14,000 cycles/s: the
 * first version of this benchmark measured that cap for qtj and plain NIO alike (14,126 and
 * 14,294 cycles/s), while the Qt program, run for only 5,000 cycles, never reached it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConnRateBenchmark {
    static final long CYCLE_TIMEOUT_MS = 10_000;

    @State(Scope.Thread)
    public static class Qtj {
        QtjNet.ConnRate rate;

        @Setup(Level.Trial)
        public void setUp() {
            rate = new QtjNet.ConnRate();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rate.close();
        }
    }

    @State(Scope.Thread)
    public static class Nio {
        NioNet.ConnRate rate;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            rate = new NioNet.ConnRate();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            rate.close();
        }
    }

    @State(Scope.Thread)
    public static class Netty {
        NettyNet.ConnRate rate;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            rate = new NettyNet.ConnRate();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rate.close();
        }
    }

    @Benchmark
    public void qtj(Qtj s) {
        s.rate.cycle(CYCLE_TIMEOUT_MS);
    }

    @Benchmark
    public void nio(Nio s) throws Exception {
        s.rate.cycle(CYCLE_TIMEOUT_MS);
    }

    @Benchmark
    public void netty(Netty s) throws Exception {
        s.rate.cycle(CYCLE_TIMEOUT_MS);
    }
}
