// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// Plain values for one HTTP exchange. server/http/ builds HttpRequest from QHttpServerRequest and
// writes HttpResponse back, so protocol code never sees a Qt HTTP server type.
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method; // "POST"
    QByteArray path; // percent-encoded, as on the request line, without the query
    QByteArray query; // percent-encoded, without '?'
    HttpHeaders headers;
    QByteArray body;
    QString peer; // "127.0.0.1:53412"

    // First value of a header (case-insensitive name), empty when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    int headerCount(QByteArrayView name) const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json;charset=UTF-8";
    HttpHeaders headers; // besides Content-Type and Content-Length
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};
