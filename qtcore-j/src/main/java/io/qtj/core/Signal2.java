package io.qtj.core;

import java.util.concurrent.CopyOnWriteArrayList;

/** Skeleton; replaced by the full signal implementation. */
public final class Signal2<A, B> {
    private final CopyOnWriteArrayList<Slot2<? super A, ? super B>> slots = new CopyOnWriteArrayList<>();
    public Signal2(QObject sender) { }
    public void connect(Slot2<? super A, ? super B> s) { slots.add(s); }
    public void connect(Slot0 s) { slots.add((a, b) -> s.invoke()); }
    public void connect(QObject context, Slot2<? super A, ? super B> s) { slots.add(s); }
    public void connect(QObject context, Slot0 s) { slots.add((a, b) -> s.invoke()); }
    public void emit(A a, B b) { for (Slot2<? super A, ? super B> s : slots) s.invoke(a, b); }
    public int receivers() { return slots.size(); }
}
