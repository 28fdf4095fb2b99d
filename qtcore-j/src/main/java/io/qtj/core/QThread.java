package io.qtj.core;

import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.Log;
import io.qtj.core.internal.ObjectTracker;
import io.qtj.core.internal.ThreadData;

import java.util.EnumSet;

/**
 * A thread with Qt's semantics: {@link #start()} runs {@link #run()} in a new thread, which by
 * default runs an event loop ({@link #exec()}) until {@link #quit()}; objects
 * {@linkplain QObject#moveToThread moved} to it have their events, timers and queued slot calls
 * delivered there. {@link #started} is emitted in the new thread before run(), {@link #finished}
 * after it, followed by the deferred deletes of the thread's objects.
 *
 * <p>The QThread object itself lives in the thread that created it, not in the thread it manages.
 * Threads that qtj did not start (the main thread, a pool's threads) are adopted on first use:
 * {@link #currentThread()} returns a QThread for them.
 *
 * <p>Differs from Qt: Qt's {@code wait()} is {@link #join(int)} ({@code Object.wait} is final in
 * Java). Threads are daemon threads, so that a program ends when {@code main} returns, as a C++
 * program does. Disposing a running thread throws instead of aborting the process.
 */
public class QThread extends QObject {
    /** This signal is emitted from the new thread when it starts, before {@link #run()}. */
    public final Signal0 started = new Signal0(this);
    /**
     * This signal is emitted from the thread when it is about to finish, after {@link #run()}
     * returned; connect {@code deleteLater} of the thread's objects to it, as in Qt.
     */
    public final Signal0 finished = new Signal0(this);

    private final ThreadData data;
    private final boolean adoptedThread;
    private final Object lock = new Object();
    private volatile Thread javaThread;
    private volatile boolean running;
    private volatile boolean finishedFlag;
    private volatile boolean interruptionRequested;
    private volatile boolean finishing;
    private boolean exited;           // guarded by lock
    private int exitCode;             // guarded by lock
    private QEventLoop execLoop;      // guarded by lock
    private Runnable function;

    /** Constructs a thread that has not started. */
    public QThread() {
        this((QObject) null);
    }

    /** Constructs a thread, not started, that is a child of {@code parent}. */
    public QThread(QObject parent) {
        super(parent);
        data = ThreadData.forNewThread();
        data.setQThread(this);
        adoptedThread = false;
    }

    private QThread(ThreadData adopted) {
        super(adopted);
        data = adopted;
        adoptedThread = true;
        javaThread = adopted.thread();
        running = true;
    }

    /** Returns the QThread of an adopted thread's data, creating it on first use. */
    static QThread adopted(ThreadData td) {
        synchronized (td) {
            QThread t = td.qthread();
            if (t == null) {
                t = new QThread(td);
                td.setQThread(t);
            }
            return t;
        }
    }

    ThreadData data() {
        return data;
    }

    /** Returns the QThread of the calling thread (adopting it if qtj did not start it). */
    public static QThread currentThread() {
        ThreadData td = ThreadData.current();
        QThread t = td.qthread();
        return t != null ? t : adopted(td);
    }

    /**
     * Returns a thread, not started, whose {@link #run()} calls {@code fn} (and runs no event loop).
     *
     * @throws IllegalArgumentException if {@code fn} is null
     */
    public static QThread create(Runnable fn) {
        if (fn == null) {
            throw new IllegalArgumentException("fn: null (expected: the function to run)");
        }
        QThread t = new QThread();
        t.function = fn;
        return t;
    }

    /** Returns true if this is the calling thread. */
    public boolean isCurrentThread() {
        return data.isCurrent();
    }

    /**
     * Starts the thread: calls {@link #run()} in a new thread. Does nothing if it is running. A thread
     * that finished may be started again.
     *
     * @throws IllegalStateException if this is an adopted thread, or the object is disposed
     */
    public void start() {
        checkAlive();
        if (adoptedThread) {
            throw new IllegalStateException("start: " + this + " is an adopted thread (qtj did not start it)");
        }
        synchronized (lock) {
            if (running) {
                return;
            }
            Thread previous = javaThread;
            if (previous != null && previous.isAlive()) {
                return;   // finishing: Qt ignores start() until it has
            }
            exited = false;
            exitCode = 0;
            finishedFlag = false;
            interruptionRequested = false;
            running = true;
            String name = objectName().isEmpty() ? "QThread-" + Integer.toHexString(System.identityHashCode(this))
                    : objectName();
            Thread t = new Thread(this::threadMain, name);
            t.setDaemon(true);
            javaThread = t;
            t.start();
        }
    }

    private void threadMain() {
        data.bindToCurrentThread();
        try {
            started.emit();
            run();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw t;
            }
            Log.uncaught("run() of " + this, t);
        } finally {
            finishing = true;
            try {
                finished.emit();
                data.sendPostedEvents(null, QEvent.Type.DeferredDelete.id(), EventDelivery.INSTANCE);
            } finally {
                EventDispatcher d = data.dispatcher();
                d.close();
                synchronized (lock) {
                    execLoop = null;
                    running = false;
                    finishing = false;
                    finishedFlag = true;
                }
            }
        }
    }

    /**
     * The thread's body, called in the new thread by {@link #start()}. By default it calls
     * {@link #exec()} (or the function given to {@link #create(Runnable)}). Override it to run code
     * without an event loop, as Qt's blocking examples do.
     */
    protected void run() {
        if (function != null) {
            function.run();
        } else {
            exec();
        }
    }

    /**
     * Runs the thread's event loop until {@link #exit(int)} or {@link #quit()}; returns the code given
     * to exit(). If exit() was called before, returns at once. Call it from {@link #run()}.
     *
     * @throws IllegalStateException if called from another thread
     */
    protected int exec() {
        if (!data.isCurrent()) {
            throw new IllegalStateException("exec: " + this + " can only run its event loop in its own thread, not in "
                    + Thread.currentThread().getName());
        }
        QEventLoop loop;
        synchronized (lock) {
            if (exited) {
                exited = false;
                return exitCode;
            }
            loop = new QEventLoop();
            ObjectTracker.remove(loop);
            execLoop = loop;
        }
        try {
            return loop.execInternal(EnumSet.of(QEventLoop.ProcessEventsFlag.AllEvents), false);
        } finally {
            synchronized (lock) {
                execLoop = null;
                exited = false;
            }
            loop.dispose();
        }
    }

    /**
     * Tells the thread's event loop to exit with {@code returnCode}; {@link #exec()} returns it. Every
     * event loop running in the thread exits. Thread-safe.
     */
    public void exit(int returnCode) {
        synchronized (lock) {
            exited = true;
            exitCode = returnCode;
            if (execLoop != null) {
                execLoop.exit(returnCode);
            }
        }
        for (Object loop : data.eventLoops) {
            ((QEventLoop) loop).exit(returnCode);
        }
    }

    /** Tells the thread's event loop to exit with return code 0. Thread-safe. */
    public void quit() {
        exit(0);
    }

    /** Returns true while the thread runs (from start() until finished has been emitted). */
    public boolean isRunning() {
        return running;
    }

    /** Returns true once the thread has finished. */
    public boolean isFinished() {
        return finishedFlag;
    }

    /** Asks the thread to stop; its code polls {@link #isInterruptionRequested()}. Thread-safe. */
    public void requestInterruption() {
        interruptionRequested = true;
    }

    /** Returns true if {@link #requestInterruption()} was called since the thread started. */
    public boolean isInterruptionRequested() {
        return interruptionRequested;
    }

    /**
     * Waits until the thread has finished, or {@code msecs} milliseconds (-1: forever) have passed;
     * Qt's {@code QThread::wait()}. Returns true if the thread has finished or was never started.
     * A thread cannot wait for itself: that returns false.
     */
    public boolean join(int msecs) {
        Thread t = javaThread;
        if (t == null || adoptedThread) {
            return !adoptedThread;
        }
        if (t == Thread.currentThread()) {
            Log.warning("QThread::wait: Thread tried to wait on itself (" + this + ")");
            return false;
        }
        try {
            if (msecs < 0) {
                t.join();
            } else {
                t.join(Math.max(1, msecs));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !t.isAlive();
    }

    /** Waits until the thread has finished. */
    public void join() {
        join(-1);
    }

    /** Puts the calling thread to sleep for {@code ms} milliseconds. */
    public static void msleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts the calling thread to sleep for {@code secs} seconds. */
    public static void sleep(long secs) {
        msleep(secs * 1000);
    }

    /** Yields the processor, as QThread::yieldCurrentThread(). */
    public static void yieldCurrentThread() {
        Thread.yield();
    }

    /**
     * Disposes the thread object.
     *
     * If the thread is finishing (past {@link #run()}, emitting {@link #finished}, as when
     * {@code finished} is connected to {@code deleteLater}), waits for it to end first, as Qt does.
     *
     * @throws IllegalStateException if the thread is still running, as Qt aborts with
     *                               "QThread: Destroyed while thread is still running"
     */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        if (finishing && !data.isCurrent()) {
            join();   // past run(), emitting finished: wait for the end, as ~QThread does
        }
        if (running && !adoptedThread && !finishing) {
            throw new IllegalStateException("QThread: " + this + " disposed while the thread is still running "
                    + "(quit() and join() it first)");
        }
        super.dispose();
    }
}
