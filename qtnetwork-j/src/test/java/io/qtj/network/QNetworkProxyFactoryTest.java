package io.qtj.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.network.QNetworkProxy.Capability;
import io.qtj.network.QNetworkProxy.ProxyType;
import io.qtj.network.QNetworkProxyQuery.QueryType;
import io.qtj.network.internal.EnvironmentProxies;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QNetworkProxyFactoryTest {

    private static final QNetworkProxy NO_PROXY = new QNetworkProxy(ProxyType.NoProxy);

    @AfterEach
    void restoreGlobalState() {
        QNetworkProxyFactory.setUseSystemConfiguration(true);
    }

    /** Builds an environment from "name=value" pairs. */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return m;
    }

    private static QNetworkProxyQuery tcp(String host, String tag) {
        return new QNetworkProxyQuery(host, 80, tag);
    }

    @Test
    void constructing() {
        assertTrue(QNetworkProxyFactory.usesSystemConfiguration(), "system proxies are used by default, as in Qt");
        QNetworkProxyFactory f = new QNetworkProxyFactory() {
            @Override
            public List<QNetworkProxy> queryProxy(QNetworkProxyQuery query) {
                return List.of(new QNetworkProxy(ProxyType.Socks5Proxy, query.peerHostName(), 1080));
            }
        };
        assertEquals(List.of(new QNetworkProxy(ProxyType.Socks5Proxy, "", 1080)), f.queryProxy(),
                "queryProxy() asks about a default query");
    }

    // ---- the environment rules, Qt's generic back end ----

    static Stream<Arguments> systemProxy_data() {
        QNetworkProxy http3128 = new QNetworkProxy(ProxyType.HttpProxy, "proxy", 3128);
        QNetworkProxy socks = new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1081);
        QNetworkProxy socksh = new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080);
        socksh.setCapabilities(EnumSet.of(Capability.HostNameLookupCapability));
        return Stream.of(
                Arguments.of("empty-environment", env(), tcp("example.com", ""), NO_PROXY),
                Arguments.of("all_proxy-socks5", env("all_proxy=socks5://socks:1081"), tcp("example.com", ""), socks),
                Arguments.of("socks5-default-port", env("all_proxy=socks5://socks"), tcp("example.com", ""),
                        new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080)),
                Arguments.of("socks5h-only-hostname-lookup", env("all_proxy=socks5h://socks"), tcp("example.com", ""), socksh),
                Arguments.of("http_proxy-fallback-for-tcp", env("http_proxy=http://proxy:3128"), tcp("example.com", ""), http3128),
                Arguments.of("all_proxy-before-http_proxy",
                        env("all_proxy=socks5://socks:1081", "http_proxy=http://proxy:3128"), tcp("example.com", ""), socks),
                Arguments.of("empty-all_proxy-falls-back",
                        env("all_proxy=", "http_proxy=http://proxy:3128"), tcp("example.com", ""), http3128),
                Arguments.of("http-tag-uses-http_proxy",
                        env("all_proxy=socks5://socks:1081", "http_proxy=http://proxy:3128"), tcp("example.com", "http"), http3128),
                Arguments.of("https-tag-uses-https_proxy",
                        env("https_proxy=http://secure:443", "http_proxy=http://proxy:3128"), tcp("example.com", "https"),
                        new QNetworkProxy(ProxyType.HttpProxy, "secure", 443)),
                Arguments.of("https-tag-falls-back-to-http_proxy", env("http_proxy=http://proxy:3128"),
                        tcp("example.com", "https"), http3128),
                Arguments.of("ftp-tag-uses-ftp_proxy", env("ftp_proxy=http://ftpp:21", "all_proxy=socks5://socks:1081"),
                        tcp("example.com", "ftp"), new QNetworkProxy(ProxyType.HttpProxy, "ftpp", 21)),
                Arguments.of("http-tag-ignores-all_proxy", env("all_proxy=socks5://socks:1081"), tcp("example.com", "http"), NO_PROXY),
                Arguments.of("no-scheme-is-http", env("http_proxy=//proxy:3128"), tcp("example.com", ""), http3128),
                Arguments.of("http-default-port", env("http_proxy=http://proxy"), tcp("example.com", ""),
                        new QNetworkProxy(ProxyType.HttpProxy, "proxy", 8080)),
                Arguments.of("user-and-password", env("http_proxy=http://bob:s%40cret@proxy:3128/"), tcp("example.com", ""),
                        new QNetworkProxy(ProxyType.HttpProxy, "proxy", 3128, "bob", "s@cret")),
                Arguments.of("user-only", env("all_proxy=socks5://bob@socks:1081"), tcp("example.com", ""),
                        new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1081, "bob", null)),
                Arguments.of("scheme-and-host-lower-cased", env("all_proxy=SOCKS5://SOCKS:1081"), tcp("example.com", ""), socks),
                Arguments.of("ipv6-proxy-host", env("http_proxy=http://[::1]:3128"), tcp("example.com", ""),
                        new QNetworkProxy(ProxyType.HttpProxy, "::1", 3128)),
                Arguments.of("udp-never-http", env("http_proxy=http://proxy:3128"),
                        new QNetworkProxyQuery("example.com", 53, "", QueryType.UdpSocket), NO_PROXY),
                Arguments.of("tcpserver-never-http", env("http_proxy=http://proxy:3128"),
                        new QNetworkProxyQuery(8080, ""), NO_PROXY),
                Arguments.of("udp-through-socks5", env("all_proxy=socks5://socks:1081"),
                        new QNetworkProxyQuery("example.com", 53, "", QueryType.UdpSocket), socks),
                Arguments.of("tcpserver-through-socks5", env("all_proxy=socks5://socks:1081"),
                        new QNetworkProxyQuery(8080, ""), socks),
                Arguments.of("unknown-scheme-ignored", env("all_proxy=https://proxy:3128"), tcp("example.com", ""), NO_PROXY),
                Arguments.of("bad-port-ignored", env("http_proxy=http://proxy:99999"), tcp("example.com", ""), NO_PROXY),
                Arguments.of("upper-case-names-ignored", env("HTTP_PROXY=http://proxy:3128", "ALL_PROXY=socks5://socks"),
                        tcp("example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-exact", env("http_proxy=http://proxy:3128", "no_proxy=example.com"),
                        tcp("example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-subdomain", env("http_proxy=http://proxy:3128", "no_proxy=example.com"),
                        tcp("www.example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-label-boundary", env("http_proxy=http://proxy:3128", "no_proxy=example.com"),
                        tcp("notexample.com", ""), http3128),
                Arguments.of("no_proxy-leading-dot", env("http_proxy=http://proxy:3128", "no_proxy=.example.com"),
                        tcp("example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-star-dot", env("http_proxy=http://proxy:3128", "no_proxy=*.example.com"),
                        tcp("a.example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-trailing-dot", env("http_proxy=http://proxy:3128", "no_proxy=example.com."),
                        tcp("example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-list-with-spaces", env("http_proxy=http://proxy:3128", "no_proxy=foo.org , example.com"),
                        tcp("example.com", ""), NO_PROXY),
                Arguments.of("no_proxy-other-host", env("http_proxy=http://proxy:3128", "no_proxy=foo.org,bar.org"),
                        tcp("example.com", ""), http3128),
                Arguments.of("no_proxy-case-sensitive", env("http_proxy=http://proxy:3128", "no_proxy=EXAMPLE.com"),
                        tcp("example.com", ""), http3128),
                Arguments.of("no_proxy-lone-star-is-no-wildcard", env("http_proxy=http://proxy:3128", "no_proxy=*"),
                        tcp("example.com", ""), http3128),
                Arguments.of("no_proxy-ip-address", env("http_proxy=http://proxy:3128", "no_proxy=10.1.2.3"),
                        tcp("10.1.2.3", ""), NO_PROXY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systemProxy_data")
    void systemProxyForQuery(String name, Map<String, String> env, QNetworkProxyQuery query, QNetworkProxy expected) {
        List<QNetworkProxy> result = EnvironmentProxies.forQuery(query, env);
        assertEquals(List.of(expected), result);
        assertEquals(expected.capabilities(), result.get(0).capabilities());
    }

    @Test
    void systemProxyForQueryReadsTheProcessEnvironment() {
        List<QNetworkProxy> result = QNetworkProxyFactory.systemProxyForQuery(tcp("example.com", ""));
        assertEquals(EnvironmentProxies.forQuery(tcp("example.com", ""), System.getenv()), result);
        assertFalse(QNetworkProxyFactory.systemProxyForQuery().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> QNetworkProxyFactory.systemProxyForQuery(null));
    }

    // ---- precedence in proxyForQuery ----

    static Stream<Arguments> localDestinations_data() {
        return Stream.of(
                Arguments.of("127.0.0.1", true), Arguments.of("127.1.2.3", true), Arguments.of("::1", true),
                Arguments.of("::ffff:127.0.0.1", true), Arguments.of("localhost", true),
                Arguments.of("localhost.localdomain", true), Arguments.of("LOCALHOST", true),
                Arguments.of("localhostx", false), Arguments.of("10.0.0.1", false), Arguments.of("example.com", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localDestinations_data")
    void localDestinationsAreNeverProxied(String host, boolean local) {
        QNetworkProxy.setApplicationProxy(new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080));
        List<QNetworkProxy> result = QNetworkProxyFactory.proxyForQuery(tcp(host, ""), env());
        assertEquals(local ? ProxyType.NoProxy : ProxyType.Socks5Proxy, result.get(0).type());
        assertEquals(1, result.size());
    }

    @Test
    void systemConfigurationAppendsNoProxy() {
        QNetworkProxyFactory.setUseSystemConfiguration(true);
        assertEquals(List.of(new QNetworkProxy(ProxyType.HttpProxy, "proxy", 3128), NO_PROXY),
                QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env("http_proxy=http://proxy:3128")));
        assertEquals(List.of(NO_PROXY, NO_PROXY), QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env()));
        assertEquals(List.of(NO_PROXY),
                QNetworkProxyFactory.proxyForQuery(tcp("localhost", ""), env("http_proxy=http://proxy:3128")));
    }

    @Test
    void withoutSystemConfigurationNoProxy() {
        QNetworkProxyFactory.setUseSystemConfiguration(false);
        assertFalse(QNetworkProxyFactory.usesSystemConfiguration());
        assertEquals(List.of(NO_PROXY),
                QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env("http_proxy=http://proxy:3128")));
    }

    @Test
    void applicationProxyOverridesSystemConfiguration() {
        QNetworkProxy socks = new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080);
        QNetworkProxy.setApplicationProxy(socks);
        assertFalse(QNetworkProxyFactory.usesSystemConfiguration());
        assertEquals(List.of(socks),
                QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env("http_proxy=http://proxy:3128")));

        QNetworkProxyFactory.setUseSystemConfiguration(true);     // resets the application proxy
        assertEquals(ProxyType.HttpProxy,
                QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env("http_proxy=http://proxy:3128")).get(0).type());
    }

    @Test
    void applicationFactoryComesFirst() {
        List<QNetworkProxyQuery> seen = new ArrayList<>();
        QNetworkProxy http = new QNetworkProxy(ProxyType.HttpProxy, "factory", 8080);
        QNetworkProxyFactory factory = new QNetworkProxyFactory() {
            @Override
            public List<QNetworkProxy> queryProxy(QNetworkProxyQuery query) {
                seen.add(query);
                return List.of(http, NO_PROXY);
            }
        };
        QNetworkProxy.setApplicationProxy(new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080));
        QNetworkProxyFactory.setApplicationProxyFactory(factory);
        assertFalse(QNetworkProxyFactory.usesSystemConfiguration());

        QNetworkProxyQuery query = tcp("example.com", "http");
        assertEquals(List.of(http, NO_PROXY), QNetworkProxyFactory.proxyForQuery(query, env()));
        assertEquals(List.of(query), seen);
        assertNotSame(query, seen.get(0), "the factory gets a copy of the query");
        assertEquals(http, QNetworkProxy.applicationProxy(), "the first answer for an empty query");

        assertEquals(List.of(NO_PROXY), QNetworkProxyFactory.proxyForQuery(tcp("127.0.0.1", ""), env()));

        QNetworkProxyFactory.setApplicationProxyFactory(null);    // the application proxy was reset too
        assertEquals(List.of(NO_PROXY), QNetworkProxyFactory.proxyForQuery(query, env()));
    }

    @Test
    void emptyFactoryAnswerMeansNoProxy() {
        QNetworkProxyFactory.setApplicationProxyFactory(new QNetworkProxyFactory() {
            @Override
            public List<QNetworkProxy> queryProxy(QNetworkProxyQuery query) {
                return List.of();
            }
        });
        assertEquals(List.of(NO_PROXY), QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env()));
    }

    @Test
    void useSystemConfigurationRemovesTheFactory() {
        QNetworkProxyFactory.setApplicationProxyFactory(new QNetworkProxyFactory() {
            @Override
            public List<QNetworkProxy> queryProxy(QNetworkProxyQuery query) {
                return List.of(new QNetworkProxy(ProxyType.Socks5Proxy, "socks", 1080));
            }
        });
        QNetworkProxyFactory.setUseSystemConfiguration(true);
        assertTrue(QNetworkProxyFactory.usesSystemConfiguration());
        assertEquals(List.of(NO_PROXY, NO_PROXY), QNetworkProxyFactory.proxyForQuery(tcp("example.com", ""), env()));
    }
}
