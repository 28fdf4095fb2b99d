package io.qtj.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The TCP workloads written directly on a {@code java.nio} selector, as a careful engineer would
 * write them for this benchmark and nothing else: one direct buffer per loop, no framing, no
 * pipeline. It is the floor a general library can approach.
 */
final class NioNet {
    private NioNet() {
    }

    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(ANY_PORT, 1024);
        s.configureBlocking(false);
        return s;
    }

    static void checkTime(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " timed out");
        }
    }

    static long deadline(long timeoutMs) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /**
     * Loopback in one thread: client and server on one selector. The client writes one payload per
     * selector pass, as Qt's example writes one per bytesWritten, and the server reads all that
     * came: writing until the kernel refuses instead (the first version) let megabytes pile up in
     * the kernel, gone cold in the cache by the time they were read, and ran about 15% slower.
     */
    static long loopback(long total, long timeoutMs) throws IOException {
        long deadline = deadline(timeoutMs);
        try (Selector sel = Selector.open(); ServerSocketChannel server = listen();
             SocketChannel client = SocketChannel.open()) {
            ByteBuffer out = ByteBuffer.allocateDirect(Workloads.PAYLOAD);
            out.put(Workloads.payload(Workloads.PAYLOAD, Workloads.LOOPBACK_BYTE)).flip();
            ByteBuffer in = ByteBuffer.allocateDirect(Workloads.PAYLOAD);
            client.configureBlocking(false);
            client.connect(server.getLocalAddress());
            SelectionKey ck = client.register(sel, SelectionKey.OP_CONNECT);
            server.register(sel, SelectionKey.OP_ACCEPT);
            SocketChannel conn = null;
            long left = total;
            long received = 0;
            try {
                while (received < total) {
                    checkTime(deadline, "nio loopback");
                    sel.select(100);
                    Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (k.isAcceptable()) {
                            conn = server.accept();
                            conn.configureBlocking(false);
                            conn.register(sel, SelectionKey.OP_READ);
                            k.cancel();
                        } else if (k.channel() == client) {
                            if (k.isConnectable()) {
                                client.finishConnect();
                                ck.interestOps(SelectionKey.OP_WRITE);
                            }
                            if (k.isValid() && k.isWritable()) {
                                while (left > 0) {
                                    if (!out.hasRemaining()) {
                                        out.clear();
                                    }
                                    if (out.remaining() > left) {
                                        out.limit(out.position() + (int) left);
                                    }
                                    int w = client.write(out);
                                    left -= w;
                                    if (w == 0 || !out.hasRemaining()) {
                                        break;   // the next payload at the next pass
                                    }
                                }
                                if (left == 0) {
                                    ck.interestOps(0);
                                }
                            }
                        } else if (k.isReadable()) {
                            int n;
                            while ((n = conn.read(in)) > 0) {
                                in.flip();
                                Workloads.check(in);
                                received += n;
                                in.clear();
                            }
                            if (n < 0) {
                                throw new IOException("nio loopback: closed early");
                            }
                        }
                    }
                }
            } finally {
                if (conn != null) {
                    conn.close();
                }
            }
            return received;
        }
    }

    /** An echo server on its own thread and selector. */
    static final class EchoServer implements AutoCloseable {
        final ServerSocketChannel server;
        final Selector selector;
        final Thread thread;
        final int port;
        private volatile boolean stop;

        EchoServer() throws IOException {
            server = listen();
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this::loop, "nio-echo-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            try {
                while (!stop) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        try {
                            if (k.isAcceptable()) {
                                SocketChannel c;
                                while ((c = server.accept()) != null) {
                                    c.configureBlocking(false);
                                    c.register(selector, SelectionKey.OP_READ);
                                }
                                continue;
                            }
                            SocketChannel c = (SocketChannel) k.channel();
                            ByteBuffer pending = (ByteBuffer) k.attachment();
                            if (k.isWritable() && pending != null) {
                                c.write(pending);
                                if (!pending.hasRemaining()) {
                                    k.attach(null);
                                    k.interestOps(SelectionKey.OP_READ);
                                }
                                continue;
                            }
                            if (k.isReadable()) {
                                buf.clear();
                                int n = c.read(buf);
                                if (n < 0) {
                                    k.cancel();
                                    c.close();
                                    continue;
                                }
                                buf.flip();
                                c.write(buf);
                                if (buf.hasRemaining()) {
                                    ByteBuffer rest = ByteBuffer.allocate(buf.remaining());
                                    rest.put(buf).flip();
                                    k.attach(rest);
                                    k.interestOps(SelectionKey.OP_WRITE);
                                }
                            }
                        } catch (IOException e) {
                            k.cancel();
                            k.channel().close();
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                for (SelectionKey k : selector.keys()) {
                    try {
                        k.channel().close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            stop = true;
            selector.wakeup();
            thread.join(10_000);
            selector.close();
            server.close();
        }
    }

    /** Echo clients on the calling thread's selector. */
    static final class EchoClients implements AutoCloseable {
        final SocketChannel[] channels;
        final Selector selector;
        final ByteBuffer message;
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        final int size;

        EchoClients(int port, int connections, int size) throws IOException {
            this.size = size;
            selector = Selector.open();
            channels = new SocketChannel[connections];
            message = ByteBuffer.allocateDirect(size);
            message.put(Workloads.payload(size, (byte) 'e')).flip();
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                c.configureBlocking(false);
                channels[i] = c;
                c.register(selector, SelectionKey.OP_READ, new long[2]);
            }
        }

        private void send(SocketChannel c) throws IOException {
            ByteBuffer m = message.duplicate();
            while (m.hasRemaining()) {
                if (c.write(m) == 0) {
                    Thread.onSpinWait();   // 1 KiB into an empty socket buffer: never happens in practice
                }
            }
        }

        long run(int messages, long timeoutMs) throws IOException {
            long deadline = deadline(timeoutMs);
            for (SelectionKey k : selector.keys()) {
                long[] st = (long[]) k.attachment();
                st[0] = 1;            // sent
                st[1] = size;         // pending bytes of the echo
                send((SocketChannel) k.channel());
            }
            int finished = 0;
            while (finished < channels.length) {
                checkTime(deadline, "nio echo");
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) k.channel();
                    long[] st = (long[]) k.attachment();
                    int n;
                    while ((n = c.read(in)) > 0) {
                        st[1] -= n;
                        in.clear();
                    }
                    if (n < 0) {
                        throw new IOException("nio echo: server closed");
                    }
                    if (st[1] > 0) {
                        continue;
                    }
                    if (st[0] < messages) {
                        st[0]++;
                        st[1] = size;
                        send(c);
                    } else {
                        finished++;
                    }
                }
            }
            return (long) messages * channels.length;
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel c : channels) {
                if (c != null) {
                    c.close();
                }
            }
            selector.close();
        }
    }

    /** Connect + accept + close cycles on one selector in the calling thread. */
    static final class ConnRate implements AutoCloseable {
        final Selector selector;
        final ServerSocketChannel server;
        final InetSocketAddress address;

        ConnRate() throws IOException {
            selector = Selector.open();
            server = listen();
            address = (InetSocketAddress) server.getLocalAddress();
            server.register(selector, SelectionKey.OP_ACCEPT);
        }

        void cycle(long timeoutMs) throws IOException {
            long deadline = deadline(timeoutMs);
            SocketChannel client = SocketChannel.open();
            SocketChannel accepted = null;
            try {
                client.configureBlocking(false);
                boolean up = client.connect(address);
                if (!up) {
                    client.register(selector, SelectionKey.OP_CONNECT);
                }
                while (!up || accepted == null) {
                    checkTime(deadline, "nio connrate");
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        if (k.isAcceptable()) {
                            accepted = server.accept();
                            if (accepted != null) {
                                accepted.configureBlocking(false);
                            }
                        } else if (k.isConnectable()) {
                            up = client.finishConnect();
                            k.interestOps(0);
                        }
                    }
                }
            } finally {
                // the server side first: see ConnRateBenchmark
                if (accepted != null) {
                    accepted.close();
                }
                client.close();
            }
        }

        @Override
        public void close() throws IOException {
            selector.close();
            server.close();
        }
    }

    /** 1-byte round trips, client and echo server on one selector in the calling thread. */
    static long[] pingpong(int warmup, int count, long timeoutMs) throws IOException {
        long deadline = deadline(timeoutMs);
        long[] rtts = new long[count];
        try (Selector sel = Selector.open(); ServerSocketChannel server = listen();
             SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
            SocketChannel conn;
            while ((conn = server.accept()) == null) {
                checkTime(deadline, "nio pingpong accept");
                Thread.onSpinWait();
            }
            try {
                conn.configureBlocking(false);
                client.configureBlocking(false);
                SelectionKey sk = conn.register(sel, SelectionKey.OP_READ);
                client.register(sel, SelectionKey.OP_READ);
                ByteBuffer one = ByteBuffer.allocateDirect(1);
                ByteBuffer buf = ByteBuffer.allocateDirect(64);
                long sentAt = System.nanoTime();
                one.put(0, (byte) '!').clear();
                client.write(one);
                int round = 0;
                while (round < warmup + count) {
                    checkTime(deadline, "nio pingpong");
                    sel.select(100);
                    Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        SocketChannel c = (SocketChannel) k.channel();
                        buf.clear();
                        int n = c.read(buf);
                        if (n <= 0) {
                            continue;
                        }
                        if (k == sk) {
                            buf.flip();
                            c.write(buf);
                        } else {
                            long now = System.nanoTime();
                            if (round >= warmup) {
                                rtts[round - warmup] = now - sentAt;
                            }
                            round++;
                            if (round < warmup + count) {
                                sentAt = System.nanoTime();
                                one.clear();
                                client.write(one);
                            }
                        }
                    }
                }
            } finally {
                conn.close();
            }
        }
        return rtts;
    }
}
