package io.qtj.core;

import io.qtj.core.internal.Log;

/** Qt's namespace of enums and global functions used across qtj. */
public final class Qt {
    private Qt() {
    }

    /**
     * How a signal reaches a slot. At most one of the first four may be given; UniqueConnection and
     * SingleShotConnection combine with any of them (AutoConnection when none is given).
     */
    public enum ConnectionType {
        /**
         * The default: direct when the receiver (the context object; the sender when there is no
         * context) lives in the thread that emits, queued otherwise. Decided at each emission.
         */
        AutoConnection,
        /** The slot is called at once, in the emitting thread. */
        DirectConnection,
        /** The call is posted to the receiver's thread and made when its event loop runs. */
        QueuedConnection,
        /**
         * As queued, but the emitting thread waits until the slot has returned. Emitting to a
         * receiver in the emitting thread throws IllegalStateException instead of deadlocking.
         */
        BlockingQueuedConnection,
        /** Refuse to connect if the same slot object is already connected with the same context. */
        UniqueConnection,
        /** Disconnect after the first call. */
        SingleShotConnection
    }

    /** How precisely a timer keeps time, as Qt's Qt::TimerType. */
    public enum TimerType {
        /** Millisecond accuracy. */
        PreciseTimer,
        /**
         * Within 5% of the interval in Qt. qtj keeps millisecond accuracy for these too, which is
         * within Qt's promise. The default for {@link QTimer}.
         */
        CoarseTimer,
        /** The interval is rounded to whole seconds, as in Qt. */
        VeryCoarseTimer
    }

    /**
     * Installs {@code handler} for the library's warnings and for exceptions thrown by slots and
     * event handlers, as qInstallMessageHandler() does, and returns the previous one. Null restores
     * the default handler, which writes to System.Logger "io.qtj". Thread-safe.
     */
    public static QtMessageHandler installMessageHandler(QtMessageHandler handler) {
        return Log.install(handler);
    }
}
