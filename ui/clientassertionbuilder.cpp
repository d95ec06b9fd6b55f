// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientassertionbuilder.h"

#include "jose/base64url.h"
#include "jose/jsonwriter.h"
#include "jose/jws.h"
#include "oauth/clientauth/clientassertion.h"

#include <QCoreApplication>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace ClientAssertionBuilder {

QString randomJti()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    return QString::fromLatin1(Base64Url::encode(bytes));
}

BuiltClientAssertion build(const ClientAssertionInput &input)
{
    BuiltClientAssertion built;
    JsonObjectWriter header;
    header.add(u"alg", input.alg).add(u"typ", u"JWT");
    if (!input.kid.isEmpty())
        header.add(u"kid", input.kid);
    built.headerJson = header.toJson();

    JsonObjectWriter claims;
    claims.add(u"iss", input.clientId)
        .add(u"sub", input.clientId)
        .add(u"aud", input.audience)
        .add(u"exp", input.nowSecs + input.lifetimeSecs)
        .add(u"iat", input.nowSecs)
        .add(u"jti", input.jti.isEmpty() ? randomJti() : input.jti);
    built.claimsJson = claims.toJson();

    const bool secret = input.alg.startsWith(u"HS");
    const QStringList &allowed
        = secret ? ClientAssertion::secretAlgorithms() : ClientAssertion::privateKeyAlgorithms();
    if (!allowed.contains(input.alg)) {
        built.problem = QCoreApplication::translate(
            "ClientAssertionBuilder", "%1 is not an algorithm a client assertion may use")
                            .arg(input.alg);
        return built;
    }
    if (input.key.isNull() || !input.key.isPrivate()) {
        built.problem = QCoreApplication::translate("ClientAssertionBuilder",
            secret ? "there is no client secret to sign with"
                   : "there is no private key to sign with");
        return built;
    }
    // What the server would refuse (a secret too short for the HMAC, a key of the wrong type),
    // said before sending; a short secret still signs, so the refusal can be seen on the wire.
    built.problem = ClientAssertion::keyMismatch(input.alg, input.key);
    built.jwt = Jws::compact(built.headerJson, built.claimsJson, input.alg, input.key);
    return built;
}

} // namespace ClientAssertionBuilder
