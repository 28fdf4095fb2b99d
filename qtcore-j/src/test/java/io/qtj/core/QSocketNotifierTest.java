package io.qtj.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class QSocketNotifierTest {
    @Test
    void readNotifierFiresWhenDataArrivesAndNotWhenDisabled() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
            assertTrue(n.isEnabled());
            assertEquals(QSocketNotifier.Type.Read, n.type());
            AtomicInteger fired = new AtomicInteger();
            ByteBuffer buf = ByteBuffer.allocate(16);
            n.activated.connect(() -> {
                fired.incrementAndGet();
                try {
                    buf.clear();
                    pipe.source().read(buf);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            QCoreApplication.processEvents();
            assertEquals(0, fired.get());
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
            assertTrue(Loops.waitFor(() -> fired.get() == 1, 5000));
            assertEquals(3, buf.position());
            n.setEnabled(false);
            pipe.sink().write(ByteBuffer.wrap(new byte[]{4}));
            QCoreApplication.processEvents(30);
            assertEquals(1, fired.get());
            n.setEnabled(true);
            assertTrue(Loops.waitFor(() -> fired.get() == 2, 5000));
            n.dispose();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aChannelIsRegisteredWhenTheLoopNextWaitsAndWhatIsReadyThenFires() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
            AtomicInteger fired = new AtomicInteger();
            n.activated.connect(() -> {
                fired.incrementAndGet();
                n.setEnabled(false);
            });
            assertFalse(pipe.source().isRegistered(), "registered before the loop waits");
            assertTrue(Loops.waitFor(() -> fired.get() == 1, 5000));
            assertTrue(pipe.source().isRegistered());
            n.dispose();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aChannelWhoseNotifierGoesBeforeTheLoopWaitsIsNeverRegisteredAndClosesAtOnce() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
            AtomicInteger fired = new AtomicInteger();
            n.activated.connect(fired::incrementAndGet);
            n.setEnabled(false);
            n.dispose();
            QCoreApplication.processEvents();
            assertFalse(pipe.source().isRegistered());
            assertEquals(0, fired.get());
            // NIO closes a registered channel only at the selector's next select; this one is
            // closed by close() itself, so the writer sees the broken pipe at once
            pipe.source().close();
            assertThrows(IOException.class, () -> pipe.sink().write(ByteBuffer.wrap(new byte[]{2})));
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void aChannelClosedBeforeTheLoopWaitsIsDroppedQuietly() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
            QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
            AtomicInteger fired = new AtomicInteger();
            n.activated.connect(fired::incrementAndGet);
            pipe.source().close();
            QCoreApplication.processEvents();
            assertEquals(0, fired.get());
            assertFalse(pipe.source().isRegistered());
            n.dispose();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void writeNotifierFiresWhileWritable() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            QSocketNotifier n = new QSocketNotifier(pipe.sink(), QSocketNotifier.Type.Write, null);
            AtomicInteger fired = new AtomicInteger();
            n.activated.connect(() -> {
                if (fired.incrementAndGet() == 3) {
                    n.setEnabled(false);
                }
            });
            assertTrue(Loops.waitFor(() -> fired.get() == 3, 5000));
            assertFalse(n.isEnabled());
            n.dispose();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void enablingFromAnotherThreadThrows() throws Exception {
        Pipe pipe = Pipe.open();
        QSocketNotifier n = new QSocketNotifier(pipe.source(), QSocketNotifier.Type.Read, null);
        Throwable[] caught = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                n.setEnabled(false);
            } catch (Throwable e) {
                caught[0] = e;
            }
        });
        t.start();
        t.join(5000);
        assertTrue(caught[0] instanceof IllegalStateException);
        n.dispose();
        pipe.source().close();
        pipe.sink().close();
        assertThrows(IllegalArgumentException.class, () -> new QSocketNotifier(null, QSocketNotifier.Type.Read, null));
    }
}
