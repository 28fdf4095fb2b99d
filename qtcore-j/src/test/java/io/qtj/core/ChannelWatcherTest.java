package io.qtj.core;

import io.qtj.core.internal.ChannelWatcher;
import io.qtj.core.internal.EventDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher's internal channel watchers (what the socket engines use instead of notifiers). */
@Timeout(20)
class ChannelWatcherTest {
    /** A watcher whose interest the test sets, recording each call. */
    private static final class Watcher implements ChannelWatcher {
        final QObject owner;
        final List<Integer> calls = new ArrayList<>();
        int interest;
        IntConsumer onReady = kind -> { };

        Watcher(QObject owner, int interest) {
            this.owner = owner;
            this.interest = interest;
        }

        @Override
        public int interest() {
            return interest;
        }

        @Override
        public void channelReady(int kind) {
            calls.add(kind);
            onReady.accept(kind);
        }

        @Override
        public QObject owner() {
            return owner;
        }
    }

    private static EventDispatcher dispatcher(QObject owner) {
        EventDispatcher d = EventDispatcher.currentFor(owner);
        assertTrue(d != null, "the owner lives in this thread");
        return d;
    }

    /** registerWatcher, for callbacks (which cannot throw its checked exception). */
    private static void update(EventDispatcher d, java.nio.channels.SelectableChannel ch, ChannelWatcher w) {
        try {
            d.registerWatcher(ch, w);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(Pipe pipe) {
        try {
            pipe.source().read(ByteBuffer.allocate(64));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWatcherIsCalledForWhatItsInterestAsksOnly() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        QObject owner = new QObject();
        try {
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            w.onReady = kind -> drain(pipe);
            EventDispatcher d = dispatcher(owner);
            d.registerWatcher(pipe.source(), w);
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            assertTrue(Loops.waitFor(() -> w.calls.size() == 1, 5000));
            assertEquals(List.of(ChannelWatcher.READ), w.calls);

            w.interest = 0;
            d.registerWatcher(pipe.source(), w);
            pipe.sink().write(ByteBuffer.wrap(new byte[]{2}));
            QCoreApplication.processEvents(30);
            assertEquals(1, w.calls.size(), "no call without interest");

            w.interest = ChannelWatcher.READ;
            d.registerWatcher(pipe.source(), w);
            assertTrue(Loops.waitFor(() -> w.calls.size() == 2, 5000), "level-triggered: still readable");
            d.unregisterWatcher(pipe.source(), w);
        } finally {
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aChannelIsRegisteredWhenTheLoopNextWaits() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        QObject owner = new QObject();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            w.onReady = kind -> drain(pipe);
            dispatcher(owner).registerWatcher(pipe.source(), w);
            assertFalse(pipe.source().isRegistered(), "registered before the loop waits");
            assertTrue(Loops.waitFor(() -> w.calls.size() == 1, 5000));
            assertTrue(pipe.source().isRegistered());
            dispatcher(owner).unregisterWatcher(pipe.source(), w);
        } finally {
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aChannelUnwatchedBeforeTheLoopWaitsIsNeverRegisteredAndClosesAtOnce() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        QObject owner = new QObject();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            dispatcher(owner).registerWatcher(pipe.source(), w);
            dispatcher(owner).unregisterWatcher(pipe.source(), w);
            QCoreApplication.processEvents();
            assertFalse(pipe.source().isRegistered());
            assertEquals(List.of(), w.calls);
            pipe.source().close();
            assertThrows(IOException.class, () -> pipe.sink().write(ByteBuffer.wrap(new byte[]{2})));
        } finally {
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void ofSeveralChannelsWaitingForTheLoopOnlyTheOneUnwatchedStaysUnregistered() throws IOException {
        Pipe[] pipes = new Pipe[12];   // more than the pending list holds at first
        Watcher[] watchers = new Watcher[pipes.length];
        List<List<Integer>> got = new ArrayList<>();   // per watcher: what each call read from its pipe
        QObject owner = new QObject();
        try {
            EventDispatcher d = dispatcher(owner);
            for (int i = 0; i < pipes.length; i++) {
                Pipe p = Pipe.open();
                pipes[i] = p;
                p.source().configureBlocking(false);
                if (i % 2 == 0 || i == 5) {   // the odd ones stay silent: a mix-up of channels shows
                    p.sink().write(ByteBuffer.wrap(new byte[]{(byte) i}));
                }
                watchers[i] = new Watcher(owner, ChannelWatcher.READ);
                List<Integer> mine = new ArrayList<>();
                got.add(mine);
                watchers[i].onReady = kind -> {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    try {
                        mine.add(p.source().read(b) == 1 ? (int) b.get(0) : -1);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
                d.registerWatcher(p.source(), watchers[i]);
            }
            d.unregisterWatcher(pipes[5].source(), watchers[5]);     // from the middle
            watchers[2].interest = 0;
            d.registerWatcher(pipes[2].source(), watchers[2]);      // no interest: withdrawn too
            watchers[2].interest = ChannelWatcher.READ;
            d.registerWatcher(pipes[2].source(), watchers[2]);      // and back
            assertTrue(Loops.waitFor(() -> {
                for (int i = 0; i < pipes.length; i++) {
                    if (i % 2 == 0 && got.get(i).isEmpty()) {
                        return false;
                    }
                }
                return true;
            }, 5000), "every watched channel's data delivered");
            QCoreApplication.processEvents(30);   // a channel left readable would call again
            for (int i = 0; i < pipes.length; i++) {
                assertEquals(i % 2 == 0 ? List.of(i) : List.of(), got.get(i),
                        "watcher " + i + " called once if its own channel has data");
            }
            assertFalse(pipes[5].source().isRegistered());
            assertTrue(pipes[2].source().isRegistered());
            for (int i = 0; i < pipes.length; i++) {
                d.unregisterWatcher(pipes[i].source(), watchers[i]);
            }
        } finally {
            owner.dispose();
            for (Pipe p : pipes) {
                if (p != null) {
                    p.source().close();
                    p.sink().close();
                }
            }
        }
    }

    @Test
    void aWriteWatcherIsCalledWhileWritable() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        QObject owner = new QObject();
        try {
            Watcher w = new Watcher(owner, ChannelWatcher.WRITE);
            EventDispatcher d = dispatcher(owner);
            w.onReady = kind -> {
                if (w.calls.size() == 3) {
                    w.interest = 0;
                    update(d, pipe.sink(), w);
                }
            };
            d.registerWatcher(pipe.sink(), w);
            assertTrue(Loops.waitFor(() -> w.calls.size() == 3, 5000));
            QCoreApplication.processEvents(30);
            assertEquals(List.of(ChannelWatcher.WRITE, ChannelWatcher.WRITE, ChannelWatcher.WRITE), w.calls);
        } finally {
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void deleteLaterFromACallbackWaitsForTheLoopAsFromAnEventHandler() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        QObject owner = new QObject();
        try {
            List<String> seen = new ArrayList<>();
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            w.onReady = kind -> {
                drain(pipe);
                dispatcher(owner).unregisterWatcher(pipe.source(), w);
                owner.deleteLater();
                // a loop started after deleteLater() does not run it; it would if the callback
                // did not count as a delivery (the scope level)
                QEventLoop nested = new QEventLoop();
                QTimer.singleShot(20, nested, nested::quit);
                nested.exec();
                nested.dispose();
                seen.add("disposed in the callback: " + owner.isDisposed());
            };
            dispatcher(owner).registerWatcher(pipe.source(), w);
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            assertTrue(Loops.waitFor(owner::isDisposed, 5000), "disposed once back in the loop: " + seen);
            assertEquals(List.of("disposed in the callback: false"), seen);
        } finally {
            if (!owner.isDisposed()) {
                owner.dispose();
            }
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void anExceptionFromACallbackIsReportedAndTheLoopGoesOn() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        QObject owner = new QObject();
        owner.setObjectName("watched");
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        QtMessageHandler previous = Qt.installMessageHandler((t, m, e) -> {
            messages.add(t + " " + m);
            errors.add(e);
        });
        try {
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            RuntimeException boom = new IllegalStateException("boom");
            w.onReady = kind -> {
                drain(pipe);
                if (w.calls.size() == 1) {
                    throw boom;
                }
            };
            dispatcher(owner).registerWatcher(pipe.source(), w);
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            assertTrue(Loops.waitFor(() -> w.calls.size() == 1, 5000));
            pipe.sink().write(ByteBuffer.wrap(new byte[]{2}));
            assertTrue(Loops.waitFor(() -> w.calls.size() == 2, 5000), "called again after throwing");
            assertEquals(1, messages.size(), messages.toString());
            assertTrue(messages.get(0).startsWith("QtCriticalMsg read readiness of QObject(watched): "),
                    messages.get(0));
            assertSame(boom, errors.get(0));
            dispatcher(owner).unregisterWatcher(pipe.source(), w);
        } finally {
            Qt.installMessageHandler(previous);
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aWatcherUnregisteredByAnEarlierCallbackOfTheSamePassIsNotCalled() throws IOException {
        Pipe a = Pipe.open();
        Pipe b = Pipe.open();
        a.source().configureBlocking(false);
        b.source().configureBlocking(false);
        QObject owner = new QObject();
        try {
            EventDispatcher d = dispatcher(owner);
            Watcher wa = new Watcher(owner, ChannelWatcher.READ);
            Watcher wb = new Watcher(owner, ChannelWatcher.READ);
            // whichever runs first stops both: both are ready in the same pass
            wa.onReady = kind -> {
                d.unregisterWatcher(a.source(), wa);
                d.unregisterWatcher(b.source(), wb);
            };
            wb.onReady = kind -> {
                d.unregisterWatcher(b.source(), wb);
                d.unregisterWatcher(a.source(), wa);
            };
            d.registerWatcher(a.source(), wa);
            d.registerWatcher(b.source(), wb);
            QCoreApplication.processEvents();   // registers both
            a.sink().write(ByteBuffer.wrap(new byte[]{1}));
            b.sink().write(ByteBuffer.wrap(new byte[]{1}));
            assertTrue(Loops.waitFor(() -> wa.calls.size() + wb.calls.size() >= 1, 5000));
            QCoreApplication.processEvents(30);
            assertEquals(1, wa.calls.size() + wb.calls.size(), "a: " + wa.calls.size() + " calls, b: " + wb.calls.size());
        } finally {
            owner.dispose();
            a.source().close();
            a.sink().close();
            b.source().close();
            b.sink().close();
        }
    }

    @Test
    void readComesFirstAndAWriteInterestItDropsIsNotCalledInTheSamePass() throws IOException {
        QObject owner = new QObject();
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open()) {
            listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(listener.getLocalAddress());
                 java.nio.channels.SocketChannel peer = listener.accept()) {
                ch.configureBlocking(false);
                EventDispatcher d = dispatcher(owner);
                Watcher w = new Watcher(owner, ChannelWatcher.READ | ChannelWatcher.WRITE);
                w.onReady = kind -> {
                    try {
                        ch.read(ByteBuffer.allocate(16));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    w.interest = ChannelWatcher.READ;   // WRITE, ready in the same pass, must not follow
                    update(d, ch, w);
                };
                d.registerWatcher(ch, w);
                peer.write(ByteBuffer.wrap(new byte[]{1}));   // readable and writable at the first select
                assertTrue(Loops.waitFor(() -> !w.calls.isEmpty(), 5000));
                QCoreApplication.processEvents(30);
                assertEquals(List.of(ChannelWatcher.READ), w.calls);
            }
        } finally {
            owner.dispose();
        }
    }

    @Test
    void aChannelWatchedByNotifiersCannotBeWatchedByAWatcherNorTheOtherWayRound() throws IOException {
        Pipe pipe = Pipe.open();
        QObject owner = new QObject();
        QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
        try {
            Watcher w = new Watcher(owner, ChannelWatcher.READ);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> dispatcher(owner).registerWatcher(pipe.source(), w));
            assertTrue(e.getMessage().contains("already watched by notifiers"), e.getMessage());
            n.dispose();
            pipe.sink().configureBlocking(false);
            Watcher writer = new Watcher(owner, ChannelWatcher.WRITE);
            dispatcher(owner).registerWatcher(pipe.sink(), writer);
            IllegalStateException e2 = assertThrows(IllegalStateException.class,
                    () -> new QSocketNotifier(pipe.sink(), QSocketNotifier.Type.Write, null));
            assertTrue(e2.getMessage().contains("the socket engine of QObject"), e2.getMessage());
            dispatcher(owner).unregisterWatcher(pipe.sink(), writer);
        } finally {
            if (!n.isDisposed()) {
                n.dispose();
            }
            owner.dispose();
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void anOwnerWithNoThreadHasNoDispatcher() {
        QObject owner = new QObject();
        assertTrue(EventDispatcher.currentFor(owner) != null);
        owner.moveToThread(null);
        assertEquals(null, EventDispatcher.currentFor(owner));
        owner.dispose();
    }
}
