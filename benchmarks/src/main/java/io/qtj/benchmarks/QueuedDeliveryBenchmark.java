package io.qtj.benchmarks;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Qt;
import io.qtj.core.Signal1;
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

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Queued delivery of a one-{@code int} signal, in events per second, in batches of {@value #BATCH}:
 * on the same thread (post the batch, then deliver it: {@code sendPostedEvents}, a
 * {@code LinkedBlockingQueue} drained by the poster, an {@code AsyncEventBus} whose executor queues
 * to the poster) and across threads (a consumer thread delivers; the producer posts the batch and
 * waits until the consumer has counted it all: a {@code QThread} running its event loop, a thread
 * blocked in {@code LinkedBlockingQueue.take}, an {@code AsyncEventBus} on a single-thread executor).
 * Waiting for the whole batch bounds every invocation and keeps the queues from growing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueuedDeliveryBenchmark {
    static final int BATCH = 1000;
    /** No invocation may wait longer than this for its batch. */
    static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The receiving side, shared by all mechanisms. The count is written by one thread only. */
    public static final class Receiver extends QObject {
        volatile long count;
        long sum;

        public void onValue(int value) {
            sum += value;
            count = count + 1;
        }

        @Subscribe
        public void onEvent(Integer value) {
            onValue(value);
        }
    }

    /** The sender. */
    public static final class Emitter extends QObject {
        public final Signal1<Integer> valueChanged = new Signal1<>(this);
    }

    static void awaitCount(Receiver r, long target) {
        long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
        int spins = 0;
        while (r.count < target) {
            if (++spins > 100) {
                Thread.yield();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer stalled at " + r.count + " of " + target);
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @State(Scope.Thread)
    public static class SameThread {
        Emitter emitter;
        Receiver receiver;
        final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        final ArrayDeque<Runnable> busTasks = new ArrayDeque<>();
        AsyncEventBus bus;

        @Setup(Level.Trial)
        public void setUp() {
            emitter = new Emitter();
            receiver = new Receiver();
            emitter.valueChanged.connect(receiver, receiver::onValue, Qt.ConnectionType.QueuedConnection);
            bus = new AsyncEventBus("same-thread", busTasks::add);
            bus.register(receiver);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            receiver.dispose();
            emitter.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sameThreadQtjQueued(SameThread s) {
        long target = s.receiver.count + BATCH;
        for (int i = 0; i < BATCH; i++) {
            s.emitter.valueChanged.emit(i & 0x7f);
        }
        QCoreApplication.sendPostedEvents();
        if (s.receiver.count != target) {
            throw new IllegalStateException("delivered " + s.receiver.count + ", expected " + target);
        }
        return s.receiver.sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sameThreadLinkedBlockingQueue(SameThread s) {
        for (int i = 0; i < BATCH; i++) {
            s.queue.offer(i & 0x7f);
        }
        Integer v;
        while ((v = s.queue.poll()) != null) {
            s.receiver.onValue(v);
        }
        return s.receiver.sum;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sameThreadAsyncEventBus(SameThread s) {
        for (int i = 0; i < BATCH; i++) {
            s.bus.post(i & 0x7f);
        }
        Runnable task;
        while ((task = s.busTasks.poll()) != null) {
            task.run();
        }
        return s.receiver.sum;
    }

    @State(Scope.Thread)
    public static class CrossThreadQtj {
        Emitter emitter;
        Receiver receiver;
        QThread worker;

        @Setup(Level.Trial)
        public void setUp() {
            emitter = new Emitter();
            receiver = new Receiver();
            worker = new QThread();
            worker.start();
            receiver.moveToThread(worker);
            emitter.valueChanged.connect(receiver, receiver::onValue);   // Auto: queued to the worker
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            receiver.deleteLater();
            worker.quit();
            if (!worker.join(10_000)) {
                throw new IllegalStateException(worker + " did not finish");
            }
            worker.dispose();
            emitter.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long crossThreadQtjQueued(CrossThreadQtj s) {
        long target = s.receiver.count + BATCH;
        for (int i = 0; i < BATCH; i++) {
            s.emitter.valueChanged.emit(i & 0x7f);
        }
        awaitCount(s.receiver, target);
        return target;
    }

    @State(Scope.Thread)
    public static class CrossThreadQueue {
        final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        final Receiver receiver = new Receiver();
        Thread consumer;
        volatile boolean stop;

        @Setup(Level.Trial)
        public void setUp() {
            consumer = new Thread(() -> {
                try {
                    while (!stop) {
                        Integer v = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (v != null) {
                            receiver.onValue(v);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lbq-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop = true;
            consumer.join(10_000);
            receiver.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long crossThreadLinkedBlockingQueue(CrossThreadQueue s) {
        long target = s.receiver.count + BATCH;
        for (int i = 0; i < BATCH; i++) {
            s.queue.offer(i & 0x7f);
        }
        awaitCount(s.receiver, target);
        return target;
    }

    @State(Scope.Thread)
    public static class CrossThreadBus {
        final Receiver receiver = new Receiver();
        ExecutorService executor;
        AsyncEventBus bus;

        @Setup(Level.Trial)
        public void setUp() {
            executor = Executors.newSingleThreadExecutor();
            bus = new AsyncEventBus("cross-thread", executor);
            bus.register(receiver);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
            receiver.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long crossThreadAsyncEventBus(CrossThreadBus s) {
        long target = s.receiver.count + BATCH;
        for (int i = 0; i < BATCH; i++) {
            s.bus.post(i & 0x7f);
        }
        awaitCount(s.receiver, target);
        return target;
    }
}
