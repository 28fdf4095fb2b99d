package io.qtj.samples;

import io.qtj.core.QByteArray;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QDataStream;
import io.qtj.core.QIODevice;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Signal1;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QHostAddress;
import io.qtj.network.QTcpServer;
import io.qtj.network.QTcpSocket;

import java.io.PrintStream;
import java.util.List;

/**
 * Port of Qt's Threaded Fortune Server example (examples/network/threadedfortuneserver, class
 * {@code FortuneServer}): a {@link QTcpServer} subclass whose {@link #incomingConnection(long)}
 * hands each accepted descriptor to a new {@link FortuneThread}, which adopts it with
 * {@link QAbstractSocket#setSocketDescriptor(long)}, writes the fortune and waits, blocking, for
 * the disconnection. The main thread only accepts. The wire format is the Fortune Server's.
 *
 * <p>Differs from Qt: the stream version is {@code Qt_5_10} (Qt's threaded example still says
 * {@code Qt_4_0}; the bytes of a QString are the same); a thread's {@link FortuneThread#error}
 * is reported on standard error, where Qt's example leaves it unconnected; when the server stops
 * it waits for the threads still running (a running QThread cannot be disposed).
 */
public class ThreadedFortuneServer extends QTcpServer {
    private static final String USAGE = "threaded-fortune-server [--host ADDR] [--port N] [--fortune 0..7]";
    /** How long {@link #dispose()} waits for each connection thread still running. */
    private static final int THREAD_JOIN_MS = 30_000;

    private final int fixedFortune;
    private final PrintStream err;

    /**
     * Constructs a server that is not listening yet and will serve fortune {@code fixedFortune}, or
     * a random one per connection when it is -1; a connection thread's error goes to {@code err}.
     */
    public ThreadedFortuneServer(int fixedFortune, PrintStream err, QObject parent) {
        super(parent);
        Fortunes.pick(fixedFortune);   // checks the index
        this.fixedFortune = fixedFortune;
        this.err = err;
    }

    /** Starts a {@link FortuneThread}, a child of this server, for the accepted connection. */
    @Override
    protected void incomingConnection(long socketDescriptor) {
        String fortune = Fortunes.pick(fixedFortune);
        FortuneThread thread = new FortuneThread(socketDescriptor, fortune, this);
        thread.finished.connect(thread, thread::deleteLater);
        thread.error.connect(this, e -> err.println("error: connection thread: " + e));
        thread.start();
    }

    /** Stops listening, waits for the connection threads still running, then disposes the server. */
    @Override
    public void dispose() {
        if (isDisposed()) {
            return;
        }
        close();
        for (FortuneThread t : findChildren(FortuneThread.class, null)) {
            if (!t.join(THREAD_JOIN_MS)) {
                err.println("error: " + t + " did not finish in " + THREAD_JOIN_MS + " ms");
            }
        }
        super.dispose();
    }

    /**
     * Qt's {@code FortuneThread} of the threaded server: serves one connection, given as a socket
     * descriptor, from its own thread with the blocking API, then finishes.
     */
    public static final class FortuneThread extends QThread {
        /** This signal is emitted, from the thread, when the descriptor cannot be adopted. */
        public final Signal1<QAbstractSocket.SocketError> error = new Signal1<>(this);

        private final long socketDescriptor;
        private final String text;

        /** Constructs a thread, not started, that will send {@code fortune} on {@code socketDescriptor}. */
        public FortuneThread(long socketDescriptor, String fortune, QObject parent) {
            super(parent);
            this.socketDescriptor = socketDescriptor;
            this.text = fortune;
        }

        /** Adopts the descriptor, writes the fortune, disconnects and waits until it is done. */
        @Override
        protected void run() {
            QTcpSocket tcpSocket = new QTcpSocket();   // lives in this thread, like Qt's stack object
            try {
                if (!tcpSocket.setSocketDescriptor(socketDescriptor)) {
                    QTcpServer.closeDescriptor(socketDescriptor);
                    error.emit(tcpSocket.error());
                    return;
                }

                QByteArray block = new QByteArray();
                QDataStream out = new QDataStream(block, QIODevice.OpenModeFlag.WriteOnly);
                out.setVersion(QDataStream.Qt_5_10);
                out.writeString(text);

                tcpSocket.write(block);
                tcpSocket.disconnectFromHost();
                if (tcpSocket.state() != QAbstractSocket.SocketState.UnconnectedState) {
                    tcpSocket.waitForDisconnected(30_000);   // Qt's default timeout
                }
            } finally {
                tcpSocket.dispose();   // the C++ destructor at the end of run()
            }
        }

        @Override
        public String toString() {
            return "FortuneThread(descriptor " + socketDescriptor + ")";
        }
    }

    /**
     * Runs the sample, {@code threaded-fortune-server [--host ADDR] [--port N] [--fortune I]}: prints
     * the status line, serves until standard input closes, and returns the exit code (0; 1 if it
     * cannot listen; 2 for a bad option).
     */
    public static int run(String[] args) {
        return run(args, Stdio.OUT, Stdio.ERR);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        QHostAddress address;
        int port;
        int fortune;
        try {
            CommandLine cl = CommandLine.parse(args, USAGE, List.of("--host", "--port", "--fortune"));
            address = cl.listenAddress();
            port = cl.port(0, 0);
            fortune = cl.fortune();
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        QCoreApplication app = new QCoreApplication(args);
        ThreadedFortuneServer server = new ThreadedFortuneServer(fortune, err, null);
        try {
            // Qt's Dialog: listen, then show where
            if (!server.listen(address, port)) {
                err.println("error: " + server.errorString());
                return 1;
            }
            out.println("The server is running on IP: " + server.serverAddress() + " port: " + server.serverPort());
            Stdio.quitOnEndOfInput(System.in);
            return QCoreApplication.exec();
        } finally {
            server.dispose();
            app.dispose();
        }
    }

    @Override
    public String toString() {
        return "ThreadedFortuneServer(" + (fixedFortune < 0 ? "random fortunes" : "fortune " + fixedFortune) + ")";
    }
}
