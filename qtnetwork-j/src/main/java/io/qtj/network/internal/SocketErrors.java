package io.qtj.network.internal;

import io.qtj.network.QAbstractSocket.SocketError;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;

/** Maps Java's socket exceptions to Qt's {@link SocketError} and Qt's English error strings. */
public final class SocketErrors {
    /** Qt's text for ConnectionRefusedError. */
    public static final String CONNECTION_REFUSED = "Connection refused";
    /** Qt's text for RemoteHostClosedError. */
    public static final String REMOTE_CLOSED = "The remote host closed the connection";
    /** Qt's text for HostNotFoundError. */
    public static final String HOST_NOT_FOUND = "Host not found";
    /** Qt's text for AddressInUseError. */
    public static final String ADDRESS_IN_USE = "The bound address is already in use";
    /** Qt's text for SocketAddressNotAvailableError. */
    public static final String ADDRESS_NOT_AVAILABLE = "The address is not available";
    /** Qt's text for SocketAccessError when binding a privileged port. */
    public static final String ADDRESS_PROTECTED = "The address is protected";
    /** Qt's text for SocketTimeoutError in the waitFor functions. */
    public static final String OPERATION_TIMED_OUT = "Socket operation timed out";
    /** Qt's native engine's text for a wait on the socket that ran out of time. */
    public static final String NETWORK_TIMED_OUT = "Network operation timed out";
    /** Qt's text for a connect that did not finish in time. */
    public static final String CONNECTION_TIMED_OUT = "Connection timed out";
    /** Qt's text for NetworkError (network unreachable). */
    public static final String NETWORK_UNREACHABLE = "Network unreachable";
    /** Qt's text for NetworkError (host unreachable). */
    public static final String HOST_UNREACHABLE = "Host unreachable";
    /** Qt's text for an operation on a socket that is not connected. */
    public static final String NOT_CONNECTED = "Socket is not connected";
    /** Qt's text for UnknownSocketError. */
    public static final String UNKNOWN = "Unknown error";
    /** Qt's text for SocketResourceError (out of descriptors). */
    public static final String OUT_OF_RESOURCES = "Insufficient resources";

    private SocketErrors() {
    }

    /** A Qt error and its text. */
    public record Mapped(SocketError error, String text) {
    }

    /** Maps {@code e}, thrown while binding or listening. */
    public static Mapped forBind(IOException e) {
        String m = message(e);
        if (m.contains("in use")) {
            return new Mapped(SocketError.AddressInUseError, ADDRESS_IN_USE);
        }
        if (m.contains("permission denied") || m.contains("access")) {
            return new Mapped(SocketError.SocketAccessError, ADDRESS_PROTECTED);
        }
        if (m.contains("assign requested address") || m.contains("not available") || e instanceof BindException) {
            return new Mapped(SocketError.SocketAddressNotAvailableError, ADDRESS_NOT_AVAILABLE);
        }
        return forIo(e);
    }

    /** Maps {@code e}, thrown while connecting, reading or writing. */
    public static Mapped forIo(Throwable e) {
        String m = message(e);
        if (e instanceof ConnectException && m.contains("refused")) {
            return new Mapped(SocketError.ConnectionRefusedError, CONNECTION_REFUSED);
        }
        if (e instanceof ConnectException && m.contains("timed out") || e instanceof SocketTimeoutException) {
            return new Mapped(SocketError.SocketTimeoutError, CONNECTION_TIMED_OUT);
        }
        if (e instanceof NoRouteToHostException || m.contains("no route") || m.contains("host is unreachable")) {
            return new Mapped(SocketError.NetworkError, HOST_UNREACHABLE);
        }
        if (m.contains("network is unreachable") || e instanceof PortUnreachableException) {
            return new Mapped(SocketError.NetworkError, NETWORK_UNREACHABLE);
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
            return new Mapped(SocketError.HostNotFoundError, HOST_NOT_FOUND);
        }
        if (e instanceof UnsupportedAddressTypeException || m.contains("protocol family unavailable")
                || m.contains("address family not supported")) {
            return new Mapped(SocketError.UnsupportedSocketOperationError, "The address protocol is not supported");
        }
        if (m.contains("reset") || m.contains("broken pipe") || m.contains("connection abort")
                || e instanceof ClosedChannelException) {
            return new Mapped(SocketError.RemoteHostClosedError, REMOTE_CLOSED);
        }
        if (m.contains("too many open files")) {
            return new Mapped(SocketError.SocketResourceError, OUT_OF_RESOURCES);
        }
        if (m.contains("permission denied")) {
            return new Mapped(SocketError.SocketAccessError, "Permission denied");
        }
        if (m.contains("in use")) {
            return new Mapped(SocketError.AddressInUseError, ADDRESS_IN_USE);
        }
        return new Mapped(SocketError.UnknownSocketError, e.getMessage() == null ? UNKNOWN : e.getMessage());
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? "" : m.toLowerCase(Locale.ROOT);
    }
}
