package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.core.internal.ChannelWatcher;
import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.Log;
import io.qtj.network.QHostAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The direct listening engine: a non-blocking {@link ServerSocketChannel} that the server
 * thread's event loop watches through the engine itself, a {@link ChannelWatcher} (where Qt's
 * engine has a read QSocketNotifier); the blocking API waits on a private selector.
 */
public final class DirectServerEngine extends ServerEngine implements ChannelWatcher {
    private final QObject owner;
    private ServerSocketChannel channel;
    private long descriptor = -1;
    /** Accept notifications wanted: the watch's READ interest. */
    private boolean enabled;
    private Selector waitSelector;
    private QHostAddress address = new QHostAddress();
    private int port;

    /** Creates an engine for the server {@code owner}, whose thread's event loop watches it. */
    public DirectServerEngine(QObject owner) {
        this.owner = owner;
    }

    /**
     * Listens on {@code address}:{@code port}. Any listens on all interfaces, IPv6 and IPv4 where
     * the host has IPv6, IPv4 only otherwise (and is reported as Any).
     */
    @Override
    public boolean listen(QHostAddress address, int port, int backlog) {
        InetAddress bindTo = address.toInetAddress();
        boolean any = address.equals(new QHostAddress(QHostAddress.SpecialAddress.Any));
        boolean anyIPv4 = address.equals(new QHostAddress(QHostAddress.SpecialAddress.AnyIPv4));
        ServerSocketChannel ch;
        try {
            ch = open(bindTo, port, backlog);
        } catch (IOException e) {
            if (!any) {
                SocketErrors.Mapped m = SocketErrors.forBind(e);
                setError(m.error(), m.text());
                return false;
            }
            try {
                ch = open(InetAddress.getByAddress(new byte[4]), port, backlog);
            } catch (IOException again) {
                SocketErrors.Mapped m = SocketErrors.forBind(again);
                setError(m.error(), m.text());
                return false;
            }
        }
        adopt(ch, -1, any || anyIPv4 ? new QHostAddress(address) : null);
        return true;
    }

    private static ServerSocketChannel open(InetAddress addr, int p, int backlog) throws IOException {
        // an IPv4 address (AnyIPv4 included) gets an IPv4-only socket, as Qt's
        ServerSocketChannel ch = addr instanceof java.net.Inet4Address
                ? ServerSocketChannel.open(java.net.StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(addr, p), backlog);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Listens on a channel bound elsewhere, known by {@code handle} (-1: none yet), reporting
     * {@code reportAs} as its address (null: the channel's own).
     */
    public void adopt(ServerSocketChannel ch, long handle, QHostAddress reportAs) {
        channel = ch;
        descriptor = handle;
        try {
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            address = reportAs != null ? reportAs : new QHostAddress(local.getAddress());
            port = local.getPort();
        } catch (IOException e) {
            address = new QHostAddress();
            port = 0;
        }
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            Log.warning("QTcpServer: " + owner + " cannot make its channel non-blocking: " + e);
        }
    }

    @Override
    public boolean isListening() {
        return channel != null;
    }

    @Override
    public QHostAddress serverAddress() {
        return address;
    }

    @Override
    public int serverPort() {
        return port;
    }

    @Override
    public void setAcceptNotificationEnabled(boolean enable) {
        if (enabled != enable) {
            enabled = enable;
            updateWatch();
        }
    }

    /** Gives the loop of the server's thread the interest of the moment. */
    private void updateWatch() {
        if (channel != null) {
            EventDispatcher.watch(channel, this);
        }
    }

    private void stopWatch() {
        if (channel != null) {
            EventDispatcher.unwatch(channel, this);
        }
    }

    /** READ while accept notifications are on (ChannelWatcher; internal, so public costs nothing). */
    @Override
    public int interest() {
        return enabled ? READ : 0;
    }

    /** The event loop found a connection to accept. */
    @Override
    public void channelReady(int kind) {
        if (receiver != null) {
            receiver.acceptNotification();
        }
    }

    /** The server. */
    @Override
    public QObject owner() {
        return owner;
    }

    @Override
    public long accept() {
        if (channel == null) {
            return 0;
        }
        try {
            SocketChannel accepted = channel.accept();
            return accepted == null ? 0 : SocketDescriptors.register(accepted);
        } catch (IOException e) {
            setError(e);
            return -1;
        }
    }

    /**
     * Polls the listening channel on the private selector: an empty {@code epoll_wait} costs a
     * sixth of the failing {@code accept} it saves (which Linux makes allocate and free a socket
     * and a file before it finds the queue empty), once per notification.
     */
    @Override
    public boolean acceptReady() {
        if (channel == null) {
            return false;
        }
        try {
            Selector s = waitSelector();
            int n = s.selectNow();
            s.selectedKeys().clear();
            return n > 0;
        } catch (IOException e) {
            return true;   // accept() meets the error and reports it
        }
    }

    @Override
    public boolean waitForAccept(long timeoutMs) {
        if (channel == null) {
            return false;
        }
        try {
            Selector s = waitSelector();
            int n = timeoutMs < 0 ? s.select() : timeoutMs == 0 ? s.selectNow() : s.select(timeoutMs);
            s.selectedKeys().clear();
            return n > 0;
        } catch (IOException e) {
            setError(e);
            return true;   // the caller's accept() meets the error
        }
    }

    /** The selector that only this engine's channel is registered with, for waits and polls. */
    private Selector waitSelector() throws IOException {
        if (waitSelector == null) {
            waitSelector = Selector.open();
        }
        if (channel.keyFor(waitSelector) == null) {
            channel.register(waitSelector, SelectionKey.OP_ACCEPT);
        }
        return waitSelector;
    }

    @Override
    public long descriptor() {
        if (channel == null) {
            return -1;
        }
        if (descriptor < 0) {
            descriptor = SocketDescriptors.register(channel);
        }
        return descriptor;
    }

    @Override
    public void leavingThread() {
        stopWatch();
    }

    @Override
    public void enteredThread() {
        if (enabled) {
            updateWatch();
        }
    }

    @Override
    public void close() {
        stopWatch();
        enabled = false;
        if (descriptor >= 0) {
            SocketDescriptors.release(descriptor);
            descriptor = -1;
        }
        if (waitSelector != null) {
            Closing.quietly(waitSelector);   // first: it holds a key of the channel too
            waitSelector = null;
        }
        if (channel != null) {
            Closing.quietly(channel);
            channel = null;
            EventDispatcher d = EventDispatcher.currentFor(owner);
            if (d != null) {
                d.releaseClosedChannels();
            }
        }
        address = new QHostAddress();
        port = 0;
    }
}
