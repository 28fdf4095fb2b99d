package io.qtj.core.internal;

/**
 * The fields of a {@link ThreadData} that its own thread writes at every emission or delivered
 * event, declared in this superclass so that they come first in the object, away from what other
 * threads read at every post (the thread, the dispatcher, the posted-since-pass flag): ThreadData
 * starts its own fields with padding ({@code ThreadData.pad01} ...), so that the two sets share no
 * cache line. Before, a thread posting to a worker read a line the worker had just written, once
 * per event (measured: one signal queued to a worker, 8.2M events/s before, 9.7M after, medians of
 * 8 runs each).
 */
abstract class OwnerThreadFields {
    /** Nesting depth of running event loops (QEventLoop.exec). Owner thread only. */
    public int loopLevel;
    /** Nesting depth of event deliveries. Owner thread only. */
    public int scopeLevel;
    /**
     * The connection list of the latest emission in this thread, and the index of the connection
     * whose slot is being called (-1: no emission is running, and emitList is stale): how
     * {@code QObject.sender()} finds the sender. The list is only replaced when another one emits,
     * so a signal emitted again and again costs no reference store at all. Owner thread only.
     */
    public io.qtj.core.QMetaObject.Connection[] emitList;
    /** See {@link #emitList}. */
    public int emitIndex = -1;
    /**
     * How many times this thread has changed any signal's connections, or moved one of their
     * receivers to another thread (mod 2^32): the direct
     * emission loop compares it between two slot calls to see whether a slot changed them. Owner
     * thread only.
     */
    public int connectionChanges;
    /**
     * How many events ThreadData's {@code taken} and {@code posted} queues hold together (its
     * {@code Inbox.count}: the inbox): written under their lock, read without one, so that a pass
     * of the loop with nothing to deliver takes no lock. A count read a moment too early misses an
     * event whose poster has not returned yet; that poster wakes the loop, which looks again.
     */
    volatile int ownCount;
    static final java.lang.invoke.VarHandle OWN_COUNT =
            Fields.handle(java.lang.invoke.MethodHandles.lookup(), "ownCount", int.class);
}
