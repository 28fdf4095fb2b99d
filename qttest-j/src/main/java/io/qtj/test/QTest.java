package io.qtj.test;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QEvent;
import io.qtj.core.QThread;

import java.util.function.BooleanSupplier;

/**
 * Qt's test helpers that wait: {@link #qWait(int)} keeps the event loop running for a while,
 * {@link #qWaitFor(BooleanSupplier, int)} until a condition holds. Both process the calling
 * thread's events, timers, socket activity and queued calls while they wait, so that asynchronous
 * work (a reply from another thread, a connection, a timer) can happen; neither merely sleeps.
 * {@link #qSleep(int)} is the blocking sleep, for the rare test that needs one.
 *
 * <p>Prefer {@link QSignalSpy#wait(int)} or {@link #qWaitFor} to {@link #qWait(int)}: they return
 * as soon as what the test waits for has happened, while a fixed wait is both slow and flaky.
 *
 * <p>All functions work in any thread, with or without a {@link QCoreApplication}; each runs the
 * calling thread's events only.
 */
public final class QTest {
    /** How often {@link #qWaitFor} checks its condition while events run, in milliseconds. */
    private static final int POLL_MS = 10;

    private QTest() {
    }

    /**
     * Waits for {@code ms} milliseconds. While waiting, the calling thread's events are processed,
     * so the test stays responsive to timers, network communication and queued calls; objects whose
     * {@code deleteLater()} was called are disposed. With {@code ms} of 0 or less, processes the
     * pending events once.
     *
     * @see #qWaitFor(BooleanSupplier, int)
     */
    public static void qWait(int ms) {
        if (ms > 0) {
            try (TestEventLoop loop = new TestEventLoop()) {
                loop.run(() -> false, ms, 0);
            }
        } else {
            QCoreApplication.processEvents();
        }
        QCoreApplication.sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
    }

    /**
     * Waits until {@code predicate} returns true or {@code timeoutMs} milliseconds have passed
     * (-1: no limit), processing the calling thread's events meanwhile, as {@link #qWait(int)}.
     * Returns the predicate's last value: true if it became true in time; otherwise false.
     *
     * <p>The predicate is checked first (if it already holds, no event is processed), then after
     * each wake-up of the loop and at least every 10 milliseconds, in the calling thread; it may
     * read state that other threads write if that state is thread-safe.
     *
     * @throws IllegalArgumentException if {@code predicate} is null
     */
    public static boolean qWaitFor(BooleanSupplier predicate, int timeoutMs) {
        if (predicate == null) {
            throw new IllegalArgumentException("predicate: null (expected: the condition to wait for)");
        }
        if (predicate.getAsBoolean()) {
            return true;
        }
        boolean result;
        try (TestEventLoop loop = new TestEventLoop()) {
            result = loop.run(predicate, timeoutMs, POLL_MS);
        }
        QCoreApplication.sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
        return result || predicate.getAsBoolean();
    }

    /**
     * As {@link #qWaitFor(BooleanSupplier, int)} with Qt's default timeout of five seconds.
     *
     * @throws IllegalArgumentException if {@code predicate} is null
     */
    public static boolean qWaitFor(BooleanSupplier predicate) {
        return qWaitFor(predicate, 5000);
    }

    /**
     * Sleeps for {@code ms} milliseconds, blocking the test; no event is processed. Use it only to
     * let time pass for code that does not use events (such as a clock under test); to wait for
     * something to happen, use {@link #qWaitFor} or {@link QSignalSpy#wait(int)}.
     */
    public static void qSleep(int ms) {
        QThread.msleep(Math.max(0, ms));
    }
}
