package io.qtj.network;

import static io.qtj.network.QHostAddress.ConversionModeFlag.ConvertLocalHost;
import static io.qtj.network.QHostAddress.ConversionModeFlag.ConvertUnspecifiedAddress;
import static io.qtj.network.QHostAddress.ConversionModeFlag.ConvertV4CompatToIPv4;
import static io.qtj.network.QHostAddress.ConversionModeFlag.ConvertV4MappedToIPv4;
import static io.qtj.network.QHostAddress.ConversionModeFlag.StrictConversion;
import static io.qtj.network.QHostAddress.SpecialAddress.Any;
import static io.qtj.network.QHostAddress.SpecialAddress.AnyIPv4;
import static io.qtj.network.QHostAddress.SpecialAddress.AnyIPv6;
import static io.qtj.network.QHostAddress.SpecialAddress.Broadcast;
import static io.qtj.network.QHostAddress.SpecialAddress.LocalHost;
import static io.qtj.network.QHostAddress.SpecialAddress.LocalHostIPv6;
import static io.qtj.network.QHostAddress.SpecialAddress.Null;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.QHostAddress.ConversionModeFlag;
import io.qtj.network.QHostAddress.SpecialAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ports tst_qhostaddress.cpp: each Qt {@code _data()} table is a method source with Qt's row names. */
class QHostAddressTest {

    private static QHostAddress addr(String s) {
        return new QHostAddress(s);
    }

    private static QHostAddress addr(SpecialAddress s) {
        return new QHostAddress(s);
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }

    @Test
    void constructing() throws Exception {
        QHostAddress a = new QHostAddress();
        assertTrue(a.isNull());
        assertEquals(NetworkLayerProtocol.UnknownNetworkLayerProtocol, a.protocol());
        assertEquals("", a.toString());
        assertEquals("", a.scopeId());
        assertEquals(0, a.toIPv4Address());
        boolean[] ok = {true};
        a.toIPv4Address(ok);
        assertFalse(ok[0]);
        assertArrayEquals(new byte[16], a.toIPv6Address());
        assertNull(a.toInetAddress());
        assertEquals(new QHostAddress(Null), a);
        assertEquals(new QHostAddress((String) null), a);
        assertFalse(a.isLoopback() || a.isGlobal() || a.isMulticast() || a.isLinkLocal() || a.isBroadcast());

        QHostAddress v4 = new QHostAddress(0x7f000001);
        assertEquals("127.0.0.1", v4.toString());
        assertEquals(NetworkLayerProtocol.IPv4Protocol, v4.protocol());

        byte[] bytes = new byte[16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[15] = 1;
        QHostAddress v6 = new QHostAddress(bytes);
        bytes[15] = 2;                                        // the constructor copied
        assertEquals("2001::1", v6.toString());
        assertEquals(NetworkLayerProtocol.IPv6Protocol, v6.protocol());

        QHostAddress copy = new QHostAddress(addr("fe80::1%eth0"));
        assertEquals("fe80::1%eth0", copy.toString());
        assertEquals("eth0", copy.scopeId());

        assertEquals(addr("10.1.2.3"), new QHostAddress(InetAddress.getByAddress(new byte[] {10, 1, 2, 3})));
        assertEquals(addr("::1"), new QHostAddress(InetAddress.getByAddress(bytesOf("::1"))));
        assertEquals("fe80::1%7", new QHostAddress(Inet6Address.getByAddress(null, bytesOf("fe80::1"), 7)).toString());

        assertThrows(IllegalArgumentException.class, () -> new QHostAddress(new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> new QHostAddress((byte[]) null));
        assertThrows(IllegalArgumentException.class, () -> new QHostAddress((InetAddress) null));
        assertThrows(IllegalArgumentException.class, () -> new QHostAddress((QHostAddress) null));
    }

    private static byte[] bytesOf(String v6) {
        return addr(v6).toIPv6Address();
    }

    // ---- setAddress_QString / constructor_QString ----

    static Stream<Arguments> setAddress_QString_data() {
        return Stream.of(
                row("ip4_00", "127.0.0.1", true, "127.0.0.1", 4),
                row("ip4_01", "255.3.2.1", true, "255.3.2.1", 4),
                row("ip4_03", " 255.3.2.1", true, "255.3.2.1", 4),
                row("ip4_04", "255.3.2.1\r ", true, "255.3.2.1", 4),
                row("ip4_05", "0.0.0.0", true, "0.0.0.0", 4),
                row("ip4_06", "123.0.0", true, "123.0.0.0", 4),
                row("ip6_00", "FEDC:BA98:7654:3210:FEDC:BA98:7654:3210", true, "fedc:ba98:7654:3210:fedc:ba98:7654:3210", 6),
                row("ip6_01", "1080:0000:0000:0000:0008:0800:200C:417A", true, "1080::8:800:200c:417a", 6),
                row("ip6_02", "1080:0:0:0:8:800:200C:417A", true, "1080::8:800:200c:417a", 6),
                row("ip6_03", "1080::8:800:200C:417A", true, "1080::8:800:200c:417a", 6),
                row("ip6_04", "FF01::43", true, "ff01::43", 6),
                row("ip6_05", "::1", true, "::1", 6),
                row("ip6_06", "1::", true, "1::", 6),
                row("ip6_07", "::", true, "::", 6),
                row("ip6_08", "0:0:0:0:0:0:13.1.68.3", true, "::13.1.68.3", 6),
                row("ip6_09", "::13.1.68.3", true, "::13.1.68.3", 6),
                row("ip6_10", "0:0:0:0:0:FFFF:129.144.52.38", true, "::ffff:129.144.52.38", 6),
                row("ip6_11", "::FFFF:129.144.52.38", true, "::ffff:129.144.52.38", 6),
                row("ip6_12", "1::FFFF:129.144.52.38", true, "1::ffff:8190:3426", 6),
                row("ip6_13", "A:B::D:E", true, "a:b::d:e", 6),
                row("ip6_14", "1080:0:1:0:8:800:200C:417A", true, "1080:0:1:0:8:800:200c:417a", 6),
                row("ip6_15", "1080:0:1:0:8:800:200C:0", true, "1080:0:1:0:8:800:200c:0", 6),
                row("ip6_16", "1080:0:1:0:8:800:0:0", true, "1080:0:1:0:8:800::", 6),
                row("ip6_17a", "1080:0:0:8:800:0:0:0", true, "1080:0:0:8:800::", 6),
                row("ip6_17b", "1080:0:0:0:8:0:0:0", true, "1080::8:0:0:0", 6),
                row("ip6_18", "0:1:1:1:8:800:0:0", true, "0:1:1:1:8:800::", 6),
                row("ip6_19", "0:1:1:1:8:800:0:1", true, "0:1:1:1:8:800:0:1", 6),
                row("error_00", "foobarcom", false, null, 0),
                row("error_01", "foo.bar.com", false, null, 0),
                row("error_02", "", false, null, 0),
                row("error_03", null, false, null, 0),
                row("error_04", " \t\r", false, null, 0),
                row("error_ip4_00", "256.9.9.9", false, null, 0),
                row("error_ip4_01", "-1.9.9.9", false, null, 0),
                row("error_ip4_02", "123.0.0.", false, null, 0),
                row("error_ip4_03", "123.0.0.0.0", false, null, 0),
                row("error_ip4_04", "255.2 3.2.1", false, null, 0),
                row("error_ip6_00", ":", false, null, 0),
                row("error_ip6_01", ":::", false, null, 0),
                row("error_ip6_02", "::AAAA:", false, null, 0),
                row("error_ip6_03", ":AAAA::", false, null, 0),
                row("error_ip6_04", "FFFF:::129.144.52.38", false, null, 0),
                row("error_ip6_05", "FEDC:BA98:7654:3210:FEDC:BA98:7654:3210:1234", false, null, 0),
                row("error_ip6_06", "129.144.52.38::", false, null, 0),
                row("error_ip6_07", "::129.144.52.38:129.144.52.38", false, null, 0),
                row("error_ip6_08", ":::129.144.52.38", false, null, 0),
                row("error_ip6_09", "1FEDC:BA98:7654:3210:FEDC:BA98:7654:3210", false, null, 0),
                row("error_ip6_10", "::FFFFFFFF", false, null, 0),
                row("error_ip6_11", "::EFGH", false, null, 0),
                row("error_ip6_12", "ABCD:ABCD:ABCD", false, null, 0),
                row("error_ip6_13", "::ABCD:ABCD::", false, null, 0),
                row("error_ip6_14", "1::2::3", false, null, 0),
                row("error_ip6_15", "1:2:::", false, null, 0),
                row("error_ip6_16", ":::1:2", false, null, 0),
                row("error_ip6_17", "1:::2", false, null, 0),
                row("error_ip6_18", "FEDC::7654:3210:FEDC:BA98::3210", false, null, 0),
                row("error_ip6_19", "ABCD:ABCD:ABCD:1.2.3.4", false, null, 0),
                row("error_ip6_20", "ABCD::ABCD::ABCD:1.2.3.4", false, null, 0),
                // beyond Qt's table: inet_aton forms, the quad's stricter rules, other RFC 4291 forms
                row("ip4_short_1", "127.1", true, "127.0.0.1", 4),
                row("ip4_short_2", "10", true, "0.0.0.10", 4),
                row("ip4_short_3", "4294967295", true, "255.255.255.255", 4),
                row("ip4_hex", "0x7f.0.0.0x1", true, "127.0.0.1", 4),
                row("ip4_octal", "010.0.0.1", true, "8.0.0.1", 4),
                row("error_ip4_short_big", "1.16777216", false, null, 0),
                row("error_ip4_bad_octal", "08.0.0.1", false, null, 0),
                row("error_ip4_nonascii", "1.2.3.\u0664", false, null, 0),
                row("ip6_seven_then_gap", "1:2:3:4:5:6:7::", true, "1:2:3:4:5:6:7:0", 6),
                row("ip6_gap_then_seven", "::2:3:4:5:6:7:8", true, "0:2:3:4:5:6:7:8", 6),
                row("ip6_full_quad", "1:2:3:4:5:6:1.2.3.4", true, "1:2:3:4:5:6:102:304", 6),
                row("ip6_compat_small", "::0.0.1.2", true, "::102", 6),
                row("ip6_compat_mid", "::0.1.0.0", true, "::0.1.0.0", 6),
                row("ip6_mapped_any", "::ffff:0.0.0.0", true, "::ffff:0.0.0.0", 6),
                row("ip6_first_longest_run", "1:0:0:2:0:0:3:4", true, "1::2:0:0:3:4", 6),
                row("ip6_longer_second_run", "1:0:0:2:0:0:0:4", true, "1:0:0:2::4", 6),
                row("ip6_scope", "fe80::1%eth0", true, "fe80::1%eth0", 6),
                row("error_ip6_quad_leading_zero", "::1.2.3.04", false, null, 0),
                row("error_ip6_quad_short", "::1.2.3", false, null, 0),
                row("error_ip6_gap_full", "1:2:3:4::5:6:7:8", false, null, 0),
                row("error_ip6_quad_not_last", "::1.2.3.4:1", false, null, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setAddress_QString_data")
    void constructor_QString(String name, String address, boolean ok, String resAddr, int protocol) {
        QHostAddress hostAddr = new QHostAddress(address);
        assertEquals(ok, !hostAddr.isNull());
        check(hostAddr, ok, resAddr, protocol);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setAddress_QString_data")
    void setAddress_QString(String name, String address, boolean ok, String resAddr, int protocol) {
        QHostAddress hostAddr = new QHostAddress(LocalHostIPv6);
        assertEquals(ok, hostAddr.setAddress(address));
        check(hostAddr, ok, resAddr, protocol);
        if (!ok) {
            assertEquals(new QHostAddress(), hostAddr);
            assertEquals(new QHostAddress().hashCode(), hostAddr.hashCode());
        }
    }

    private static void check(QHostAddress hostAddr, boolean ok, String resAddr, int protocol) {
        if (ok) {
            assertEquals(resAddr, hostAddr.toString());
            assertEquals(hostAddr, new QHostAddress(resAddr));       // the printed form parses back
        }
        if (protocol == 4) {
            assertEquals(NetworkLayerProtocol.IPv4Protocol, hostAddr.protocol());
        } else if (protocol == 6) {
            assertEquals(NetworkLayerProtocol.IPv6Protocol, hostAddr.protocol());
        } else {
            assertTrue(hostAddr.isNull());
            assertEquals(NetworkLayerProtocol.UnknownNetworkLayerProtocol, hostAddr.protocol());
        }
    }

    // ---- specialAddresses ----

    static Stream<Arguments> specialAddresses_data() {
        return Stream.of(
                row("localhost_1", "127.0.0.1", LocalHost, true),
                row("localhost_2", "127.0.0.2", LocalHost, false),
                row("localhost_3", "127.0.0.2", LocalHostIPv6, false),
                row("localhost_ipv6_4", "::1", LocalHostIPv6, true),
                row("localhost_ipv6_5", "::2", LocalHostIPv6, false),
                row("localhost_ipv6_6", "::1", LocalHost, false),
                row("null_1", "", Null, true),
                row("null_2", "bjarne", Null, true),
                row("compare_from_null", "", Broadcast, false),
                row("broadcast_1", "255.255.255.255", Any, false),
                row("broadcast_2", "255.255.255.255", Broadcast, true),
                row("any_ipv6", "::", AnyIPv6, true),
                row("any_ipv4", "0.0.0.0", AnyIPv4, true),
                row("dual_not_ipv6", "::", Any, false),
                row("dual_not_ipv4", "0.0.0.0", Any, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specialAddresses_data")
    void specialAddresses(String name, String text, SpecialAddress address, boolean result) {
        assertEquals(result, addr(text).equals(addr(address)));
        assertEquals(addr(address), addr(address));
        QHostAddress ha = new QHostAddress();
        ha.setAddress(address);
        assertEquals(addr(address), ha);
        QHostAddress setter = new QHostAddress();
        setter.setAddress(text);
        assertEquals(result, setter.equals(addr(address)));
    }

    static Stream<Arguments> specialStrings_data() {
        return Stream.of(
                row("Null", Null, "", NetworkLayerProtocol.UnknownNetworkLayerProtocol),
                row("Broadcast", Broadcast, "255.255.255.255", NetworkLayerProtocol.IPv4Protocol),
                row("LocalHost", LocalHost, "127.0.0.1", NetworkLayerProtocol.IPv4Protocol),
                row("LocalHostIPv6", LocalHostIPv6, "::1", NetworkLayerProtocol.IPv6Protocol),
                row("Any", Any, "0.0.0.0", NetworkLayerProtocol.AnyIPProtocol),
                row("AnyIPv6", AnyIPv6, "::", NetworkLayerProtocol.IPv6Protocol),
                row("AnyIPv4", AnyIPv4, "0.0.0.0", NetworkLayerProtocol.IPv4Protocol));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specialStrings_data")
    void specialStrings(String name, SpecialAddress special, String text, NetworkLayerProtocol protocol) {
        assertEquals(text, addr(special).toString());
        assertEquals(protocol, addr(special).protocol());
    }

    // ---- compare ----

    static Stream<Arguments> compare_data() {
        byte[] localhostv4mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, 127, 0, 0, 1};
        return Stream.of(
                row("1", new QHostAddress(), new QHostAddress(), true),
                row("2", addr(Any), addr(Any), true),
                row("3", addr(AnyIPv6), addr(AnyIPv6), true),
                row("4", addr(Broadcast), addr(Broadcast), true),
                row("5", addr(LocalHost), addr(Broadcast), false),
                row("6", addr(LocalHost), addr(LocalHostIPv6), false),
                row("7", new QHostAddress(), addr(LocalHostIPv6), false),
                row("any4-any6", addr(AnyIPv4), addr(AnyIPv6), false),
                row("v4-v4mapped", addr(LocalHost), addr("::ffff:127.0.0.1"), false),
                row("v4-v4mapped-2", addr(LocalHost), new QHostAddress(localhostv4mapped), false),
                row("scope-ignored", addr("fe80::1%eth0"), addr("fe80::1"), true),
                row("null-any", new QHostAddress(), addr(Any), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compare_data")
    void compare(String name, QHostAddress first, QHostAddress second, boolean result) {
        assertEquals(result, first.equals(second));
        assertEquals(result, second.equals(first));
        assertEquals(result, first.isEqual(second, StrictConversion));
        if (result) {
            assertEquals(first.hashCode(), second.hashCode());
        }
    }

    // ---- isEqual ----

    static Stream<Arguments> isEqual_data() {
        return Stream.of(
                row("localhost4to6-local", addr(LocalHost), addr(LocalHostIPv6), ConvertLocalHost, true),
                row("localhost4to6-compat", addr(LocalHost), addr(LocalHostIPv6), ConvertV4CompatToIPv4, false),
                row("localhost4to6-mapped", addr(LocalHost), addr(LocalHostIPv6), ConvertV4MappedToIPv4, false),
                row("localhost4to6-unspec", addr(LocalHost), addr(LocalHostIPv6), ConvertUnspecifiedAddress, false),
                row("0.0.0.1-::1-local", addr("0.0.0.1"), addr(LocalHostIPv6), ConvertLocalHost, false),
                row("v4-v4compat-local", addr("192.168.1.1"), addr("::192.168.1.1"), ConvertLocalHost, false),
                row("v4-v4mapped-local", addr("192.168.1.1"), addr("::ffff:192.168.1.1"), ConvertLocalHost, false),
                row("0.0.0.1-::1-unspec", addr("0.0.0.1"), addr(LocalHostIPv6), ConvertUnspecifiedAddress, false),
                row("v4-v4compat-unspec", addr("192.168.1.1"), addr("::192.168.1.1"), ConvertUnspecifiedAddress, false),
                row("v4-v4mapped-unspec", addr("192.168.1.1"), addr("::ffff:192.168.1.1"), ConvertUnspecifiedAddress, false),
                row("0.0.0.1-::1-compat", addr("0.0.0.1"), addr(LocalHostIPv6), ConvertV4CompatToIPv4, false),
                row("v4-v4compat-compat", addr("192.168.1.1"), addr("::192.168.1.1"), ConvertV4CompatToIPv4, true),
                row("v4-v4mapped-compat", addr("192.168.1.1"), addr("::ffff:192.168.1.1"), ConvertV4CompatToIPv4, false),
                row("0.0.0.1-::1-mapped", addr("0.0.0.1"), addr(LocalHostIPv6), ConvertV4MappedToIPv4, false),
                row("v4-v4compat-mapped", addr("192.168.1.1"), addr("::192.168.1.1"), ConvertV4MappedToIPv4, false),
                row("v4-v4mapped-mapped", addr("192.168.1.1"), addr("::FFFF:192.168.1.1"), ConvertV4MappedToIPv4, true),
                row("undef-any-local", new QHostAddress(), addr(Any), ConvertLocalHost, false),
                row("undef-any-unspec", new QHostAddress(), addr(Any), ConvertUnspecifiedAddress, false),
                row("anyv6-anyv4-compat", addr(AnyIPv6), addr(AnyIPv4), ConvertV4CompatToIPv4, true),
                row("anyv6-anyv4-mapped", addr(AnyIPv6), addr(AnyIPv4), ConvertV4MappedToIPv4, false),
                row("anyv6-anyv4-unspec", addr(AnyIPv6), addr(AnyIPv4), ConvertUnspecifiedAddress, true),
                row("any-anyv4-unspec", addr(Any), addr(AnyIPv4), ConvertUnspecifiedAddress, true),
                row("any-anyv6-unspec", addr(Any), addr(AnyIPv6), ConvertUnspecifiedAddress, true),
                row("anyv6-anyv4-local", addr(AnyIPv6), addr(AnyIPv4), ConvertLocalHost, false),
                row("any-anyv4-local", addr(Any), addr(AnyIPv4), ConvertLocalHost, false),
                row("any-anyv6-local", addr(Any), addr(AnyIPv6), ConvertLocalHost, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("isEqual_data")
    void isEqual(String name, QHostAddress first, QHostAddress second, ConversionModeFlag flag, boolean result) {
        assertEquals(result, first.isEqual(second, flag));
        assertEquals(result, second.isEqual(first, flag));
    }

    @Test
    void isEqualDefaultsToTolerantConversion() {
        assertTrue(addr("192.168.1.1").isEqual(addr("::ffff:192.168.1.1")));
        assertTrue(addr("127.0.0.1").isEqual(addr("::1")));
        assertTrue(addr(Any).isEqual(addr("::")));
        assertTrue(addr("1.2.3.4").isEqual(addr("::1.2.3.4"), ConversionModeFlag.TolerantConversion));
        assertTrue(addr("1.2.3.4").isEqual(addr("::1.2.3.4"), ConvertLocalHost, ConvertV4CompatToIPv4));
        assertFalse(addr("1.2.3.4").isEqual(addr("::ffff:1.2.3.4"), StrictConversion));
    }

    // ---- assignment, scopeId, hashKey ----

    @Test
    void assignment() {
        QHostAddress address = new QHostAddress();
        address.setAddress("127.0.0.1");
        assertEquals(addr("127.0.0.1"), address);
        address.setAddress("::1");
        assertEquals(addr("::1"), address);
        address.setAddress(addr("4.2.2.1").toIPv4Address());
        assertEquals(addr("4.2.2.1"), address);
    }

    @Test
    void scopeId() {
        QHostAddress address = addr("fe80::2e0:4cff:fefb:662a%eth0");
        assertEquals("eth0", address.scopeId());
        assertEquals("fe80::2e0:4cff:fefb:662a%eth0", address.toString());

        QHostAddress address2 = addr("fe80::2e0:4cff:fefb:662a");
        assertEquals("", address2.scopeId());
        address2.setScopeId("en0");
        assertEquals("fe80::2e0:4cff:fefb:662a%en0", address2.toString());

        address2 = new QHostAddress(address);
        assertEquals("eth0", address2.scopeId());
        assertEquals("fe80::2e0:4cff:fefb:662a%eth0", address2.toString());

        QHostAddress v4 = addr("1.2.3.4");
        v4.setScopeId("eth0");                                 // ignored for IPv4
        assertEquals("", v4.scopeId());
        assertEquals("1.2.3.4", v4.toString());
    }

    @Test
    void hashKey() {
        Set<QHostAddress> set = new HashSet<>();
        set.add(new QHostAddress());
        set.add(addr("1.2.3.4"));
        set.add(addr("::ffff:1.2.3.4"));
        set.add(addr(Any));
        assertTrue(set.contains(new QHostAddress()));
        assertTrue(set.contains(addr("1.2.3.4")));
        assertEquals(4, set.size());
    }

    // ---- parseSubnet ----

    static Stream<Arguments> parseSubnet_data() {
        QHostAddress anyV4 = addr(AnyIPv4);
        QHostAddress anyV6 = addr(AnyIPv6);
        String all = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        return Stream.of(
                row("empty", null, new QHostAddress(), -1),
                row("invalid_01", "foobar", new QHostAddress(), -1),
                row("invalid_02", "   ", new QHostAddress(), -1),
                row("invalid_03", "1.2.3.a", new QHostAddress(), -1),
                row("invalid_04", "1.2.3.4.5", new QHostAddress(), -1),
                row("invalid_05", "1.2.3.4:80", new QHostAddress(), -1),
                row("invalid_06", "1.2.3.4/33", new QHostAddress(), -1),
                row("invalid_07", "1.2.3.4/-1", new QHostAddress(), -1),
                row("invalid_08", "1.2.3.4/256.0.0.0", new QHostAddress(), -1),
                row("invalid_09", "1.2.3.4/255.253.0.0", new QHostAddress(), -1),
                row("invalid_10", "1.2.3.4/255.0.0.255", new QHostAddress(), -1),
                row("invalid_11", "1.2.3.4.", new QHostAddress(), -1),
                row("invalid_20", "ffff::/-1", new QHostAddress(), -1),
                row("invalid_21", "ffff::/129", new QHostAddress(), -1),
                row("invalid_22", "ffff::/255.255.0.0", new QHostAddress(), -1),
                row("invalid_23", "ffff::/ff00::", new QHostAddress(), -1),
                row("netmask_0", "0.0.0.0/0.0.0.0", anyV4, 0),
                row("netmask_1", "0.0.0.0/255.128.0.0", anyV4, 9),
                row("netmask_2", "0.0.0.0/255.192.0.0", anyV4, 10),
                row("netmask_3", "0.0.0.0/255.224.0.0", anyV4, 11),
                row("netmask_4", "0.0.0.0/255.240.0.0", anyV4, 12),
                row("netmask_5", "0.0.0.0/255.248.0.0", anyV4, 13),
                row("netmask_6", "0.0.0.0/255.252.0.0", anyV4, 14),
                row("netmask_7", "0.0.0.0/255.254.0.0", anyV4, 15),
                row("netmask_8", "0.0.0.0/255.255.0.0", anyV4, 16),
                row("netmask_16", "0.0.0.0/255.255.0.0", anyV4, 16),
                row("netmask_24", "0.0.0.0/255.255.255.0", anyV4, 24),
                row("netmask_31", "0.0.0.0/255.255.255.254", anyV4, 31),
                row("netmask_32", "0.0.0.0/255.255.255.255", anyV4, 32),
                row("prefix_0", "0.0.0.0/0", anyV4, 0),
                row("prefix_1", "0.0.0.0/1", anyV4, 1),
                row("prefix_9", "0.0.0.0/9", anyV4, 9),
                row("prefix_31", "0.0.0.0/31", anyV4, 31),
                row("prefix_32", "0.0.0.0/32", anyV4, 32),
                row("classA", "10", addr("10.0.0.0"), 8),
                row("classA+dot", "10.", addr("10.0.0.0"), 8),
                row("classB", "172.16", addr("172.16.0.0"), 16),
                row("classB+dot", "172.16.", addr("172.16.0.0"), 16),
                row("classC", "192.168.0", addr("192.168.0.0"), 24),
                row("classC+dot", "192.168.0", addr("192.168.0.0"), 24),
                row("full-ipv4", "192.168.0.1", addr("192.168.0.1"), 32),
                row("ipv6_01", "::/0", anyV6, 0),
                row("ipv6_03", "::/3", anyV6, 3),
                row("ipv6_16", "::/16", anyV6, 16),
                row("ipv6_48", "::/48", anyV6, 48),
                row("ipv6_127", "::/127", anyV6, 127),
                row("ipv6_128", "::/128", anyV6, 128),
                row("clear_01", "255.255.255.255/31", addr("255.255.255.254"), 31),
                row("clear_08", "255.255.255.255/24", addr("255.255.255.0"), 24),
                row("clear_09", "255.255.255.255/23", addr("255.255.254.0"), 23),
                row("clear_10", "255.255.255.255/22", addr("255.255.252.0"), 22),
                row("clear_11", "255.255.255.255/21", addr("255.255.248.0"), 21),
                row("clear_12", "255.255.255.255/20", addr("255.255.240.0"), 20),
                row("clear_13", "255.255.255.255/19", addr("255.255.224.0"), 19),
                row("clear_14", "255.255.255.255/18", addr("255.255.192.0"), 18),
                row("clear_15", "255.255.255.255/17", addr("255.255.128.0"), 17),
                row("clear_16", "255.255.255.255/16", addr("255.255.0.0"), 16),
                row("clear_24", "255.255.255.255/8", addr("255.0.0.0"), 8),
                row("clear_31", "255.255.255.255/1", addr("128.0.0.0"), 1),
                row("clear_32", "255.255.255.255/0", addr("0.0.0.0"), 0),
                row("ipv6_clear_01", all + "/127", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), 127),
                row("ipv6_clear_07", all + "/121", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff80"), 121),
                row("ipv6_clear_08", all + "/120", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00"), 120),
                row("ipv6_clear_16", all + "/112", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:0"), 112),
                row("ipv6_clear_80", all + "/48", addr("ffff:ffff:ffff::"), 48),
                row("ipv6_clear_81", all + "/47", addr("ffff:ffff:fffe::"), 47),
                row("ipv6_clear_82", all + "/46", addr("ffff:ffff:fffc::"), 46),
                row("ipv6_clear_83", all + "/45", addr("ffff:ffff:fff8::"), 45),
                row("ipv6_clear_84", all + "/44", addr("ffff:ffff:fff0::"), 44),
                row("ipv6_clear_85", all + "/43", addr("ffff:ffff:ffe0::"), 43),
                row("ipv6_clear_86", all + "/42", addr("ffff:ffff:ffc0::"), 42),
                row("ipv6_clear_87", all + "/41", addr("ffff:ffff:ff80::"), 41),
                row("ipv6_clear_88", all + "/40", addr("ffff:ffff:ff00::"), 40),
                row("ipv6_clear_125", "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/3", addr("2000::"), 3),
                row("ipv6_clear_127", all + "/1", addr("8000::"), 1),
                row("ipv6_clear_128", all + "/0", anyV6, 0),
                row("ipv6_no_prefix", "2001:db8::1", addr("2001:db8::1"), 128));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseSubnet_data")
    void parseSubnet(String name, String subnet, QHostAddress prefix, int prefixLength) {
        Map.Entry<QHostAddress, Integer> result = QHostAddress.parseSubnet(subnet);
        assertEquals(prefix, result.getKey());
        assertEquals(prefix.protocol(), result.getKey().protocol());
        assertEquals(prefixLength, result.getValue());
    }

    // ---- isInSubnet ----

    static Stream<Arguments> isInSubnet_data() {
        return Stream.of(
                row("invalid_01", new QHostAddress(), new QHostAddress(), 32, false),
                row("invalid_02", new QHostAddress(), addr(AnyIPv4), 32, false),
                row("invalid_03", new QHostAddress(), addr(AnyIPv4), 8, false),
                row("invalid_04", new QHostAddress(), addr(AnyIPv4), 0, false),
                row("invalid_05", new QHostAddress(), addr("255.255.255.0"), 24, false),
                row("invalid_06", new QHostAddress(), addr(AnyIPv6), 0, false),
                row("invalid_07", new QHostAddress(), addr(AnyIPv6), 32, false),
                row("invalid_08", new QHostAddress(), addr(AnyIPv6), 128, false),
                row("invalid_20", addr(AnyIPv4), new QHostAddress(), 16, false),
                row("invalid_21", addr(AnyIPv6), new QHostAddress(), 16, false),
                row("invalid_22", addr(LocalHost), new QHostAddress(), 16, false),
                row("invalid_23", addr(LocalHostIPv6), new QHostAddress(), 16, false),
                row("invalid_30", addr(AnyIPv4), addr(Any), -1, false),
                row("invalid_31", addr(AnyIPv6), addr(AnyIPv6), -1, false),
                row("v4-in-v6", addr(LocalHost), addr(AnyIPv6), 0, false),
                row("v6-in-v4", addr(LocalHostIPv6), addr(Any), 0, false),
                row("v4-in-v6mapped", addr(LocalHost), addr("ffff:ffff:ffff:ffff:ffff:ffff:255.0.0.0"), 113, false),
                row("v4-in-v6mapped2", addr(LocalHost), addr("::ffff:255.0.0.0"), 113, false),
                row("netmask_0", addr(LocalHost), addr(AnyIPv4), 0, true),
                row("netmask_0bis", addr(LocalHost), addr("255.255.0.0"), 0, true),
                row("netmask_0ter", addr(LocalHost), addr("1.2.3.4"), 0, true),
                row("netmask_1", addr(LocalHost), addr(AnyIPv4), 1, true),
                row("~netmask_1", addr(LocalHost), addr("128.0.0.0"), 1, false),
                row("netmask_1bis", addr("224.0.0.1"), addr("128.0.0.0"), 1, true),
                row("~netmask_1bis", addr("224.0.0.1"), addr("0.0.0.0"), 1, false),
                row("netmask_8", addr(LocalHost), addr("127.0.0.0"), 8, true),
                row("~netmask_8", addr(LocalHost), addr("126.0.0.0"), 8, false),
                row("netmask_15", addr("10.0.1.255"), addr("10.0.0.0"), 15, true),
                row("netmask_16", addr("172.16.0.1"), addr("172.16.0.0"), 16, true),
                row("same_01", addr(LocalHost), addr(LocalHost), 1, true),
                row("same_07", addr(LocalHost), addr(LocalHost), 7, true),
                row("same_8", addr(LocalHost), addr(LocalHost), 8, true),
                row("same_24", addr(LocalHost), addr(LocalHost), 23, true),
                row("same_31", addr(LocalHost), addr(LocalHost), 31, true),
                row("same_32", addr(LocalHost), addr(LocalHost), 32, true),
                row("ipv6_netmask_0", addr(LocalHostIPv6), addr(AnyIPv6), 0, true),
                row("ipv6_netmask_0bis", addr(LocalHostIPv6), addr(LocalHostIPv6), 0, true),
                row("ipv6_netmask_0ter", addr(LocalHostIPv6), addr("ffff::"), 0, true),
                row("ipv6_netmask_1", addr(LocalHostIPv6), addr(AnyIPv6), 1, true),
                row("ipv6_netmask_1bis", addr("fec0::1"), addr("8000::"), 1, true),
                row("~ipv6_netmask_1", addr(LocalHostIPv6), addr("8000::"), 1, false),
                row("~ipv6_netmask_1bis", addr("fec0::1"), addr("::"), 1, false),
                row("ipv6_netmask_47", addr("2:3:5::1"), addr("2:3:4::"), 47, true),
                row("ipv6_netmask_48", addr("2:3:4::1"), addr("2:3:4::"), 48, true),
                row("~ipv6_netmask_48", addr("2:3:5::1"), addr("2:3:4::"), 48, false),
                row("ipv6_netmask_127", addr("2:3:4:5::1"), addr("2:3:4:5::"), 127, true),
                row("ipv6_netmask_128", addr("2:3:4:5::1"), addr("2:3:4:5::1"), 128, true),
                row("~ipv6_netmask_128", addr("2:3:4:5::1"), addr("2:3:4:5::0"), 128, false),
                row("netmask_over_32", addr("10.0.0.1"), addr("10.0.0.1"), 40, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("isInSubnet_data")
    void isInSubnet(String name, QHostAddress address, QHostAddress prefix, int prefixLength, boolean result) {
        assertEquals(result, address.isInSubnet(prefix, prefixLength));
    }

    // ---- isLoopback, isMulticast ----

    static Stream<Arguments> isLoopback_data() {
        return Stream.of(
                row("default", new QHostAddress(), false),
                row("invalid", addr("&&&"), false),
                row("ipv6_loop", addr(LocalHostIPv6), true),
                row("::1", addr("::1"), true),
                row("ipv4_loop", addr(LocalHost), true),
                row("127.0.0.1", addr("127.0.0.1"), true),
                row("127.0.0.2", addr("127.0.0.2"), true),
                row("127.3.2.1", addr("127.3.2.1"), true),
                row("1.2.3.4", addr("1.2.3.4"), false),
                row("10.0.0.4", addr("10.0.0.4"), false),
                row("192.168.3.4", addr("192.168.3.4"), false),
                row("::", addr("::"), false),
                row("Any", addr(Any), false),
                row("AnyIPv4", addr(AnyIPv4), false),
                row("AnyIPv6", addr(AnyIPv6), false),
                row("Broadcast", addr(Broadcast), false),
                row("Null", addr(Null), false),
                row("ipv6-all-ffff", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), false),
                row("::ffff:127.0.0.1", addr("::ffff:127.0.0.1"), true),
                row("::ffff:127.0.0.2", addr("::ffff:127.0.0.2"), true),
                row("::ffff:127.3.2.1", addr("::ffff:127.3.2.1"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("isLoopback_data")
    void isLoopback(String name, QHostAddress address, boolean result) {
        assertEquals(result, address.isLoopback());
    }

    static Stream<Arguments> isMulticast_data() {
        return Stream.of(
                row("default", new QHostAddress(), false),
                row("invalid", addr("&&&"), false),
                row("ipv6_loop", addr(LocalHostIPv6), false),
                row("::1", addr("::1"), false),
                row("ipv4_loop", addr(LocalHost), false),
                row("127.0.0.1", addr("127.0.0.1"), false),
                row("::", addr("::"), false),
                row("Any", addr(Any), false),
                row("AnyIPv4", addr(AnyIPv4), false),
                row("AnyIPv6", addr(AnyIPv6), false),
                row("Broadcast", addr(Broadcast), false),
                row("Null", addr(Null), false),
                row("223.255.255.255", addr("223.255.255.255"), false),
                row("224.0.0.0", addr("224.0.0.0"), true),
                row("239.255.255.255", addr("239.255.255.255"), true),
                row("240.0.0.0", addr("240.0.0.0"), false),
                row("::ffff:223.255.255.255", addr("::ffff:223.255.255.255"), false),
                row("::ffff:224.0.0.0", addr("::ffff:224.0.0.0"), true),
                row("::ffff:239.255.255.255", addr("::ffff:239.255.255.255"), true),
                row("::ffff:240.0.0.0", addr("::ffff:240.0.0.0"), false),
                row("fc00::", addr("fc00::"), false),
                row("fe80::", addr("fe80::"), false),
                row("fec0::", addr("fec0::"), false),
                row("ff00::", addr("ff00::"), true),
                row("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("isMulticast_data")
    void isMulticast(String name, QHostAddress address, boolean result) {
        assertEquals(result, address.isMulticast());
    }

    // ---- classification (Qt 6's other predicates) ----

    /** Columns: loopback, global, linkLocal, siteLocal, uniqueLocal, multicast, broadcast, privateUse. */
    static Stream<Arguments> classification_data() {
        return Stream.of(
                row("Null", "", "--------"),
                row("Any", null, "--------"),
                row("0.0.0.0", "0.0.0.0", "--------"),
                row("0.0.0.1", "0.0.0.1", "--------"),
                row("127.0.0.1", "127.0.0.1", "L-------"),
                row("1.2.3.4", "1.2.3.4", "-G------"),
                row("10.0.0.1", "10.0.0.1", "-G-----P"),
                row("172.16.0.1", "172.16.0.1", "-G-----P"),
                row("172.31.255.255", "172.31.255.255", "-G-----P"),
                row("172.32.0.1", "172.32.0.1", "-G------"),
                row("192.168.1.1", "192.168.1.1", "-G-----P"),
                row("169.254.1.1", "169.254.1.1", "--K-----"),
                row("224.0.0.1", "224.0.0.1", "-----M--"),
                row("240.0.0.1", "240.0.0.1", "--------"),
                row("255.255.255.255", "255.255.255.255", "------B-"),
                row("::", "::", "--------"),
                row("::1", "::1", "L-------"),
                row("::2", "::2", "-G------"),
                row("::ffff:0.0.0.0", "::ffff:0.0.0.0", "--------"),
                row("::ffff:10.1.1.1", "::ffff:10.1.1.1", "-G-----P"),
                row("2001:db8::1", "2001:db8::1", "-G------"),
                row("fc00::1", "fc00::1", "-G--U--P"),
                row("fd12::1", "fd12::1", "-G--U--P"),
                row("fe00::1", "fe00::1", "--------"),
                row("fe80::1", "fe80::1", "--K-----"),
                row("febf::1", "febf::1", "--K-----"),
                row("fec0::1", "fec0::1", "-G-S----"),
                row("ff02::1", "ff02::1", "-----M--"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classification_data")
    void classification(String name, String text, String flags) {
        QHostAddress a = text == null ? addr(Any) : addr(text);
        assertEquals(flags.charAt(0) == 'L', a.isLoopback(), "isLoopback");
        assertEquals(flags.charAt(1) == 'G', a.isGlobal(), "isGlobal");
        assertEquals(flags.charAt(2) == 'K', a.isLinkLocal(), "isLinkLocal");
        assertEquals(flags.charAt(3) == 'S', a.isSiteLocal(), "isSiteLocal");
        assertEquals(flags.charAt(4) == 'U', a.isUniqueLocalUnicast(), "isUniqueLocalUnicast");
        assertEquals(flags.charAt(5) == 'M', a.isMulticast(), "isMulticast");
        assertEquals(flags.charAt(6) == 'B', a.isBroadcast(), "isBroadcast");
        assertEquals(flags.charAt(7) == 'P', a.isPrivateUse(), "isPrivateUse");
    }

    // ---- convertv4v6 ----

    static Stream<Arguments> convertv4v6_data() {
        return Stream.of(
                row("any-to-v4", addr(Any), 4, addr(AnyIPv4)),
                row("any-to-v6", addr(Any), 6, addr(AnyIPv6)),
                row("anyv4-to-v6", addr(AnyIPv4), 6, addr(AnyIPv6)),
                row("anyv6-to-v4", addr(AnyIPv6), 4, addr(AnyIPv4)),
                row("v4mapped-to-v4", addr("::ffff:192.0.2.1"), 4, addr("192.0.2.1")),
                row("v4-to-v4mapped", addr("192.0.2.1"), 6, addr("::ffff:192.0.2.1")),
                row("localhost-to-v4mapped", addr(LocalHost), 6, addr("::ffff:127.0.0.1")),
                row("v4mapped-to-localhost", addr("::ffff:127.0.0.1"), 4, addr(LocalHost)),
                row("localhost6-to-v4", addr(LocalHostIPv6), 4, new QHostAddress()),
                row("v4compat-to-v4", addr("::192.0.2.1"), 4, new QHostAddress()),
                row("localhostv4compat-to-v4", addr("::127.0.0.1"), 4, new QHostAddress()),
                row("v6global-to-v4", addr("2001:db8::1"), 4, new QHostAddress()),
                row("v6multicast-to-v4", addr("ff02::1"), 4, new QHostAddress()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convertv4v6_data")
    void convertv4v6(String name, QHostAddress source, int protocol, QHostAddress result) {
        if (protocol == 4) {
            boolean[] ok = new boolean[1];
            int v4 = source.toIPv4Address(ok);
            assertEquals(result.protocol() == NetworkLayerProtocol.IPv4Protocol, ok[0]);
            if (ok[0]) {
                assertEquals(result, new QHostAddress(v4));
            }
        } else {
            assertEquals(result, new QHostAddress(source.toIPv6Address()));
        }
    }

    // ---- toInetAddress (Java only) ----

    @Test
    void toInetAddress() throws Exception {
        InetAddress v4 = addr("192.0.2.1").toInetAddress();
        assertTrue(v4 instanceof Inet4Address);
        assertEquals("192.0.2.1", v4.getHostAddress());

        InetAddress v6 = addr("2001:db8::1").toInetAddress();
        assertTrue(v6 instanceof Inet6Address);
        assertArrayEquals(bytesOf("2001:db8::1"), v6.getAddress());

        InetAddress mapped = addr("::ffff:1.2.3.4").toInetAddress();
        assertTrue(mapped instanceof Inet6Address, "a mapped address stays IPv6");
        assertEquals(16, mapped.getAddress().length);

        assertEquals(5, ((Inet6Address) addr("fe80::1%5").toInetAddress()).getScopeId());
        assertTrue(addr(Any).toInetAddress().isAnyLocalAddress());
        assertTrue(addr(AnyIPv6).toInetAddress().isAnyLocalAddress());
        assertTrue(addr(AnyIPv4).toInetAddress() instanceof Inet4Address);
        assertTrue(addr(LocalHost).toInetAddress().isLoopbackAddress());
        assertNotEquals(null, addr(LocalHostIPv6).toInetAddress());
    }

    @Test
    void toIPv6AddressReturnsACopy() {
        QHostAddress a = addr("::1");
        a.toIPv6Address()[15] = 9;
        assertEquals("::1", a.toString());
    }

    // ---- properties ----

    @Property
    void ipv6TextParsesBack(@ForAll @Size(16) byte[] bytes) {
        QHostAddress a = new QHostAddress(bytes);
        QHostAddress back = new QHostAddress(a.toString());
        assertEquals(a, back);
        assertArrayEquals(bytes, back.toIPv6Address());
    }

    @Property
    void ipv4TextParsesBack(@ForAll int ip4) {
        QHostAddress a = new QHostAddress(ip4);
        QHostAddress back = new QHostAddress(a.toString());
        assertEquals(a, back);
        assertEquals(ip4, back.toIPv4Address());
    }

    @Property
    void ipv4IsItsMappedIpv6FormForConversionsAndHash(@ForAll int ip4) {
        // an IPv4 address keeps no IPv6 bytes of its own: they are derived, and must match those
        // of the IPv6 address they convert to, and Arrays.hashCode of them as Qt's qHash
        QHostAddress v4 = new QHostAddress(ip4);
        byte[] expected = ip4 == 0 ? new byte[16]
                : toMapped(new byte[] {(byte) (ip4 >>> 24), (byte) (ip4 >>> 16), (byte) (ip4 >>> 8), (byte) ip4});
        assertArrayEquals(expected, v4.toIPv6Address());
        assertEquals(Arrays.hashCode(expected), v4.hashCode());
        QHostAddress v6 = new QHostAddress(expected);
        assertEquals(v6.hashCode(), v4.hashCode());
        assertEquals(ip4 != 0, v4.isEqual(v6, QHostAddress.ConversionModeFlag.ConvertV4MappedToIPv4));
        assertEquals(v4.isLoopback(), v6.isLoopback());
        assertEquals(v4.isMulticast(), v6.isMulticast());
        assertEquals(v4.isLinkLocal(), v6.isLinkLocal());
        QHostAddress copy = new QHostAddress(v4);
        assertEquals(v4, copy);
        assertEquals(v4.hashCode(), copy.hashCode());
    }

    @Property
    void qtTextMatchesJavaBytes(@ForAll @Size(16) byte[] bytes) throws Exception {
        // Java's parser reads our printed literal (no lookup: it is a literal) as the same bytes;
        // it turns IPv4-mapped text into an Inet4Address, so map that back
        byte[] java = InetAddress.getByName(new QHostAddress(bytes).toString()).getAddress();
        assertArrayEquals(bytes, java.length == 16 ? java : toMapped(java));
    }

    private static byte[] toMapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }
}
