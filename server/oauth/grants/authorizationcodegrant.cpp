// SPDX-License-Identifier: GPL-3.0-or-later
#include "oauth/grants/authorizationcodegrant.h"

#include "oauth/authorize/pkce.h"
#include "oauth/tokens/usertokens.h"
#include "store/tokenstore.h"

#include <QJsonArray>

#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

OAuthError invalidGrant(const QString &description, const QString &detail = {})
{
    return OAuthError(OAuthError::Code::InvalidGrant, description, detail);
}

// Whether the token request may redeem the code: nullopt when it may.
std::optional<OAuthError> refusal(const QJsonObject &code, const TokenRequest &request,
    const ClientRegistration &client, const TokenContext &context)
{
    const QString issuedTo = code.value("client_id"_L1).toString();
    if (issuedTo != client.clientId) {
        return invalidGrant(u"the authorization code was not issued to this client"_s,
            u"the code was issued to \"%1\", not \"%2\""_s.arg(issuedTo, client.clientId));
    }

    // RFC 6749 §4.1.3: redirect_uri is REQUIRED when the authorization request included one, and
    // must then be identical; one sent without that must still be the code's.
    const QString redirectUri = code.value("redirect_uri"_L1).toString();
    const bool presented = code.value("redirect_uri_presented"_L1).toBool();
    if (!request.form.contains(u"redirect_uri")) {
        if (presented) {
            return invalidGrant(u"redirect_uri is missing"_s,
                u"the authorization request named redirect_uri, so the token request must repeat "
                "it (RFC 6749 §4.1.3)"_s);
        }
    } else if (request.form.value(u"redirect_uri") != redirectUri) {
        return invalidGrant(u"redirect_uri does not match the authorization request"_s,
            u"redirect_uri \"%1\" differs from the authorization request's \"%2\""_s.arg(
                request.form.value(u"redirect_uri"), redirectUri));
    }

    // PKCE (RFC 7636 §4.6).
    const QString challenge = code.value("code_challenge"_L1).toString();
    const QString method = code.value("code_challenge_method"_L1).toString();
    const bool hasVerifier = request.form.contains(u"code_verifier");
    const QString verifier = request.form.value(u"code_verifier");
    if (challenge.isEmpty()) {
        if (hasVerifier) {
            return invalidGrant(u"code_verifier was sent for a code issued without PKCE"_s,
                u"the authorization request had no code_challenge, so a code_verifier is refused "
                "(RFC 9700 §2.1.1: PKCE downgrade)"_s);
        }
    } else if (!hasVerifier) {
        return invalidGrant(u"code_verifier is missing"_s,
            u"the code was issued with a %1 code_challenge, so code_verifier is required "
            "(RFC 7636 §4.5)"_s.arg(method));
    } else if (!Pkce::isValidVerifier(verifier)) {
        return invalidGrant(u"code_verifier is malformed"_s,
            u"code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 "
            "§4.1); it has %1"_s.arg(verifier.size()));
    } else if (!Pkce::verify(verifier, challenge, method)) {
        return invalidGrant(u"code_verifier does not match the code_challenge"_s,
            u"the %1 transform of code_verifier is not the code_challenge (RFC 7636 §4.6)"_s.arg(
                method));
    }

    const QString username = code.value("username"_L1).toString();
    if (!context.snapshot->configuration.findUser(username)) {
        return invalidGrant(u"the user of this authorization code no longer exists"_s,
            u"user \"%1\" was deleted after the code was issued"_s.arg(username));
    }
    return std::nullopt;
}

} // namespace

QString AuthorizationCodeGrant::grantType() const
{
    return GrantType::AuthorizationCode.toString();
}

Result<GrantOutcome> AuthorizationCodeGrant::handle(const TokenRequest &request,
    const AuthenticatedClient &client, const TokenContext &context) const
{
    if (!context.tokens) {
        return OAuthError(OAuthError::Code::ServerError, {},
            u"the server has no token store for authorization codes"_s);
    }
    const QString code = request.form.value(u"code");
    if (code.isEmpty()) {
        return OAuthError(OAuthError::Code::InvalidRequest,
            request.form.contains(u"code") ? u"code is empty"_s : u"code is missing"_s);
    }

    // Checked and marked used in one step: of two requests with the same code, one wins.
    std::optional<OAuthError> refused;
    const std::optional<QJsonObject> record = context.tokens->updateRecord(
        RecordKind::AuthorizationCode, code, context.nowMSecs / 1000, [&](QJsonObject &data) {
            if (data.value("used"_L1).toBool())
                return false;
            refused = refusal(data, request, client.client, context);
            if (refused)
                return false;
            data.insert("used"_L1, true);
            return true;
        });
    if (!record) {
        return invalidGrant(u"the authorization code is invalid or has expired"_s,
            u"no live authorization code has this value (unknown, expired, or issued before a "
            "restart that lost it)"_s);
    }
    if (record->value("used"_L1).toBool()) {
        UserTokens::revokeIssuedFromCode(*record, context);
        return invalidGrant(u"the authorization code has already been used"_s,
            u"second use of an authorization code: the tokens its first use issued are revoked "
            "(RFC 6749 §4.1.2)"_s);
    }
    if (refused)
        return *refused;

    QStringList scopes;
    for (const QJsonValue &scope : record->value("scope"_L1).toArray())
        scopes.append(scope.toString());
    UserGrant user;
    user.username = record->value("username"_L1).toString();
    user.authTime = qint64(record->value("auth_time"_L1).toDouble());
    user.sessionId = record->value("sid"_L1).toString();
    user.nonce = record->value("nonce"_L1).toString();
    user.code = code;
    return GrantOutcome {accessTokenClaims(client.client, user.username, scopes, context), user};
}
