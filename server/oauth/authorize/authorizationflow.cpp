// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationflow.h"

#include "authorizationpages.h"
#include "jose/base64url.h"
#include "oauth/authorize/redirecturi.h"
#include "oauth/clientauth/clientauthenticator.h"
#include "store/tokenstore.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>
#include <array>

using namespace Qt::Literals::StringLiterals;

namespace AuthorizationFlow {

QString randomToken()
{
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), 32);
    return QString::fromLatin1(Base64Url::encode(bytes));
}

QHash<QByteArray, QByteArray> cookies(const HttpRequest &request)
{
    QHash<QByteArray, QByteArray> out;
    for (const auto &[name, value] : request.headers) {
        if (QByteArrayView(name).compare("Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : value.split(';')) {
            const qsizetype equals = pair.indexOf('=');
            if (equals <= 0)
                continue;
            const QByteArray key = pair.left(equals).trimmed();
            if (!out.contains(key))
                out.insert(key, pair.mid(equals + 1).trimmed());
        }
    }
    return out;
}

QByteArray issuerPath(const QString &issuer)
{
    const QByteArray path = QUrl(issuer).path(QUrl::FullyEncoded).toUtf8();
    return path.isEmpty() ? "/"_ba : path;
}

std::optional<Session> session(const HttpRequest &request, const TokenContext &context)
{
    if (!context.tokens || !context.snapshot)
        return std::nullopt;
    const QByteArray id = cookies(request).value(QByteArray(SessionCookie));
    if (id.isEmpty() || id.size() > 100)
        return std::nullopt;
    const std::optional<QJsonObject> data = context.tokens->record(
        RecordKind::Session, QString::fromLatin1(id), context.nowMSecs / 1000);
    if (!data)
        return std::nullopt;
    Session s {QString::fromLatin1(id), data->value("username"_L1).toString(),
        qint64(data->value("auth_time"_L1).toDouble())};
    if (!context.snapshot->configuration.findUser(s.username))
        return std::nullopt;
    return s;
}

QByteArray startSession(const QString &username, const TokenContext &context, Session *session)
{
    const qint64 now = context.nowMSecs / 1000;
    *session = Session {randomToken(), username, now};
    if (context.tokens) {
        context.tokens->putRecord(RecordKind::Session, session->id,
            QJsonObject {{"username"_L1, username}, {"auth_time"_L1, double(now)}},
            now + SessionLifetimeSeconds);
    }
    return QByteArray(SessionCookie) + '=' + session->id.toLatin1()
        + "; HttpOnly; SameSite=Lax; Path="_ba + issuerPath(context.issuer);
}

namespace {

// The absolute path of a form of the sign-in flow ("/ms-auth-server/login").
QString formAction(const TokenContext &context, QStringView name)
{
    const QByteArray base = issuerPath(context.issuer);
    return QString::fromUtf8(base).chopped(base == "/" ? 1 : 0) + u'/' + name;
}

// The request as received, form-encoded, for the forms' hidden field "request".
QString pendingRequest(const AuthorizationRequest &request)
{
    QByteArray pending;
    for (const auto &[name, value] : request.parameters.pairs()) {
        if (!pending.isEmpty())
            pending += '&';
        pending += FormDecoder::encodeComponent(name) + '=' + FormDecoder::encodeComponent(value);
    }
    return QString::fromLatin1(pending);
}

QString redirectHost(const AuthorizationRequest &request)
{
    const QUrl redirect(request.redirectUri);
    return redirect.port() < 0 ? redirect.host()
                               : u"%1:%2"_s.arg(redirect.host()).arg(redirect.port());
}

QString clientName(const AuthorizationRequest &request, const TokenContext &context)
{
    const ClientRegistration *client = context.snapshot->configuration.findClient(request.clientId);
    return client && !client->displayName.isEmpty() ? client->displayName : request.clientId;
}

// The browser's CSRF token when it has one, else a new one that "response" then sets as a cookie
// (HttpOnly, SameSite=Strict, the issuer's path).
QString csrfToken(const HttpRequest &httpRequest, bool *isNew)
{
    const QByteArray cookie = cookies(httpRequest).value(QByteArray(CsrfCookie));
    *isNew = cookie.size() != 43;
    return *isNew ? randomToken() : QString::fromLatin1(cookie);
}

void setCsrfCookie(HttpResponse &response, const QString &csrf, const TokenContext &context)
{
    response.headers.append({"Set-Cookie"_ba,
        QByteArray(CsrfCookie) + '=' + csrf.toLatin1() + "; HttpOnly; SameSite=Strict; Path="_ba
            + issuerPath(context.issuer)});
}

QString consentId(const QString &clientId, const QString &username)
{
    return clientId + u'\n' + username;
}

} // namespace

HttpResponse loginPage(const HttpRequest &httpRequest, const AuthorizationRequest &request,
    const TokenContext &context, int status, const QString &error, const QString &username)
{
    bool newCsrf = false;
    AuthorizationPages::LoginPage page;
    page.action = formAction(context, u"login");
    page.clientName = clientName(request, context);
    page.redirectHost = redirectHost(request);
    page.csrf = csrfToken(httpRequest, &newCsrf);
    page.request = pendingRequest(request);
    page.username = username.isEmpty() ? request.loginHint : username;
    page.error = error;
    HttpResponse response = AuthorizationPages::login(status, page);
    if (newCsrf)
        setCsrfCookie(response, page.csrf, context);
    return response;
}

bool csrfMatches(const HttpRequest &httpRequest, const FormParameters &form)
{
    const QByteArray cookie = cookies(httpRequest).value(QByteArray(CsrfCookie));
    return !cookie.isEmpty() && form.count(u"csrf") == 1
        && secretsEqual(form.value(u"csrf"), QString::fromLatin1(cookie));
}

QStringList consentScopes(const AuthorizationRequest &request)
{
    QStringList scopes = request.scopes;
    scopes.removeAll(u"openid"_s);
    return scopes;
}

bool needsConsent(
    const AuthorizationRequest &request, const Session &session, const TokenContext &context)
{
    const ClientRegistration *client = context.snapshot->configuration.findClient(request.clientId);
    const QStringList asked = consentScopes(request);
    if (!client || asked.isEmpty())
        return false;
    // prompt=consent asks every client's user (OpenID Connect Core §3.1.2.1), not only those of
    // clients that require consent.
    if (request.prompt.contains("consent"_L1))
        return true;
    if (!client->requireConsent)
        return false;
    const QStringList remembered = rememberedConsent(request.clientId, session.username, context);
    return std::any_of(asked.cbegin(), asked.cend(),
        [&](const QString &scope) { return !remembered.contains(scope); });
}

QStringList rememberedConsent(
    const QString &clientId, const QString &username, const TokenContext &context)
{
    if (!context.tokens)
        return {};
    const std::optional<QJsonObject> data = context.tokens->record(
        RecordKind::Consent, consentId(clientId, username), context.nowMSecs / 1000);
    QStringList scopes;
    if (data) {
        for (const QJsonValue &scope : data->value("scope"_L1).toArray())
            scopes.append(scope.toString());
    }
    return scopes;
}

void rememberConsent(const QString &clientId, const QString &username, const QStringList &scopes,
    const TokenContext &context)
{
    if (!context.tokens)
        return;
    QStringList all = rememberedConsent(clientId, username, context);
    for (const QString &scope : scopes) {
        if (!all.contains(scope))
            all.append(scope);
    }
    const qint64 now = context.nowMSecs / 1000;
    context.tokens->putRecord(RecordKind::Consent, consentId(clientId, username),
        QJsonObject {{"client_id"_L1, clientId}, {"username"_L1, username},
            {"scope"_L1, QJsonArray::fromStringList(all)}, {"granted_at"_L1, double(now)}},
        now + ConsentLifetimeSeconds);
}

HttpResponse consentPage(const HttpRequest &httpRequest, const AuthorizationRequest &request,
    const Session &session, const TokenContext &context)
{
    bool newCsrf = false;
    AuthorizationPages::ConsentPage page;
    page.action = formAction(context, u"consent");
    page.clientName = clientName(request, context);
    page.redirectHost = redirectHost(request);
    page.username = session.username;
    page.csrf = csrfToken(httpRequest, &newCsrf);
    page.request = pendingRequest(request);
    page.identity = request.scopes.contains(u"openid"_s);
    for (const QString &name : consentScopes(request)) {
        const ScopeDefinition *scope = context.snapshot->configuration.findScope(name);
        page.scopes.append({name, scope ? scope->description : QString()});
    }
    HttpResponse response = AuthorizationPages::consent(page);
    if (newCsrf)
        setCsrfCookie(response, page.csrf, context);
    return response;
}

HttpResponse redirect(const QString &location)
{
    HttpResponse response;
    response.status = 302;
    response.contentType.clear();
    response.setHeader("Location"_ba, QUrl(location).toEncoded());
    return response;
}

HttpResponse issueCode(const AuthorizationRequest &request, const Session &session,
    const TokenContext &context, ExchangeDecision *decision)
{
    const ClientRegistration *client = context.snapshot->configuration.findClient(request.clientId);
    const qint64 now = context.nowMSecs / 1000;
    const qint64 lifetime = client ? client->authorizationCodeLifetimeSeconds
                                   : ClientRegistration::DefaultAuthorizationCodeLifetimeSeconds;
    const QString code = randomToken();
    QJsonObject data {{"client_id"_L1, request.clientId}, {"redirect_uri"_L1, request.redirectUri},
        {"redirect_uri_presented"_L1, request.redirectUriPresented},
        {"scope"_L1, QJsonArray::fromStringList(request.scopes)},
        {"code_challenge"_L1, request.codeChallenge},
        {"code_challenge_method"_L1, request.codeChallengeMethod}, {"nonce"_L1, request.nonce},
        {"username"_L1, session.username}, {"auth_time"_L1, double(session.authTime)},
        {"sid"_L1, session.id}, {"issued_at"_L1, double(now)}, {"used"_L1, false}};
    if (context.tokens)
        context.tokens->putRecord(RecordKind::AuthorizationCode, code, data, now + lifetime);

    QList<QPair<QString, QString>> parameters {{u"code"_s, code}};
    if (!request.state.isEmpty())
        parameters.append({u"state"_s, request.state});
    parameters.append({u"iss"_s, context.issuer});
    if (decision) {
        decision->clientId = request.clientId;
        decision->grantedScopes = request.scopes;
        decision->reason = u"issued an authorization code for %1 to \"%2\", valid %3 s"_s
                               .arg(session.username, request.clientId)
                               .arg(lifetime);
    }
    return redirect(RedirectUri::withParameters(request.redirectUri, parameters));
}

} // namespace AuthorizationFlow
