// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formdecoder.h"
#include "httpmessage.h"
#include "store/registry.h"

#include <QByteArray>
#include <QString>

class Clock;
class TokenStore;

// A form request to an endpoint that authenticates clients (token, introspect, revoke) after the
// transport-level checks of FormRequest::parse: the decoded body, the URL query and the
// Authorization header.
struct TokenRequest
{
    FormParameters form;
    FormParameters query;
    QByteArray authorization; // Authorization header value; empty when absent
};

// The state a request is evaluated against: one immutable registry snapshot, the issuer derived
// from the settings and the bound port, and one reading of the clock. The endpoint fills
// endpointUrl (its own absolute URL, what a client assertion's "aud" may name besides the
// issuer) before client authentication; clock is the clock nowMSecs was read from, for state
// that outlives the request (a replay cache); it may be null in unit tests of a single step.
// clientAuth: the runtime stores the JWT client-authentication methods share (replay cache, JWK
// set cache; null: those methods refuse). deferral: where one of them leaves what to wait for
// when it could answer once a JWK set arrives (null: no waiting, the refusal it returned stands).
struct ClientAuthServices;

struct TokenContext
{
    RegistrySnapshotPtr snapshot;
    QString issuer;
    qint64 nowMSecs = 0;
    QString endpointUrl {};
    const Clock *clock = nullptr;
    const ClientAuthServices *clientAuth = nullptr;
    DeferredWait *deferral = nullptr;
    TokenStore *tokens = nullptr; // the issued tokens; null in unit tests of a single step
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
    // fingerprintOf() the access token the exchange issued or carried (introspected, revoked):
    // which exchanges belong to one token's flow, for the sequence view, without the token.
    QString tokenFingerprint;
    QString reason; // precise reason of a refusal, or a summary of the success
    // What the compatibility profile accepted that RFC 6749 does not, each with the section it
    // departs from; also appended to reason, so the traffic log shows it.
    QStringList compatibilityNotes;

    // The first 16 hex digits of the token's SHA-256; empty for an empty token.
    static QString fingerprintOf(QStringView token);
};
