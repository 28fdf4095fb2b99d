package io.qtj.core;

/** The kinds of message a {@link QtMessageHandler} receives, as Qt's QtMsgType. */
public enum QtMsgType {
    /** A debug message (qDebug). */
    QtDebugMsg,
    /** A warning (qWarning): misuse that Qt reports without failing, or an exception a slot threw. */
    QtWarningMsg,
    /** A critical error (qCritical), e.g. an exception thrown by a slot or an event handler. */
    QtCriticalMsg,
    /** A fatal error (qFatal). qtj never ends the process for it. */
    QtFatalMsg,
    /** An informational message (qInfo). */
    QtInfoMsg
}
