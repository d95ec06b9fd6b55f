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
    QNetworkRequest request;
    // The server's URLs name it "localhost" (its issuer, by design); the test connects to
    // 127.0.0.1, so that it does not depend on how "localhost" resolves (on a machine without
    // it in /etc/hosts, only after a DNS timeout, if at all). The Host header stays as written.
    QUrl target = url;
    if (url.host().compare(u"localhost"_s, Qt::CaseInsensitive) == 0) {
        target.setHost(u"127.0.0.1"_s);
        bool hasHost = false;
        for (const auto &[name, value] : headers)
            hasHost = hasHost || name.compare("Host"_ba, Qt::CaseInsensitive) == 0;
        if (!hasHost)
            request.setRawHeader("Host"_ba,
                url.port() < 0 ? "localhost"_ba : "localhost:"_ba + QByteArray::number(url.port()));
    }
    request.setUrl(target);
    // Every request is on its own: no cached connection state or credentials between cases.
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    // Redirects and cookies are the test's to see and send: none followed, stored or added.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
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
