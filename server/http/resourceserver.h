// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "store/resourceserversettings.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

class AuthorizationServer;
class ClientJwksFetcher;
class Clock;
class ConnectionBudget;
class HttpWorker;
class IntrospectionCache;
class IntrospectionClient;
class JwksCache;
class ProtectedResource;
class Registry;
class ResourceApi;

// The sample resource server (the series' ms-system API, default
// http://localhost:8091/ms-system): a second listener with its own thread, on the same adapter,
// connection guard and exchange records as the authorization server. Its decisions are
// server/resource/ProtectedResource's; this class gives them what they wait for:
//  - the authorization server's JWK set, fetched over HTTP by a ClientJwksFetcher into a
//    JwksCache of its own (cached; fetched again for an unknown kid, once per cooldown);
//  - introspection calls over HTTP, sent by an IntrospectionClient;
// and a request waiting for either is answered later through HttpResponse::retryWhen, so the
// thread never blocks on the network. Both calls carry the User-Agent
// "oauth2-playground-resource-server", so the authorization server's own records of them (in
// the same traffic log, masked alike) say who called.
//
// Settings other than the address and port are read from the registry on every request, so a
// changed scope or validation mode applies to the next request.
class ResourceServer : public QObject
{
    Q_OBJECT
public:
    ResourceServer(Registry *registry, const Clock &clock, QObject *parent = nullptr);
    ~ResourceServer() override;

    // The authorization server whose tokens it accepts: its issuer is read on every request (the
    // port it bound). Without one, or while it is not listening, the configured issuer. Before
    // start(); the server must outlive this one.
    void setAuthorizationServer(AuthorizationServer *server);

    // Listens on settings.bindAddress:settings.port (0 picks a free port). On failure returns
    // false with *error and leaves a running listener untouched.
    bool start(const ResourceServerSettings &settings, QString *error = nullptr);
    void stop();
    // Delivers every exchange answered so far, now (see AuthorizationServer).
    void reportPendingExchanges();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    // http://{server.hostName}:{port}{resourceServer.contextPath}
    QString baseUrl() const;
    // The issuer whose tokens it accepts now.
    QString issuer() const;

    JwksCache &jwksCache() { return *m_jwksCache; }
    IntrospectionCache &introspectionCache() { return *m_introspection; }
    ResourceApi &api();

Q_SIGNALS:
    // Queued from the server thread.
    void exchangeRecorded(const ExchangeRecord &record);
    void listeningChanged(bool listening);

private:
    HttpResponse route(const HttpRequest &request, ExchangeRecord *record); // server thread

    Registry *m_registry;
    const Clock &m_clock;
    std::atomic<AuthorizationServer *> m_authorizationServer = nullptr;
    std::unique_ptr<JwksCache> m_jwksCache;
    std::unique_ptr<ClientJwksFetcher> m_jwksFetcher;
    std::unique_ptr<IntrospectionCache> m_introspection;
    std::unique_ptr<IntrospectionClient> m_introspectionClient;
    std::unique_ptr<ProtectedResource> m_resource;
    std::shared_ptr<ConnectionBudget> m_budget;
    std::atomic<quint64> m_exchangeIds {1};
    QThread m_thread;
    HttpWorker *m_worker = nullptr;
    std::atomic<quint16> m_port = 0;
};
