package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The posted-event queue across threads: a thread's loop moves everything posted so far aside in
 * one step and delivers from there, and the events it moved must still behave as waiting ones
 * (removed, moved with their receiver, counted), in posting and priority order.
 */
@Timeout(30)
class PostedEventQueueTest {
    private static final int NUMBERED = QEvent.registerEventType();

    /** An event carrying a number. */
    private static final class Numbered extends QEvent {
        final int n;

        Numbered(int n) {
            super(NUMBERED);
            this.n = n;
        }
    }

    /** Records the numbers it receives and the thread of each; can be made to stop in one of them. */
    private static final class Recorder extends QObject {
        final List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        final List<QThread> threads = Collections.synchronizedList(new ArrayList<>());
        /** A permit per event received. */
        final java.util.concurrent.Semaphore received = new java.util.concurrent.Semaphore(0);
        final java.util.Map<Integer, Gate> gates = new java.util.concurrent.ConcurrentHashMap<>();
        /** In event {@code moveOn}, the recorder moves itself to {@code moveTo} (from its own thread, as Qt requires). */
        volatile int moveOn = -1;
        volatile QThread moveTo;

        /** Makes the delivery of event {@code n} wait until the returned gate is opened. */
        Gate gate(int n) {
            Gate g = new Gate();
            gates.put(n, g);
            return g;
        }

        @Override
        protected void customEvent(QEvent e) {
            if (!(e instanceof Numbered num)) {
                return;
            }
            got.add(num.n);
            threads.add(QThread.currentThread());
            received.release();
            if (num.n == moveOn) {
                moveToThread(moveTo);
            }
            Gate g = gates.get(num.n);
            if (g != null) {
                g.entered.countDown();
                await(g.open);
            }
        }
    }

    /** Where a delivery stops: {@code entered} when it got there, {@code open} to let it go on. */
    private static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
    }

    /**
     * Posts {@code from..to} to {@code r} while its loop is held in event {@code from - 1} (posted
     * first): the loop then takes them all in the step that delivers {@code from}.
     */
    private static void postWhileHeld(Recorder r, int from, int to) {
        Gate hold = r.gate(from - 1);
        QCoreApplication.postEvent(r, new Numbered(from - 1));
        await(hold.entered);
        for (int i = from; i <= to; i++) {
            QCoreApplication.postEvent(r, new Numbered(i));
        }
        hold.open.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch released in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static QThread started() {
        QThread t = new QThread();
        t.start();
        return t;
    }

    private static void stop(QThread t) {
        t.quit();
        assertTrue(t.join(10_000), t + " finished");
        t.dispose();
    }

    /** Waits until {@code r} got {@code n} events (counted from the start) or 10 s passed. */
    private static void awaitCount(Recorder r, int n) throws InterruptedException {
        assertTrue(r.received.tryAcquire(n, 10, TimeUnit.SECONDS), "got " + r.got + ", expected " + n + " events");
        r.received.release(n);
    }

    /** A {@link Bouncer} that records the numbered events it gets. */
    private static final class NumberBouncer extends Bouncer {
        NumberBouncer(QThread a, QThread b, int bounces) {
            super(a, b, bounces);
        }

        @Override
        protected void customEvent(QEvent e) {
            if (e instanceof Numbered num) {
                record(num.n);
            } else {
                super.customEvent(e);
            }
        }
    }

    @Test
    void eventsPostedWhileTheirReceiverMovesBetweenThreadsArriveOnceEachInItsThreadOfTheMoment() throws Exception {
        QThread first = started();
        QThread second = started();
        Bouncer b = new NumberBouncer(first, second, 20_000);
        b.moveToThread(first);
        try {
            b.start();
            // batches while it moves (at most 2 million events), each posted while the one
            // before is delivered, so that the queue stays short
            int batch = 200;
            int count = 0;
            while (b.bounced.getCount() > 0 && count < 2_000_000) {
                for (int i = 0; i < batch; i++) {
                    QCoreApplication.postEvent(b, new Numbered(count++));
                }
                if (count > batch) {
                    assertTrue(b.received.tryAcquire(batch, 10, TimeUnit.SECONDS), "the batch before arrived");
                }
            }
            await(b.bounced);
            assertTrue(b.received.tryAcquire(batch, 10, TimeUnit.SECONDS), "the last batch arrived");
            assertEquals(count, b.count(), "every event arrived");
            assertEquals(0, b.duplicates.get(), "events delivered twice");
            assertEquals(0, b.elsewhere.get(), "events delivered in a thread the receiver had left");
            assertEquals(0, b.outOfOrder.get(), "events overtaken by one posted after them");
        } finally {
            QMetaObject.invokeMethod(b, (Runnable) b::dispose, Qt.ConnectionType.BlockingQueuedConnection);
            stop(first);
            stop(second);
        }
    }

    @Test
    void anEventQueuedForAnObjectAlreadyDisposedIsDroppedUndelivered() {
        Recorder r = new Recorder();
        r.dispose();
        // what a post racing with dispose() from another thread leaves: queued after the drop
        assertTrue(r.threadData().post(r, new Numbered(1), 0));
        MetaCallEvent waited = new MetaCallEvent(() -> "never").awaited();
        assertTrue(r.threadData().post(r, waited, 0));
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(), r.got, "no event reaches a disposed object");
        assertNull(waited.awaitResult(), "a blocking caller is released (as Qt's, when the event is destroyed)");
    }

    @Test
    void eventsPostedFromAnotherThreadWhileTheLoopDeliversArriveOnceEachInPostingOrder() throws Exception {
        QThread worker = started();
        Recorder r = new Recorder();
        r.moveToThread(worker);
        try {
            int count = 20_000;
            for (int i = 0; i < count; i++) {
                QCoreApplication.postEvent(r, new Numbered(i));
            }
            awaitCount(r, count);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add(i);
            }
            assertEquals(expected, r.got);
        } finally {
            r.deleteLater();
            stop(worker);
        }
    }

    @Test
    void removePostedEventsReachesEventsTheLoopHasAlreadyMovedAside() throws Exception {
        QThread worker = started();
        Recorder r = new Recorder();
        r.moveToThread(worker);
        Gate inOne = r.gate(1);
        try {
            postWhileHeld(r, 1, 5);
            await(inOne.entered);   // 2..5 were taken with 1
            assertTrue(r.threadData().hasPendingEvents(r, NUMBERED), "2..5 still wait");
            QCoreApplication.removePostedEvents(r, NUMBERED);
            assertFalse(r.threadData().hasPendingEvents(r, NUMBERED), "none left after the removal");
            QCoreApplication.postEvent(r, new Numbered(6));
            inOne.open.countDown();
            awaitCount(r, 3);
            assertEquals(List.of(0, 1, 6), r.got);
        } finally {
            inOne.open.countDown();
            r.deleteLater();
            stop(worker);
        }
    }

    @Test
    void eventsTheLoopHasMovedAsideFollowTheirReceiverToItsNewThread() throws Exception {
        QThread first = started();
        QThread second = started();
        Recorder r = new Recorder();
        r.moveToThread(first);
        r.moveOn = 1;
        r.moveTo = second;
        try {
            postWhileHeld(r, 1, 4);   // 2..4 are taken with 1, in which the recorder moves
            awaitCount(r, 5);
            assertEquals(List.of(0, 1, 2, 3, 4), r.got);
            assertEquals(List.of(first, first, second, second, second), r.threads);
        } finally {
            r.deleteLater();
            stop(first);
            stop(second);
        }
    }

    @Test
    void aHigherPriorityEventOvertakesEventsAlreadyMovedAside() throws Exception {
        QThread worker = started();
        Recorder r = new Recorder();
        r.moveToThread(worker);
        Gate inOne = r.gate(1);
        try {
            postWhileHeld(r, 1, 3);
            await(inOne.entered);   // 2 and 3 were taken with 1
            QCoreApplication.postEvent(r, new Numbered(10), 5);     // high priority: next
            QCoreApplication.postEvent(r, new Numbered(11), -5);    // low priority: last
            QCoreApplication.postEvent(r, new Numbered(4));
            inOne.open.countDown();
            awaitCount(r, 7);
            assertEquals(List.of(0, 1, 10, 2, 3, 4, 11), r.got);
        } finally {
            inOne.open.countDown();
            r.deleteLater();
            stop(worker);
        }
    }
}
