package io.qtj.test;

import io.qtj.core.QElapsedTimer;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.QTimer;
import io.qtj.core.Qt;
import io.qtj.core.Signal0;
import io.qtj.core.Signal1;
import io.qtj.core.Signal2;
import io.qtj.core.Signal3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(QtExtension.class)
@Timeout(20)
class QSignalSpyTest {
    /** An object with one signal of each arity. */
    static final class Sender extends QObject {
        final Signal0 sig0 = new Signal0(this);
        final Signal1<Integer> sig1 = new Signal1<>(this);
        final Signal2<String, Object> sig2 = new Signal2<>(this);
        final Signal3<Integer, Long, String> sig3 = new Signal3<>(this);

        Sender() {
            setObjectName("sender");
        }
    }

    @Test
    void constructing() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig1);
            assertTrue(spy.isValid());
            assertEquals(0, spy.count());
            assertTrue(spy.isEmpty());
            assertEquals("Sender(sender).sig1", spy.signal());
            assertEquals("QSignalSpy(Sender(sender).sig1)[]", spy.toString());
            assertEquals(1, s.sig1.receivers());
        } finally {
            s.dispose();
        }
    }

    @Test
    void nullSignalThrows() {
        assertThrows(IllegalArgumentException.class, () -> new QSignalSpy((Signal0) null));
        assertThrows(IllegalArgumentException.class, () -> new QSignalSpy((Signal1<?>) null));
        assertThrows(IllegalArgumentException.class, () -> new QSignalSpy((Signal2<?, ?>) null));
        assertThrows(IllegalArgumentException.class, () -> new QSignalSpy((Signal3<?, ?, ?>) null));
    }

    @Test
    void disposedSenderMakesAnInvalidSpy() {
        Sender s = new Sender();
        s.dispose();
        QSignalSpy spy = new QSignalSpy(s.sig0);
        assertFalse(spy.isValid());
        assertFalse(spy.disconnect());
        assertEquals(0, spy.count());
    }

    @Test
    void recordsArgumentsOfEveryArity() {
        Sender s = new Sender();
        try {
            QSignalSpy spy0 = new QSignalSpy(s.sig0);
            QSignalSpy spy1 = new QSignalSpy(s.sig1);
            QSignalSpy spy2 = new QSignalSpy(s.sig2);
            QSignalSpy spy3 = new QSignalSpy(s.sig3);
            s.sig0.emit();
            s.sig0.emit();
            s.sig1.emit(42);
            s.sig2.emit("a", null);
            s.sig3.emit(1, 2L, "three");

            assertEquals(2, spy0.count());
            assertEquals(List.of(), spy0.at(0));
            assertEquals(List.of(List.of(42)), spy1);
            assertEquals(Arrays.asList("a", null), spy2.at(0));
            assertEquals(List.of(1, 2L, "three"), spy3.first());
            assertEquals(spy3.first(), spy3.last());
        } finally {
            s.dispose();
        }
    }

    @Test
    void recordsInTheEmittingThreadWhileNoLoopRuns() throws Exception {
        Sender s = new Sender();
        QSignalSpy spy = new QSignalSpy(s.sig1);
        QThread t = QThread.create(() -> {
            for (int i = 0; i < 100; i++) {
                s.sig1.emit(i);
            }
        });
        try {
            t.start();
            assertTrue(t.join(10_000));
            assertEquals(100, spy.count());
            assertEquals(List.of(99), spy.last());
        } finally {
            t.dispose();
            s.dispose();
        }
    }

    @Test
    void isReadOnlyButForTakeFirstAndClear() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig1);
            s.sig1.emit(1);
            s.sig1.emit(2);
            s.sig1.emit(3);
            assertThrows(UnsupportedOperationException.class, () -> spy.add(List.of(4)));
            assertThrows(UnsupportedOperationException.class, () -> spy.add(0, List.of(4)));
            assertThrows(UnsupportedOperationException.class, () -> spy.set(0, List.of(4)));
            assertThrows(UnsupportedOperationException.class, () -> spy.remove(0));
            assertThrows(UnsupportedOperationException.class, () -> spy.remove(List.of(1)));
            assertThrows(UnsupportedOperationException.class, () -> spy.removeIf(e -> true));
            assertThrows(UnsupportedOperationException.class, () -> spy.addAll(List.of(List.of(4))));
            assertThrows(UnsupportedOperationException.class, () -> spy.sort(null));
            assertThrows(UnsupportedOperationException.class, () -> spy.replaceAll(e -> e));
            assertThrows(UnsupportedOperationException.class, () -> spy.iterator().remove());
            assertThrows(UnsupportedOperationException.class, () -> spy.subList(0, 1).clear());
            assertThrows(UnsupportedOperationException.class, () -> spy.at(0).set(0, 9));
            assertEquals(3, spy.count());

            assertEquals(List.of(1), spy.takeFirst());
            assertEquals(List.of(List.of(2), List.of(3)), spy);
            spy.clear();
            assertTrue(spy.isEmpty());
            assertThrows(NoSuchElementException.class, spy::takeFirst);
            assertThrows(NoSuchElementException.class, spy::first);
            assertThrows(IndexOutOfBoundsException.class, () -> spy.at(0));
        } finally {
            s.dispose();
        }
    }

    @Test
    void iteratesOverASnapshot() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig1);
            s.sig1.emit(1);
            List<Object> seen = new ArrayList<>();
            for (List<Object> args : spy) {
                seen.add(args.get(0));
                s.sig1.emit(2);    // recorded, but not by this iteration
            }
            assertEquals(List.of(1), seen);
            assertEquals(2, spy.count());
            assertEquals(List.of(1, 2), spy.stream().map(a -> a.get(0)).toList());
        } finally {
            s.dispose();
        }
    }

    @Test
    void disconnectStopsRecording() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            s.sig0.emit();
            assertTrue(spy.disconnect());
            assertFalse(spy.disconnect());
            s.sig0.emit();
            assertEquals(1, spy.count());
            assertEquals(0, s.sig0.receivers());
            assertTrue(spy.isValid());
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitReturnsTrueOnEmissionFromATimer() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig1);
            QTimer.singleShot(10, s, () -> s.sig1.emit(7));
            assertTrue(spy.wait(10_000));
            assertEquals(List.of(List.of(7)), spy);
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitReturnsTrueOnEmissionWithinTheLoop() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            QMetaObject.invokeMethod(s, () -> s.sig0.emit(), Qt.ConnectionType.QueuedConnection);
            assertTrue(spy.wait(10_000));
            assertEquals(1, spy.count());
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitReturnsTrueOnEmissionFromAnotherThread() {
        QThread worker = new QThread();
        worker.setObjectName("worker");
        Sender s = new Sender();
        AtomicReference<Thread> emitter = new AtomicReference<>();
        try {
            s.moveToThread(worker);
            worker.start();
            QSignalSpy spy = new QSignalSpy(s.sig1);
            // queued to the worker once this thread's loop runs, so the emission comes after wait() began
            QTimer.singleShot(0, () -> QMetaObject.invokeMethod(s, () -> {
                emitter.set(Thread.currentThread());
                s.sig1.emit(5);
            }, Qt.ConnectionType.QueuedConnection));
            assertTrue(spy.wait(10_000));
            assertEquals(List.of(List.of(5)), spy);
            assertNotSame(Thread.currentThread(), emitter.get());
            assertEquals("worker", emitter.get().getName());
        } finally {
            worker.quit();
            assertTrue(worker.join(10_000));
            s.dispose();
            worker.dispose();
        }
    }

    @Test
    void waitTimesOut() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            assertFalse(spy.wait(50));
            long elapsed = timer.elapsed();
            assertTrue(elapsed >= 50, "returned after " + elapsed + " ms");
            assertTrue(elapsed < 5000, "returned after " + elapsed + " ms");
            assertTrue(spy.isEmpty());
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitCountsOnlyEmissionsAfterTheCall() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            s.sig0.emit();
            assertFalse(spy.wait(20));
            assertEquals(1, spy.count());
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitIsNotEndedByQuit() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            QTimer.singleShot(0, io.qtj.core.QCoreApplication::quit);
            QTimer.singleShot(30, s, () -> s.sig0.emit());
            assertTrue(spy.wait(10_000));
        } finally {
            s.dispose();
        }
    }

    @Test
    void recursiveWaitThrows() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig0);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            QTimer.singleShot(0, s, () -> {
                thrown.set(assertThrows(IllegalStateException.class, () -> spy.wait(10)));
                s.sig0.emit();
            });
            assertTrue(spy.wait(10_000));
            assertTrue(thrown.get().getMessage().contains("already waiting"), thrown.get().getMessage());
        } finally {
            s.dispose();
        }
    }

    @Test
    void waitingSpyCanBeReused() {
        Sender s = new Sender();
        try {
            QSignalSpy spy = new QSignalSpy(s.sig1);
            for (int i = 0; i < 3; i++) {
                int n = i;
                QTimer.singleShot(1, s, () -> s.sig1.emit(n));
                assertTrue(spy.wait(10_000));
            }
            assertEquals(List.of(List.of(0), List.of(1), List.of(2)), spy);
            assertSame(spy.get(2), spy.last());
        } finally {
            s.dispose();
        }
    }
}
