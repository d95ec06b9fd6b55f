// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// A blocking helper over QNetworkAccessManager for black-box tests: sends one request over
// loopback and waits (with the event loop running) for the whole reply. A URL naming
// "localhost" is sent to 127.0.0.1 (with its Host header unchanged).
struct HttpResult
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString networkError; // non-empty when no HTTP response arrived

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

class HttpClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpResult send(const QByteArray &method, const QUrl &url, const Headers &headers = {},
        const QByteArray &body = {});
    HttpResult get(const QUrl &url) { return send("GET", url); }
    HttpResult postForm(const QUrl &url, const QByteArray &body, const Headers &extra = {});

private:
    QNetworkAccessManager m_manager;
};
