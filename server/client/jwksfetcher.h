// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jwtinspector.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

struct JwksFetchResult
{
    QUrl url; // where the JWK set came from (the "jwks_uri" when metadata led there)
    QList<VerificationKey> keys;
    QStringList skipped; // keys of the set that cannot be used (KeySource::keysFromJwkSet)
    QString error; // empty on success

    bool isOk() const { return error.isEmpty(); }
};

// Fetches verification keys over HTTP(S) for the token inspector: a JWK set at a URL, or the
// JWK set of an issuer found through its metadata. Asynchronous; one fetch at a time, a new one
// replacing the one running. Only http and https are fetched, answers larger than 1 MiB are
// refused, and each request gives up after the timeout (10 s by default).
class JwksFetcher : public QObject
{
    Q_OBJECT
public:
    explicit JwksFetcher(QObject *parent = nullptr);
    ~JwksFetcher() override;

    void setTimeout(int msecs) { m_timeoutMsecs = msecs; }

    // A JWK set at "url"; when the document there is authorization server metadata instead,
    // its "jwks_uri" is followed.
    void fetch(const QUrl &url);
    // The JWK set of "issuer" (a token's "iss"): RFC 8414 metadata, then OpenID Connect
    // Discovery; the metadata's "issuer" must be exactly "issuer" (RFC 8414 §3.3).
    void fetchForIssuer(const QString &issuer);
    void abort();
    bool isRunning() const { return !m_reply.isNull(); }

    // Where the metadata of "issuer" may be, most standard first; empty when "issuer" is not
    // an http(s) URL without query or fragment (RFC 8414 §2).
    static QList<QUrl> discoveryUrls(const QString &issuer);

Q_SIGNALS:
    void finished(const JwksFetchResult &result);

private:
    enum class Stage { Document, Metadata, KeySet };

    void get(const QUrl &url, Stage stage);
    void handleReply(QNetworkReply *reply, Stage stage);
    void tryNextMetadata();
    void keysFrom(const QJsonObject &jwks, const QUrl &url);
    void finishWithError(const QString &error);

    QNetworkAccessManager *m_manager;
    QPointer<QNetworkReply> m_reply;
    int m_timeoutMsecs = 10000;
    QString m_issuer;
    QList<QUrl> m_pendingMetadata;
    QStringList m_attempts; // why each metadata URL did not lead to keys
};
