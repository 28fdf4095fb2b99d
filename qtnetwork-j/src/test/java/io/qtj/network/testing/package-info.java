/**
 * Test fixtures for proxy tests: real proxy servers started by the test run, and
 * small scripted servers on the loopback interface.
 *
 * <p>{@link io.qtj.network.testing.DanteProxy} runs Dante's {@code danted} (SOCKS5,
 * CONNECT and BIND, with or without RFC 1929 username/password authentication);
 * {@link io.qtj.network.testing.TinyProxy} runs {@code tinyproxy} (HTTP CONNECT,
 * optional Basic authentication). Each starts its own process on 127.0.0.1 and a free
 * port with a configuration written into a fresh temporary folder, so a system-wide
 * service (if any) never matters. {@link io.qtj.network.testing.ProxyAvailability}
 * skips a test when a server is not installed, or fails it when the environment
 * variable {@code CI} is {@code true}.
 *
 * <p>{@link io.qtj.network.testing.FakeProxy} is a scripted TCP server for hostile or
 * broken replies, and {@link io.qtj.network.testing.EchoServer} is the target placed
 * behind the proxies.
 *
 * <p>These classes are test code only (not API) and use nothing beyond the JDK and
 * JUnit. See {@code docs/testing-proxies.md} for running the tests on a developer machine.
 */
package io.qtj.network.testing;
