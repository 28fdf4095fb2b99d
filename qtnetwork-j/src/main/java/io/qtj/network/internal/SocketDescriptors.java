package io.qtj.network.internal;

import io.qtj.network.QHostAddress;

import java.nio.channels.NetworkChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide table that stands in for native socket descriptors: Qt hands a {@code qintptr}
 * from {@code QTcpServer::incomingConnection} to {@code QTcpSocket::setSocketDescriptor}, possibly
 * in another thread. Here a descriptor is a positive {@code long} handle for a channel. Thread-safe.
 */
public final class SocketDescriptors {
    private static final AtomicLong NEXT = new AtomicLong(3);
    private static final ConcurrentHashMap<Long, NetworkChannel> TABLE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Addresses> PROXIED = new ConcurrentHashMap<>();

    /**
     * The addresses a connection reports when they are not its channel's: for a connection
     * accepted through a SOCKS5 BIND (Qt's bind store), the proxy's bound address and the peer
     * the proxy announced.
     */
    public record Addresses(QHostAddress local, int localPort, QHostAddress peer, int peerPort) {
    }

    private SocketDescriptors() {
    }

    /** Registers {@code channel} and returns its new descriptor. */
    public static long register(NetworkChannel channel) {
        long id = NEXT.getAndIncrement();
        TABLE.put(id, channel);
        return id;
    }

    /** Registers a connection that reports {@code addresses} instead of its channel's; returns its descriptor. */
    public static long register(NetworkChannel channel, Addresses addresses) {
        long id = register(channel);
        PROXIED.put(id, addresses);
        return id;
    }

    /** Returns the addresses registered with {@code descriptor}, or null for a plain channel. */
    public static Addresses addresses(long descriptor) {
        return PROXIED.get(descriptor);
    }

    /** Returns the channel of {@code descriptor}, or null. */
    public static NetworkChannel get(long descriptor) {
        return TABLE.get(descriptor);
    }

    /** Forgets {@code descriptor}; returns its channel, or null. */
    public static NetworkChannel release(long descriptor) {
        PROXIED.remove(descriptor);
        return TABLE.remove(descriptor);
    }

    /** Forgets {@code descriptor} and closes its channel, if any (a descriptor nobody adopted). */
    public static void close(long descriptor) {
        PROXIED.remove(descriptor);
        NetworkChannel ch = TABLE.remove(descriptor);
        if (ch != null) {
            Closing.quietly(ch);
        }
    }

    /** The number of registered descriptors (for leak tests). */
    public static int size() {
        return TABLE.size();
    }
}
