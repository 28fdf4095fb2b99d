package io.qtj.core.internal;

/** An event that must learn when it is dropped undelivered (its receiver was disposed). */
public interface DroppableEvent {
    /** Called once if the event is removed from the queue without being delivered. */
    void dropped();
}
