package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QTimerTest {
    @Test
    void constructing() {
        QTimer t = new QTimer();
        assertFalse(t.isActive());
        assertEquals(0, t.interval());
        assertFalse(t.isSingleShot());
        assertEquals(-1, t.timerId());
        assertEquals(-1, t.remainingTime());
        assertEquals(Qt.TimerType.CoarseTimer, t.timerType());
        t.dispose();
    }

    @Test
    void repeatsUntilStopped() {
        QTimer t = new QTimer();
        AtomicInteger n = new AtomicInteger();
        t.timeout.connect(() -> {
            if (n.incrementAndGet() == 3) {
                t.stop();
            }
        });
        t.start(2);
        assertTrue(t.isActive());
        assertTrue(t.timerId() > 0);
        assertTrue(Loops.waitFor(() -> n.get() == 3 && !t.isActive(), 5000));
        t.dispose();
    }

    @Test
    void singleShotTimerFiresOnceAndBecomesInactive() {
        QTimer t = new QTimer();
        t.setSingleShot(true);
        AtomicInteger n = new AtomicInteger();
        t.timeout.connect(n::incrementAndGet);
        t.start(1);
        assertTrue(Loops.waitFor(() -> n.get() == 1, 5000));
        assertFalse(t.isActive());
        QCoreApplication.processEvents(50);
        assertEquals(1, n.get());
        t.dispose();
    }

    @Test
    void timersFireInDeadlineOrder() {
        List<Integer> order = new ArrayList<>();
        List<QTimer> timers = new ArrayList<>();
        int[] delays = {30, 10, 20, 0, 25, 5};
        for (int d : delays) {
            QTimer t = new QTimer();
            t.setTimerType(Qt.TimerType.PreciseTimer);
            t.setSingleShot(true);
            t.timeout.connect(() -> order.add(d));
            timers.add(t);
        }
        for (int i = 0; i < delays.length; i++) {
            timers.get(i).start(delays[i]);
        }
        assertTrue(Loops.waitFor(() -> order.size() == delays.length, 5000));
        assertEquals(List.of(0, 5, 10, 20, 25, 30), order);
        timers.forEach(QObject::dispose);
    }

    @Test
    void remainingTimeCountsDown() {
        QTimer t = new QTimer();
        t.setTimerType(Qt.TimerType.PreciseTimer);
        t.start(10_000);
        int left = t.remainingTime();
        assertTrue(left > 9_000 && left <= 10_000, "remaining " + left);
        t.stop();
        assertEquals(-1, t.remainingTime());
        t.dispose();
    }

    @Test
    void setIntervalRestartsAnActiveTimer() {
        QTimer t = new QTimer();
        t.start(10_000);
        t.setInterval(20_000);
        assertTrue(t.isActive());
        assertTrue(t.remainingTime() > 10_000);
        t.dispose();
    }

    @Test
    void staticSingleShotWithAndWithoutContext() {
        List<String> log = new CopyOnWriteArrayList<>();
        QObject context = new QObject();
        QObject doomed = new QObject();
        QTimer.singleShot(1, () -> log.add("plain"));
        QTimer.singleShot(1, context, () -> log.add("context"));
        QTimer.singleShot(1, doomed, () -> log.add("doomed"));
        doomed.dispose();
        assertTrue(Loops.waitFor(() -> log.size() == 2, 5000));
        QCoreApplication.processEvents(20);
        assertEquals(List.of("plain", "context"), log);
        context.dispose();
    }

    @Test
    void singleShotRunsInTheContextsThread() {
        QThread worker = new QThread();
        worker.start();
        QObject context = new QObject();
        context.moveToThread(worker);
        List<Thread> in = new CopyOnWriteArrayList<>();
        QTimer.singleShot(1, context, () -> in.add(Thread.currentThread()));
        assertTrue(Loops.waitFor(() -> !in.isEmpty(), 5000));
        assertFalse(in.get(0) == Thread.currentThread());
        QMetaObject.invokeMethod(context, (Runnable) context::dispose, Qt.ConnectionType.BlockingQueuedConnection);
        worker.quit();
        assertTrue(worker.join(5000));
        worker.dispose();
    }

    @Test
    void zeroTimerFiresEveryLoopIteration() {
        QTimer t = new QTimer();
        AtomicInteger n = new AtomicInteger();
        t.timeout.connect(n::incrementAndGet);
        t.start(0);
        assertTrue(Loops.waitFor(() -> n.get() >= 100, 5000));
        t.dispose();
    }

    @Test
    void veryCoarseRoundsToSeconds() {
        QTimer t = new QTimer();
        t.setTimerType(Qt.TimerType.VeryCoarseTimer);
        t.start(1400);
        int left = t.remainingTime();
        assertTrue(left > 900 && left <= 1000, "rounded to 1 s, remaining " + left);
        t.dispose();
    }

    @Test
    void callOnTimeoutWithContext() {
        QTimer t = new QTimer();
        QObject ctx = new QObject();
        List<QObject> senders = new ArrayList<>();
        class Probe extends QObject {
            void slot() {
                senders.add(sender());
            }
        }
        Probe p = new Probe();
        t.callOnTimeout(p, p::slot);
        t.setSingleShot(true);
        t.start(0);
        assertTrue(Loops.waitFor(() -> senders.size() == 1, 5000));
        assertSame(t, senders.get(0));
        t.dispose();
        ctx.dispose();
        p.dispose();
    }
}
