/**
 * Qt's test idioms for qtj programs: {@link io.qtj.test.QSignalSpy} records a signal's emissions
 * and waits for the next one, {@link io.qtj.test.QTest} waits while the event loop runs, and
 * {@link io.qtj.test.QtExtension} gives JUnit 5 test classes an application object and fails tests
 * that leave objects or threads behind.
 *
 * <p>A test never sleeps to synchronise: it waits on a spy ({@code spy.wait(5000)}) or on a
 * condition ({@code QTest.qWaitFor(() -> done, 5000)}), both of which return as soon as what it
 * waits for has happened, and run the calling thread's events meanwhile.
 *
 * <p>{@code QSignalSpy} and {@code QTest} need only qtcore-j; {@code QtExtension} needs JUnit 5 on
 * the class or module path, as every JUnit test run has.
 */
package io.qtj.test;
