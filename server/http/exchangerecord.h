// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"
#include "oauth/tokenrequest.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

// One request the server handled, for the headless log and the window's traffic log.
// Credentials are masked (oauth/secretmasking.h) in rawRequest and rawResponse; tokens in the
// response stay, for the window's inspector. decision.reason holds what the wire response does
// not say.
struct ExchangeRecord
{
    // Who sent the request and who answered it, for the sequence view: a client calling the
    // authorization server unless a record says otherwise (the resource server's own calls to
    // the authorization server, the authorization server's fetch of a client's JWK set).
    enum class Party { Client, ResourceServer, AuthorizationServer, JwkSetHost };
    Party from = Party::Client;
    Party to = Party::AuthorizationServer;

    quint64 id = 0;
    // Wall clock, µs since the epoch: orders the exchanges of both servers, which often start
    // within one ms (an API call and the introspection it causes).
    qint64 startedMicros = 0;
    qint64 durationMicros = 0;
    QByteArray method;
    QByteArray path;
    QString peer;
    QString serverThread; // the worker thread that served the connection ("oauth2-server-1")
    int status = 0;
    QString outcome; // "token issued", "invalid_client", "not found", ...
    ExchangeDecision decision;
    QByteArray rawRequest; // request line, headers and body; secrets masked
    // The same, unmasked, for the window's "Reveal secrets" only: kept in memory, never
    // printed, logged or exported.
    QByteArray revealedRequest;
    QByteArray rawResponse; // status line, headers and body; credentials masked, tokens kept

    // "2026-11-29T14:39:27.123Z POST /ms-auth-server/oauth2/token client=... 200 token issued 1.2
    // ms"
    QString logLine() const;

    enum class Secrets { Masked, Revealed };
    // The request as text; Masked applies SecretMasking to the query, the headers and the body.
    static QByteArray requestText(const HttpRequest &request, Secrets secrets);
    static QByteArray maskedRequestText(const HttpRequest &request);
    // The response as text, credentials masked (Set-Cookie, a client_secret member) but tokens
    // kept.
    static QByteArray responseText(const HttpResponse &response);
    // The "error" member of a JSON error body, or "HTTP <status>".
    static QString errorCodeOf(const HttpResponse &response);
    qint64 startedMSecs() const { return startedMicros / 1000; }
    // The wall clock in µs since the epoch.
    static qint64 wallClockMicros();
};

Q_DECLARE_METATYPE(ExchangeRecord)
