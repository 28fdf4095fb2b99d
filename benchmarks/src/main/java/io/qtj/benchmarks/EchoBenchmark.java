package io.qtj.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * 16 loopback connections echoing 1 KiB messages, one message in flight per connection: the echo
 * server runs on its own thread (event loop), the 16 clients on the benchmark thread (Netty: on a
 * client event loop). One invocation is {@value Workloads#ECHO_MESSAGES} messages per connection,
 * so the score is messages per second (x 1 KiB for the payload throughput one way).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoBenchmark {
    static final int OPS = Workloads.ECHO_CONNECTIONS * Workloads.ECHO_MESSAGES;

    @State(Scope.Thread)
    public static class Qtj {
        QtjNet.EchoServer server;
        QtjNet.EchoClients clients;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = new QtjNet.EchoServer();
            clients = new QtjNet.EchoClients(server.port, Workloads.ECHO_CONNECTIONS, Workloads.ECHO_SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            clients.close();
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class Nio {
        NioNet.EchoServer server;
        NioNet.EchoClients clients;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = new NioNet.EchoServer();
            clients = new NioNet.EchoClients(server.port, Workloads.ECHO_CONNECTIONS, Workloads.ECHO_SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            clients.close();
            server.close();
        }
    }

    @State(Scope.Thread)
    public static class Netty {
        NettyNet.EchoServer server;
        NettyNet.EchoClients clients;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            server = new NettyNet.EchoServer();
            clients = new NettyNet.EchoClients(server.port, Workloads.ECHO_CONNECTIONS, Workloads.ECHO_SIZE);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            clients.close();
            server.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long qtj(Qtj s) {
        return s.clients.run(Workloads.ECHO_MESSAGES, Workloads.TIMEOUT_MS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long nio(Nio s) throws Exception {
        return s.clients.run(Workloads.ECHO_MESSAGES, Workloads.TIMEOUT_MS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long netty(Netty s) throws Exception {
        return s.clients.run(Workloads.ECHO_MESSAGES, Workloads.TIMEOUT_MS);
    }
}
