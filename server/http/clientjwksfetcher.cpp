// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientjwksfetcher.h"

#include "jose/jws.h"

#include "store/clock.h"
#include "store/jwkscache.h"
#include "store/registry.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

QStringList configuredJwksUris(const Configuration &configuration)
{
    QStringList uris;
    for (const ClientRegistration &client : configuration.clients) {
        if (!client.jwksUri.isEmpty() && !uris.contains(client.jwksUri)
            && client.allowsAuthenticationMethod(AuthMethod::PrivateKeyJwt)) {
            uris.append(client.jwksUri);
        }
    }
    return uris;
}

} // namespace

ClientJwksFetcher::ClientJwksFetcher(JwksCache &cache, const Clock &clock, Registry *registry)
    : m_cache(cache), m_clock(clock), m_registry(registry)
{
    m_thread.setObjectName(u"jwks-fetch"_s);
    moveToThread(&m_thread);
    m_thread.start();
    m_cache.setFetcher([this](const QString &uri) {
        QMetaObject::invokeMethod(
            this, [this, uri] { start(uri); }, Qt::QueuedConnection);
    });
    if (m_registry) {
        connect(m_registry, &Registry::configurationChanged, this,
            &ClientJwksFetcher::prefetchConfigured);
        prefetchConfigured();
    }
}

ClientJwksFetcher::~ClientJwksFetcher()
{
    m_cache.setFetcher({});
    // The network objects belong to the fetch thread: delete them there, then stop it. Fetches
    // cut short report a failure, so no request waits for them.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_manager) {
                const QList<QNetworkReply *> replies = m_manager->findChildren<QNetworkReply *>();
                for (QNetworkReply *reply : replies)
                    reply->abort();
                delete m_manager;
                m_manager = nullptr;
            }
            // It parsed keys with OpenSSL: free that thread's state before the thread ends
            // (see Jws::releaseThreadState).
            Jws::releaseThreadState();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ClientJwksFetcher::setLimits(int connectTimeoutMSecs, int totalTimeoutMSecs, qint64 maxBytes)
{
    m_connectTimeoutMSecs = connectTimeoutMSecs;
    m_totalTimeoutMSecs = totalTimeoutMSecs;
    m_maxBytes = maxBytes;
}

void ClientJwksFetcher::prefetchConfigured()
{
    if (m_registry)
        m_cache.prefetch(
            configuredJwksUris(m_registry->configuration()), m_clock.currentMSecsSinceEpoch());
}

void ClientJwksFetcher::start(const QString &uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
        || url.host().isEmpty()) {
        m_cache.deliver(uri, std::nullopt, u"%1 is not an http or https URL"_s.arg(uri),
            m_clock.currentMSecsSinceEpoch());
        return;
    }
    if (!m_manager)
        m_manager = new QNetworkAccessManager(this);

    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/jwk-set+json, application/json");
    request.setMaximumRedirectsAllowed(3);
    if (!m_userAgent.isEmpty())
        request.setRawHeader("User-Agent", m_userAgent);
    request.setTransferTimeout(m_totalTimeoutMSecs);
    QNetworkReply *reply = m_manager->get(request);

    // Connect timeout: the request must be on its way (connection made, request written)
    // within it. Total timeout: the whole answer within it.
    auto *connectTimer = new QTimer(reply);
    connectTimer->setSingleShot(true);
    connect(connectTimer, &QTimer::timeout, reply, [this, reply, uri] {
        finish(reply, uri,
            u"no connection to %1 within %2 ms (connect timeout)"_s.arg(uri).arg(
                m_connectTimeoutMSecs));
    });
    connectTimer->start(m_connectTimeoutMSecs);
    connect(reply, &QNetworkReply::requestSent, connectTimer, &QTimer::stop);
    QTimer::singleShot(m_totalTimeoutMSecs, reply, [this, reply, uri] {
        finish(reply, uri,
            u"%1 did not answer within %2 ms (total timeout)"_s.arg(uri).arg(m_totalTimeoutMSecs));
    });

    const auto tooLarge = [this, uri] {
        return u"%1 answered with more than %2 bytes, which is no JWK set (size limit)"_s.arg(uri)
            .arg(m_maxBytes);
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, uri, tooLarge] {
        const qint64 length = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (length > m_maxBytes)
            finish(reply, uri, tooLarge());
    });
    connect(reply, &QNetworkReply::downloadProgress, this,
        [this, reply, uri, tooLarge](qint64 received, qint64) {
            if (received > m_maxBytes)
                finish(reply, uri, tooLarge());
        });
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, uri] { finish(reply, uri, QString()); });
}

void ClientJwksFetcher::finish(QNetworkReply *reply, const QString &uri, const QString &problem)
{
    // Each reply reports once: the first of finished, a timeout or the size limit.
    if (reply->property("reported").toBool())
        return;
    reply->setProperty("reported", true);
    reply->disconnect(this);
    const qint64 now = m_clock.currentMSecsSinceEpoch();
    QString error = problem;
    std::optional<ClientJwkSet> set;
    if (error.isEmpty()) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError) {
            error = u"%1 did not answer within %2 ms (total timeout)"_s.arg(uri).arg(
                m_totalTimeoutMSecs);
        } else if (status == 0) {
            error = u"cannot reach %1: %2"_s.arg(uri, reply->errorString());
        } else if (status != 200) {
            error = u"%1 answered HTTP %2"_s.arg(uri).arg(status);
        } else {
            const QByteArray body = reply->read(m_maxBytes + 1);
            QString parseError;
            if (body.size() > m_maxBytes) {
                error = u"%1 answered with more than %2 bytes, which is no JWK set (size limit)"_s
                            .arg(uri)
                            .arg(m_maxBytes);
            } else if (set = ClientJwks::parse(body, &parseError); !set) {
                error = u"%1: %2"_s.arg(uri, parseError);
            } else if (set->keys.isEmpty()) {
                error = u"the JWK set at %1 has no key that can verify an assertion%2"_s.arg(uri,
                    set->skipped.isEmpty() ? QString()
                                           : u" ("_s + set->skipped.join(u"; "_s) + u")"_s);
                set.reset();
            }
        }
    }
    if (!error.isEmpty())
        set.reset();
    reply->abort();
    reply->deleteLater();
    m_cache.deliver(uri, set, error, now);
}
