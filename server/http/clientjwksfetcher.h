// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>

class Clock;
class JwksCache;
class QNetworkAccessManager;
class QNetworkReply;
class Registry;

// Fetches the JWK sets of the clients that register a "jwksUri" (private_key_jwt) for the
// JwksCache, on a thread of its own, so no request thread ever waits on the network.
//
// The sets named by the configuration are fetched when it is applied (at construction and on
// every Registry::configurationChanged), so a client's first assertion usually finds its keys
// ready. A fetch gives up when the connection and request are not through within the connect
// timeout, when the whole answer has not arrived within the total timeout, or when the answer is
// larger than the size limit; each failure says which, and the cache keeps its older keys. Only
// http and https URLs are fetched, with at most 3 redirects.
class ClientJwksFetcher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultConnectTimeoutMSecs = 2000;
    static constexpr int DefaultTotalTimeoutMSecs = 5000;
    // A JWK set of a few keys is a few kilobytes.
    static constexpr qint64 DefaultMaxBytes = 256 * 1024;

    // Installs itself as "cache"'s fetcher. "registry" may be null (tests that call the cache).
    ClientJwksFetcher(JwksCache &cache, const Clock &clock, Registry *registry = nullptr);
    ~ClientJwksFetcher() override;

    // Before the first fetch (tests).
    void setLimits(int connectTimeoutMSecs, int totalTimeoutMSecs, qint64 maxBytes);

    // Sent with every fetch (the resource server's, so the authorization server's traffic log
    // says who fetched); none when empty. Before the first fetch.
    void setUserAgent(const QByteArray &userAgent) { m_userAgent = userAgent; }

    // Prefetches the JWK set URIs of the registry's current configuration.
    void prefetchConfigured();

private:
    void start(const QString &uri); // on the fetch thread
    void finish(QNetworkReply *reply, const QString &uri, const QString &problem);

    JwksCache &m_cache;
    const Clock &m_clock;
    Registry *m_registry;
    QThread m_thread;
    QNetworkAccessManager *m_manager = nullptr; // created on the fetch thread
    int m_connectTimeoutMSecs = DefaultConnectTimeoutMSecs;
    int m_totalTimeoutMSecs = DefaultTotalTimeoutMSecs;
    qint64 m_maxBytes = DefaultMaxBytes;
    QByteArray m_userAgent;
};
