package io.qtj.core;

import java.util.function.BooleanSupplier;

/** Test support: runs the current thread's event loop until a condition holds or time runs out. */
final class Loops {
    private Loops() {
    }

    /** Spins a QEventLoop until {@code condition} is true or {@code timeoutMs} passed; returns the condition. */
    static boolean waitFor(BooleanSupplier condition, int timeoutMs) {
        QElapsedTimer t = new QElapsedTimer();
        t.start();
        QEventLoop loop = new QEventLoop();
        QTimer poll = new QTimer();
        poll.setTimerType(Qt.TimerType.PreciseTimer);
        poll.timeout.connect(() -> {
            if (condition.getAsBoolean() || t.hasExpired(timeoutMs)) {
                loop.quit();
            }
        });
        try {
            if (condition.getAsBoolean()) {
                return true;
            }
            poll.start(1);
            loop.exec();
            return condition.getAsBoolean();
        } finally {
            poll.dispose();
            loop.dispose();
        }
    }
}
