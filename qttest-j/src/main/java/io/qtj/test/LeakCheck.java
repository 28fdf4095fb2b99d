package io.qtj.test;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Qt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one test left behind, found among the objects it created and did not dispose: the leaked
 * roots (objects without a parent) and the threads still running. {@link #release} then stops those
 * threads and disposes those roots, each in its own thread, so that one test's leak does not spill
 * into the next.
 */
final class LeakCheck {
    private final List<QObject> roots = new ArrayList<>();
    private final List<QThread> running = new ArrayList<>();

    /**
     * Sorts {@code undisposed} (the objects the test created and did not dispose) into leaked roots
     * and running threads, leaving out {@code kept} objects and the application object.
     */
    LeakCheck(Collection<QObject> undisposed, Set<QObject> kept) {
        for (QObject o : undisposed) {
            if (kept.contains(o) || o instanceof QCoreApplication) {
                continue;
            }
            if (o.parent() == null) {
                roots.add(o);
            }
            if (o instanceof QThread t && t.isRunning()) {
                running.add(t);
            }
        }
        Comparator<QObject> byName = Comparator.comparing(QObject::toString);
        roots.sort(byName);
        running.sort(byName);
    }

    /** Returns true if the test left nothing behind. */
    boolean isClean() {
        return roots.isEmpty() && running.isEmpty();
    }

    /** Describes what {@code test} left behind, one object a line. */
    String describe(String test) {
        Set<QObject> all = new LinkedHashSet<>(roots);
        all.addAll(running);
        StringBuilder sb = new StringBuilder(test).append(" left ").append(all.size())
                .append(" object(s) behind (undisposed without a parent, or threads still running):");
        for (QObject o : all) {
            sb.append("\n  ").append(o).append(" [").append(o.getClass().getName()).append(']');
            if (running.contains(o)) {
                sb.append(", still running");
            }
            QObject parent = o.parent();
            if (parent != null) {
                sb.append(", child of ").append(parent);
            }
        }
        return sb.append("\nDispose them before the test ends (quit() and join() threads first), or mark")
                .append(" those meant to outlive it with QtExtension.keep(object).").toString();
    }

    /**
     * Stops the running threads (quit, then join for at most {@code timeoutMs}) and disposes the
     * roots in their threads; returns what could not be done.
     */
    List<String> release(int timeoutMs) {
        List<String> problems = new ArrayList<>();
        for (QThread t : running) {
            t.requestInterruption();
            t.quit();
            if (!t.join(timeoutMs)) {
                problems.add(t + " did not finish within " + timeoutMs + " ms of quit(); it is left running");
            }
        }
        List<QObject> threadsLast = new ArrayList<>(roots);
        threadsLast.sort(Comparator.comparing(o -> o instanceof QThread));
        for (QObject o : threadsLast) {
            if (o.isDisposed() || (o instanceof QThread t && t.isRunning())) {
                continue;
            }
            try {
                String problem = dispose(o, timeoutMs);
                if (problem != null) {
                    problems.add(problem);
                }
            } catch (RuntimeException e) {
                problems.add("disposing " + o + " threw " + e);
            }
        }
        return problems;
    }

    /** Disposes {@code o} here if its thread is this one or has finished, else in its thread. */
    private static String dispose(QObject o, int timeoutMs) {
        QThread home = o.thread();
        if (home == QThread.currentThread() || !home.isRunning()) {
            o.dispose();
            return null;
        }
        CountDownLatch done = new CountDownLatch(1);
        QMetaObject.invokeMethod(o, () -> {
            try {
                o.dispose();
            } finally {
                done.countDown();
            }
        }, Qt.ConnectionType.QueuedConnection);
        try {
            if (done.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return o + " was not disposed: its thread " + home + " did not run its event loop within "
                + timeoutMs + " ms";
    }
}
