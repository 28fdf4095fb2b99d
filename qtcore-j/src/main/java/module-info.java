/**
 * qtcore-j: Qt's object model (QObject, signals and slots, events, timers), its event loops and
 * threads, and its I/O devices (QIODevice, QBuffer, QByteArray, QDataStream), in pure Java.
 */
module io.qtj.core {
    exports io.qtj.core;
}
