// qt-bench: reference figures from real Qt 5 for qtj's benchmarks.
//
// Every subcommand prints single lines "name value unit" on stdout and
// nothing else there; errors go to stderr as "error: ..." with exit code 1.
// Everything runs on 127.0.0.1 and is bounded by a count and by
// --timeout-ms (default 60000). The in-process workloads run server and client
// in the main thread's event loop, as Qt's Loopback example does.
// MB means 10^6 bytes.
//
//   qt-bench loopback [--bytes N]
//   qt-bench echo     --port N [--host ADDR] [--connections C] [--messages M] [--size S]
//   qt-bench connrate [--cycles N]
//   qt-bench pingpong [--count N] [--port N]
//   qt-bench signals  [--receivers R] [--iterations N] [--max-seconds S]

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", qPrintable(message));
    std::fflush(stderr);
    std::_Exit(1);
}

[[noreturn]] void usage()
{
    std::fprintf(stderr,
                 "usage: qt-bench loopback [--bytes N]\n"
                 "       qt-bench echo --port N [--host ADDR] [--connections C] [--messages M] [--size S]\n"
                 "       qt-bench connrate [--cycles N]\n"
                 "       qt-bench pingpong [--count N] [--port N]\n"
                 "       qt-bench signals [--receivers R] [--iterations N] [--max-seconds S]\n"
                 "  every subcommand also takes --timeout-ms MS (default 60000)\n");
    std::exit(2);
}

void report(const char *name, double value, const char *unit)
{
    std::printf("%s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

void report(const char *name, long long value, const char *unit)
{
    std::printf("%s %lld %s\n", name, value, unit);
    std::fflush(stdout);
}

// "--key value" pairs after the subcommand.
class Options
{
public:
    Options(const QStringList &args, const QStringList &known)
    {
        for (int i = 2; i < args.size(); i += 2) {
            if (i + 1 >= args.size() || !args.at(i).startsWith(QLatin1String("--")))
                usage();
            const QString key = args.at(i).mid(2);
            if (!known.contains(key) && key != QLatin1String("timeout-ms"))
                usage();
            values.insert(key, args.at(i + 1));
        }
    }
    long long number(const char *key, long long fallback, long long min, long long max) const
    {
        const QString v = values.value(QLatin1String(key));
        if (v.isEmpty())
            return fallback;
        bool ok = false;
        const long long n = v.toLongLong(&ok);
        if (!ok || n < min || n > max) {
            std::fprintf(stderr, "--%s must be in %lld..%lld\n", key, min, max);
            usage();
        }
        return n;
    }
    QString text(const char *key, const QString &fallback) const
    {
        return values.value(QLatin1String(key), fallback);
    }

private:
    QHash<QString, QString> values;
};

void armWatchdog(const Options &opt, const char *what)
{
    const int ms = int(opt.number("timeout-ms", 60000, 1, 3600000));
    QTimer::singleShot(ms, qApp, [ms, what] {
        fail(QStringLiteral("%1 timed out after %2 ms").arg(QLatin1String(what)).arg(ms));
    });
}

void listenOnLoopback(QTcpServer &server)
{
    if (!server.listen(QHostAddress::LocalHost, 0))
        fail(server.errorString());
}

void failOnError(QTcpSocket *socket)
{
    QObject::connect(socket, &QAbstractSocket::errorOccurred, socket,
                     [socket](QAbstractSocket::SocketError) { fail(socket->errorString()); });
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// Qt's Loopback example: one client writes N bytes of '@' in 64 KiB payloads,
// keeping at most 4 payloads queued; the server counts and checks them (memcmp).
int loopback(const Options &opt)
{
    const qint64 total = opt.number("bytes", 50 * 1024 * 1024, 1, qint64(1) << 40);
    const qint64 payloadSize = 64 * 1024;
    armWatchdog(opt, "loopback");

    QTcpServer server;
    listenOnLoopback(server);
    QTcpSocket client;
    failOnError(&client);
    const QByteArray payload(int(payloadSize), '@');
    qint64 leftToWrite = total;
    qint64 received = 0;
    QElapsedTimer timer;

    auto writeNext = [&] {
        const qint64 n = std::min(leftToWrite, payloadSize);
        const qint64 written = client.write(payload.constData(), n);
        if (written < 0)
            fail(client.errorString());
        leftToWrite -= written;
    };
    QObject::connect(&client, &QAbstractSocket::connected, writeNext);
    QObject::connect(&client, &QIODevice::bytesWritten, [&](qint64) {
        if (leftToWrite > 0 && client.bytesToWrite() <= 4 * payloadSize)
            writeNext();
    });

    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        QTcpSocket *conn = server.nextPendingConnection();
        if (!conn)
            return;
        server.close();
        failOnError(conn);
        QObject::connect(conn, &QIODevice::readyRead, conn, [&, conn] {
            const QByteArray data = conn->readAll();
            // every byte checked with glibc's vectorised memcmp against the payload, as the
            // Java programs check with Arrays.mismatch: the same small work in each
            for (qint64 off = 0; off < data.size(); off += payloadSize) {
                const qint64 len = std::min(payloadSize, qint64(data.size()) - off);
                if (memcmp(data.constData() + off, payload.constData(), size_t(len)) != 0)
                    fail(QStringLiteral("loopback: corrupted data"));
            }
            received += data.size();
            if (received > total)
                fail(QStringLiteral("loopback: received more than was sent"));
            if (received == total) {
                const double s = seconds(timer);
                report("loopback_bytes", (long long)total, "bytes");
                report("loopback_time", s * 1e3, "ms");
                report("loopback_throughput", double(total) / 1e6 / s, "MB/s");
                qApp->quit();
            }
        });
    });

    timer.start();
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    return qApp->exec();
}

// C connections to an echo server; each keeps one message in flight and sends
// the next when the whole echo has come back. Timed once all are connected.
int echo(const Options &opt)
{
    const QString host = opt.text("host", QStringLiteral("127.0.0.1"));
    const int port = int(opt.number("port", 0, 1, 65535));
    if (port == 0)
        usage();
    const int connections = int(opt.number("connections", 16, 1, 1000));
    const long long messages = opt.number("messages", 1000, 1, 100000000);
    const int size = int(opt.number("size", 1024, 1, 16 * 1024 * 1024));
    armWatchdog(opt, "echo");

    struct Conn {
        QTcpSocket socket;
        long long sent = 0;
        qint64 pending = 0;
    };
    std::vector<std::unique_ptr<Conn>> conns;
    const QByteArray payload(size, 'e');
    int connected = 0;
    int finished = 0;
    QElapsedTimer timer;

    auto sendOne = [&](Conn *c) {
        c->pending = size;
        ++c->sent;
        if (c->socket.write(payload) != size)
            fail(c->socket.errorString());
    };
    for (int i = 0; i < connections; ++i) {
        conns.emplace_back(new Conn);
        Conn *c = conns.back().get();
        failOnError(&c->socket);
        QObject::connect(&c->socket, &QAbstractSocket::connected, [&] {
            if (++connected < connections)
                return;
            timer.start();
            for (auto &each : conns)
                sendOne(each.get());
        });
        QObject::connect(&c->socket, &QIODevice::readyRead, [&, c] {
            c->pending -= c->socket.readAll().size();
            if (c->pending > 0)
                return;
            if (c->pending < 0)
                fail(QStringLiteral("echo: received more than was sent"));
            if (c->sent < messages) {
                sendOne(c);
                return;
            }
            if (++finished < connections)
                return;
            const double s = seconds(timer);
            const long long total = messages * connections;
            report("echo_connections", (long long)connections, "connections");
            report("echo_messages", total, "messages");
            report("echo_time", s * 1e3, "ms");
            report("echo_rate", double(total) / s, "messages/s");
            report("echo_throughput", double(total) * size / 1e6 / s, "MB/s");
            for (auto &each : conns) {
                QObject::disconnect(&each->socket, nullptr, nullptr, nullptr);
                each->socket.abort();
            }
            qApp->quit();
        });
        c->socket.connectToHost(host, quint16(port));
    }
    return qApp->exec();
}

// Connect, accept, close both ends; one cycle at a time.
int connrate(const Options &opt)
{
    const long long cycles = opt.number("cycles", 1000, 1, 1000000);
    armWatchdog(opt, "connrate");

    QTcpServer server;
    listenOnLoopback(server);
    const quint16 port = server.serverPort();
    QTcpSocket *client = nullptr;
    QTcpSocket *accepted = nullptr;
    bool clientUp = false;
    long long done = 0;
    QElapsedTimer timer;
    std::function<void()> startCycle;

    auto maybeFinishCycle = [&] {
        if (!clientUp || !accepted)
            return;
        // the server side first, as the Java programs (see ConnRateBenchmark)
        accepted->close();
        accepted->deleteLater();
        client->close();
        client->deleteLater();
        client = nullptr;
        accepted = nullptr;
        if (++done < cycles) {
            startCycle();
            return;
        }
        const double s = seconds(timer);
        report("connrate_cycles", done, "cycles");
        report("connrate_time", s * 1e3, "ms");
        report("connrate_rate", double(done) / s, "cycles/s");
        qApp->quit();
    };
    startCycle = [&] {
        clientUp = false;
        client = new QTcpSocket;
        failOnError(client);
        QObject::connect(client, &QAbstractSocket::connected, [&] {
            clientUp = true;
            maybeFinishCycle();
        });
        client->connectToHost(QHostAddress::LocalHost, port);
    };
    QObject::connect(&server, &QTcpServer::newConnection, [&] {
        if (accepted)
            fail(QStringLiteral("connrate: unexpected second connection"));
        accepted = server.nextPendingConnection();
        maybeFinishCycle();
    });

    timer.start();
    startCycle();
    return qApp->exec();
}

// 1-byte round trips, one at a time, against an in-process echo server (or
// the one on --port). The first 100 (at most count/10) are warm-up.
int pingpong(const Options &opt)
{
    const long long count = opt.number("count", 10000, 1, 10000000);
    const int externalPort = int(opt.number("port", 0, 0, 65535));
    const long long warmup = std::min(100LL, count / 10);
    armWatchdog(opt, "pingpong");

    QTcpServer server;
    quint16 port = quint16(externalPort);
    if (port == 0) {
        listenOnLoopback(server);
        port = server.serverPort();
        QObject::connect(&server, &QTcpServer::newConnection, [&] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                QObject::connect(s, &QIODevice::readyRead, s, [s] { s->write(s->readAll()); });
                QObject::connect(s, &QAbstractSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    QTcpSocket client;
    failOnError(&client);
    std::vector<qint64> rtts;
    rtts.reserve(size_t(count));
    long long round = 0;
    QElapsedTimer clock;
    qint64 sentAt = 0;
    auto ping = [&] {
        sentAt = clock.nsecsElapsed();
        if (client.write("!", 1) != 1)
            fail(client.errorString());
    };
    QObject::connect(&client, &QAbstractSocket::connected, ping);
    QObject::connect(&client, &QIODevice::readyRead, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 n = client.readAll().size();
        if (n != 1)
            fail(QStringLiteral("pingpong: expected 1 byte, got %1").arg(n));
        if (round++ >= warmup)
            rtts.push_back(now - sentAt);
        if (round < warmup + count) {
            ping();
            return;
        }
        std::sort(rtts.begin(), rtts.end());
        const size_t p99 = size_t(std::ceil(0.99 * double(rtts.size()))) - 1;
        double sum = 0;
        for (qint64 r : rtts)
            sum += double(r);
        report("pingpong_count", (long long)rtts.size(), "round-trips");
        report("pingpong_median", double(rtts[(rtts.size() - 1) / 2]) / 1e3, "us");
        report("pingpong_p99", double(rtts[p99]) / 1e3, "us");
        report("pingpong_mean", sum / double(rtts.size()) / 1e3, "us");
        client.disconnect();
        client.abort();
        qApp->quit();
    });

    clock.start();
    client.connectToHost(QHostAddress::LocalHost, port);
    return qApp->exec();
}

} // namespace

// A signal with one int argument; the receivers are plain member functions.
class Emitter : public QObject
{
    Q_OBJECT
signals:
    void valueChanged(int value);
};

class Receiver : public QObject
{
public:
    long long sum = 0;
    void onValue(int value) { sum += value; }
};

namespace {

int signalsBench(const Options &opt)
{
    const int receivers = int(opt.number("receivers", 1, 1, 1000));
    const long long iterations = opt.number("iterations", 10000000, 1, 10000000000LL);
    const double maxSeconds = double(opt.number("max-seconds", 10, 1, 3600));

    Emitter emitter;
    std::vector<std::unique_ptr<Receiver>> rs;
    for (int i = 0; i < receivers; ++i) {
        rs.emplace_back(new Receiver);
        QObject::connect(&emitter, &Emitter::valueChanged, rs.back().get(), &Receiver::onValue,
                         Qt::DirectConnection);
    }

    long long expected = 0;
    auto run = [&](long long n) {
        for (long long i = 0; i < n; ++i) {
            emit emitter.valueChanged(int(i & 0xff));
            expected += i & 0xff;
        }
    };
    run(std::min(iterations / 10 + 1, 1000000LL)); // warm-up

    QElapsedTimer timer;
    timer.start();
    long long done = 0;
    const long long chunk = 100000;
    while (done < iterations && seconds(timer) < maxSeconds) {
        const long long n = std::min(chunk, iterations - done);
        run(n);
        done += n;
    }
    const double ns = double(timer.nsecsElapsed());
    for (auto &r : rs) {
        if (r->sum != expected)
            fail(QStringLiteral("signals: a receiver missed calls"));
    }
    report("signals_receivers", (long long)receivers, "receivers");
    report("signals_iterations", done, "emits");
    report("signals_emit", ns / double(done), "ns/op");
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2)
        usage();
    const QString cmd = args.at(1);
    if (cmd == QLatin1String("loopback"))
        return loopback(Options(args, {QStringLiteral("bytes")}));
    if (cmd == QLatin1String("echo"))
        return echo(Options(args, {QStringLiteral("host"), QStringLiteral("port"),
                                   QStringLiteral("connections"), QStringLiteral("messages"),
                                   QStringLiteral("size")}));
    if (cmd == QLatin1String("connrate"))
        return connrate(Options(args, {QStringLiteral("cycles")}));
    if (cmd == QLatin1String("pingpong"))
        return pingpong(Options(args, {QStringLiteral("count"), QStringLiteral("port")}));
    if (cmd == QLatin1String("signals"))
        return signalsBench(Options(args, {QStringLiteral("receivers"),
                                           QStringLiteral("iterations"),
                                           QStringLiteral("max-seconds")}));
    usage();
}

#include "qt-bench.moc"
