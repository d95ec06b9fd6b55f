// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationserver.h"

#include "clientjwksfetcher.h"

#include "connectionguard.h"
#include "filelimit.h"
#include "httpworker.h"
#include "jose/jws.h"
#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"
#include "store/replaycache.h"
#include "store/tokenstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcServer, "playground.server", QtInfoMsg)

namespace {

// "localhost" and the usual literals; anything else must be an IP address.
std::optional<QHostAddress> parseBindAddress(const QString &text)
{
    if (text == "localhost"_L1)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

// One worker per core, at most a few: beyond that the RSA work is spread thin and memory grows.
int workerCount()
{
#ifdef Q_OS_UNIX
    return std::clamp(QThread::idealThreadCount(), 1, 4);
#else
    return 1; // sharing a listening socket needs dup(); Windows would need WSADuplicateSocket
#endif
}

} // namespace

AuthorizationServer::AuthorizationServer(Registry *registry, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_clock(clock)
    , m_memoryTokens(std::make_unique<TokenStore>())
    , m_tokens(m_memoryTokens.get())
    , m_replayCache(std::make_unique<ReplayCache>())
    , m_jwksCache(std::make_unique<JwksCache>())
    , m_jwksFetcher(std::make_unique<ClientJwksFetcher>(*m_jwksCache, clock, registry))
    , m_clientAuth {m_replayCache.get(), m_jwksCache.get()}
    , m_budget(std::make_shared<ConnectionBudget>())
{
    qRegisterMetaType<ExchangeRecord>();
    qRegisterMetaType<QList<ExchangeRecord>>();
    FileLimit::raiseSoftLimit();
    applyLimits(m_registry->snapshot()->configuration.server);
    // Timeouts, cap and body limit apply to running servers as soon as they are edited.
    connect(m_registry, &Registry::configurationChanged, this,
        [this] { applyLimits(m_registry->snapshot()->configuration.server); });
    const int count = workerCount();
    for (int i = 0; i < count; ++i) {
        auto worker = std::make_unique<Worker>();
        worker->thread.setObjectName(u"oauth2-server-%1"_s.arg(i));
        m_workers.push_back(std::move(worker));
    }
}

void AuthorizationServer::setTokenStore(TokenStore *tokens)
{
    Q_ASSERT(!isListening());
    m_tokens = tokens ? tokens : m_memoryTokens.get();
}

AuthorizationServer::~AuthorizationServer()
{
    for (const auto &worker : m_workers) {
        if (worker->worker) {
            // The worker and its sockets must die on the thread that owns them.
            runOn(*worker, [&worker] {
                delete worker->worker;
                Jws::releaseThreadState();
            });
            worker->worker = nullptr;
        }
        worker->thread.quit();
        worker->thread.wait();
    }
}

template<typename Function>
void AuthorizationServer::runOn(Worker &worker, Function &&function)
{
    if (!worker.thread.isRunning())
        worker.thread.start();
    if (!worker.worker) {
        worker.worker = new HttpWorker(
            *m_registry, m_clock, m_tokens, m_exchangeIds, m_budget, &m_clientAuth);
        worker.worker->moveToThread(&worker.thread);
        connect(
            worker.worker, &HttpWorker::exchangesRecorded, this,
            [this](const QList<ExchangeRecord> &records) {
                for (const ExchangeRecord &record : records)
                    Q_EMIT exchangeRecorded(record);
            },
            Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(
        worker.worker, std::forward<Function>(function), Qt::BlockingQueuedConnection);
}

bool AuthorizationServer::start(const ServerSettings &settings, QString *error)
{
    const std::optional<QHostAddress> address = parseBindAddress(settings.bindAddress);
    if (!address) {
        if (error)
            *error = u"\"%1\" is not an IP address to bind to."_s.arg(settings.bindAddress);
        return false;
    }

    applyLimits(settings);

    // The first worker binds; a failure leaves every worker serving where it was.
    quint16 bound = 0;
    QString message;
    qintptr listening = -1;
    Worker &first = *m_workers.front();
    runOn(first, [&] {
        bound = first.worker->listen(*address, settings.port, &message);
        listening = first.worker->listeningDescriptor();
    });
    if (bound == 0) {
        qCWarning(lcServer).noquote() << message;
        if (error)
            *error = message;
        return false;
    }
#ifdef Q_OS_UNIX
    // The others hold duplicates of the same socket, so that they count as bound, and serve
    // what the first worker hands them. One that cannot adopt the socket is left out.
    QList<HttpWorker *> serving {first.worker};
    for (size_t i = 1; i < m_workers.size(); ++i) {
        Worker &worker = *m_workers[i];
        runOn(worker, [&] {
            QString adoptError;
            const int duplicate = ::dup(int(listening));
            if (duplicate >= 0 && worker.worker->adopt(duplicate, bound, &adoptError)) {
                serving.append(worker.worker);
            } else {
                worker.worker->close();
                qCWarning(lcServer).noquote() << "Worker" << i << "does not serve:" << adoptError;
            }
        });
    }
    runOn(first, [&] { first.worker->setPeers(serving); });
#else
    Q_UNUSED(listening)
#endif

    const bool wasListening = isListening();
    m_settings = settings;
    m_port = bound;
    qCDebug(lcServer).noquote() << "Listening on" << issuer() << "with" << m_workers.size()
                                << "threads";
    if (!wasListening)
        Q_EMIT listeningChanged(true);
    return true;
}

void AuthorizationServer::stop()
{
    if (!isListening())
        return;
    for (const auto &worker : m_workers) {
        if (worker->worker)
            runOn(*worker, [&worker] { worker->worker->close(); });
    }
    m_port = 0;
    Q_EMIT listeningChanged(false);
}

void AuthorizationServer::reportPendingExchanges()
{
    for (const auto &worker : m_workers) {
        if (worker->worker)
            runOn(*worker, [&worker] { worker->worker->reportNow(); });
    }
    // The workers' reports are queued to this thread: deliver them before returning.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

ConnectionLimits AuthorizationServer::limitsFor(const ServerSettings &settings)
{
    ConnectionLimits limits;
    limits.idleTimeoutMilliseconds = settings.idleTimeoutMilliseconds;
    limits.requestTimeoutMilliseconds = settings.requestTimeoutMilliseconds;
    limits.maxRequestBodyBytes = settings.maxRequestBodyBytes;
    const int ceiling = FileLimit::connectionCeiling();
    limits.maxConnections
        = settings.maxConnections > 0 ? std::min(settings.maxConnections, ceiling) : ceiling;
    return limits;
}

void AuthorizationServer::applyLimits(const ServerSettings &settings)
{
    const ConnectionLimits limits = limitsFor(settings);
    if (settings.maxConnections > limits.maxConnections) {
        qCWarning(lcServer).noquote()
            << u"server.maxConnections %1 is more than the open-file limit (%2) allows; "
               "using %3."_s.arg(settings.maxConnections)
                   .arg(FileLimit::openFileLimit())
                   .arg(limits.maxConnections);
    }
    m_budget->setLimits(limits);
}

int AuthorizationServer::openConnections() const
{
    return m_budget->openConnections();
}

int AuthorizationServer::idleConnections() const
{
    return m_budget->idleConnections();
}

int AuthorizationServer::connectionCap() const
{
    return m_budget->limits().maxConnections;
}

QString AuthorizationServer::issuer() const
{
    // The context path may change while running: read it from the live configuration.
    ServerSettings settings = m_registry->snapshot()->configuration.server;
    return settings.issuer(m_port);
}
