package io.qtj.test;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QElapsedTimer;
import io.qtj.core.QEvent;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.QTimer;
import io.qtj.core.Qt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(QtExtension.class)
@Timeout(20)
class QTestTest {
    @Test
    void qWaitProcessesPostedEventsAndTimers() {
        QObject receiver = new QObject();
        try {
            List<String> happened = new ArrayList<>();
            QMetaObject.invokeMethod(receiver, () -> happened.add("queued"), Qt.ConnectionType.QueuedConnection);
            QCoreApplication.postEvent(receiver, new QEvent(QEvent.Type.User));
            QTimer.singleShot(20, receiver, () -> happened.add("timer"));
            QElapsedTimer clock = new QElapsedTimer();
            clock.start();
            QTest.qWait(100);
            long elapsed = clock.elapsed();
            assertEquals(List.of("queued", "timer"), happened);
            assertTrue(elapsed >= 100, "returned after " + elapsed + " ms");
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void qWaitRunsRepeatingTimers() {
        QTimer timer = new QTimer();
        try {
            AtomicInteger ticks = new AtomicInteger();
            timer.timeout.connect(ticks::incrementAndGet);
            timer.start(5);
            QTest.qWait(100);
            assertTrue(ticks.get() >= 2, "ticks: " + ticks.get());
        } finally {
            timer.dispose();
        }
    }

    @Test
    void qWaitDisposesDeferredDeletes() {
        QObject doomed = new QObject();
        doomed.deleteLater();
        QTest.qWait(10);
        assertTrue(doomed.isDisposed());
    }

    @Test
    void qWaitZeroProcessesPendingEventsOnce() {
        QObject receiver = new QObject();
        try {
            AtomicBoolean ran = new AtomicBoolean();
            QMetaObject.invokeMethod(receiver, () -> ran.set(true), Qt.ConnectionType.QueuedConnection);
            QTest.qWait(0);
            assertTrue(ran.get());
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void qWaitForReturnsAsSoonAsTheConditionHolds() {
        AtomicBoolean done = new AtomicBoolean();
        QTimer.singleShot(20, () -> done.set(true));
        QElapsedTimer clock = new QElapsedTimer();
        clock.start();
        assertTrue(QTest.qWaitFor(done::get, 10_000));
        long elapsed = clock.elapsed();
        assertTrue(elapsed >= 20, "returned after " + elapsed + " ms");
        assertTrue(elapsed < 5_000, "returned after " + elapsed + " ms");
    }

    @Test
    void qWaitForChecksTheConditionFirst() {
        QObject receiver = new QObject();
        try {
            AtomicBoolean ran = new AtomicBoolean();
            QMetaObject.invokeMethod(receiver, () -> ran.set(true), Qt.ConnectionType.QueuedConnection);
            assertTrue(QTest.qWaitFor(() -> true, 10_000));
            assertFalse(ran.get(), "no event is processed when the condition already holds");
            QTest.qWait(0);
            assertTrue(ran.get());
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void qWaitForSeesAnotherThreadsWork() {
        AtomicBoolean done = new AtomicBoolean();
        QThread worker = QThread.create(() -> done.set(true));
        try {
            QTimer.singleShot(0, worker::start);     // starts once the wait runs the loop
            assertTrue(QTest.qWaitFor(done::get, 10_000));
            assertTrue(worker.join(10_000));
        } finally {
            worker.dispose();
        }
    }

    @Test
    void qWaitForTimesOut() {
        AtomicInteger checks = new AtomicInteger();
        QElapsedTimer clock = new QElapsedTimer();
        clock.start();
        assertFalse(QTest.qWaitFor(() -> checks.incrementAndGet() < 0, 50));
        long elapsed = clock.elapsed();
        assertTrue(elapsed >= 50, "returned after " + elapsed + " ms");
        assertTrue(elapsed < 5_000, "returned after " + elapsed + " ms");
        assertTrue(checks.get() >= 3, "the condition is polled while waiting: " + checks.get() + " checks");
    }

    @Test
    void qWaitForNullThrows() {
        assertThrows(IllegalArgumentException.class, () -> QTest.qWaitFor(null, 10));
        assertThrows(IllegalArgumentException.class, () -> QTest.qWaitFor(null));
    }

    @Test
    void qSleepProcessesNoEvents() {
        QObject receiver = new QObject();
        try {
            AtomicBoolean ran = new AtomicBoolean();
            QMetaObject.invokeMethod(receiver, () -> ran.set(true), Qt.ConnectionType.QueuedConnection);
            QElapsedTimer clock = new QElapsedTimer();
            clock.start();
            QTest.qSleep(20);
            assertTrue(clock.elapsed() >= 20);
            assertFalse(ran.get());
            QTest.qWait(0);
            assertTrue(ran.get());
        } finally {
            receiver.dispose();
        }
    }
}
