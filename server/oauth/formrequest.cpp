// SPDX-License-Identifier: GPL-3.0-or-later
#include "formrequest.h"

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QByteArrayView FormMediaType = "application/x-www-form-urlencoded";

// Client credentials that must never travel in a URL, where proxies and logs keep them.
constexpr QStringView CredentialParameters[]
    = {u"client_id", u"client_secret", u"client_assertion"};

bool isFormMediaType(QByteArrayView contentType)
{
    // The media type is case-insensitive and may carry parameters such as charset (RFC 9110
    // §8.3.1); the body is decoded as UTF-8 whatever the charset says, as Spring does.
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView type
        = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return type.compare(FormMediaType, Qt::CaseInsensitive) == 0;
}

OAuthError invalidRequest(const QString &description, const QString &detail = {})
{
    return OAuthError(OAuthError::Code::InvalidRequest, description, detail);
}

} // namespace

namespace FormRequest {

bool isQuotable(QStringView value)
{
    if (value.isEmpty() || value.size() > 64)
        return false;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7E || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

HttpResponse errorResponse(const OAuthError &error)
{
    HttpResponse response;
    response.status = error.httpStatus();
    response.body = error.toJson();
    if (error.challenge() == OAuthError::Challenge::Basic)
        response.setHeader("WWW-Authenticate"_ba, "Basic realm=\"OAuth2 Playground\""_ba);
    return response;
}

Result<TokenRequest> parse(const HttpRequest &request,
    const QList<QStringView> &singleValuedParameters, ExchangeDecision *decision,
    ServerSettings::Profile profile)
{
    // 1. Media type (RFC 6749 §3.2: the endpoints take a form body).
    const QByteArray contentType = request.header("content-type");
    // Spring reads an empty POST without Content-Type (all parameters in the query) like an empty
    // form; so does the spring profile, and says so.
    const bool emptyWithoutType = profile == ServerSettings::Profile::Spring
        && request.body.isEmpty() && !request.hasHeader("content-type");
    if (emptyWithoutType) {
        decision->compatibilityNotes.append(
            u"Spring compatibility: an empty body without Content-Type read as an empty form "
            "(RFC 6749 §3.2 and §4.4.2 ask for application/x-www-form-urlencoded)"_s);
    } else if (!isFormMediaType(contentType)) {
        const QString description = u"the request body must be application/x-www-form-urlencoded"_s;
        const QString received = contentType.isEmpty()
            ? u"the request has no Content-Type"_s
            : u"Content-Type is "_s + QString::fromLatin1(contentType);
        return invalidRequest(description, description + u"; "_s + received);
    }

    // 2. The body.
    TokenRequest formRequest;
    formRequest.authorization = request.header("authorization");
    Result<FormParameters> form = FormDecoder::decode(request.body);
    if (!form) {
        const OAuthError &error = form.error();
        return invalidRequest(error.description(), u"request body: "_s + error.detail());
    }
    formRequest.form = std::move(form).value();
    decision->clientId = formRequest.form.value(u"client_id");
    decision->grantType = formRequest.form.value(u"grant_type");

    // 3. The URL query: only checked for credentials, its other parameters are ignored.
    Result<FormParameters> query = FormDecoder::decode(request.query);
    if (!query) {
        const OAuthError &error = query.error();
        return invalidRequest(u"the URL query is malformed: "_s + error.description(),
            u"URL query: "_s + error.detail());
    }
    formRequest.query = std::move(query).value();
    for (const QStringView name : CredentialParameters) {
        if (formRequest.query.contains(name)) {
            return invalidRequest(
                u"client credentials must be sent in the request body, not in the URL"_s,
                u"the URL query carries %1"_s.arg(name));
        }
    }

    // Spring reads request parameters from the query and the body alike; RFC 6749 §3.2 has the
    // token endpoint take them in the body ("MUST use the HTTP POST method", parameters
    // "using the application/x-www-form-urlencoded format ... in the HTTP request
    // entity-body", §4.4.2). The spring profile does what Spring does and says so.
    if (profile == ServerSettings::Profile::Spring) {
        QStringList taken;
        const QList<QPair<QString, QString>> queryPairs = formRequest.query.pairs();
        for (const auto &pair : queryPairs) {
            if (formRequest.form.contains(pair.first) || taken.contains(pair.first))
                continue;
            for (const auto &other : queryPairs) {
                if (other.first == pair.first)
                    formRequest.form.append(other.first, other.second);
            }
            taken.append(pair.first);
        }
        if (!taken.isEmpty()) {
            decision->compatibilityNotes.append(
                u"Spring compatibility: %1 read from the URL query (RFC 6749 §3.2 and §4.4.2 "
                "put token request parameters in the request body)"_s.arg(taken.join(u", ")));
            if (decision->grantType.isEmpty())
                decision->grantType = formRequest.form.value(u"grant_type");
        }
    }

    // 4. Repeated parameters (RFC 6749 §3.2).
    for (const QStringView name : singleValuedParameters) {
        const int count = formRequest.form.count(name);
        if (count > 1) {
            return invalidRequest(u"parameter '%1' is repeated"_s.arg(name),
                u"parameter \"%1\" appears %2 times"_s.arg(name).arg(count));
        }
    }

    // Two Authorization headers would be two sets of credentials: as ambiguous as a repeated
    // parameter.
    if (request.headerCount("authorization") > 1)
        return invalidRequest(u"the Authorization header is repeated"_s);

    return formRequest;
}

void appendCompatibilityNotes(ExchangeDecision *decision)
{
    for (const QString &note : std::as_const(decision->compatibilityNotes))
        decision->reason += (decision->reason.isEmpty() ? QString() : u"; "_s) + note;
}

} // namespace FormRequest
