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
 * Qt's Loopback workload: 50 MiB in 64 KiB payloads through one loopback connection, client and
 * server in one thread (one event loop), timed from connect to the last byte checked; one
 * invocation is one whole transfer (ms/op; the report converts to MB/s, MB = 10^6 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoopbackBenchmark {
    private NettyNet.Loopback netty;

    @Setup(Level.Trial)
    public void setUp() {
        netty = new NettyNet.Loopback();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        netty.close();
    }

    private static long expectAll(long received) {
        if (received != Workloads.LOOPBACK_BYTES) {
            throw new IllegalStateException("received " + received + " of " + Workloads.LOOPBACK_BYTES);
        }
        return received;
    }

    @Benchmark
    public long qtj() {
        return expectAll(QtjNet.loopback(Workloads.LOOPBACK_BYTES, Workloads.TIMEOUT_MS));
    }

    /** The same transfer with Unbuffered sockets and direct ByteBuffers: {@link QtjNet#loopbackDirect}. */
    @Benchmark
    public long qtjDirect() {
        return expectAll(QtjNet.loopbackDirect(Workloads.LOOPBACK_BYTES, Workloads.TIMEOUT_MS));
    }

    @Benchmark
    public long nio() throws Exception {
        return expectAll(NioNet.loopback(Workloads.LOOPBACK_BYTES, Workloads.TIMEOUT_MS));
    }

    @Benchmark
    public long netty() throws Exception {
        return expectAll(netty.run(Workloads.LOOPBACK_BYTES, Workloads.TIMEOUT_MS));
    }
}
