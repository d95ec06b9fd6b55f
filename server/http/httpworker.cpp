// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpworker.h"

#include "connectionguard.h"
#include "httpserveradapter.h"
#include "store/clock.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <utility>

HttpWorker::HttpWorker(const Registry &registry, const Clock &clock, TokenStore *tokens,
    std::atomic<quint64> &exchangeIds, std::shared_ptr<ConnectionBudget> budget,
    const ClientAuthServices *clientAuth)
    : HttpWorker(RouteFunction(), exchangeIds, std::move(budget))
{
    m_router = std::make_unique<Router>(registry, clock, tokens, clientAuth);
    m_route = [router = m_router.get()](const HttpRequest &request, ExchangeRecord *record) {
        return router->route(request, record);
    };
}

HttpWorker::HttpWorker(RouteFunction route, std::atomic<quint64> &exchangeIds,
    std::shared_ptr<ConnectionBudget> budget)
    : m_route(std::move(route))
    , m_exchangeIds(exchangeIds)
    , m_budget(std::move(budget))
    , m_reportTimer(this)
{
    m_reportTimer.setSingleShot(true);
    m_reportTimer.setInterval(ReportIntervalMSecs);
    connect(&m_reportTimer, &QTimer::timeout, this, &HttpWorker::reportNow);
}

HttpWorker::~HttpWorker()
{
    close();
}

void HttpWorker::reportNow()
{
    m_reportTimer.stop();
    if (m_unreported.isEmpty())
        return;
    const QList<ExchangeRecord> records = std::exchange(m_unreported, {});
    Q_EMIT exchangesRecorded(records);
}

HttpServerAdapter *HttpWorker::newAdapter()
{
    return new HttpServerAdapter(
        [this](const HttpRequest &request) { return handle(request); }, m_budget, this);
}

void HttpWorker::install(HttpServerAdapter *adapter, quint16 port)
{
    close();
    m_adapter = adapter;
    if (m_router)
        m_router->setBoundPort(port);
    updateDistributor();
}

void HttpWorker::setPeers(const QList<HttpWorker *> &peers)
{
    m_peers = peers;
    m_nextPeer = 0;
    updateDistributor();
}

void HttpWorker::updateDistributor()
{
    if (!m_adapter)
        return;
    if (m_peers.size() < 2) {
        m_adapter->setDistributor({});
        return;
    }
    m_adapter->setDistributor([this](qintptr socketDescriptor) {
        HttpWorker *peer = m_peers.at(m_nextPeer);
        m_nextPeer = (m_nextPeer + 1) % m_peers.size();
        if (peer == this) {
            serveDescriptor(socketDescriptor);
            return;
        }
        QMetaObject::invokeMethod(
            peer, [peer, socketDescriptor] { peer->serveDescriptor(socketDescriptor); },
            Qt::QueuedConnection);
    });
}

void HttpWorker::serveDescriptor(qintptr socketDescriptor)
{
    if (m_adapter) {
        m_adapter->serveDescriptor(socketDescriptor);
        return;
    }
    // Stopped between accept and hand-over: close the connection rather than leak it, and give
    // back the place the budget admitted it to.
    ConnectionGuard::closeDescriptor(socketDescriptor);
    m_budget->release();
}

quint16 HttpWorker::listen(const QHostAddress &address, quint16 port, QString *error)
{
    HttpServerAdapter *adapter = newAdapter();
    const quint16 bound = adapter->listen(address, port, error);
    if (bound == 0) {
        delete adapter;
        return 0;
    }
    install(adapter, bound);
    return bound;
}

bool HttpWorker::adopt(qintptr listeningDescriptor, quint16 port, QString *error)
{
    HttpServerAdapter *adapter = newAdapter();
    if (!adapter->adopt(listeningDescriptor, error)) {
        delete adapter;
        return false;
    }
    install(adapter, port);
    return true;
}

qintptr HttpWorker::listeningDescriptor() const
{
    return m_adapter ? m_adapter->listeningDescriptor() : -1;
}

void HttpWorker::close()
{
    // Deleting the adapter deletes its QTcpServer and, with it, the open connections.
    delete m_adapter;
    m_adapter = nullptr;
    // What was answered before the stop is still reported.
    reportNow();
}

HttpResponse HttpWorker::handle(const HttpRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    ExchangeRecord record;
    record.id = m_exchangeIds.fetch_add(1, std::memory_order_relaxed);
    // A request handled again after a wait starts when it was first taken, not now: an API call
    // comes before the introspection it waited for (issue 11).
    const qint64 now = ExchangeRecord::wallClockMicros();
    record.startedMicros = request.receivedMicros > 0 ? std::min(request.receivedMicros, now) : now;
    record.serverThread = thread()->objectName();
    HttpResponse response = m_route(request, &record);
    // A response that waits is not the exchange's end: the request is handled again (and
    // recorded then).
    if (response.retryWhen)
        return response;
    // Handled again: the exchange lasted from the first attempt, the wait included.
    record.durationMicros = request.mayDefer
        ? timer.nsecsElapsed() / 1000
        : ExchangeRecord::wallClockMicros() - record.startedMicros;
    m_unreported.append(std::move(record));
    if (!m_reportTimer.isActive())
        m_reportTimer.start();
    return response;
}
