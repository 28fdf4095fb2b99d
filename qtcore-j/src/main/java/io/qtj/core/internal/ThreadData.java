package io.qtj.core.internal;

import io.qtj.core.QEvent;
import io.qtj.core.QObject;
import io.qtj.core.QThread;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything Qt keeps per thread (QThreadData): the posted-event queue, the event dispatcher, the
 * loop nesting level and the running event loops. One exists for each Java thread that touches
 * qtj (threads qtj did not start are adopted on first use) and one for each {@link QThread} before
 * it starts, so that objects can be moved to a thread that is not running yet.
 *
 * <p>Concurrency: the queue and the task list are thread-safe; the levels and the dispatcher's
 * timers belong to the owner thread.
 */
public final class ThreadData extends OwnerThreadFields {
    private static final ThreadLocal<ThreadData> CURRENT = new ThreadLocal<>();
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Reads an object's thread data (its private field): given once by {@code QObject}'s class
     * initialization, which comes before any object can be posted to, so a plain field.
     */
    private static java.util.function.Function<QObject, ThreadData> homes;

    /**
     * Padding: the JVM lays out a class's longs before its other fields, so these keep the fields
     * that other threads read at every post off the cache lines of {@link OwnerThreadFields}'s.
     */
    @SuppressWarnings("unused")
    private long pad01, pad02, pad03, pad04, pad05, pad06, pad07;
    /** The order in which {@link #moveObjects} takes two threads' locks. */
    private final long serial = SERIALS.getAndIncrement();

    private volatile Thread thread;
    private volatile QThread qthread;
    private final boolean adopted;
    private final boolean detached;

    /** The running event loops, innermost last; read from other threads by quit()/exit(). */
    public final List<Object> eventLoops = new CopyOnWriteArrayList<>();

    /**
     * The posting side: its lock (the inbox itself) guards its FIFO and sequence counter. Posting to
     * another thread takes only this one, and the delivering thread takes it only to move everything
     * posted so far into {@link #taken} at once, so that a producer and the loop it feeds do not
     * meet on every event (the two locks of {@code LinkedBlockingQueue}). A separate, padded object,
     * so that what posters write shares no cache line with what the loop writes as it delivers
     * (its counts, {@link #scopeLevel}, {@link #emitIndex}).
     */
    private final Inbox in = new Inbox();
    /**
     * The delivering side's lock, taken before the inbox's ({@link #in}) when both are needed: guards
     * {@link #taken} and {@link #posted}. Other threads take it only to look at or remove
     * waiting events, or to post with a priority.
     */
    private final Object takeLock = new Object();
    /**
     * Priority-0 events moved from the inbox's FIFO, still waiting: all older than any there.
     * Guarded by takeLock; swapped with the inbox's FIFO when it runs empty.
     */
    private java.util.ArrayDeque<PostedEvent> taken = new java.util.ArrayDeque<>();
    /** Events of any other priority (and deferred deletes put back), by priority then order. Guarded by takeLock. */
    private final PriorityQueue<PostedEvent> posted = new PriorityQueue<>();
    /**
     * Qt's canWait, inverted: set by every post, cleared when the loop begins a pass over all the
     * events. A deferred delete that must wait for an outer loop is put back without setting it,
     * so that the loop may sleep meanwhile: only events posted since the pass keep it awake.
     */
    private volatile boolean postedSincePass;
    private static final java.lang.invoke.VarHandle POSTED_SINCE_PASS =
            Fields.handle(java.lang.invoke.MethodHandles.lookup(), "postedSincePass", boolean.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile EventDispatcher dispatcher;

    /** Records the size of the inbox's FIFO. Holds its lock. (Release stores: the readers need no fence.) */
    private void countIncoming() {
        in.setCount(in.fifo.size());
    }

    /** Records the size of {@link #taken} and {@link #posted}. Holds takeLock. */
    private void countOwn() {
        OWN_COUNT.setRelease(this, taken.size() + posted.size());
    }

    private ThreadData(Thread thread, boolean adopted) {
        this(thread, adopted, false);
    }

    private ThreadData(Thread thread, boolean adopted, boolean detached) {
        this.thread = thread;
        this.adopted = adopted;
        this.detached = detached;
    }

    /**
     * Creates the data of objects with no thread affinity (Qt's {@code moveToThread(nullptr)}): no
     * thread delivers their events, and any thread may use them directly.
     */
    public static ThreadData detached() {
        return new ThreadData(null, false, true);
    }

    /** True for the data of objects with no thread affinity. */
    public boolean isDetached() {
        return detached;
    }

    /** Returns the current thread's data, adopting the thread on first use. */
    public static ThreadData current() {
        ThreadData td = CURRENT.get();
        if (td == null) {
            td = new ThreadData(Thread.currentThread(), true);
            CURRENT.set(td);
        }
        return td;
    }

    /** Returns the current thread's data if it has any, without adopting it. */
    public static ThreadData currentIfAny() {
        return CURRENT.get();
    }

    /** Creates the data for a QThread that has not started yet. */
    public static ThreadData forNewThread() {
        return new ThreadData(null, false);
    }

    /** Binds this data to the calling thread: the first thing a started QThread does. */
    public void bindToCurrentThread() {
        thread = Thread.currentThread();
        CURRENT.set(this);
    }

    /** The Java thread, or null for a QThread that has not started. */
    public Thread thread() {
        return thread;
    }

    /**
     * True if the calling thread is this data's thread; always true for objects with no thread
     * affinity, which any thread may use.
     */
    public boolean isCurrent() {
        return thread == Thread.currentThread() || detached;
    }

    /** True for threads qtj did not start. */
    public boolean isAdopted() {
        return adopted;
    }

    /** The QThread object of this thread, or null if none was created yet. */
    public QThread qthread() {
        return qthread;
    }

    /** Sets the QThread object of this thread. */
    public void setQThread(QThread t) {
        qthread = t;
    }

    /** This thread's dispatcher, created on first use. */
    public EventDispatcher dispatcher() {
        EventDispatcher d = dispatcher;
        if (d == null) {
            synchronized (in) {
                d = dispatcher;
                if (d == null) {
                    d = new EventDispatcher(this);
                    dispatcher = d;
                }
            }
        }
        return d;
    }

    /** The dispatcher if it exists. */
    EventDispatcher dispatcherIfAny() {
        return dispatcher;
    }

    // ---- posted events ----

    /** Gives the way to read an object's thread data; called once, by {@code QObject}. */
    public static void setHomes(java.util.function.Function<QObject, ThreadData> access) {
        homes = access;
    }

    /**
     * Queues {@code event} for {@code receiver} and wakes the thread, if the receiver still lives in
     * this thread when the queue's lock is held; returns false, queuing nothing, if it has moved to
     * another thread since the caller read its thread data (the caller posts there instead, as
     * Qt's postEvent does). Thread-safe.
     */
    public boolean post(QObject receiver, QEvent event, int priority) {
        return post(receiver, event, priority, -1);
    }

    /** Queues a DeferredDelete posted at {@code deleteLevel} (loop level + scope level), as {@link #post}. */
    public boolean postDeferredDelete(QObject receiver, QEvent event, int deleteLevel) {
        return post(receiver, event, 0, deleteLevel);
    }

    private boolean post(QObject receiver, QEvent event, int priority, int deleteLevel) {
        // The receiver's thread is read again under the lock that moveObjects() holds while it
        // changes it: an event is queued either before the move (and moved with the receiver) or
        // after it, here, in the new thread; never left behind in a thread the receiver has left.
        if (priority == 0) {
            synchronized (in) {
                if (homes.apply(receiver) != this) {
                    return false;
                }
                queueLocked(receiver, event, 0, deleteLevel);
            }
        } else {
            synchronized (takeLock) {
                if (homes.apply(receiver) != this) {
                    return false;
                }
                synchronized (in) {
                    queueLocked(receiver, event, priority, deleteLevel);
                }
            }
        }
        announcePosted();
        return true;
    }

    /** After queuing: keeps the loop from sleeping through the new events, and wakes it. */
    private void announcePosted() {
        if (!postedSincePass) {
            // read before written: a thread posting to a busy loop finds it set and leaves the
            // line shared, not taking it from the loop's core at every post
            POSTED_SINCE_PASS.setRelease(this, true);
        }
        if (!isCurrent()) {
            wakeUp();
        }
    }

    /** Runs {@code task} in this thread at the start of its next event processing. Thread-safe. */
    public void runInThread(Runnable task) {
        tasks.add(task);
        if (!isCurrent()) {
            wakeUp();
        }
    }

    /**
     * Runs the tasks queued before this call. One queued while they run (a socket's flush whose
     * bytesWritten slot wrote again) waits for the next pass, which does not sleep ({@link
     * #canWait}), as Qt's sendPostedEvents leaves events posted while it delivers for the next pass:
     * tasks that keep queuing more cannot keep the loop from its sockets and timers, and a writer
     * sends a payload per pass instead of filling the kernel's buffer while its reader waits (which
     * made Qt's Loopback workload 25% slower: megabytes in flight go cold in the cache). Owner
     * thread only.
     */
    public void runTasks() {
        for (int n = tasks.size(); n > 0; n--) {   // size() walks the queue: it holds a task or two
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                Log.uncaught("internal task", e);
            }
        }
    }

    /** Wakes the thread's dispatcher if it is waiting. Thread-safe. */
    public void wakeUp() {
        dispatcher().wakeUp();   // created if need be, so that an early wake-up is remembered
    }

    /**
     * True if the loop may sleep, as Qt's canWait: no internal task waits, and no event was posted
     * since the loop last began a pass over all its events. Deferred deletes waiting for an outer
     * loop do not keep a nested loop awake. Owner thread.
     */
    public boolean canWait() {
        return tasks.isEmpty() && !postedSincePass;
    }

    private static boolean matches(PostedEvent pe, QObject receiver, int typeId) {
        return (receiver == null || pe.receiver == receiver) && (typeId == 0 || pe.event.typeId() == typeId);
    }

    /** True if {@code receiver} (not null) has posted events of {@code typeId} (0 = any) waiting. */
    public boolean hasPendingEvents(QObject receiver, int typeId) {
        synchronized (takeLock) {
            synchronized (in) {
                for (java.util.Collection<PostedEvent> queue : List.of(taken, in.fifo, posted)) {
                    for (PostedEvent pe : queue) {
                        if (matches(pe, receiver, typeId)) {
                            return true;
                        }
                    }
                }
                return false;
            }
        }
    }

    /** Drops the events posted to {@code receiver} (of {@code typeId}, or all when 0). Thread-safe. */
    public void removePostedEvents(QObject receiver, int typeId) {
        List<PostedEvent> removed = removeIf(pe -> matches(pe, receiver, typeId));
        for (PostedEvent pe : removed) {
            pe.drop();
        }
    }

    /**
     * Moves objects from {@code from}'s thread to {@code to}'s, as Qt's moveToThread does under both
     * threads' posted-event locks: runs {@code reassign} (which changes the objects' thread data)
     * and moves the events waiting for any of {@code receivers} into {@code to}'s queue, in their
     * order, after those waiting there, with both threads' queues locked, then wakes {@code to}.
     * No user code runs under the locks.
     */
    public static void moveObjects(ThreadData from, ThreadData to, java.util.Set<QObject> receivers,
                                   Runnable reassign) {
        // Both threads' locks, in one global order (the delivering side's before the posting
        // side's, as everywhere else), so that no event is posted to either meanwhile: see post().
        ThreadData first = from.serial < to.serial ? from : to;
        ThreadData second = first == from ? to : from;
        boolean any;
        synchronized (first.takeLock) {
            synchronized (second.takeLock) {
                synchronized (first.in) {
                    synchronized (second.in) {
                        reassign.run();
                        List<PostedEvent> moved = from.removeIf(pe -> receivers.contains(pe.receiver));
                        moved.sort(null);
                        for (PostedEvent pe : moved) {
                            to.queueLocked(pe.receiver, pe.event, pe.priority, pe.deleteLevel);
                        }
                        any = !moved.isEmpty();
                    }
                }
            }
        }
        if (any) {
            to.announcePosted();
        }
    }

    /**
     * Queues an event after those waiting, with the next sequence number. Holds the inbox's lock,
     * and takeLock too for a priority other than 0.
     */
    private void queueLocked(QObject receiver, QEvent event, int priority, int deleteLevel) {
        long seq = in.nextSeq++;
        if (priority == 0) {
            in.fifo.addLast(new PostedEvent(receiver, event, 0, seq, deleteLevel));
            countIncoming();
        } else {
            posted.add(new PostedEvent(receiver, event, priority, seq, deleteLevel));
            countOwn();
        }
    }

    /** Removes the waiting events that {@code test} accepts, from every queue; returns them. */
    private List<PostedEvent> removeIf(java.util.function.Predicate<PostedEvent> test) {
        List<PostedEvent> removed = new ArrayList<>();
        java.util.function.Predicate<PostedEvent> take = pe -> {
            if (test.test(pe)) {
                removed.add(pe);
                return true;
            }
            return false;
        };
        synchronized (takeLock) {
            synchronized (in) {
                taken.removeIf(take);
                in.fifo.removeIf(take);
                posted.removeIf(take);
                countIncoming();
            }
            countOwn();
        }
        return removed;
    }

    /**
     * Delivers the events waiting for {@code receiver} (null = all receivers) of type {@code typeId}
     * (0 = all types) that were posted before this call began, in priority then posting order.
     * Applies Qt's rule to DeferredDelete: it runs once control is back in the loop that posted it
     * (or in any loop, if it was posted outside one), or when asked for explicitly at that level.
     *
     * @return the number of events delivered
     */
    public int sendPostedEvents(QObject receiver, int typeId, EventSink sink) {
        if (receiver == null && typeId == 0) {
            if (postedSincePass) {
                POSTED_SINCE_PASS.setRelease(this, false);   // Qt: "assume we can sleep after this pass"
            }
        }
        if (in.count == 0 && ownCount == 0) {
            return 0;   // nothing, without a lock: see Inbox.count
        }
        long limit;
        synchronized (in) {
            limit = in.nextSeq;
        }
        int delivered = 0;
        List<PostedEvent> keep = null;
        try {
            while (true) {
                PostedEvent pe = takeNext(receiver, typeId, limit);
                if (pe == null) {
                    break;
                }
                if (pe.receiver.isDisposed()) {
                    // posted while it was being disposed, after dispose() dropped its events (a
                    // race Qt's destructor closes with the queue's lock): no code of a disposed
                    // object runs, and a blocking caller is released
                    pe.drop();
                    continue;
                }
                if (pe.deleteLevel >= 0 && !deferredDeleteAllowed(pe.deleteLevel, typeId)) {
                    if (keep == null) {
                        keep = new ArrayList<>();
                    }
                    keep.add(pe);
                    continue;
                }
                delivered++;
                try {
                    sink.deliver(pe.receiver, pe.event);
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError) {
                        throw e;
                    }
                    Log.uncaught("event " + pe.event + " to " + pe.receiver, e);
                }
            }
        } finally {
            if (keep != null) {
                synchronized (takeLock) {
                    posted.addAll(keep);   // put back without waking the loop: see postedSincePass
                    countOwn();
                }
            }
        }
        return delivered;
    }

    /**
     * The next event to deliver, posted before {@code limit}, or null. The unfiltered case (the
     * event loop's) takes the posting side's lock only when {@link #taken} has run empty, to move
     * every event posted since into it at once.
     */
    private PostedEvent takeNext(QObject receiver, int typeId, long limit) {
        synchronized (takeLock) {
            if (taken.isEmpty()) {
                synchronized (in) {
                    if (!in.fifo.isEmpty()) {
                        java.util.ArrayDeque<PostedEvent> t = taken;
                        taken = in.fifo;
                        in.fifo = t;
                        countIncoming();
                    }
                }
            }
            if (receiver == null && typeId == 0) {
                // the earlier of the two heads, by priority then posting order
                PostedEvent n = taken.peekFirst();
                PostedEvent p = posted.peek();
                PostedEvent head = n == null ? p : p == null || n.compareTo(p) < 0 ? n : p;
                if (head == null || head.seq >= limit) {
                    countOwn();
                    return null;
                }
                PostedEvent next = head == n ? taken.pollFirst() : posted.poll();
                countOwn();
                return next;
            }
            synchronized (in) {
                // priority 0 in posting order: taken, then in.fifo; the first match is their best
                PostedEvent best = firstMatch(taken, receiver, typeId, limit);
                boolean inTaken = best != null;
                if (best == null) {
                    best = firstMatch(in.fifo, receiver, typeId, limit);
                }
                boolean inPosted = false;
                for (PostedEvent pe : posted) {
                    if (pe.seq < limit && matches(pe, receiver, typeId) && (best == null || pe.compareTo(best) < 0)) {
                        best = pe;
                        inPosted = true;
                    }
                }
                if (best != null) {
                    (inPosted ? posted : inTaken ? taken : in.fifo).remove(best);
                }
                countIncoming();
                countOwn();
                return best;
            }
        }
    }

    private static PostedEvent firstMatch(java.util.ArrayDeque<PostedEvent> fifo, QObject receiver, int typeId,
                                          long limit) {
        for (PostedEvent pe : fifo) {
            if (pe.seq >= limit) {
                return null;
            }
            if (matches(pe, receiver, typeId)) {
                return pe;
            }
        }
        return null;
    }

    private boolean deferredDeleteAllowed(int eventLevel, int requestedType) {
        int level = loopLevel + scopeLevel;
        return eventLevel > level
                || (eventLevel == 0 && level > 0)
                || (requestedType == QEvent.Type.DeferredDelete.id() && eventLevel == level);
    }

    @Override
    public String toString() {
        Thread t = thread;
        return "ThreadData(" + (detached ? "no thread" : t == null ? "not started" : t.getName()) + ")";
    }

    /** Padding before {@link Inbox}'s fields: the line its header shares is not the one they are on. */
    @SuppressWarnings("unused")
    private static class InboxPadBefore {
        long p01, p02, p03, p04, p05, p06, p07, p08;
    }

    /** The fields of {@link Inbox}. */
    private static class InboxFields extends InboxPadBefore {
        /** Priority-0 events as posted, in posting order: a plain FIFO. Guarded by the inbox (the field too). */
        java.util.ArrayDeque<PostedEvent> fifo = new java.util.ArrayDeque<>();
        /** The next event's sequence number. Guarded by the inbox. */
        long nextSeq;
        /**
         * How many events {@link #fifo} holds: written under the inbox's lock, read without it,
         * so that a pass of the loop with nothing to deliver takes no lock. A count read a moment
         * too early misses an event whose poster has not returned yet; that poster wakes the loop,
         * which looks again.
         */
        volatile int count;
    }

    /**
     * The posting side of a thread's event queue (see {@link #in}), padded after its fields too
     * (the fields of a superclass come first), so that no object next to it in the heap shares
     * their cache line.
     */
    @SuppressWarnings("unused")
    private static final class Inbox extends InboxFields {
        private static final java.lang.invoke.VarHandle COUNT =
                Fields.handle(java.lang.invoke.MethodHandles.lookup(), "count", int.class);
        long q01, q02, q03, q04, q05, q06, q07, q08;

        void setCount(int n) {
            COUNT.setRelease(this, n);
        }
    }
}
