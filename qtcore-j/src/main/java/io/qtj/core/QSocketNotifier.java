package io.qtj.core;

import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.Log;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

/**
 * Watches a channel for activity from the event loop, as Qt's QSocketNotifier watches a file
 * descriptor: {@link #activated} is emitted each time the loop finds the channel ready for the
 * notifier's {@link Type}. Readiness is level-triggered: disable the notifier while you cannot act
 * on it (a write notifier with nothing to write).
 *
 * <p>The channel is put in non-blocking mode. A Read notifier fires for readable data, or for a
 * pending connection on a {@code ServerSocketChannel}; a Write notifier fires for writable space,
 * or when a non-blocking connect finishes. Create, enable and disable the notifier in its own thread.
 *
 * <p>Differs from Qt: it takes a {@link SelectableChannel} instead of a descriptor, and
 * {@link Type#Exception} notifiers never fire (Java's selector has no out-of-band readiness).
 */
public class QSocketNotifier extends QObject {
    /** What the notifier waits for. */
    public enum Type {
        /** Data to read, or a connection to accept. */
        Read,
        /** Room to write, or a connect that finished. */
        Write,
        /** Exceptional conditions: never reported on the JVM. */
        Exception
    }

    /** This signal is emitted when the channel is ready for the notifier's type. */
    public final Signal0 activated = new Signal0(this);

    private final SelectableChannel channel;
    private final Type type;
    private boolean enabled;

    /**
     * Constructs an enabled notifier for {@code channel} and {@code type}, child of {@code parent}.
     *
     * @throws IllegalArgumentException if the channel or type is null, or the channel cannot be made
     *                                  non-blocking
     */
    public QSocketNotifier(SelectableChannel channel, Type type, QObject parent) {
        super(parent);
        if (channel == null) {
            throw new IllegalArgumentException("channel: null (expected: a SelectableChannel)");
        }
        if (type == null) {
            throw new IllegalArgumentException("type: null (expected: a QSocketNotifier.Type)");
        }
        this.channel = channel;
        this.type = type;
        try {
            channel.configureBlocking(false);
        } catch (IOException | java.nio.channels.IllegalBlockingModeException e) {
            throw new IllegalArgumentException("channel: " + channel + " cannot be made non-blocking: " + e, e);
        }
        setEnabled(true);
    }

    /** Returns the channel. */
    public SelectableChannel channel() {
        return channel;
    }

    /** Returns the type. */
    public Type type() {
        return type;
    }

    /** Returns true if the notifier is enabled. */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Enables or disables the notifier. A disabled notifier does not fire.
     *
     * @throws IllegalStateException if called from another thread
     */
    public void setEnabled(boolean enable) {
        checkAlive();
        checkThread("QSocketNotifier.setEnabled");
        if (enable == enabled) {
            return;
        }
        enabled = enable;
        apply(enable);
    }

    private void apply(boolean on) {
        if (type == Type.Exception) {
            return;
        }
        EventDispatcher.NotifierKind kind = type == Type.Read ? EventDispatcher.NotifierKind.READ
                : EventDispatcher.NotifierKind.WRITE;
        EventDispatcher d = threadData().dispatcher();
        if (on) {
            try {
                d.registerNotifier(channel, kind, this);
            } catch (ClosedChannelException e) {
                Log.warning("QSocketNotifier: " + this + ": the channel is closed; it will not fire");
            }
        } else {
            d.unregisterNotifier(channel, kind, this);
        }
    }

    @Override
    public boolean event(QEvent e) {
        int id = e.typeId();
        if (id == QEvent.Type.SockAct.id()) {
            if (enabled) {
                activated.emit();
            }
            return true;
        }
        if (id == QEvent.Type.ThreadChange.id()) {
            if (enabled) {
                apply(false);
                // posted now, moved with the object, run in the new thread
                QMetaObject.invokeMethod(this, () -> {
                    if (enabled) {
                        apply(true);
                    }
                }, Qt.ConnectionType.QueuedConnection);
            }
            return true;
        }
        return super.event(e);
    }

    /** Disables the notifier and disposes it; the channel is not closed. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        if (enabled && threadData().isCurrent()) {
            enabled = false;
            apply(false);
        }
        super.dispose();
    }
}
