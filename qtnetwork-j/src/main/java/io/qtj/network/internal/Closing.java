package io.qtj.network.internal;

import java.io.Closeable;
import java.io.IOException;

/** Closing channels and selectors on the way out, where a failure to close leaves nothing to do. */
final class Closing {
    private Closing() {
    }

    /** Closes {@code c} if it is not null; an IOException while closing is of no further use. */
    static void quietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // closing: the resource is gone either way, and no caller could act on this
        }
    }
}
