package io.qtj.network.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket on a loopback address whose accept queue is full, so that a further connect
 * to it stays pending (Linux drops the SYN): a connect that times out without leaving the machine.
 * The fillers and one pending probe are kept open until {@link #close()}.
 */
public final class Blackhole implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final List<SocketChannel> channels = new ArrayList<>();
    private int port = -1;

    /**
     * Listens on {@code host} with a backlog of 1 and connects to it until a connect stays pending
     * for 200 ms (at most five tries; two fillers are enough on Linux).
     *
     * @throws IOException if the listening socket cannot be made
     */
    public Blackhole(InetAddress host) throws IOException {
        listener = ServerSocketChannel.open();
        try {
            listener.bind(new InetSocketAddress(host, 0), 1);
            InetSocketAddress target = new InetSocketAddress(host,
                    ((InetSocketAddress) listener.getLocalAddress()).getPort());
            for (int i = 0; i < 5 && port < 0; i++) {
                SocketChannel c = SocketChannel.open();
                channels.add(c);
                c.configureBlocking(false);
                if (c.connect(target)) {
                    continue;   // a filler
                }
                try (Selector sel = Selector.open()) {
                    c.register(sel, SelectionKey.OP_CONNECT);
                    if (sel.select(200) == 0 && !c.finishConnect()) {
                        port = target.getPort();   // pending for 200 ms: the SYNs are dropped
                    }
                } catch (IOException e) {
                    // refused or reset: not a blackhole; try again
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The blackholed port, or -1 if the kernel did not drop further connects within the tries. */
    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : channels) {
            c.close();
        }
        listener.close();
    }
}
