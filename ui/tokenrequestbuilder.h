// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

// What the composer sends: a request to one of the server's client-authenticating endpoints (a
// client credentials token request, an introspection or a revocation), or a call to the
// resource server's API with a bearer token (ComposerRequestKind).
struct TokenRequestInput
{
    // The RFC 8414 metadata member of the endpoint it goes to; empty: the token endpoint.
    QString endpoint;
    QUrl tokenUrl; // the endpoint's URL (the token endpoint's for a token request)
    QString method; // an AuthMethod name
    QString clientId;
    QString clientSecret;
    // client_secret_jwt and private_key_jwt: the signed assertion (ClientAssertionBuilder), sent
    // as client_assertion with client_assertion_type jwt-bearer (RFC 7521 §4.2).
    QString clientAssertion;
    QStringList scopes; // token requests only
    // A token request's grant_type (empty: client_credentials) and the grant's own parameters,
    // sent right after it (authorization_code: code, redirect_uri, code_verifier).
    QString grantType;
    QList<std::pair<QString, QString>> grantParameters;
    // Introspection and revocation (RFC 7662 §2.1, RFC 7009 §2.1): the token asked about and
    // the optional hint of its type.
    QString token;
    QString tokenTypeHint;
    QList<std::pair<QString, QString>> extraParameters; // sent after the scope, in order
    // A resource call (RFC 6750 §2.1): "token" goes in "Authorization: Bearer", none when it is
    // empty; the method ("GET", "POST") and, for a POST, its JSON body. No client credentials.
    QString httpMethod;
    QString jsonBody;
};

// Builds the exact request for an input, and the same request as curl, HTTPie and PowerShell
// commands. No widgets, so it can be tested byte for byte.
class TokenRequestBuilder
{
public:
    using Header = std::pair<QByteArray, QByteArray>;
    // What the texts for people show of the credentials: as sent, or masked by SecretMasking's
    // rule while the user keeps the secret hidden. What is sent is always the real request.
    enum class Secrets { Shown, Masked };

    explicit TokenRequestBuilder(TokenRequestInput input);

    const TokenRequestInput &input() const { return m_input; }
    bool isBasic() const;
    bool isAssertion() const; // client_secret_jwt or private_key_jwt
    // A call to the resource server's API, or another GET without client credentials (the code
    // flow's authorization, userinfo and logout requests).
    bool isResourceCall() const;
    // "POST", or a resource call's method.
    QByteArray requestMethod() const;

    // Path and query as sent in the request line; credential parameters of the query masked
    // (a logout's id_token_hint).
    QByteArray target(Secrets secrets = Secrets::Shown) const;
    // Host, Authorization (Basic only) and Content-Type, in that order. A resource call: Host,
    // Authorization: Bearer (when it has a token), Content-Type (when it has a body).
    QList<Header> headers(Secrets secrets = Secrets::Shown) const;
    // The kind's leading parameters (grant_type; or token and token_type_hint), the credentials
    // (post: client_id and client_secret; none: client_id; JWT: client_id, client_assertion_type
    // and client_assertion), scope (token requests), then the extra parameters; percent-encoded as
    // curl --data-urlencode does (a space is %20). A resource call: its JSON body, if any.
    QByteArray body(Secrets secrets = Secrets::Shown) const;

    // The request as text: request line, headers, blank line, body.
    QString previewText(Secrets secrets = Secrets::Shown) const;
    // How the Basic header is built (RFC 6749 §2.3.1): form-encode, join with a colon, base64.
    QStringList basicSteps() const;

    QString curlCommand(Secrets secrets = Secrets::Shown) const;
    QString httpieCommand(Secrets secrets = Secrets::Shown) const;
    QString powerShellCommand(Secrets secrets = Secrets::Shown) const;

    // The Host header for a request to url: the host, and the port unless it is the scheme's
    // default.
    static QString hostHeader(const QUrl &url);
    // 'value' for a POSIX shell, with embedded single quotes closed, escaped and reopened.
    static QString shellQuoted(const QString &value);
    // 'value' for PowerShell, where a single quote doubles.
    static QString powerShellQuoted(const QString &value);

private:
    QList<std::pair<QString, QString>> parameters(Secrets secrets) const;
    QByteArray authorization(Secrets secrets) const;

    TokenRequestInput m_input;
};
