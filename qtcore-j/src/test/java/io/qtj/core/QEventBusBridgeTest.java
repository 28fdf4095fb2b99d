package io.qtj.core;

import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(20)
class QEventBusBridgeTest {
    static final class Sender extends QObject {
        final Signal1<String> message = new Signal1<>(this);
        final Signal1<Integer> number = new Signal1<>(this);
    }

    static final class Listener {
        final List<Object> got = new ArrayList<>();

        @Subscribe
        public void on(String s) {
            got.add(s);
        }
    }

    @Test
    void publishPostsEmissionsOnTheBus() {
        EventBus bus = new EventBus("test");
        Listener l = new Listener();
        bus.register(l);
        Sender s = new Sender();
        QMetaObject.Connection c = QEventBusBridge.publish(s.message, bus);
        s.message.emit("one");
        s.message.emit(null);   // EventBus takes no nulls: not posted
        QObject.disconnect(c);
        s.message.emit("after disconnect");
        assertEquals(List.of("one"), l.got);
        s.dispose();
    }

    @Test
    void feedEmitsEventsOfTheType() {
        EventBus bus = new EventBus("test");
        Sender s = new Sender();
        List<Integer> got = new ArrayList<>();
        s.number.connect(got::add);
        try (QEventBusBridge.Subscription<Integer> sub = QEventBusBridge.feed(bus, Integer.class, s.number)) {
            bus.post(7);
            bus.post("not a number");
            bus.post(8);
            assertEquals(List.of(7, 8), got);
        }
        bus.post(9);
        assertEquals(List.of(7, 8), got, "closed: no more");
        s.dispose();
    }

    @Test
    void disposedSenderEndsPublishing() {
        EventBus bus = new EventBus("test");
        Listener l = new Listener();
        bus.register(l);
        Sender s = new Sender();
        QMetaObject.Connection c = QEventBusBridge.publish(s.message, bus);
        s.dispose();
        assertFalse(c.isConnected());
        assertThrows(IllegalArgumentException.class, () -> QEventBusBridge.publish(null, bus));
    }
}
