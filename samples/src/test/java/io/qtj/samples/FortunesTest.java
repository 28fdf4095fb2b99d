package io.qtj.samples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fortunes are interop/fortunes.h's, in its order. */
class FortunesTest {
    @Test
    void sameAsTheQtPeerInTheSameOrder() throws Exception {
        assertEquals(QtPeers.goldenFortunes(), Fortunes.ALL);
        assertEquals(8, Fortunes.ALL.size());
        assertTrue(Fortunes.ALL.get(7).startsWith("你好"));
    }

    @Test
    void pick() {
        for (int i = 0; i < Fortunes.ALL.size(); i++) {
            assertEquals(Fortunes.ALL.get(i), Fortunes.pick(i));
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(Fortunes.ALL.contains(Fortunes.pick(-1)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fortunes.pick(8));
        assertEquals("fixedIndex: 8 (expected: -1 or 0..7)", e.getMessage());
    }
}
