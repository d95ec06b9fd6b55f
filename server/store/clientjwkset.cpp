// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientjwkset.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace {

// JWK members that only a private key has (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2).
constexpr QLatin1StringView PrivateMembers[]
    = {"d"_L1, "p"_L1, "q"_L1, "dp"_L1, "dq"_L1, "qi"_L1, "oth"_L1, "k"_L1};

QString describeKey(const ClientKey &key)
{
    QString type;
    switch (key.key.type()) {
    case Key::Type::Rsa:
        type = u"RSA %1"_s.arg(key.key.bits());
        break;
    case Key::Type::Ec:
        type = u"EC P-%1"_s.arg(key.key.bits());
        break;
    case Key::Type::Ed25519:
        type = u"Ed25519"_s;
        break;
    case Key::Type::Oct:
    case Key::Type::None:
        type = u"unusable"_s;
        break;
    }
    return key.kid.isEmpty() ? u"no kid: "_s + type : u"kid %1: %2"_s.arg(key.kid, type);
}

} // namespace

QString ClientJwkSet::describe() const
{
    QStringList parts;
    for (const ClientKey &key : keys)
        parts.append(describeKey(key));
    const QString count = keys.size() == 1 ? u"1 key"_s : u"%1 keys"_s.arg(keys.size());
    return parts.isEmpty() ? count : count + u" ("_s + parts.join(u", "_s) + u")"_s;
}

namespace ClientJwks {

std::optional<ClientJwkSet> parse(const QJsonObject &jwks, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QJsonValue keysValue = jwks.value("keys"_L1);
    if (!keysValue.isArray())
        return fail(u"a JWK set is an object with a \"keys\" array (RFC 7517 §5)"_s);

    ClientJwkSet set;
    const QJsonArray keys = keysValue.toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString where = u"keys[%1]"_s.arg(i);
        if (!keys.at(i).isObject()) {
            set.skipped.append(where + u": not a JSON object"_s);
            continue;
        }
        const QJsonObject jwk = keys.at(i).toObject();
        const QString kty = jwk.value("kty"_L1).toString();
        if (kty == "oct"_L1) {
            set.skipped.append(where
                + u": a symmetric (\"oct\") key has no place in a published set; "
                  "client_secret_jwt uses the client secret"_s);
            continue;
        }
        bool hasPrivate = false;
        for (const QLatin1StringView member : PrivateMembers)
            hasPrivate = hasPrivate || jwk.contains(member);
        if (hasPrivate) {
            set.skipped.append(where
                + u": holds private key members; publish only the public key (RFC 7517 §5)"_s);
            continue;
        }
        ClientKey key;
        key.kid = jwk.value("kid"_L1).toString();
        key.alg = jwk.value("alg"_L1).toString();
        key.use = jwk.value("use"_L1).toString();
        if (!key.use.isEmpty() && key.use != "sig"_L1) {
            set.skipped.append(where + u": \"use\" is \"%1\", not \"sig\""_s.arg(key.use));
            continue;
        }
        QString problem;
        key.key = Key::fromJwk(jwk, &problem);
        if (key.key.isNull()) {
            set.skipped.append(where + u": "_s
                + (problem.isEmpty() ? u"not a key this server can read"_s : problem));
            continue;
        }
        set.keys.append(key);
    }
    return set;
}

std::optional<ClientJwkSet> parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        if (error) {
            *error = parseError.error != QJsonParseError::NoError
                ? u"not JSON: %1 at offset %2"_s.arg(parseError.errorString())
                      .arg(parseError.offset)
                : u"not a JSON object"_s;
        }
        return std::nullopt;
    }
    return parse(document.object(), error);
}

} // namespace ClientJwks
