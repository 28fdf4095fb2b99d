package io.qtj.core;

/**
 * Receives the library's warnings and the exceptions that slots and event handlers throw, as a
 * handler installed with Qt's qInstallMessageHandler() does. Install one with
 * {@link Qt#installMessageHandler(QtMessageHandler)}; the default writes to {@link System.Logger}
 * "io.qtj".
 *
 * <p>Differs from Qt: there is no QMessageLogContext; the Java exception, if any, is passed instead.
 */
@FunctionalInterface
public interface QtMessageHandler {
    /**
     * Handles one message. Called in the thread that produced it; must be thread-safe.
     *
     * @param type    the message's kind
     * @param message the text
     * @param error   the exception caught, or null
     */
    void handle(QtMsgType type, String message, Throwable error);
}
