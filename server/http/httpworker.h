// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "router.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

struct ClientAuthServices;
class Clock;
class TokenStore;
class ConnectionBudget;
class HttpServerAdapter;
class Registry;

// Lives on one server thread: owns a QHttpServer adapter and a router (the authorization
// server's, or another route function: the resource server's), times each exchange and reports
// it. Only AuthorizationServer and ResourceServer talk to it, through blocking queued calls.
class HttpWorker : public QObject
{
    Q_OBJECT
public:
    // budget: the connections of all workers of one server (cap, idle list, count).
    // clientAuth: the stores shared by all workers for the JWT client-authentication methods.
    HttpWorker(const Registry &registry, const Clock &clock, TokenStore *tokens,
        std::atomic<quint64> &exchangeIds, std::shared_ptr<ConnectionBudget> budget,
        const ClientAuthServices *clientAuth = nullptr);
    // Every request goes to "route", which fills the record (everything but id and timing), as
    // Router::route does.
    using RouteFunction = std::function<HttpResponse(const HttpRequest &, ExchangeRecord *)>;
    HttpWorker(RouteFunction route, std::atomic<quint64> &exchangeIds,
        std::shared_ptr<ConnectionBudget> budget);
    ~HttpWorker() override;

    // On the worker's thread. Binds a new listener first and only then drops the old one, so a
    // failed re-bind leaves the running server serving.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    // Accepts from a duplicate of another worker's listening socket (see AuthorizationServer).
    bool adopt(qintptr listeningDescriptor, quint16 port, QString *error);
    qintptr listeningDescriptor() const;
    void close();

    // The workers that share the load, this one included. The worker that listens hands each
    // accepted connection to the next of them in turn (a connection then stays on its thread).
    void setPeers(const QList<HttpWorker *> &peers);
    // Serves a connection another worker accepted; on this worker's thread.
    void serveDescriptor(qintptr socketDescriptor);
    // Reports the exchanges answered so far without waiting for the interval; on this thread.
    void reportNow();

    // How long a finished exchange may wait before it is reported. Exchanges are reported in
    // batches, at most one signal per interval and worker, so that a burst of requests wakes the
    // receiving thread (the window, or headless mode's log) a few dozen times a second rather
    // than once per request; that wake-up and its context switch cost more than the report.
    static constexpr int ReportIntervalMSecs = 20;

Q_SIGNALS:
    // Finished exchanges, in the order they finished on this worker.
    void exchangesRecorded(const QList<ExchangeRecord> &records);

private:
    HttpServerAdapter *newAdapter();
    void install(HttpServerAdapter *adapter, quint16 port);
    void updateDistributor();
    HttpResponse handle(const HttpRequest &request);

    std::unique_ptr<Router> m_router; // null with a route function of its own
    RouteFunction m_route;
    HttpServerAdapter *m_adapter = nullptr;
    std::atomic<quint64> &m_exchangeIds;
    std::shared_ptr<ConnectionBudget> m_budget;
    QList<HttpWorker *> m_peers;
    qsizetype m_nextPeer = 0;
    QList<ExchangeRecord> m_unreported;
    QTimer m_reportTimer;
};
