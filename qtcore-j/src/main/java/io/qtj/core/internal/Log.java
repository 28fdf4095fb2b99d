package io.qtj.core.internal;

import io.qtj.core.QtMessageHandler;
import io.qtj.core.QtMsgType;

/**
 * Where the library reports what Qt prints with qWarning(): a slot that threw, misuse that Qt
 * only warns about. Goes to the installed {@link QtMessageHandler}, by default System.Logger.
 */
public final class Log {
    private static final System.Logger LOGGER = System.getLogger("io.qtj");

    /** The default handler: System.Logger "io.qtj". */
    public static final QtMessageHandler DEFAULT = (type, message, error) -> {
        System.Logger.Level level = switch (type) {
            case QtDebugMsg -> System.Logger.Level.DEBUG;
            case QtInfoMsg -> System.Logger.Level.INFO;
            case QtWarningMsg -> System.Logger.Level.WARNING;
            case QtCriticalMsg, QtFatalMsg -> System.Logger.Level.ERROR;
        };
        if (error != null) {
            LOGGER.log(level, message, error);
        } else {
            LOGGER.log(level, message);
        }
    };

    private static volatile QtMessageHandler handler = DEFAULT;

    private Log() {
    }

    /** Installs {@code h} (null restores the default) and returns the previous handler. */
    public static QtMessageHandler install(QtMessageHandler h) {
        QtMessageHandler previous = handler;
        handler = h == null ? DEFAULT : h;
        return previous;
    }

    /** Reports a warning, as qWarning() does. */
    public static void warning(String message) {
        report(QtMsgType.QtWarningMsg, message, null);
    }

    /** Reports an exception that was caught so that an emission or event loop could go on. */
    public static void uncaught(String where, Throwable error) {
        report(QtMsgType.QtCriticalMsg, where + ": " + error, error);
    }

    private static void report(QtMsgType type, String message, Throwable error) {
        try {
            handler.handle(type, message, error);
        } catch (RuntimeException e) {
            DEFAULT.handle(QtMsgType.QtCriticalMsg, "message handler threw while reporting: " + message, e);
        }
    }
}
