package io.qtj.samples;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QDataStream;
import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.core.Signal1;
import io.qtj.core.Signal2;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QNetworkProxy;
import io.qtj.network.QTcpSocket;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Port of Qt's Blocking Fortune Client example (examples/network/blockingfortuneclient, class
 * {@code BlockingClient}): the main thread runs the event loop and only shows results, while a
 * {@link FortuneThread} talks to the server with the blocking API ({@code waitForConnected},
 * {@code waitForReadyRead}) and reports back through queued signals.
 *
 * <p>Differs from Qt: the dialog becomes a console program that asks for one fortune, prints it
 * (UTF-8) and exits 0, or prints {@code error: <errorString>} and exits 1 (Qt's message boxes).
 * Qt's {@code QMutex} and {@code QWaitCondition} are a {@link ReentrantLock} and its
 * {@link Condition}; Qt's destructor is {@link FortuneThread#dispose()}.
 */
public final class BlockingFortuneClient extends QObject {
    private static final String USAGE = "blocking-fortune-client [--host ADDR] --port N [--proxy URL]";

    private final FortuneThread thread = new FortuneThread(this);
    private final PrintStream out;
    private final PrintStream err;
    private int exitCode = 1;

    /** Constructs a client that prints the fortune on {@code out} and errors on {@code err}. */
    public BlockingFortuneClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        thread.newFortune.connect(this, this::showFortune);
        thread.error.connect(this, this::displayError);
    }

    /** Connects through {@code p} from the next request on (the {@code --proxy} option, a qtj addition). */
    public void setProxy(QNetworkProxy p) {
        thread.setProxy(p);
    }

    /** Qt's "Get Fortune" button: asks the worker thread for a fortune from {@code hostName}:{@code port}. */
    public void requestNewFortune(String hostName, int port) {
        thread.requestNewFortune(hostName, port);
    }

    /** Returns 0 once a fortune was printed; 1 before that or after an error. */
    public int exitCode() {
        return exitCode;
    }

    private void showFortune(String nextFortune) {
        out.println(nextFortune);
        exitCode = 0;
        QCoreApplication.exit(0);
    }

    private void displayError(QAbstractSocket.SocketError socketError, String message) {
        err.println("error: " + message);
        exitCode = 1;
        QCoreApplication.exit(1);
    }

    /**
     * Qt's {@code FortuneThread} of the blocking client: a worker thread that, for each request,
     * connects, reads one QString with a read transaction, emits {@link #newFortune} and waits for
     * the next request, all with the blocking API and without an event loop of its own.
     */
    public static final class FortuneThread extends QThread {
        /** How long each blocking step may take, in milliseconds, as Qt's example (5 s). */
        public static final int TIMEOUT_MS = 5 * 1000;

        /** This signal is emitted, from the thread, with each fortune received. */
        public final Signal1<String> newFortune = new Signal1<>(this);
        /** This signal is emitted, from the thread, when a request fails; the thread then finishes. */
        public final Signal2<QAbstractSocket.SocketError, String> error = new Signal2<>(this);

        private final ReentrantLock mutex = new ReentrantLock();
        private final Condition cond = mutex.newCondition();
        private String hostName;          // guarded by mutex
        private QNetworkProxy proxy;      // guarded by mutex
        private int port;                 // guarded by mutex
        private volatile boolean quit;

        /** Constructs a thread, not started, child of {@code parent}. */
        public FortuneThread(QObject parent) {
            super(parent);
        }

        /** Connects through {@code p} from the next request on. */
        public void setProxy(QNetworkProxy p) {
            mutex.lock();
            try {
                proxy = p;
            } finally {
                mutex.unlock();
            }
        }

        /** Asks for a fortune from {@code hostName}:{@code port}: starts the thread, or wakes it. */
        public void requestNewFortune(String hostName, int port) {
            mutex.lock();
            try {
                this.hostName = hostName;
                this.port = port;
                if (!isRunning()) {
                    start();
                } else {
                    cond.signal();
                }
            } finally {
                mutex.unlock();
            }
        }

        /** Serves requests until {@link #dispose()} asks it to quit or a request fails. */
        @Override
        protected void run() {
            mutex.lock();
            QNetworkProxy serverProxy = proxy;
            String serverName = hostName;
            int serverPort = port;
            mutex.unlock();

            while (!quit) {
                QTcpSocket socket = new QTcpSocket();   // lives in this thread, like Qt's stack object
                try {
                    if (serverProxy != null) {
                        socket.setProxy(serverProxy);
                    }
                    socket.connectToHost(serverName, serverPort);

                    if (!socket.waitForConnected(TIMEOUT_MS)) {
                        error.emit(socket.error(), socket.errorString());
                        return;
                    }

                    QDataStream in = new QDataStream(socket);
                    in.setVersion(QDataStream.Qt_5_10);
                    String fortune;

                    do {
                        if (!socket.waitForReadyRead(TIMEOUT_MS)) {
                            error.emit(socket.error(), socket.errorString());
                            return;
                        }

                        in.startTransaction();
                        fortune = in.readString();
                    } while (!in.commitTransaction());

                    mutex.lock();
                    try {
                        newFortune.emit(fortune);

                        if (!quit) {   // quit is set under the mutex: no wake-up is lost
                            cond.awaitUninterruptibly();
                        }
                        serverName = hostName;
                        serverPort = port;
                    } finally {
                        mutex.unlock();
                    }
                } finally {
                    socket.dispose();
                }
            }
        }

        /** Qt's destructor: asks the thread to quit, wakes it, waits for it, then disposes it. */
        @Override
        public void dispose() {
            if (isDisposed()) {
                return;
            }
            mutex.lock();
            try {
                quit = true;
                cond.signal();
            } finally {
                mutex.unlock();
            }
            join();
            super.dispose();
        }
    }

    /**
     * Runs the sample, {@code blocking-fortune-client [--host ADDR] --port N}: prints one fortune
     * and returns 0, or prints {@code error: <errorString>} and returns 1; 2 for a bad option.
     */
    public static int run(String[] args) {
        return run(args, Stdio.OUT, Stdio.ERR);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String host;
        int port;
        QNetworkProxy proxy;
        try {
            CommandLine cl = CommandLine.parse(args, USAGE, List.of("--host", "--port", "--proxy"));
            host = cl.hostName();
            port = cl.port(1, -1);
            proxy = cl.proxy();
        } catch (CommandLine.UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        QCoreApplication app = new QCoreApplication(args);
        BlockingFortuneClient client = new BlockingFortuneClient(out, err);
        try {
            client.setProxy(proxy);
            client.requestNewFortune(host, port);
            int code = QCoreApplication.exec();
            return code == 0 ? client.exitCode() : code;
        } finally {
            client.dispose();
            app.dispose();
        }
    }

    @Override
    public String toString() {
        return "BlockingFortuneClient(" + (exitCode == 0 ? "got a fortune" : "no fortune yet") + ")";
    }
}
