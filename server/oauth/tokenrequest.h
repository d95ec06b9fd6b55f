// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formdecoder.h"
#include "httpmessage.h"
#include "store/registry.h"

#include <QByteArray>
#include <QString>

// A token request after transport-level checks: the decoded body, the URL query and the
// Authorization header, plus what the request is evaluated against.
struct TokenRequest
{
    FormParameters form;
    FormParameters query;
    QByteArray authorization; // Authorization header value; empty when absent
};

// The state a request is evaluated against: one immutable registry snapshot, the issuer derived
// from the settings and the bound port, and one reading of the clock.
struct ClientAuthServices;

struct TokenContext
{
    RegistrySnapshotPtr snapshot;
    QString issuer;
    qint64 nowMSecs = 0;
    // For the JWT client-authentication methods (RFC 7523 §3): the URL of the endpoint the
    // request was sent to (an assertion's "aud" may name it or the issuer), the runtime stores
    // they use (replay cache, JWK set cache; null: those methods refuse), and where one of them
    // leaves what to wait for when it could answer once a JWK set arrives (null: no waiting, the
    // refusal it returned stands).
    QString endpointUrl {};
    const ClientAuthServices *clientAuth = nullptr;
    DeferredWait *deferral = nullptr;
};

// What the server decided, for the exchange log; never holds a secret in clear.
struct ExchangeDecision
{
    QString authenticationMethod; // as detected, e.g. "client_secret_basic"
    QString clientId;
    QString grantType;
    QStringList grantedScopes;
    QString keyId;
    QString tokenId; // jti of the issued token
    QString reason; // precise reason of a refusal, or a summary of the success
};
