// qt-fortune-server: Qt 5.15's Fortune Server example as a console program.
//
// Each incoming connection gets one QString written with QDataStream
// (version Qt_5_10), then the server disconnects. Runs until stdin reaches
// end-of-file or the process is killed.
//
//   qt-fortune-server [--host ADDR] [--port N] [--fortune INDEX]

#include <QCoreApplication>
#include <QDataStream>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <unistd.h>

#include "fortunes.h"

static void usage()
{
    std::fprintf(stderr, "usage: qt-fortune-server [--host ADDR] [--port N] [--fortune 0..%d]\n",
                 kFortuneCount - 1);
    std::exit(2);
}

// Quit the application once stdin is closed (works for pipes, ttys and files).
static void quitOnStdinEof(QCoreApplication *app)
{
    std::thread([app] {
        char buf[256];
        while (::read(STDIN_FILENO, buf, sizeof buf) > 0) {
        }
        QMetaObject::invokeMethod(app, &QCoreApplication::quit, Qt::QueuedConnection);
    }).detach();
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    int fixedFortune = -1;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (i + 1 >= args.size())
            usage();
        const QString v = args.at(++i);
        bool ok = true;
        if (a == QLatin1String("--host"))
            host = v;
        else if (a == QLatin1String("--port"))
            port = v.toUShort(&ok);
        else if (a == QLatin1String("--fortune"))
            fixedFortune = v.toInt(&ok);
        else
            usage();
        if (!ok || fixedFortune >= kFortuneCount || fixedFortune < -1
            || (a == QLatin1String("--fortune") && fixedFortune < 0))
            usage();
    }

    QStringList fortunes;
    for (const char *f : kFortunes)
        fortunes << QString::fromUtf8(f);

    QTcpServer server;
    QHostAddress address;
    if (!address.setAddress(host)) {
        std::fprintf(stderr, "error: not an IP address: %s\n", qPrintable(host));
        return 1;
    }
    if (!server.listen(address, port)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (server.hasPendingConnections()) {
            const int index = fixedFortune >= 0
                    ? fixedFortune
                    : int(QRandomGenerator::global()->bounded(fortunes.size()));
            QByteArray block;
            QDataStream out(&block, QIODevice::WriteOnly);
            out.setVersion(QDataStream::Qt_5_10);
            out << fortunes.at(index);

            QTcpSocket *connection = server.nextPendingConnection();
            QObject::connect(connection, &QAbstractSocket::disconnected,
                             connection, &QObject::deleteLater);
            connection->write(block);
            connection->disconnectFromHost();
        }
    });

    std::printf("The server is running on IP: %s port: %u\n",
                qPrintable(server.serverAddress().toString()), unsigned(server.serverPort()));
    std::fflush(stdout);

    quitOnStdinEof(&app);
    return app.exec();
}
