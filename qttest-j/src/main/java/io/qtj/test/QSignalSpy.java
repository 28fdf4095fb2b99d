package io.qtj.test;

import io.qtj.core.QEventLoop;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.Signal2;
import io.qtj.core.Signal3;
import io.qtj.core.internal.Log;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Records the emissions of one signal: each emission becomes a list of its arguments, and the spy
 * is the list of those lists, as Qt's QSignalSpy is a {@code QList<QList<QVariant>>}.
 *
 * <pre>{@code
 * QSignalSpy spy = new QSignalSpy(box.valueChanged);
 * box.setValue(42);
 * assertEquals(1, spy.count());
 * assertEquals(42, spy.at(0).get(0));
 *
 * socket.connectToHost(host, port);
 * assertTrue(spy2.wait(5000));      // runs the event loop until connected is emitted
 * }</pre>
 *
 * <p>The spy connects to the signal with a {@link Qt.ConnectionType#DirectConnection} and no context,
 * as Qt's does, so it records in the thread that emits, at the moment of the emission. The
 * connection lives as long as the signal's sender, or until {@link #disconnect()}; the spy is not a
 * QObject and has no other life cycle.
 *
 * <p>{@link #wait(int)} runs an event loop in the calling thread until the signal is emitted again,
 * from any thread, or the time runs out: the way a test waits for asynchronous work without
 * sleeping.
 *
 * <p>As a {@link List} the spy is read-only: every mutator throws
 * {@link UnsupportedOperationException}, except {@link #takeFirst()} and {@link #clear()}, which Qt's
 * spy has too. Iterators, {@link #subList} and streams work on a snapshot.
 *
 * <p>Thread-safe: emissions may be recorded from any thread while the test reads the spy.
 *
 * <p>Differs from Qt: Qt's {@code wait()} with its default of five seconds cannot be declared, because
 * {@code Object.wait()} is final in Java; write {@code wait(5000)}. A null signal throws
 * {@link IllegalArgumentException} instead of making an invalid spy.
 */
public class QSignalSpy extends AbstractList<List<Object>> {
    private final Object lock = new Object();
    private final String signal;
    private final QMetaObject.Connection connection;
    private final ArrayList<List<Object>> records = new ArrayList<>();   // guarded by lock
    private long emissions;                                              // guarded by lock
    private long waitTarget;                                             // guarded by lock
    private QEventLoop waitingLoop;                                      // guarded by lock

    /**
     * Constructs a spy that records every emission of {@code signal}, which has no arguments.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public QSignalSpy(Signal0 signal) {
        this.signal = describe(signal, "Signal0");
        this.connection = connect(() -> signal.connect(this::record, Qt.ConnectionType.DirectConnection));
    }

    /**
     * Constructs a spy that records every emission of {@code signal} with its argument.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public QSignalSpy(Signal1<?> signal) {
        this.signal = describe(signal, "Signal1");
        this.connection = connect(() -> signal.connect((Object a) -> record(a), Qt.ConnectionType.DirectConnection));
    }

    /**
     * Constructs a spy that records every emission of {@code signal} with its two arguments.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public QSignalSpy(Signal2<?, ?> signal) {
        this.signal = describe(signal, "Signal2");
        this.connection = connect(() -> signal.connect((Object a, Object b) -> record(a, b),
                Qt.ConnectionType.DirectConnection));
    }

    /**
     * Constructs a spy that records every emission of {@code signal} with its three arguments.
     *
     * @throws IllegalArgumentException if {@code signal} is null
     */
    public QSignalSpy(Signal3<?, ?, ?> signal) {
        this.signal = describe(signal, "Signal3");
        this.connection = connect(() -> signal.connect((Object a, Object b, Object c) -> record(a, b, c),
                Qt.ConnectionType.DirectConnection));
    }

    private static String describe(Object signal, String type) {
        if (signal == null) {
            throw new IllegalArgumentException("signal: null (expected: a " + type + " to spy on)");
        }
        return signal.toString();
    }

    /** Connects; a disposed sender makes an invalid spy with a warning, as Qt's spy warns. */
    private QMetaObject.Connection connect(Supplier<QMetaObject.Connection> connector) {
        try {
            return connector.get();
        } catch (IllegalStateException e) {
            Log.warning("QSignalSpy: cannot spy on " + signal + ": " + e.getMessage());
            return null;
        }
    }

    private void record(Object... args) {
        List<Object> emission = Collections.unmodifiableList(Arrays.asList(args));
        synchronized (lock) {
            records.add(emission);
            emissions++;
            if (waitingLoop != null && emissions >= waitTarget) {
                waitingLoop.exit(0);
            }
        }
    }

    /**
     * Returns true if the spy connected to its signal; false if the signal's sender was already
     * disposed when the spy was constructed. Does not change afterwards.
     */
    public boolean isValid() {
        return connection != null;
    }

    /** Returns the signal this spy records, as {@code Sender(name).fieldName}, for messages. */
    public String signal() {
        return signal;
    }

    /**
     * Stops recording: breaks the spy's connection to the signal. Returns true if it was connected.
     * What was recorded stays.
     */
    public boolean disconnect() {
        return connection != null && QObject.disconnect(connection);
    }

    /** Returns the number of emissions recorded (and not taken): the same as {@link #size()}. */
    public int count() {
        return size();
    }

    /**
     * Returns the arguments of the recorded emission at {@code i}, an unmodifiable list.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in 0..count()-1
     */
    public List<Object> at(int i) {
        return get(i);
    }

    /**
     * Returns the arguments of the first recorded emission.
     *
     * @throws NoSuchElementException if nothing is recorded
     */
    public List<Object> first() {
        synchronized (lock) {
            checkNotEmpty("first");
            return records.get(0);
        }
    }

    /**
     * Returns the arguments of the last recorded emission.
     *
     * @throws NoSuchElementException if nothing is recorded
     */
    public List<Object> last() {
        synchronized (lock) {
            checkNotEmpty("last");
            return records.get(records.size() - 1);
        }
    }

    /**
     * Removes the first recorded emission and returns its arguments.
     *
     * @throws NoSuchElementException if nothing is recorded
     */
    public List<Object> takeFirst() {
        synchronized (lock) {
            checkNotEmpty("takeFirst");
            return records.remove(0);
        }
    }

    private void checkNotEmpty(String what) {
        if (records.isEmpty()) {
            throw new NoSuchElementException(what + ": " + signalSpy() + " has recorded no emission");
        }
    }

    /**
     * Runs an event loop in the calling thread until the signal is emitted once more (counting from
     * this call, in any thread) or {@code timeoutMs} milliseconds have passed (-1: no limit).
     * Returns true if the signal was emitted; otherwise returns false.
     *
     * <p>Events, timers and queued calls of the calling thread are processed while waiting;
     * {@code QCoreApplication.quit()} does not end the wait. Emissions recorded before the call do
     * not count, even when nothing has read them yet.
     *
     * @throws IllegalStateException if another thread, or a slot of this thread, is already waiting
     *                               on this spy
     */
    public boolean wait(int timeoutMs) {
        long target;
        synchronized (lock) {
            if (waitingLoop != null) {
                throw new IllegalStateException("wait: " + this + " is already waiting (in thread "
                        + waitingLoop.thread() + "); a spy has one waiter at a time");
            }
            target = emissions + 1;
        }
        TestEventLoop waiter = new TestEventLoop();
        synchronized (lock) {
            waitTarget = target;
            waitingLoop = waiter.loop();
        }
        try {
            return waiter.run(() -> emitted(target), timeoutMs, 0);
        } finally {
            synchronized (lock) {
                waitingLoop = null;
            }
            waiter.close();
        }
    }

    private boolean emitted(long target) {
        synchronized (lock) {
            return emissions >= target;
        }
    }

    /** Returns the arguments of the recorded emission at {@code index}, as {@link #at(int)}. */
    @Override
    public List<Object> get(int index) {
        synchronized (lock) {
            return records.get(index);
        }
    }

    /** Returns the number of emissions recorded and not taken. */
    @Override
    public int size() {
        synchronized (lock) {
            return records.size();
        }
    }

    /** Forgets every recorded emission; a running {@link #wait(int)} still waits for the next one. */
    @Override
    public void clear() {
        synchronized (lock) {
            records.clear();
        }
    }

    /** Throws {@link UnsupportedOperationException}: the recorded order is the emission order. */
    @Override
    public void sort(Comparator<? super List<Object>> c) {
        throw new UnsupportedOperationException("sort: " + signalSpy() + " is read-only");
    }

    /** Throws {@link UnsupportedOperationException}: recorded emissions cannot be replaced. */
    @Override
    public void replaceAll(UnaryOperator<List<Object>> operator) {
        throw new UnsupportedOperationException("replaceAll: " + signalSpy() + " is read-only");
    }

    private String signalSpy() {
        return "QSignalSpy(" + signal + ")";
    }

    private List<List<Object>> snapshot() {
        synchronized (lock) {
            return List.copyOf(records);
        }
    }

    /** Returns an iterator over a snapshot of the recorded emissions; it cannot remove. */
    @Override
    public Iterator<List<Object>> iterator() {
        return snapshot().iterator();
    }

    /** Returns a list iterator over a snapshot of the recorded emissions; it cannot modify. */
    @Override
    public ListIterator<List<Object>> listIterator(int index) {
        return snapshot().listIterator(index);
    }

    /** Returns an unmodifiable snapshot of the emissions from {@code fromIndex} to {@code toIndex}. */
    @Override
    public List<List<Object>> subList(int fromIndex, int toIndex) {
        return snapshot().subList(fromIndex, toIndex);
    }

    /** Returns a spliterator over a snapshot of the recorded emissions. */
    @Override
    public Spliterator<List<Object>> spliterator() {
        return snapshot().spliterator();
    }

    /** Returns {@code QSignalSpy(Sender(name).signal)[[args], ...]}. */
    @Override
    public String toString() {
        return signalSpy() + snapshot();
    }
}
