package io.qtj.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class QAuthenticatorTest {

    @Test
    void constructing() {
        QAuthenticator a = new QAuthenticator();
        assertTrue(a.isNull());
        assertNull(a.user());
        assertNull(a.password());
        assertNull(a.realm());
        assertTrue(a.options().isEmpty());
        assertNull(a.option("any"));
        assertEquals(new QAuthenticator(), a);
    }

    @Test
    void settingAnyFieldMakesItNonNull() {
        QAuthenticator a = new QAuthenticator();
        a.setUser("");
        assertFalse(a.isNull());
        assertNotEquals(new QAuthenticator(), a);

        QAuthenticator b = new QAuthenticator();
        b.setRealm("proxy");
        assertFalse(b.isNull());
        assertEquals("proxy", b.realm());
    }

    @Test
    void equality() {
        QAuthenticator a = new QAuthenticator();
        a.setUser("bob");
        a.setPassword("secret");
        a.setOption("charset", "utf-8");
        QAuthenticator b = new QAuthenticator(a);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Map.of("charset", "utf-8"), b.options());
        b.setPassword("other");
        assertNotEquals(a, b);
        b.setPassword("secret");
        b.setRealm("r");
        assertNotEquals(a, b);
        assertFalse(a.toString().contains("secret"));
    }
}
