// SPDX-License-Identifier: GPL-3.0-or-later
#include "protectedresource.h"

#include "bearertoken.h"
#include "introspectioncache.h"
#include "jwtvalidator.h"

#include "store/jwkscache.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace {

using Validation = ResourceServerSettings::Validation;

// The outcome of the token checks.
struct TokenCheck
{
    enum class Status { Valid, Wait, Refused };
    Status status = Status::Refused;
    AccessTokenInfo info;
    QString how; // "JWT checked by signature (kid ...)", "introspected: active"
    QString problem; // Refused: the error_description
    DeferredWait wait;
};

TokenCheck refused(const QString &problem)
{
    TokenCheck check;
    check.problem = problem;
    return check;
}

TokenCheck waiting(DeferredWait wait)
{
    TokenCheck check;
    check.status = TokenCheck::Status::Wait;
    check.wait = std::move(wait);
    return check;
}

HttpResponse plain(int status, const QString &error, const QString &description)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "application/json"_ba;
    response.body
        = QJsonDocument(QJsonObject {{u"error"_s, error}, {u"error_description"_s, description}})
              .toJson(QJsonDocument::Compact);
    return response;
}

TokenCheck checkJwt(const QByteArray &token, bool mayWait, const ResourceContext &context)
{
    const QString uri = context.issuer + u"/oauth2/jwks"_s;
    JwksCache &keys = *context.keys;
    const auto waitForKeys = [&keys, uri](std::function<void()> resume) {
        keys.whenFetched(uri, std::move(resume));
    };
    JwksCache::Lookup lookup = keys.keys(uri, context.nowMSecs);
    if (lookup.status == JwksCache::Lookup::Status::Pending) {
        if (mayWait)
            return waiting(waitForKeys);
        return refused(
            u"the authorization server's JWK set (%1) has not been fetched yet"_s.arg(uri));
    }
    if (lookup.status == JwksCache::Lookup::Status::Failed) {
        return refused(
            u"the authorization server's JWK set cannot be fetched: %1"_s.arg(lookup.error));
    }
    const JwtExpectations expected {
        context.issuer, context.settings.audience, context.nowMSecs / 1000};
    JwtValidation validation = JwtAccessToken::validate(token, lookup.keys, expected);
    if (validation.status == JwtValidation::Status::UnknownKey) {
        // The authorization server may have rotated its key: fetch the set again, at most once
        // per cooldown.
        lookup = keys.refresh(uri, context.nowMSecs);
        if (lookup.status == JwksCache::Lookup::Status::Pending && mayWait)
            return waiting(waitForKeys);
        validation = JwtAccessToken::validate(token, lookup.keys, expected);
        if (validation.status == JwtValidation::Status::UnknownKey) {
            return refused(validation.problem
                + u" (fetched again less than %1 s ago)"_s.arg(keys.cooldownMSecs() / 1000));
        }
    }
    if (validation.status != JwtValidation::Status::Valid)
        return refused(validation.problem);
    TokenCheck check;
    check.status = TokenCheck::Status::Valid;
    check.info = validation.info;
    check.how = u"JWT checked locally: signature with kid %1 of %2, iss, exp, nbf%3"_s.arg(
        validation.kid, uri, context.settings.audience.isEmpty() ? QString() : u", aud"_s);
    return check;
}

QString inactiveProblem(const QByteArray &token, const ResourceContext &context)
{
    // Introspection says only "active": false (RFC 7662 §2.2). What the token says of itself,
    // when it is a JWT, tells the likely reason; its signature is not what decides here.
    if (!JwtAccessToken::looksLikeJwt(token)) {
        return u"the authorization server says the token is not active: it is unknown, expired "
               "or revoked"_s;
    }
    const AccessTokenInfo claims = JwtAccessToken::readClaims(token);
    const QString time = AccessTokenChecks::timeProblem(claims, context.nowMSecs / 1000);
    if (!time.isEmpty())
        return time + u"; the authorization server says it is not active"_s;
    return u"the token has been revoked: its exp is still ahead, but the authorization server says "
           "it is not active"_s;
}

TokenCheck checkByIntrospection(
    const QByteArray &token, bool mayWait, const ResourceContext &context)
{
    IntrospectionCache &cache = *context.introspection;
    if (mayWait) {
        cache.startFresh(
            token, Introspection::call(context.issuer, token, context.settings), context.nowMSecs);
        return waiting([&cache, token](std::function<void()> resume) {
            cache.whenAnswered(token, std::move(resume));
        });
    }
    const IntrospectionCache::Lookup lookup = cache.answered(token);
    if (lookup.status != IntrospectionCache::Lookup::Status::Answered)
        return refused(u"the token could not be introspected: "_s + lookup.error);
    if (!lookup.answer.active)
        return refused(inactiveProblem(token, context));
    const AccessTokenInfo &info = lookup.answer.info;
    if (const QString problem = AccessTokenChecks::timeProblem(info, context.nowMSecs / 1000);
        !problem.isEmpty()) {
        return refused(problem);
    }
    if (const QString problem = AccessTokenChecks::audienceProblem(info, context.settings.audience);
        !problem.isEmpty()) {
        return refused(problem);
    }
    TokenCheck check;
    check.status = TokenCheck::Status::Valid;
    check.info = info;
    check.how = u"introspected at %1/oauth2/introspect as %2: active"_s.arg(
        context.issuer, context.settings.introspectionClientId);
    return check;
}

TokenCheck checkToken(const QByteArray &token, bool mayWait, const ResourceContext &context)
{
    const bool isJwt = JwtAccessToken::looksLikeJwt(token);
    switch (context.settings.validation) {
    case Validation::Jwt:
        if (!isJwt) {
            return refused(u"the token is not a JWT, and this resource server checks JWT "
                           "signatures only (validation \"jwt\"); an opaque token needs "
                           "introspection"_s);
        }
        return checkJwt(token, mayWait, context);
    case Validation::IntrospectOpaque:
        return isJwt ? checkJwt(token, mayWait, context)
                     : checkByIntrospection(token, mayWait, context);
    case Validation::Introspect:
        return checkByIntrospection(token, mayWait, context);
    }
    return refused(u"unknown validation mode"_s);
}

ResourceOutcome refusal(const BearerError &error, const QString &realm, const QString &reason)
{
    ResourceOutcome out;
    out.response = error.response(realm);
    out.outcome = error.code == BearerError::Code::MissingToken ? u"no token"_s : error.errorCode();
    out.reason = reason.isEmpty() ? error.description : reason;
    return out;
}

} // namespace

ResourceOutcome ProtectedResource::handle(
    const HttpRequest &request, const ResourceContext &context)
{
    const ResourceServerSettings &settings = context.settings;
    const QString realm = settings.realm();
    const QByteArray contextPath = settings.contextPath.toUtf8();
    ResourceOutcome out;

    const bool below = request.path.startsWith(contextPath)
        && (request.path.size() == contextPath.size()
            || request.path.at(contextPath.size()) == '/');
    if (!below) {
        out.response = plain(404, u"not_found"_s,
            u"no resource at %1; the API is below %2"_s.arg(
                QString::fromUtf8(request.path), context.baseUrl));
        out.outcome = u"not found"_s;
        return out;
    }
    QByteArray relative = request.path.mid(contextPath.size());
    if (relative.isEmpty())
        relative = "/"_ba;
    const ResourceApi::Match match = ResourceApi::match(request.method, relative);

    const BearerExtraction bearer = BearerToken::extract(
        request, BearerOptions {settings.allowFormBodyToken, settings.allowQueryToken});
    if (bearer.error)
        return refusal(*bearer.error, realm, bearer.error->description);
    if (!bearer.hasToken()) {
        QString reason = u"no bearer token in the request"_s;
        if (!bearer.note.isEmpty())
            reason += u": "_s + bearer.note;
        return refusal(BearerError {}, realm, reason);
    }

    TokenCheck check = checkToken(bearer.token, request.mayDefer, context);
    if (check.status == TokenCheck::Status::Wait) {
        out.response.retryWhen = std::move(check.wait);
        return out;
    }
    if (check.status == TokenCheck::Status::Refused) {
        ResourceOutcome refused
            = refusal(BearerError {BearerError::Code::InvalidToken, check.problem, {}}, realm, {});
        refused.clientId = JwtAccessToken::readClaims(bearer.token).clientId;
        return refused;
    }
    out.clientId = check.info.clientId.isEmpty() ? check.info.subject : check.info.clientId;
    QString how = check.how + u" (token from the "_s + bearer.source + u')';
    if (!bearer.note.isEmpty())
        how += u"; "_s + bearer.note;

    if (match.kind == ResourceApi::Match::Kind::NotFound) {
        out.response = plain(404, u"not_found"_s,
            u"no resource at %1; the API has GET /country, GET /country/code/{code}, "
            "GET /customer/{id} and POST /customer"_s.arg(QString::fromUtf8(relative)));
        out.outcome = u"not found"_s;
        out.reason = how;
        return out;
    }
    if (match.kind == ResourceApi::Match::Kind::MethodNotAllowed) {
        out.response = plain(405, u"method_not_allowed"_s,
            u"%1 is not allowed here; use %2"_s.arg(
                QString::fromLatin1(request.method), QString::fromLatin1(match.allow)));
        out.response.setHeader("Allow"_ba, match.allow);
        out.outcome = u"method not allowed"_s;
        out.reason = how;
        return out;
    }
    const QString scope = settings.scopeFor(match.route);
    if (!check.info.hasScope(scope)) {
        const QString granted
            = check.info.scopes.isEmpty() ? u"no scope"_s : check.info.scopes.join(u' ');
        const BearerError error {BearerError::Code::InsufficientScope,
            u"%1 needs the scope %2; the token has %3"_s.arg(match.route, scope, granted), scope};
        ResourceOutcome refused = refusal(error, realm, how + u"; "_s + error.description);
        refused.clientId = out.clientId;
        return refused;
    }
    out.response = m_api.handle(match, request, context.baseUrl);
    out.outcome = match.route;
    out.reason = how;
    if (!scope.isEmpty())
        out.reason += u"; scope %1 present"_s.arg(scope);
    return out;
}
