/**
 * Implementation details of qtcore-j: buffers and helpers shared by the public classes.
 *
 * <p><b>Not API.</b> {@code module-info} does not export this package; its classes are public
 * only so that the public classes in {@code io.qtj.core} can use them across files. They may
 * change or disappear in any release.
 */
package io.qtj.core.internal;
