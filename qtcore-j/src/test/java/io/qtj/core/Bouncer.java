package io.qtj.core;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: an object that moves itself between two threads, from the thread it is in (as Qt
 * requires), each time a {@link #BOUNCE} event reaches it, until its bounces are spent; and records
 * the numbers given to {@link #record}: each one once, in a thread that is its own at that moment,
 * in increasing order.
 */
class Bouncer extends QObject {
    static final int BOUNCE = QEvent.registerEventType();

    private final QThread[] between;
    private final BitSet seen = new BitSet();
    private int last = -1;
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger elsewhere = new AtomicInteger();
    final AtomicInteger outOfOrder = new AtomicInteger();
    /** A permit per number recorded. */
    final Semaphore received = new Semaphore(0);
    /** Released when the bounces are spent. */
    final CountDownLatch bounced = new CountDownLatch(1);
    /** Bounces left; read by the test thread only for its messages. */
    volatile int bounces;

    Bouncer(QThread a, QThread b, int bounces) {
        between = new QThread[] {a, b};
        this.bounces = bounces;
    }

    /** Starts the bounces: posts the first {@link #BOUNCE}. */
    void start() {
        QCoreApplication.postEvent(this, new QEvent(BOUNCE));
    }

    /** Records {@code n}, received in the calling thread. */
    void record(int n) {
        if (QThread.currentThread() != thread()) {
            elsewhere.incrementAndGet();
        }
        synchronized (seen) {
            if (seen.get(n)) {
                duplicates.incrementAndGet();
            }
            seen.set(n);
            if (n < last) {
                outOfOrder.incrementAndGet();
            }
            last = n;
        }
        received.release();
    }

    /** How many different numbers were recorded. */
    int count() {
        synchronized (seen) {
            return seen.cardinality();
        }
    }

    @Override
    protected void customEvent(QEvent e) {
        if (e.typeId() != BOUNCE) {
            return;
        }
        int left = bounces;
        if (left == 0) {
            bounced.countDown();
            return;
        }
        bounces = left - 1;
        moveToThread(thread() == between[0] ? between[1] : between[0]);
        QCoreApplication.postEvent(this, new QEvent(BOUNCE));   // to its new thread
    }
}
