// SPDX-License-Identifier: GPL-3.0-or-later
#include "introspectionclient.h"

#include "resource/introspectioncache.h"
#include "store/clock.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

IntrospectionClient::IntrospectionClient(IntrospectionCache &cache, const Clock &clock)
    : m_cache(cache), m_clock(clock)
{
    m_thread.setObjectName(u"introspection"_s);
    moveToThread(&m_thread);
    m_thread.start();
    m_cache.setCaller([this](const QByteArray &token, const IntrospectionCall &call) {
        QMetaObject::invokeMethod(
            this, [this, token, call] { send(token, call); }, Qt::QueuedConnection);
    });
}

IntrospectionClient::~IntrospectionClient()
{
    m_cache.setCaller({});
    // The network objects belong to the client's thread: delete them there. Calls cut short
    // report a failure, so no request waits for them.
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
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void IntrospectionClient::send(const QByteArray &token, const IntrospectionCall &call)
{
    if (!m_manager)
        m_manager = new QNetworkAccessManager(this);
    const QUrl url(call.url);
    QNetworkRequest request(url);
    for (const auto &[name, value] : call.headers)
        request.setRawHeader(name, value);
    request.setTransferTimeout(TotalTimeoutMSecs);
    QNetworkReply *reply = m_manager->post(request, call.body);

    auto *connectTimer = new QTimer(reply);
    connectTimer->setSingleShot(true);
    connect(connectTimer, &QTimer::timeout, reply, [this, reply, token, url] {
        finish(reply, token,
            u"no connection to %1 within %2 ms"_s.arg(url.toString()).arg(ConnectTimeoutMSecs));
    });
    connectTimer->start(ConnectTimeoutMSecs);
    connect(reply, &QNetworkReply::requestSent, connectTimer, &QTimer::stop);
    QTimer::singleShot(TotalTimeoutMSecs, reply, [this, reply, token, url] {
        finish(reply, token,
            u"%1 did not answer within %2 ms"_s.arg(url.toString()).arg(TotalTimeoutMSecs));
    });
    connect(reply, &QNetworkReply::downloadProgress, this,
        [this, reply, token](qint64 received, qint64) {
            if (received > MaxBytes) {
                finish(reply, token,
                    u"the introspection answer is larger than %1 bytes"_s.arg(MaxBytes));
            }
        });
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, token] { finish(reply, token, QString()); });
}

void IntrospectionClient::finish(
    QNetworkReply *reply, const QByteArray &token, const QString &problem)
{
    // Each reply reports once: the first of finished, a timeout or the size limit.
    if (reply->property("reported").toBool())
        return;
    reply->setProperty("reported", true);
    reply->disconnect(this);
    QString error = problem;
    std::optional<IntrospectionAnswer> answer;
    if (error.isEmpty()) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            error = u"cannot reach %1: %2"_s.arg(reply->url().toString(), reply->errorString());
        } else {
            answer = Introspection::parse(status, reply->read(MaxBytes + 1), &error);
        }
    }
    reply->abort();
    reply->deleteLater();
    m_cache.deliver(token, answer, error, m_clock.currentMSecsSinceEpoch());
}
