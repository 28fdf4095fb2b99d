package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.core.internal.RingBuffer;
import io.qtj.network.QAbstractSocket.SocketState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * How a buffered socket's read notification sizes its reads ({@link SocketBuffers#readNotification}),
 * against an engine that serves a scripted byte stream: what the kernel holds is known exactly, so
 * the test can tell a read that found the socket empty (a system call for nothing) from one that
 * brought data. The real engine is covered end to end by {@code QTcpSocketTest}; here it is
 * isolated, because no socket API says how many reads a notification made.
 */
class SocketBuffersReadTest {
    private static final int CHUNK = RingBuffer.DIRECT_CHUNK_SIZE;

    /** The bytes "in the kernel": {@code sent - taken} of them, byte i worth {@code i % 251}. */
    private long sent;
    private long taken;
    /** What each read asked for (its maxLen), and what it brought, since the last {@link #notification}. */
    private final List<Integer> asked = new ArrayList<>();
    private final List<Integer> brought = new ArrayList<>();
    private long consumed;

    private QObject owner;
    private SocketFront front;
    private SocketBuffers buffers;

    @BeforeEach
    void setUp() {
        owner = new QObject();
        front = mock(SocketFront.class);
        when(front.isReadable()).thenReturn(true);
        SocketEngine engine = mock(SocketEngine.class);
        when(engine.read(any(RingBuffer.class), anyInt())).thenAnswer(inv -> {
            RingBuffer dst = inv.getArgument(0);
            int maxLen = inv.getArgument(1);
            int n = (int) Math.min(maxLen, sent - taken);
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) ((taken + i) % 251);
            }
            dst.append(bytes);
            taken += n;
            asked.add(maxLen);
            brought.add(n);
            return n;   // 0: nothing there, as a non-blocking read that would block
        });
        SocketStateMachine sm = new SocketStateMachine(owner, front, 30_000);
        sm.setEngine(engine);
        sm.setState(SocketState.ConnectedState);
        buffers = sm.io();
    }

    @AfterEach
    void tearDown() {
        owner.dispose();
    }

    /** The peer sends {@code bytes}; then the loop delivers a read notification and the application reads all. */
    private void notification(int bytes) {
        sent += bytes;
        asked.clear();
        brought.clear();
        buffers.readNotification();
        byte[] buf = new byte[8192];
        long n;
        while ((n = buffers.readData(buf, 0, buf.length)) > 0) {
            for (int i = 0; i < n; i++) {
                assertEquals((byte) ((consumed + i) % 251), buf[i], "byte " + (consumed + i));
            }
            consumed += n;
        }
    }

    @Test
    void aChunkSizedPayloadPerPassCostsOneReadOnceTheFirstHasFilledAChunk() {
        notification(CHUNK);
        // the first read came back full: only a second read can tell that nothing more is there
        assertEquals(List.of(CHUNK, CHUNK, CHUNK * 3), List.of(asked.get(0), brought.get(0), asked.get(1)));
        assertEquals(0, brought.get(1));
        for (int i = 0; i < 20; i++) {
            notification(CHUNK);
            assertEquals(List.of(2 * CHUNK), asked, "payload " + i + ": one read, with room to spare");
            assertEquals(List.of(CHUNK), brought);
        }
        assertEquals(21L * CHUNK, consumed);
        verify(front, times(21)).emitReadyRead();
    }

    @Test
    void smallMessagesKeepTheOneChunkRead() {
        for (int i = 0; i < 10; i++) {
            notification(1024);
            assertEquals(List.of(CHUNK), asked);
            assertEquals(List.of(1024), brought);
        }
    }

    @Test
    void theWideReadNarrowsAgainWhenMessagesShrink() {
        notification(CHUNK);
        notification(CHUNK);
        assertEquals(List.of(2 * CHUNK), asked);
        notification(100);
        assertEquals(List.of(2 * CHUNK), asked);   // decided by the read before it
        notification(100);
        assertEquals(List.of(CHUNK), asked);
        assertEquals(2L * CHUNK + 200, consumed);
    }

    @Test
    void aBacklogIsReadInQuarterMebibytesAndArrivesWholeAndInOrder() {
        int backlog = 1024 * 1024 + 17;
        notification(backlog);   // one notification takes at most 256 KiB; the rest stays for the next
        assertEquals(256 * 1024, brought.stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of(CHUNK, 3 * CHUNK), asked);
        for (int i = 0; i < 3; i++) {
            notification(0);
            assertEquals(List.of(2 * CHUNK, 2 * CHUNK), asked, "a full first read is followed by one for the rest");
            assertEquals(List.of(2 * CHUNK, 2 * CHUNK), brought);
        }
        notification(0);
        assertEquals(List.of(17), brought);
        assertEquals(backlog, consumed);
    }
}
