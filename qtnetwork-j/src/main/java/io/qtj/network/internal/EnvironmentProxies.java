package io.qtj.network.internal;

import io.qtj.network.QNetworkProxy;
import io.qtj.network.QNetworkProxyQuery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The system proxy configuration on Linux and other Unix systems without libproxy: the
 * lower-case environment variables {@code http_proxy}, {@code https_proxy}, {@code ftp_proxy},
 * {@code all_proxy} and {@code no_proxy}, read as Qt's generic back end reads them.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>If the query's peer host matches a {@code no_proxy} entry, the answer is {@code NoProxy}.
 *     Entries are comma-separated; a leading {@code *} and a leading {@code .} are dropped, a
 *     trailing {@code .} is dropped unless the host ends with one; an entry matches the host
 *     itself and any of its sub-domains (case-sensitively, as Qt).</li>
 * <li>The variable is chosen by protocol tag: {@code http} → {@code http_proxy},
 *     {@code https} → {@code https_proxy}, {@code ftp} → {@code ftp_proxy}, anything else →
 *     {@code all_proxy}; if that one is empty, {@code http_proxy}.</li>
 * <li>Its URL's scheme gives the proxy: {@code socks5} → {@code Socks5Proxy} (default port
 *     1080, default capabilities); {@code socks5h} → {@code Socks5Proxy} with only
 *     {@code HostNameLookupCapability}, as Qt sets it; {@code http} or no scheme →
 *     {@code HttpProxy} (default port 8080), except for {@code UdpSocket} and
 *     {@code TcpServer} queries. User and password come from the URL's user info,
 *     percent-decoded. Any other scheme is ignored.</li>
 * <li>Nothing found: {@code NoProxy}.</li>
 * </ol>
 *
 * <p>Differences from Qt: when the URL has no port, Qt's code passes {@code QUrl::port()}'s -1
 * on, which becomes port 65535; this port uses the intended default (1080 or 8080). A URL that
 * does not parse (e.g. a port that is not a number in 0..65535) is ignored rather than turned
 * into a proxy with an empty host.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class EnvironmentProxies {
    private EnvironmentProxies() {
    }

    /** Returns the proxies for {@code query} under the environment {@code env}; never empty. */
    public static List<QNetworkProxy> forQuery(QNetworkProxyQuery query, Map<String, String> env) {
        if (ignoreProxyFor(query.peerHostName(), get(env, "no_proxy").trim())) {
            return List.of(new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
        }
        String tag = query.protocolTag();
        String value;
        switch (tag) {
            case "http": value = get(env, "http_proxy"); break;
            case "https": value = get(env, "https_proxy"); break;
            case "ftp": value = get(env, "ftp_proxy"); break;
            default: value = get(env, "all_proxy"); break;
        }
        if (value.isEmpty()) {
            value = get(env, "http_proxy");
        }
        QNetworkProxy proxy = value.isEmpty() ? null : proxyFromUrl(value, query.queryType());
        return List.of(proxy != null ? proxy : new QNetworkProxy(QNetworkProxy.ProxyType.NoProxy));
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v;
    }

    static boolean ignoreProxyFor(String host, String noProxy) {
        if (noProxy.isEmpty()) {
            return false;
        }
        for (String raw : noProxy.split(",", -1)) {
            String token = raw.trim();
            if (token.startsWith("*")) {
                token = token.substring(1);
            }
            if (token.endsWith(".") && !host.endsWith(".")) {
                token = token.substring(0, token.length() - 1);
            }
            if (token.startsWith(".")) {
                token = token.substring(1);
            }
            if (host.endsWith(token)) {
                if (host.length() == token.length()) {
                    return true;
                }
                if (host.charAt(host.length() - token.length() - 1) == '.') {
                    return true;
                }
            }
        }
        return false;
    }

    private static QNetworkProxy proxyFromUrl(String text, QNetworkProxyQuery.QueryType queryType) {
        ParsedUrl url = ParsedUrl.parse(text.trim());
        if (url == null) {
            return null;
        }
        switch (url.scheme) {
            case "socks5":
                return new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, url.host,
                        url.port > 0 ? url.port : 1080, url.user, url.password);
            case "socks5h": {
                QNetworkProxy p = new QNetworkProxy(QNetworkProxy.ProxyType.Socks5Proxy, url.host,
                        url.port > 0 ? url.port : 1080, url.user, url.password);
                p.setCapabilities(EnumSet.of(QNetworkProxy.Capability.HostNameLookupCapability));
                return p;
            }
            case "":
            case "http":
                if (queryType == QNetworkProxyQuery.QueryType.UdpSocket
                        || queryType == QNetworkProxyQuery.QueryType.TcpServer) {
                    return null;
                }
                return new QNetworkProxy(QNetworkProxy.ProxyType.HttpProxy, url.host,
                        url.port > 0 ? url.port : 8080, url.user, url.password);
            default:
                return null;
        }
    }

    /** The parts of a proxy URL that matter, parsed leniently as QUrl's tolerant mode does. */
    private static final class ParsedUrl {
        String scheme = "";
        String host = "";
        int port = -1;
        String user;
        String password;

        static ParsedUrl parse(String s) {
            ParsedUrl u = new ParsedUrl();
            int colon = s.indexOf(':');
            if (colon > 0 && isScheme(s, colon)) {
                u.scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
                s = s.substring(colon + 1);
            }
            if (!s.startsWith("//")) {
                return u;                        // no authority: no host, as QUrl
            }
            int end = 2;
            while (end < s.length() && "/?#".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            String authority = s.substring(2, end);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                authority = authority.substring(at + 1);
                int sep = userInfo.indexOf(':');
                u.user = decode(sep >= 0 ? userInfo.substring(0, sep) : userInfo);
                u.password = sep >= 0 ? decode(userInfo.substring(sep + 1)) : null;
            }
            String portText = null;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    return null;
                }
                u.host = authority.substring(1, close);
                String rest = authority.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        return null;
                    }
                    portText = rest.substring(1);
                }
            } else {
                int sep = authority.lastIndexOf(':');
                u.host = sep >= 0 ? authority.substring(0, sep) : authority;
                portText = sep >= 0 ? authority.substring(sep + 1) : null;
            }
            u.host = u.host.toLowerCase(Locale.ROOT);
            if (portText != null && !portText.isEmpty()) {
                if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                u.port = Integer.parseInt(portText);
                if (u.port > 65535) {
                    return null;
                }
            }
            return u;
        }

        private static boolean isScheme(String s, int end) {
            if (!isAsciiLetter(s.charAt(0))) {
                return false;
            }
            for (int i = 1; i < end; i++) {
                char c = s.charAt(i);
                if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                    return false;
                }
            }
            return true;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static String decode(String s) {
            try {
                return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return s;
            }
        }
    }
}
