package io.qtj.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QEventTest {
    @Test
    void qtsNumericIds() {
        assertEquals(1, QEvent.Type.Timer.id());
        assertEquals(43, QEvent.Type.MetaCall.id());
        assertEquals(52, QEvent.Type.DeferredDelete.id());
        assertEquals(68, QEvent.Type.ChildAdded.id());
        assertEquals(71, QEvent.Type.ChildRemoved.id());
        assertEquals(1000, QEvent.Type.User.id());
        assertEquals(65535, QEvent.Type.MaxUser.id());
    }

    @Test
    void acceptFlagAndTypes() {
        QEvent e = new QEvent(QEvent.Type.User);
        assertTrue(e.isAccepted());
        e.ignore();
        assertFalse(e.isAccepted());
        e.accept();
        assertTrue(e.isAccepted());
        QEvent custom = new QEvent(1234);
        assertEquals(QEvent.Type.User, custom.type());
        assertEquals(1234, custom.typeId());
        assertThrows(IllegalArgumentException.class, () -> new QEvent(70000));
    }

    @Test
    void registerEventTypeCountsDownFromMaxUser() {
        int a = QEvent.registerEventType();
        int b = QEvent.registerEventType();
        assertTrue(a <= 65535 && a >= 1000);
        assertEquals(a - 1, b);
    }

    @Test
    void childAndTimerEvents() {
        QObject child = new QObject();
        QChildEvent added = new QChildEvent(QEvent.Type.ChildAdded, child);
        assertTrue(added.added());
        assertFalse(added.removed());
        assertEquals(child, added.child());
        assertEquals(9, new QTimerEvent(9).timerId());
        child.dispose();
    }
}
