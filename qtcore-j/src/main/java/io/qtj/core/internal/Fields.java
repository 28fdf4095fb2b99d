package io.qtj.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * VarHandles for the few fields whose stores must not cost a fence: an initial value written in a
 * constructor, or a value published under a lock to readers that take none (a release store is
 * then enough, and on x86 it is a plain move where a volatile store is a full fence).
 */
public final class Fields {
    private Fields() {
    }

    /**
     * The handle of the field {@code name} of type {@code type} in {@code lookup}'s class; a
     * missing field is a programming error, thrown as {@link ExceptionInInitializerError} since
     * callers run in static initializers.
     */
    public static VarHandle handle(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
