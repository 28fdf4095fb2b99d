/**
 * qttest-j: Qt's test idioms (QSignalSpy, QTest) and a JUnit 5 extension for qtj programs.
 *
 * <p>JUnit is required {@code static}: QSignalSpy and QTest work without it (in a benchmark, say),
 * and wherever QtExtension is used, JUnit itself is there to load it. It is also required
 * {@code transitive}, because QtExtension's public signature is made of JUnit's types.
 */
module io.qtj.test {
    requires transitive io.qtj.core;
    requires static transitive org.junit.jupiter.api;
    exports io.qtj.test;
}
