package io.qtj.core;

import io.qtj.core.internal.EventSink;
import io.qtj.core.internal.ThreadData;

import java.util.List;

/**
 * The notify path (Qt's QCoreApplication::notify): application event filters for objects in the
 * main thread, then the receiver's own filters, then {@code receiver.event(e)}, counting the scope
 * level that deleteLater() relies on. The caller is in the receiver's thread.
 */
final class EventDelivery implements EventSink {
    static final EventDelivery INSTANCE = new EventDelivery();

    private EventDelivery() {
    }

    @Override
    public void deliver(QObject receiver, QEvent event) {
        notify(receiver, event);
    }

    boolean notify(QObject receiver, QEvent event) {
        ThreadData td = receiver.threadData();
        td.scopeLevel++;
        try {
            QCoreApplication app = QCoreApplication.instance();
            if (app != null && app != receiver && td == app.threadData() && filter(app.eventFilters(), receiver, event)) {
                return true;
            }
            if (filter(receiver.eventFilters(), receiver, event)) {
                return true;
            }
            return receiver.event(event);
        } finally {
            td.scopeLevel--;
        }
    }

    private static boolean filter(List<QObject> filters, QObject receiver, QEvent event) {
        if (filters == null || filters.isEmpty()) {
            return false;
        }
        for (QObject f : List.copyOf(filters)) {
            if (!f.isDisposed() && f != receiver && f.eventFilter(receiver, event)) {
                return true;
            }
        }
        return false;
    }
}
