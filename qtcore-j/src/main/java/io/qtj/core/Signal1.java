package io.qtj.core;

/**
 * A Qt signal with one argument: declare it as a {@code public final} field of the sending object,
 * named as in Qt, and emit it with {@link #emit}.
 *
 * <pre>{@code
 * public final Signal1<A> valueChanged = new Signal1<>(this);
 * }</pre>
 *
 * <p>Slots are lambdas or method references; a slot may take fewer arguments than the signal emits
 * (the first ones are passed), as in Qt. Connect with or without a context object: with one, the
 * slot runs in the context's thread (for Auto and Queued connections) and the connection ends when
 * the context is disposed; without one, the sender plays the context's part, and a connection made
 * without a type is a DirectConnection, as Qt's connect of a functor without a context: the slot
 * runs in whichever thread emits. A signal may also be connected to another signal, which is then
 * emitted with the same arguments.
 *
 * <p>Thread-safe: connect, disconnect and emit may be called from any thread. Emitting to direct
 * connections allocates nothing.
 */
public final class Signal1<A> extends SignalBase {
    /** Constructs a signal of {@code sender} (which may be null for a signal not owned by a QObject). */
    public Signal1(QObject sender) {
        super(sender);
    }

    /**
     * Connects this signal to {@code slot}, with the sender as context.
     *
     * @param type the connection type and flags (default DirectConnection, as Qt's connect without a context)
     * @return the connection; disconnected if UniqueConnection refused it
     * @throws IllegalArgumentException if {@code slot} is null or the types are invalid
     * @throws IllegalStateException if the sender is disposed
     */
    public QMetaObject.Connection connect(Slot1<? super A> slot, Qt.ConnectionType... type) {
        return connect(null, slot, type);
    }

    /**
     * Connects this signal to {@code slot}, run in the thread of {@code context};
     * the connection ends when {@code context} is disposed.
     *
     * @param context the receiver object, or null for the sender
     * @param type the connection type and flags (default AutoConnection)
     * @return the connection; disconnected if UniqueConnection refused it
     * @throws IllegalArgumentException if {@code slot} is null or the types are invalid
     * @throws IllegalStateException if the sender or the context is disposed
     */
    public QMetaObject.Connection connect(QObject context, Slot1<? super A> slot, Qt.ConnectionType... type) {
        if (slot == null) {
            throw new IllegalArgumentException("slot: null (expected: a Slot1)");
        }
        return connectSlot(context, slot, 1, type);
    }

    /**
     * Connects this signal to {@code slot}, which takes the first 0 argument(s), with the sender as context.
     *
     * @param type the connection type and flags (default DirectConnection, as Qt's connect without a context)
     * @return the connection; disconnected if UniqueConnection refused it
     * @throws IllegalArgumentException if {@code slot} is null or the types are invalid
     * @throws IllegalStateException if the sender is disposed
     */
    public QMetaObject.Connection connect(Slot0 slot, Qt.ConnectionType... type) {
        return connect(null, slot, type);
    }

    /**
     * Connects this signal to {@code slot}, which takes the first 0 argument(s), run in the thread of {@code context};
     * the connection ends when {@code context} is disposed.
     *
     * @param context the receiver object, or null for the sender
     * @param type the connection type and flags (default AutoConnection)
     * @return the connection; disconnected if UniqueConnection refused it
     * @throws IllegalArgumentException if {@code slot} is null or the types are invalid
     * @throws IllegalStateException if the sender or the context is disposed
     */
    public QMetaObject.Connection connect(QObject context, Slot0 slot, Qt.ConnectionType... type) {
        if (slot == null) {
            throw new IllegalArgumentException("slot: null (expected: a Slot0)");
        }
        return connectSlot(context, slot, 0, type);
    }

    /**
     * Connects this signal to the signal {@code other}: emitting this one emits it.
     * The other signal's sender is the context.
     *
     * @throws IllegalArgumentException if {@code other} is null or is this signal
     */
    public QMetaObject.Connection connect(Signal1<? super A> other, Qt.ConnectionType... type) {
        if (other == null || (Object) other == this) {
            throw new IllegalArgumentException("other: " + other + " (expected: another signal)");
        }
        return connect(other.sender, other, (a, b, c) -> other.activate(a, b, c), type);
    }

    /**
     * Connects this signal to the signal {@code other}, which takes the first 0 argument(s): emitting this one emits it.
     * The other signal's sender is the context.
     *
     * @throws IllegalArgumentException if {@code other} is null or is this signal
     */
    public QMetaObject.Connection connect(Signal0 other, Qt.ConnectionType... type) {
        if (other == null || (Object) other == this) {
            throw new IllegalArgumentException("other: " + other + " (expected: another signal)");
        }
        return connect(other.sender, other, (a, b, c) -> other.activate(a, b, c), type);
    }

    /**
     * Emits the signal: calls, queues or blocks on each connected slot in connection order, as its
     * connection type says. Does nothing while the sender's signals are blocked.
     */
    public void emit(A a) {
        activate(a, null, null);
    }
}
