/** qttest-j: Qt's test idioms (QSignalSpy, QTest) and a JUnit 5 extension for qtj programs. */
module io.qtj.test {
    requires transitive io.qtj.core;
    requires static org.junit.jupiter.api;
    exports io.qtj.test;
}
