package io.qtj.samples;

import io.qtj.core.QCoreApplication;
import io.qtj.core.QElapsedTimer;
import io.qtj.core.QObject;
import io.qtj.core.QTimer;
import io.qtj.network.QAbstractSocket;
import io.qtj.network.QHostAddress;
import io.qtj.network.QTcpServer;
import io.qtj.network.QTcpSocket;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Port of Qt's Loopback example (examples/network/loopback): a server and a client in one
 * process, the client sending {@code bytes} in 64 KiB payloads and the server reading them, with
 * both sides' progress printed as Qt's two progress bars show it. The GUI becomes console lines.
 * Unlike Qt's example, the payload is a counting pattern checked on arrival, so that the run
 * fails if any byte is lost or corrupted.
 */
public final class Loopback extends QObject {
    static final int PAYLOAD_SIZE = 64 * 1024;
    static final long DEFAULT_BYTES = 50L * 1024 * 1024;
    /**
     * The counting pattern (byte {@code n} of the stream is {@code (byte) n}) from every starting
     * point: {@code PATTERN[k..]} is the stream from any offset {@code k (mod 256)}, so that payloads
     * are filled and checked with the JDK's vectorized array copy and compare, not byte by byte
     * (which held the demo to about 550 MB/s).
     */
    private static final byte[] PATTERN = new byte[256 + PAYLOAD_SIZE];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) i;
        }
    }

    private final long totalBytes;
    private final PrintStream out;
    private final QTcpServer tcpServer = new QTcpServer(this);
    private final QTcpSocket tcpClient = new QTcpSocket(this);
    private QTcpSocket tcpServerConnection;
    private long bytesToWrite;
    private long bytesWritten;
    private long bytesReceived;
    private long nextExpected;
    private int lastPercentShown = -1;
    private final QElapsedTimer timer = new QElapsedTimer();
    private int exitCode = 1;

    Loopback(long totalBytes, PrintStream out) {
        this.totalBytes = totalBytes;
        this.out = out;
        tcpServer.newConnection.connect(this, this::acceptConnection);
        tcpClient.connected.connect(this, this::startTransfer);
        tcpClient.bytesWritten.connect(this, this::updateClientProgress);
        tcpClient.errorOccurred.connect(this, this::displayError);
    }

    /** Qt's Dialog::start(). */
    void start() {
        bytesWritten = 0;
        bytesReceived = 0;
        if (!tcpServer.listen(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), 0)) {
            out.println("error: Unable to start the test: " + tcpServer.errorString());
            QCoreApplication.exit(1);
            return;
        }
        out.println("Listening");
        timer.start();
        tcpClient.connectToHost(new QHostAddress(QHostAddress.SpecialAddress.LocalHost), tcpServer.serverPort());
        out.println("Connecting");
    }

    private void acceptConnection() {
        tcpServerConnection = tcpServer.nextPendingConnection();
        if (tcpServerConnection == null) {
            out.println("error: Unable to accept the connection");
            QCoreApplication.exit(1);
            return;
        }
        tcpServerConnection.readyRead.connect(this, this::updateServerProgress);
        tcpServerConnection.errorOccurred.connect(this, this::displayError);
        out.println("Accepted connection");
        tcpServer.close();
    }

    private void startTransfer() {
        bytesToWrite = totalBytes;
        writeNextPayload();
        out.println("Connected");
    }

    private void writeNextPayload() {
        int n = (int) Math.min(PAYLOAD_SIZE, bytesToWrite);
        if (n <= 0) {
            return;
        }
        long offset = totalBytes - bytesToWrite;
        bytesToWrite -= tcpClient.write(PATTERN, (int) (offset & 0xff), n);
    }

    private void updateServerProgress() {
        byte[] chunk = tcpServerConnection.readAll().toByteArray();
        long bad = firstCorrupted(chunk, nextExpected);
        if (bad >= 0) {
            out.println("error: byte " + bad + " arrived corrupted");
            QCoreApplication.exit(1);
            return;
        }
        nextExpected += chunk.length;
        bytesReceived += chunk.length;
        showProgress();
        if (bytesReceived == totalBytes) {
            tcpServerConnection.close();
            long ms = Math.max(1, timer.elapsed());
            double mbs = totalBytes / 1e6 / (ms / 1000.0);
            out.printf("transferred %d bytes in %d ms (%.1f MB/s)%n", totalBytes, ms, mbs);
            exitCode = 0;
            QCoreApplication.exit(0);
        }
    }

    /**
     * Where in the stream the first byte of {@code chunk} that breaks the counting pattern is, given
     * that the chunk starts at stream offset {@code streamOffset}; -1 if every byte is right.
     */
    static long firstCorrupted(byte[] chunk, long streamOffset) {
        for (int off = 0; off < chunk.length; off += PAYLOAD_SIZE) {
            int len = Math.min(PAYLOAD_SIZE, chunk.length - off);
            int from = (int) ((streamOffset + off) & 0xff);
            int bad = Arrays.mismatch(chunk, off, off + len, PATTERN, from, from + len);
            if (bad >= 0) {
                return streamOffset + off + bad;
            }
        }
        return -1;
    }

    private void updateClientProgress(long numBytes) {
        bytesWritten += numBytes;
        if (bytesToWrite > 0 && tcpClient.bytesToWrite() <= 4L * PAYLOAD_SIZE) {
            writeNextPayload();
        }
        showProgress();
    }

    private void showProgress() {
        int percent = (int) ((bytesWritten + bytesReceived) * 50 / Math.max(1, totalBytes));
        if (percent / 5 != lastPercentShown / 5 || percent == 100) {
            if (percent != lastPercentShown) {
                lastPercentShown = percent;
                out.printf("Sent %d MB, received %d MB (%d%%)%n", bytesWritten >> 20, bytesReceived >> 20, percent);
            }
        }
    }

    private void displayError(QAbstractSocket.SocketError socketError) {
        if (socketError == QAbstractSocket.SocketError.RemoteHostClosedError) {
            return;
        }
        out.println("error: The following error occurred: " + tcpClient.errorString());
        QCoreApplication.exit(1);
    }

    /** Runs the sample: {@code loopback [--bytes N]}. Returns the process exit code. */
    static int run(String[] args) {
        long bytes = DEFAULT_BYTES;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--bytes") && i + 1 < args.length) {
                try {
                    bytes = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    System.err.println("error: --bytes: " + args[i] + " is not a number");
                    return 2;
                }
                if (bytes <= 0) {
                    System.err.println("error: --bytes: " + bytes + " (expected: > 0)");
                    return 2;
                }
            } else {
                System.err.println("error: unknown option " + args[i] + " (usage: loopback [--bytes N])");
                return 2;
            }
        }
        QCoreApplication app = new QCoreApplication(args);
        Loopback dialog = new Loopback(bytes, System.out);
        QTimer.singleShot(0, dialog::start);   // Qt's example starts from its Start button
        int code = QCoreApplication.exec();
        int result = code == 0 ? dialog.exitCode : code;
        dialog.dispose();
        app.dispose();
        return result;
    }

    @Override
    public String toString() {
        return "Loopback(" + totalBytes + " bytes)";
    }
}
