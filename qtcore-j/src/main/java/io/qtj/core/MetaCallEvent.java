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
    private final Callable<?> function;
    /**
     * What a blocking-queued caller waits on, or null when nobody waits: set by {@link #awaited()}
     * before the event is posted, so the posting queue's lock publishes it to the receiver's thread.
     */
    private CountDownLatch done;
    private Object result;
    private Throwable failure;

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
        this.function = null;
    }

    /** A queued invokeMethod call. */
    MetaCallEvent(Callable<?> function) {
        super(Type.MetaCall);
        this.connection = null;
        this.sender = null;
        this.a = null;
        this.b = null;
        this.c = null;
        this.function = function;
    }

    /**
     * Makes this a blocking-queued call, which the caller waits for with {@link #awaitResult()};
     * returns this. Call before posting.
     */
    MetaCallEvent awaited() {
        done = new CountDownLatch(1);
        return this;
    }

    /** Makes the call in the receiver's thread. */
    void execute(QObject receiver) {
        try {
            if (function != null) {
                try {
                    result = function.call();
                } catch (Throwable t) {
                    if (done == null) {
                        QMetaObject.report("queued call to " + receiver, t);
                    } else {
                        failure = t;
                    }
                }
            } else if (connection.singleShot || connection.connected) {
                SignalBase.invokeQueued(connection, sender, receiver, a, b, c);
            }
        } finally {
            if (done != null) {
                done.countDown();
            }
        }
    }

    @Override
    public void dropped() {
        if (done != null) {
            done.countDown();
        }
    }

    /** Waits for the call and returns its result, rethrowing what it threw. */
    @SuppressWarnings("unchecked")
    <R> R awaitResult() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new CompletionException(failure);
        }
        return (R) result;
    }
}
