package io.qtj.samples;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fortunes the two fortune servers hand out: the seven of Qt's Fortune Server example, in Qt's
 * order, plus a Chinese one at index 7 that exercises UTF-16 on the wire. The list is the same as
 * {@code interop/fortunes.h}, which the real Qt peer serves, so that a test can ask either server
 * for fortune {@code i} and expect the same bytes.
 */
public final class Fortunes {
    /** The eight fortunes; index 7 is the one with non-ASCII characters. */
    public static final List<String> ALL = List.of(
            "You've been leading a dog's life. Stay off the furniture.",
            "You've got to think about tomorrow.",
            "You will be surprised by a loud noise.",
            "You will feel hungry again in another hour.",
            "You might have mail.",
            "You cannot kill time without injuring eternity.",
            "Computers are not intelligent. They only think they are.",
            "你好，世界！Qt 的信号与槽。");

    private Fortunes() {
    }

    /**
     * Returns fortune {@code fixedIndex}, or a random one when {@code fixedIndex} is -1 (the servers'
     * default, as Qt's example picks with QRandomGenerator).
     *
     * @throws IllegalArgumentException if {@code fixedIndex} is neither -1 nor a valid index
     */
    public static String pick(int fixedIndex) {
        if (fixedIndex == -1) {
            return ALL.get(ThreadLocalRandom.current().nextInt(ALL.size()));
        }
        if (fixedIndex < 0 || fixedIndex >= ALL.size()) {
            throw new IllegalArgumentException("fixedIndex: " + fixedIndex + " (expected: -1 or 0.." + (ALL.size() - 1) + ")");
        }
        return ALL.get(fixedIndex);
    }
}
