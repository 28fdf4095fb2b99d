package io.qtj.network;

import io.qtj.core.QObject;
import io.qtj.core.QThread;
import io.qtj.test.QTest;
import io.qtj.test.QtExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * QHostInfo; test names follow qtbase's tests/auto/network/kernel/qhostinfo/tst_qhostinfo.cpp.
 * Names that would need a real DNS server are replaced by {@code localhost} (answered from the
 * hosts file), IP literals, and names under the reserved {@code .invalid} TLD (RFC 6761: never
 * resolves).
 *
 * <p>Ported: staticInformation, lookupIPv4 (rows empty, literal_ip4, notfound), lookupIPv6 (rows
 * literal_ip6, literal_shortip6), reverseLookup (row bogus-name), blockingLookup (the same rows),
 * raceCondition, threadSafety, threadSafetyAsynchronousAPI, multipleSameLookups,
 * multipleDifferentLookups (rows 1, 2, 5, 10), abortHostLookup.
 *
 * <p>Not ported:
 * <ul>
 * <li>getSetCheck: Qt's QHostInfo() constructor and setError/setLookupId setters; qtj's QHostInfo
 *     is an immutable value with no public constructor or setters (API.md lists none).</li>
 * <li>lookupIPv4 rows lookup_01, single_ip4, multiple_ip4, idn-ace, idn-unicode; lookupIPv6 rows
 *     aaaa-single, aaaa-multi, a-plus-aaaa: need Qt's DNS test zone (test.macieira.org) and the
 *     test server's name.</li>
 * <li>reverseLookup rows google-public-dns-a.google.com, gitorious.org: need the internet.</li>
 * <li>cache: uses the private qt_qhostinfo_lookup/qt_qhostinfo_clear_cache; qtj has no
 *     host-name cache.</li>
 * <li>The WithCache/WithoutCache global rows: likewise (no cache to switch).</li>
 * </ul>
 */
@Timeout(120)
@ExtendWith(QtExtension.class)
class QHostInfoTest {
    private static final String NOT_FOUND = "qtj-no-such-host.invalid";

    private static String sortedAddresses(QHostInfo info) {
        return info.addresses().stream().map(QHostAddress::toString).sorted().collect(Collectors.joining(" "));
    }

    private static String sorted(String addresses) {
        return Arrays.stream(addresses.split(" ")).filter(a -> !a.isEmpty()).sorted().collect(Collectors.joining(" "));
    }

    /** Looks {@code name} up asynchronously and waits for the result. */
    private static QHostInfo lookup(String name) {
        QObject receiver = new QObject();
        AtomicReference<QHostInfo> result = new AtomicReference<>();
        try {
            QHostInfo.lookupHost(name, receiver, result::set);
            assertTrue(QTest.qWaitFor(() -> result.get() != null, 10000), "no result for " + name);
            return result.get();
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void staticInformation() {
        String name = QHostInfo.localHostName();
        assertNotNull(name);
        assertFalse(name.isEmpty());
    }

    static Stream<Arguments> lookupIPv4_data() {
        return Stream.of(
                Arguments.of("empty", "", "", QHostInfo.HostInfoError.HostNotFound),
                Arguments.of("literal_ip4", "192.0.2.1", "192.0.2.1", QHostInfo.HostInfoError.NoError),
                Arguments.of("notfound", NOT_FOUND, "", QHostInfo.HostInfoError.HostNotFound));
    }

    static Stream<Arguments> lookupIPv6_data() {
        return Stream.of(
                Arguments.of("literal_ip6", "f001:6b0:1:ea:202:a5ff:fecd:13a6", "f001:6b0:1:ea:202:a5ff:fecd:13a6",
                        QHostInfo.HostInfoError.NoError),
                Arguments.of("literal_shortip6", "f001:618:1401::4", "f001:618:1401::4", QHostInfo.HostInfoError.NoError));
    }

    static Stream<Arguments> blockingLookup_data() {
        return Stream.concat(lookupIPv4_data(), lookupIPv6_data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookupIPv4_data")
    void lookupIPv4(String row, String hostname, String addresses, QHostInfo.HostInfoError err) {
        QHostInfo results = lookup(hostname);
        assertEquals(err, results.error(), results.errorString());
        assertEquals(sorted(addresses), sortedAddresses(results));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookupIPv6_data")
    void lookupIPv6(String row, String hostname, String addresses, QHostInfo.HostInfoError err) {
        QHostInfo results = lookup(hostname);
        assertEquals(err, results.error());
        assertEquals(sorted(addresses).toLowerCase(), sortedAddresses(results).toLowerCase());
    }

    /** Row bogus-name: not an address, so it is looked up as a name, and not found. */
    @Test
    void reverseLookup() {
        String address = "1::2::3::4";
        QHostInfo info = QHostInfo.fromName(address);
        assertEquals(address, info.hostName());
        assertEquals(QHostInfo.HostInfoError.HostNotFound, info.error());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingLookup_data")
    void blockingLookup(String row, String hostname, String addresses, QHostInfo.HostInfoError err) {
        QHostInfo hostInfo = QHostInfo.fromName(hostname);
        assertEquals(err, hostInfo.error());
        assertEquals(sorted(addresses).toUpperCase(), sortedAddresses(hostInfo).toUpperCase());
    }

    /** Sockets whose lookup is still running are destroyed; nothing may be delivered to them. */
    @Test
    void raceCondition() {
        List<QTcpSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 1000; ++i) {
            QTcpSocket socket = new QTcpSocket();
            socket.connectToHost("localhost", 80);
            socket.dispose();
            sockets.add(socket);
        }
        assertTrue(sockets.stream().allMatch(QObject::isDisposed));
        // the lookup machinery still works afterwards
        assertEquals(QHostInfo.HostInfoError.NoError, lookup("localhost").error());
    }

    @Test
    void threadSafety() throws InterruptedException {
        final int nattempts = 5;
        final int runs = 100;
        List<String> failures = new CopyOnWriteArrayList<>();
        for (int j = 0; j < runs; ++j) {
            Thread[] thr = new Thread[nattempts];
            for (int i = 0; i < nattempts; ++i) {
                thr[i] = new Thread(() -> {
                    QHostInfo info = QHostInfo.fromName("localhost");
                    if (info.error() != QHostInfo.HostInfoError.NoError || info.addresses().isEmpty()
                            || !info.addresses().get(0).isLoopback()) {
                        failures.add(info.toString());
                    }
                });
                thr[i].start();
            }
            for (int k = nattempts - 1; k >= 0; --k) {
                thr[k].join(30000);
                assertFalse(thr[k].isAlive());
            }
        }
        assertEquals(List.of(), failures);
    }

    /** A receiver living in its own thread; it quits the thread after its last result. */
    static final class LookupReceiver extends QObject {
        volatile QHostInfo result;
        volatile int numrequests;
        volatile boolean wrongThread;

        void start() {
            for (int i = 0, n = numrequests; i < n; i++) {
                QHostInfo.lookupHost("localhost", this, this::resultsReady);
            }
        }

        void resultsReady(QHostInfo info) {
            if (QThread.currentThread() != thread()) {
                wrongThread = true;
            }
            result = info;
            numrequests--;
            if (numrequests == 0 || info.error() != QHostInfo.HostInfoError.NoError) {
                QThread.currentThread().quit();
            }
        }
    }

    @Test
    void threadSafetyAsynchronousAPI() {
        final int nattempts = 10;
        final int lookupsperthread = 10;
        List<QThread> threads = new ArrayList<>();
        List<LookupReceiver> receivers = new ArrayList<>();
        try {
            for (int i = 0; i < nattempts; ++i) {
                QThread thread = new QThread();
                LookupReceiver receiver = new LookupReceiver();
                receiver.numrequests = lookupsperthread;
                receivers.add(receiver);
                receiver.moveToThread(thread);
                thread.started.connect(receiver, receiver::start);
                thread.start();
                threads.add(thread);
            }
            for (int k = threads.size() - 1; k >= 0; --k) {
                assertTrue(threads.get(k).join(60000));
            }
            for (LookupReceiver receiver : receivers) {
                assertEquals(QHostInfo.HostInfoError.NoError, receiver.result.error());
                assertTrue(receiver.result.addresses().get(0).isLoopback());
                assertEquals(0, receiver.numrequests);
                assertFalse(receiver.wrongThread, "results are delivered in the receiver's thread");
            }
        } finally {
            receivers.forEach(QObject::dispose);
            threads.forEach(QObject::dispose);
        }
    }

    @Test
    void multipleSameLookups() {
        final int count = 10;
        AtomicInteger lookupsDoneCounter = new AtomicInteger();
        QObject receiver = new QObject();
        try {
            for (int i = 0; i < count; i++) {
                QHostInfo.lookupHost("localhost", receiver, info -> lookupsDoneCounter.incrementAndGet());
            }
            assertTrue(QTest.qWaitFor(() -> lookupsDoneCounter.get() >= count, 10000));
            QTest.qWait(20);
            assertEquals(count, lookupsDoneCounter.get());
        } finally {
            receiver.dispose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1, 2, 5, 10})
    void multipleDifferentLookups(int repeats) {
        // Qt's list is names of its DNS test zone plus "127.0.0.1" and "----"; these need no DNS server
        List<String> hostnameList = List.of("localhost", "127.0.0.1", "::1", "", NOT_FOUND);
        final int count = hostnameList.size();
        AtomicInteger lookupsDoneCounter = new AtomicInteger();
        QObject receiver = new QObject();
        try {
            for (String name : hostnameList) {
                for (int j = 0; j < repeats; ++j) {
                    QHostInfo.lookupHost(name, receiver, info -> lookupsDoneCounter.incrementAndGet());
                }
            }
            assertTrue(QTest.qWaitFor(() -> lookupsDoneCounter.get() >= repeats * count, 60000));
            assertEquals(repeats * count, lookupsDoneCounter.get());
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void abortHostLookup() {
        AtomicInteger lookupsDoneCounter = new AtomicInteger();
        QObject receiver = new QObject();
        try {
            int id = QHostInfo.lookupHost("localhost", receiver, info -> lookupsDoneCounter.incrementAndGet());
            // as in Qt, the lookup is assumed to take longer than the call to abort
            QHostInfo.abortHostLookup(id);
            // a later lookup to the same receiver is delivered after anything the first could have posted
            AtomicReference<QHostInfo> later = new AtomicReference<>();
            QHostInfo.lookupHost("localhost", receiver, later::set);
            assertTrue(QTest.qWaitFor(() -> later.get() != null, 10000));
            QTest.qWait(20);
            assertEquals(0, lookupsDoneCounter.get());
        } finally {
            receiver.dispose();
        }
    }

    // ---------------------------------------------------------------- the brief's explicit cases

    /** An IP literal needs no lookup: its address is the answer, still delivered through the loop. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1", "192.0.2.1"})
    void ipLiteralAnsweredWithoutLookup(String literal) {
        QObject receiver = new QObject();
        AtomicReference<QHostInfo> result = new AtomicReference<>();
        try {
            int id = QHostInfo.lookupHost(literal, receiver, result::set);
            assertEquals(null, result.get(), "delivered from the event loop, never from lookupHost itself");
            assertTrue(QTest.qWaitFor(() -> result.get() != null, 5000));
            assertEquals(QHostInfo.HostInfoError.NoError, result.get().error());
            assertEquals(List.of(new QHostAddress(literal)), result.get().addresses());
            assertEquals(id, result.get().lookupId());
            QHostInfo blocking = QHostInfo.fromName(literal);
            assertEquals(List.of(new QHostAddress(literal)), blocking.addresses());
        } finally {
            receiver.dispose();
        }
    }

    @Test
    void localhostLookup() {
        QHostInfo info = lookup("localhost");
        assertEquals(QHostInfo.HostInfoError.NoError, info.error());
        assertEquals("localhost", info.hostName());
        assertFalse(info.addresses().isEmpty());
        assertTrue(info.addresses().stream().allMatch(QHostAddress::isLoopback), info.toString());
        assertTrue(info.lookupId() > 0);
        assertEquals(-1, QHostInfo.fromName("localhost").lookupId());
    }

    @Test
    void invalidNameIsHostNotFound() {
        QHostInfo info = lookup(NOT_FOUND);
        assertEquals(QHostInfo.HostInfoError.HostNotFound, info.error());
        assertEquals("Host not found", info.errorString());
        assertTrue(info.addresses().isEmpty());
        assertEquals(NOT_FOUND, info.hostName());
        QHostInfo blocking = QHostInfo.fromName(NOT_FOUND);
        assertEquals(QHostInfo.HostInfoError.HostNotFound, blocking.error());
        assertEquals("Host not found", blocking.errorString());
    }

    @Test
    void receiverDisposedBeforeDelivery() {
        AtomicInteger delivered = new AtomicInteger();
        QObject doomed = new QObject();
        QHostInfo.lookupHost("localhost", doomed, info -> delivered.incrementAndGet());
        QHostInfo.lookupHost("127.0.0.1", doomed, info -> delivered.incrementAndGet());
        doomed.dispose();
        // results to another receiver, requested later, arrive after anything meant for the first
        QHostInfo after = lookup("localhost");
        assertEquals(QHostInfo.HostInfoError.NoError, after.error());
        QTest.qWait(20);
        assertEquals(0, delivered.get());
    }

    @Test
    void resultDeliveredInReceiversThread() {
        QThread worker = new QThread();
        QObject receiver = new QObject();
        try {
            worker.start();
            receiver.moveToThread(worker);
            AtomicReference<QThread> deliveredIn = new AtomicReference<>();
            AtomicReference<QHostInfo> result = new AtomicReference<>();
            QHostInfo.lookupHost("localhost", receiver, info -> {
                deliveredIn.set(QThread.currentThread());
                result.set(info);
            });
            assertTrue(QTest.qWaitFor(() -> result.get() != null, 10000));
            assertSame(worker, deliveredIn.get());
            assertEquals(QHostInfo.HostInfoError.NoError, result.get().error());
        } finally {
            worker.quit();
            assertTrue(worker.join(5000));
            receiver.dispose();
            worker.dispose();
        }
    }

    @Test
    void nullReceiverOrSlotIsAProgrammingError() {
        QObject receiver = new QObject();
        assertThrows(IllegalArgumentException.class, () -> QHostInfo.lookupHost("localhost", null, info -> { }));
        assertThrows(IllegalArgumentException.class, () -> QHostInfo.lookupHost("localhost", receiver, null));
        receiver.dispose();
    }
}
