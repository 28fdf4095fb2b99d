package io.qtj.network.internal;

/**
 * Text forms of IP addresses: the parsers and printers behind {@code QHostAddress}.
 *
 * <p>The accepted syntax is Qt 6's: IPv4 in the BSD {@code inet_aton} style (one to four
 * dot-separated parts, each decimal, octal with a leading {@code 0} or hexadecimal with
 * {@code 0x}; the last part fills the remaining bytes), and IPv6 as in RFC 4291 section 2.2,
 * including a trailing dotted quad. The printed IPv6 form follows RFC 5952 with Qt's rule for
 * when a dotted quad is shown ({@code ::ffff:a.b.c.d}, and {@code ::a.b.c.d} unless the first
 * three bytes of the quad are zero).
 *
 * <p>Pure functions; thread-safe. Not API.
 */
public final class IpAddressText {
    private IpAddressText() {
    }

    /**
     * Returns the IPv4 address in {@code text} as an unsigned 32-bit value, or -1 if
     * {@code text} is not an IPv4 address. Accepts the shortened and octal/hex forms.
     */
    public static long parseIp4(String text) {
        return parseIp4(text, 0, text.length(), true);
    }

    /**
     * Parses {@code text[from, to)} as IPv4. When {@code relaxed} is false (the dotted quad at
     * the end of an IPv6 address), exactly four decimal parts without leading zeros are
     * required.
     */
    private static long parseIp4(String text, int from, int to, boolean relaxed) {
        if (from >= to) {
            return -1;
        }
        long address = 0;
        int part = 0;
        int pos = from;
        while (true) {
            int end = text.indexOf('.', pos);
            if (end < 0 || end > to) {
                end = to;
            }
            long value = parseIp4Part(text, pos, end, relaxed);
            if (value < 0) {
                return -1;
            }
            boolean last = end == to;
            if (!last && part == 3) {
                return -1;                      // a fifth part
            }
            if (!last || part == 3) {
                if (value > 0xff) {
                    return -1;
                }
                address = (address << 8) | value;
            } else {
                // the last of fewer than four parts fills the remaining bytes
                int remainingBytes = 4 - part;
                if (!relaxed || value >= (1L << (8 * remainingBytes))) {
                    return -1;
                }
                address = (address << (8 * remainingBytes)) | value;
            }
            if (last) {
                return address;
            }
            part++;
            pos = end + 1;
        }
    }

    private static long parseIp4Part(String text, int from, int to, boolean relaxed) {
        if (from >= to) {
            return -1;
        }
        int radix = 10;
        int pos = from;
        if (text.charAt(pos) == '0' && to - from > 1) {
            if (!relaxed) {
                return -1;                      // leading zeros are not allowed in IPv6's quad
            }
            char next = text.charAt(pos + 1);
            if (next == 'x' || next == 'X') {
                radix = 16;
                pos += 2;
                if (pos == to) {
                    return -1;
                }
            } else {
                radix = 8;
                pos += 1;
            }
        }
        long value = 0;
        for (int i = pos; i < to; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0 || text.charAt(i) > 0x7f) {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xffffffffL) {
                return -1;
            }
        }
        return value;
    }

    /**
     * Parses {@code text} (without a scope id) as an IPv6 address into {@code out} (16 bytes,
     * network order). Returns true on success; on failure {@code out} is unspecified.
     */
    public static boolean parseIp6(String text, byte[] out) {
        int n = text.length();
        if (n < 2) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x7f) {
                return false;
            }
        }
        java.util.Arrays.fill(out, (byte) 0);
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return false;                       // at most one "::"
        }
        int[] head = new int[10];
        int[] tail = new int[10];
        int headCount;
        int tailCount;
        if (gap < 0) {
            headCount = parseGroups(text, 0, n, head, true);
            if (headCount != 8) {
                return false;
            }
            tailCount = 0;
        } else {
            headCount = gap == 0 ? 0 : parseGroups(text, 0, gap, head, false);
            if (headCount < 0) {
                return false;
            }
            tailCount = gap + 2 == n ? 0 : parseGroups(text, gap + 2, n, tail, true);
            if (tailCount < 0 || headCount + tailCount > 7) {
                return false;                   // "::" stands for at least one group
            }
        }
        int pos = 0;
        for (int i = 0; i < headCount; i++) {
            out[pos++] = (byte) (head[i] >> 8);
            out[pos++] = (byte) head[i];
        }
        pos = 16 - 2 * tailCount;
        if (gap < 0) {
            pos = 2 * headCount;
        }
        for (int i = 0; i < tailCount; i++) {
            out[pos++] = (byte) (tail[i] >> 8);
            out[pos++] = (byte) tail[i];
        }
        return true;
    }

    /**
     * Parses colon-separated groups of {@code text[from, to)} into {@code groups} (a dotted quad,
     * allowed only last and only when {@code allowQuad}, counts as two groups). Returns the
     * number of groups, or -1 on a syntax error.
     */
    private static int parseGroups(String text, int from, int to, int[] groups, boolean allowQuad) {
        int count = 0;
        int pos = from;
        while (true) {
            int end = text.indexOf(':', pos);
            if (end < 0 || end > to) {
                end = to;
            }
            if (end == pos) {
                return -1;                      // an empty group outside "::"
            }
            boolean last = end == to;
            if (last && allowQuad && text.indexOf('.', pos) >= 0 && text.indexOf('.', pos) < to) {
                long v4 = parseIp4(text, pos, to, false);
                if (v4 < 0 || count + 2 > 8) {
                    return -1;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                return count;
            }
            int value = 0;
            for (int i = pos; i < end; i++) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0) {
                    return -1;
                }
                value = value * 16 + digit;
                if (value > 0xffff) {
                    return -1;
                }
            }
            if (count == 8) {
                return -1;
            }
            groups[count++] = value;
            if (last) {
                return count;
            }
            pos = end + 1;
            if (pos == to) {
                return -1;                      // a trailing single ':'
            }
        }
    }

    /** Returns the dotted-quad text of the unsigned 32-bit {@code address}. */
    public static String toString(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Returns Qt's text form of the 16-byte IPv6 {@code address}. */
    public static String toString(byte[] address) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                firstTenZero = false;
                break;
            }
        }
        boolean quad = false;
        if (firstTenZero) {
            if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
                quad = true;
            } else if (address[10] == 0 && address[11] == 0) {
                if (address[12] != 0 || address[13] != 0 || address[14] != 0) {
                    quad = true;
                } else if (address[15] == 0) {
                    return "::";
                }
            }
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // the first longest run of two or more zero words becomes "::"
        int runStart = -1;
        int runLength = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > runLength) {
                runStart = i;
                runLength = j - i;
            }
            i = j;
        }
        if (quad && runStart == 0 && runLength > 6) {
            quad = false;                       // "::" swallowed the quad's first half: Qt prints hex
        }
        StringBuilder sb = new StringBuilder(40);
        int wordsToPrint = quad ? 6 : 8;
        for (int i = 0; i < wordsToPrint; i++) {
            if (i == runStart) {
                sb.append("::");
                i += runLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (quad) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            int v4 = ((address[12] & 0xff) << 24) | ((address[13] & 0xff) << 16)
                    | ((address[14] & 0xff) << 8) | (address[15] & 0xff);
            sb.append(toString(v4));
        }
        return sb.toString();
    }
}
