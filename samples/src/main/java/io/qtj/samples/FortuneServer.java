package io.qtj.samples;

import io.qtj.core.QByteArray;
import io.qtj.core.QCoreApplication;
import io.qtj.core.QDataStream;
import io.qtj.core.QIODevice;
import io.qtj.core.QObject;
import io.qtj.network.QHostAddress;
import io.qtj.network.QTcpServer;
import io.qtj.network.QTcpSocket;

import java.io.PrintStream;
import java.util.List;

/**
 * Port of Qt's Fortune Server example (examples/network/fortuneserver, class {@code Server}): a
 * {@link QTcpServer} that answers every connection with one fortune, written as a QString with
 * {@link QDataStream} version {@code Qt_5_10}, then disconnects. The dialog becomes a console:
 * the status label is the first line on standard output, and the Quit button is the end of
 * standard input.
 *
 * <p>Differs from Qt: it listens on the address given with {@code --host} (127.0.0.1 by default)
 * and reports that address rather than the machine's first non-loopback one; {@code --fortune I}
 * (a qtj addition for tests) always serves fortune {@code I} of {@link Fortunes#ALL}.
 */
public final class FortuneServer extends QObject {
    private static final String USAGE = "fortune-server [--host ADDR] [--port N] [--fortune 0..7]";

    private final QTcpServer tcpServer = new QTcpServer(this);
    private final int fixedFortune;

    /**
     * Constructs a server that is not listening yet and will serve fortune {@code fixedFortune}, or
     * a random one per connection when it is -1.
     */
    public FortuneServer(int fixedFortune) {
        this.fixedFortune = fixedFortune;
        Fortunes.pick(fixedFortune);   // checks the index
        tcpServer.newConnection.connect(this, this::sendFortune);
    }

    /**
     * Qt's {@code Server::initServer()}: starts listening on {@code address} and {@code port}.
     * Returns true on success; otherwise returns false and {@link #errorString()} says why.
     */
    public boolean initServer(QHostAddress address, int port) {
        return tcpServer.listen(address, port);
    }

    /** Returns the status line Qt's example shows in its label once the server listens. */
    public String statusLine() {
        return "The server is running on IP: " + tcpServer.serverAddress() + " port: " + tcpServer.serverPort();
    }

    /** Returns the port the server listens on, or 0 if it does not listen. */
    public int serverPort() {
        return tcpServer.serverPort();
    }

    /** Returns the server's last error, in Qt's words. */
    public String errorString() {
        return tcpServer.errorString();
    }

    private void sendFortune() {
        QByteArray block = new QByteArray();
        QDataStream out = new QDataStream(block, QIODevice.OpenModeFlag.WriteOnly);
        out.setVersion(QDataStream.Qt_5_10);
        out.writeString(Fortunes.pick(fixedFortune));

        QTcpSocket clientConnection = tcpServer.nextPendingConnection();
        if (clientConnection == null) {
            return;
        }
        clientConnection.disconnected.connect(clientConnection, clientConnection::deleteLater);

        clientConnection.write(block);
        clientConnection.disconnectFromHost();
    }

    /**
     * Runs the sample, {@code fortune-server [--host ADDR] [--port N] [--fortune I]}: prints the
     * status line, serves until standard input closes, and returns the exit code (0; 1 if it cannot
     * listen; 2 for a bad option).
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
        FortuneServer server = new FortuneServer(fortune);
        try {
            if (!server.initServer(address, port)) {
                err.println("error: " + server.errorString());
                return 1;
            }
            out.println(server.statusLine());
            Stdio.quitOnEndOfInput(System.in);
            return QCoreApplication.exec();
        } finally {
            server.dispose();
            app.dispose();
        }
    }

    @Override
    public String toString() {
        return "FortuneServer(" + (fixedFortune < 0 ? "random fortunes" : "fortune " + fixedFortune) + ")";
    }
}
