// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

// A protocol error as a value (RFC 6749 §5.2), turned into JSON only at the edge.
//
// description() goes on the wire and must leak nothing (never whether a client exists or only the
// secret was wrong); detail() is the precise reason, for the in-app log and the headless log only.
class OAuthError
{
public:
    enum class Code {
        InvalidRequest, // 400
        InvalidClient, // 401
        InvalidGrant, // 400
        UnauthorizedClient, // 400
        UnsupportedGrantType, // 400
        InvalidScope, // 400
        NotFound, // 404, not an RFC 6749 code: unknown path
        MethodNotAllowed, // 405
        PayloadTooLarge, // 413
        ServerError, // 500
    };

    enum class Challenge { None, Basic }; // WWW-Authenticate on 401 (RFC 6749 §5.2)

    explicit OAuthError(Code code, QString description = {}, QString detail = {});

    Code code() const { return m_code; }
    QByteArray errorCode() const; // "invalid_request", ...
    int httpStatus() const;
    QString description() const { return m_description; }
    QString detail() const { return m_detail.isEmpty() ? m_description : m_detail; }

    Challenge challenge() const { return m_challenge; }
    OAuthError &setChallenge(Challenge challenge)
    {
        m_challenge = challenge;
        return *this;
    }

    // {"error":"...","error_description":"..."} (description only when non-empty).
    QByteArray toJson() const;

private:
    Code m_code;
    QString m_description;
    QString m_detail;
    Challenge m_challenge = Challenge::None;
};
