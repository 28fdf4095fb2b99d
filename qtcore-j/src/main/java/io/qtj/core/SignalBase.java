package io.qtj.core;

import io.qtj.core.internal.ThreadData;

import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * What Signal0..Signal3 share: a copy-on-write array of connections and the emission algorithm.
 *
 * <p>Emission reads the array once and, for each connection still connected when its turn comes,
 * calls the slot directly (no allocation, no lock), posts a MetaCall event to the receiver's thread,
 * or posts and waits. A connection broken during an emission by the emitting thread (by a slot, or
 * by disposing the connection's context), is not called again, even by that emission. One broken
 * by another thread meanwhile is certain not to be called by the emissions that begin after
 * {@code disconnect} returned; an emission already under way may still call it, as Qt's may (its
 * test of the connection and the call race with the other thread too). An exception thrown by a
 * slot is reported to the message handler and the emission goes on.
 *
 * <p>Concurrency: connect, disconnect and emit are thread-safe; mutation is guarded by this object.
 */
abstract class SignalBase {
    private static final QMetaObject.Connection[] NONE = new QMetaObject.Connection[0];

    final QObject sender;
    /**
     * The connections, or null for none (read through {@link #list()}): no initial value, because a
     * volatile store in the constructor costs a full fence, and a QTcpSocket makes sixteen signals.
     */
    private volatile QMetaObject.Connection[] connections;
    /**
     * The fast path of emission, or null: set when no connection is single-shot, queued or
     * blocking-queued, every automatic one's receiver lives in one thread, and all slots are called
     * the same way. Rebuilt with {@link #connections}, under this object's lock, and when a
     * receiver moves to another thread ({@link #refreshDirect}).
     */
    private volatile DirectTable direct;

    /**
     * What emission through {@link #direct} needs, in one immutable object, so that one volatile
     * read gives a consistent set and each part is one load away: the slot objects in connection
     * order, the connection array they mirror (for {@code sender()} and the general loop), and how
     * the slots are called. (An {@code Object[]} holding the slots with the connections at its end
     * cost a chain of four dependent loads before the first call, to reach the way of calling
     * through the first connection; one receiver's emission measured 13% faster this way.)
     *
     * <p>Automatic connections, Qt's default, are in the table too: their receivers (contexts, or
     * the sender for a connection without one) all lived in {@link #home}'s thread when it was made,
     * and an emission uses the table only in that thread, where Qt would call each of them directly.
     * Emitted anywhere else, the general loop decides per connection, as before. A receiver that
     * moves to another thread has the tables that name it rebuilt ({@code QObject.moveToThread}).
     */
    private static final class DirectTable {
        final Object[] slots;
        final QMetaObject.Connection[] list;
        /**
         * The connections' way of calling ({@code mode & CALL_MASK}), the same for all, with
         * {@code AUTO_CALL} added when the table holds automatic connections.
         */
        final int call;
        /** The thread data of every automatic connection's receiver, or null if there is none. */
        final ThreadData home;

        DirectTable(Object[] slots, QMetaObject.Connection[] list, int call, ThreadData home) {
            this.slots = slots;
            this.list = list;
            this.call = call;
            this.home = home;
        }
    }

    private static final java.lang.invoke.VarHandle CONNECTIONS = io.qtj.core.internal.Fields.handle(
            java.lang.invoke.MethodHandles.lookup(), "connections", QMetaObject.Connection[].class);
    private static final java.lang.invoke.VarHandle DIRECT =
            io.qtj.core.internal.Fields.handle(java.lang.invoke.MethodHandles.lookup(), "direct", DirectTable.class);

    SignalBase(QObject sender) {
        this.sender = sender;
    }

    /** The connections (an empty array for none). */
    private QMetaObject.Connection[] list() {
        QMetaObject.Connection[] c = connections;
        return c != null ? c : NONE;
    }

    /** Parses connection types: returns the kind, and sets flags[0] unique, flags[1] single-shot. */
    static int parseKind(Qt.ConnectionType[] types, boolean[] flags) {
        int kind = -1;
        if (types != null) {
            for (Qt.ConnectionType t : types) {
                if (t == null) {
                    throw new IllegalArgumentException("type: null (expected: a Qt.ConnectionType)");
                }
                int k;
                switch (t) {
                    case AutoConnection -> k = QMetaObject.Connection.AUTO;
                    case DirectConnection -> k = QMetaObject.Connection.DIRECT;
                    case QueuedConnection -> k = QMetaObject.Connection.QUEUED;
                    case BlockingQueuedConnection -> k = QMetaObject.Connection.BLOCKING;
                    case UniqueConnection -> {
                        if (flags == null) {
                            throw new IllegalArgumentException("type: UniqueConnection (expected: a connection kind)");
                        }
                        flags[0] = true;
                        continue;
                    }
                    default -> {
                        if (flags == null) {
                            throw new IllegalArgumentException("type: SingleShotConnection (expected: a connection kind)");
                        }
                        flags[1] = true;
                        continue;
                    }
                }
                if (kind != -1 && kind != k) {
                    throw new IllegalArgumentException("type: " + Arrays.toString(types)
                            + " (expected: at most one of Auto, Direct, Queued, BlockingQueued)");
                }
                kind = k;
            }
        }
        return kind;
    }

    static int parseKind(Qt.ConnectionType[] types, boolean allowFlags) {
        int kind = parseKind(types, allowFlags ? new boolean[2] : null);
        return kind == -1 ? QMetaObject.Connection.AUTO : kind;
    }

    /** Connects a Slot0..Slot3 of {@code arity}, called directly at emission (no wrapper object). */
    final QMetaObject.Connection connectSlot(QObject context, Object slot, int arity, Qt.ConnectionType[] types) {
        return connect(context, slot, null, arity, types);
    }

    final QMetaObject.Connection connect(QObject context, Object slot, QMetaObject.Invoker invoker,
                                         Qt.ConnectionType[] types) {
        return connect(context, slot, invoker, -1, types);
    }

    private QMetaObject.Connection connect(QObject context, Object slot, QMetaObject.Invoker invoker, int arity,
                                           Qt.ConnectionType[] types) {
        if (slot == null) {
            throw new IllegalArgumentException("slot: null (expected: a slot)");
        }
        if (sender != null) {
            sender.checkAlive();
        }
        if (context != null) {
            context.checkAlive();
        }
        boolean[] flags = new boolean[2];
        int kind = parseKind(types, flags);
        if (kind == -1) {
            // Qt's default: AutoConnection; without a context, Qt's functor connect makes a
            // DirectConnection (the slot runs in the emitting thread, whichever it is)
            kind = context == null ? QMetaObject.Connection.DIRECT : QMetaObject.Connection.AUTO;
        }
        QMetaObject.Connection c = new QMetaObject.Connection(this, context, slot, invoker, arity, kind, flags[1]);
        synchronized (this) {
            QMetaObject.Connection[] list = list();
            if (flags[0]) {
                for (QMetaObject.Connection existing : list) {
                    if (existing.connected && existing.context == context && existing.slot.equals(slot)) {
                        return new QMetaObject.Connection(null, null, slot, null, kind, false);
                    }
                }
            }
            QMetaObject.Connection[] grown = Arrays.copyOf(list, list.length + 1);
            grown[list.length] = c;
            publish(grown);
        }
        if (sender != null) {
            sender.addConnectedSignal(this);
        }
        if (c.listedByContext()) {
            context.addInbound(c);
        }
        return c;
    }

    final void remove(QMetaObject.Connection c) {
        synchronized (this) {
            QMetaObject.Connection[] list = list();
            for (int i = 0; i < list.length; i++) {
                if (list[i] == c) {
                    if (list.length == 1) {
                        publish(NONE);
                    } else {
                        QMetaObject.Connection[] shrunk = new QMetaObject.Connection[list.length - 1];
                        System.arraycopy(list, 0, shrunk, 0, i);
                        System.arraycopy(list, i + 1, shrunk, i, list.length - i - 1);
                        publish(shrunk);
                    }
                    return;
                }
            }
        }
    }

    /** Makes {@code list} the connections, and the direct table that goes with it. Holds the lock. */
    private void publish(QMetaObject.Connection[] list) {
        DirectTable table = list.length > 0 ? directTable(list) : null;
        // release stores: the readers' volatile reads see the arrays whole, and no fence is paid
        // per connect and disconnect (two per signal when an object is disposed)
        DIRECT.setRelease(this, table);
        CONNECTIONS.setRelease(this, list);
        ThreadData td = ThreadData.currentIfAny();
        if (td != null) {
            td.connectionChanges++;   // a thread with no data is emitting nothing
        }
    }

    /**
     * The direct table for {@code list}, or null if a connection in it needs the general loop: a
     * single-shot, queued or blocking-queued one, automatic ones whose receivers live in different
     * threads, or slots called in different ways. Holds the lock.
     */
    private DirectTable directTable(QMetaObject.Connection[] list) {
        int call = list[0].mode & QMetaObject.Connection.CALL_MASK;
        ThreadData home = null;
        Object[] slots = new Object[list.length];
        for (int i = 0; i < list.length; i++) {
            QMetaObject.Connection conn = list[i];
            int mode = conn.mode;
            if (mode >= QMetaObject.Connection.OTHER || (mode & QMetaObject.Connection.CALL_MASK) != call) {
                return null;
            }
            if (mode >= QMetaObject.Connection.AUTO_CALL) {
                QObject receiver = conn.receiver();
                if (receiver != null) {   // none: called directly in any thread, as inThread() says
                    ThreadData where = receiver.threadData();
                    if (home != null && home != where) {
                        return null;
                    }
                    home = where;
                }
            }
            slots[i] = call == QMetaObject.Connection.INVOKER ? conn.invoker : conn.slot;
        }
        return new DirectTable(slots, list, home != null ? call | QMetaObject.Connection.AUTO_CALL : call, home);
    }

    /**
     * Rebuilds the direct table after a receiver of this signal (a context, or the sender) moved to
     * another thread. Like any change of connections, it sends an emission of this thread that is
     * under way to the general loop, which tests each receiver's thread again.
     */
    final void refreshDirect() {
        synchronized (this) {
            publish(list());
        }
    }

    /** Breaks every connection of this signal; returns true if there was one. */
    public boolean disconnect() {
        QMetaObject.Connection[] list;
        synchronized (this) {
            list = list();
            if (list.length == 0) {
                return false;
            }
            publish(NONE);   // one new list for all, instead of one per connection
        }
        boolean any = false;
        for (QMetaObject.Connection c : list) {
            if (c.markDisconnected()) {
                any = true;
                c.leaveContext();
            }
        }
        return any;
    }

    /**
     * Breaks every connection of this signal to {@code receiverOrContext}: those made with it as
     * context (or, for a signal-to-signal connection, as the other signal's sender).
     * Returns true if one was broken.
     */
    public boolean disconnect(QObject receiverOrContext) {
        if (receiverOrContext == null) {
            throw new IllegalArgumentException("receiverOrContext: null (expected: an object; use disconnect() for all)");
        }
        boolean any = false;
        for (QMetaObject.Connection c : list()) {
            if (c.context == receiverOrContext) {
                any |= c.disconnect();
            }
        }
        return any;
    }

    /** Breaks {@code connection} if it belongs to this signal; returns true if it was connected. */
    public boolean disconnect(QMetaObject.Connection connection) {
        if (connection == null || connection.signal != this) {
            return false;
        }
        return connection.disconnect();
    }

    /** Returns the number of live connections of this signal, as Qt's QObject::receivers(). */
    public int receivers() {
        int n = 0;
        for (QMetaObject.Connection c : list()) {
            if (c.connected) {
                n++;
            }
        }
        return n;
    }

    /** Emits: the shared algorithm of every {@code emit}. */
    final void activate(Object a, Object b, Object c) {
        QObject s = sender;
        if (s != null && s.signalsBlockedFast()) {
            return;
        }
        activateUnblocked(a, b, c);
    }

    final void activateUnblocked(Object a, Object b, Object c) {
        DirectTable table = direct;
        QMetaObject.Connection[] list = table != null ? table.list : list();
        int n = list.length;
        if (n == 0) {
            return;
        }
        // The emitting thread's data records which connection is being called, for sender():
        // one reference store per emission instead of two per slot call.
        QObject s = sender;
        Thread current = Thread.currentThread();
        ThreadData td = emittingThreadData(s, current);
        QMetaObject.Connection[] savedList = td.emitList;
        int savedIndex = td.emitIndex;
        if (savedList != list) {
            td.emitList = list;
        }
        // Nested in a slot of this thread's: its receiver keeps its sender meanwhile (Qt keeps
        // one per receiver), in the field a queued call uses, as the record above moves on.
        QObject outer = savedIndex >= 0 ? outerReceiver(savedList[savedIndex], td) : null;
        QObject outerPrevious = outer != null ? outer.swapCurrentSender(savedList[savedIndex].signal.sender) : null;
        try {
            int i = table != null ? callDirect(table, td, a, b, c) : 0;
            if (i < n) {
                activateFrom(list, i, s, current, td, a, b, c);
            }
        } finally {
            if (outer != null) {
                outer.currentSender = outerPrevious;
            }
            endEmission(td, savedList, savedIndex);
        }
    }

    /**
     * The receiver (or context) of the direct call {@code running} that an emission is nested in, if it
     * lives in the emitting thread ({@code td}'s), so that its {@link QObject#sender()} may answer
     * while the nested slots run; else null.
     */
    private static QObject outerReceiver(QMetaObject.Connection running, ThreadData td) {
        QObject r = running.receiver();
        return r != null && r.threadData() == td ? r : null;
    }

    /**
     * Emission through the {@link #direct} table: calls the slots one after the other with no
     * per-connection test but one, after each call that has a next one: that this thread changed no
     * signal's connections meanwhile ({@link ThreadData#connectionChanges}, which every connect,
     * disconnect and receiver's move to another thread raises in the thread that makes it; a change
     * before the first call is no different from one just after the emission). A plain field of the
     * emitting thread's own data: when the JIT sees the whole slot and no change in it, it may read
     * it once for the loop. Returns the number of connections when done, or the index from which
     * {@link #activateFrom} must go on, testing each connection: after a change, after a slot threw
     * (reported here), or 0 for automatic connections emitted outside their receivers' thread. The
     * test for those reads {@code call}, already loaded, so plain DirectConnections pay no extra
     * load for it. Each way of calling has its own small loop method: the five loops in one method
     * came to 324 bytes of bytecode, one under the size up to which C2 inlines a hot method
     * ({@code -XX:FreqInlineSize}, 325), so that any change to them would have silently taken
     * emission off the inlined path (measured: 1.6x slower).
     */
    private int callDirect(DirectTable direct, ThreadData td, Object a, Object b, Object c) {
        int call = direct.call;
        if (call > QMetaObject.Connection.INVOKER) {   // automatic connections
            if (direct.home != td) {
                return 0;   // emitted outside their receivers' thread: the general loop decides
            }
            call &= QMetaObject.Connection.CALL_MASK;
        }
        Object[] table = direct.slots;
        int n = table.length;
        try {
            return switch (call) {
                case 1 -> callDirect1(table, n, td, a);
                case 0 -> callDirect0(table, n, td);
                case 2 -> callDirect2(table, n, td, a, b);
                case 3 -> callDirect3(table, n, td, a, b, c);
                default -> callDirectInvokers(table, n, td, a, b, c);
            };
        } catch (Exception | Error t) {
            slotFailed(t);
            return td.emitIndex + 1;   // the failed call's: a nested emission puts it back even when it throws
        }
    }

    @SuppressWarnings("unchecked")
    private static int callDirect1(Object[] table, int n, ThreadData td, Object a) {
        int epoch = td.connectionChanges;
        int i = 0;
        while (i < n) {
            td.emitIndex = i;
            ((Slot1<Object>) table[i]).invoke(a);
            if (++i < n && td.connectionChanges != epoch) {
                return i;
            }
        }
        return i;
    }

    private static int callDirect0(Object[] table, int n, ThreadData td) {
        int epoch = td.connectionChanges;
        int i = 0;
        while (i < n) {
            td.emitIndex = i;
            ((Slot0) table[i]).invoke();
            if (++i < n && td.connectionChanges != epoch) {
                return i;
            }
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    private static int callDirect2(Object[] table, int n, ThreadData td, Object a, Object b) {
        int epoch = td.connectionChanges;
        int i = 0;
        while (i < n) {
            td.emitIndex = i;
            ((Slot2<Object, Object>) table[i]).invoke(a, b);
            if (++i < n && td.connectionChanges != epoch) {
                return i;
            }
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    private static int callDirect3(Object[] table, int n, ThreadData td, Object a, Object b, Object c) {
        int epoch = td.connectionChanges;
        int i = 0;
        while (i < n) {
            td.emitIndex = i;
            ((Slot3<Object, Object, Object>) table[i]).invoke(a, b, c);
            if (++i < n && td.connectionChanges != epoch) {
                return i;
            }
        }
        return i;
    }

    private static int callDirectInvokers(Object[] table, int n, ThreadData td, Object a, Object b, Object c)
            throws Exception {
        int epoch = td.connectionChanges;
        int i = 0;
        while (i < n) {
            td.emitIndex = i;
            ((QMetaObject.Invoker) table[i]).call(a, b, c);
            if (++i < n && td.connectionChanges != epoch) {
                return i;
            }
        }
        return i;
    }

    /** The general emission loop, from connection {@code i} of {@code list} on. */
    private void activateFrom(QMetaObject.Connection[] list, int i, QObject s, Thread current, ThreadData td,
                              Object a, Object b, Object c) {
        int n = list.length;
        boolean inSlot = false;
        // The common case (a direct call, or an automatic one to a receiver of this thread) runs
        // here; the others go out of line. A slot's exception leaves the loop, is reported, and the
        // loop resumes with the next connection.
        while (i < n) {
            try {
                for (; i < n; i++) {
                    QMetaObject.Connection conn = list[i];
                    if (!conn.connected) {
                        continue;
                    }
                    int mode = conn.mode;
                    if (mode < QMetaObject.Connection.AUTO_CALL || (mode < QMetaObject.Connection.OTHER
                            && inThread(conn, s, current))) {
                        td.emitIndex = i;
                        inSlot = true;
                        call(conn, mode, a, b, c);
                        inSlot = false;
                    } else {
                        activateOther(conn, i, td, current, a, b, c);
                    }
                }
            } catch (Exception | Error t) {
                if (!inSlot) {   // from a queued or blocking call: the emitter's to handle
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw (RuntimeException) t;
                }
                inSlot = false;
                slotFailed(t);
                i++;
            }
        }
    }

    /** The emitting thread's data: usually the sender's, found without a thread-local lookup. */
    private static ThreadData emittingThreadData(QObject sender, Thread current) {
        ThreadData td = sender != null ? sender.threadData() : null;
        return td != null && td.thread() == current ? td : ThreadData.current();
    }

    /** Puts back the sender() record of the emission this one is nested in, if any. */
    private static void endEmission(ThreadData td, QMetaObject.Connection[] savedList, int savedIndex) {
        if (savedIndex >= 0 && td.emitList != savedList) {
            td.emitList = savedList;
        }
        td.emitIndex = savedIndex;
    }

    /** True if an automatic connection's receiver (its context, else the sender) lives in {@code current}. */
    private static boolean inThread(QMetaObject.Connection conn, QObject sender, Thread current) {
        QObject receiver = conn.context != null ? conn.context : sender;
        return receiver == null || receiver.threadData().thread() == current;
    }

    private void slotFailed(Throwable t) {
        QMetaObject.report("slot connected to " + describe(), t);
    }

    /** The rest of emission: single-shot, queued and blocking-queued connections. */
    private void activateOther(QMetaObject.Connection conn, int i, ThreadData td, Thread current,
                               Object a, Object b, Object c) {
        QObject receiver = conn.receiver();
        int kind = conn.kind;
        if (kind == QMetaObject.Connection.DIRECT
                || (kind == QMetaObject.Connection.AUTO && inThread(conn, sender, current))) {
            // Single-shot direct calls come here, and an automatic connection whose receiver moved
            // into this thread since the loop found it elsewhere: called directly, and only a
            // single-shot one is broken by its call.
            if (!conn.singleShot || conn.claimSingleShot()) {
                td.emitIndex = i;
                try {
                    call(conn, conn.mode, a, b, c);
                } catch (Exception | Error t) {
                    slotFailed(t);
                }
            }
        } else if (kind == QMetaObject.Connection.BLOCKING) {
            if (receiver.threadData().thread() == current) {
                throw new IllegalStateException("Qt: dead lock detected while activating a "
                        + "BlockingQueuedConnection: sender is " + sender + ", receiver is " + receiver
                        + ", both in thread " + current.getName());
            }
            if (conn.singleShot && !conn.claimSingleShot()) {
                return;
            }
            MetaCallEvent ev = new MetaCallEvent(conn, sender, a, b, c).awaited();
            receiver.post(ev);
            ev.awaitResult();
        } else {
            if (conn.singleShot && !conn.claimSingleShot()) {
                return;
            }
            receiver.post(new MetaCallEvent(conn, sender, a, b, c));
        }
    }

    /** Calls a slot directly; what it throws is the caller's to report. */
    @SuppressWarnings("unchecked")
    private static void call(QMetaObject.Connection conn, int mode, Object a, Object b, Object c) throws Exception {
        switch (mode & QMetaObject.Connection.CALL_MASK) {
            case 1 -> ((Slot1<Object>) conn.slot).invoke(a);
            case 0 -> ((Slot0) conn.slot).invoke();
            case 2 -> ((Slot2<Object, Object>) conn.slot).invoke(a, b);
            case 3 -> ((Slot3<Object, Object, Object>) conn.slot).invoke(a, b, c);
            default -> conn.invoker.call(a, b, c);
        }
    }

    /**
     * Calls a queued slot in the receiver's thread, with {@code sender} as what
     * {@link QObject#sender()} returns meanwhile.
     */
    static void invokeQueued(QMetaObject.Connection conn, QObject sender, QObject receiver,
                             Object a, Object b, Object c) {
        ThreadData td = receiver.threadData();
        QMetaObject.Connection[] savedList = td.emitList;
        int savedIndex = td.emitIndex;
        // delivered inside a direct slot call (a slot running a nested loop): that call's receiver
        // keeps its sender meanwhile, as for a nested emission; set first, so that if it is this
        // receiver the queued call's sender wins until it returns
        QObject outer = savedIndex >= 0 ? outerReceiver(savedList[savedIndex], td) : null;
        QObject outerPrevious = outer != null ? outer.swapCurrentSender(savedList[savedIndex].signal.sender) : null;
        QObject previous = receiver.swapCurrentSender(sender);
        td.emitIndex = -1;
        try {
            call(conn, conn.mode, a, b, c);
        } catch (Exception | Error t) {
            QMetaObject.report("slot connected to " + conn.signal.describe(), t);
        } finally {
            receiver.currentSender = previous;
            if (outer != null) {
                outer.currentSender = outerPrevious;
            }
            if (td.emitList != savedList) {
                td.emitList = savedList;
            }
            td.emitIndex = savedIndex;
        }
    }

    /** Names this signal for messages: {@code Sender(name).fieldName}, found by reflection. */
    final String describe() {
        if (sender == null) {
            return getClass().getSimpleName();
        }
        for (Class<?> k = sender.getClass(); k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (SignalBase.class.isAssignableFrom(f.getType())) {
                    try {
                        if (f.trySetAccessible() && f.get(sender) == this) {
                            return sender + "." + f.getName();
                        }
                    } catch (IllegalAccessException | RuntimeException e) {
                        // not readable: fall through to the generic name
                    }
                }
            }
        }
        return sender + "." + getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return describe();
    }
}
