package io.qtj.test;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QEvent;
import io.qtj.core.QObject;
import io.qtj.core.internal.ObjectTracker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A JUnit 5 extension that runs each test class as a small Qt program and fails a test that leaves
 * objects or threads behind, as Qt's test harness and a leak checker together would.
 *
 * <pre>{@code
 * @ExtendWith(QtExtension.class)
 * class QTcpServerTest {
 *     @Test
 *     void constructing() {
 *         QTcpServer server = new QTcpServer();
 *         ...
 *         server.dispose();      // forget this and the test fails, naming QTcpServer
 *     }
 * }
 * }</pre>
 *
 * <p>The life cycle:
 * <ol>
 * <li>Before all tests of the class, creates a {@link QCoreApplication} in the thread that runs the
 *     class, which becomes the main thread. If an application object already exists (created by an
 *     enclosing class, or by the test's own code), it is used and left alone.</li>
 * <li>Before each test, starts recording the QObjects created from then on, in any thread.</li>
 * <li>After each test (after its {@code @AfterEach} methods), disposes the objects whose
 *     {@code deleteLater()} was called in this thread, as Qt's harness does, then fails the test if
 *     any recorded object is still alive and has no parent (a leaked root: it and its children would
 *     never be disposed), or is a {@link io.qtj.core.QThread} still running. The message names each
 *     one. Then it quits and joins those threads and disposes those roots, each in its own thread and
 *     with a bounded wait, so that the next test starts clean.</li>
 * <li>After all tests, disposes the application object it created.</li>
 * </ol>
 *
 * <p>Objects that are meant to outlive a test are marked with {@link #keep(QObject)}; a test whose
 * leaks are expected is annotated {@link AllowLeaks}. Children of objects created before the test
 * (of the application object, say) are not leaks: their parent disposes them.
 *
 * <p>Concurrency: the object record is global, so test classes using this extension must not run in
 * parallel with each other, and test methods must run in the class's thread (JUnit's default; a
 * {@code @Timeout} in its default SAME_THREAD mode is fine).
 */
public final class QtExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    /** How long the clean-up after a leak waits for a thread to finish or an object to be disposed. */
    static final int CLEANUP_TIMEOUT_MS = 2000;

    private static final String APPLICATION = "application";
    /** The objects marked by keep() during the running test. */
    private static final Set<QObject> KEPT = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * Disables the leak check for a test method, or for every test of a class: the objects and
     * threads the test leaves behind are neither reported nor disposed.
     *
     * <p>Use it for a test whose clean-up ends after the test by design (an object deleted with
     * {@code deleteLater()} by a thread that keeps running, a thread that a later test stops), or
     * that checks what happens to objects that are not disposed. Prefer {@link #keep(QObject)} when
     * only some objects are meant to stay.
     */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    public @interface AllowLeaks {
        /** Why the test leaves objects behind, for the reader. */
        String value() default "";
    }

    /** Constructs the extension; JUnit does, for {@code @ExtendWith(QtExtension.class)}. */
    public QtExtension() {
    }

    /**
     * Marks {@code object} (and so its children) as meant to outlive the running test: the leak
     * check leaves it out. Returns {@code object}, so that it can wrap a constructor call.
     *
     * @throws IllegalArgumentException if {@code object} is null
     */
    public static <T extends QObject> T keep(T object) {
        if (object == null) {
            throw new IllegalArgumentException("object: null (expected: the QObject to keep)");
        }
        KEPT.add(object);
        return object;
    }

    /** Creates the application object for the test class, unless one exists. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (QCoreApplication.instance() == null) {
            QCoreApplication app = new QCoreApplication(new String[0]);
            store(context).put(APPLICATION, app);
        }
    }

    /** Disposes the application object if {@link #beforeAll} created it. */
    @Override
    public void afterAll(ExtensionContext context) {
        QCoreApplication app = store(context).remove(APPLICATION, QCoreApplication.class);
        if (app != null) {
            app.dispose();
        }
    }

    /** Starts recording the objects the test creates. */
    @Override
    public void beforeEach(ExtensionContext context) {
        KEPT.clear();
        ObjectTracker.start();
    }

    /**
     * Runs this thread's pending deferred deletes, stops recording, and fails the test if it left
     * objects or threads behind (unless it allows leaks), after disposing them.
     *
     * @throws AssertionError naming each leaked root and each thread still running
     */
    @Override
    public void afterEach(ExtensionContext context) {
        List<QObject> undisposed;
        try {
            QCoreApplication.sendPostedEvents(null, QEvent.Type.DeferredDelete.id());
        } finally {
            undisposed = ObjectTracker.stop();
        }
        Set<QObject> kept;
        synchronized (KEPT) {
            kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.addAll(KEPT);
            KEPT.clear();
        }
        if (undisposed.isEmpty() || allowsLeaks(context)) {
            return;
        }
        LeakCheck leaks = new LeakCheck(undisposed, kept);
        if (leaks.isClean()) {
            return;
        }
        String message = leaks.describe(context.getDisplayName());
        List<String> problems = leaks.release(CLEANUP_TIMEOUT_MS);
        if (!problems.isEmpty()) {
            message += "\nCleaning up after the test failed too:\n  " + String.join("\n  ", problems);
        }
        throw new AssertionError(message);
    }

    private static boolean allowsLeaks(ExtensionContext context) {
        if (context.getTestMethod().map(QtExtension::hasAllowLeaks).orElse(false)) {
            return true;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            if (hasAllowLeaks(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAllowLeaks(AnnotatedElement element) {
        return element.isAnnotationPresent(AllowLeaks.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(QtExtension.class, context.getRequiredTestClass()));
    }
}
