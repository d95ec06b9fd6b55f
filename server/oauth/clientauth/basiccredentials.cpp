// SPDX-License-Identifier: GPL-3.0-or-later
#include "basiccredentials.h"

#include "oauth/formdecoder.h"

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QByteArrayView BasicScheme = "basic";

OAuthError malformed(const QString &description)
{
    return OAuthError(OAuthError::Code::InvalidRequest, description);
}

} // namespace

bool isBasicAuthorization(QByteArrayView authorizationValue)
{
    const QByteArrayView value = authorizationValue.trimmed();
    if (value.size() < BasicScheme.size()
        || value.first(BasicScheme.size()).compare(BasicScheme, Qt::CaseInsensitive) != 0) {
        return false;
    }
    // credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ] (RFC 7235 §2.1): "Basic" alone
    // is still the Basic scheme (with nothing in it), "Basicx" is another scheme.
    return value.size() == BasicScheme.size() || value[BasicScheme.size()] == ' ';
}

Result<BasicCredentials> BasicCredentials::parse(QByteArrayView authorizationValue)
{
    if (!isBasicAuthorization(authorizationValue))
        return malformed(u"the Authorization header does not use the Basic scheme"_s);

    QByteArrayView token = authorizationValue.trimmed().sliced(BasicScheme.size());
    while (token.startsWith(' '))
        token = token.sliced(1);
    if (token.isEmpty())
        return malformed(u"the Basic credentials are empty"_s);

    const auto decoded = QByteArray::fromBase64Encoding(
        token.toByteArray(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return malformed(u"the Basic credentials are not valid base64"_s);
    const QByteArray &userPass = decoded.decoded;
    if (!QByteArrayView(userPass).isValidUtf8())
        return malformed(u"the Basic credentials are not valid UTF-8"_s);

    // The first colon separates: a client id cannot contain one unencoded, a secret can
    // (RFC 7617 §2).
    const qsizetype colon = userPass.indexOf(':');
    if (colon < 0)
        return malformed(u"the Basic credentials have no ':' between client id and secret"_s);
    if (colon == 0)
        return malformed(u"the client id in the Basic credentials is empty"_s);

    // RFC 6749 §2.3.1: both parts are application/x-www-form-urlencoded before base64.
    const std::optional<QString> clientId = FormDecoder::decodeComponent(userPass.first(colon));
    const std::optional<QString> clientSecret
        = FormDecoder::decodeComponent(QByteArrayView(userPass).sliced(colon + 1));
    if (!clientId || !clientSecret) {
        return malformed(u"the client id or secret in the Basic credentials is not correctly "
                         "form-urlencoded (RFC 6749 section 2.3.1)"_s);
    }
    return BasicCredentials {*clientId, *clientSecret};
}

QByteArray BasicCredentials::headerValue(QStringView clientId, QStringView clientSecret)
{
    const QByteArray userPass
        = FormDecoder::encodeComponent(clientId) + ':' + FormDecoder::encodeComponent(clientSecret);
    return "Basic "_ba + userPass.toBase64();
}
