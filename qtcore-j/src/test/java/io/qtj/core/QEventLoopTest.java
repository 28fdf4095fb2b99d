package io.qtj.core;

import io.qtj.core.internal.ThreadData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QEventLoopTest {
    @Test
    void execReturnsTheExitCode() {
        QEventLoop loop = new QEventLoop();
        assertFalse(loop.isRunning());
        List<Boolean> running = new ArrayList<>();
        QTimer.singleShot(0, () -> {
            running.add(loop.isRunning());
            loop.exit(5);
        });
        assertEquals(5, loop.exec());
        assertEquals(List.of(true), running);
        assertFalse(loop.isRunning());
        loop.dispose();
    }

    @Test
    void nestedLoopsExitInnermostFirst() {
        QEventLoop outer = new QEventLoop();
        QEventLoop inner = new QEventLoop();
        List<String> log = new ArrayList<>();
        QTimer.singleShot(0, () -> {
            QTimer.singleShot(0, () -> inner.exit(2));
            log.add("inner returned " + inner.exec());
            outer.exit(1);
        });
        log.add("outer returned " + outer.exec());
        assertEquals(List.of("inner returned 2", "outer returned 1"), log);
        outer.dispose();
        inner.dispose();
    }

    @Test
    void exitFromAnotherThread() {
        QEventLoop loop = new QEventLoop();
        QThread t = QThread.create(() -> loop.exit(9));
        QTimer.singleShot(0, t::start);
        assertEquals(9, loop.exec());
        assertTrue(t.join(5000));
        t.dispose();
        loop.dispose();
    }

    /**
     * Qt's sendPostedEvents leaves what is posted while it delivers for the next pass; the loop's
     * internal tasks (a socket's flush) do the same: a task that queues itself again runs once per
     * pass, the passes do not sleep, and an event posted meanwhile is not kept waiting behind it.
     */
    @Test
    void aTaskQueuedByATaskRunsAtTheNextPassWithoutStarvingEvents() {
        ThreadData td = ThreadData.current();
        QEventLoop loop = new QEventLoop();
        int[] runs = {0};
        int[] runsWhenTheEventCame = {-1};
        QObject receiver = new QObject() {
            @Override
            public boolean event(QEvent e) {
                if (e.type() == QEvent.Type.User) {
                    runsWhenTheEventCame[0] = runs[0];
                    return true;
                }
                return super.event(e);
            }
        };
        Runnable[] task = new Runnable[1];
        task[0] = () -> {
            if (++runs[0] < 1000) {
                td.runInThread(task[0]);
            } else {
                loop.quit();
            }
        };
        QTimer.singleShot(0, () -> {
            td.runInThread(task[0]);
            QCoreApplication.postEvent(receiver, new QEvent(QEvent.Type.User));
        });
        long passesBefore = td.dispatcher().passes();
        loop.exec();
        long passes = td.dispatcher().passes() - passesBefore;
        assertEquals(1000, runs[0]);
        assertTrue(runsWhenTheEventCame[0] >= 0 && runsWhenTheEventCame[0] <= 2,
                "task runs before the event: " + runsWhenTheEventCame[0]);
        assertTrue(passes >= 1000, "passes: " + passes);
        receiver.dispose();
        loop.dispose();
    }

    @Test
    void processEventsExcludingSocketNotifiersAndTimers() {
        QEventLoop loop = new QEventLoop();
        AtomicInteger fired = new AtomicInteger();
        QTimer timer = new QTimer();
        timer.setTimerType(Qt.TimerType.PreciseTimer);
        timer.timeout.connect(fired::incrementAndGet);
        timer.start(0);
        loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.X11ExcludeTimers));
        assertEquals(0, fired.get());
        assertTrue(loop.processEvents());
        assertEquals(1, fired.get());
        timer.dispose();
        loop.dispose();
    }

    @Test
    void wakeUpBeforeWaitingIsNotLost() throws Exception {
        List<Long> took = new ArrayList<>();
        QThread t = QThread.create(() -> {
            QEventLoop loop = new QEventLoop();
            Thread other = new Thread(loop::wakeUp);
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            QTimer bound = new QTimer();
            bound.setSingleShot(true);
            bound.start(5000);
            QElapsedTimer clock = new QElapsedTimer();
            clock.start();
            loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.WaitForMoreEvents));
            took.add(clock.elapsed());
            bound.dispose();
            loop.dispose();
        });
        t.start();
        assertTrue(t.join(10000));
        assertTrue(took.get(0) < 4000, "woken at once, took " + took.get(0) + " ms");
        t.dispose();
    }
    @Test
    void wakeUpFromTheOwnerThreadIsNotLost() {
        // the owner thread only sets a flag (no Selector.wakeup): its next wait must still not block
        QEventLoop loop = new QEventLoop();
        QTimer bound = new QTimer();
        bound.setSingleShot(true);
        bound.start(5000);
        loop.wakeUp();
        QElapsedTimer clock = new QElapsedTimer();
        clock.start();
        loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.WaitForMoreEvents));
        assertTrue(clock.elapsed() < 4000, "woken at once, took " + clock.elapsed() + " ms");
        bound.dispose();
        loop.dispose();
    }

    @Test
    void crossThreadWakeUpAfterAnOwnerWakeUpStillWakes() throws Exception {
        // the owner's flag is consumed by its next wait; a later wake-up from another thread
        // must reach the selector of the wait that follows
        QEventLoop loop = new QEventLoop();
        QTimer bound = new QTimer();
        bound.setSingleShot(true);
        bound.start(5000);
        loop.wakeUp();
        loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.WaitForMoreEvents));
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                return;
            }
            loop.wakeUp();
        });
        other.start();
        QElapsedTimer clock = new QElapsedTimer();
        clock.start();
        waiting.countDown();
        loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.WaitForMoreEvents));
        other.join(5000);
        assertTrue(clock.elapsed() < 4000, "woken by the other thread, took " + clock.elapsed() + " ms");
        bound.dispose();
        loop.dispose();
    }
}
