package io.qtj.network;

import io.qtj.network.internal.AuthenticatorAccess;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An authentication object: the user name, password and realm that a proxy or server asks for.
 *
 * <p>A QAuthenticator is handed to the slot connected to
 * {@code QAbstractSocket.proxyAuthenticationRequired}; the slot fills in {@link #setUser} and
 * {@link #setPassword}. The realm is set by the networking code from the server's challenge.
 * A freshly constructed authenticator is null ({@link #isNull()}); setting any field makes it
 * non-null, even to an empty value, as in Qt.
 *
 * <p>In this port {@code setRealm} is package-private (Qt's is private and reached through
 * {@code QAuthenticatorPrivate}): only the protocol engines set the realm, through
 * {@code io.qtj.network.internal.AuthenticatorAccess}. The HTTP proxy engine sets it, and the
 * option {@code "realm"} with the same value, from the {@code realm} parameter of the proxy's
 * Basic challenge, as Qt does for Basic and Digest.
 *
 * <p><b>Thread safety.</b> Not thread-safe; it is meant to be filled in by one slot.
 */
public final class QAuthenticator {
    static {
        AuthenticatorAccess.install(QAuthenticator::setRealm);
    }

    private boolean isNull = true;
    private String user;
    private String password;
    private String realm;
    private final Map<String, Object> options = new LinkedHashMap<>();

    /** Constructs an empty, null authentication object. */
    public QAuthenticator() {
    }

    /** Constructs a copy of {@code other}. */
    public QAuthenticator(QAuthenticator other) {
        if (other == null) {
            throw new IllegalArgumentException("other: null (expected: a QAuthenticator to copy)");
        }
        isNull = other.isNull;
        user = other.user;
        password = other.password;
        realm = other.realm;
        options.putAll(other.options);
    }

    /** Returns the user used for authentication, or null if none was set. */
    public String user() {
        return user;
    }

    /** Sets the user used for authentication to {@code user}. */
    public void setUser(String user) {
        this.user = user;
        isNull = false;
    }

    /** Returns the password used for authentication, or null if none was set. */
    public String password() {
        return password;
    }

    /** Sets the password used for authentication to {@code password}. */
    public void setPassword(String password) {
        this.password = password;
        isNull = false;
    }

    /** Returns the realm requiring authentication, or null if there is none. */
    public String realm() {
        return realm;
    }

    /** Sets the realm; for the protocol engines only. */
    void setRealm(String realm) {
        this.realm = realm;
        isNull = false;
    }

    /** Returns the value of the option {@code opt}, or null if it is not set. */
    public Object option(String opt) {
        return options.get(opt);
    }

    /** Returns an unmodifiable snapshot of all options, in insertion order. */
    public Map<String, Object> options() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Sets the option {@code opt} to {@code value}; a null value removes it. */
    public void setOption(String opt, Object value) {
        if (opt == null) {
            throw new IllegalArgumentException("opt: null (expected: an option name)");
        }
        if (value == null) {
            options.remove(opt);
        } else {
            options.put(opt, value);
        }
        isNull = false;
    }

    /** Returns true if the object has not been initialized (no field was ever set); otherwise returns false. */
    public boolean isNull() {
        return isNull;
    }

    /**
     * Returns true if {@code o} is an authenticator with the same user, password, realm and
     * options; otherwise returns false. A null authenticator equals only another null one.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QAuthenticator)) {
            return false;
        }
        QAuthenticator other = (QAuthenticator) o;
        if (isNull || other.isNull) {
            return isNull == other.isNull;
        }
        return Objects.equals(user, other.user) && Objects.equals(password, other.password)
                && Objects.equals(realm, other.realm) && options.equals(other.options);
    }

    /** Returns a hash code consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return isNull ? 0 : Objects.hash(user, password, realm, options);
    }

    /** Returns a description for logs; the password is never shown. */
    @Override
    public String toString() {
        return isNull ? "QAuthenticator(null)" : "QAuthenticator(user=" + user + ", realm=" + realm + ")";
    }
}
