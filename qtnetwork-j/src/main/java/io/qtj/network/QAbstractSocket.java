package io.qtj.network;

import io.qtj.core.QObject;

/** Skeleton holding the enums; replaced by the full socket. */
public class QAbstractSocket extends QObject {
    public enum SocketType { TcpSocket, UdpSocket, SctpSocket, UnknownSocketType }
    public enum NetworkLayerProtocol { IPv4Protocol, IPv6Protocol, AnyIPProtocol, UnknownNetworkLayerProtocol }
    public enum SocketState { UnconnectedState, HostLookupState, ConnectingState, ConnectedState, BoundState, ListeningState, ClosingState }
    public enum SocketError { ConnectionRefusedError, RemoteHostClosedError, HostNotFoundError, SocketAccessError,
        SocketResourceError, SocketTimeoutError, DatagramTooLargeError, NetworkError, AddressInUseError,
        SocketAddressNotAvailableError, UnsupportedSocketOperationError, UnfinishedSocketOperationError,
        ProxyAuthenticationRequiredError, SslHandshakeFailedError, ProxyConnectionRefusedError,
        ProxyConnectionClosedError, ProxyConnectionTimeoutError, ProxyNotFoundError, ProxyProtocolError,
        OperationError, SslInternalError, SslInvalidUserDataError, TemporaryError, UnknownSocketError }
    public enum SocketOption { LowDelayOption, KeepAliveOption, MulticastTtlOption, MulticastLoopbackOption,
        TypeOfServiceOption, SendBufferSizeSocketOption, ReceiveBufferSizeSocketOption, PathMtuSocketOption }
}
