package io.qtj.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.qtj.core.Qt.ConnectionType.DirectConnection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Emission when every connection is a DirectConnection called the same way: the fast path that
 * calls the slots without testing each connection. It must keep every rule of the general path:
 * a connection broken or made during the emission, a receiver disposed by a slot, a throwing slot,
 * sender(), nested emission of the same signal.
 */
@Timeout(20)
class DirectEmissionTest {
    static final class Sender extends QObject {
        final Signal1<Integer> valueChanged = new Signal1<>(this);
        final Signal0 fired = new Signal0(this);
    }

    static final class Receiver extends QObject {
        final List<Object> got = new CopyOnWriteArrayList<>();
        QObject seenSender;

        void take(int v) {
            got.add(v);
            seenSender = sender();
        }
    }

    private final List<QObject> toDispose = new ArrayList<>();

    private <T extends QObject> T track(T o) {
        toDispose.add(o);
        return o;
    }

    @AfterEach
    void cleanup() {
        for (QObject o : toDispose) {
            if (!o.isDisposed()) {
                o.dispose();
            }
        }
    }

    @Test
    void everySlotRunsInOrderWithItsSender() {
        Sender s = track(new Sender());
        List<Receiver> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Receiver r = track(new Receiver());
            rs.add(r);
            s.valueChanged.connect(r, r::take, DirectConnection);
        }
        s.valueChanged.emit(3);
        s.valueChanged.emit(4);
        for (Receiver r : rs) {
            assertEquals(List.of(3, 4), r.got);
            assertSame(s, r.seenSender);
            assertEquals(null, r.sender(), "no sender outside the emission");
        }
    }

    @Test
    void aConnectionBrokenByAnEarlierSlotIsNotCalled() {
        Sender s = track(new Sender());
        List<String> calls = new ArrayList<>();
        QMetaObject.Connection[] later = new QMetaObject.Connection[1];
        s.valueChanged.connect(v -> {
            calls.add("first");
            later[0].disconnect();
        }, DirectConnection);
        s.valueChanged.connect(v -> calls.add("second"), DirectConnection);
        later[0] = s.valueChanged.connect(v -> calls.add("third"), DirectConnection);
        s.valueChanged.connect(v -> calls.add("fourth"), DirectConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of("first", "second", "fourth"), calls);
    }

    @Test
    void aSlotThatChangesAnotherSignalsConnectionsLeavesTheRestOfTheEmissionWhole() {
        // any connection change sends the rest of the emission to the general loop: it must still
        // call every remaining slot once, in order, with the right sender
        Sender s = track(new Sender());
        Sender other = track(new Sender());
        Receiver r1 = track(new Receiver());
        Receiver r2 = track(new Receiver());
        List<String> calls = new ArrayList<>();
        s.valueChanged.connect(v -> {
            calls.add("first");
            other.fired.connect(() -> calls.add("other"), DirectConnection);
        }, DirectConnection);
        s.valueChanged.connect(r1, r1::take, DirectConnection);
        s.valueChanged.connect(v -> calls.add("third"), DirectConnection);
        s.valueChanged.connect(r2, r2::take, DirectConnection);
        s.valueChanged.emit(5);
        assertEquals(List.of("first", "third"), calls);
        assertEquals(List.of(5), r1.got);
        assertEquals(List.of(5), r2.got);
        assertSame(s, r1.seenSender);
        assertSame(s, r2.seenSender);
        other.fired.emit();
        assertEquals(List.of("first", "third", "other"), calls);
    }

    @Test
    void aDisconnectFromAnotherThreadHoldsForEveryLaterEmission() throws Exception {
        Sender s = track(new Sender());
        Receiver kept = track(new Receiver());
        Receiver dropped = track(new Receiver());
        s.valueChanged.connect(kept, kept::take, DirectConnection);
        QMetaObject.Connection c = s.valueChanged.connect(dropped, dropped::take, DirectConnection);
        s.valueChanged.emit(1);
        Thread other = new Thread(() -> QObject.disconnect(c));
        other.start();
        other.join(5000);
        assertFalse(other.isAlive());
        for (int i = 2; i <= 1000; i++) {
            s.valueChanged.emit(i);
        }
        assertEquals(List.of(1), dropped.got);
        assertEquals(1000, kept.got.size());
    }

    @Test
    void aConnectionMadeDuringTheEmissionWaitsForTheNextOne() {
        Sender s = track(new Sender());
        List<String> calls = new ArrayList<>();
        s.fired.connect(() -> {
            calls.add("first");
            if (calls.size() == 1) {
                s.fired.connect(() -> calls.add("added"), DirectConnection);
            }
        }, DirectConnection);
        s.fired.connect(() -> calls.add("second"), DirectConnection);
        s.fired.emit();
        assertEquals(List.of("first", "second"), calls);
        s.fired.emit();
        assertEquals(List.of("first", "second", "first", "second", "added"), calls);
    }

    @Test
    void aReceiverDisposedByAnEarlierSlotIsNotCalled() {
        Sender s = track(new Sender());
        Receiver doomed = new Receiver();
        Receiver kept = track(new Receiver());
        s.valueChanged.connect(v -> doomed.dispose(), DirectConnection);
        s.valueChanged.connect(doomed, doomed::take, DirectConnection);
        s.valueChanged.connect(kept, kept::take, DirectConnection);
        s.valueChanged.emit(9);
        assertEquals(List.of(), doomed.got);
        assertEquals(List.of(9), kept.got);
        assertSame(s, kept.seenSender);
    }

    @Test
    void aThrowingSlotIsReportedAndTheOthersStillRun() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        List<String> messages = new CopyOnWriteArrayList<>();
        QtMessageHandler previous = Qt.installMessageHandler((t, m, e) -> messages.add(m));
        try {
            s.valueChanged.connect(v -> {
                throw new IllegalStateException("boom " + v);
            }, DirectConnection);
            s.valueChanged.connect(r, r::take, DirectConnection);
            s.valueChanged.connect(v -> {
                throw new IllegalStateException("last " + v);
            }, DirectConnection);
            s.valueChanged.emit(5);
            assertEquals(List.of(5), r.got);
            assertSame(s, r.seenSender);
            assertEquals(2, messages.size(), messages.toString());
            assertTrue(messages.get(0).contains("boom 5") && messages.get(1).contains("last 5"), messages.toString());
        } finally {
            Qt.installMessageHandler(previous);
        }
    }

    @Test
    void aNestedEmissionOfTheSameSignalKeepsSenderRight() {
        Sender s = track(new Sender());
        Receiver inner = track(new Receiver());
        List<Object> seen = new ArrayList<>();
        Receiver outer = track(new Receiver());
        s.valueChanged.connect(outer, v -> {
            if (v < 3) {
                s.valueChanged.emit(v + 1);
            }
            seen.add(v + "/" + (outer.sender() == s));
        }, DirectConnection);
        s.valueChanged.connect(inner, inner::take, DirectConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of("3/true", "2/true", "1/true"), seen);
        assertEquals(List.of(3, 2, 1), inner.got);
    }

    @Test
    void aReceiverWhoseSlotEmitsKeepsItsSenderWhileTheNestedSlotsRun() {
        Sender s = track(new Sender());
        Sender t = track(new Sender());
        Sender u = track(new Sender());
        Receiver a = track(new Receiver());
        Receiver b = track(new Receiver());
        Receiver c = track(new Receiver());
        List<QObject> seen = new ArrayList<>();
        s.valueChanged.connect(a, v -> t.fired.emit(), DirectConnection);
        t.fired.connect(b, () -> u.fired.emit(), DirectConnection);
        u.fired.connect(c, () -> {
            // Qt keeps the sender per receiver: every slot still on the stack answers for its own
            seen.add(a.sender());
            seen.add(b.sender());
            seen.add(c.sender());
        }, DirectConnection);
        t.fired.connect(c, () -> seen.add(a.sender()), DirectConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of(s, t, u, s), seen);
        assertEquals(null, a.sender(), "no slot of a runs any more");
        assertEquals(null, b.sender());
        seen.clear();
        t.fired.emit();   // not nested in a slot of a: a has no sender
        assertEquals(java.util.Arrays.asList(null, t, u, null), seen);
    }

    @Test
    void aReceiverWhoseSlotDeliversQueuedCallsKeepsItsSenderMeanwhile() {
        Sender s = track(new Sender());
        Sender t = track(new Sender());
        Receiver a = track(new Receiver());
        Receiver c = track(new Receiver());
        List<QObject> seen = new ArrayList<>();
        t.fired.connect(c, () -> {
            seen.add(a.sender());
            seen.add(c.sender());
        }, Qt.ConnectionType.QueuedConnection);
        t.fired.connect(a, () -> seen.add(a.sender()), Qt.ConnectionType.QueuedConnection);
        s.valueChanged.connect(a, v -> {
            t.fired.emit();
            QCoreApplication.sendPostedEvents();   // a nested loop, in short
            seen.add(a.sender());
        }, DirectConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of(s, t, t, s), seen);
        assertEquals(null, a.sender());
    }

    @Test
    void blockedSignalsCallNothing() {
        Sender s = track(new Sender());
        Receiver r = track(new Receiver());
        s.valueChanged.connect(r, r::take, DirectConnection);
        s.blockSignals(true);
        s.valueChanged.emit(1);
        s.blockSignals(false);
        s.valueChanged.emit(2);
        assertEquals(List.of(2), r.got);
    }

    @Test
    void mixedConnectionTypesStillFollowEachType() {
        Sender s = track(new Sender());
        List<String> calls = new ArrayList<>();
        s.valueChanged.connect(v -> calls.add("direct " + v), DirectConnection);
        s.valueChanged.connect(v -> calls.add("queued " + v), Qt.ConnectionType.QueuedConnection);
        s.valueChanged.connect(() -> calls.add("no-arg"), DirectConnection);
        s.valueChanged.emit(1);
        assertEquals(List.of("direct 1", "no-arg"), calls);
        QCoreApplication.sendPostedEvents();
        assertEquals(List.of("direct 1", "no-arg", "queued 1"), calls);
    }
}
