package io.qtj.core;

import io.qtj.core.internal.ObjectTracker;

/**
 * A repetitive or single-shot timer: {@link #timeout} is emitted every {@link #interval()}
 * milliseconds while it is active, from the event loop of the timer's thread.
 *
 * <pre>{@code
 * QTimer timer = new QTimer(parent);
 * timer.timeout.connect(this::update);
 * timer.start(1000);
 * }</pre>
 *
 * <p>An interval of 0 fires each time the event loop has processed its pending events. The static
 * {@link #singleShot(int, Slot0)} calls a function once after a delay. The default timer type is
 * {@link Qt.TimerType#CoarseTimer}. A timer can be started and stopped only from its own thread.
 */
public class QTimer extends QObject {
    /** This signal is emitted when the timer times out. */
    public final Signal0 timeout = new Signal0(this);

    private int id;
    private int interval;
    private boolean single;
    private Qt.TimerType type = Qt.TimerType.CoarseTimer;

    /** Constructs an inactive timer with interval 0. */
    public QTimer() {
        super();
    }

    /** Constructs an inactive timer that is a child of {@code parent}. */
    public QTimer(QObject parent) {
        super(parent);
    }

    /** Starts (or restarts) the timer with its current interval. */
    public void start() {
        if (id != 0) {
            stop();
        }
        id = startTimer(interval, type);
    }

    /** Sets the interval to {@code msec} and starts (or restarts) the timer. */
    public void start(int msec) {
        interval = msec;
        start();
    }

    /** Stops the timer. */
    public void stop() {
        if (id != 0) {
            killTimer(id);
            id = 0;
        }
    }

    /** Returns true if the timer is running. */
    public boolean isActive() {
        return id != 0;
    }

    /** Sets the interval in milliseconds (default 0); an active timer restarts with it. */
    public void setInterval(int msec) {
        interval = msec;
        if (id != 0) {
            start();
        }
    }

    /** Returns the interval in milliseconds. */
    public int interval() {
        return interval;
    }

    /** Makes the timer fire once ({@code true}) or repeatedly (the default). */
    public void setSingleShot(boolean s) {
        single = s;
    }

    /** Returns true if the timer fires only once. */
    public boolean isSingleShot() {
        return single;
    }

    /** Sets the timer's accuracy; takes effect at the next start. Default: CoarseTimer. */
    public void setTimerType(Qt.TimerType t) {
        if (t == null) {
            throw new IllegalArgumentException("t: null (expected: a Qt.TimerType)");
        }
        type = t;
    }

    /** Returns the timer's accuracy. */
    public Qt.TimerType timerType() {
        return type;
    }

    /**
     * Returns the milliseconds left until the timer fires, 0 if it is overdue, or -1 if it is
     * inactive.
     */
    public int remainingTime() {
        if (id == 0) {
            return -1;
        }
        checkThread("QTimer.remainingTime");
        return threadData().dispatcher().remainingTime(id);
    }

    /** Returns the id of the running timer, or -1 if it is inactive. */
    public int timerId() {
        return id == 0 ? -1 : id;
    }

    /**
     * Connects {@code slot} to {@link #timeout}, as Qt's callOnTimeout(): with the timer as context,
     * so the default is an AutoConnection.
     */
    public QMetaObject.Connection callOnTimeout(Slot0 slot, Qt.ConnectionType... type) {
        return timeout.connect(this, slot, type);
    }

    /** Connects {@code slot} to {@link #timeout} with {@code context}, as Qt's callOnTimeout(). */
    public QMetaObject.Connection callOnTimeout(QObject context, Slot0 slot, Qt.ConnectionType... type) {
        return timeout.connect(context, slot, type);
    }

    @Override
    protected void timerEvent(QTimerEvent e) {
        if (e.timerId() == id) {
            if (single) {
                stop();
            }
            timeout.emit();
        }
    }

    /**
     * Calls {@code slot} once, {@code msec} milliseconds from now, from the calling thread's event
     * loop.
     */
    public static void singleShot(int msec, Slot0 slot) {
        singleShot(msec, null, slot);
    }

    /**
     * Calls {@code slot} once, {@code msec} milliseconds from now, in the thread of {@code context};
     * nothing happens if {@code context} is disposed first.
     */
    public static void singleShot(int msec, QObject context, Slot0 slot) {
        singleShot(msec, msec >= 2000 ? Qt.TimerType.CoarseTimer : Qt.TimerType.PreciseTimer, context, slot);
    }

    /** As {@link #singleShot(int, QObject, Slot0)}, with a timer type. */
    public static void singleShot(int msec, Qt.TimerType timerType, QObject context, Slot0 slot) {
        if (slot == null) {
            throw new IllegalArgumentException("slot: null (expected: a Slot0)");
        }
        if (context != null) {
            context.checkAlive();
        }
        SingleShot s = new SingleShot(context, slot);
        s.timerId = s.startTimer(Math.max(0, msec), timerType);
        if (context != null && context.threadData() != s.threadData()) {
            s.moveToThread(context.thread());
        }
    }

    /** The hidden object behind a static single shot; disposes itself after firing. */
    private static final class SingleShot extends QObject {
        private final QObject context;
        private final Slot0 slot;
        private final QMetaObject.Connection guard;
        int timerId;

        SingleShot(QObject context, Slot0 slot) {
            super();
            ObjectTracker.remove(this);
            this.context = context;
            this.slot = slot;
            this.guard = context == null ? null
                    : context.destroyed.connect(this, (Slot0) this::deleteLater, Qt.ConnectionType.DirectConnection);
        }

        @Override
        protected void timerEvent(QTimerEvent e) {
            killTimer(timerId);
            try {
                if (context == null || !context.isDisposed()) {
                    try {
                        slot.invoke();
                    } catch (Throwable t) {
                        QMetaObject.report("QTimer.singleShot slot", t);
                    }
                }
            } finally {
                if (guard != null) {
                    QObject.disconnect(guard);
                }
                dispose();
            }
        }
    }
}
