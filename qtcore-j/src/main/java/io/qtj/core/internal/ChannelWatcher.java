package io.qtj.core.internal;

import io.qtj.core.QObject;

/**
 * Watches a channel from the event loop for an internal engine, without a QObject of its own: what
 * a read and a write {@code QSocketNotifier} do for Qt's socket engines, as a plain callback. The
 * dispatcher calls {@link #channelReady(int)} each time the loop finds the channel ready for what
 * {@link #interest()} asks, in the owner's thread, counting the scope level as an event delivery
 * does (so a {@code deleteLater()} from a slot reached from the callback waits for the loop, as
 * from a notifier's {@code activated}) and reporting an exception it throws without ending the
 * loop. Readiness is level-triggered: drop an interest while you cannot act on it.
 *
 * <p>Differs from a notifier: no event is made per activation, and application event filters
 * never see one (Qt's filters see the SockAct events of the engine's notifiers). A watcher does
 * not follow its owner to another thread by itself: the owner stops the watch on ThreadChange, in
 * the old thread, and starts it again in the new one
 * ({@link EventDispatcher#unregisterWatcher}, {@link EventDispatcher#registerWatcher}).
 *
 * <p>Used from the owner's thread only.
 */
public interface ChannelWatcher {
    /** Interest and readiness bit: readable data, or a pending connection on a server channel. */
    int READ = 1;
    /** Interest and readiness bit: room to write, or a finished connect on a client channel. */
    int WRITE = 2;

    /**
     * Returns what the watcher waits for now: {@link #READ} and {@link #WRITE} or'ed, or 0 for
     * nothing. The dispatcher reads it in {@link EventDispatcher#registerWatcher} and when it
     * registers a pending channel with its selector.
     */
    int interest();

    /**
     * Called from the event loop when the channel is ready for {@code kind}, {@link #READ} or
     * {@link #WRITE}, and the watcher still waits for it. When both are ready, READ comes first;
     * WRITE then comes only if the watcher is still registered and interested.
     */
    void channelReady(int kind);

    /** Returns the object the watcher acts for (a socket or server); its thread runs the callbacks. */
    QObject owner();
}
