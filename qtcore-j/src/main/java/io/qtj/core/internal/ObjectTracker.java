package io.qtj.core.internal;

import io.qtj.core.QObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Records the QObjects created while tracking is on, so that a test harness can fail a test that
 * leaves undisposed objects behind. Off by default: when off it costs one volatile read per object.
 */
public final class ObjectTracker {
    /** True while objects are being recorded. */
    public static volatile boolean enabled;
    private static final Set<QObject> LIVE = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private ObjectTracker() {
    }

    /** Starts recording, forgetting what was recorded before. */
    public static void start() {
        LIVE.clear();
        enabled = true;
    }

    /** Stops recording and returns the recorded objects that are still not disposed. */
    public static List<QObject> stop() {
        enabled = false;
        List<QObject> out;
        synchronized (LIVE) {
            out = new ArrayList<>(LIVE);
            LIVE.clear();
        }
        out.removeIf(QObject::isDisposed);
        return out;
    }

    /** Records {@code o}. */
    public static void add(QObject o) {
        LIVE.add(o);
    }

    /** Forgets {@code o}: it was disposed, or it is an internal object. */
    public static void remove(QObject o) {
        if (enabled) {
            LIVE.remove(o);
        }
    }
}
