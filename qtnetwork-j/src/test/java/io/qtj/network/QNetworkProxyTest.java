package io.qtj.network;

import static io.qtj.network.QNetworkProxy.Capability.CachingCapability;
import static io.qtj.network.QNetworkProxy.Capability.HostNameLookupCapability;
import static io.qtj.network.QNetworkProxy.Capability.ListeningCapability;
import static io.qtj.network.QNetworkProxy.Capability.SctpListeningCapability;
import static io.qtj.network.QNetworkProxy.Capability.SctpTunnelingCapability;
import static io.qtj.network.QNetworkProxy.Capability.TunnelingCapability;
import static io.qtj.network.QNetworkProxy.Capability.UdpTunnelingCapability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.network.QNetworkProxy.Capability;
import io.qtj.network.QNetworkProxy.ProxyType;

import java.util.EnumSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QNetworkProxyTest {

    @AfterEach
    void restoreGlobalState() {
        QNetworkProxyFactory.setUseSystemConfiguration(true);
    }

    @Test
    void constructing() {
        QNetworkProxy p = new QNetworkProxy();
        assertEquals(ProxyType.DefaultProxy, p.type());
        assertNull(p.hostName());
        assertEquals(0, p.port());
        assertNull(p.user());
        assertNull(p.password());
        assertEquals(EnumSet.of(ListeningCapability, TunnelingCapability, UdpTunnelingCapability,
                SctpTunnelingCapability, SctpListeningCapability), p.capabilities());
        assertTrue(p.isTransparentProxy());
        assertFalse(p.isCachingProxy());
        assertEquals(new QNetworkProxy(ProxyType.DefaultProxy), p);

        QNetworkProxy full = new QNetworkProxy(ProxyType.Socks5Proxy, "proxy.example", 1080, "bob", "secret");
        assertEquals(ProxyType.Socks5Proxy, full.type());
        assertEquals("proxy.example", full.hostName());
        assertEquals(1080, full.port());
        assertEquals("bob", full.user());
        assertEquals("secret", full.password());
        assertEquals(full, new QNetworkProxy(full));
    }

    static Stream<Arguments> defaultCapabilities_data() {
        return Stream.of(
                Arguments.of(ProxyType.DefaultProxy, EnumSet.of(ListeningCapability, TunnelingCapability,
                        UdpTunnelingCapability, SctpTunnelingCapability, SctpListeningCapability)),
                Arguments.of(ProxyType.Socks5Proxy, EnumSet.of(TunnelingCapability, ListeningCapability,
                        UdpTunnelingCapability, HostNameLookupCapability)),
                Arguments.of(ProxyType.NoProxy, EnumSet.of(ListeningCapability, TunnelingCapability,
                        UdpTunnelingCapability, SctpTunnelingCapability, SctpListeningCapability)),
                Arguments.of(ProxyType.HttpProxy, EnumSet.of(TunnelingCapability, CachingCapability,
                        HostNameLookupCapability)),
                Arguments.of(ProxyType.HttpCachingProxy, EnumSet.of(CachingCapability, HostNameLookupCapability)),
                Arguments.of(ProxyType.FtpCachingProxy, EnumSet.of(CachingCapability, HostNameLookupCapability)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultCapabilities_data")
    void capabilitiesPerProxy(ProxyType type, EnumSet<Capability> expected) {
        assertEquals(expected, new QNetworkProxy(type).capabilities());
        QNetworkProxy p = new QNetworkProxy();
        p.setType(type);
        assertEquals(expected, p.capabilities(), "setType resets to the type's defaults");
        assertEquals(expected.contains(CachingCapability), p.isCachingProxy());
        assertEquals(expected.contains(TunnelingCapability), p.isTransparentProxy());
    }

    @Test
    void setTypeKeepsCapabilitiesOnceSet() {
        QNetworkProxy p = new QNetworkProxy(ProxyType.HttpProxy);
        p.setCapabilities(EnumSet.of(TunnelingCapability));
        p.setType(ProxyType.Socks5Proxy);
        assertEquals(EnumSet.of(TunnelingCapability), p.capabilities());
        EnumSet<Capability> mine = EnumSet.noneOf(Capability.class);
        p.setCapabilities(mine);
        mine.add(CachingCapability);                        // the proxy keeps its own copy
        assertEquals(EnumSet.noneOf(Capability.class), p.capabilities());
        p.capabilities().add(CachingCapability);
        assertFalse(p.isCachingProxy());
    }

    @Test
    void equality() {
        QNetworkProxy a = new QNetworkProxy(ProxyType.HttpProxy, "h", 3128, "u", "p");
        QNetworkProxy b = new QNetworkProxy(ProxyType.HttpProxy, "h", 3128, "u", "p");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setPassword("other");
        assertNotEquals(a, b);
        b.setPassword("p");
        b.setCapabilities(EnumSet.of(TunnelingCapability));
        assertNotEquals(a, b);
        assertNotEquals(a, new QNetworkProxy(ProxyType.Socks5Proxy, "h", 3128, "u", "p"));
        assertNotEquals(a, new QNetworkProxy(ProxyType.HttpProxy, "h", 3129, "u", "p"));
        assertNotEquals(a, new QNetworkProxy(ProxyType.HttpProxy, "g", 3128, "u", "p"));
    }

    @Test
    void toStringNeverShowsThePassword() {
        QNetworkProxy p = new QNetworkProxy(ProxyType.Socks5Proxy, "proxy.example", 1080, "bob", "hunter2");
        String s = p.toString();
        assertFalse(s.contains("hunter2"), s);
        assertEquals("QNetworkProxy(Socks5Proxy, proxy.example:1080, user=bob, capabilities=[TunnelingCapability, "
                + "ListeningCapability, UdpTunnelingCapability, HostNameLookupCapability])", s);
        assertEquals("QNetworkProxy(NoProxy, :0, capabilities=[TunnelingCapability, ListeningCapability, "
                + "UdpTunnelingCapability, SctpTunnelingCapability, SctpListeningCapability])",
                new QNetworkProxy(ProxyType.NoProxy).toString());
    }

    @Test
    void portIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QNetworkProxy(ProxyType.HttpProxy, "h", 70000));
        assertEquals("port: 70000 (expected: 0..65535)", e.getMessage());
        QNetworkProxy p = new QNetworkProxy();
        assertThrows(IllegalArgumentException.class, () -> p.setPort(-1));
        p.setPort(65535);
        assertEquals(65535, p.port());
        assertThrows(IllegalArgumentException.class, () -> p.setType(null));
    }

    @Test
    void applicationProxy() {
        QNetworkProxy socks = new QNetworkProxy(ProxyType.Socks5Proxy, "s", 1080);
        QNetworkProxy.setApplicationProxy(socks);
        assertEquals(socks, QNetworkProxy.applicationProxy());
        assertFalse(QNetworkProxyFactory.usesSystemConfiguration());
        socks.setHostName("changed");                          // stored as a copy
        assertEquals("s", QNetworkProxy.applicationProxy().hostName());

        QNetworkProxy.setApplicationProxy(new QNetworkProxy());  // DefaultProxy is stored as NoProxy
        assertEquals(ProxyType.NoProxy, QNetworkProxy.applicationProxy().type());
    }
}
