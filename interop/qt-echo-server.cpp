// qt-echo-server: writes every byte it receives back to the same connection.
// Runs until stdin reaches end-of-file or the process is killed.
//
//   qt-echo-server [--host ADDR] [--port N]

#include <QCoreApplication>
#include <QHostAddress>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

static void usage()
{
    std::fprintf(stderr, "usage: qt-echo-server [--host ADDR] [--port N]\n");
    std::exit(2);
}

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
        else
            usage();
        if (!ok)
            usage();
    }

    QHostAddress address;
    if (!address.setAddress(host)) {
        std::fprintf(stderr, "error: not an IP address: %s\n", qPrintable(host));
        return 1;
    }
    QTcpServer server;
    if (!server.listen(address, port)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        while (QTcpSocket *s = server.nextPendingConnection()) {
            QObject::connect(s, &QIODevice::readyRead, s, [s] { s->write(s->readAll()); });
            QObject::connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
        }
    });

    std::printf("The server is running on IP: %s port: %u\n",
                qPrintable(server.serverAddress().toString()), unsigned(server.serverPort()));
    std::fflush(stdout);

    quitOnStdinEof(&app);
    return app.exec();
}
