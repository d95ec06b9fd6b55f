// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

// The sample API behind the resource server (the series' ms-system): countries, read-only, and
// customers, which POST /customer adds to (in memory, shared by every thread, gone on exit).
// It answers requests that have passed the token checks; which route a request reaches, and so
// which scope it needs, is match()'s.
class ResourceApi
{
public:
    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        QString route; // Found: "GET /country/code/{code}" (ResourceServerSettings::routeScopes)
        QStringList parameters; // Found: the {placeholders}' values, decoded
        QByteArray allow; // MethodNotAllowed: "GET" or "POST"
    };

    ResourceApi();

    // "path": below the context path, percent-encoded, starting with '/'.
    static Match match(QByteArrayView method, QByteArrayView path);

    // Answers a Found match. "location" is the absolute URL of the API's root, for Location.
    HttpResponse handle(const Match &match, const HttpRequest &request, const QString &location);

    // The customer with "id", for tests and the window.
    std::optional<QJsonObject> customer(qint64 id) const;

private:
    HttpResponse addCustomer(const HttpRequest &request, const QString &location);

    mutable QMutex m_mutex;
    QList<QJsonObject> m_customers; // in id order, ids from 1
};
