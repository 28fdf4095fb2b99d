package io.qtj.core;

/**
 * A slot taking 1 argument(s): the Java form of a Qt slot or functor connected to a signal.
 *
 * <p>Any lambda or method reference of the right shape is a slot. A slot may take fewer
 * arguments than the signal it is connected to emits, as in Qt; the extra arguments are dropped.
 *
 * @see Signal1
 */
@FunctionalInterface
public interface Slot1<A> {
    /** Called when a signal this slot is connected to is emitted. */
    void invoke(A a);
}
