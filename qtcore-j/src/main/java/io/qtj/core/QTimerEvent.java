package io.qtj.core;

/**
 * The event a timer started with {@link QObject#startTimer(int)} delivers to
 * {@link QObject#timerEvent(QTimerEvent)}.
 */
public class QTimerEvent extends QEvent {
    private final int timerId;

    /** Constructs a timer event for timer {@code timerId}. */
    public QTimerEvent(int timerId) {
        super(Type.Timer);
        this.timerId = timerId;
    }

    /** Returns the id of the timer that fired. */
    public int timerId() {
        return timerId;
    }
}
