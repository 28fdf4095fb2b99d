package io.qtj.benchmarks;

import io.qtj.network.QTcpServer;
import io.qtj.network.QTcpSocket;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Heap per idle connected {@code QTcpSocket}, client and server sides measured in separate JVMs
 * so that neither counts the other's objects: this process is the client and starts the server
 * as a child process (same class path). Each side measures used heap after full GCs before and
 * after its N sockets exist (MemoryMXBean), and its thread count (one event loop serves all).
 * Prints {@code name value unit} lines.
 *
 * <p>Usage: {@code IdleSockets [--connections N]} (default 5000).
 */
public final class IdleSockets {
    private IdleSockets() {
    }

    static final long TIMEOUT_MS = 120_000;

    public static void main(String[] args) throws Exception {
        int n = 5000;
        boolean server = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> n = Integer.parseInt(args[++i]);
                case "server" -> server = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (server) {
            serve(n);
        } else {
            client(n);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static void print(String name, double value, String unit) {
        System.out.println(String.format(Locale.ROOT, "%s %.1f %s", name, value, unit));
        System.out.flush();
    }

    /** The server side, in the child process: accepts N connections and keeps them open. */
    static void serve(int n) throws Exception {
        QTcpServer server = new QTcpServer();
        server.setMaxPendingConnections(n + 1);
        server.setListenBacklogSize(4096);
        List<QTcpSocket> sockets = new ArrayList<>(n);
        QtjNet.Run run = new QtjNet.Run();
        server.newConnection.connect(() -> {
            QTcpSocket s;
            while ((s = server.nextPendingConnection()) != null) {
                sockets.add(s);
            }
            if (sockets.size() == n) {
                run.finish();
            }
        });
        if (!server.listen(QtjNet.localHost(), 0)) {
            throw new IllegalStateException(server.errorString());
        }
        int threads0 = threads();
        long heap0 = usedHeapAfterGc();
        System.out.println("port " + server.serverPort());
        System.out.flush();
        run.exec(TIMEOUT_MS, "accepting " + n + " connections");
        long heap1 = usedHeapAfterGc();
        print("server_sockets", sockets.size(), "sockets");
        print("server_heap_per_socket", (heap1 - heap0) / (double) n, "bytes");
        print("server_threads_before", threads0, "threads");
        print("server_threads_after", threads(), "threads");
        // Stay up (sockets open) until the parent closes our stdin.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for end-of-file
        }
        for (QTcpSocket s : sockets) {
            s.dispose();
        }
        server.dispose();
    }

    /** The client side: starts the server, opens N connections, measures, stops the server. */
    static void client(int n) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                IdleSockets.class.getName(), "server", "--connections", Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<QTcpSocket> sockets = new ArrayList<>(n);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("port ")) {
                throw new IllegalStateException("server did not start: " + first);
            }
            int port = Integer.parseInt(first.substring(5).trim());
            int threads0 = threads();
            long heap0 = usedHeapAfterGc();
            QtjNet.Run run = new QtjNet.Run();
            int[] up = {0};
            for (int i = 0; i < n; i++) {
                QTcpSocket s = new QTcpSocket();
                sockets.add(s);
                s.connected.connect(() -> {
                    if (++up[0] == n) {
                        run.finish();
                    }
                });
                s.errorOccurred.connect(e -> run.fail("idle client: " + s.errorString()));
                s.connectToHost(QtjNet.localHost(), port);
            }
            run.exec(TIMEOUT_MS, "connecting " + n + " clients");
            long heap1 = usedHeapAfterGc();
            print("client_sockets", up[0], "sockets");
            print("client_heap_per_socket", (heap1 - heap0) / (double) n, "bytes");
            print("client_threads_before", threads0, "threads");
            print("client_threads_after", threads(), "threads");
            // The server measures once it has accepted them all.
            for (int i = 0; i < 4; i++) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("server ended early");
                }
                System.out.println(line);
            }
        } finally {
            child.getOutputStream().close();
            for (QTcpSocket s : sockets) {
                s.dispose();
            }
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }
}
