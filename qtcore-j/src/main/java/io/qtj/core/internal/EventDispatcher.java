package io.qtj.core.internal;

import io.qtj.core.QEvent;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.QTimerEvent;
import io.qtj.core.Qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One thread's event dispatcher, on a {@link Selector} (Qt's QEventDispatcherUNIX). An iteration
 * of {@link #processEvents}: run internal tasks, deliver posted events, wait in {@code select}
 * until the next timer, a wake-up or socket readiness (only when asked to wait and nothing is
 * pending), deliver SockAct to ready socket notifiers and call ready {@link ChannelWatcher}s, fire
 * due timers.
 *
 * <p>A channel is watched either by {@code QSocketNotifier}s (the public API; its key's attachment
 * holds them) or by one {@link ChannelWatcher} (the socket engines; the attachment is the watcher
 * itself, so an idle socket costs the selector no object of its own), never by both.
 *
 * <p>A thread that watches no channel (a worker {@code QThread} that only gets posted events and
 * timers) has no selector: it waits with {@link LockSupport#park}, and a wake-up is an unpark, as a
 * {@code BlockingQueue} hand-off is, rather than the selector's wake-up pipe, which costs a write
 * for the poster and an {@code epoll_wait} and a read to drain it for the waiter. The selector is
 * opened when the thread first watches a channel, and the loop waits in it while any channel is
 * registered.
 *
 * <p>Concurrency: everything but {@link #wakeUp()} and {@link #interrupt()} runs in the owner thread.
 * A cross-thread post wakes the loop at most once per iteration.
 */
public final class EventDispatcher {
    /** processEvents flag: do not deliver socket notifier activations. */
    public static final int EXCLUDE_SOCKET_NOTIFIERS = 1;
    /** processEvents flag: block until something happens if nothing is pending. */
    public static final int WAIT_FOR_MORE_EVENTS = 2;
    /** processEvents flag: do not fire timers. */
    public static final int EXCLUDE_TIMERS = 4;

    private static final AtomicInteger NEXT_TIMER_ID = new AtomicInteger(1);

    private final ThreadData data;
    private volatile Selector selector;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile boolean interrupted;
    /**
     * True while the owner thread waits parked rather than in the selector (see the class comment);
     * set before it takes {@link #wakeUpPending}, so that a waker that sets the flag after that
     * sees it and unparks.
     */
    private volatile boolean parked;

    private final Map<Integer, TimerInfo> timers = new HashMap<>();
    private final PriorityQueue<TimerInfo> timerQueue = new PriorityQueue<>();
    private long timerPass;
    /** See {@link #passes()}. Owner thread. */
    private long passes;
    private long timerSeq;
    /** Keys found ready by the last select; null while a notifier runs (a nested loop gets its own). */
    private SelectionKey[] readyKeys = new SelectionKey[16];
    /** How many keys the running select has put in {@link #readyKeys}. */
    private int readyCount;
    /**
     * Collects each ready key into {@link #readyKeys}: selecting with an action, rather than
     * through the selected-key set, saves the set's node per ready key per select.
     */
    private final Consumer<SelectionKey> collectReady = this::collectReady;
    private static final Consumer<SelectionKey> IGNORE_READY = key -> { };
    /**
     * The notifiers (a {@link Notifiers}) or the watcher (a {@link ChannelWatcher}) of channels not
     * registered with the selector yet: a channel is registered just before the loop next selects,
     * so that one closed before then (a connection accepted, served and closed in one pass of the
     * loop, as the Fortune server's) never is. NIO closes a registered channel only at the
     * selector's next select, after a shutdown to send the FIN meanwhile; an unregistered one it
     * closes at once. Owner thread.
     */
    private final Pending unregistered = new Pending();

    /** The selection ops of {@link ChannelWatcher#READ} and of a read notifier. */
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    /** The selection ops of {@link ChannelWatcher#WRITE} and of a write notifier. */
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    EventDispatcher(ThreadData data) {
        this.data = data;
    }

    /** How many times {@link #processEvents} ran (for tests: a loop that should sleep does not spin). */
    public long passes() {
        return passes;
    }

    /** Allocates a process-wide unique timer id (never 0). */
    public static int allocateTimerId() {
        int id;
        do {
            id = NEXT_TIMER_ID.getAndIncrement() & Integer.MAX_VALUE;
        } while (id == 0);
        return id;
    }

    // ---- wake-up ----

    /**
     * Makes a waiting loop return: unparks it, or wakes its {@code select}. Thread-safe; one
     * wake-up per iteration at most. Called by the owner thread (a slot quitting its own loop), it
     * only sets the flag: that thread is not waiting, and its next wait sees the flag and does not
     * block, which saves the two system calls of {@link Selector#wakeup()} and of draining it.
     */
    public void wakeUp() {
        // The caller has just published what the loop must see (an event and its count, the
        // posted-since-pass flag). A full fence first, so that those stores are visible before the
        // flag is read: skipping on a flag already set is only safe if the loop, which clears the
        // flag before it looks again (a volatile store), then finds them. Without it the x86 store
        // buffer let this read pass them (a release store, or an inflated monitor's exit, is no
        // fence): the loop cleared the flag, looked at a queue that seemed empty, and slept with
        // the event queued (seen about once in 10 million one-event hand-offs).
        java.lang.invoke.VarHandle.fullFence();
        // tested before the compare-and-set, which would take the line from the loop's core even
        // when it fails: a thread posting to a busy loop finds the flag already set
        if (!wakeUpPending.get() && wakeUpPending.compareAndSet(false, true)) {
            Thread owner = data.thread();
            if (owner == Thread.currentThread()) {
                return;
            }
            if (parked) {
                LockSupport.unpark(owner);
                return;
            }
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
        }
    }

    /** Makes the current or next {@link #processEvents} return as soon as possible. Thread-safe. */
    public void interrupt() {
        interrupted = true;
        wakeUpPending.set(false);
        wakeUp();
    }

    private Selector selector() {
        Selector s = selector;
        if (s == null) {
            try {
                s = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector for " + data, e);
            }
            selector = s;
        }
        return s;
    }

    /** Closes the selector; the dispatcher can still be used and reopens one. Owner thread. */
    public void close() {
        Selector s = selector;
        selector = null;
        unregistered.clear();
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                Log.warning("closing the selector of " + data + ": " + e);
            }
        }
    }

    // ---- the loop ----

    /**
     * Processes what is pending; with {@link #WAIT_FOR_MORE_EVENTS}, first waits for something.
     *
     * @return true if anything was delivered
     */
    public boolean processEvents(int flags, EventSink sink) {
        passes++;
        data.runTasks();
        boolean did = data.sendPostedEvents(null, 0, sink) > 0;
        boolean wait = (flags & WAIT_FOR_MORE_EVENTS) != 0 && !did;
        boolean excludeTimers = (flags & EXCLUDE_TIMERS) != 0;
        int ready = select(wait, excludeTimers);
        if (ready > 0 && (flags & EXCLUDE_SOCKET_NOTIFIERS) == 0) {
            did |= activateNotifiers(ready, sink);
        } else {
            clearReady(ready);
        }
        if (!excludeTimers) {
            did |= activateTimers(sink);
        }
        return did;
    }

    private int select(boolean wait, boolean excludeTimers) {
        if (!wait) {
            return selectNow();
        }
        Selector s = selector;
        boolean park = unregistered.isEmpty() && (s == null || s.keys().isEmpty());   // no channel to wait for
        if (park) {
            parked = true;   // before the wake-up flag is taken: see wakeUp
        } else {
            s = selector();
            if (!unregistered.isEmpty()) {
                registerPending(s);
            }
        }
        try {
            // a wake-up that came before this thread had a selector (or since the last wait)
            // still counts, as Qt's does
            boolean woken = wakeUpPending.getAndSet(false);
            long timeoutMs = excludeTimers ? 0 : msUntilNextTimer();
            boolean wasInterrupted = interrupted;
            interrupted = false;
            boolean block = !woken && !wasInterrupted && data.canWait() && timeoutMs != -2;
            if (park) {
                if (block) {
                    park(timeoutMs);
                }
                return 0;
            }
            readyCount = 0;
            if (block) {
                s.select(collectReady, timeoutMs);   // 0 = until woken
            } else {
                s.selectNow(collectReady);
            }
            return readyCount;
        } catch (IOException e) {
            Log.uncaught("select in " + data, e);
            return 0;
        } finally {
            if (park) {
                parked = false;
            }
            wakeUpPending.set(false);
        }
    }

    /** Collects what is ready now, without waiting and without opening a selector. */
    private int selectNow() {
        Selector s = selector;
        if (s == null) {
            return 0;
        }
        if (!unregistered.isEmpty()) {
            registerPending(s);
        }
        if (s.keys().isEmpty()) {
            return 0;
        }
        readyCount = 0;
        try {
            s.selectNow(collectReady);
        } catch (IOException e) {
            Log.uncaught("select in " + data, e);
            return 0;
        }
        return readyCount;
    }

    /**
     * Waits parked, as a select would with no channel registered: until a wake-up, an interrupt,
     * {@code timeoutMs} (0: none), or the thread's interruption (which, as for a select, does not
     * block).
     */
    private void park(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Thread self = Thread.currentThread();
        while (!wakeUpPending.get() && !interrupted && !self.isInterrupted()) {
            if (timeoutMs == 0) {
                LockSupport.park(this);   // until woken
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private void collectReady(SelectionKey key) {
        SelectionKey[] keys = readyKeys;
        if (keys == null) {
            keys = readyKeys = new SelectionKey[16];    // a nested loop's: the outer one holds its own
        } else if (readyCount == keys.length) {
            keys = readyKeys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[readyCount++] = key;
    }

    private void clearReady(int ready) {
        if (ready > 0) {
            Arrays.fill(readyKeys, 0, ready, null);
        }
    }

    private boolean activateNotifiers(int ready, EventSink sink) {
        // take the array: a notifier's slot may run a nested loop, whose select then makes its own
        SelectionKey[] keys = readyKeys;
        readyKeys = null;
        try {
            return activate(keys, ready, sink);
        } finally {
            Arrays.fill(keys, 0, ready, null);
            if (readyKeys == null) {
                readyKeys = keys;
            }
        }
    }

    private boolean activate(SelectionKey[] keys, int ready, EventSink sink) {
        boolean did = false;
        for (int i = 0; i < ready; i++) {
            SelectionKey key = keys[i];
            Object a = key.attachment();
            int ops;
            try {
                ops = key.readyOps();
            } catch (CancelledKeyException e) {
                continue;
            }
            if (a instanceof ChannelWatcher w) {
                did |= activate(key, w, ops);
                continue;
            }
            if (!(a instanceof Notifiers n)) {
                continue;   // a watcher unregistered since the select
            }
            if ((ops & READ_OPS) != 0 && n.read != null) {
                did = true;
                deliver(sink, n.read, QEvent.Type.SockAct);
            }
            if ((ops & WRITE_OPS) != 0 && n.write != null && key.isValid()) {
                did = true;
                deliver(sink, n.write, QEvent.Type.SockAct);
            }
        }
        return did;
    }

    /**
     * Calls {@code w} for what {@code ready} holds, read first. Each call first checks that the key
     * still asks for it on behalf of {@code w}: a callback earlier in this pass (this watcher's or
     * another's) may have dropped the interest, unregistered the watcher (its owner moved to
     * another thread) or closed the channel.
     */
    private boolean activate(SelectionKey key, ChannelWatcher w, int ready) {
        boolean did = false;
        if ((ready & READ_OPS) != 0 && wants(key, w, READ_OPS)) {
            did = true;
            call(w, ChannelWatcher.READ);
        }
        if ((ready & WRITE_OPS) != 0 && wants(key, w, WRITE_OPS)) {
            did = true;
            call(w, ChannelWatcher.WRITE);
        }
        return did;
    }

    private static boolean wants(SelectionKey key, ChannelWatcher w, int ops) {
        try {
            return key.attachment() == w && (key.interestOps() & ops) != 0;
        } catch (CancelledKeyException e) {
            return false;
        }
    }

    /**
     * Calls a watcher as an event delivery would reach a notifier: counting the scope level (what
     * deleteLater() relies on) and reporting what it throws, so that the loop goes on.
     */
    private void call(ChannelWatcher w, int kind) {
        ThreadData td = data;
        try {
            td.scopeLevel++;
            try {
                w.channelReady(kind);
            } finally {
                td.scopeLevel--;
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            Log.uncaught((kind == ChannelWatcher.READ ? "read" : "write") + " readiness of " + w.owner(), e);
        }
    }

    private static void deliver(EventSink sink, QObject receiver, QEvent.Type type) {
        try {
            sink.deliver(receiver, new QEvent(type));
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            Log.uncaught("event " + type + " to " + receiver, e);
        }
    }

    // ---- socket notifiers ----

    /**
     * Makes the selector forget the keys of channels closed since its last select, so that their
     * sockets are really closed now (NIO defers closing a registered channel until then): a port a
     * server stopped listening on is free again at once. Owner thread; readiness found meanwhile is
     * found again by the next iteration's select (epoll, under NIO, is level-triggered).
     */
    public void releaseClosedChannels() {
        Selector s = selector;
        if (s != null) {
            try {
                s.selectNow(IGNORE_READY);
            } catch (IOException e) {
                Log.warning("selectNow in " + data + ": " + e);
            }
        }
    }

    /** The notifiers registered on one channel: its selection key's attachment. */
    private static final class Notifiers {
        QObject read;
        QObject write;

        void set(NotifierKind kind, QObject notifier) {
            if (kind == NotifierKind.READ) {
                read = notifier;
            } else {
                write = notifier;
            }
        }

        /** What the notifiers wait for, as a watcher's interest. */
        int interest() {
            return (read != null ? ChannelWatcher.READ : 0) | (write != null ? ChannelWatcher.WRITE : 0);
        }

        void clear(NotifierKind kind, QObject notifier) {
            if (kind == NotifierKind.READ && read == notifier) {
                read = null;
            } else if (kind == NotifierKind.WRITE && write == notifier) {
                write = null;
            }
        }
    }

    /** Which readiness a notifier waits for. */
    public enum NotifierKind {
        /** Readable, or a pending connection on a server channel. */
        READ,
        /** Writable, or a finished connect on a client channel. */
        WRITE
    }

    /**
     * Starts delivering SockAct to {@code notifier} when {@code channel} is ready for {@code kind}.
     * The channel must be non-blocking. A channel new to this dispatcher is registered with the
     * selector only when the loop next selects (see {@link #unregistered}). Owner thread only.
     *
     * @throws ClosedChannelException if the channel is closed
     */
    public void registerNotifier(SelectableChannel channel, NotifierKind kind, QObject notifier)
            throws ClosedChannelException {
        Selector s = selector();
        SelectionKey key = channel.keyFor(s);
        if (key != null && key.isValid()) {
            Object a = key.attachment();
            Notifiers n;
            if (a instanceof Notifiers existing) {
                n = existing;
            } else if (a == null) {
                n = new Notifiers();   // a watcher used the channel before and let it go
                key.attach(n);
            } else {
                throw watchedTwice(channel, a, notifier);
            }
            n.set(kind, notifier);
            updateInterest(channel, key, n);
            return;
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        Object pending = unregistered.get(channel);
        Notifiers n;
        if (pending instanceof Notifiers existing) {
            n = existing;
        } else if (pending == null) {
            n = new Notifiers();
            unregistered.put(channel, n);
        } else {
            throw watchedTwice(channel, pending, notifier);
        }
        n.set(kind, notifier);
    }

    private static IllegalStateException watchedTwice(SelectableChannel channel, Object watchedBy, Object other) {
        String by = watchedBy instanceof ChannelWatcher w ? "the socket engine of " + w.owner() : "notifiers";
        String wants = other instanceof ChannelWatcher w ? "the socket engine of " + w.owner() : String.valueOf(other);
        return new IllegalStateException("channel: " + channel + " is already watched by " + by
                + " (expected: a channel that " + wants + " alone watches)");
    }

    /**
     * Registers with the selector the channels whose notifiers were enabled since the last select,
     * as the select that follows will wait for them; drops those closed meanwhile.
     */
    private void registerPending(Selector s) {
        for (int i = 0; i < unregistered.size; i++) {
            SelectableChannel channel = unregistered.channels[i];
            Object a = unregistered.watchers[i];
            int ops = ops(channel, a instanceof Notifiers n ? n.interest() : ((ChannelWatcher) a).interest());
            if (ops != 0) {
                try {
                    channel.register(s, ops, a);
                } catch (ClosedChannelException e) {
                    // closed before the loop waited: nothing to wait for
                }
            }
        }
        unregistered.clear();
    }

    /**
     * The channels waiting for their registration, with their watcher or notifiers, in the order
     * they came. Searched from the newest: the channel looked up is nearly always the one just
     * added (a socket changing its interest, or closed, right after it got its channel). An array
     * rather than an identity map, which would put an identity hash into every new channel.
     */
    private static final class Pending {
        SelectableChannel[] channels = new SelectableChannel[8];
        Object[] watchers = new Object[8];
        int size;

        boolean isEmpty() {
            return size == 0;
        }

        private int indexOf(SelectableChannel channel) {
            for (int i = size - 1; i >= 0; i--) {
                if (channels[i] == channel) {
                    return i;
                }
            }
            return -1;
        }

        Object get(SelectableChannel channel) {
            int i = indexOf(channel);
            return i < 0 ? null : watchers[i];
        }

        void put(SelectableChannel channel, Object watcher) {
            int i = indexOf(channel);
            if (i >= 0) {
                watchers[i] = watcher;
                return;
            }
            if (size == channels.length) {
                channels = Arrays.copyOf(channels, size * 2);
                watchers = Arrays.copyOf(watchers, size * 2);
            }
            channels[size] = channel;
            watchers[size++] = watcher;
        }

        void remove(SelectableChannel channel) {
            int i = indexOf(channel);
            if (i >= 0) {
                System.arraycopy(channels, i + 1, channels, i, size - i - 1);
                System.arraycopy(watchers, i + 1, watchers, i, size - i - 1);
                size--;
                channels[size] = null;
                watchers[size] = null;
            }
        }

        void clear() {
            Arrays.fill(channels, 0, size, null);
            Arrays.fill(watchers, 0, size, null);
            size = 0;
        }
    }

    /** Stops delivering to {@code notifier}. Owner thread only. */
    public void unregisterNotifier(SelectableChannel channel, NotifierKind kind, QObject notifier) {
        Selector s = selector;
        if (s == null) {
            return;
        }
        SelectionKey key = channel.keyFor(s);
        if (key == null || !key.isValid()) {
            if (unregistered.get(channel) instanceof Notifiers n) {
                n.clear(kind, notifier);
                if (n.read == null && n.write == null) {
                    unregistered.remove(channel);
                }
            }
            return;
        }
        if (key.attachment() instanceof Notifiers n) {
            n.clear(kind, notifier);
            updateInterest(channel, key, n);
        }
    }

    // ---- channel watchers ----

    /**
     * Returns the calling thread's dispatcher if {@code owner} lives in the calling thread; null if
     * it lives in another thread, or in none ({@code moveToThread(null)}: such an object is used
     * through the blocking API only, and no event loop may call it).
     */
    public static EventDispatcher currentFor(QObject owner) {
        QThread t = owner.thread();
        return t != null && t.isCurrentThread() ? ThreadData.current().dispatcher() : null;
    }

    /**
     * {@link #registerWatcher} with the dispatcher of the calling thread, if {@code watcher}'s owner
     * lives in it ({@link #currentFor}); else nothing: the owner's thread registers it when the
     * owner gets there, and an owner with no thread is used through the blocking API only. A closed
     * channel is reported with a warning and not watched.
     */
    public static void watch(SelectableChannel channel, ChannelWatcher watcher) {
        EventDispatcher d = currentFor(watcher.owner());
        if (d != null) {
            try {
                d.registerWatcher(channel, watcher);
            } catch (ClosedChannelException e) {
                Log.warning("the channel of " + watcher.owner() + " is closed; the event loop will not watch it");
            }
        }
    }

    /** {@link #unregisterWatcher} with the dispatcher of the calling thread, if the owner lives in it. */
    public static void unwatch(SelectableChannel channel, ChannelWatcher watcher) {
        EventDispatcher d = currentFor(watcher.owner());
        if (d != null) {
            d.unregisterWatcher(channel, watcher);
        }
    }

    /**
     * Makes the loop call {@code watcher} when {@code channel} is ready for its
     * {@link ChannelWatcher#interest() interest}, read now: call it again whenever the interest
     * changes (0 stops the calls and drops the selector's reference to the watcher). The channel
     * must be non-blocking, and watched by no notifier. A channel new to this dispatcher is
     * registered with the selector only when the loop next selects (see {@link #unregistered}).
     * Owner thread only.
     *
     * @throws ClosedChannelException if the channel is closed and the watcher asks for something
     * @throws IllegalStateException  if notifiers watch the channel
     */
    public void registerWatcher(SelectableChannel channel, ChannelWatcher watcher) throws ClosedChannelException {
        int interest = watcher.interest();
        if (interest == 0) {
            unregisterWatcher(channel, watcher);
            return;
        }
        Selector s = selector();
        SelectionKey key = channel.keyFor(s);
        if (key != null && key.isValid()) {
            Object a = key.attachment();
            if (a instanceof Notifiers) {
                throw watchedTwice(channel, a, watcher);
            }
            if (a != watcher) {
                key.attach(watcher);   // first, or the channel handed over to another engine
            }
            try {
                key.interestOps(ops(channel, interest));
            } catch (CancelledKeyException e) {
                // the channel was closed: nothing to wait for
            }
            return;
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        Object pending = unregistered.get(channel);
        if (pending instanceof Notifiers) {
            throw watchedTwice(channel, pending, watcher);
        }
        if (pending != watcher) {
            unregistered.put(channel, watcher);
        }
    }

    /**
     * Stops calling {@code watcher} for {@code channel}, whatever its interest says: for a channel
     * closed or handed over, or an owner leaving this thread (ThreadChange). The selector keeps the
     * channel's key (with no interest and no attachment) until the channel is closed. Does nothing
     * if {@code watcher} is not the channel's. Owner thread only.
     */
    public void unregisterWatcher(SelectableChannel channel, ChannelWatcher watcher) {
        Selector s = selector;
        if (s == null) {
            return;   // nothing is registered, nor pending (close() cleared both)
        }
        SelectionKey key = channel.keyFor(s);
        if (key == null || !key.isValid()) {
            if (unregistered.get(channel) == watcher) {
                unregistered.remove(channel);
            }
            return;
        }
        if (key.attachment() == watcher) {
            key.attach(null);
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // the channel was closed meanwhile
            }
        }
    }

    /** The selection ops for an {@code interest} ({@link ChannelWatcher#READ}, {@link ChannelWatcher#WRITE}) on {@code channel}. */
    private static int ops(SelectableChannel channel, int interest) {
        int valid = channel.validOps();
        int ops = 0;
        if ((interest & ChannelWatcher.READ) != 0) {
            ops |= valid & READ_OPS;
        }
        if ((interest & ChannelWatcher.WRITE) != 0) {
            ops |= valid & WRITE_OPS;
        }
        return ops;
    }

    private static void updateInterest(SelectableChannel channel, SelectionKey key, Notifiers n) {
        int ops = ops(channel, n.interest());
        try {
            key.interestOps(ops);
        } catch (CancelledKeyException e) {
            // the channel was closed: nothing to wait for
        }
    }

    // ---- timers ----

    /** One registered timer. Ordered by deadline, then registration order. */
    private static final class TimerInfo implements Comparable<TimerInfo> {
        final int id;
        final QObject object;
        final long intervalNanos;
        final Qt.TimerType type;
        final long seq;
        long deadline;
        long pass;
        boolean active = true;
        boolean firing;

        TimerInfo(int id, QObject object, long intervalNanos, Qt.TimerType type, long seq) {
            this.id = id;
            this.object = object;
            this.intervalNanos = intervalNanos;
            this.type = type;
            this.seq = seq;
        }

        @Override
        public int compareTo(TimerInfo o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Snapshot of a timer, for moving it to another thread. */
    public record TimerSpec(int id, int intervalMs, Qt.TimerType type, long remainingNanos) {
    }

    /** Registers timer {@code id} on {@code object}, first firing after {@code intervalMs}. Owner thread. */
    public void registerTimer(int id, int intervalMs, Qt.TimerType type, QObject object) {
        registerTimer(id, intervalMs, type, object, -1);
    }

    /** Registers a timer moved in from another thread, keeping its remaining time. Owner thread. */
    public void registerTimer(TimerSpec spec, QObject object) {
        registerTimer(spec.id(), spec.intervalMs(), spec.type(), object, spec.remainingNanos());
    }

    private void registerTimer(int id, int intervalMs, Qt.TimerType type, QObject object, long firstNanos) {
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        if (type == Qt.TimerType.VeryCoarseTimer) {
            interval = TimeUnit.SECONDS.toNanos(Math.max(1, Math.round(intervalMs / 1000.0)));
            if (intervalMs == 0) {
                interval = 0;
            }
        }
        TimerInfo t = new TimerInfo(id, object, interval, type, timerSeq++);
        t.deadline = System.nanoTime() + (firstNanos >= 0 ? firstNanos : interval);
        t.pass = timerPass;
        timers.put(id, t);
        timerQueue.add(t);
    }

    /** Unregisters timer {@code id}; returns false if it was not registered here. Owner thread. */
    public boolean unregisterTimer(int id) {
        TimerInfo t = timers.remove(id);
        if (t == null) {
            return false;
        }
        t.active = false;
        timerQueue.remove(t);
        return true;
    }

    /** Unregisters every timer of {@code object} and returns them, for moving. Owner thread. */
    public List<TimerSpec> unregisterTimers(QObject object) {
        List<TimerSpec> removed = new ArrayList<>();
        removeTimers(object, removed);
        return removed;
    }

    /** Unregisters every timer of {@code object}, which is being disposed. Owner thread. */
    public void removeTimers(QObject object) {
        removeTimers(object, null);
    }

    private void removeTimers(QObject object, List<TimerSpec> specs) {
        if (timers.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Iterator<TimerInfo> it = timers.values().iterator(); it.hasNext(); ) {
            TimerInfo t = it.next();
            if (t.object == object) {
                it.remove();
                t.active = false;
                timerQueue.remove(t);
                if (specs != null) {
                    specs.add(new TimerSpec(t.id, (int) TimeUnit.NANOSECONDS.toMillis(t.intervalNanos),
                            t.type, Math.max(0, t.deadline - now)));
                }
            }
        }
    }

    /** Milliseconds until timer {@code id} fires (0 if overdue), or -1 if it is not registered. */
    public int remainingTime(int id) {
        TimerInfo t = timers.get(id);
        if (t == null) {
            return -1;
        }
        long left = t.deadline - System.nanoTime();
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /** True if timer {@code id} is registered here. */
    public boolean hasTimer(int id) {
        return timers.containsKey(id);
    }

    /** Milliseconds to wait for the next timer: 0 = no timer (wait forever), -2 = one is due now. */
    private long msUntilNextTimer() {
        TimerInfo t = timerQueue.peek();
        if (t == null) {
            return 0;
        }
        long left = t.deadline - System.nanoTime();
        if (left <= 0) {
            return -2;
        }
        return Math.max(1, (left + 999_999) / 1_000_000);
    }

    private boolean activateTimers(EventSink sink) {
        if (timerQueue.isEmpty()) {
            return false;
        }
        long pass = ++timerPass;
        long now = System.nanoTime();
        boolean did = false;
        List<TimerInfo> postponed = null;
        while (true) {
            TimerInfo t = timerQueue.peek();
            if (t == null || t.pass == pass || t.deadline - now > 0) {
                break;
            }
            timerQueue.poll();
            t.pass = pass;
            if (t.firing) {
                // still inside its own timerEvent (a nested loop): Qt does not fire it recursively
                if (postponed == null) {
                    postponed = new ArrayList<>();
                }
                postponed.add(t);
                continue;
            }
            t.deadline += t.intervalNanos;
            if (t.deadline - now <= 0) {
                t.deadline = now + t.intervalNanos;
            }
            timerQueue.add(t);
            did = true;
            t.firing = true;
            try {
                sink.deliver(t.object, new QTimerEvent(t.id));
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                Log.uncaught("timer " + t.id + " of " + t.object, e);
            } finally {
                t.firing = false;
            }
        }
        if (postponed != null) {
            for (TimerInfo t : postponed) {
                if (t.active) {
                    timerQueue.add(t);
                }
            }
        }
        return did;
    }
}
