package io.qtj.core;

import io.qtj.core.internal.DroppableEvent;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * A queued slot call or {@link QMetaObject#invokeMethod} call, delivered as a MetaCall event in the
 * receiver's thread. For blocking-queued calls the emitting thread waits on {@code done}; dropping
 * the event (its receiver disposed first) releases the waiter, as Qt does.
 */
final class MetaCallEvent extends QEvent implements DroppableEvent {
    private final QMetaObject.Connection connection;
    private final QObject sender;
    private final Object a;
    private final Object b;
    private final Object c;
    /**
     * What an invokeMethod call or a blocking-queued call needs besides, or null for the common
     * case, a signal's queued call, which so takes 40 bytes instead of 56 (one signal queued to a
     * worker measured about 6% faster). Set before the event is posted, so the posting queue's lock
     * publishes it to the receiver's thread.
     */
    private Extra extra;

    /** The rarely used parts of a call. */
    private static final class Extra {
        /** The function of an invokeMethod call, or null for a signal's call. */
        Callable<?> function;
        /** What a blocking-queued caller waits on, or null when nobody waits. */
        CountDownLatch done;
        Object result;
        Throwable failure;
    }

    /**
     * A signal's queued call. No constructor names {@code CountDownLatch} (see {@link #awaited()}):
     * C2 inlines no method whose signature names a class not loaded yet, and a program that never
     * made a blocking-queued call has not loaded it. Out of line, the constructor cost every queued
     * emission a call and a GC write barrier per reference field (same-thread queued delivery
     * measured about 6% faster with it inlined).
     */
    MetaCallEvent(QMetaObject.Connection connection, QObject sender, Object a, Object b, Object c) {
        super(Type.MetaCall);
        this.connection = connection;
        this.sender = sender;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** A queued invokeMethod call. */
    MetaCallEvent(Callable<?> function) {
        this(null, null, null, null, null);
        extra().function = function;
    }

    private Extra extra() {
        if (extra == null) {
            extra = new Extra();
        }
        return extra;
    }

    /**
     * Makes this a blocking-queued call, which the caller waits for with {@link #awaitResult()};
     * returns this. Call before posting.
     */
    MetaCallEvent awaited() {
        extra().done = new CountDownLatch(1);
        return this;
    }

    /** Makes the call in the receiver's thread. */
    void execute(QObject receiver) {
        Extra x = extra;
        try {
            if (x != null && x.function != null) {
                try {
                    x.result = x.function.call();
                } catch (Throwable t) {
                    if (x.done == null) {
                        QMetaObject.report("queued call to " + receiver, t);
                    } else {
                        x.failure = t;
                    }
                }
            } else if (connection.singleShot || connection.connected) {
                SignalBase.invokeQueued(connection, sender, receiver, a, b, c);
            }
        } finally {
            if (x != null && x.done != null) {
                x.done.countDown();
            }
        }
    }

    @Override
    public void dropped() {
        if (extra != null && extra.done != null) {
            extra.done.countDown();
        }
    }

    /** Waits for the call (made {@link #awaited()}) and returns its result, rethrowing what it threw. */
    @SuppressWarnings("unchecked")
    <R> R awaitResult() {
        Extra x = extra;
        boolean interrupted = false;
        while (true) {
            try {
                x.done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (x.failure instanceof RuntimeException re) {
            throw re;
        }
        if (x.failure instanceof Error err) {
            throw err;
        }
        if (x.failure != null) {
            throw new CompletionException(x.failure);
        }
        return (R) x.result;
    }
}
