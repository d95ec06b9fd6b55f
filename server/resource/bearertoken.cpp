// SPDX-License-Identifier: GPL-3.0-or-later
#include "bearertoken.h"

#include "oauth/formdecoder.h"

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QStringView AccessToken = u"access_token";

BearerError invalidRequest(const QString &description)
{
    return BearerError {BearerError::Code::InvalidRequest, description, {}};
}

BearerError malformed(const QString &where)
{
    return BearerError {BearerError::Code::InvalidToken,
        u"the bearer token in the %1 is malformed (RFC 6750 §2.1: letters, digits and -._~+/, "
        "then = padding)"_s.arg(where),
        {}};
}

struct Candidate
{
    QString source;
    QByteArray token;
};

// access_token in a form text (body or query): std::nullopt when absent; an error when repeated
// or undecodable.
std::optional<Candidate> fromForm(
    QByteArrayView form, const QString &source, std::optional<BearerError> *error)
{
    const Result<FormParameters> parameters = FormDecoder::decode(form);
    if (!parameters) {
        *error = invalidRequest(
            u"the %1 cannot be decoded: %2"_s.arg(source, parameters.error().description()));
        return std::nullopt;
    }
    const int count = parameters->count(AccessToken);
    if (count == 0)
        return std::nullopt;
    if (count > 1) {
        *error
            = invalidRequest(u"access_token appears %1 times in the %2"_s.arg(count).arg(source));
        return std::nullopt;
    }
    return Candidate {source, parameters->value(AccessToken).toUtf8()};
}

bool isFormBody(const HttpRequest &request)
{
    // §2.2: single-part application/x-www-form-urlencoded, and not with GET.
    if (request.method == "GET" || request.body.isEmpty())
        return false;
    const QByteArray type = request.header("content-type").split(';').constFirst().trimmed();
    return type.compare("application/x-www-form-urlencoded", Qt::CaseInsensitive) == 0;
}

} // namespace

namespace BearerToken {

bool isB64Token(QByteArrayView token)
{
    qsizetype i = 0;
    for (; i < token.size(); ++i) {
        const char c = token.at(i);
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        if (!ok)
            break;
    }
    if (i == 0)
        return false;
    for (; i < token.size(); ++i) {
        if (token.at(i) != '=')
            return false;
    }
    return true;
}

BearerExtraction extract(const HttpRequest &request, const BearerOptions &options)
{
    BearerExtraction out;
    QList<Candidate> found;
    QStringList ignored;

    const int headers = request.headerCount("authorization");
    if (headers > 1) {
        out.error = invalidRequest(u"the request has %1 Authorization headers"_s.arg(headers));
        return out;
    }
    if (headers == 1) {
        const QByteArray value = request.header("authorization").trimmed();
        const qsizetype space = value.indexOf(' ');
        const QByteArray scheme = space < 0 ? value : value.left(space);
        if (scheme.compare("Bearer", Qt::CaseInsensitive) == 0) {
            const QByteArray token = space < 0 ? QByteArray() : value.mid(space + 1).trimmed();
            if (!isB64Token(token)) {
                out.error = malformed(u"Authorization header"_s);
                return out;
            }
            found.append({u"Authorization header"_s, token});
        } else {
            ignored.append(u"the Authorization header uses the %1 scheme, not Bearer"_s.arg(
                QString::fromLatin1(scheme)));
        }
    }

    std::optional<BearerError> error;
    if (!request.query.isEmpty()) {
        if (auto candidate = fromForm(request.query, u"URL query"_s, &error)) {
            if (options.allowQuery)
                found.append(*candidate);
            else
                ignored.append(
                    u"an access_token in the URL query is ignored: allowQueryToken is off"_s);
        }
        if (error) {
            out.error = error;
            return out;
        }
    }
    if (isFormBody(request)) {
        if (auto candidate = fromForm(request.body, u"form body"_s, &error)) {
            if (options.allowFormBody)
                found.append(*candidate);
            else
                ignored.append(
                    u"an access_token in the form body is ignored: allowFormBodyToken is off"_s);
        }
        if (error) {
            out.error = error;
            return out;
        }
    }
    out.note = ignored.join(u"; "_s);

    if (found.size() > 1) {
        // §2: a client must not use more than one method in one request.
        QStringList sources;
        for (const Candidate &candidate : std::as_const(found))
            sources.append(candidate.source);
        out.error = invalidRequest(
            u"the request carries a bearer token in more than one place (%1); RFC 6750 §2 allows one"_s
                .arg(sources.join(u", "_s)));
        return out;
    }
    if (found.isEmpty())
        return out;
    if (!isB64Token(found.constFirst().token)) {
        out.error = malformed(found.constFirst().source);
        return out;
    }
    out.token = found.constFirst().token;
    out.source = found.constFirst().source;
    return out;
}

} // namespace BearerToken
