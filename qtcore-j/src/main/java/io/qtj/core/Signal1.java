package io.qtj.core;

import java.util.concurrent.CopyOnWriteArrayList;

/** Skeleton; replaced by the full signal implementation. */
public final class Signal1<A> {
    private final CopyOnWriteArrayList<Slot1<? super A>> slots = new CopyOnWriteArrayList<>();
    public Signal1(QObject sender) { }
    public void connect(Slot1<? super A> s) { slots.add(s); }
    public void connect(Slot0 s) { slots.add(a -> s.invoke()); }
    public void connect(QObject context, Slot1<? super A> s) { slots.add(s); }
    public void connect(QObject context, Slot0 s) { slots.add(a -> s.invoke()); }
    public void emit(A a) { for (Slot1<? super A> s : slots) s.invoke(a); }
    public int receivers() { return slots.size(); }
}
