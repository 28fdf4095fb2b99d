package io.qtj.network.internal;

import io.qtj.network.QAuthenticator;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The engines' way to {@link QAuthenticator}'s package-private {@code setRealm}, which Qt reaches
 * through {@code QAuthenticatorPrivate}: QAuthenticator installs the setter when its class is
 * initialized, so it is always there by the time an engine holds an authenticator.
 *
 * <p>Thread-safe. Not API: {@code module-info} does not export this package.
 */
public final class AuthenticatorAccess {
    private static volatile BiConsumer<QAuthenticator, String> realmSetter;

    private AuthenticatorAccess() {
    }

    /**
     * Installs QAuthenticator's realm setter; called once, by QAuthenticator's static initializer.
     *
     * @throws IllegalStateException if a setter is already installed
     */
    public static synchronized void install(BiConsumer<QAuthenticator, String> setter) {
        Objects.requireNonNull(setter, "setter");
        if (realmSetter != null) {
            throw new IllegalStateException("the realm setter is already installed");
        }
        realmSetter = setter;
    }

    /** Sets the realm of {@code authenticator} to {@code realm}, as the proxy's challenge names it. */
    static void setRealm(QAuthenticator authenticator, String realm) {
        realmSetter.accept(authenticator, realm);
    }
}
