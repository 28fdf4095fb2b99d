package io.qtj.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signals and slots: Signal0..Signal3, connection types, disconnection, emission edge cases. */
@Timeout(20)
class SignalTest {
    static class Sender extends QObject {
        final Signal0 fired = new Signal0(this);
        final Signal1<Integer> valueChanged = new Signal1<>(this);
        final Signal2<Integer, String> pair = new Signal2<>(this);
        final Signal3<Integer, String, Boolean> triple = new Signal3<>(this);
    }

    static class Receiver extends QObject {
        final List<Object> got = new CopyOnWriteArrayList<>();
        volatile QObject lastSender;
        volatile Thread lastThread;

        public void setValue(int v) {
            got.add(v);
            lastSender = sender();
            lastThread = Thread.currentThread();
        }

        public void onPair(Integer a, String b) {
            got.add(a + ":" + b);
        }
    }

    private final List<QObject> toDispose = new ArrayList<>();

    private <T extends QObject> T track(T o) {
        toDispose.add(o);
        return o;
    }

    @AfterEach
    void cleanup() {
        for (QObject o : toDispose) {
            if (o instanceof QThread t) {
                t.quit();
                t.join(5000);
            }
        }
        for (QObject o : toDispose) {
            o.dispose();
        }
    }

    @Test
    void directConnectionsRunInOrderWithArguments() {
        Sender s = track(new Sender());
        List<String> calls = new ArrayList<>();
        s.fired.connect(() -> calls.add("a"));
        s.valueChanged.connect(v -> calls.add("v" + v));
        s.valueChanged.connect(() -> calls.add("v0"));
        s.pair.connect((a, b) -> calls.add(a + b));
        s.pair.connect(a -> calls.add("p" + a));
        s.triple.connect((a, b, c) -> calls.add(a + b + c));
        s.triple.connect((a, b) -> calls.add("t" + a + b));
        s.fired.emit();
        s.valueChanged.emit(7);
        s.pair.emit(1, "x");
        s.triple.emit(2, "y", true);
        assertEquals(List.of("a", "v7", "v0", "1x", "p1", "2ytrue", "t2y"), calls);
    }

    @Test
    void receiversCountsLiveConnections() {
        Sender s = track(new Sender());
        QMetaObject.Connection c1 = s.fired.connect(() -> { });
        s.fired.connect(() -> { });
        assertEquals(2, s.fired.receivers());
        assertTrue(QObject.disconnect(c1));
        assertFalse(c1.isConnected());
        assertFalse(QObject.disconnect(c1));
        assertEquals(1, s.fired.receivers());
        assertTrue(s.fired.disconnect());
        assertEquals(0, s.fired.receivers());
        assertFalse(s.fired.disconnect());
    }

    @Test
    void disconnectByReceiver() {
        Sender s = track(new Sender());
        Receiver r1 = track(new Receiver());
        Receiver r2 = track(new Receiver());
        s.valueChanged.connect(r1, r1::setValue);
        s.valueChanged.connect(r2, r2::setValue);
        assertTrue(s.valueChanged.disconnect(r1));
        s.valueChanged.emit(3);
        assertEquals(List.of(), r1.got);
        assertEquals(List.of(3), r2.got);
        assertFalse(s.valueChanged.disconnect(r1));
    }

    @Test
    void contextDisposedDisconnects() {
        Sender s = track(new Sender());
        Receiver r = new Receiver();
        QMetaObject.Connection c = s.valueChanged.connect(r, r::setValue);
        r.dispose();
        assertFalse(c.isConnected());
        assertEquals(0, s.valueChanged.receivers());
        s.valueChanged.emit(1);
        assertEquals(List.of(), r.got);
    }

    @Test
    void senderDisposedDisconnectsEverything() {
        Sender s = new Sender();
        Receiver r = track(new Receiver());
        QMetaObject.Connection c = s.valueChanged.connect(r, r::setValue);
        s.dispose();
        assertFalse(c.isConnected());
        assertThrows(IllegalStateException.class, () -> s.valueChanged.connect(v -> { }));
    }

    @Test
    void disconnectDuringEmissionTakesEffectForTheRestOfIt() {
        Sender s = track(new Sender());
        List<String> calls = new ArrayList<>();
        AtomicReference<QMetaObject.Connection> second = new AtomicReference<>();
        s.fired.connect(() -> {
            calls.add("first");
            QObject.disconnect(second.get());
        });
        second.set(s.fired.connect(() -> calls.add("second")));
        s.fired.connect(() -> calls.add("third"));
        s.fired.emit();
        assertEquals(List.of("first", "third"), calls);
    }

    @Test
    void receiverDisposedDuringEmissionIsNotCalled() {
        Sender s = track(new Sender());
        Receiver r = new Receiver();
        s.valueChanged.connect(v -> r.dispose());
        s.valueChanged.connect(r, r::setValue);
        s.valueChanged.emit(5);
        assertTrue(r.isDisposed());
        assertEquals(List.of(), r.got);
    }

    @Test
    void senderDisposedDuringEmissionStopsIt() {
        Sender s = new Sender();
        List<String> calls = new ArrayList<>();
        s.fired.connect(() -> {
            calls.add("first");
            s.dispose();
        });
        s.fired.connect(() -> calls.add("second"));
        s.fired.emit();
        assertEquals(List.of("first"), calls);
    }

    @Test
    void connectionAddedDuringEmissionWaitsForTheNextOne() {
        Sender s = track(new Sender());
        AtomicInteger late = new AtomicInteger();
        s.fired.connect(() -> s.fired.connect(late::incrementAndGet, Qt.ConnectionType.UniqueConnection));
        s.fired.emit();
        assertEquals(0, late.get());
    }

    @Test
    void throwingSlotIsReportedAndEmissionGoesOn() {
        Sender s = track(new Sender());
        List<String> messages = new CopyOnWriteArrayList<>();
        QtMessageHandler previous = Qt.installMessageHandler((t, m, e) -> messages.add(t + " " + m));
        try {
            List<String> calls = new ArrayList<>();
            s.fired.connect(() -> {
                throw new IllegalStateException("boom");
            });
            s.fired.connect(() -> calls.add("after"));
            s.fired.emit();
            assertEquals(List.of("after"), calls);
            assertEquals(1, messages.size());
            assertTrue(messages.get(0).contains("boom"), messages.get(0));
            assertTrue(messages.get(0).contains("fired"), "names the signal: " + messages.get(0));
        } finally {
            Qt.installMessageHandler(previous);
        }
    }

    @Test
    void afterAThrowingSlotTheNextSlotsStillSeeTheirSender() {
        Sender s = track(new Sender());
        Sender other = track(new Sender());
        Receiver r = track(new Receiver());
        List<String> messages = new CopyOnWriteArrayList<>();
        QtMessageHandler previous = Qt.installMessageHandler((t, m, e) -> messages.add(m));
        try {
            s.valueChanged.connect(r, v -> {
                other.valueChanged.emit(v + 100);   // a nested emission that throws inside
                throw new IllegalStateException("first");
            });
            other.valueChanged.connect(r, v -> {
                throw new IllegalStateException("nested");
            });
            s.valueChanged.connect(r, r::setValue);
            s.valueChanged.connect(r, v -> {
                throw new IllegalStateException("last");
            }, Qt.ConnectionType.SingleShotConnection);
            s.valueChanged.emit(7);
            assertEquals(List.of(7), r.got);
            assertEquals(s, r.lastSender, "sender() after a nested emission and a throwing slot");
            assertEquals(null, r.sender(), "no sender outside the emission");
            assertEquals(3, messages.size(), messages.toString());
            s.valueChanged.emit(8);   // the single-shot one is gone; the others run again
            assertEquals(List.of(7, 8), r.got);
            assertEquals(5, messages.size(), messages.toString());
        } finally {
            Qt.installMessageHandler(previous);
        }
    }

    @Test
    void uniqueConnectionRefusesTheSameSlotTwice() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        Slot1<Integer> slot = r::setValue;
        QMetaObject.Connection first = s.valueChanged.connect(r, slot, Qt.ConnectionType.UniqueConnection);
        QMetaObject.Connection second = s.valueChanged.connect(r, slot, Qt.ConnectionType.UniqueConnection);
        assertTrue(first.isConnected());
        assertFalse(second.isConnected());
        s.valueChanged.emit(1);
        assertEquals(List.of(1), r.got);
    }

    @Test
    void singleShotConnectionFiresOnce() {
        Sender s = track(new Sender());
        AtomicInteger n = new AtomicInteger();
        QMetaObject.Connection c = s.fired.connect(n::incrementAndGet, Qt.ConnectionType.SingleShotConnection);
        s.fired.emit();
        s.fired.emit();
        assertEquals(1, n.get());
        assertFalse(c.isConnected());
    }

    @Test
    void invalidConnectionTypesAreRejected() {
        Sender s = track(new Sender());
        assertThrows(IllegalArgumentException.class, () -> s.fired.connect(() -> { },
                Qt.ConnectionType.DirectConnection, Qt.ConnectionType.QueuedConnection));
        assertThrows(IllegalArgumentException.class, () -> s.fired.connect((Slot0) null));
    }

    @Test
    void blockedSignalsAreNotEmittedButDestroyedIs() {
        Sender s = new Sender();
        AtomicInteger n = new AtomicInteger();
        AtomicInteger destroyed = new AtomicInteger();
        s.fired.connect(n::incrementAndGet);
        s.destroyed.connect(o -> destroyed.incrementAndGet());
        assertFalse(s.blockSignals(true));
        assertTrue(s.signalsBlocked());
        s.fired.emit();
        assertEquals(0, n.get());
        assertTrue(s.blockSignals(false));
        s.fired.emit();
        assertEquals(1, n.get());
        s.blockSignals(true);
        s.dispose();
        assertEquals(1, destroyed.get());
    }

    @Test
    void signalToSignal() {
        Sender a = track(new Sender());
        Sender b = track(new Sender());
        List<Object> got = new ArrayList<>();
        a.valueChanged.connect(b.valueChanged);
        a.pair.connect(b.valueChanged);
        b.valueChanged.connect(got::add);
        a.valueChanged.emit(4);
        a.pair.emit(9, "ignored");
        assertEquals(List.of(4, 9), got);
        assertThrows(IllegalArgumentException.class, () -> a.valueChanged.connect(a.valueChanged));
        b.dispose();
        assertEquals(0, a.valueChanged.receivers());
    }

    @Test
    void senderIsKnownInsideTheSlot() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::setValue);
        s.valueChanged.emit(1);
        assertSame(s, r.lastSender);
        assertEquals(null, r.sender());
    }

    @Test
    void queuedConnectionInTheSameThreadRunsFromTheLoop() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::setValue, Qt.ConnectionType.QueuedConnection);
        s.valueChanged.emit(42);
        assertEquals(List.of(), r.got);
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(42), r.got);
        assertSame(s, r.lastSender);
    }

    @Test
    void queuedCallOfADisconnectedConnectionIsDropped() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        QMetaObject.Connection c = s.valueChanged.connect(r, r::setValue, Qt.ConnectionType.QueuedConnection);
        s.valueChanged.emit(1);
        QObject.disconnect(c);
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(), r.got);
    }

    @Test
    void autoConnectionAcrossThreadsLandsInTheReceiversThread() {
        QThread worker = track(new QThread());
        Receiver r = new Receiver();
        r.moveToThread(worker);
        worker.finished.connect(r, r::deleteLater);
        worker.start();
        Sender s = track(new Sender());
        s.valueChanged.connect(r, r::setValue);
        s.valueChanged.emit(8);
        assertTrue(Loops.waitFor(() -> r.got.size() == 1, 5000));
        assertEquals(List.of(8), r.got);
        assertNotSame(Thread.currentThread(), r.lastThread);
        assertSame(worker, QThread.currentThread() == worker ? worker : r.thread());
        worker.quit();
        assertTrue(worker.join(5000));
        assertTrue(r.isDisposed(), "deleteLater on finished runs before the thread ends");
    }

    @Test
    void blockingQueuedWaitsForTheSlot() {
        QThread worker = track(new QThread());
        Receiver r = new Receiver();
        r.moveToThread(worker);
        worker.finished.connect(r, r::deleteLater);
        worker.start();
        Sender s = track(new Sender());
        s.valueChanged.connect(r, r::setValue, Qt.ConnectionType.BlockingQueuedConnection);
        s.valueChanged.emit(1);
        s.valueChanged.emit(2);
        assertEquals(List.of(1, 2), r.got, "each emit returned only after the slot ran");
    }

    @Test
    void blockingQueuedToTheEmittingThreadThrows() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::setValue, Qt.ConnectionType.BlockingQueuedConnection);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.valueChanged.emit(1));
        assertTrue(e.getMessage().contains("dead lock"), e.getMessage());
    }

    @Test
    void blockingQueuedIsReleasedWhenTheReceiverIsDisposedFirst() throws Exception {
        QThread worker = track(new QThread());
        worker.start();
        Receiver r = new Receiver();
        r.moveToThread(worker);
        Sender s = track(new Sender());
        s.valueChanged.connect(r, r::setValue, Qt.ConnectionType.BlockingQueuedConnection);
        QMetaObject.invokeMethod(r, (Runnable) r::dispose, Qt.ConnectionType.QueuedConnection);
        Thread emitter = new Thread(() -> s.valueChanged.emit(1));
        emitter.start();
        emitter.join(5000);
        assertFalse(emitter.isAlive(), "the blocked emitter was released");
    }

    @Test
    void racingDisconnectsBreakEachConnectionOnceAndLeaveNoneBehind() throws Exception {
        QObject owner = new QObject();
        QObject other = new QObject();
        Signal0 signal = new Signal0(owner);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 500; round++) {
                List<QMetaObject.Connection> conns = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    conns.add(signal.connect(i % 2 == 0 ? owner : other, () -> { }));
                }
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                // one thread breaks them one by one, the other all at once (every second round)
                // or one by one too; each connection must be broken exactly once
                boolean bulk = round % 2 == 0;
                java.util.concurrent.Future<Integer> a = pool.submit(() -> {
                    start.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    if (bulk) {
                        return signal.disconnect() ? -1 : -2;
                    }
                    int won = 0;
                    for (QMetaObject.Connection c : conns) {
                        won += signal.disconnect(c) ? 1 : 0;
                    }
                    return won;
                });
                java.util.concurrent.Future<Integer> b = pool.submit(() -> {
                    start.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    int won = 0;
                    for (int i = conns.size() - 1; i >= 0; i--) {
                        won += signal.disconnect(conns.get(i)) ? 1 : 0;
                    }
                    return won;
                });
                int byA = a.get(5, java.util.concurrent.TimeUnit.SECONDS);
                int byB = b.get(5, java.util.concurrent.TimeUnit.SECONDS);
                if (bulk) {
                    assertEquals(byB < 4, byA == -1, "the bulk disconnect broke something iff the other thread left some");
                } else {
                    assertEquals(4, byA + byB, "round " + round + ": each connection broken once");
                }
                assertEquals(0, signal.receivers());
                for (QMetaObject.Connection c : conns) {
                    assertFalse(c.isConnected());
                }
            }
            // the other context's list must not keep the broken connections: disposing it breaks
            // nothing, and a new connection to it is still broken by its disposal
            QMetaObject.Connection last = signal.connect(other, () -> { });
            other.dispose();
            assertFalse(last.isConnected());
            assertEquals(0, signal.receivers());
        } finally {
            pool.shutdownNow();
            owner.dispose();
            other.dispose();
        }
    }
}
