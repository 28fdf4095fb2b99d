package io.qtj.network.testing;

import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Qt;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a thread's event loop busy until released: for the thread-move tests, which must see that
 * an object moved to that thread is not served meanwhile by the loop of the thread it left.
 */
public final class HeldLoop {
    private HeldLoop() {
    }

    /**
     * Queues to {@code worker}'s loop a call that blocks until the returned latch is counted down,
     * or at most {@code maxMs} milliseconds; the loop runs nothing else meanwhile.
     */
    public static CountDownLatch hold(QThread worker, long maxMs) {
        CountDownLatch release = new CountDownLatch(1);
        QObject inWorker = new QObject();
        inWorker.moveToThread(worker);
        QMetaObject.invokeMethod(inWorker, () -> {
            try {
                release.await(maxMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Qt.ConnectionType.QueuedConnection);
        inWorker.deleteLater();
        return release;
    }
}
