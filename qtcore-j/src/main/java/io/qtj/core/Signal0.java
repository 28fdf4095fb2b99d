package io.qtj.core;

import java.util.concurrent.CopyOnWriteArrayList;

/** Skeleton; replaced by the full signal implementation. */
public final class Signal0 {
    private final CopyOnWriteArrayList<Slot0> slots = new CopyOnWriteArrayList<>();
    public Signal0(QObject sender) { }
    public void connect(Slot0 s) { slots.add(s); }
    public void connect(QObject context, Slot0 s) { slots.add(s); }
    public void emit() { for (Slot0 s : slots) s.invoke(); }
    public int receivers() { return slots.size(); }
}
