package io.qtj.network;

import io.qtj.network.QAbstractSocket.NetworkLayerProtocol;
import io.qtj.network.internal.IpAddressText;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;

/**
 * An IP address.
 *
 * <p>This class holds an IPv4 or IPv6 address in a platform- and protocol-independent manner.
 * It is normally used with {@code QTcpSocket} and {@code QTcpServer} to connect to a host or to
 * set up a server. A host address is set with {@link #setAddress(String)} (or a constructor) and
 * retrieved with {@link #toIPv4Address()}, {@link #toIPv6Address()} or {@link #toString()};
 * {@link #protocol()} tells which kind it is.
 *
 * <p>QHostAddress never does DNS lookups: it parses literals only. Use {@code QHostInfo} to
 * resolve names. The predefined addresses of {@link SpecialAddress} ({@code Null},
 * {@code LocalHost}, {@code LocalHostIPv6}, {@code Broadcast}, {@code Any}, {@code AnyIPv4},
 * {@code AnyIPv6}) are available through {@link #QHostAddress(SpecialAddress)}.
 *
 * <p>The accepted text is exactly what Qt accepts: IPv4 in the {@code inet_aton} forms
 * ({@code "127.0.0.1"}, {@code "127.1"}, {@code "0x7f.1"}), IPv6 in every RFC 4291 form, with an
 * optional scope id after {@code %}; surrounding white space is ignored. {@link #toString()}
 * prints Qt's form (RFC 5952, lower case, with {@code ::ffff:a.b.c.d} for IPv4-mapped
 * addresses), which differs from {@link InetAddress#getHostAddress()}: Java never compresses
 * zeros and prints mapped addresses as IPv4.
 *
 * <p><b>Thread safety.</b> Like Qt's class, QHostAddress is a mutable value
 * ({@link #setAddress(String)}, {@link #clear()}, {@link #setScopeId(String)}) and is not
 * thread-safe: confine an instance to one thread, or share it only when no thread mutates it
 * after it was safely published. Copy it with {@link #QHostAddress(QHostAddress)} before handing
 * it to code that may change it.
 *
 */
public final class QHostAddress {

    /** The predefined addresses. */
    public enum SpecialAddress {
        /** The null address object. Equivalent to {@code new QHostAddress()}. */
        Null,
        /** The IPv4 broadcast address. Equivalent to {@code new QHostAddress("255.255.255.255")}. */
        Broadcast,
        /** The IPv4 localhost address. Equivalent to {@code new QHostAddress("127.0.0.1")}. */
        LocalHost,
        /** The IPv6 localhost address. Equivalent to {@code new QHostAddress("::1")}. */
        LocalHostIPv6,
        /**
         * The dual stack any-address. A socket bound with this address listens on both IPv4 and
         * IPv6 interfaces. Its protocol is {@code AnyIPProtocol} and it prints as
         * {@code "0.0.0.0"}, as in Qt.
         */
        Any,
        /** The IPv6 any-address. Equivalent to {@code new QHostAddress("::")}. */
        AnyIPv6,
        /** The IPv4 any-address. Equivalent to {@code new QHostAddress("0.0.0.0")}. */
        AnyIPv4
    }

    /**
     * Which conversions {@link #isEqual} performs between addresses of different protocols.
     * The flags combine; an empty combination is {@code StrictConversion}.
     */
    public enum ConversionModeFlag {
        /** No conversion: addresses of different protocols are always different. */
        StrictConversion,
        /** IPv4-mapped IPv6 addresses ({@code ::ffff:192.168.1.1}) equal their IPv4 address. */
        ConvertV4MappedToIPv4,
        /** IPv4-compatible IPv6 addresses ({@code ::192.168.1.1}) equal their IPv4 address. */
        ConvertV4CompatToIPv4,
        /** All unspecified addresses ({@code Any}, {@code AnyIPv4}, {@code AnyIPv6}) are equal. */
        ConvertUnspecifiedAddress,
        /** The IPv6 loopback {@code ::1} equals the IPv4 loopback {@code 127.0.0.1}. */
        ConvertLocalHost,
        /** All of the above conversions. */
        TolerantConversion
    }

    // Address classes, as Qt's; bit 16 marks the global ones.
    private static final int UNKNOWN = 0;
    private static final int LOOPBACK = 1;
    private static final int LOCAL_NET = 2;
    private static final int LINK_LOCAL = 3;
    private static final int MULTICAST = 4;
    private static final int BROADCAST = 5;
    private static final int GLOBAL = 16;
    private static final int PRIVATE_NETWORK = 18;
    private static final int UNIQUE_LOCAL = 19;
    private static final int SITE_LOCAL = 20;

    private static final int MAPPED = 1;        // conversion bits used internally
    private static final int COMPAT = 2;
    private static final int UNSPECIFIED = 4;
    private static final int LOCALHOST = 8;

    /** The protocol; {@code UnknownNetworkLayerProtocol} for the null address. */
    private NetworkLayerProtocol protocol = NetworkLayerProtocol.UnknownNetworkLayerProtocol;
    /** The IPv4 address; for IPv6, the embedded IPv4 of a mapped address, else 0. */
    private int a;
    /**
     * The 16 bytes of an IPv6 address; null for any other protocol, whose IPv6 form (IPv4 as
     * mapped, except 0.0.0.0, which is all zeros, like the null address and Any) {@link #byte6}
     * derives from {@link #a}: most addresses are IPv4, and a socket holds two of them.
     */
    private byte[] a6;
    /** The IPv6 scope id; never null. */
    private String scopeId = "";

    /** Constructs a null host address object: an address that is valid for no host or interface. */
    public QHostAddress() {
    }

    /**
     * Constructs an IPv4 or IPv6 address from the text {@code address} (e.g. {@code "127.0.0.1"}).
     * If it does not parse, the result is the null address; {@code null} is allowed and gives
     * the null address, as Qt's null QString does.
     *
     * @see #setAddress(String)
     */
    public QHostAddress(String address) {
        setAddress(address);
    }

    /** Constructs a QHostAddress object for the special address {@code address}. */
    public QHostAddress(SpecialAddress address) {
        setAddress(address);
    }

    /** Constructs a host address object with the IPv4 address {@code ip4Addr}, in host order (127.0.0.1 is 0x7f000001). */
    public QHostAddress(int ip4Addr) {
        setAddress(ip4Addr);
    }

    /** Constructs a host address object with the IPv6 address {@code ip6Addr}: 16 bytes in network order. */
    public QHostAddress(byte[] ip6Addr) {
        setAddress(ip6Addr);
    }

    /**
     * Constructs a host address object from the Java address {@code address}, without any name
     * lookup. An {@link Inet6Address}'s scope (interface name, else its numeric id) becomes the
     * scope id. This constructor stands for Qt's {@code sockaddr} constructor.
     */
    public QHostAddress(InetAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: an InetAddress)");
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            setAddress(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        } else {
            Inet6Address v6 = (Inet6Address) address;
            setAddress(v6.getAddress());
            if (v6.getScopedInterface() != null) {
                scopeId = v6.getScopedInterface().getName();
            } else if (v6.getScopeId() != 0) {
                scopeId = Integer.toString(v6.getScopeId());
            }
        }
    }

    /** Constructs a copy of {@code address}. */
    public QHostAddress(QHostAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: a QHostAddress to copy)");
        }
        protocol = address.protocol;
        a = address.a;
        a6 = address.a6 == null ? null : address.a6.clone();
        scopeId = address.scopeId;
    }

    /** Sets the host address to null (protocol {@code UnknownNetworkLayerProtocol}). */
    public void clear() {
        protocol = NetworkLayerProtocol.UnknownNetworkLayerProtocol;
        a = 0;
        a6 = null;
        scopeId = "";
    }

    /** Sets the IPv4 address {@code ip4Addr}, in host order. */
    public void setAddress(int ip4Addr) {
        clear();
        protocol = NetworkLayerProtocol.IPv4Protocol;
        a = ip4Addr;
    }

    /** Byte {@code i} of the IPv6 form (see {@link #a6}). */
    private byte byte6(int i) {
        if (a6 != null) {
            return a6[i];
        }
        if (protocol != NetworkLayerProtocol.IPv4Protocol || a == 0 || i < 10) {
            return 0;
        }
        return i < 12 ? (byte) 0xff : (byte) (a >>> (8 * (15 - i)));
    }

    /**
     * Sets the IPv6 address {@code ip6Addr}: an array of 16 bytes in network order. The scope id
     * is cleared.
     *
     * @throws IllegalArgumentException if {@code ip6Addr} is null or not 16 bytes long
     */
    public void setAddress(byte[] ip6Addr) {
        if (ip6Addr == null || ip6Addr.length != 16) {
            throw new IllegalArgumentException("ip6Addr: " + (ip6Addr == null ? "null" : "length " + ip6Addr.length)
                    + " (expected: 16 bytes)");
        }
        clear();
        setIp6(ip6Addr);
    }

    private void setIp6(byte[] bytes) {
        protocol = NetworkLayerProtocol.IPv6Protocol;
        a6 = bytes.clone();
        long[] v4 = new long[1];
        a = convertToIpv4(a6, MAPPED | UNSPECIFIED, v4) ? (int) v4[0] : 0;
    }

    /**
     * Sets the IPv4 or IPv6 address given as text (e.g. {@code "127.0.0.1"} or
     * {@code "fe80::1%eth0"}). Returns true and sets the address if it was parsed; otherwise
     * returns false and leaves the null address. Never does a DNS lookup.
     */
    public boolean setAddress(String address) {
        clear();
        if (address == null) {
            return false;
        }
        String text = simplified(address);
        if (text.isEmpty()) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            int percent = text.lastIndexOf('%');
            String body = percent >= 0 ? text.substring(0, percent) : text;
            byte[] bytes = new byte[16];
            if (IpAddressText.parseIp6(body, bytes)) {
                setIp6(bytes);
                scopeId = percent >= 0 ? text.substring(percent + 1) : "";
                return true;
            }
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x7f) {
                return false;
            }
        }
        long v4 = IpAddressText.parseIp4(text);
        if (v4 >= 0) {
            setAddress((int) v4);
            return true;
        }
        return false;
    }

    /** Sets the special address {@code address}. */
    public void setAddress(SpecialAddress address) {
        if (address == null) {
            throw new IllegalArgumentException("address: null (expected: a SpecialAddress)");
        }
        clear();
        switch (address) {
            case Null:
                break;
            case Broadcast:
                setAddress(0xffffffff);
                break;
            case LocalHost:
                setAddress(0x7f000001);
                break;
            case AnyIPv4:
                setAddress(0);
                break;
            case LocalHostIPv6: {
                byte[] b = new byte[16];
                b[15] = 1;
                setIp6(b);
                break;
            }
            case AnyIPv6:
                setIp6(new byte[16]);
                break;
            case Any:
                protocol = NetworkLayerProtocol.AnyIPProtocol;
                break;
            default:
                throw new AssertionError(address);
        }
    }

    /** Returns true if this host address is valid for no host or interface; otherwise returns false. */
    public boolean isNull() {
        return protocol == NetworkLayerProtocol.UnknownNetworkLayerProtocol;
    }

    /** Returns the network layer protocol of the host address. */
    public NetworkLayerProtocol protocol() {
        return protocol;
    }

    /**
     * Returns the IPv4 address as a number in host order (127.0.0.1 is 0x7f000001). The value is
     * meaningful for IPv4 addresses, for {@code Any}, and for IPv4-mapped IPv6 addresses; it is
     * 0 otherwise.
     */
    public int toIPv4Address() {
        return toIPv4Address(null);
    }

    /**
     * Returns the IPv4 address as a number in host order, and sets {@code ok[0]} to true if the
     * value is meaningful (IPv4, {@code Any}, an IPv4-mapped IPv6 address, or {@code ::}); to
     * false otherwise. {@code ok} may be null.
     */
    public int toIPv4Address(boolean[] ok) {
        if (ok != null) {
            ok[0] = protocol == NetworkLayerProtocol.IPv4Protocol
                    || protocol == NetworkLayerProtocol.AnyIPProtocol
                    || (protocol == NetworkLayerProtocol.IPv6Protocol
                        && convertToIpv4(a6, MAPPED | UNSPECIFIED, new long[1]));
        }
        return a;
    }

    /**
     * Returns a copy of the IPv6 address as 16 bytes in network order. An IPv4 address is
     * returned IPv4-mapped ({@code ::ffff:a.b.c.d}), except 0.0.0.0, which gives {@code ::};
     * the null address gives all zeros.
     */
    public byte[] toIPv6Address() {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = byte6(i);
        }
        return b;
    }

    /**
     * Returns the scope id of an IPv6 address (e.g. {@code "eth0"} in {@code "fe80::1%eth0"}).
     * For IPv4 addresses, or if the address has no scope id, returns an empty string.
     */
    public String scopeId() {
        return protocol == NetworkLayerProtocol.IPv6Protocol ? scopeId : "";
    }

    /**
     * Sets the IPv6 scope id of the address to {@code id}: an interface name such as
     * {@code "eth0"} or a number. If the address is not IPv6, this function does nothing.
     */
    public void setScopeId(String id) {
        if (protocol == NetworkLayerProtocol.IPv6Protocol) {
            scopeId = id == null ? "" : id;
        }
    }

    /**
     * Returns the address as text: {@code "127.0.0.1"} for IPv4, the RFC 5952 form for IPv6
     * with {@code %scope} appended if it has a scope id, and {@code "0.0.0.0"} for {@code Any}.
     *
     * <p>For the null address this returns {@code ""}; Qt returns a null QString, which the
     * mapping rules would make {@code null}, but {@code toString()} must never return null.
     */
    @Override
    public String toString() {
        switch (protocol) {
            case IPv4Protocol:
            case AnyIPProtocol:
                return IpAddressText.toString(a);
            case IPv6Protocol:
                String s = IpAddressText.toString(a6);
                return scopeId.isEmpty() ? s : s + '%' + scopeId;
            default:
                return "";
        }
    }

    /**
     * Returns true if this host address is the same as {@code other} given the conversions in
     * {@code mode}; otherwise returns false. With no {@code mode}, {@code TolerantConversion}
     * is used, as in Qt. Scope ids are not compared.
     *
     * @see ConversionModeFlag
     */
    public boolean isEqual(QHostAddress other, ConversionModeFlag... mode) {
        if (other == null) {
            throw new IllegalArgumentException("other: null (expected: a QHostAddress)");
        }
        int m = 0;
        if (mode == null || mode.length == 0) {
            m = MAPPED | COMPAT | UNSPECIFIED | LOCALHOST;
        } else {
            for (ConversionModeFlag f : EnumSet.copyOf(Arrays.asList(mode))) {
                switch (f) {
                    case ConvertV4MappedToIPv4: m |= MAPPED; break;
                    case ConvertV4CompatToIPv4: m |= COMPAT; break;
                    case ConvertUnspecifiedAddress: m |= UNSPECIFIED; break;
                    case ConvertLocalHost: m |= LOCALHOST; break;
                    case TolerantConversion: m |= MAPPED | COMPAT | UNSPECIFIED | LOCALHOST; break;
                    default: break;
                }
            }
        }
        return isEqual(other, m);
    }

    private boolean isEqual(QHostAddress other, int mode) {
        if (other == this) {
            return true;
        }
        long[] v4 = new long[1];
        switch (protocol) {
            case IPv4Protocol:
                switch (other.protocol) {
                    case IPv4Protocol: return a == other.a;
                    case IPv6Protocol: return convertToIpv4(other.a6, mode, v4) && (int) v4[0] == a;
                    case AnyIPProtocol: return (mode & UNSPECIFIED) != 0 && a == 0;
                    default: return false;
                }
            case IPv6Protocol:
                switch (other.protocol) {
                    case IPv4Protocol: return convertToIpv4(a6, mode, v4) && (int) v4[0] == other.a;
                    case IPv6Protocol: return Arrays.equals(a6, other.a6);
                    case AnyIPProtocol: return (mode & UNSPECIFIED) != 0 && isAllZero(a6);
                    default: return false;
                }
            case AnyIPProtocol:
                if ((mode & UNSPECIFIED) != 0) {
                    if (other.protocol == NetworkLayerProtocol.IPv4Protocol) {
                        return other.a == 0;
                    }
                    if (other.protocol == NetworkLayerProtocol.IPv6Protocol) {
                        return isAllZero(other.a6);
                    }
                }
                return other.protocol == protocol;
            default:
                return other.protocol == protocol;
        }
    }

    /**
     * Returns true if {@code o} is a QHostAddress equal to this one with
     * {@code StrictConversion} (Qt's {@code operator==}); otherwise returns false. An IPv4
     * address never equals its IPv4-mapped IPv6 form here; the scope id is not compared.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof QHostAddress && isEqual((QHostAddress) o, 0);
    }

    /** Returns a hash of the 16-byte form, consistent with {@link #equals(Object)}, as Qt's {@code qHash}. */
    @Override
    public int hashCode() {
        int h = 1;                              // Arrays.hashCode of the 16 bytes
        for (int i = 0; i < 16; i++) {
            h = 31 * h + byte6(i);
        }
        return h;
    }

    /** Returns true if the address is the IPv6 loopback address or any IPv4 loopback address (127.0.0.0/8); otherwise returns false. */
    public boolean isLoopback() {
        return classify() == LOOPBACK;
    }

    /**
     * Returns true if the address is an IPv4 or IPv6 global address; otherwise returns false.
     * A global address is one not reserved for special purposes (like loopback or multicast)
     * or future purposes. IPv6 unique local and site-local addresses, and the RFC 1918 private
     * IPv4 networks, count as global, as in Qt.
     */
    public boolean isGlobal() {
        return (classify() & GLOBAL) != 0;
    }

    /** Returns true if the address is an IPv4 (169.254.0.0/16) or IPv6 (fe80::/10) link-local address; otherwise returns false. */
    public boolean isLinkLocal() {
        return classify() == LINK_LOCAL;
    }

    /** Returns true if the address is an IPv6 site-local address (fec0::/10, deprecated); otherwise returns false. */
    public boolean isSiteLocal() {
        return classify() == SITE_LOCAL;
    }

    /** Returns true if the address is an IPv6 unique local unicast address (fc00::/7); otherwise returns false. */
    public boolean isUniqueLocalUnicast() {
        return classify() == UNIQUE_LOCAL;
    }

    /** Returns true if the address is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address; otherwise returns false. */
    public boolean isMulticast() {
        return classify() == MULTICAST;
    }

    /**
     * Returns true if the address is the IPv4 broadcast address 255.255.255.255; otherwise
     * returns false. A network's local broadcast address is not recognised.
     */
    public boolean isBroadcast() {
        return classify() == BROADCAST;
    }

    /**
     * Returns true if the address is an IPv6 unique local unicast address or an IPv4 address
     * reserved for local networks by RFC 1918 (10/8, 172.16/12, 192.168/16); otherwise returns
     * false. Since Qt 6.6.
     */
    public boolean isPrivateUse() {
        int c = classify();
        return c == PRIVATE_NETWORK || c == UNIQUE_LOCAL;
    }

    private int classify() {
        if (a != 0) {                           // IPv4, or IPv4-mapped IPv6 other than ::ffff:0.0.0.0
            if ((a & 0xff000000) == 0x7f000000) {
                return LOOPBACK;
            }
            if ((a & 0xf0000000) == 0xe0000000) {
                return MULTICAST;
            }
            if ((a & 0xffff0000) == 0xa9fe0000) {
                return LINK_LOCAL;
            }
            if ((a & 0xff000000) == 0) {
                return LOCAL_NET;
            }
            if ((a & 0xf0000000) == 0xf0000000) {
                return a == 0xffffffff ? BROADCAST : UNKNOWN;
            }
            if ((a & 0xff000000) == 0x0a000000 || (a & 0xfff00000) == 0xac100000
                    || (a & 0xffff0000) == 0xc0a80000) {
                return PRIVATE_NETWORK;
            }
            return GLOBAL;
        }
        boolean highZero = true;
        for (int i = 0; i < 8; i++) {
            if (byte6(i) != 0) {
                highZero = false;
                break;
            }
        }
        if (!highZero) {
            int b0 = byte6(0) & 0xff;
            int b1 = byte6(1) & 0xff;
            if (b0 == 0xff) {
                return MULTICAST;
            }
            if (b0 == 0xfe) {
                int top10 = b1 & 0xc0;
                if (top10 == 0xc0) {
                    return SITE_LOCAL;
                }
                return top10 == 0x80 ? LINK_LOCAL : UNKNOWN;
            }
            if (b0 == 0xfc || b0 == 0xfd) {
                return UNIQUE_LOCAL;
            }
            return GLOBAL;
        }
        long low = 0;
        for (int i = 8; i < 16; i++) {
            low = (low << 8) | (byte6(i) & 0xff);
        }
        if (low == 1) {
            return LOOPBACK;
        }
        if ((low >>> 32) == 0xffff) {
            return LOCAL_NET;                   // ::ffff:0.0.0.0
        }
        if (low != 0) {
            return GLOBAL;
        }
        return protocol == NetworkLayerProtocol.UnknownNetworkLayerProtocol ? UNKNOWN : LOCAL_NET;
    }

    /**
     * Returns true if this address is in the subnet described by the network prefix
     * {@code subnet} and the prefix length {@code netmask}; otherwise returns false.
     * {@code subnet} may be any address in the subnet. The protocols must match: an IPv4
     * address is never in an IPv6 subnet, even a mapped one. A negative {@code netmask} gives
     * false; one above 32 (IPv4) or 128 (IPv6) is treated as the maximum.
     *
     * @see #parseSubnet(String)
     */
    public boolean isInSubnet(QHostAddress subnet, int netmask) {
        if (subnet == null) {
            throw new IllegalArgumentException("subnet: null (expected: a QHostAddress)");
        }
        if (subnet.protocol != protocol || netmask < 0) {
            return false;
        }
        byte[] ip;
        byte[] net;
        if (protocol == NetworkLayerProtocol.IPv4Protocol) {
            netmask = Math.min(netmask, 32);
            ip = v4Bytes(a);
            net = v4Bytes(subnet.a);
        } else if (protocol == NetworkLayerProtocol.IPv6Protocol) {
            netmask = Math.min(netmask, 128);
            ip = a6;
            net = subnet.a6;
        } else {
            return false;
        }
        int whole = netmask / 8;
        for (int i = 0; i < whole; i++) {
            if (ip[i] != net[i]) {
                return false;
            }
        }
        int bits = netmask & 7;
        if (bits == 0) {
            return true;
        }
        int mask = (0xff << (8 - bits)) & 0xff;
        return (ip[whole] & mask) == (net[whole] & mask);
    }

    /**
     * Parses the IP and subnet in {@code subnet} and returns the network prefix and its
     * length. Accepted forms: {@code a.b.c.d/n} (n in 0..32), {@code a.b.c.d/255.255.0.0},
     * {@code <ipv6>/n} (n in 0..128), and IPv4 with missing trailing parts ({@code "192.168.1"}
     * or {@code "192.168.1."}), whose prefix length is then 8 per given part. Bits after the
     * prefix are cleared. Returns the pair ({@code new QHostAddress()}, -1) if {@code subnet}
     * is invalid.
     *
     * @see #isInSubnet(QHostAddress, int)
     */
    public static Map.Entry<QHostAddress, Integer> parseSubnet(String subnet) {
        Map.Entry<QHostAddress, Integer> invalid = new AbstractMap.SimpleImmutableEntry<>(new QHostAddress(), -1);
        if (subnet == null || subnet.isEmpty()) {
            return invalid;
        }
        int slash = subnet.indexOf('/');
        String netStr = slash >= 0 ? subnet.substring(0, slash) : subnet;
        boolean isIpv6 = netStr.indexOf(':') >= 0;
        int netmask = -1;
        if (slash >= 0) {
            String maskStr = subnet.substring(slash + 1);
            if (!isIpv6 && maskStr.indexOf('.') >= 0) {
                QHostAddress mask = new QHostAddress();
                if (!mask.setAddress(maskStr)) {
                    return invalid;
                }
                netmask = prefixLengthOf(mask);
                if (netmask < 0) {
                    return invalid;
                }
            } else {
                netmask = parseDecimal(maskStr);
                if (netmask < 0) {
                    return invalid;
                }
            }
        }
        if (isIpv6) {
            if (netmask > 128) {
                return invalid;
            }
            if (netmask < 0) {
                netmask = 128;
            }
            QHostAddress net = new QHostAddress();
            if (!net.setAddress(netStr) || net.protocol != NetworkLayerProtocol.IPv6Protocol) {
                return invalid;
            }
            byte[] bytes = net.toIPv6Address();
            clearBits(bytes, netmask);
            String scope = net.scopeId;
            net.setAddress(bytes);
            net.scopeId = scope;
            return new AbstractMap.SimpleImmutableEntry<>(net, netmask);
        }
        if (netmask > 32) {
            return invalid;
        }
        String[] parts = netStr.split("\\.", -1);
        int count = parts.length;
        if (count > 4) {
            return invalid;
        }
        if (parts[count - 1].isEmpty()) {
            count--;
        }
        if (count == 0) {
            return invalid;
        }
        long addr = 0;
        for (int i = 0; i < count; i++) {
            int byteValue = parseDecimal(parts[i]);
            if (byteValue < 0 || byteValue > 255) {
                return invalid;
            }
            addr = (addr << 8) | byteValue;
        }
        addr <<= 8 * (4 - count);
        if (netmask == -1) {
            netmask = 8 * count;
        } else if (netmask == 0) {
            addr = 0;
        } else if (netmask != 32) {
            addr &= (0xffffffffL << (32 - netmask)) & 0xffffffffL;
        }
        return new AbstractMap.SimpleImmutableEntry<>(new QHostAddress((int) addr), netmask);
    }

    /**
     * Returns the address as a {@link java.net.InetAddress}, built with
     * {@code getByAddress} (no lookup): an {@link Inet4Address} for IPv4, an
     * {@link Inet6Address} for IPv6 (also for IPv4-mapped ones, and carrying the scope when it
     * names a local interface or is numeric). {@code Any} gives {@code ::}, the dual-stack
     * wildcard Java binds to, or {@code 0.0.0.0} when {@code java.net.preferIPv4Stack} is set.
     * Returns null for the null address, which has no Java equivalent.
     */
    public InetAddress toInetAddress() {
        try {
            switch (protocol) {
                case IPv4Protocol:
                    return InetAddress.getByAddress(v4Bytes(a));
                case AnyIPProtocol:
                    return Boolean.getBoolean("java.net.preferIPv4Stack")
                            ? InetAddress.getByAddress(new byte[4])
                            : Inet6Address.getByAddress(null, new byte[16], -1);
                case IPv6Protocol:
                    return Inet6Address.getByAddress(null, a6.clone(), scopeIndex());
                default:
                    return null;
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("getByAddress rejected a well-sized address", e);
        }
    }

    private int scopeIndex() {
        if (scopeId.isEmpty()) {
            return -1;
        }
        int n = parseDecimal(scopeId);
        if (n >= 0) {
            return n;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(scopeId);
            return nif == null ? -1 : nif.getIndex();
        } catch (SocketException e) {
            return -1;
        }
    }

    // --- helpers ---

    /** Qt's conversion of an IPv6 address to IPv4 under {@code mode}; stores into {@code out[0]}. */
    private static boolean convertToIpv4(byte[] b, int mode, long[] out) {
        if (mode == 0) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        long mid = readU32(b, 8);
        long low = readU32(b, 12);
        if (mid == 0xffff && (mode & MAPPED) != 0) {
            out[0] = low;
            return true;
        }
        if (mid != 0) {
            return false;
        }
        if (low == 0 && (mode & UNSPECIFIED) != 0) {
            out[0] = 0;
            return true;
        }
        if (low == 1 && (mode & LOCALHOST) != 0) {
            out[0] = 0x7f000001;
            return true;
        }
        if (low != 1 && (mode & COMPAT) != 0) {
            out[0] = low;
            return true;
        }
        return false;
    }

    private static long readU32(byte[] b, int off) {
        return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8) | (b[off + 3] & 0xffL);
    }

    private static boolean isAllZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] v4Bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Clears every bit of {@code b} from bit {@code start} on. */
    private static void clearBits(byte[] b, int start) {
        int total = b.length * 8;
        if (start >= total) {
            return;
        }
        int bits = start & 7;
        int index = start / 8;
        b[index] &= (byte) (0xff << (8 - bits));
        if (bits == 0) {
            b[index] = 0;
        }
        for (int i = index + 1; i < b.length; i++) {
            b[i] = 0;
        }
    }

    /** Returns the prefix length of a contiguous netmask address, or -1 if it is not one. */
    private static int prefixLengthOf(QHostAddress mask) {
        byte[] bytes;
        if (mask.protocol == NetworkLayerProtocol.IPv4Protocol) {
            bytes = v4Bytes(mask.a);
        } else if (mask.protocol == NetworkLayerProtocol.IPv6Protocol) {
            bytes = mask.a6;
        } else {
            return -1;
        }
        int length = 0;
        int i = 0;
        while (i < bytes.length && bytes[i] == (byte) 0xff) {
            length += 8;
            i++;
        }
        if (i < bytes.length) {
            int v = bytes[i] & 0xff;
            int ones = Integer.numberOfLeadingZeros(~(v << 24));
            if (((v << ones) & 0xff) != 0) {
                return -1;                      // not of the form 1...10...0
            }
            length += ones;
            for (int j = i + 1; j < bytes.length; j++) {
                if (bytes[j] != 0) {
                    return -1;
                }
            }
        }
        return length;
    }

    /** Parses a non-empty run of ASCII decimal digits; returns -1 if it is not one or exceeds int. */
    private static int parseDecimal(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Qt's QString::simplified(): trims white space and collapses inner runs to one space. */
    private static String simplified(String s) {
        int plain = 0;
        while (plain < s.length() && !isSpace(s.charAt(plain))) {
            plain++;
        }
        if (plain == s.length()) {
            return s;                           // the usual case: nothing to trim or collapse
        }
        StringBuilder sb = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isSpace(char c) {
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xa0) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
