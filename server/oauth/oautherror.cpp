// SPDX-License-Identifier: GPL-3.0-or-later
#include "oautherror.h"

#include "jose/jsonwriter.h"

using namespace Qt::Literals::StringLiterals;

namespace {

// RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E (printable ASCII
// without '"' and '\'). Descriptions are written to respect that; this is the safety net for one
// that echoes a request value.
bool isAllowedInDescription(char16_t c)
{
    return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

QString wireDescription(const QString &description)
{
    QString out = description;
    for (QChar &c : out) {
        if (!isAllowedInDescription(c.unicode()))
            c = u'?';
    }
    return out;
}

} // namespace

OAuthError::OAuthError(Code code, QString description, QString detail)
    : m_code(code), m_description(std::move(description)), m_detail(std::move(detail))
{ }

QByteArray OAuthError::errorCode() const
{
    switch (m_code) {
    case Code::InvalidRequest:
        return "invalid_request"_ba;
    case Code::InvalidClient:
        return "invalid_client"_ba;
    case Code::InvalidGrant:
        return "invalid_grant"_ba;
    case Code::UnauthorizedClient:
        return "unauthorized_client"_ba;
    case Code::UnsupportedGrantType:
        return "unsupported_grant_type"_ba;
    case Code::InvalidScope:
        return "invalid_scope"_ba;
    case Code::NotFound:
        return "not_found"_ba;
    case Code::MethodNotAllowed:
        return "method_not_allowed"_ba;
    case Code::PayloadTooLarge:
        return "payload_too_large"_ba;
    case Code::ServerError:
        return "server_error"_ba;
    }
    return "server_error"_ba;
}

int OAuthError::httpStatus() const
{
    switch (m_code) {
    case Code::InvalidRequest:
    case Code::InvalidGrant:
    case Code::UnauthorizedClient:
    case Code::UnsupportedGrantType:
    case Code::InvalidScope:
        return 400;
    case Code::InvalidClient:
        return 401;
    case Code::NotFound:
        return 404;
    case Code::MethodNotAllowed:
        return 405;
    case Code::PayloadTooLarge:
        return 413;
    case Code::ServerError:
        return 500;
    }
    return 500;
}

QByteArray OAuthError::toJson() const
{
    JsonObjectWriter writer;
    writer.add(u"error", QString::fromLatin1(errorCode()));
    if (!m_description.isEmpty())
        writer.add(u"error_description", wireDescription(m_description));
    return writer.toJson();
}
