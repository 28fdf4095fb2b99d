/**
 * Implementation details of qtnetwork-j: the state machine behind QAbstractSocket
 * (SocketStateMachine with its connect sequence, buffers and blocking waits, reporting through
 * SocketFront), the socket engines it drives (direct NIO, proxy tunnels) and their choice
 * (SocketEngineFactory), the server engines, the descriptor table, error mapping, address text
 * parsing and the environment proxy configuration. Not API: {@code module-info} does not export
 * this package, and anything here may change without notice.
 */
package io.qtj.network.internal;
