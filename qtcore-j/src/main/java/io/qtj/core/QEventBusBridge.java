package io.qtj.core;

import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;

/**
 * Connects qtj signals with a Guava {@link EventBus}, for programs that mix the two: a signal's
 * emissions can be {@linkplain #publish published} on a bus, and a bus's events of one type can
 * {@linkplain #feed feed} a signal. Not part of Qt.
 *
 * <p>Guava is an optional dependency of qtcore-j: only programs that call this class need it on
 * their class or module path.
 *
 * <p>Delivery follows each side's rules: events posted by {@code publish} reach subscribers as the
 * bus dispatches them (synchronously for a plain EventBus, on its executor for an AsyncEventBus);
 * events fed by {@code feed} are emitted in the posting thread, and the signal's connections then
 * queue them to their receivers' threads as usual.
 */
public final class QEventBusBridge {
    private QEventBusBridge() {
    }

    /**
     * Posts every value {@code signal} emits on {@code bus}, until the returned connection is broken
     * or the signal's sender is disposed.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static <A> QMetaObject.Connection publish(Signal1<A> signal, EventBus bus) {
        if (signal == null || bus == null) {
            throw new IllegalArgumentException("signal/bus: null (expected: a signal and an EventBus)");
        }
        return signal.connect(a -> {
            if (a != null) {
                bus.post(a);   // EventBus refuses null events
            }
        }, Qt.ConnectionType.DirectConnection);
    }

    /**
     * Emits {@code signal} with every event of {@code type} (or a subtype) posted on {@code bus}.
     * Returns the subscription; {@link Subscription#close()} ends it.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public static <A> Subscription<A> feed(EventBus bus, Class<A> type, Signal1<? super A> signal) {
        if (bus == null || type == null || signal == null) {
            throw new IllegalArgumentException("bus/type/signal: null (expected: an EventBus, a type and a signal)");
        }
        Subscription<A> s = new Subscription<>(bus, type, signal);
        bus.register(s);
        return s;
    }

    /**
     * A bus subscriber that emits a signal; returned by {@link #feed}. Closing it unregisters it.
     *
     * @param <A> the event type
     */
    public static final class Subscription<A> implements AutoCloseable {
        private final EventBus bus;
        private final Class<A> type;
        private final Signal1<? super A> signal;
        private boolean closed;

        private Subscription(EventBus bus, Class<A> type, Signal1<? super A> signal) {
            this.bus = bus;
            this.type = type;
            this.signal = signal;
        }

        /** Called by the bus for every event; emits those of the type. Not for application use. */
        @Subscribe
        public void onEvent(Object event) {
            if (type.isInstance(event)) {
                signal.emit(type.cast(event));
            }
        }

        /** Unregisters from the bus; calling it again does nothing. */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                bus.unregister(this);
            }
        }
    }
}
