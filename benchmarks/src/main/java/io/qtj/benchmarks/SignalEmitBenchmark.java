package io.qtj.benchmarks;

import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.core.Signal1;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * Direct signal emission with one {@code int} argument to 1 or 10 receivers, beside a plain
 * interface call per receiver and Guava's {@code EventBus.post}; and the same emission through
 * {@code AutoConnection}s, Qt's default, to receivers of the emitting thread, which Qt calls
 * directly too ({@link #qtjEmitAuto}). Every receiver does the same work
 * (adds the value to a field), as {@code qt-bench signals} does. The values cycle through 0..127,
 * which {@code Integer.valueOf} caches, so boxing allocates nothing in any of the three.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SignalEmitBenchmark {

    /** The listener interface of the plain-call baseline. */
    public interface IntListener {
        void onValue(int value);
    }

    /** A receiver usable by all three mechanisms, so that the listener work is identical. */
    public static final class Receiver extends QObject implements IntListener {
        long sum;

        @Override
        public void onValue(int value) {
            sum += value;
        }

        @Subscribe
        public void onEvent(Integer value) {
            sum += value;
        }
    }

    /** The sender: one signal, as Qt's {@code valueChanged(int)}. */
    public static final class Emitter extends QObject {
        public final Signal1<Integer> valueChanged = new Signal1<>(this);
    }

    @Param({"1", "10"})
    public int receivers;

    private Emitter emitter;
    private Emitter autoEmitter;
    private Receiver[] qtjReceivers;
    private Receiver[] autoReceivers;
    private IntListener[] listeners;
    private EventBus bus;
    private int value;

    @Setup(Level.Trial)
    public void setUp() {
        emitter = new Emitter();
        autoEmitter = new Emitter();
        qtjReceivers = new Receiver[receivers];
        autoReceivers = new Receiver[receivers];
        listeners = new IntListener[receivers];
        bus = new EventBus("bench");
        for (int i = 0; i < receivers; i++) {
            Receiver r = new Receiver();
            qtjReceivers[i] = r;
            emitter.valueChanged.connect(r, r::onValue, Qt.ConnectionType.DirectConnection);
            Receiver auto = new Receiver();
            autoReceivers[i] = auto;
            autoEmitter.valueChanged.connect(auto, auto::onValue);
            Receiver plain = new Receiver();
            listeners[i] = plain;
            bus.register(new Receiver());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Receiver r : qtjReceivers) {
            r.dispose();
        }
        for (Receiver r : autoReceivers) {
            r.dispose();
        }
        emitter.dispose();
        autoEmitter.dispose();
    }

    private int next() {
        int v = value;
        value = (v + 1) & 0x7f;
        return v;
    }

    @Benchmark
    public void qtjEmit() {
        emitter.valueChanged.emit(next());
    }

    /** The same emission through the default connection type, {@code AutoConnection}. */
    @Benchmark
    public void qtjEmitAuto() {
        autoEmitter.valueChanged.emit(next());
    }

    @Benchmark
    public void plainInterfaceCall() {
        int v = next();
        for (IntListener l : listeners) {
            l.onValue(v);
        }
    }

    @Benchmark
    public void guavaEventBusPost() {
        bus.post(next());
    }
}
