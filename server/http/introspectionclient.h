// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QThread>

class Clock;
class IntrospectionCache;
class QNetworkAccessManager;
class QNetworkReply;
struct IntrospectionCall;

// Sends the resource server's introspection calls (RFC 7662) to the authorization server over
// HTTP, on a thread of its own, and delivers each answer to the IntrospectionCache, so no request
// thread waits on the network (the requests wait through HttpResponse::retryWhen). A call gives
// up, and says why, when it is not through within the connect timeout or the whole answer within
// the total timeout, or when the answer is larger than the size limit.
class IntrospectionClient final : public QObject
{
    Q_OBJECT
public:
    static constexpr int ConnectTimeoutMSecs = 2000;
    static constexpr int TotalTimeoutMSecs = 5000;
    static constexpr qint64 MaxBytes = 64 * 1024;

    // Installs itself as "cache"'s caller.
    IntrospectionClient(IntrospectionCache &cache, const Clock &clock);
    ~IntrospectionClient() override;

private:
    void send(const QByteArray &token, const IntrospectionCall &call); // on the client's thread
    void finish(QNetworkReply *reply, const QByteArray &token, const QString &problem);

    IntrospectionCache &m_cache;
    const Clock &m_clock;
    QThread m_thread;
    QNetworkAccessManager *m_manager = nullptr; // created on the client's thread
};
