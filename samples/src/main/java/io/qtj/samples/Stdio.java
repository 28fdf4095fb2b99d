package io.qtj.samples;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QMetaObject;
import io.qtj.core.Qt;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The samples' console: UTF-8 standard output and error whatever the locale (a fortune is printed
 * as UTF-8, as Qt's {@code QString::toUtf8()}), and the servers' rule "serve until stdin closes".
 */
final class Stdio {
    /** Standard output, UTF-8, flushed at each line. */
    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    /** Standard error, UTF-8, flushed at each line. */
    static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Stdio() {
    }

    /**
     * Starts a daemon thread that reads {@code in} until end of file, then quits the application's
     * event loop (a queued call into the main thread), as the Qt interop servers do.
     */
    static void quitOnEndOfInput(InputStream in) {
        QCoreApplication app = QCoreApplication.instance();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // drain: the servers take no commands
                }
            } catch (IOException e) {
                // a broken stdin ends serving just as a closed one does
            }
            QMetaObject.invokeMethod(app, QCoreApplication::quit, Qt.ConnectionType.QueuedConnection);
        }, "qtj-samples-stdin");
        t.setDaemon(true);
        t.start();
    }
}
