/**
 * Implementation of qtcore-j: per-thread data, the selector-based event dispatcher, posted-event
 * queues, timers and buffers. Not API: the module does not export this package to users, and
 * anything here may change without notice.
 */
package io.qtj.core.internal;
