// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "oauth/clientauth/clientauthservices.h"
#include "store/configuration.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

class ClientJwksFetcher;
class TokenStore;
class Clock;
class ConnectionBudget;
class HttpWorker;
class JwksCache;
class ReplayCache;
struct ConnectionLimits;
class Registry;

// The embedded authorization server: QHttpServers that live, route and listen on their own
// threads, so a burst of requests never freezes the window and the window never slows the server.
// Reads clients, scopes and keys from the Registry's snapshots, so edits apply without a restart.
//
// Signing a token costs a whole RSA private-key operation, so one thread caps the server at one
// core's sign rate. Where sockets can be duplicated (Unix), every worker thread accepts from a
// duplicate of the one listening socket and the kernel hands each new connection to one of them.
//
// Every connection counts against one budget for all threads, with the idle and request timeouts,
// connection cap and body limit of ServerSettings (applied at start() and whenever the
// registry's configuration changes); see ConnectionGuard. The soft open-file limit is raised to
// the hard limit when the first server is created.
class AuthorizationServer : public QObject
{
    Q_OBJECT
public:
    explicit AuthorizationServer(Registry *registry, const Clock &clock, QObject *parent = nullptr);
    ~AuthorizationServer() override;

    // The issued tokens (introspection, revocation, the window's list). Without a call to
    // setTokenStore() (before start(), the store outliving the server) they are kept in memory.
    void setTokenStore(TokenStore *tokens);
    TokenStore *tokenStore() const { return m_tokens; }

    // Listens on settings.bindAddress:settings.port (0 picks a free port). Blocks only for the
    // bind itself. On failure returns false, sets *error ("Port 8085 on 127.0.0.1 is already in
    // use") and leaves a server that was running untouched.
    bool start(const ServerSettings &settings, QString *error = nullptr);
    void stop();
    // Exchanges reach exchangeRecorded() in batches, up to HttpWorker::ReportIntervalMSecs
    // after they were answered. This delivers every exchange answered so far, now.
    void reportPendingExchanges();

    bool isListening() const { return m_port != 0; }
    int threadCount() const { return int(m_workers.size()); }
    quint16 port() const { return m_port; }
    QString issuer() const;
    ServerSettings settings() const { return m_settings; }

    // Connections open now over all worker threads (accepted and not yet closed).
    int openConnections() const;
    // Of those, the ones with no request in progress (closed first at the cap).
    int idleConnections() const;
    // The connection cap in force: server.maxConnections, or derived from the open-file limit
    // when it is 0, and never above what that limit allows.
    int connectionCap() const;
    static ConnectionLimits limitsFor(const ServerSettings &settings);

    // The stores the JWT client-authentication methods share over all worker threads: the jti
    // of accepted assertions, and the JWK sets of clients with a jwksUri (fetched ahead when the
    // configuration is applied, by the fetcher on its own thread).
    ReplayCache &replayCache() { return *m_replayCache; }
    JwksCache &jwksCache() { return *m_jwksCache; }
    ClientJwksFetcher &jwksFetcher() { return *m_jwksFetcher; }
    // Numbers the exchanges; the resource server numbers its own from it too, so ids are unique
    // in one traffic log.
    std::atomic<quint64> &exchangeIds() { return m_exchangeIds; }

Q_SIGNALS:
    // Queued from the server thread.
    void exchangeRecorded(const ExchangeRecord &record);
    void listeningChanged(bool listening);

private:
    Registry *m_registry;
    const Clock &m_clock;
    std::unique_ptr<TokenStore> m_memoryTokens;
    TokenStore *m_tokens = nullptr;
    struct Worker
    {
        QThread thread;
        HttpWorker *worker = nullptr;
    };
    template<typename Function>
    void runOn(Worker &worker, Function &&function);
    void applyLimits(const ServerSettings &settings);

    // Declared before the workers: they outlive every request that uses them.
    std::unique_ptr<ReplayCache> m_replayCache;
    std::unique_ptr<JwksCache> m_jwksCache;
    std::unique_ptr<ClientJwksFetcher> m_jwksFetcher;
    ClientAuthServices m_clientAuth;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::atomic<quint64> m_exchangeIds {1};
    std::shared_ptr<ConnectionBudget> m_budget;
    ServerSettings m_settings;
    // Atomic: the resource server's thread reads it (issuer()) for the tokens it checks.
    std::atomic<quint16> m_port = 0;
};
