package io.qtj.core;

import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.ThreadData;

import java.util.EnumSet;

/**
 * A local event loop: {@link #exec()} processes the thread's events until {@link #exit(int)} is
 * called. Loops nest: a slot may run a loop of its own (as {@code QSignalSpy.wait} and modal code
 * do), and deleteLater() respects the nesting.
 *
 * <p>The loop lives in, and must be run from, the thread that created it. {@link #exit(int)},
 * {@link #quit()} and {@link #wakeUp()} are thread-safe.
 */
public class QEventLoop extends QObject {
    /** What {@link #processEvents} processes, as Qt's QEventLoop::ProcessEventsFlag. */
    public enum ProcessEventsFlag {
        /** Everything. */
        AllEvents,
        /** No user input: there is none in qtj, so the same as AllEvents. */
        ExcludeUserInputEvents,
        /** Do not deliver socket notifier activations. */
        ExcludeSocketNotifiers,
        /** Wait for events if none are pending. */
        WaitForMoreEvents,
        /** Do not fire timers (Qt's X11ExcludeTimers). */
        X11ExcludeTimers,
        /** Set by {@link #exec()}; no effect on its own. */
        EventLoopExec,
        /** Not used by qtj. */
        DialogExec
    }

    private volatile boolean exitRequested;
    private volatile int returnCode;
    private volatile boolean running;

    /** Constructs an event loop living in the current thread. */
    public QEventLoop() {
        super();
    }

    /** Constructs an event loop that is a child of {@code parent}. */
    public QEventLoop(QObject parent) {
        super(parent);
    }

    static int toDispatcherFlags(EnumSet<ProcessEventsFlag> flags) {
        int f = 0;
        if (flags.contains(ProcessEventsFlag.ExcludeSocketNotifiers)) {
            f |= EventDispatcher.EXCLUDE_SOCKET_NOTIFIERS;
        }
        if (flags.contains(ProcessEventsFlag.WaitForMoreEvents)) {
            f |= EventDispatcher.WAIT_FOR_MORE_EVENTS;
        }
        if (flags.contains(ProcessEventsFlag.X11ExcludeTimers)) {
            f |= EventDispatcher.EXCLUDE_TIMERS;
        }
        return f;
    }

    /**
     * Enters the loop and processes events until {@link #exit(int)} is called; returns the code given
     * to it. Returns -1 at once if this loop is already running.
     *
     * @throws IllegalStateException if called from another thread than the loop's
     */
    public int exec() {
        return exec(EnumSet.of(ProcessEventsFlag.AllEvents));
    }

    /** As {@link #exec()}, processing only what {@code flags} allow. */
    public int exec(EnumSet<ProcessEventsFlag> flags) {
        return execInternal(flags, true);
    }

    int execInternal(EnumSet<ProcessEventsFlag> flags, boolean resetExit) {
        checkAlive();
        checkThread("QEventLoop.exec");
        if (running) {
            io.qtj.core.internal.Log.warning("QEventLoop::exec: instance " + this + " has already called exec()");
            return -1;
        }
        if (resetExit) {
            exitRequested = false;
            returnCode = 0;
        }
        ThreadData td = threadData();
        int f = toDispatcherFlags(flags) | EventDispatcher.WAIT_FOR_MORE_EVENTS;
        EventDispatcher d = td.dispatcher();
        running = true;
        td.loopLevel++;
        td.eventLoops.add(this);
        try {
            while (!exitRequested && !isDisposed()) {
                d.processEvents(f, EventDelivery.INSTANCE);
            }
        } finally {
            td.eventLoops.remove(this);
            td.loopLevel--;
            running = false;
        }
        return returnCode;
    }

    /**
     * Tells the loop to exit: {@link #exec()} returns {@code returnCode} once control is back in it.
     * Thread-safe.
     */
    public void exit(int returnCode) {
        this.returnCode = returnCode;
        this.exitRequested = true;
        threadData().dispatcher().interrupt();
    }

    /** Tells the loop to exit with return code 0. Thread-safe. */
    public void quit() {
        exit(0);
    }

    /** Returns true while the loop is running. */
    public boolean isRunning() {
        return running;
    }

    /** Wakes the loop's thread if it is waiting for events. Thread-safe. */
    public void wakeUp() {
        threadData().wakeUp();
    }

    /**
     * Processes pending events once, without waiting; returns true if any were processed. Call from
     * the loop's thread.
     */
    public boolean processEvents() {
        return processEvents(EnumSet.of(ProcessEventsFlag.AllEvents));
    }

    /** As {@link #processEvents()}, with flags (WaitForMoreEvents waits if nothing is pending). */
    public boolean processEvents(EnumSet<ProcessEventsFlag> flags) {
        checkThread("QEventLoop.processEvents");
        return threadData().dispatcher().processEvents(toDispatcherFlags(flags), EventDelivery.INSTANCE);
    }

    /** Processes pending events for at most {@code maxTimeMs} milliseconds. */
    public void processEvents(EnumSet<ProcessEventsFlag> flags, int maxTimeMs) {
        checkThread("QEventLoop.processEvents");
        QCoreApplication.processEvents(flags, maxTimeMs);
    }
}
