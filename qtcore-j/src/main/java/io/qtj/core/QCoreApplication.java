package io.qtj.core;

import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.ThreadData;

import java.util.EnumSet;
import java.util.List;

/**
 * The application object of a program without a GUI: it owns the main event loop, in the thread
 * that created it (the main thread), and gives access to the event machinery of every thread.
 *
 * <p>Create exactly one, at the start of {@code main}, then run {@link #exec()}: it returns when
 * {@link #quit()} or {@link #exit(int)} is called. The static event functions
 * ({@link #postEvent}, {@link #sendEvent}, {@link #processEvents}) work in any thread, with or
 * without an application object.
 *
 * <p>Differs from Qt: several QCoreApplication objects may exist one after the other (a test harness
 * creates one per test class), but only one at a time.
 */
public class QCoreApplication extends QObject {
    private static volatile QCoreApplication self;

    /** This signal is emitted when {@link #exec()} is about to return, in the main thread. */
    public final Signal0 aboutToQuit = new Signal0(this);

    private final List<String> args;
    private boolean inExec;

    /**
     * Constructs the application object with the program's arguments (Java's {@code main} arguments
     * do not include the program name; {@link #arguments()} returns them as given).
     *
     * @throws IllegalStateException if another application object exists
     */
    public QCoreApplication(String[] args) {
        super();
        synchronized (QCoreApplication.class) {
            QCoreApplication existing = self;
            if (existing != null && !existing.isDisposed()) {
                super.dispose();
                throw new IllegalStateException("QCoreApplication: there should be only one application object; "
                        + existing + " exists");
            }
            self = this;
        }
        this.args = args == null ? List.of() : List.of(args.clone());
        io.qtj.core.internal.ObjectTracker.remove(this);
    }

    /** Returns the application object, or null if there is none. */
    public static QCoreApplication instance() {
        QCoreApplication app = self;
        return app != null && !app.isDisposed() ? app : null;
    }

    /** Returns the arguments given to the constructor; empty if there is no application object. */
    public static List<String> arguments() {
        QCoreApplication app = instance();
        return app == null ? List.of() : app.args;
    }

    /**
     * Enters the main event loop and waits until {@link #exit(int)} is called; returns the value
     * given to it. Emits {@link #aboutToQuit} before returning, then runs pending deferred deletes.
     *
     * @throws IllegalStateException if there is no application object or this is not the main thread
     */
    public static int exec() {
        QCoreApplication app = instance();
        if (app == null) {
            throw new IllegalStateException("QCoreApplication.exec: please instantiate the QCoreApplication object first");
        }
        app.checkThread("QCoreApplication.exec (must be called from the main thread)");
        if (app.inExec) {
            io.qtj.core.internal.Log.warning("QCoreApplication::exec: The event loop is already running");
            return -1;
        }
        app.inExec = true;
        QEventLoop loop = new QEventLoop();
        io.qtj.core.internal.ObjectTracker.remove(loop);
        int code;
        try {
            code = loop.exec();
        } finally {
            app.inExec = false;
            loop.dispose();
        }
        if (!app.isDisposed()) {
            app.aboutToQuit.emit();
        }
        sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
        return code;
    }

    /** Tells the application to exit with return code 0: {@code exit(0)}. Thread-safe. */
    public static void quit() {
        exit(0);
    }

    /**
     * Tells every event loop of the main thread to exit; {@link #exec()} then returns
     * {@code returnCode}. Does nothing if no event loop runs there. Thread-safe.
     */
    public static void exit(int returnCode) {
        QCoreApplication app = instance();
        if (app == null) {
            return;
        }
        for (Object loop : app.threadData().eventLoops) {
            ((QEventLoop) loop).exit(returnCode);
        }
    }

    /**
     * Adds {@code event} to the queue of {@code receiver}'s thread, to be delivered by its event loop,
     * with normal priority. Thread-safe; the queue takes ownership of the event.
     *
     * @throws IllegalArgumentException if an argument is null
     * @throws IllegalStateException    if {@code receiver} is disposed
     */
    public static void postEvent(QObject receiver, QEvent event) {
        postEvent(receiver, event, 0);
    }

    /**
     * As {@link #postEvent(QObject, QEvent)}, with a priority: events of higher priority are delivered
     * first, events of equal priority in posting order.
     */
    public static void postEvent(QObject receiver, QEvent event, int priority) {
        if (receiver == null) {
            throw new IllegalArgumentException("receiver: null (expected: a QObject)");
        }
        if (event == null) {
            throw new IllegalArgumentException("event: null (expected: a QEvent)");
        }
        receiver.checkAlive();
        ThreadData td = receiver.threadData();
        if (event.typeId() == QEvent.Type.DeferredDelete.id()) {
            receiver.postDeferredDelete(td, event, td.isCurrent() ? td.loopLevel + td.scopeLevel : 0);
        } else {
            receiver.post(td, event, priority);
        }
    }

    /**
     * Sends {@code event} to {@code receiver} at once, through the event filters, and returns what
     * the receiver's {@link QObject#event(QEvent)} returned (true if a filter stopped it).
     *
     * @throws IllegalStateException if {@code receiver} lives in another thread or is disposed
     */
    public static boolean sendEvent(QObject receiver, QEvent event) {
        if (receiver == null) {
            throw new IllegalArgumentException("receiver: null (expected: a QObject)");
        }
        if (event == null) {
            throw new IllegalArgumentException("event: null (expected: a QEvent)");
        }
        receiver.checkAlive();
        receiver.checkThread("QCoreApplication.sendEvent: cannot send events to objects owned by a different thread");
        return EventDelivery.INSTANCE.notify(receiver, event);
    }

    /** Delivers every event posted to objects of the calling thread (except deferred deletes not yet due). */
    public static void sendPostedEvents() {
        sendPostedEvents(null, 0);
    }

    /**
     * Delivers the events of type {@code eventType} (0: all) posted to {@code receiver} (null: every
     * object of the calling thread). Asking for {@link QEvent.Type#DeferredDelete} runs the deferred
     * deletes posted at the current loop level too.
     *
     * @throws IllegalStateException if {@code receiver} lives in another thread
     */
    public static void sendPostedEvents(QObject receiver, int eventType) {
        ThreadData td;
        if (receiver != null) {
            receiver.checkThread("QCoreApplication.sendPostedEvents: cannot send posted events for objects in another thread");
            td = receiver.threadData();
        } else {
            td = ThreadData.current();
        }
        if (td.isCurrent()) {
            td.runTasks();
        }
        td.sendPostedEvents(receiver, eventType, EventDelivery.INSTANCE);
    }

    /** Removes the events of type {@code eventType} (0: all) posted to {@code receiver}. */
    public static void removePostedEvents(QObject receiver, int eventType) {
        if (receiver == null) {
            throw new IllegalArgumentException("receiver: null (expected: a QObject)");
        }
        receiver.threadData().removePostedEvents(receiver, eventType);
    }

    /** Processes the calling thread's pending events, timers and socket activity, without waiting. */
    public static void processEvents() {
        processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.AllEvents));
    }

    /** As {@link #processEvents()}, with flags. */
    public static void processEvents(EnumSet<QEventLoop.ProcessEventsFlag> flags) {
        ThreadData.current().dispatcher().processEvents(QEventLoop.toDispatcherFlags(flags), EventDelivery.INSTANCE);
    }

    /**
     * Processes the calling thread's pending events for at most {@code maxTimeMs} milliseconds, or
     * until there are none left; waits for none.
     */
    public static void processEvents(int maxTimeMs) {
        processEvents(EnumSet.of(QEventLoop.ProcessEventsFlag.AllEvents), maxTimeMs);
    }

    /** As {@link #processEvents(int)}, with flags; WaitForMoreEvents is ignored here, as in Qt. */
    public static void processEvents(EnumSet<QEventLoop.ProcessEventsFlag> flags, int maxTimeMs) {
        EventDispatcher d = ThreadData.current().dispatcher();
        int f = QEventLoop.toDispatcherFlags(flags) & ~EventDispatcher.WAIT_FOR_MORE_EVENTS;
        QElapsedTimer timer = new QElapsedTimer();
        timer.start();
        while (timer.elapsed() < maxTimeMs && d.processEvents(f, EventDelivery.INSTANCE)) {
            // keep going while there is work and time
        }
    }

    /** Disposes the application object; another may be created afterwards. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        super.dispose();
        synchronized (QCoreApplication.class) {
            if (self == this) {
                self = null;
            }
        }
    }
}
