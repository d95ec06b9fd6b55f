// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourceserver.h"

#include "authorizationserver.h"
#include "clientjwksfetcher.h"
#include "connectionguard.h"
#include "httpworker.h"
#include "introspectionclient.h"

#include "jose/jws.h"
#include "resource/introspection.h"
#include "resource/introspectioncache.h"
#include "resource/protectedresource.h"
#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcResource, "playground.resource", QtInfoMsg)

ResourceServer::ResourceServer(Registry *registry, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_clock(clock)
    , m_jwksCache(std::make_unique<JwksCache>())
    , m_jwksFetcher(std::make_unique<ClientJwksFetcher>(*m_jwksCache, clock))
    , m_introspection(std::make_unique<IntrospectionCache>())
    , m_introspectionClient(std::make_unique<IntrospectionClient>(*m_introspection, clock))
    , m_resource(std::make_unique<ProtectedResource>())
    , m_budget(std::make_shared<ConnectionBudget>())
{
    qRegisterMetaType<ExchangeRecord>();
    qRegisterMetaType<QList<ExchangeRecord>>();
    m_jwksFetcher->setUserAgent(Introspection::UserAgent);
    m_thread.setObjectName(u"resource-server"_s);
    // The authorization server's connection limits protect this listener too.
    const auto applyLimits = [this] {
        m_budget->setLimits(
            AuthorizationServer::limitsFor(m_registry->snapshot()->configuration.server));
    };
    applyLimits();
    connect(m_registry, &Registry::configurationChanged, this, applyLimits);
}

ResourceServer::~ResourceServer()
{
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker,
            [this] {
                delete m_worker;
                Jws::releaseThreadState();
            },
            Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

void ResourceServer::setAuthorizationServer(AuthorizationServer *server)
{
    Q_ASSERT(!m_worker);
    m_authorizationServer = server;
}

ResourceApi &ResourceServer::api()
{
    return m_resource->api();
}

QString ResourceServer::issuer() const
{
    const AuthorizationServer *server = m_authorizationServer;
    if (server && server->isListening())
        return server->issuer();
    return m_registry->snapshot()->configuration.server.issuer();
}

QString ResourceServer::baseUrl() const
{
    const RegistrySnapshotPtr snapshot = m_registry->snapshot();
    return snapshot->configuration.resourceServer.baseUrl(
        snapshot->configuration.server.hostName, m_port);
}

bool ResourceServer::start(const ResourceServerSettings &settings, QString *error)
{
    QHostAddress address;
    if (settings.bindAddress == "localhost"_L1)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(settings.bindAddress)) {
        if (error)
            *error = u"\"%1\" is not an IP address to bind to."_s.arg(settings.bindAddress);
        return false;
    }
    if (!m_thread.isRunning())
        m_thread.start();
    if (!m_worker) {
        AuthorizationServer *server = m_authorizationServer;
        m_worker = new HttpWorker([this](const HttpRequest &request,
                                      ExchangeRecord *record) { return route(request, record); },
            server ? server->exchangeIds() : m_exchangeIds, m_budget);
        m_worker->moveToThread(&m_thread);
        connect(
            m_worker, &HttpWorker::exchangesRecorded, this,
            [this](const QList<ExchangeRecord> &records) {
                for (const ExchangeRecord &record : records)
                    Q_EMIT exchangeRecorded(record);
            },
            Qt::QueuedConnection);
    }
    quint16 bound = 0;
    QString message;
    QMetaObject::invokeMethod(
        m_worker, [&] { bound = m_worker->listen(address, settings.port, &message); },
        Qt::BlockingQueuedConnection);
    if (bound == 0) {
        qCWarning(lcResource).noquote() << "Resource server:" << message;
        if (error)
            *error = message;
        return false;
    }
    const bool wasListening = isListening();
    m_port = bound;
    if (!wasListening)
        Q_EMIT listeningChanged(true);
    return true;
}

void ResourceServer::stop()
{
    if (!isListening())
        return;
    QMetaObject::invokeMethod(
        m_worker, [this] { m_worker->close(); }, Qt::BlockingQueuedConnection);
    m_port = 0;
    Q_EMIT listeningChanged(false);
}

void ResourceServer::reportPendingExchanges()
{
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [this] { m_worker->reportNow(); }, Qt::BlockingQueuedConnection);
    }
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

HttpResponse ResourceServer::route(const HttpRequest &request, ExchangeRecord *record)
{
    const RegistrySnapshotPtr snapshot = m_registry->snapshot();
    const ServerSettings &server = snapshot->configuration.server;
    record->method = request.method;
    record->path = request.path;
    record->peer = request.peer;
    record->to = ExchangeRecord::Party::ResourceServer;
    // The sequence view groups the call with the token request that issued its bearer token.
    const QByteArray authorization = request.header("Authorization");
    if (authorization.size() > 7
        && authorization.first(7).compare("Bearer ", Qt::CaseInsensitive) == 0)
        record->decision.tokenFingerprint
            = ExchangeDecision::fingerprintOf(QString::fromLatin1(authorization.mid(7).trimmed()));

    HttpResponse response;
    QString outcome;
    if (request.body.size() > server.maxRequestBodyBytes) {
        response.status = 413;
        response.body = R"({"error":"payload_too_large"})"_ba;
        outcome = u"payload_too_large"_s;
    } else {
        ResourceContext context;
        context.settings = snapshot->configuration.resourceServer;
        context.issuer = issuer();
        context.baseUrl = context.settings.baseUrl(server.hostName, m_port);
        context.keys = m_jwksCache.get();
        context.introspection = m_introspection.get();
        context.nowMSecs = m_clock.currentMSecsSinceEpoch();
        ResourceOutcome result = m_resource->handle(request, context);
        if (result.response.retryWhen)
            return std::move(
                result.response); // handled again once the wait ends, and recorded then
        response = std::move(result.response);
        outcome = result.outcome;
        record->decision.clientId = result.clientId;
        record->decision.reason = result.reason;
    }
    response.setHeader("Cache-Control"_ba, "no-store"_ba);

    record->status = response.status;
    record->outcome = outcome;
    record->rawRequest = ExchangeRecord::maskedRequestText(request);
    record->revealedRequest
        = ExchangeRecord::requestText(request, ExchangeRecord::Secrets::Revealed);
    record->rawResponse = ExchangeRecord::responseText(response);
    return response;
}
