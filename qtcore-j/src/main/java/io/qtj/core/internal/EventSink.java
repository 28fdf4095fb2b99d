package io.qtj.core.internal;

import io.qtj.core.QEvent;
import io.qtj.core.QObject;

/**
 * Delivers one event to one receiver in the current thread: the core's notify path (event
 * filters, scope level, then {@code receiver.event(e)}). The dispatcher and the posted-event
 * queue call it; the core implements it.
 */
@FunctionalInterface
public interface EventSink {
    /** Delivers {@code event} to {@code receiver}; exceptions propagate to the caller. */
    void deliver(QObject receiver, QEvent event);
}
