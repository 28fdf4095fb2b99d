package io.qtj.network.internal;

import io.qtj.core.QObject;
import io.qtj.core.internal.ChannelWatcher;
import io.qtj.core.internal.EventDispatcher;
import io.qtj.core.internal.Log;
import io.qtj.core.internal.RingBuffer;
import io.qtj.network.QAbstractSocket.SocketError;
import io.qtj.network.QAbstractSocket.SocketOption;
import io.qtj.network.QHostAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.EnumMap;
import java.util.Map;

/**
 * The direct engine (Qt's QNativeSocketEngine): a non-blocking {@link SocketChannel} that the
 * owner thread's event loop watches through the engine itself, a {@link ChannelWatcher} (where Qt's
 * engine has a read and a write QSocketNotifier): enabling a notification sets the interest, and
 * the loop calls {@link #channelReady(int)}. No object is made for this, per connection or per
 * activation. The blocking API waits on a private selector of its own.
 *
 * <p>The watch does not follow the owner to another thread by itself: the owner calls
 * {@link #leavingThread()} on ThreadChange and {@link #enteredThread()} in the new thread.
 */
public final class NioSocketEngine extends SocketEngine implements ChannelWatcher {
    private final QObject owner;
    private SocketChannel channel;
    private State state = State.Unconnected;
    /** Read notifications wanted: the watch's READ interest, and OP_READ for the blocking API. */
    private boolean readEnabled;
    /** Write notifications (or the end of a connect) wanted: the watch's WRITE interest. */
    private boolean writeEnabled;
    private Selector waitSelector;
    private long descriptor = -1;
    private Map<SocketOption, Object> options;   // made when the first option is set
    /** Addresses set explicitly (before the connect, or by {@link #overrideAddresses}); else the channel's. */
    private QHostAddress localAddress;
    private java.net.InetAddress localInet;
    private java.net.InetAddress peerInet;
    private int localPort;
    private QHostAddress peerAddress;
    private int peerPort;

    /** Creates an engine for {@code owner}, whose thread's event loop watches its channel. */
    public NioSocketEngine(QObject owner) {
        this.owner = owner;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void connectToHost(QHostAddress address, int port) {
        close();
        try {
            java.net.InetAddress target = address.toInetAddress();
            // an IPv4 peer gets an IPv4 socket, as in Qt (the JDK's default is a dual-stack IPv6
            // socket, whose connect to an IPv4 address goes through the v4-mapped path)
            SocketChannel ch = target instanceof java.net.Inet4Address
                    ? SocketChannel.open(java.net.StandardProtocolFamily.INET) : SocketChannel.open();
            channel = ch;
            ch.configureBlocking(false);
            if (options != null) {
                for (Map.Entry<SocketOption, Object> e : options.entrySet()) {
                    applyOption(e.getKey(), e.getValue());
                }
            }
            peerAddress = new QHostAddress(address);
            peerPort = port;
            state = State.Connecting;
            if (ch.connect(new InetSocketAddress(target, port))) {
                connected();
            } else {
                setWriteNotificationEnabled(true);   // the loop says when the connect finished
            }
        } catch (IOException | RuntimeException e) {
            setError(e);
            close();
        }
    }

    /**
     * Takes over a connected channel (from the descriptor table). Returns false, with an error set,
     * if it cannot be used.
     */
    public boolean adopt(SocketChannel ch) {
        close();
        try {
            ch.configureBlocking(false);
            channel = ch;
            if (options != null) {
                for (Map.Entry<SocketOption, Object> e : options.entrySet()) {
                    applyOption(e.getKey(), e.getValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            setError(e);
            channel = null;
            Closing.quietly(ch);   // released from the descriptor table: nobody else can close it now
            return false;
        }
        connected();
        return true;
    }

    private void connected() {
        state = State.Connected;
        setWriteNotificationEnabled(false);   // the connect is done; enabled again if a write must wait
        try {
            // the channel's own InetAddress objects: no copies kept per connection
            if (channel.getLocalAddress() instanceof InetSocketAddress l) {
                localInet = l.getAddress();
                localAddress = null;
                localPort = l.getPort();
            }
            if (channel.getRemoteAddress() instanceof InetSocketAddress r) {
                peerInet = r.getAddress();
                peerAddress = null;
                peerPort = r.getPort();
            }
        } catch (IOException e) {
            // the addresses stay as they were
        }
    }

    private void onReadable() {
        if (state == State.Connected && receiver != null) {
            receiver.readNotification();
        }
    }

    private void onWritable() {
        if (state == State.Connecting) {
            try {
                if (!channel.finishConnect()) {
                    return;
                }
                connected();
            } catch (IOException e) {
                setError(e);
                close();
            }
            if (receiver != null) {
                receiver.connectionNotification();
            }
        } else if (state == State.Connected && receiver != null) {
            receiver.writeNotification();
        }
    }

    @Override
    public int read(RingBuffer dst, int maxLen) {
        if (channel == null) {
            setError(SocketError.NetworkError, SocketErrors.NOT_CONNECTED);
            return -1;
        }
        try {
            return readResult(dst.readFrom(channel, maxLen));
        } catch (IOException e) {
            return readFailed(e);
        }
    }

    /** {@inheritDoc} Proxy handshakes read their replies exactly with it too. */
    @Override
    public int read(ByteBuffer dst) {
        if (channel == null) {
            setError(SocketError.NetworkError, SocketErrors.NOT_CONNECTED);
            return -1;
        }
        try {
            return readResult(channel.read(dst));
        } catch (IOException e) {
            return readFailed(e);
        }
    }

    private int readResult(int n) {
        if (n < 0) {
            setError(SocketError.RemoteHostClosedError, SocketErrors.REMOTE_CLOSED);
        }
        return n;
    }

    private int readFailed(IOException e) {
        setError(e);
        return -1;
    }

    @Override
    public long write(RingBuffer src) {
        if (channel == null) {
            setError(SocketError.NetworkError, SocketErrors.NOT_CONNECTED);
            return -1;
        }
        try {
            return src.writeTo(channel);
        } catch (IOException e) {
            setError(e);
            return -1;
        }
    }

    /** {@inheritDoc} Proxy handshakes write their requests with it too. */
    @Override
    public int write(ByteBuffer src) {
        if (channel == null) {
            setError(SocketError.NetworkError, SocketErrors.NOT_CONNECTED);
            return -1;
        }
        try {
            return channel.write(src);
        } catch (IOException e) {
            setError(e);
            return -1;
        }
    }

    /**
     * {@inheritDoc} The JDK has no {@code FIONREAD} call for channels but the one behind its socket
     * adaptor's input stream, which works whatever the blocking mode.
     */
    @Override
    public long bytesAvailable() {
        SocketChannel ch = channel;
        if (ch == null || state != State.Connected) {
            return 0;
        }
        try {
            return ch.socket().getInputStream().available();
        } catch (IOException e) {
            return 0;   // closed or shut down: the next read reports it
        }
    }

    @Override
    public void setReadNotificationEnabled(boolean enable) {
        if (readEnabled != enable) {
            readEnabled = enable;
            updateWatch();
        }
    }

    @Override
    public boolean isReadNotificationEnabled() {
        return readEnabled;
    }

    @Override
    public void setWriteNotificationEnabled(boolean enable) {
        if (writeEnabled != enable) {
            writeEnabled = enable;
            updateWatch();
        }
    }

    /**
     * Gives the loop of the owner's thread the interest of the moment. Nothing is registered for
     * an owner with no thread ({@code moveToThread(null)}), used through the blocking API only.
     */
    private void updateWatch() {
        if (channel != null) {
            EventDispatcher.watch(channel, this);
        }
    }

    /** Stops the watch of the owner's thread; the interest is kept, for another thread or the blocking API. */
    private void stopWatch() {
        if (channel != null) {
            EventDispatcher.unwatch(channel, this);
        }
    }

    /**
     * The owner is leaving its thread (its ThreadChange, delivered in the old thread): that
     * thread's loop stops watching the channel. The notifications enabled stay enabled, for
     * {@link #enteredThread()} in the new thread, as Qt's notifiers re-register themselves there.
     */
    @Override
    public void leavingThread() {
        stopWatch();
    }

    /** The owner now lives in the calling thread: its loop watches the channel for what is enabled. */
    @Override
    public void enteredThread() {
        if (readEnabled || writeEnabled) {
            updateWatch();
        }
    }

    /** The watch's interest: the notifications enabled (ChannelWatcher; internal, so public costs nothing). */
    @Override
    public int interest() {
        return (readEnabled ? READ : 0) | (writeEnabled ? WRITE : 0);
    }

    /** The event loop found the channel ready: a read, or a write or finished connect, notification. */
    @Override
    public void channelReady(int kind) {
        if (kind == READ) {
            onReadable();
        } else {
            onWritable();
        }
    }

    /** The socket (or server) the engine works for. */
    @Override
    public QObject owner() {
        return owner;
    }

    @Override
    public boolean waitForActivity(long timeoutMs) {
        if (channel == null) {
            return false;
        }
        int ops = (readEnabled && state == State.Connected ? SelectionKey.OP_READ : 0)
                | (state == State.Connecting ? SelectionKey.OP_CONNECT : 0)
                | (writeEnabled && state == State.Connected ? SelectionKey.OP_WRITE : 0);
        if (ops == 0) {
            return false;
        }
        int ready;
        try {
            if (waitSelector == null) {
                waitSelector = Selector.open();
            }
            SelectionKey key = channel.keyFor(waitSelector);
            if (key == null || !key.isValid()) {
                key = channel.register(waitSelector, ops);
            } else {
                key.interestOps(ops);
            }
            int n = timeoutMs < 0 ? waitSelector.select() : waitSelector.select(Math.max(1, timeoutMs));
            waitSelector.selectedKeys().clear();
            if (n == 0) {
                return false;
            }
            ready = key.readyOps();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        if ((ready & (SelectionKey.OP_CONNECT | SelectionKey.OP_WRITE)) != 0) {
            onWritable();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && channel != null) {
            onReadable();
        }
        return true;
    }

    @Override
    public QHostAddress localAddress() {
        return localAddress != null ? localAddress : localInet != null ? new QHostAddress(localInet) : new QHostAddress();
    }

    @Override
    public int localPort() {
        return localPort;
    }

    @Override
    public QHostAddress peerAddress() {
        return peerAddress != null ? peerAddress : peerInet != null ? new QHostAddress(peerInet) : new QHostAddress();
    }

    @Override
    public int peerPort() {
        return peerPort;
    }

    @Override
    public void setOption(SocketOption option, Object value) {
        if (options == null) {
            options = new EnumMap<>(SocketOption.class);
        }
        options.put(option, value);
        if (channel != null) {
            try {
                applyOption(option, value);
            } catch (IOException | RuntimeException e) {
                Log.warning("QAbstractSocket::setSocketOption(" + option + ", " + value + "): " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void applyOption(SocketOption option, Object value) throws IOException {
        java.net.SocketOption<?> opt = jdkOption(option);
        if (opt == null) {
            return;
        }
        if (opt.type() == Boolean.class) {
            boolean b = value instanceof Boolean v ? v : ((Number) value).intValue() != 0;
            channel.setOption((java.net.SocketOption<Boolean>) opt, b);
        } else {
            channel.setOption((java.net.SocketOption<Integer>) opt, ((Number) value).intValue());
        }
    }

    @Override
    public Object option(SocketOption option) {
        java.net.SocketOption<?> opt = jdkOption(option);
        if (channel != null && opt != null) {
            try {
                Object v = channel.getOption(opt);
                return v instanceof Boolean b ? (b ? 1 : 0) : v;
            } catch (IOException | RuntimeException e) {
                return options == null ? null : options.get(option);
            }
        }
        return options == null ? null : options.get(option);
    }

    private static java.net.SocketOption<?> jdkOption(SocketOption option) {
        return switch (option) {
            case LowDelayOption -> StandardSocketOptions.TCP_NODELAY;
            case KeepAliveOption -> StandardSocketOptions.SO_KEEPALIVE;
            case TypeOfServiceOption -> StandardSocketOptions.IP_TOS;
            case SendBufferSizeSocketOption -> StandardSocketOptions.SO_SNDBUF;
            case ReceiveBufferSizeSocketOption -> StandardSocketOptions.SO_RCVBUF;
            default -> null;
        };
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

    /**
     * Makes the addresses reported differ from the channel's: a connection accepted through a
     * SOCKS5 BIND reports the proxy's bound address as local and the far peer as peer, as Qt.
     */
    public void overrideAddresses(QHostAddress local, int lport, QHostAddress peer, int pport) {
        localAddress = new QHostAddress(local);
        localPort = lport;
        peerAddress = new QHostAddress(peer);
        peerPort = pport;
    }

    /**
     * Gives the connected channel away (for a SOCKS5 BIND hand-over): the event loop stops
     * watching it for this engine, the channel stays open and is no longer this engine's. Returns
     * null if there is none.
     */
    public SocketChannel detach() {
        stopWatch();
        SocketChannel ch = channel;
        channel = null;
        if (descriptor >= 0) {
            SocketDescriptors.release(descriptor);
            descriptor = -1;
        }
        close();
        return ch;
    }

    /** The channel, for engines layered on this one; null when closed. */
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        stopWatch();   // before the close: a channel the selector never registered closes at once
        readEnabled = false;
        writeEnabled = false;
        if (descriptor >= 0) {
            SocketDescriptors.release(descriptor);
            descriptor = -1;
        }
        if (channel != null) {
            Closing.quietly(channel);
            channel = null;
        }
        if (waitSelector != null) {
            Closing.quietly(waitSelector);
            waitSelector = null;
        }
        state = State.Unconnected;
        localAddress = null;
        localInet = null;
        localPort = 0;
    }
}
