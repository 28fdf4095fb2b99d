/**
 * Implementation details of qtnetwork-j: the socket engines behind QAbstractSocket (direct NIO,
 * proxy tunnels) and their choice (SocketEngineFactory), the descriptor table, error mapping,
 * address text parsing and the environment proxy configuration. Not API: {@code module-info} does
 * not export this package, and anything here may change without notice.
 */
package io.qtj.network.internal;
