// SPDX-License-Identifier: GPL-3.0-or-later
// The token store's cost per token, apart from the HTTP server: adds N tokens shaped like the
// seed's JWT access tokens to a store on a file, waits until they are on disk, and prints
//  - the request path's cost (add() as a token endpoint calls it), in microseconds per token;
//  - the writer thread's CPU time per token (process CPU minus the adding thread's);
//  - the file's size per token.
// On the two-core machine the server saturates, the writer's CPU is taken from signing, so its
// per-token figure against the sign cost tells the throughput the store costs. Not a test.
//
// Usage: playground-tokenstore [N [RATE]]   (default 100000 tokens, as fast as possible; RATE
// tokens per second paces the adds as a server under load does, so the writer's batches have the
// size they have there)
#include "store/tokenstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <thread>

using namespace Qt::Literals::StringLiterals;

namespace {

double cpuSeconds(int who)
{
    rusage usage {};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A JWT of the seed's size (header, payload with jti, signature: about 830 characters).
QString tokenValue(qsizetype i)
{
    QString value = u"eyJraWQiOiJrZXkiLCJhbGciOiJSUzI1NiJ9."_s;
    value += QString::number(i, 36).rightJustified(16, u'A');
    value += QString(420, u'p');
    value += u'.';
    value += QString(342, u's');
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qsizetype count = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100000;
    const qint64 rate = argc > 2 ? QByteArray(argv[2]).toLongLong() : 0;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"tokens.sqlite"_s);
    QString error;
    const qint64 now = 1'800'000'000;
    auto store = TokenStore::open(path, now, &error, count + 1);
    if (!store) {
        std::fprintf(stderr, "cannot open the store: %s\n", qPrintable(error));
        return 1;
    }

    QList<StoredToken> tokens;
    tokens.reserve(count);
    for (qsizetype i = 0; i < count; ++i) {
        StoredToken token;
        token.value = tokenValue(i);
        token.tokenId = QString::number(i, 16).rightJustified(32, u'0');
        token.format = u"self-contained"_s;
        token.clientId = u"service-client-jwt"_s;
        token.subject = u"service-client-jwt"_s;
        token.scopes = {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
        token.audience = {u"service-client-jwt"_s};
        token.issuer = u"http://localhost:8085/ms-auth-server"_s;
        token.issuedAt = now;
        token.expiresAt = now + 14400;
        tokens.append(std::move(token));
    }

    const double processBefore = cpuSeconds(RUSAGE_SELF);
    const double threadBefore = cpuSeconds(RUSAGE_THREAD);
    QElapsedTimer wall;
    wall.start();
    for (qsizetype i = 0; i < count; ++i) {
        store->add(tokens.at(i));
        // Paced: token i is due at i / rate seconds.
        if (rate > 0) {
            const qint64 dueNs = i * 1'000'000'000 / rate;
            const qint64 aheadNs = dueNs - wall.nsecsElapsed();
            if (aheadNs > 200'000)
                std::this_thread::sleep_for(std::chrono::nanoseconds(aheadNs));
        }
    }
    const qint64 addNs = wall.nsecsElapsed();
    const double threadAfterAdd = cpuSeconds(RUSAGE_THREAD);
    store->flush();
    const qint64 flushedNs = wall.nsecsElapsed();
    const double processAfter = cpuSeconds(RUSAGE_SELF);
    const double threadAfter = cpuSeconds(RUSAGE_THREAD);

    const double writerCpu = (processAfter - processBefore) - (threadAfter - threadBefore);
    const double perToken = 1e6 / double(count);
    std::printf("tokens                 %lld\n", static_cast<long long>(count));
    std::printf("add() per token        %.2f us CPU\n", (threadAfterAdd - threadBefore) * perToken);
    std::printf("adding took            %.0f ms\n", double(addNs) / 1e6);
    std::printf("writer CPU per token   %.2f us\n", writerCpu * perToken);
    std::printf("until all on disk      %.0f ms\n", double(flushedNs) / 1e6);
    store.reset();
    std::printf("file bytes per token   %.0f\n", double(QFileInfo(path).size()) / double(count));
    return 0;
}
