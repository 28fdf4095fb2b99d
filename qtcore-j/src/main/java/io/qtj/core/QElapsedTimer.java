package io.qtj.core;

/**
 * A fast monotonic stopwatch, as Qt's QElapsedTimer, on {@link System#nanoTime()}. Invalid until
 * {@link #start()}. Not thread-safe.
 */
public final class QElapsedTimer {
    private long start = Long.MIN_VALUE;

    /** Constructs an invalid timer. */
    public QElapsedTimer() {
    }

    /** Starts the timer. */
    public void start() {
        start = System.nanoTime();
    }

    /** Restarts the timer and returns the milliseconds elapsed since the previous start. */
    public long restart() {
        long now = System.nanoTime();
        long elapsed = (now - start) / 1_000_000;
        start = now;
        return elapsed;
    }

    /** Returns the milliseconds since start(). */
    public long elapsed() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Returns the nanoseconds since start(). */
    public long nsecsElapsed() {
        return System.nanoTime() - start;
    }

    /** Returns true if more than {@code timeoutMs} milliseconds have passed since start(). */
    public boolean hasExpired(long timeoutMs) {
        return timeoutMs >= 0 && elapsed() > timeoutMs;
    }

    /** Returns false until start() is called, or after invalidate(). */
    public boolean isValid() {
        return start != Long.MIN_VALUE;
    }

    /** Makes the timer invalid. */
    public void invalidate() {
        start = Long.MIN_VALUE;
    }
}
