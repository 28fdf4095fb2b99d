package io.qtj.network;

import io.qtj.core.QCoreApplication;
import io.qtj.test.QSignalSpy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QAbstractSocket; test names follow qtbase's
 * tests/auto/network/socket/qabstractsocket/tst_qabstractsocket.cpp (Qt 6: getSetCheck only) and
 * the Qt 5 revisions of that file, which also held serverDisconnectWithBuffered and
 * socketDiscardDataInWriteMode.
 *
 * <p>Ported: getSetCheck (readBufferSize part), serverDisconnectWithBuffered.
 *
 * <p>Not ported:
 * <ul>
 * <li>getSetCheck, localPort/peerPort part: Qt's protected setLocalPort/setPeerPort do not exist
 *     in qtj.</li>
 * <li>socketDiscardDataInWriteMode: needs connectToHost(host, port, OpenMode); qtj has only
 *     connectToHost(host, port), which always opens ReadWrite.</li>
 * </ul>
 */
@Timeout(60)
class QAbstractSocketTest {
    private static QCoreApplication app;

    @BeforeAll
    static void startApp() {
        if (QCoreApplication.instance() == null) {
            app = new QCoreApplication(new String[0]);
        }
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.dispose();
        }
    }

    /** Qt's MyAbstractSocket: a QAbstractSocket made directly, of type TcpSocket. */
    static final class MyAbstractSocket extends QAbstractSocket {
        MyAbstractSocket() {
            super(SocketType.TcpSocket, null);
        }
    }

    @Test
    void getSetCheck() {
        MyAbstractSocket obj1 = new MyAbstractSocket();
        assertEquals(QAbstractSocket.SocketType.TcpSocket, obj1.socketType());
        obj1.setReadBufferSize(0L);
        assertEquals(0L, obj1.readBufferSize());
        obj1.setReadBufferSize(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, obj1.readBufferSize());
        // Qt stores INT64_MIN as is; qtj treats a negative size as a programming error (documented deviation)
        assertThrows(IllegalArgumentException.class, () -> obj1.setReadBufferSize(Long.MIN_VALUE));
        assertEquals(0, obj1.localPort());
        assertEquals(0, obj1.peerPort());
        obj1.dispose();
        assertThrows(IllegalArgumentException.class, () -> new QAbstractSocket(null, null));
    }

    /** A buffered socket is properly closed when the remote end disconnects. */
    @Test
    void serverDisconnectWithBuffered() {
        QTcpServer tcpServer = new QTcpServer();
        QTcpSocket testSocket = new QTcpSocket();
        try {
            assertTrue(tcpServer.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost)));
            testSocket.connectToHost(tcpServer.serverAddress(), tcpServer.serverPort());
            // accept the connection on the server side
            assertTrue(tcpServer.waitForNewConnection(5000));
            QTcpSocket newConnection = tcpServer.nextPendingConnection();
            // send one byte and drop the link
            assertNotNull(newConnection);
            assertTrue(newConnection.putChar((byte) 0));
            assertTrue(newConnection.flush());
            newConnection.dispose();

            assertTrue(testSocket.waitForConnected(5000));
            assertEquals(QAbstractSocket.SocketState.ConnectedState, testSocket.state());
            QSignalSpy spyStateChanged = new QSignalSpy(testSocket.stateChanged);
            QSignalSpy spyDisconnected = new QSignalSpy(testSocket.disconnected);
            assertTrue(testSocket.waitForReadyRead(5000));
            byte[] buf = new byte[128];
            assertEquals(1, testSocket.read(buf, 0, buf.length));
            if (testSocket.state() != QAbstractSocket.SocketState.UnconnectedState) {
                assertTrue(testSocket.waitForDisconnected(5000));
                assertEquals(QAbstractSocket.SocketState.UnconnectedState, testSocket.state());
            }
            assertEquals(1, spyDisconnected.count());
            assertTrue(spyStateChanged.count() > 0);
            assertEquals(QAbstractSocket.SocketState.UnconnectedState, spyStateChanged.last().get(0));
        } finally {
            testSocket.dispose();
            tcpServer.dispose();
        }
    }
}
