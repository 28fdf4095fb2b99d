package io.qtj.samples;

import io.qtj.network.QNetworkProxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import io.qtj.network.QHostAddress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of the fortune samples, {@code --name VALUE} pairs, checked as they are read. A bad
 * option raises {@link UsageException}, whose message is printed as {@code error: ...} with exit
 * code 2 by each sample's {@code run}.
 */
final class CommandLine {
    /** The host every fortune sample uses unless {@code --host} says otherwise. */
    static final String DEFAULT_HOST = "127.0.0.1";

    /** A bad command line: unknown option, missing value, value out of range. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String usage;
    private final Map<String, String> values = new HashMap<>();

    private CommandLine(String usage) {
        this.usage = usage;
    }

    /**
     * Parses {@code args} as pairs of an option in {@code allowed} and its value; {@code usage} is
     * appended to error messages.
     */
    static CommandLine parse(String[] args, String usage, List<String> allowed) throws UsageException {
        CommandLine cl = new CommandLine(usage);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!allowed.contains(name)) {
                throw cl.error("unknown option " + name);
            }
            if (i + 1 >= args.length) {
                throw cl.error(name + " needs a value");
            }
            cl.values.put(name, args[++i]);
        }
        return cl;
    }

    private UsageException error(String message) {
        return new UsageException(message + " (usage: " + usage + ")");
    }

    /** Returns {@code --host} as an address a server can listen on; 127.0.0.1 by default. */
    QHostAddress listenAddress() throws UsageException {
        String host = values.getOrDefault("--host", DEFAULT_HOST);
        QHostAddress address = new QHostAddress();
        if (!address.setAddress(host)) {
            throw error("--host: " + host + " is not an IP address");
        }
        return address;
    }

    /** Returns {@code --host} as given (a name or an address); 127.0.0.1 by default. */
    String hostName() throws UsageException {
        String host = values.getOrDefault("--host", DEFAULT_HOST);
        if (host.isEmpty()) {
            throw error("--host: empty");
        }
        return host;
    }

    /** Returns {@code --port} in {@code min..65535}; {@code defaultPort} when absent, -1 meaning required. */
    int port(int min, int defaultPort) throws UsageException {
        String v = values.get("--port");
        if (v == null) {
            if (defaultPort < 0) {
                throw error("--port is required");
            }
            return defaultPort;
        }
        return intValue("--port", v, min, 65535);
    }

    /** Returns {@code --fortune} in 0..7, or -1 (a random fortune per connection) when absent. */
    int fortune() throws UsageException {
        String v = values.get("--fortune");
        return v == null ? -1 : intValue("--fortune", v, 0, Fortunes.ALL.size() - 1);
    }

    /**
     * Returns {@code --proxy} as a proxy, or null when absent: {@code socks5://[user:pass@]host[:port]}
     * (also {@code socks5h}, default port 1080) or {@code http://[user:pass@]host[:port]} (default
     * port 8080); user and password are percent-decoded. A qtj addition to Qt's examples.
     */
    QNetworkProxy proxy() throws UsageException {
        String v = values.get("--proxy");
        if (v == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw error("--proxy: " + v + " is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        QNetworkProxy.ProxyType type;
        int defaultPort;
        switch (scheme) {
            case "socks5", "socks5h" -> {
                type = QNetworkProxy.ProxyType.Socks5Proxy;
                defaultPort = 1080;
            }
            case "http" -> {
                type = QNetworkProxy.ProxyType.HttpProxy;
                defaultPort = 8080;
            }
            default -> throw error("--proxy: " + v + " (expected: socks5://, socks5h:// or http:// URL)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw error("--proxy: " + v + " has no host");
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? null : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new QNetworkProxy(type, host, port, user, password);
    }

    private int intValue(String name, String v, int min, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error(name + ": " + v + " is not a number");
        }
        if (n < min || n > max) {
            throw error(name + ": " + n + " (expected: " + min + ".." + max + ")");
        }
        return n;
    }
}
