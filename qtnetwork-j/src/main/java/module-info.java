/**
 * qtnetwork-j: Qt's TCP networking (QTcpServer, QTcpSocket, QHostAddress, QHostInfo, QNetworkProxy)
 * on top of qtcore-j's event loop.
 */
module io.qtj.network {
    requires transitive io.qtj.core;
    exports io.qtj.network;
}
