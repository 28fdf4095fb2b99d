package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QMetaObjectTest {
    @Test
    void directAndQueuedInTheSameThread() {
        QObject ctx = new QObject();
        List<String> log = new CopyOnWriteArrayList<>();
        assertTrue(QMetaObject.invokeMethod(ctx, () -> {
            log.add("queued");
        }, Qt.ConnectionType.QueuedConnection));
        assertTrue(QMetaObject.invokeMethod(ctx, () -> {
            log.add("direct");
        }));
        assertEquals(List.of("direct"), log);
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of("direct", "queued"), log);
        assertEquals("v", QMetaObject.invokeMethod(ctx, () -> "v"));
        assertNull(QMetaObject.invokeMethod(ctx, () -> "later", Qt.ConnectionType.QueuedConnection));
        ctx.dispose();
    }

    @Test
    void blockingQueuedReturnsTheResultFromTheOtherThread() {
        QThread t = new QThread();
        t.start();
        QObject worker = new QObject();
        worker.moveToThread(t);
        Thread ran = QMetaObject.invokeMethod(worker, Thread::currentThread, Qt.ConnectionType.BlockingQueuedConnection);
        assertNotSame(Thread.currentThread(), ran);
        Thread auto = QMetaObject.invokeMethod(worker, Thread::currentThread, Qt.ConnectionType.BlockingQueuedConnection);
        assertSame(ran, auto);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> QMetaObject.invokeMethod(worker,
                () -> {
                    throw new IllegalStateException("from worker");
                }, Qt.ConnectionType.BlockingQueuedConnection));
        assertEquals("from worker", e.getMessage());
        assertThrows(CompletionException.class, () -> QMetaObject.invokeMethod(worker, () -> {
            throw new Exception("checked");
        }, Qt.ConnectionType.BlockingQueuedConnection));
        QMetaObject.invokeMethod(worker, (Runnable) worker::dispose, Qt.ConnectionType.BlockingQueuedConnection);
        t.quit();
        assertTrue(t.join(5000));
        t.dispose();
    }

    @Test
    void misuseIsRejected() {
        QObject ctx = new QObject();
        assertThrows(IllegalArgumentException.class, () -> QMetaObject.invokeMethod(null, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> QMetaObject.invokeMethod(ctx, (Runnable) null));
        assertThrows(IllegalStateException.class,
                () -> QMetaObject.invokeMethod(ctx, () -> 1, Qt.ConnectionType.BlockingQueuedConnection));
        ctx.dispose();
        assertThrows(IllegalStateException.class, () -> QMetaObject.invokeMethod(ctx, () -> { }));
    }
}
