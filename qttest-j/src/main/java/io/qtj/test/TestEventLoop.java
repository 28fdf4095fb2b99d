package io.qtj.test;

import io.qtj.core.QElapsedTimer;
import io.qtj.core.QEvent;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QEventLoop;
import io.qtj.core.QTimer;
import io.qtj.core.Qt;

import java.util.EnumSet;
import java.util.function.BooleanSupplier;

/**
 * A local event loop that runs until a condition holds or a deadline passes: the engine behind
 * {@link QSignalSpy#wait(int)}, {@link QTest#qWait(int)} and {@link QTest#qWaitFor}, as Qt's
 * QTestEventLoop.
 *
 * <p>As Qt's qWait/qWaitFor, it processes one batch of events at a time (waiting when there is
 * nothing to do), runs due deferred deletes, and checks the condition after each batch; a
 * {@code QCoreApplication.quit()} meanwhile does not end it, only the condition or the deadline do.
 * Another thread wakes it with {@code loop().exit(0)} or {@code loop().wakeUp()}.
 *
 * <p>Lives in, and must be used from, the thread that created it. Another thread may call
 * {@code loop().exit(0)} to make it re-check the condition at once.
 */
final class TestEventLoop implements AutoCloseable {
    private final QEventLoop loop = new QEventLoop();
    private final QTimer deadline = new QTimer(loop);

    TestEventLoop() {
        deadline.setSingleShot(true);
        deadline.setTimerType(Qt.TimerType.PreciseTimer);
        deadline.timeout.connect(loop, loop::quit);
    }

    /** The event loop; its {@code exit} and {@code quit} are thread-safe. */
    QEventLoop loop() {
        return loop;
    }

    /**
     * Processes the current thread's events until {@code done} returns true or {@code timeoutMs}
     * milliseconds have passed (negative: no limit); returns {@code done}'s last value.
     *
     * @param pollMs how often to check {@code done} while events run, or 0 to check it only when
     *               the loop is woken up
     */
    boolean run(BooleanSupplier done, int timeoutMs, int pollMs) {
        QElapsedTimer clock = new QElapsedTimer();
        clock.start();
        if (pollMs > 0) {
            QTimer poll = new QTimer(loop);
            poll.setTimerType(Qt.TimerType.PreciseTimer);
            poll.timeout.connect(loop, () -> quitIf(done));
            poll.start(pollMs);
        }
        // As Qt's qWaitFor: process one batch of events at a time (waiting for more when there is
        // nothing to do) and check the condition after each, running due deferred deletes too.
        while (!done.getAsBoolean()) {
            if (timeoutMs >= 0) {
                long leftNs = timeoutMs * 1_000_000L - clock.nsecsElapsed();
                if (leftNs <= 0) {
                    break;
                }
                deadline.start((int) Math.min(Integer.MAX_VALUE, (leftNs + 999_999) / 1_000_000));
            }
            loop.processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.WaitForMoreEvents));
            QCoreApplication.sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
        }
        deadline.stop();
        return done.getAsBoolean();
    }

    private void quitIf(BooleanSupplier done) {
        if (done.getAsBoolean()) {
            loop.quit();
        }
    }

    /** Disposes the loop and its timers. */
    @Override
    public void close() {
        loop.dispose();
    }
}
