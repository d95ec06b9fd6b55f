// SPDX-License-Identifier: GPL-3.0-or-later
#include "jwksfetcher.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

namespace {

// A JWK set of a few keys is a few kilobytes; more than this is not a JWK set.
constexpr qint64 maximumBodyBytes = 1024 * 1024;

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1)
        && !url.host().isEmpty();
}

} // namespace

JwksFetcher::JwksFetcher(QObject *parent)
    : QObject(parent), m_manager(new QNetworkAccessManager(this))
{ }

JwksFetcher::~JwksFetcher()
{
    abort();
}

QList<QUrl> JwksFetcher::discoveryUrls(const QString &issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    if (!isHttpUrl(url) || url.hasQuery() || url.hasFragment()) {
        return {};
    }
    QString path = url.path();
    while (path.endsWith(u'/')) {
        path.chop(1);
    }
    const auto withPath = [&url](const QString &newPath) {
        QUrl result = url;
        result.setPath(newPath);
        return result;
    };
    QList<QUrl> urls;
    // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
    urls.append(withPath(u"/.well-known/oauth-authorization-server"_s + path));
    // OpenID Connect Discovery 1.0 §4: appended to the issuer.
    urls.append(withPath(path + u"/.well-known/openid-configuration"_s));
    if (!path.isEmpty()) {
        // What many servers (Spring Authorization Server among them) also answer.
        urls.append(withPath(path + u"/.well-known/oauth-authorization-server"_s));
    }
    return urls;
}

void JwksFetcher::fetch(const QUrl &url)
{
    abort();
    m_issuer.clear();
    m_pendingMetadata.clear();
    m_attempts.clear();
    if (!isHttpUrl(url)) {
        finishWithError(tr("%1 is not an http or https URL").arg(url.toDisplayString()));
        return;
    }
    get(url, Stage::Document);
}

void JwksFetcher::fetchForIssuer(const QString &issuer)
{
    abort();
    m_issuer = issuer;
    m_pendingMetadata = discoveryUrls(issuer);
    m_attempts.clear();
    if (m_pendingMetadata.isEmpty()) {
        finishWithError(
            tr("the issuer \"%1\" is not an http or https URL, so it has no metadata to find "
               "keys through")
                .arg(issuer));
        return;
    }
    tryNextMetadata();
}

void JwksFetcher::abort()
{
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void JwksFetcher::get(const QUrl &url, Stage stage)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMsecs);
    request.setRawHeader("Accept", "application/json, application/jwk-set+json");
    QNetworkReply *reply = m_manager->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64) {
        if (received > maximumBodyBytes) {
            reply->setProperty("tooLarge", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, stage] {
        if (m_reply != reply) {
            return;
        }
        m_reply.clear();
        reply->deleteLater();
        handleReply(reply, stage);
    });
}

void JwksFetcher::handleReply(QNetworkReply *reply, Stage stage)
{
    const QUrl url = reply->url();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString problem;
    QJsonObject document;
    if (reply->property("tooLarge").toBool()) {
        problem = tr("%1 answered with more than 1 MiB, which is no JWK set")
                      .arg(url.toDisplayString());
    } else if (reply->error() == QNetworkReply::OperationCanceledError
        || reply->error() == QNetworkReply::TimeoutError) {
        problem = tr("%1 did not answer within %2 s")
                      .arg(url.toDisplayString())
                      .arg(m_timeoutMsecs / 1000.0);
    } else if (status != 200) {
        problem = status != 0
            ? tr("%1 answered HTTP %2").arg(url.toDisplayString()).arg(status)
            : tr("cannot reach %1: %2").arg(url.toDisplayString(), reply->errorString());
    } else {
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(reply->readAll(), &parseError);
        if (!json.isObject()) {
            problem = tr("%1 did not answer with a JSON object").arg(url.toDisplayString());
        } else {
            document = json.object();
        }
    }

    switch (stage) {
    case Stage::Metadata: {
        if (problem.isEmpty() && document.value("issuer"_L1).toString() != m_issuer) {
            problem
                = tr("the metadata at %1 is for the issuer \"%2\", not \"%3\" (RFC 8414 §3.3)")
                      .arg(url.toDisplayString(), document.value("issuer"_L1).toString(), m_issuer);
        }
        const QUrl jwksUri
            = url.resolved(QUrl(document.value("jwks_uri"_L1).toString(), QUrl::StrictMode));
        if (problem.isEmpty() && (!document.contains("jwks_uri"_L1) || !isHttpUrl(jwksUri))) {
            problem
                = tr("the metadata at %1 has no usable \"jwks_uri\"").arg(url.toDisplayString());
        }
        if (!problem.isEmpty()) {
            m_attempts.append(problem);
            tryNextMetadata();
            return;
        }
        get(jwksUri, Stage::KeySet);
        return;
    }
    case Stage::Document:
        if (problem.isEmpty() && !document.contains("keys"_L1)
            && document.contains("jwks_uri"_L1)) {
            const QUrl jwksUri
                = url.resolved(QUrl(document.value("jwks_uri"_L1).toString(), QUrl::StrictMode));
            if (isHttpUrl(jwksUri)) {
                get(jwksUri, Stage::KeySet);
                return;
            }
            problem
                = tr("the metadata at %1 has no usable \"jwks_uri\"").arg(url.toDisplayString());
        }
        break;
    case Stage::KeySet:
        break;
    }
    if (!problem.isEmpty()) {
        finishWithError(problem);
        return;
    }
    keysFrom(document, url);
}

void JwksFetcher::tryNextMetadata()
{
    if (m_pendingMetadata.isEmpty()) {
        finishWithError(tr("no metadata of the issuer \"%1\" led to a JWK set: %2")
                            .arg(m_issuer, m_attempts.join(u"; ")));
        return;
    }
    get(m_pendingMetadata.takeFirst(), Stage::Metadata);
}

void JwksFetcher::keysFrom(const QJsonObject &jwks, const QUrl &url)
{
    JwksFetchResult result;
    result.url = url;
    QString error;
    const std::optional<QList<VerificationKey>> keys
        = KeySource::keysFromJwkSet(jwks, &error, &result.skipped);
    if (!keys) {
        result.error = tr("%1: %2").arg(url.toDisplayString(), error);
    } else {
        result.keys = *keys;
        for (VerificationKey &key : result.keys) {
            key.origin = tr("%1 from %2").arg(key.origin, url.toDisplayString());
        }
    }
    Q_EMIT finished(result);
}

void JwksFetcher::finishWithError(const QString &error)
{
    JwksFetchResult result;
    result.error = error;
    Q_EMIT finished(result);
}
