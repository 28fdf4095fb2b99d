package io.qtj.core;

import io.qtj.core.internal.Log;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * The part of Qt's meta-object system that Java needs: invoking a method in an object's thread
 * ({@link #invokeMethod}) and the {@link Connection} handle that connect() returns. Signals are
 * plain {@code SignalN} fields and slots are lambdas, so there is no moc and no meta-data.
 */
public final class QMetaObject {
    private QMetaObject() {
    }

    /**
     * A handle to one signal-slot connection, returned by every connect(). Disconnect it with
     * {@link QObject#disconnect(Connection)} or the signal's {@code disconnect(Connection)}.
     * A connection refused (for example by {@link Qt.ConnectionType#UniqueConnection}) is returned
     * disconnected. Thread-safe.
     */
    public static final class Connection {
        static final int AUTO = 0;
        static final int DIRECT = 1;
        static final int QUEUED = 2;
        static final int BLOCKING = 3;

        final SignalBase signal;
        /** The context object, or null for a connection without one (the sender then decides the thread). */
        final QObject context;
        /** What UniqueConnection compares: the slot object, or a key for string-based connections. */
        final Object slot;
        final Invoker invoker;
        final int kind;
        final boolean singleShot;
        volatile boolean connected;
        private static final java.lang.invoke.VarHandle CONNECTED =
                io.qtj.core.internal.Fields.handle(java.lang.invoke.MethodHandles.lookup(), "connected", boolean.class);

        /**
         * How emission treats this connection, decided once here so that the emission loop reads one
         * field: the low bits say how to call the slot ({@code 0..3}: a SlotN of that arity called
         * directly; {@link #INVOKER}: through {@link #invoker}); {@link #AUTO_CALL} is set for an
         * automatic connection (direct only when the receiver is in the emitting thread);
         * {@link #OTHER} marks single-shot, queued and blocking-queued connections, which take the slow path.
         */
        final byte mode;
        static final int INVOKER = 4;
        static final int CALL_MASK = 7;
        static final int AUTO_CALL = 8;
        static final int OTHER = 16;

        Connection(SignalBase signal, QObject context, Object slot, Invoker invoker, int kind, boolean singleShot) {
            this(signal, context, slot, invoker, -1, kind, singleShot);
        }

        Connection(SignalBase signal, QObject context, Object slot, Invoker invoker, int arity, int kind,
                   boolean singleShot) {
            this.signal = signal;
            this.context = context;
            this.slot = slot;
            this.invoker = invoker;
            int call = arity >= 0 ? arity : INVOKER;
            this.mode = (byte) (singleShot || kind == QUEUED || kind == BLOCKING ? OTHER | call
                    : kind == AUTO ? AUTO_CALL | call : call);
            this.kind = kind;
            this.singleShot = singleShot;
            CONNECTED.setRelease(this, signal != null);   // not yet shared: no fence needed
        }

        /** Returns true if this connection is valid: the slot will be called on the next emission. */
        public boolean isConnected() {
            return connected;
        }

        /** The object whose thread receives the call: the context, else the sender. */
        QObject receiver() {
            return context != null ? context : signal.sender;
        }

        /** Breaks the connection; returns false if it was already broken. */
        boolean disconnect() {
            if (!markDisconnected()) {
                return false;
            }
            signal.remove(this);
            leaveContext();
            return true;
        }

        /**
         * True if the context lists this connection (QObject's inbound list), to break it when the
         * context is disposed: a context other than the sender; the sender breaks its own signals'
         * connections anyway.
         */
        boolean listedByContext() {
            return context != null && context != signal.sender;
        }

        /** Takes the connection off its context's list, if it is on one. */
        void leaveContext() {
            if (listedByContext()) {
                context.removeInbound(this);
            }
        }

        /**
         * Marks the connection broken, leaving the lists to the caller; returns false if it already
         * was. One compare-and-set: of concurrent disconnects exactly one wins.
         */
        boolean markDisconnected() {
            return CONNECTED.compareAndSet(this, true, false);
        }

        /** For single-shot connections: claims the one call; false if another thread claimed it. */
        boolean claimSingleShot() {
            return disconnect();
        }

        @Override
        public String toString() {
            return "Connection(" + (signal == null ? "invalid" : signal.describe() + " -> "
                    + (context == null ? "functor" : context.toString())) + (connected ? "" : ", disconnected") + ")";
        }
    }

    /** Calls a slot with up to three arguments; the extra ones are ignored. */
    @FunctionalInterface
    interface Invoker {
        void call(Object a, Object b, Object c) throws Exception;
    }

    /**
     * Invokes {@code fn} in the thread of {@code context}: at once (DirectConnection), later from that
     * thread's event loop (QueuedConnection), or there while this thread waits
     * (BlockingQueuedConnection). AutoConnection (the default) is direct when {@code context} lives
     * in the calling thread and queued otherwise.
     *
     * <p>Returns true if the call was made or queued. An exception thrown by {@code fn} propagates
     * for direct and blocking-queued calls (checked ones wrapped in {@link CompletionException}) and
     * is reported to the message handler for queued ones.
     *
     * @throws IllegalArgumentException if {@code context} or {@code fn} is null, or the types are invalid
     * @throws IllegalStateException    if {@code context} is disposed, or a blocking-queued call
     *                                  targets the calling thread (it would deadlock)
     */
    public static boolean invokeMethod(QObject context, Runnable fn, Qt.ConnectionType... type) {
        if (fn == null) {
            throw new IllegalArgumentException("fn: null (expected: a Runnable)");
        }
        invoke(context, () -> {
            fn.run();
            return null;
        }, type);
        return true;
    }

    /**
     * Invokes {@code fn} in the thread of {@code context}, as {@link #invokeMethod(QObject, Runnable,
     * Qt.ConnectionType...)}, and returns its result for direct and blocking-queued calls; a queued
     * call returns null (it still runs later). A value-returning lambda selects this form.
     */
    public static <R> R invokeMethod(QObject context, Callable<R> fn, Qt.ConnectionType... type) {
        if (fn == null) {
            throw new IllegalArgumentException("fn: null (expected: a Callable)");
        }
        return invoke(context, fn, type);
    }

    private static <R> R invoke(QObject context, Callable<R> fn, Qt.ConnectionType... type) {
        if (context == null) {
            throw new IllegalArgumentException("context: null (expected: the object in whose thread to invoke)");
        }
        context.checkAlive();
        int kind = SignalBase.parseKind(type, false);
        if (kind == Connection.AUTO) {
            kind = context.threadData().isCurrent() ? Connection.DIRECT : Connection.QUEUED;
        }
        switch (kind) {
            case Connection.DIRECT:
                return callDirect(fn);
            case Connection.QUEUED:
                context.post(new MetaCallEvent(fn));
                return null;
            default:
                if (context.threadData().isCurrent()) {
                    throw new IllegalStateException("QMetaObject.invokeMethod: dead lock detected: "
                            + "BlockingQueuedConnection to " + context + ", which lives in the calling thread "
                            + Thread.currentThread().getName());
                }
                MetaCallEvent ev = new MetaCallEvent(fn).awaited();
                context.post(ev);
                return ev.awaitResult();
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> R callDirect(Callable<R> fn) {
        try {
            return fn.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    static void report(String where, Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        Log.uncaught(where, t);
    }
}
