// qt-fortune-client: the reading logic of Qt 5.15's Fortune Client example as
// a console program. Connects, reads one QString (QDataStream, Qt_5_10) with a
// read transaction on each readyRead, prints it as UTF-8 and exits 0.
// On a socket error prints "error: <errorString>" on stderr and exits 1.
//
//   qt-fortune-client --host ADDR --port N [--timeout-ms MS]

#include <QCoreApplication>
#include <QDataStream>
#include <QStringList>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

static void usage()
{
    std::fprintf(stderr, "usage: qt-fortune-client --host ADDR --port N [--timeout-ms MS]\n");
    std::exit(2);
}

static int fail(const QString &message)
{
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    std::fflush(stderr);
    std::_Exit(1);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    QString host;
    int port = -1;
    int timeoutMs = 30000;
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
            port = v.toInt(&ok);
        else if (a == QLatin1String("--timeout-ms"))
            timeoutMs = v.toInt(&ok);
        else
            usage();
        if (!ok)
            usage();
    }
    if (host.isEmpty() || port < 1 || port > 65535)
        usage();

    QTcpSocket socket;
    QDataStream in(&socket);
    in.setVersion(QDataStream::Qt_5_10);
    bool done = false;

    QObject::connect(&socket, &QIODevice::readyRead, [&] {
        // Nothing is consumed unless the whole string has arrived.
        in.startTransaction();
        QString fortune;
        in >> fortune;
        if (!in.commitTransaction())
            return;
        done = true;
        const QByteArray utf8 = fortune.toUtf8();
        std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        socket.abort();
        app.quit();
    });
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, [&](QAbstractSocket::SocketError) {
        if (done)
            return;
        // The server closes right after writing: readyRead has then already
        // delivered the whole fortune. Closing before that is an error.
        fail(socket.errorString());
    });
    QTimer::singleShot(timeoutMs, [&] {
        if (!done)
            fail(QStringLiteral("Socket operation timed out"));
    });

    socket.connectToHost(host, quint16(port));
    return app.exec();
}
