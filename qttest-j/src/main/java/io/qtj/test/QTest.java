package io.qtj.test;

/** Skeleton. */
public final class QTest {
    private QTest() { }
}
