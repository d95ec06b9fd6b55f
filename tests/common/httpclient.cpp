// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

QByteArray HttpResult::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpResult HttpClient::send(
    const QByteArray &method, const QUrl &url, const Headers &headers, const QByteArray &body)
{
    QNetworkRequest request(url);
    // Every request is on its own: no cached connection state or credentials between cases.
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = m_manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(30000);
    loop.exec();

    HttpResult result;
    if (!reply->isFinished()) {
        result.networkError = u"timed out"_s;
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    if (result.status == 0)
        result.networkError = reply->errorString();
    reply->deleteLater();
    return result;
}

HttpResult HttpClient::postForm(const QUrl &url, const QByteArray &body, const Headers &extra)
{
    Headers headers {{"Content-Type"_ba, "application/x-www-form-urlencoded"_ba}};
    headers += extra;
    return send("POST"_ba, url, headers, body);
}
