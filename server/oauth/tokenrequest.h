// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formdecoder.h"
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
struct TokenContext
{
    RegistrySnapshotPtr snapshot;
    QString issuer;
    qint64 nowMSecs = 0;
    QString endpointUrl;
    const Clock *clock = nullptr;
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
    QString reason; // precise reason of a refusal, or a summary of the success
    // What the compatibility profile accepted that RFC 6749 does not, each with the section it
    // departs from; also appended to reason, so the traffic log shows it.
    QStringList compatibilityNotes;
};
