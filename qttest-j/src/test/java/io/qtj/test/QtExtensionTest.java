package io.qtj.test;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Runs small test classes that use the extension through JUnit's engine test kit and checks the
 * outcome. These tests do not use the extension themselves: they watch it create and dispose the
 * application object.
 */
@Timeout(30)
class QtExtensionTest {
    /** What the fixtures saw, by name; filled by the fixture tests, read by these tests. */
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @BeforeEach
    @AfterEach
    void noApplication() {
        SEEN.clear();
        assertNull(QCoreApplication.instance(), "no application object between tests");
    }

    private static Events run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
    }

    private static Events run(Class<?> fixture, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(fixture, method)).execute().testEvents();
    }

    private static Throwable onlyFailure(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), "failed tests: " + failed);
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    // ---- the application object ----

    @ExtendWith(QtExtension.class)
    static class AppFixture {
        @Test
        void hasApplication() {
            SEEN.put("app", QCoreApplication.instance());
            SEEN.put("thread", Thread.currentThread());
        }

        @Test
        void sameApplicationForEveryTest() {
            SEEN.put("app2", QCoreApplication.instance());
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterApplication() {
                SEEN.put("inner", QCoreApplication.instance());
            }
        }
    }

    @Test
    void createsAndDisposesTheApplication() {
        run(AppFixture.class).assertStatistics(s -> s.started(3).succeeded(3));
        QCoreApplication app = (QCoreApplication) SEEN.get("app");
        assertNotNull(app);
        assertSame(app, SEEN.get("app2"));
        assertSame(app, SEEN.get("inner"));
        assertTrue(app.isDisposed(), "disposed after all tests");
    }

    @Test
    void reusesAnExistingApplication() {
        QCoreApplication mine = new QCoreApplication(new String[] {"mine"});
        try {
            run(AppFixture.class).assertStatistics(s -> s.started(3).succeeded(3));
            assertSame(mine, SEEN.get("app"));
            assertFalse(mine.isDisposed(), "an application the extension did not create is left alone");
        } finally {
            mine.dispose();
        }
    }

    // ---- leaks ----

    @ExtendWith(QtExtension.class)
    static class LeakFixture {
        QObject fixture;

        @BeforeEach
        void setUp() {
            fixture = new QObject();
        }

        @AfterEach
        void tearDown() {
            fixture.dispose();
        }

        @Test
        void clean() {
            QObject a = new QObject();
            new QObject(a);
            a.dispose();
            new QObject(fixture);    // a child of a disposed fixture is not a leak
        }

        @Test
        void deleteLaterIsClean() {
            new QObject().deleteLater();
        }

        @Test
        void childOfTheApplicationIsClean() {
            SEEN.put("child", new QObject(QCoreApplication.instance()));
        }

        @Test
        void leaksAnObject() {
            QObject leaked = new QObject();
            leaked.setObjectName("leaked");
            new QObject(leaked).setObjectName("child");
            SEEN.put("leaked", leaked);
        }

        @Test
        void keepsAnObject() {
            QObject kept = QtExtension.keep(new QObject());
            SEEN.put("kept", kept);
        }

        @Test
        @QtExtension.AllowLeaks("checks that the annotation turns the check off")
        void allowsLeaks() {
            SEEN.put("allowed", new QObject());
        }

        @Test
        void leavesAThreadRunning() {
            QThread t = new QThread();
            t.setObjectName("worker");
            t.start();
            SEEN.put("worker", t);
        }

        @Test
        void leaksAnObjectInAnotherThread() {
            QThread t = QtExtension.keep(new QThread());
            t.start();
            QObject far = new QObject();
            far.setObjectName("far");
            far.moveToThread(t);
            SEEN.put("far", far);
            SEEN.put("farThread", t);
        }

        @Test
        void failsAndLeaks() {
            new QObject().setObjectName("also");
            throw new IllegalStateException("the test's own failure");
        }
    }

    @Test
    void cleanTestsPass() {
        for (String test : List.of("clean", "deleteLaterIsClean", "childOfTheApplicationIsClean")) {
            run(LeakFixture.class, test).assertStatistics(s -> s.started(1).succeeded(1));
        }
        assertTrue(((QObject) SEEN.get("child")).isDisposed(), "disposed with the application");
    }

    @Test
    void leakedObjectFailsTheTestAndIsDisposed() {
        Throwable failure = onlyFailure(run(LeakFixture.class, "leaksAnObject"));
        assertTrue(failure instanceof AssertionError, failure.toString());
        String message = failure.getMessage();
        assertTrue(message.startsWith("leaksAnObject() left 1 object(s) behind"), message);
        assertTrue(message.contains("\n  QObject(leaked) [io.qtj.core.QObject]\n"), message);
        assertFalse(message.contains("child"), "children of a leaked root are not listed: " + message);
        assertFalse(message.contains("Cleaning up"), message);
        assertTrue(((QObject) SEEN.get("leaked")).isDisposed(), "disposed after the report");
    }

    @Test
    void keptObjectIsNotALeak() {
        run(LeakFixture.class, "keepsAnObject").assertStatistics(s -> s.started(1).succeeded(1));
        QObject kept = (QObject) SEEN.get("kept");
        assertFalse(kept.isDisposed());
        kept.dispose();
    }

    @Test
    void allowLeaksTurnsTheCheckOff() {
        run(LeakFixture.class, "allowsLeaks").assertStatistics(s -> s.started(1).succeeded(1));
        QObject allowed = (QObject) SEEN.get("allowed");
        assertFalse(allowed.isDisposed());
        allowed.dispose();
    }

    @Test
    void runningThreadFailsTheTestAndIsStopped() {
        String message = onlyFailure(run(LeakFixture.class, "leavesAThreadRunning")).getMessage();
        assertTrue(message.contains("\n  QThread(worker) [io.qtj.core.QThread], still running"), message);
        QThread worker = (QThread) SEEN.get("worker");
        assertFalse(worker.isRunning());
        assertTrue(worker.isDisposed());
    }

    @Test
    void objectInAnotherThreadIsDisposedThere() {
        String message = onlyFailure(run(LeakFixture.class, "leaksAnObjectInAnotherThread")).getMessage();
        assertTrue(message.contains("QObject(far)"), message);
        assertFalse(message.contains("QThread"), "the kept thread is not listed: " + message);
        assertTrue(((QObject) SEEN.get("far")).isDisposed());
        QThread t = (QThread) SEEN.get("farThread");
        assertTrue(t.isRunning(), "a kept thread is left running");
        t.quit();
        assertTrue(t.join(10_000));
        t.dispose();
    }

    @Test
    void testFailureKeepsTheLeakReportAsSuppressed() {
        Throwable failure = onlyFailure(run(LeakFixture.class, "failsAndLeaks"));
        assertEquals("the test's own failure", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertTrue(failure.getSuppressed()[0].getMessage().contains("QObject(also)"));
    }

    @Test
    void keepNullThrows() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> QtExtension.keep(null));
    }
}
