package io.qtj.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QElapsedTimerTest {
    @Test
    void measuresMonotonically() {
        QElapsedTimer t = new QElapsedTimer();
        assertFalse(t.isValid());
        t.start();
        assertTrue(t.isValid());
        long a = t.nsecsElapsed();
        long b = t.nsecsElapsed();
        assertTrue(b >= a && a >= 0);
        assertFalse(t.hasExpired(60_000));
        assertFalse(t.hasExpired(-1), "a negative timeout never expires, as in Qt");
        t.invalidate();
        assertFalse(t.isValid());
    }
}
