package io.qtj.network;

import io.qtj.core.QMetaObject;
import io.qtj.core.QObject;
import io.qtj.core.Qt;
import io.qtj.core.Slot1;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The result of a host name lookup, and the functions that perform one, as Qt's QHostInfo.
 *
 * <p>{@link #lookupHost} resolves asynchronously on a small shared pool of daemon threads and
 * delivers the result to the receiver's slot in the receiver's thread, through its event loop.
 * {@link #fromName} blocks. An IP address literal is answered without any lookup.
 *
 * <p>A QHostInfo value is immutable once delivered, and safe to share between threads.
 */
public final class QHostInfo {
    /** The outcome of a lookup. */
    public enum HostInfoError {
        /** The lookup succeeded. */
        NoError,
        /** No address was found for the name. */
        HostNotFound,
        /** Another error. */
        UnknownError
    }

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = pool();

    /** Up to four lookups at once (a slow name does not hold up the others); idle threads end. */
    private static ExecutorService pool() {
        ThreadPoolExecutor p = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "qtj-hostinfo-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }
    private static final Map<Integer, Future<?>> PENDING = new ConcurrentHashMap<>();
    private static final Future<?> DONE_NOT_STARTED = java.util.concurrent.CompletableFuture.completedFuture(null);

    private final String hostName;
    private final List<QHostAddress> addresses;
    private final HostInfoError error;
    private final String errorString;
    private final int lookupId;

    private QHostInfo(String hostName, List<QHostAddress> addresses, HostInfoError error, String errorString,
                      int lookupId) {
        this.hostName = hostName;
        this.addresses = List.copyOf(addresses);
        this.error = error;
        this.errorString = errorString;
        this.lookupId = lookupId;
    }

    /**
     * Looks up {@code name} and blocks until the lookup is done. An IP address literal is returned
     * as is, without a lookup.
     */
    public static QHostInfo fromName(String name) {
        return resolve(name, -1);
    }

    private static QHostInfo resolve(String name, int id) {
        if (name == null || name.isEmpty()) {
            return new QHostInfo(name == null ? "" : name, List.of(), HostInfoError.HostNotFound,
                    "No host name given", id);
        }
        QHostAddress literal = new QHostAddress();
        if (literal.setAddress(name)) {
            return new QHostInfo(name, List.of(literal), HostInfoError.NoError, "Unknown error", id);
        }
        try {
            InetAddress[] found = InetAddress.getAllByName(name);
            List<QHostAddress> out = new ArrayList<>(found.length);
            for (InetAddress a : found) {
                out.add(new QHostAddress(a));
            }
            return new QHostInfo(name, out, HostInfoError.NoError, "Unknown error", id);
        } catch (UnknownHostException e) {
            return new QHostInfo(name, List.of(), HostInfoError.HostNotFound, "Host not found", id);
        } catch (RuntimeException e) {
            return new QHostInfo(name, List.of(), HostInfoError.UnknownError, String.valueOf(e.getMessage()), id);
        }
    }

    /**
     * Looks up {@code name} asynchronously and calls {@code slot} with the result in the thread of
     * {@code receiver}, from its event loop; nothing is delivered if the receiver is disposed first
     * or the lookup is aborted. Returns the lookup's id (see {@link #abortHostLookup(int)}).
     *
     * @throws IllegalArgumentException if {@code receiver} or {@code slot} is null
     */
    public static int lookupHost(String name, QObject receiver, Slot1<QHostInfo> slot) {
        if (receiver == null) {
            throw new IllegalArgumentException("receiver: null (expected: the object whose thread gets the result)");
        }
        if (slot == null) {
            throw new IllegalArgumentException("slot: null (expected: a Slot1<QHostInfo>)");
        }
        int id = NEXT_ID.getAndIncrement();
        // The id stays pending until the result is delivered in the receiver's thread, so that
        // abortHostLookup() in that thread drops a result already computed and posted.
        PENDING.put(id, DONE_NOT_STARTED);
        QHostAddress literal = new QHostAddress();
        if (name != null && literal.setAddress(name)) {
            deliver(receiver, slot, new QHostInfo(name, List.of(literal), HostInfoError.NoError, "Unknown error", id));
            return id;
        }
        Future<?> f = POOL.submit(() -> {
            if (PENDING.containsKey(id)) {
                deliver(receiver, slot, resolve(name, id));
            }
        });
        PENDING.replace(id, DONE_NOT_STARTED, f);
        return id;
    }

    private static void deliver(QObject receiver, Slot1<QHostInfo> slot, QHostInfo info) {
        if (receiver.isDisposed()) {
            PENDING.remove(info.lookupId());
            return;
        }
        try {
            QMetaObject.invokeMethod(receiver, () -> {
                if (PENDING.remove(info.lookupId()) != null && !receiver.isDisposed()) {
                    slot.invoke(info);
                }
            }, Qt.ConnectionType.QueuedConnection);
        } catch (IllegalStateException e) {
            PENDING.remove(info.lookupId());   // disposed meanwhile: nobody to tell
        }
    }

    /**
     * Aborts the lookup {@code lookupId}: its result will not be delivered, even if it was already
     * found and is waiting for the receiver's event loop.
     */
    public static void abortHostLookup(int lookupId) {
        Future<?> f = PENDING.remove(lookupId);
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Returns this machine's host name. */
    public static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }

    /** Returns the name that was looked up. */
    public String hostName() {
        return hostName;
    }

    /** Returns the addresses found, in the resolver's order; empty on error. */
    public List<QHostAddress> addresses() {
        return addresses;
    }

    /** Returns the lookup's outcome. */
    public HostInfoError error() {
        return error;
    }

    /** Returns a human-readable description of the error ("Host not found"). */
    public String errorString() {
        return errorString;
    }

    /** Returns the id of the lookup that produced this result, or -1 for {@link #fromName}. */
    public int lookupId() {
        return lookupId;
    }

    @Override
    public String toString() {
        return "QHostInfo(" + hostName + ", " + error + ", " + addresses + ")";
    }
}
