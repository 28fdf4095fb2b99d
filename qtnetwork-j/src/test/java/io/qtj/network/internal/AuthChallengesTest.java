package io.qtj.network.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qtj.network.internal.AuthChallenges.Challenge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser of Proxy-Authenticate / WWW-Authenticate values, and the HTTP engine's choice of challenge. */
class AuthChallengesTest {

    private static Challenge only(String value) {
        List<Challenge> all = AuthChallenges.parse(value);
        assertEquals(1, all.size(), () -> "challenges in " + value + ": " + all);
        return all.get(0);
    }

    @Test
    void tinyproxysChallenge() {
        Challenge c = only("Basic realm=\"Tinyproxy\"");
        assertEquals("Basic", c.scheme());
        assertTrue(c.is("basic"));
        assertEquals(Map.of("realm", "Tinyproxy"), c.parameters());
        assertEquals("", c.token68());
    }

    @Test
    void schemeAndParameterNamesIgnoreCase() {
        Challenge c = only("bAsIc REALM=\"r\"");
        assertTrue(c.is("Basic"));
        assertEquals("bAsIc", c.scheme(), "the scheme is kept as sent");
        assertEquals("r", c.parameter("realm"));
        assertEquals("r", c.parameter("Realm"));
    }

    @Test
    void tokenValuesAndSpacesAroundTheSeparators() {
        Challenge c = only("  Basic \t realm = proxy.example ,charset=UTF-8 ,\tx=\"\"  ");
        assertEquals(Map.of("realm", "proxy.example", "charset", "UTF-8", "x", ""), c.parameters());
        assertEquals(List.of("realm", "charset", "x"), List.copyOf(c.parameters().keySet()), "in the order sent");
    }

    @Test
    void quotedStringsWithEscapesCommasAndEquals() {
        Challenge c = only("Basic realm=\"a \\\"quoted\\\" realm, with = and \\\\ \\x\", other=\"o\"");
        assertEquals("a \"quoted\" realm, with = and \\ x", c.parameter("realm"));
        assertEquals("o", c.parameter("other"));
    }

    @Test
    void latin1CharactersSurviveInQuotedStrings() {
        assertEquals("Zürich é", only("Basic realm=\"Zürich é\"").parameter("realm"));
    }

    @Test
    void severalChallengesInOneValue() {
        List<Challenge> all = AuthChallenges.parse(
                "Digest realm=\"d, r\", nonce=\"abc\", qop=\"auth,auth-int\", Basic realm=\"b\", NTLM,"
                        + " Negotiate YII==");
        assertEquals(4, all.size(), all::toString);
        assertEquals("Digest", all.get(0).scheme());
        assertEquals(Map.of("realm", "d, r", "nonce", "abc", "qop", "auth,auth-int"), all.get(0).parameters());
        assertEquals("Basic", all.get(1).scheme());
        assertEquals(Map.of("realm", "b"), all.get(1).parameters());
        assertEquals("NTLM", all.get(2).scheme());
        assertTrue(all.get(2).parameters().isEmpty());
        assertEquals("", all.get(2).token68());
        assertEquals("Negotiate", all.get(3).scheme());
        assertEquals("YII==", all.get(3).token68());
        assertEquals("b", AuthChallenges.first(all, "basic").parameter("realm"));
        assertNull(AuthChallenges.first(all, "Bearer"));
    }

    @Test
    void token68BeforeAnotherChallenge() {
        List<Challenge> all = AuthChallenges.parse("Negotiate a+b/c= , Basic realm=x");
        assertEquals(2, all.size(), all::toString);
        assertEquals("a+b/c=", all.get(0).token68());
        assertEquals("x", all.get(1).parameter("realm"));
    }

    @Test
    void emptyListElementsAreSkipped() {
        List<Challenge> all = AuthChallenges.parse(" , ,Basic realm=\"r\",, ,Digest realm=d,");
        assertEquals(2, all.size(), all::toString);
        assertEquals("r", all.get(0).parameter("realm"));
        assertEquals("d", all.get(1).parameter("realm"));
    }

    @Test
    void aTokenAfterACommaWithoutEqualsStartsTheNextChallenge() {
        List<Challenge> all = AuthChallenges.parse("Basic realm=\"r\", charset");
        assertEquals(2, all.size(), all::toString);
        assertEquals(Map.of("realm", "r"), all.get(0).parameters());
        assertEquals("charset", all.get(1).scheme());
    }

    @Test
    void aRepeatedParameterKeepsItsFirstValue() {
        assertEquals("first", only("Basic realm=first, realm=second").parameter("realm"));
    }

    @Test
    void aBareSchemeHasNoParameters() {
        Challenge c = only("Basic");
        assertTrue(c.is("Basic"));
        assertTrue(c.parameters().isEmpty());
        assertNull(c.parameter("realm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Basic realm=\"unclosed",
        "Basic realm=\"ends in a backslash\\",
        "Basic realm=",
        "Basic realm=\"r\" junk",
        "Basic realm=\"r\", =x",
        "Basic realm=\"r\"x",
        "Basic realm=r\"x\"",
        "Basic realm=\"bell \u0007\"",
        "Basic realm=a b=c",
        "Basic\"realm\"",
        "Basic@realm=r",
        "Basic =r",
    })
    void aMalformedChallengeKeepsItsSchemeButNoParameters(String value) {
        Challenge c = only(value);
        assertTrue(c.is("Basic"), c::toString);
        assertNull(c.parameter("realm"), c::toString);
        assertTrue(c.parameters().isEmpty(), c::toString);
    }

    @Test
    void challengesBeforeAMalformedOneAreKept() {
        List<Challenge> all = AuthChallenges.parse("Digest realm=\"d\", Basic realm=\"unclosed, Bearer realm=x");
        assertEquals(2, all.size(), all::toString);
        assertEquals("d", all.get(0).parameter("realm"));
        assertTrue(all.get(1).is("Basic"));
        assertTrue(all.get(1).parameters().isEmpty(), "nothing after the unclosed quote is read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ",", "\"Basic\" realm=r", "=", "\u0000Basic", "é realm=r"})
    void textNotStartingWithASchemeGivesNoChallenge(String value) {
        assertTrue(AuthChallenges.parse(value).isEmpty(), () -> AuthChallenges.parse(value).toString());
    }

    @Test
    void nullGivesNoChallenge() {
        assertTrue(AuthChallenges.parse(null).isEmpty());
    }

    // ---- the HTTP engine's choice ----

    private static String[] reply(String... headers) {
        String[] lines = new String[headers.length + 1];
        lines[0] = "HTTP/1.1 407 Proxy Authentication Required";
        System.arraycopy(headers, 0, lines, 1, headers.length);
        return lines;
    }

    @Test
    void theEnginePicksBasicAmongSeveralHeaders() {
        Challenge c = HttpSocketEngine.basicChallenge(reply("Server: x", "Proxy-Authenticate: Negotiate",
                "proxy-authenticate: NTLM", "PROXY-AUTHENTICATE: Digest realm=\"digest\", nonce=\"n\"",
                "Proxy-Authenticate: basic realm=\"the basic one\""));
        assertEquals("the basic one", c.parameter("realm"));
    }

    @Test
    void theEnginePrefersProxyAuthenticateToWwwAuthenticate() {
        Challenge c = HttpSocketEngine.basicChallenge(reply("WWW-Authenticate: Basic realm=\"www\"",
                "Proxy-Authenticate: Basic realm=\"proxy\""));
        assertEquals("proxy", c.parameter("realm"));
        assertEquals("www", HttpSocketEngine.basicChallenge(reply("WWW-Authenticate: Basic realm=\"www\""))
                .parameter("realm"), "a 401 (tinyproxy's answer to wrong credentials) carries WWW-Authenticate");
    }

    @Test
    void theEngineFindsNoBasicChallenge() {
        assertNull(HttpSocketEngine.basicChallenge(reply()));
        assertNull(HttpSocketEngine.basicChallenge(reply("Proxy-Authenticate: Digest realm=\"d\"",
                "Proxy-Authenticate: NTLM")));
        assertNull(HttpSocketEngine.basicChallenge(reply("X-Proxy-Authenticate: Basic realm=\"x\"")));
        assertNull(HttpSocketEngine.basicChallenge(reply("Proxy-Authenticate : Basic realm=\"x\"")),
                "no space is allowed before the colon");
        assertNull(HttpSocketEngine.basicChallenge(reply("Proxy-Authenticate: Basically realm=\"x\"")));
        assertNull(HttpSocketEngine.basicChallenge(reply(": Basic", "Proxy-Authenticate")));
    }

    // ---- properties ----

    /** Any Latin-1 text without control characters other than tab: what a quoted string can carry. */
    @Provide
    Arbitrary<String> quotable() {
        return Arbitraries.strings().withCharRange('\t', '\t').withCharRange(' ', '~').withCharRange('\u0080', '\u00ff')
                .ofMaxLength(40);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Property
    void anyQuotedTextParsesBack(@ForAll("quotable") String realm, @ForAll("quotable") String other) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("realm", realm);
        expected.put("other", other);
        List<Challenge> all = AuthChallenges.parse("Basic realm=" + quote(realm) + ", other=" + quote(other)
                + ", Digest realm=" + quote(other));
        assertEquals(2, all.size(), all::toString);
        assertEquals(expected, all.get(0).parameters());
        assertEquals(other, all.get(1).parameter("realm"));
    }

    @Property
    void anyTextParsesWithoutThrowing(@ForAll String value) {
        for (Challenge c : AuthChallenges.parse(value)) {
            boolean token = c.scheme().chars().allMatch(ch -> AuthChallenges.isTokenChar((char) ch));
            assertTrue(!c.scheme().isEmpty() && token, c::toString);
        }
    }

    @Property
    void anyTextAfterAValidChallengeKeepsIt(@ForAll String tail) {
        List<Challenge> all = AuthChallenges.parse("Basic realm=\"r\", " + tail);
        assertTrue(!all.isEmpty() && all.get(0).is("Basic"), all::toString);
    }
}
