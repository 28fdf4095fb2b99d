/**
 * Implementation details of qtnetwork-j: address text parsing and the environment proxy
 * configuration. Not API: {@code module-info} does not export this package, and anything here
 * may change without notice.
 */
package io.qtj.network.internal;
