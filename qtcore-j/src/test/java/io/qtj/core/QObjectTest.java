package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The object tree, names, properties, events, filters, deleteLater and moveToThread. */
@Timeout(20)
class QObjectTest {
    static class Recorder extends QObject {
        final List<String> log;

        Recorder(String name, QObject parent, List<String> log) {
            super(parent);
            this.log = log;
            setObjectName(name);
        }

        @Override
        protected void childEvent(QChildEvent e) {
            log.add(objectName() + (e.added() ? " +" : " -") + e.child().objectName());
        }

        @Override
        protected void customEvent(QEvent e) {
            log.add(objectName() + " custom " + e.typeId());
        }
    }

    @Test
    void constructing() {
        QObject o = new QObject();
        assertEquals("", o.objectName());
        assertNull(o.parent());
        assertEquals(List.of(), o.children());
        assertFalse(o.signalsBlocked());
        assertFalse(o.isDisposed());
        assertSame(QThread.currentThread(), o.thread());
        assertEquals(List.of(), o.dynamicPropertyNames());
        o.dispose();
        assertTrue(o.isDisposed());
    }

    @Test
    void childrenInInsertionOrderAndChildEvents() {
        List<String> log = new ArrayList<>();
        Recorder root = new Recorder("root", null, log);
        Recorder a = new Recorder("a", root, log);
        Recorder b = new Recorder("b", root, log);
        assertEquals(List.of(a, b), root.children());
        b.setParent(null);
        a.setParent(root);
        assertEquals(List.of(a), root.children());
        b.setParent(root);
        assertEquals(List.of(a, b), root.children());
        assertThrows(UnsupportedOperationException.class, () -> root.children().add(new QObject()));
        // ChildAdded from the constructor arrives before the child is named, as in Qt
        assertEquals(List.of("root +", "root +", "root -b", "root +b"), log);
        root.dispose();
        b.dispose();
    }

    @Test
    void disposeOrderDestroyedThenChildrenThenConnections() {
        List<String> log = new ArrayList<>();
        QObject parent = new QObject();
        parent.setObjectName("parent");
        QObject c1 = new QObject(parent);
        c1.setObjectName("c1");
        QObject c2 = new QObject(parent);
        c2.setObjectName("c2");
        for (QObject o : List.of(parent, c1, c2)) {
            o.destroyed.connect(x -> log.add(x.objectName() + (x.children().isEmpty() ? "" : " with children")));
        }
        parent.dispose();
        assertEquals(List.of("parent with children", "c1", "c2"), log);
        assertTrue(c1.isDisposed() && c2.isDisposed());
        assertEquals(0, parent.destroyed.receivers());
    }

    @Test
    void disposedChildLeavesItsParent() {
        List<String> log = new ArrayList<>();
        Recorder root = new Recorder("root", null, log);
        Recorder a = new Recorder("a", root, log);
        a.dispose();
        assertEquals(List.of(), root.children());
        assertEquals(List.of("root +", "root -a"), log);
        root.dispose();
    }

    @Test
    void usingADisposedObjectThrowsNamingIt() {
        QObject o = new QObject();
        o.setObjectName("gone");
        o.dispose();
        o.dispose();   // twice is fine
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.setParent(new QObject()));
        assertTrue(e.getMessage().contains("QObject(gone)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> o.startTimer(10));
        assertThrows(IllegalStateException.class, () -> o.setObjectName("x"));
        assertThrows(IllegalStateException.class, () -> new QObject(o));
    }

    @Test
    void parentCycleIsRejected() {
        QObject a = new QObject();
        QObject b = new QObject(a);
        assertThrows(IllegalArgumentException.class, () -> a.setParent(b));
        assertThrows(IllegalArgumentException.class, () -> a.setParent(a));
        a.dispose();
    }

    @Test
    void objectNameChangedOnlyOnChange() {
        QObject o = new QObject();
        List<String> names = new ArrayList<>();
        o.objectNameChanged.connect(names::add);
        o.setObjectName("x");
        o.setObjectName("x");
        o.setObjectName("y");
        assertEquals(List.of("x", "y"), names);
        assertEquals("QObject(y)", o.toString());
        o.dispose();
    }

    @Test
    void findChildAndFindChildren() {
        QObject root = new QObject();
        QObject a = new QObject(root);
        a.setObjectName("a");
        QTimer t1 = new QTimer(a);
        t1.setObjectName("t");
        QTimer t2 = new QTimer(root);
        t2.setObjectName("t");
        QObject deep = new QObject(t1);
        deep.setObjectName("deep");
        assertSame(t2, root.findChild(QTimer.class, "t"), "direct children first");
        assertSame(t1, a.findChild(QTimer.class, null));
        assertSame(deep, root.findChild(QObject.class, "deep"));
        assertNull(root.findChild(QObject.class, "deep", QObject.FindChildOption.FindDirectChildrenOnly));
        assertEquals(List.of(t1, t2), root.findChildren(QTimer.class, null));
        assertEquals(List.of(a, t1, deep, t2), root.findChildren(QObject.class, null));
        assertEquals(List.of(t2), root.findChildren(QTimer.class, "t", QObject.FindChildOption.FindDirectChildrenOnly));
        assertThrows(IllegalArgumentException.class, () -> root.findChild(null, "x"));
        root.dispose();
    }

    @Test
    void dynamicProperties() {
        List<String> changes = new ArrayList<>();
        QObject o = new QObject() {
            @Override
            public boolean event(QEvent e) {
                if (e instanceof QDynamicPropertyChangeEvent p) {
                    changes.add(p.propertyName());
                }
                return super.event(e);
            }
        };
        assertTrue(o.setProperty("objectName", "named"));
        assertEquals("named", o.objectName());
        assertFalse(o.setProperty("speed", 3));
        assertFalse(o.setProperty("color", "red"));
        assertEquals(3, o.property("speed"));
        assertEquals(List.of("speed", "color"), o.dynamicPropertyNames());
        o.setProperty("speed", null);
        assertNull(o.property("speed"));
        assertEquals(List.of("color"), o.dynamicPropertyNames());
        assertEquals(List.of("speed", "color", "speed"), changes);
        o.dispose();
    }

    @Test
    void eventFiltersRunMostRecentFirstAndCanStopEvents() {
        List<String> log = new ArrayList<>();
        Recorder target = new Recorder("target", null, log);
        int type = QEvent.registerEventType();
        QObject f1 = new QObject() {
            @Override
            public boolean eventFilter(QObject watched, QEvent e) {
                log.add("f1");
                return false;
            }
        };
        QObject f2 = new QObject() {
            @Override
            public boolean eventFilter(QObject watched, QEvent e) {
                log.add("f2");
                return e.typeId() == type + 0 && log.size() > 10;
            }
        };
        target.installEventFilter(f1);
        target.installEventFilter(f2);
        QCoreApplication.sendEvent(target, new QEvent(type));
        assertEquals(List.of("f2", "f1", "target custom " + type), log);
        log.clear();
        target.removeEventFilter(f2);
        f1.dispose();
        QCoreApplication.sendEvent(target, new QEvent(type));
        assertEquals(List.of("target custom " + type), log);
        target.dispose();
        f2.dispose();
    }

    @Test
    void postedEventsByPriorityThenOrder() {
        List<String> log = new ArrayList<>();
        Recorder r = new Recorder("r", null, log);
        int low = QEvent.registerEventType();
        int mid = QEvent.registerEventType();
        int high = QEvent.registerEventType();
        QCoreApplication.postEvent(r, new QEvent(low), -1);
        QCoreApplication.postEvent(r, new QEvent(mid));
        QCoreApplication.postEvent(r, new QEvent(high), 10);
        QCoreApplication.postEvent(r, new QEvent(mid + 0));
        assertEquals(List.of(), log);
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of("r custom " + high, "r custom " + mid, "r custom " + mid, "r custom " + low), log);
        r.dispose();
    }

    @Test
    void disposeDropsPostedEvents() {
        List<String> log = new ArrayList<>();
        Recorder r = new Recorder("r", null, log);
        QCoreApplication.postEvent(r, new QEvent(QEvent.registerEventType()));
        r.dispose();
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of(), log);
        assertThrows(IllegalStateException.class, () -> QCoreApplication.postEvent(r, new QEvent(QEvent.Type.User)));
    }

    @Test
    void disposeDropsWhatEveryKindOfPostLeftQueued() {
        // each way of posting, alone, to a fresh object: dispose() must find the event (it looks
        // only at objects something was posted to)
        List<java.util.function.Consumer<QObject>> posts = List.of(
                o -> QCoreApplication.postEvent(o, new QEvent(QEvent.registerEventType())),
                o -> QCoreApplication.postEvent(o, new QEvent(QEvent.registerEventType()), 3),
                o -> QMetaObject.invokeMethod(o, () -> fail("queued call ran on a disposed object"),
                        Qt.ConnectionType.QueuedConnection),
                o -> {
                    QObject sender = new QObject();
                    Signal0 s = new Signal0(sender);
                    s.connect(o, () -> fail("queued slot ran on a disposed object"), Qt.ConnectionType.QueuedConnection);
                    s.emit();
                    sender.dispose();
                });
        for (java.util.function.Consumer<QObject> post : posts) {
            List<String> log = new ArrayList<>();
            Recorder r = new Recorder("r", null, log);
            post.accept(r);
            assertTrue(r.threadData().hasPendingEvents(r, 0), "queued");
            r.dispose();
            assertFalse(r.threadData().hasPendingEvents(r, 0), "dropped by dispose()");
            QCoreApplication.sendPostedEvents();
            assertEquals(List.of(), log);
        }
        QObject o = new QObject();
        o.deleteLater();
        o.dispose();
        assertFalse(o.threadData().hasPendingEvents(o, 0), "the DeferredDelete dropped by dispose()");
    }

    @Test
    void deleteLaterOutsideAnyLoopRunsWhenALoopRuns() {
        QObject o = new QObject();
        o.deleteLater();
        QCoreApplication.sendPostedEvents();
        assertFalse(o.isDisposed(), "posted at level 0, not in a loop: waits for a loop");
        assertTrue(Loops.waitFor(o::isDisposed, 2000));
    }

    @Test
    void deleteLaterIsNotRunByANestedLoop() {
        QObject o = new QObject();
        List<String> log = new ArrayList<>();
        QEventLoop outer = new QEventLoop();
        QTimer.singleShot(0, () -> {
            o.deleteLater();
            // a nested loop started from the slot that called deleteLater must not dispose it
            QEventLoop nested = new QEventLoop();
            QTimer.singleShot(20, nested::quit);
            nested.exec();
            log.add("nested done, disposed=" + o.isDisposed());
            nested.dispose();
            QTimer.singleShot(0, () -> {
                log.add("back in outer, disposed=" + o.isDisposed());
                outer.quit();
            });
        });
        outer.exec();
        outer.dispose();
        assertEquals(List.of("nested done, disposed=false", "back in outer, disposed=true"), log);
    }

    @Test
    void aNestedLoopSleepsWhileADeferredDeleteWaitsForTheOuterOne() {
        // Qt's canWait: the deferred delete the nested loop must not run does not keep it awake
        QObject o = new QObject();
        long[] nestedPasses = {-1};
        QEventLoop outer = new QEventLoop();
        QTimer.singleShot(0, () -> {
            o.deleteLater();
            QEventLoop nested = new QEventLoop();
            QTimer.singleShot(200, nested::quit);
            io.qtj.core.internal.EventDispatcher d = o.threadData().dispatcher();
            long before = d.passes();
            nested.exec();
            nestedPasses[0] = d.passes() - before;
            nested.dispose();
            QTimer.singleShot(0, outer::quit);
        });
        outer.exec();
        outer.dispose();
        assertTrue(o.isDisposed(), "run once back in the outer loop");
        // asleep until the quit timer: a handful of passes; spinning makes tens of thousands
        assertTrue(nestedPasses[0] >= 1 && nestedPasses[0] < 50, "nested loop passes: " + nestedPasses[0]);
    }

    @Test
    void explicitDeferredDeleteRequestRunsIt() {
        QObject o = new QObject();
        o.deleteLater();
        QCoreApplication.sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
        assertTrue(o.isDisposed());
    }

    @Test
    void moveToThreadRules() {
        QObject parent = new QObject();
        QObject child = new QObject(parent);
        QThread t = new QThread();
        assertThrows(IllegalStateException.class, () -> child.moveToThread(t));
        parent.moveToThread(t);
        assertSame(t, parent.thread());
        assertSame(t, child.thread(), "children move with their parent");
        assertThrows(IllegalArgumentException.class, () -> new QObject().setParent(parent));
        parent.dispose();
        t.dispose();
    }

    @Test
    void moveToNoThreadAndBack() throws Exception {
        QObject o = new QObject();
        QObject child = new QObject(o);
        o.moveToThread(null);
        assertNull(o.thread(), "no thread affinity, as Qt's moveToThread(nullptr)");
        assertNull(child.thread());
        QObject grandChild = new QObject(child);
        assertNull(grandChild.thread(), "a child of a thread-less object has no thread either");
        // any thread may use it directly
        Thread other = new Thread(() -> o.setObjectName("touched elsewhere"));
        other.start();
        other.join(5000);
        assertEquals("touched elsewhere", o.objectName());
        QThread elsewhere = new QThread();
        assertThrows(IllegalStateException.class, () -> o.moveToThread(elsewhere), "only to the calling thread");
        o.moveToThread(QThread.currentThread());
        assertSame(QThread.currentThread(), grandChild.thread());
        o.dispose();
        elsewhere.dispose();
    }

    @Test
    void timersMoveWithTheObject() {
        QThread t = new QThread();
        t.start();
        List<Thread> firedIn = new java.util.concurrent.CopyOnWriteArrayList<>();
        QTimer timer = new QTimer();
        timer.timeout.connect(() -> firedIn.add(Thread.currentThread()));
        timer.start(5);
        timer.moveToThread(t);
        assertTrue(Loops.waitFor(() -> firedIn.size() >= 2, 5000));
        assertTrue(firedIn.stream().noneMatch(x -> x == Thread.currentThread()));
        QMetaObject.invokeMethod(timer, (Runnable) timer::dispose, Qt.ConnectionType.BlockingQueuedConnection);
        t.quit();
        assertTrue(t.join(5000));
        t.dispose();
    }

    @Test
    void timersFromAnotherThreadThrow() {
        QObject o = new QObject();
        QThread t = QThread.create(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.startTimer(10));
            assertTrue(e.getMessage().contains("lives in thread"), e.getMessage());
            o.setObjectName("checked");
        });
        t.start();
        assertTrue(t.join(5000));
        assertEquals("checked", o.objectName());
        o.dispose();
        t.dispose();
    }
}
