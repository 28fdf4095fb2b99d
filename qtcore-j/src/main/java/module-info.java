/**
 * qtcore-j: Qt's object model (QObject, signals and slots, events, timers), its event loops and
 * threads, and its I/O devices, in pure Java. The package {@code io.qtj.core.internal} is exported
 * only to qtj's own modules; it is not API.
 */
module io.qtj.core {
    requires static com.google.common;   // only QEventBusBridge; optional at run time
    exports io.qtj.core;
    exports io.qtj.core.internal to io.qtj.network, io.qtj.test;
}
