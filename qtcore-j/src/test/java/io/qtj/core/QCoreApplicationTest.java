package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QCoreApplicationTest {
    @Test
    void execRunsUntilExitAndEmitsAboutToQuit() {
        QCoreApplication app = new QCoreApplication(new String[]{"--x", "y"});
        try {
            assertSame(app, QCoreApplication.instance());
            assertEquals(List.of("--x", "y"), QCoreApplication.arguments());
            assertThrows(IllegalStateException.class, () -> new QCoreApplication(null));
            List<String> log = new ArrayList<>();
            app.aboutToQuit.connect(() -> log.add("aboutToQuit"));
            QTimer.singleShot(1, () -> {
                log.add("timer");
                QCoreApplication.exit(7);
            });
            assertEquals(7, QCoreApplication.exec());
            assertEquals(List.of("timer", "aboutToQuit"), log);
        } finally {
            app.dispose();
        }
        assertNull(QCoreApplication.instance());
        assertEquals(List.of(), QCoreApplication.arguments());
    }

    @Test
    void quitFromAnotherThread() {
        QCoreApplication app = new QCoreApplication(new String[0]);
        try {
            QThread t = QThread.create(QCoreApplication::quit);
            QTimer.singleShot(0, t::start);
            assertEquals(0, QCoreApplication.exec());
            assertTrue(t.join(5000));
            t.dispose();
        } finally {
            app.dispose();
        }
    }

    @Test
    void execWithoutApplicationThrows() {
        assertThrows(IllegalStateException.class, QCoreApplication::exec);
    }

    @Test
    void applicationEventFilterSeesEventsOfTheMainThread() {
        QCoreApplication app = new QCoreApplication(new String[0]);
        try {
            List<Integer> seen = new ArrayList<>();
            QObject filter = new QObject() {
                @Override
                public boolean eventFilter(QObject watched, QEvent e) {
                    seen.add(e.typeId());
                    return true;
                }
            };
            app.installEventFilter(filter);
            QObject o = new QObject();
            int type = QEvent.registerEventType();
            assertTrue(QCoreApplication.sendEvent(o, new QEvent(type)));
            assertEquals(List.of(type), seen);
            o.dispose();
            filter.dispose();
        } finally {
            app.dispose();
        }
    }

    @Test
    void sendEventToAnObjectOfAnotherThreadThrows() {
        QThread t = new QThread();
        QObject o = new QObject();
        o.moveToThread(t);
        assertThrows(IllegalStateException.class, () -> QCoreApplication.sendEvent(o, new QEvent(QEvent.Type.User)));
        o.dispose();
        t.dispose();
    }
}
