package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QThreadTest {
    @Test
    void constructing() {
        QThread t = new QThread();
        assertFalse(t.isRunning());
        assertFalse(t.isFinished());
        assertTrue(t.join(10), "a thread never started counts as finished for join");
        assertSame(QThread.currentThread(), t.thread(), "the QThread object lives in its creator's thread");
        t.dispose();
    }

    @Test
    void startedRunFinishedInOrderInTheNewThread() {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<QThread> current = new AtomicReference<>();
        QThread t = new QThread() {
            @Override
            protected void run() {
                log.add("run");
                current.set(QThread.currentThread());
            }
        };
        t.started.connect(() -> log.add("started in " + (QThread.currentThread() == t)), Qt.ConnectionType.DirectConnection);
        t.finished.connect(() -> log.add("finished, running=" + t.isRunning()), Qt.ConnectionType.DirectConnection);
        t.start();
        assertTrue(t.join(5000));
        assertEquals(List.of("started in true", "run", "finished, running=true"), log);
        assertSame(t, current.get());
        assertTrue(t.isFinished());
        assertFalse(t.isRunning());
        t.dispose();
    }

    @Test
    void aSlotOfStartedConnectedWithoutContextRunsInTheNewThreadAsInQt() {
        AtomicReference<QThread> ran = new AtomicReference<>();
        QThread t = QThread.create(() -> { });
        t.started.connect(() -> ran.set(QThread.currentThread()));   // Qt: connect(t, &QThread::started, lambda)
        t.start();
        assertTrue(t.join(5000));
        assertSame(t, ran.get(), "called in the new thread, before run(), not queued to this one");
        t.dispose();
    }

    @Test
    void execRunsUntilQuitAndReturnsTheExitCode() {
        AtomicReference<Integer> code = new AtomicReference<>();
        QThread t = new QThread() {
            @Override
            protected void run() {
                code.set(exec());
            }
        };
        t.start();
        QObject worker = new QObject();
        worker.moveToThread(t);
        Integer answer = QMetaObject.invokeMethod(worker, () -> 6 * 7, Qt.ConnectionType.BlockingQueuedConnection);
        assertEquals(42, answer);
        t.exit(3);
        assertTrue(t.join(5000));
        assertEquals(3, code.get());
        worker.dispose();
        t.dispose();
    }

    @Test
    void quitBeforeExecMakesExecReturnAtOnce() {
        QThread t = new QThread();
        t.quit();
        t.start();
        // exited flags are reset by start(), so quit again once it runs
        t.quit();
        assertTrue(t.join(5000));
        t.dispose();
    }

    @Test
    void createRunsTheFunctionWithoutEventLoop() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        QThread t = QThread.create(() -> ran.set(Thread.currentThread()));
        t.start();
        assertTrue(t.join(5000));
        assertNotSame(Thread.currentThread(), ran.get());
        t.dispose();
    }

    @Test
    void finishedSignalReachesTheMainThreadQueued() {
        QThread t = QThread.create(() -> { });
        List<Thread> in = new CopyOnWriteArrayList<>();
        QObject receiver = new QObject();
        t.finished.connect(receiver, () -> in.add(Thread.currentThread()));
        t.start();
        assertTrue(Loops.waitFor(() -> !in.isEmpty(), 5000));
        assertSame(Thread.currentThread(), in.get(0));
        receiver.dispose();
        t.dispose();
    }

    @Test
    void disposingARunningThreadThrows() {
        QThread t = new QThread();
        t.start();
        assertThrows(IllegalStateException.class, t::dispose);
        t.quit();
        assertTrue(t.join(5000));
        t.dispose();
    }

    @Test
    void joinOnItselfReturnsFalse() {
        AtomicReference<Boolean> self = new AtomicReference<>();
        QThread[] holder = new QThread[1];
        holder[0] = QThread.create(() -> self.set(holder[0].join(10)));
        holder[0].start();
        assertTrue(holder[0].join(5000));
        assertFalse(self.get());
        holder[0].dispose();
    }

    @Test
    void adoptedThreadsHaveAQThread() throws Exception {
        AtomicReference<QThread> seen = new AtomicReference<>();
        Thread plain = new Thread(() -> {
            QObject o = new QObject();
            seen.set(o.thread());
            o.dispose();
        });
        plain.start();
        plain.join(5000);
        assertTrue(seen.get().isRunning());
        assertThrows(IllegalStateException.class, () -> seen.get().start());
    }

    @Test
    void interruptionRequest() {
        QThread t = QThread.create(() -> {
            QElapsedTimer timer = new QElapsedTimer();
            timer.start();
            while (!QThread.currentThread().isInterruptionRequested() && !timer.hasExpired(5000)) {
                Thread.onSpinWait();
            }
        });
        t.start();
        t.requestInterruption();
        assertTrue(t.join(5000));
        assertTrue(t.isInterruptionRequested());
        t.dispose();
    }

    @Test
    void disposeWhileFinishingWaitsForTheThreadAsQtDoes() throws Exception {
        QThread t = QThread.create(() -> { });
        java.util.concurrent.CountDownLatch inFinished = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        t.finished.connect(() -> {
            inFinished.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Qt.ConnectionType.DirectConnection);
        t.start();
        assertTrue(inFinished.await(5, java.util.concurrent.TimeUnit.SECONDS));
        Thread disposer = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            // release the thread once the disposer is blocked waiting for it
            QElapsedTimer clock = new QElapsedTimer();
            clock.start();
            while (disposer.getState() != Thread.State.WAITING && disposer.getState() != Thread.State.TIMED_WAITING
                    && !clock.hasExpired(5000)) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        releaser.start();
        t.dispose();   // Qt's ~QThread waits while the thread is in finish
        assertTrue(t.isDisposed());
        assertTrue(t.isFinished());
        releaser.join(5000);
    }
}
