// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

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
    bool mayDefer = true; // false when handled again after a DeferredWait
    // When the server took the request (µs since the epoch, wall clock; 0: not known). A request
    // handled again after a DeferredWait keeps it, so its record starts with the first attempt.
    qint64 receivedMicros = 0;

    // First value of a header (case-insensitive name), empty when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Content-Type is application/x-www-form-urlencoded (parameters ignored).
    bool hasFormBody() const;
    int headerCount(QByteArrayView name) const;
};

// Something a request waits for: called with "resume", it calls resume once (from any thread)
// when what the request needs has arrived or will not arrive.
using DeferredWait = std::function<void(std::function<void()> resume)>;

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json;charset=UTF-8";
    HttpHeaders headers; // besides Content-Type and Content-Length
    QByteArray body;
    // When set, the server may hold this response back, wait, and handle the request again with
    // HttpRequest::mayDefer false (a client's JWK set being fetched); the response above is the
    // answer when it cannot wait.
    DeferredWait retryWhen;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};
