package io.qtj.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Emission to AutoConnections, Qt's default: a direct call when the receiver lives in the emitting
 * thread, a queued one otherwise, decided at each emission. The fast path keeps automatic
 * connections in its table while all their receivers share a thread; these tests hold it to the
 * per-connection rule when receivers move, are spread over threads, or the emission comes from
 * elsewhere.
 */
@Timeout(20)
class AutoConnectionEmissionTest {
    static final class Sender extends QObject {
        final Signal1<Integer> valueChanged = new Signal1<>(this);
    }

    /** Records each value with the thread that delivered it and the sender it saw. */
    static final class Receiver extends QObject {
        final List<Integer> got = new CopyOnWriteArrayList<>();
        final List<QThread> threads = new CopyOnWriteArrayList<>();
        final Semaphore calls = new Semaphore(0);
        volatile QObject seenSender;

        void take(int v) {
            got.add(v);
            threads.add(QThread.currentThread());
            seenSender = sender();
            calls.release();
        }

        void awaitCalls(int n) throws InterruptedException {
            assertTrue(calls.tryAcquire(n, 10, TimeUnit.SECONDS), this + " got " + got + ", expected " + n + " more");
        }
    }

    private final List<QObject> toDispose = new ArrayList<>();
    private final List<QThread> threads = new ArrayList<>();

    private <T extends QObject> T track(T o) {
        toDispose.add(o);
        return o;
    }

    private QThread startedThread() {
        QThread t = new QThread();
        threads.add(t);
        t.start();
        return t;
    }

    @AfterEach
    void cleanup() throws InterruptedException {
        for (QObject o : toDispose) {
            if (!o.isDisposed()) {
                if (o.thread() == QThread.currentThread()) {
                    o.dispose();
                } else {
                    QMetaObject.invokeMethod(o, (Runnable) o::dispose, Qt.ConnectionType.BlockingQueuedConnection);
                }
            }
        }
        for (QThread t : threads) {
            t.quit();
            assertTrue(t.join(10_000), t + " finished");
            t.dispose();
        }
    }

    @Test
    void receiversOfTheEmittingThreadAreCalledAtOnceInOrderWithTheirSender() {
        Sender s = track(new Sender());
        List<String> order = new ArrayList<>();
        List<Receiver> rs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Receiver r = track(new Receiver());
            rs.add(r);
            int id = i;
            s.valueChanged.connect(r, v -> {
                order.add("r" + id);
                r.take(v);
            });
        }
        s.valueChanged.emit(7);
        assertEquals(List.of("r0", "r1", "r2", "r3"), order, "called during emit, in connection order");
        for (Receiver r : rs) {
            assertEquals(List.of(7), r.got);
            assertSame(QThread.currentThread(), r.threads.get(0));
            assertSame(s, r.seenSender);
        }
    }

    @Test
    void aReceiverMovedToAnotherThreadAfterTheConnectionIsCalledThereFromThen() throws Exception {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::take);
        s.valueChanged.emit(1);
        assertEquals(List.of(1), r.got, "direct while both live here");

        QThread worker = startedThread();
        r.moveToThread(worker);
        s.valueChanged.emit(2);
        r.awaitCalls(2);
        assertEquals(List.of(1, 2), r.got);
        assertSame(worker, r.threads.get(1), "queued to the receiver's new thread");
        assertSame(s, r.seenSender, "a queued call has its sender too");
    }

    @Test
    void aSenderMovedAwayTakesItsAutomaticConnectionsWithoutContextAlong() throws Exception {
        Sender s = track(new Sender());
        List<QThread> ran = new CopyOnWriteArrayList<>();
        Semaphore called = new Semaphore(0);
        s.valueChanged.connect(v -> {
            ran.add(QThread.currentThread());
            called.release();
        }, Qt.ConnectionType.AutoConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of(QThread.currentThread()), ran);

        QThread worker = startedThread();
        s.moveToThread(worker);
        s.valueChanged.emit(2);   // from here: the sender, which plays the receiver's part, lives in the worker
        assertTrue(called.tryAcquire(2, 10, TimeUnit.SECONDS), "both calls made");
        assertSame(worker, ran.get(1));
    }

    @Test
    void aSlotConnectedWithoutContextOrTypeRunsInTheEmittingThreadAsQtsFunctorConnect() throws Exception {
        Sender s = track(new Sender());
        List<Thread> ran = new CopyOnWriteArrayList<>();
        QMetaObject.Connection c = s.valueChanged.connect(v -> ran.add(Thread.currentThread()));
        Thread emitter = new Thread(() -> s.valueChanged.emit(1), "emitter");
        emitter.start();
        emitter.join(10_000);
        assertEquals(List.of(emitter), ran, "called directly by the emitting thread, not queued to the sender's");
        assertTrue(c.isConnected());
    }

    @Test
    void receiversSpreadOverTwoThreadsAreEachServedInTheirOwn() throws Exception {
        Sender s = track(new Sender());
        Receiver here = track(new Receiver());
        Receiver there = track(new Receiver());
        QThread worker = startedThread();
        there.moveToThread(worker);
        s.valueChanged.connect(here, here::take);
        s.valueChanged.connect(there, there::take);
        Receiver last = track(new Receiver());
        s.valueChanged.connect(last, last::take);

        s.valueChanged.emit(5);
        assertEquals(List.of(5), here.got, "called during emit");
        assertEquals(List.of(5), last.got, "called during emit, after a queued one");
        there.awaitCalls(1);
        assertSame(worker, there.threads.get(0));
    }

    @Test
    void anEmissionFromAnotherThreadIsQueuedToTheReceiversThread() throws Exception {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::take);
        s.valueChanged.emit(1);   // the table is in use for this thread

        Thread emitter = new Thread(() -> s.valueChanged.emit(2), "emitter");
        emitter.start();
        emitter.join(10_000);
        assertEquals(List.of(1), r.got, "not called in the emitting thread");
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(1, 2), r.got);
        assertSame(QThread.currentThread(), r.threads.get(1));
    }

    @Test
    void aReceiverMovingBetweenTheEmittingThreadAndAWorkerGetsEachValueOnceInItsThreadOfTheMoment()
            throws Exception {
        QThread worker = startedThread();
        Sender s = track(new Sender());
        Bouncer r = new Bouncer(QThread.currentThread(), worker, 4_000);
        QMetaObject.Connection conn = s.valueChanged.connect(r, r::record);
        r.start();
        // while it moves (at most 2 million values): direct calls while it is here, queued ones
        // while it is in the worker, and this thread's events (its bounces back) between. An
        // emission that found it in the worker and then here, in one call, used to take its
        // connection for a single-shot one and break it.
        int count = 0;
        while (r.bounced.getCount() > 0 && count < 2_000_000) {
            for (int i = 0; i < 100; i++) {
                s.valueChanged.emit(count++);
            }
            QCoreApplication.sendPostedEvents();
            int behind = count - 10_000;
            assertTrue(Loops.waitFor(() -> r.count() >= behind, 10_000),
                    () -> "got " + r.count() + " of " + (behind + 10_000) + " values, " + conn);
        }
        int emitted = count;
        assertTrue(Loops.waitFor(() -> r.bounced.getCount() == 0 && r.count() == emitted, 10_000),
                () -> "got " + r.count() + " of " + emitted + " values, bounces left " + r.bounces + ", " + conn);
        assertEquals(0, r.duplicates.get(), "values delivered twice");
        assertEquals(0, r.elsewhere.get(), "values delivered in a thread the receiver was not in");
        // (not their order: a direct call may overtake values still queued for it, as in Qt)
        assertTrue(conn.isConnected(), "still connected: " + conn);
        if (r.thread() == QThread.currentThread()) {
            r.dispose();
        } else {
            QMetaObject.invokeMethod(r, (Runnable) r::dispose, Qt.ConnectionType.BlockingQueuedConnection);
        }
    }

    @Test
    void aSlotThatMovesALaterReceiverAwayHasThatReceiversCallQueued() throws Exception {
        Sender s = track(new Sender());
        Receiver mover = track(new Receiver());
        Receiver moved = track(new Receiver());
        Receiver after = track(new Receiver());
        QThread worker = startedThread();
        s.valueChanged.connect(mover, v -> {
            mover.take(v);
            if (v == 2) {
                moved.moveToThread(worker);
            }
        });
        s.valueChanged.connect(moved, moved::take);
        s.valueChanged.connect(after, after::take);
        s.valueChanged.emit(1);
        assertEquals(List.of(1), moved.got);

        s.valueChanged.emit(2);
        assertEquals(List.of(1, 2), after.got, "the receiver after it is still called directly");
        moved.awaitCalls(2);
        assertEquals(List.of(1, 2), moved.got);
        assertSame(worker, moved.threads.get(1), "moved by an earlier slot: queued, as Qt decides per call");
    }
}
