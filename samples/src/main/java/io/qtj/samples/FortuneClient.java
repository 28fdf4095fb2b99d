package io.qtj.samples;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QDataStream;
import io.qtj.core.QObject;
import io.qtj.core.QTimer;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QNetworkProxy;
import io.qtj.network.QTcpSocket;

import java.io.PrintStream;
import java.util.List;

/**
 * Port of Qt's Fortune Client example (examples/network/fortuneclient, class {@code Client}),
 * driven by the event loop: {@link #requestNewFortune(String, int)} connects, and on each
 * {@code readyRead} {@link #readFortune()} tries to read one QString inside a
 * {@link QDataStream} read transaction, which consumes nothing until the whole string has arrived.
 *
 * <p>Differs from Qt: the dialog becomes a console program that asks for one fortune, prints it
 * (UTF-8) and exits 0; a socket error before the fortune is complete, including the server closing
 * early, prints {@code error: <errorString>} and exits 1 (Qt's message boxes). Qt asks again when
 * the same fortune comes twice in a row; with one request per run that cannot happen. It gives up
 * after {@value #TIMEOUT_MS} ms with Qt's "Socket operation timed out", where the GUI would wait.
 */
public final class FortuneClient extends QObject {
    /** How long a run may take before the client gives up, in milliseconds. */
    public static final int TIMEOUT_MS = 30_000;
    private static final String USAGE = "fortune-client [--host ADDR] --port N [--proxy URL]";

    private final QTcpSocket tcpSocket = new QTcpSocket(this);
    private final QDataStream in = new QDataStream();
    private final PrintStream out;
    private final PrintStream err;
    private String currentFortune;
    private int exitCode = 1;
    private QNetworkProxy proxy;

    /** Constructs a client that prints the fortune on {@code out} and errors on {@code err}. */
    public FortuneClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        in.setDevice(tcpSocket);
        in.setVersion(QDataStream.Qt_5_10);
        tcpSocket.readyRead.connect(this, this::readFortune);
        tcpSocket.errorOccurred.connect(this, this::displayError);
    }

    /** Qt's "Get Fortune" button: (re)connects to the fortune server at {@code hostName}:{@code port}. */
    public void requestNewFortune(String hostName, int port) {
        tcpSocket.abort();
        if (proxy != null) {
            tcpSocket.setProxy(proxy);
        }
        tcpSocket.connectToHost(hostName, port);
    }

    /** Connects through {@code p} from the next request on (the {@code --proxy} option, a qtj addition). */
    public void setProxy(QNetworkProxy p) {
        proxy = p;
    }

    /** Returns the fortune received, or null while there is none. */
    public String currentFortune() {
        return currentFortune;
    }

    /** Returns 0 once a fortune was printed; 1 before that or after an error. */
    public int exitCode() {
        return exitCode;
    }

    private void readFortune() {
        in.startTransaction();

        String nextFortune = in.readString();

        if (!in.commitTransaction()) {
            return;   // not all there yet: the transaction was rolled back, wait for more
        }

        currentFortune = nextFortune;
        out.println(currentFortune);
        exitCode = 0;
        tcpSocket.abort();
        QCoreApplication.exit(0);
    }

    private void displayError(QAbstractSocket.SocketError socketError) {
        if (currentFortune != null) {
            return;   // the server closing after the fortune is the protocol, as Qt ignores it
        }
        err.println("error: " + tcpSocket.errorString());
        QCoreApplication.exit(1);
    }

    /**
     * Runs the sample, {@code fortune-client [--host ADDR] --port N [--proxy URL]}: prints one fortune and returns
     * 0, or prints {@code error: <errorString>} and returns 1; 2 for a bad option.
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
        FortuneClient client = new FortuneClient(out, err);
        try {
            QTimer timeout = new QTimer(client);
            timeout.setSingleShot(true);
            timeout.timeout.connect(client, () -> {
                err.println("error: Socket operation timed out");
                QCoreApplication.exit(1);
            });
            timeout.start(TIMEOUT_MS);
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
        return "FortuneClient(" + (currentFortune == null ? "no fortune yet" : "got a fortune") + ")";
    }
}
