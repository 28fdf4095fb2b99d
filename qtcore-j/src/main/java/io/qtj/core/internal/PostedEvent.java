package io.qtj.core.internal;

import io.qtj.core.QEvent;
import io.qtj.core.QObject;

/**
 * An event waiting in a thread's queue. Ordered by priority (higher first), then by posting order.
 * {@code deleteLevel} is the loop level plus scope level at which a DeferredDelete was posted
 * (-1 for other events): Qt's rule for when deleteLater() takes effect.
 */
final class PostedEvent implements Comparable<PostedEvent> {
    final QObject receiver;
    final QEvent event;
    final int priority;
    final long seq;
    final int deleteLevel;

    PostedEvent(QObject receiver, QEvent event, int priority, long seq, int deleteLevel) {
        this.receiver = receiver;
        this.event = event;
        this.priority = priority;
        this.seq = seq;
        this.deleteLevel = deleteLevel;
    }

    /** Discards the event undelivered: a blocking caller waiting for it is released. */
    void drop() {
        if (event instanceof DroppableEvent d) {
            d.dropped();
        }
    }

    @Override
    public int compareTo(PostedEvent o) {
        if (priority != o.priority) {
            return priority > o.priority ? -1 : 1;
        }
        return Long.compare(seq, o.seq);
    }
}
