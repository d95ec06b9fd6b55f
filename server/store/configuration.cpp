// SPDX-License-Identifier: GPL-3.0-or-later
#include "configuration.h"

#include "clientjwkset.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

// One year: long enough for any demo, short enough that a typo (extra zeros) is caught.
constexpr qint64 MaxAccessTokenLifetimeSeconds = 31536000;
constexpr qsizetype MaxClientIdLength = 255;
constexpr qsizetype MaxHostNameLength = 253; // RFC 1035 §2.3.4, without the trailing dot
constexpr qint64 MinTimeoutMilliseconds = ServerSettings::MinTimeoutMilliseconds;
constexpr qint64 MaxTimeoutMilliseconds = ServerSettings::MaxTimeoutMilliseconds;
constexpr qint64 MaxConnections = ServerSettings::MaxConnectionsLimit;
constexpr qint64 MinRequestBodyBytes = ServerSettings::MinRequestBodyBytes;
constexpr qint64 MaxRequestBodyBytes = ServerSettings::MaxRequestBodyBytes;

// The names a configuration may use come from the protocol catalogue (core/protocol.h).
const QStringList &knownAuthenticationMethods()
{
    static const QStringList methods = Protocol::authenticationMethodNames();
    return methods;
}

const QStringList &knownGrantTypes()
{
    static const QStringList grants = Protocol::grantTypes();
    return grants;
}

// How a character appears in a message: printable ones quoted, the rest as U+XXXX so that an
// invisible character in a pasted value can be found.
QString describeCodePoint(char32_t c)
{
    if (c == U' ')
        return u"a space"_s;
    if (c == U'"')
        return u"a double quote"_s;
    if (c == U'\\')
        return u"a backslash"_s;
    if (c >= 0x21 && c <= 0x7e)
        return u"\""_s + QChar(char16_t(c)) + u"\""_s;
    return u"U+"_s + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
}

// Finds the first code point the predicate rejects; positions are 1-based code points, which is
// what a user counts in a text field.
template<typename Allowed>
QString firstRejectedCharacter(const QString &text, Allowed allowed)
{
    qsizetype position = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        ++position;
        if (!allowed(c))
            return u"character %1 is %2"_s.arg(position).arg(describeCodePoint(c));
    }
    return {};
}

bool isUnreserved(char32_t c)
{
    // RFC 3986 §2.3 unreserved characters.
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')
        || c == U'-' || c == U'.' || c == U'_' || c == U'~';
}

// An IP literal (bracketed or not for IPv6) or a DNS-style name. '%' (IPv6 zone ids) is refused
// because it would need percent-encoding in the issuer URL.
bool isValidHostName(const QString &host)
{
    if (host.isEmpty() || host.size() > MaxHostNameLength || host.contains(u'%'))
        return false;
    if (host.startsWith(u'[')) {
        if (!host.endsWith(u']'))
            return false;
        const QHostAddress address(host.mid(1, host.size() - 2));
        return address.protocol() == QAbstractSocket::IPv6Protocol;
    }
    if (host.contains(u':'))
        return QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol;
    const QStringList labels = host.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty() || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
                || (u >= u'0' && u <= u'9') || u == u'-' || u == u'_';
            if (!ok)
                return false;
        }
    }
    return true;
}

// A value in a message, as a JSON string: control characters, line and paragraph separators
// and invisible format characters escaped as \uXXXX, so the message stays one line (a raw
// newline inside a JSON string is accepted by QJsonDocument) and shows what is there.
QString quoted(const QString &text)
{
    QString out = u"\""_s;
    for (const QChar c : text) {
        const QChar::Category category = c.category();
        if (c == u'"' || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (category == QChar::Other_Control || category == QChar::Other_Format
            || category == QChar::Separator_Line || category == QChar::Separator_Paragraph) {
            out += u"\\u"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
        } else {
            out += c;
        }
    }
    return out + u"\""_s;
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

QString dateTimeToJson(const QDateTime &dateTime)
{
    const QDateTime utc = dateTime.toUTC();
    return utc.toString(utc.time().msec() != 0 ? Qt::ISODateWithMs : Qt::ISODate);
}

// Reads one document, stopping at the first problem. Every read*() returns false after
// recording "path: message" in m_error, so callers just propagate false.
class Reader
{
public:
    const QString &error() const { return m_error; }

    bool readConfiguration(const QJsonObject &json, Configuration *config)
    {
        const QJsonValue version = json.value("version"_L1);
        if (version.isUndefined())
            return fail(u"version"_s, u"required member is missing"_s);
        qint64 number = 0;
        if (!toInteger(version, &number))
            return fail(u"version"_s, u"must be an integer, not "_s + describe(version));
        // Versions 1 and 2 are upgraded by reading them: the members later versions added take
        // their defaults.
        if (number < 1 || number > Configuration::CurrentVersion)
            return fail(u"version"_s,
                u"unsupported version %1 (this build reads 1 to %2)"_s.arg(number).arg(
                    Configuration::CurrentVersion));

        // Scopes before clients whatever the member order, since clients refer to scopes.
        return readServer(json, &config->server) && readScopes(json, &config->scopes)
            && readClients(json, *config, &config->clients) && readUsers(json, &config->users)
            && readResourceServer(json, &config->resourceServer);
    }

private:
    bool fail(const QString &path, const QString &message)
    {
        m_error = path + u": "_s + message;
        return false;
    }

    // A ConfigurationJson::validate... result: true when empty.
    bool checkValue(const QString &path, const QString &problem)
    {
        return problem.isEmpty() || fail(path, problem);
    }

    static QString describe(const QJsonValue &value)
    {
        if (value.isString())
            return u"the string "_s + quoted(value.toString());
        return jsonTypeName(value);
    }

    // JSON has only doubles; an integer is a finite number without a fraction.
    static bool toInteger(const QJsonValue &value, qint64 *out)
    {
        if (!value.isDouble())
            return false;
        const double d = value.toDouble();
        if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9007199254740992.0)
            return false;
        *out = static_cast<qint64>(d);
        return true;
    }

    // Absent and null both mean "use the default" for optional members.
    static bool isAbsent(const QJsonValue &value) { return value.isUndefined() || value.isNull(); }

    bool readObject(const QJsonValue &value, const QString &path, QJsonObject *out)
    {
        if (!value.isObject())
            return fail(path, u"must be an object, not "_s + describe(value));
        *out = value.toObject();
        return true;
    }

    bool readArray(
        const QJsonObject &parent, QLatin1StringView key, const QString &path, QJsonArray *out)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined())
            return fail(path, u"required member is missing"_s);
        if (!value.isArray())
            return fail(path, u"must be an array, not "_s + describe(value));
        *out = value.toArray();
        return true;
    }

    bool readString(const QJsonObject &parent, QLatin1StringView key, const QString &path,
        bool required, QString *out)
    {
        const QJsonValue value = parent.value(key);
        if (!required && isAbsent(value))
            return true;
        if (value.isUndefined())
            return fail(path, u"required member is missing"_s);
        if (!value.isString())
            return fail(path, u"must be a string, not "_s + describe(value));
        *out = value.toString();
        return true;
    }

    bool readInteger(const QJsonObject &parent, QLatin1StringView key, const QString &path,
        bool required, qint64 min, qint64 max, qint64 *out)
    {
        const QJsonValue value = parent.value(key);
        if (!required && isAbsent(value))
            return true;
        if (value.isUndefined())
            return fail(path, u"required member is missing"_s);
        qint64 number = 0;
        if (!toInteger(value, &number) || number < min || number > max)
            return fail(path, u"must be an integer from %1 to %2"_s.arg(min).arg(max));
        *out = number;
        return true;
    }

    bool readStringList(
        const QJsonObject &parent, QLatin1StringView key, const QString &path, QStringList *out)
    {
        QJsonArray array;
        if (!readArray(parent, key, path, &array))
            return false;
        QStringList result;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            const QString itemPath = path + u"[%1]"_s.arg(i);
            if (!item.isString())
                return fail(itemPath, u"must be a string, not "_s + describe(item));
            const QString text = item.toString();
            if (result.contains(text))
                return fail(itemPath, u"duplicate "_s + quoted(text));
            result.append(text);
        }
        *out = result;
        return true;
    }

    bool readServer(const QJsonObject &json, ServerSettings *server)
    {
        const QJsonValue value = json.value("server"_L1);
        if (isAbsent(value))
            return true;
        QJsonObject object;
        if (!readObject(value, u"server"_s, &object))
            return false;

        if (!readString(
                object, "bindAddress"_L1, u"server.bindAddress"_s, false, &server->bindAddress)) {
            return false;
        }
        if (QHostAddress address; !address.setAddress(server->bindAddress)) {
            return fail(u"server.bindAddress"_s,
                quoted(server->bindAddress)
                    + u" is not an IP address (for example 127.0.0.1, ::1, or 0.0.0.0 "
                      "for all interfaces)"_s);
        }

        qint64 port = server->port;
        if (!readInteger(object, "port"_L1, u"server.port"_s, false, 0, 65535, &port))
            return false;
        server->port = quint16(port);

        if (!readString(
                object, "contextPath"_L1, u"server.contextPath"_s, false, &server->contextPath)) {
            return false;
        }
        if (const QString problem = ConfigurationJson::validateContextPath(server->contextPath);
            !problem.isEmpty()) {
            return fail(u"server.contextPath"_s, problem);
        }

        if (!readString(object, "hostName"_L1, u"server.hostName"_s, false, &server->hostName))
            return false;
        if (!isValidHostName(server->hostName)) {
            return fail(u"server.hostName"_s,
                u"must be a host name such as localhost or an IP address, not "_s
                    + quoted(server->hostName));
        }

        if (!readInteger(object, "idleTimeoutMilliseconds"_L1, u"server.idleTimeoutMilliseconds"_s,
                false, MinTimeoutMilliseconds, MaxTimeoutMilliseconds,
                &server->idleTimeoutMilliseconds)) {
            return false;
        }
        if (!readInteger(object, "requestTimeoutMilliseconds"_L1,
                u"server.requestTimeoutMilliseconds"_s, false, MinTimeoutMilliseconds,
                MaxTimeoutMilliseconds, &server->requestTimeoutMilliseconds)) {
            return false;
        }
        qint64 maxConnections = server->maxConnections;
        if (!readInteger(object, "maxConnections"_L1, u"server.maxConnections"_s, false, 0,
                MaxConnections, &maxConnections)) {
            return false;
        }
        server->maxConnections = int(maxConnections);
        QString profile;
        if (!readString(object, "compatibilityProfile"_L1, u"server.compatibilityProfile"_s, false,
                &profile)) {
            return false;
        }
        if (object.contains("compatibilityProfile"_L1)) {
            if (profile == "spring"_L1) {
                server->profile = ServerSettings::Profile::Spring;
            } else if (profile == "strict"_L1) {
                server->profile = ServerSettings::Profile::Strict;
            } else {
                return fail(u"server.compatibilityProfile"_s,
                    u"must be \"spring\" or \"strict\", not "_s + quoted(profile));
            }
        }
        if (!readInteger(object, "maxRequestBodyBytes"_L1, u"server.maxRequestBodyBytes"_s, false,
                MinRequestBodyBytes, MaxRequestBodyBytes, &server->maxRequestBodyBytes)) {
            return false;
        }
        return true;
    }

    bool readScopes(const QJsonObject &json, QList<ScopeDefinition> *scopes)
    {
        QJsonArray array;
        if (!readArray(json, "scopes"_L1, u"scopes"_s, &array))
            return false;
        QSet<QString> names;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = u"scopes[%1]"_s.arg(i);
            QJsonObject object;
            if (!readObject(array.at(i), path, &object))
                return false;
            ScopeDefinition scope;
            const QString namePath = path + u".name"_s;
            if (!readString(object, "name"_L1, namePath, true, &scope.name))
                return false;
            if (const QString problem = ConfigurationJson::validateScopeName(scope.name);
                !problem.isEmpty()) {
                return fail(namePath, problem);
            }
            if (names.contains(scope.name))
                return fail(namePath, u"duplicate "_s + quoted(scope.name));
            names.insert(scope.name);
            if (!readString(object, "description"_L1, path + u".description"_s, false,
                    &scope.description)) {
                return false;
            }
            scopes->append(scope);
        }
        return true;
    }

    bool readKnownNames(const QJsonObject &object, QLatin1StringView key, const QString &path,
        const QStringList &known, const QString &what, QStringList *out)
    {
        if (!readStringList(object, key, path, out))
            return false;
        const QString knownList = u" (known: "_s + known.join(u", "_s) + u")"_s;
        if (out->isEmpty())
            return fail(path, u"must list at least one "_s + what + knownList);
        for (qsizetype i = 0; i < out->size(); ++i) {
            if (!known.contains(out->at(i))) {
                return fail(path + u"[%1]"_s.arg(i),
                    u"unknown "_s + what + u" "_s + quoted(out->at(i)) + knownList);
            }
        }
        return true;
    }

    bool readClient(const QJsonObject &object, const QString &path, const Configuration &config,
        QSet<QString> *ids, ClientRegistration *client)
    {
        const QString idPath = path + u".clientId"_s;
        if (!readString(object, "clientId"_L1, idPath, true, &client->clientId))
            return false;
        if (const QString problem = ConfigurationJson::validateClientId(client->clientId);
            !problem.isEmpty()) {
            return fail(idPath, problem);
        }
        if (ids->contains(client->clientId))
            return fail(idPath, u"duplicate "_s + quoted(client->clientId));
        ids->insert(client->clientId);

        const QString secretPath = path + u".clientSecret"_s;
        if (!readString(object, "clientSecret"_L1, secretPath, false, &client->clientSecret))
            return false;

        if (!readString(
                object, "displayName"_L1, path + u".displayName"_s, false, &client->displayName)) {
            return false;
        }

        if (!readKnownNames(object, "authenticationMethods"_L1, path + u".authenticationMethods"_s,
                knownAuthenticationMethods(), u"method"_s, &client->authenticationMethods)) {
            return false;
        }

        if (!readKnownNames(object, "grantTypes"_L1, path + u".grantTypes"_s, knownGrantTypes(),
                u"grant type"_s, &client->grantTypes)) {
            return false;
        }
        // A secret is needed as soon as one of its methods authenticates with it
        // (private_key_jwt alone needs none).
        const bool needsSecret = std::any_of(client->authenticationMethods.cbegin(),
            client->authenticationMethods.cend(),
            [](const QString &method) { return Protocol::usesSecret(method); });
        if (needsSecret && client->clientSecret.isEmpty()) {
            if (!object.contains("clientSecret"_L1))
                return fail(secretPath, u"required member is missing"_s);
            return fail(secretPath, u"must not be empty"_s);
        }
        if (!readClientKeys(object, path, client))
            return false;

        const QString scopesPath = path + u".scopes"_s;
        if (!readStringList(object, "scopes"_L1, scopesPath, &client->scopes))
            return false;
        for (qsizetype i = 0; i < client->scopes.size(); ++i) {
            if (!config.findScope(client->scopes.at(i))) {
                return fail(scopesPath + u"[%1]"_s.arg(i),
                    u"scope "_s + quoted(client->scopes.at(i))
                        + u" is not defined in \"scopes\""_s);
            }
        }

        if (!readInteger(object, "accessTokenLifetimeSeconds"_L1,
                path + u".accessTokenLifetimeSeconds"_s, true, 1, MaxAccessTokenLifetimeSeconds,
                &client->accessTokenLifetimeSeconds)) {
            return false;
        }

        const QString expiresPath = path + u".clientSecretExpiresAt"_s;
        QString expires;
        if (!readString(object, "clientSecretExpiresAt"_L1, expiresPath, false, &expires))
            return false;
        if (!object.value("clientSecretExpiresAt"_L1).isString())
            return true;
        // A time without a zone would depend on the machine's zone, so it is refused.
        const QDateTime parsed = QDateTime::fromString(expires, Qt::ISODateWithMs);
        if (!parsed.isValid() || parsed.timeSpec() == Qt::LocalTime) {
            return fail(expiresPath,
                u"must be an ISO 8601 date and time in UTC such as "
                "2030-01-01T00:00:00Z, not "_s
                    + quoted(expires));
        }
        client->clientSecretExpiresAt = parsed.toUTC();
        return true;
    }

    // jwks, jwksUri and assertionMaxLifetimeSeconds (the JWT client-authentication methods).
    bool readClientKeys(const QJsonObject &object, const QString &path, ClientRegistration *client)
    {
        const QString jwksPath = path + u".jwks"_s;
        const QJsonValue jwks = object.value("jwks"_L1);
        if (!isAbsent(jwks)) {
            QJsonObject set;
            if (!readObject(jwks, jwksPath, &set))
                return false;
            if (const QString problem = ConfigurationJson::validateJwks(set); !problem.isEmpty())
                return fail(jwksPath, problem);
            client->jwks = set;
        }

        const QString uriPath = path + u".jwksUri"_s;
        if (!readString(object, "jwksUri"_L1, uriPath, false, &client->jwksUri))
            return false;
        if (!client->jwksUri.isEmpty()) {
            if (const QString problem = ConfigurationJson::validateJwksUri(client->jwksUri);
                !problem.isEmpty()) {
                return fail(uriPath, problem);
            }
        }

        if (!client->jwks.isEmpty() && !client->jwksUri.isEmpty()) {
            return fail(uriPath,
                u"give the client's keys either inline (\"jwks\") or by URL (\"jwksUri\"), "
                "not both (RFC 7591 §2)"_s);
        }
        if (client->allowsAuthenticationMethod(AuthMethod::PrivateKeyJwt) && client->jwks.isEmpty()
            && client->jwksUri.isEmpty()) {
            return fail(path + u".authenticationMethods"_s,
                u"private_key_jwt needs the client's public keys: add \"jwks\" (a JWK set) or "
                "\"jwksUri\" (where the server fetches it)"_s);
        }

        if (!readInteger(object, "assertionMaxLifetimeSeconds"_L1,
                path + u".assertionMaxLifetimeSeconds"_s, false,
                ClientRegistration::MinAssertionMaxLifetimeSeconds,
                ClientRegistration::MaxAssertionMaxLifetimeSeconds,
                &client->assertionMaxLifetimeSeconds)) {
            return false;
        }

        const QString keyPath = path + u".appPrivateKeyPem"_s;
        if (!readString(object, "appPrivateKeyPem"_L1, keyPath, false, &client->appPrivateKeyPem))
            return false;
        if (client->appPrivateKeyPem.isEmpty())
            return true;
        QString problem;
        const Key key = Key::fromPem(client->appPrivateKeyPem.toUtf8(), &problem);
        if (key.isNull() || !key.isPrivate() || key.type() == Key::Type::Oct) {
            return fail(keyPath,
                u"must be a PEM private key (RSA, EC or Ed25519)"_s
                    + (problem.isEmpty() ? QString() : u": "_s + problem));
        }
        // Its public half must be among the client's registered keys, or what the composer signs
        // could never verify.
        const std::optional<ClientJwkSet> set = ClientJwks::parse(client->jwks, nullptr);
        const QString thumbprint = key.thumbprint();
        const bool published = set
            && std::any_of(set->keys.cbegin(), set->keys.cend(),
                [&thumbprint](const ClientKey &k) { return k.key.thumbprint() == thumbprint; });
        if (!published)
            return fail(keyPath, u"its public key is not in the client's \"jwks\""_s);
        return true;
    }

    // The members version 2 added; each optional.
    bool readTokenSettings(
        const QJsonObject &object, const QString &path, ClientRegistration *client)
    {
        const QString formatPath = path + u".tokenFormat"_s;
        if (!readString(object, "tokenFormat"_L1, formatPath, false, &client->tokenFormat))
            return false;
        const QStringList formats = Protocol::tokenFormats();
        if (!formats.contains(client->tokenFormat)) {
            return fail(formatPath,
                u"unknown token format "_s + quoted(client->tokenFormat) + u" (known: "_s
                    + formats.join(u", "_s) + u")"_s);
        }

        const QString audiencePath = path + u".audience"_s;
        if (!isAbsent(object.value("audience"_L1))) {
            if (!readStringList(object, "audience"_L1, audiencePath, &client->audience))
                return false;
            for (qsizetype i = 0; i < client->audience.size(); ++i) {
                if (client->audience.at(i).isEmpty())
                    return fail(audiencePath + u"[%1]"_s.arg(i), u"must not be empty"_s);
            }
        }

        const QString claimsPath = path + u".extraClaims"_s;
        const QJsonValue claims = object.value("extraClaims"_L1);
        if (!isAbsent(claims)) {
            if (!readObject(claims, claimsPath, &client->extraClaims))
                return false;
            const QStringList registered = Protocol::registeredClaims();
            for (auto it = client->extraClaims.constBegin(); it != client->extraClaims.constEnd();
                 ++it) {
                if (registered.contains(it.key())) {
                    return fail(claimsPath + u"."_s + it.key(),
                        quoted(it.key())
                            + u" is a claim the server sets in every access token (RFC 7519 §4.1);"
                              " it cannot be an extra claim"_s);
                }
            }
        }

        // jwksUri is read with the other keys (readClientKeys).
        return true;
    }

    bool readBool(const QJsonObject &object, QLatin1StringView key, const QString &path, bool *out)
    {
        const QJsonValue value = object.value(key);
        if (isAbsent(value))
            return true;
        if (!value.isBool())
            return fail(path, u"must be true or false, not "_s + describe(value));
        *out = value.toBool();
        return true;
    }

    bool readUriList(
        const QJsonObject &object, QLatin1StringView key, const QString &path, QStringList *out)
    {
        if (isAbsent(object.value(key)))
            return true;
        if (!readStringList(object, key, path, out))
            return false;
        for (qsizetype i = 0; i < out->size(); ++i) {
            if (const QString problem = ConfigurationJson::validateRedirectUri(out->at(i));
                !problem.isEmpty()) {
                return fail(path + u"[%1]"_s.arg(i), problem);
            }
        }
        return true;
    }

    // The members version 3 added: authorization code, PKCE, consent, logout, refresh tokens.
    // The rules between them are ConfigurationJson's, which the client form shows too.
    bool readAuthorizationSettings(
        const QJsonObject &object, const QString &path, ClientRegistration *client)
    {
        if (const QString problem
            = ConfigurationJson::validateAuthenticationMethods(client->authenticationMethods);
            !problem.isEmpty()) {
            return fail(path + u".authenticationMethods"_s, problem);
        }
        if (const QString problem = ConfigurationJson::validateGrantTypes(*client);
            !problem.isEmpty()) {
            return fail(path + u".grantTypes"_s, problem);
        }
        if (!readUriList(
                object, "redirectUris"_L1, path + u".redirectUris"_s, &client->redirectUris)
            || !readUriList(object, "postLogoutRedirectUris"_L1,
                path + u".postLogoutRedirectUris"_s, &client->postLogoutRedirectUris)) {
            return false;
        }
        if (const QString problem = ConfigurationJson::validateRedirectUriPresence(*client);
            !problem.isEmpty()) {
            return fail(path + u".redirectUris"_s, problem);
        }
        client->rotateRefreshTokens = client->isPublic();
        if (!readBool(object, "requirePkce"_L1, path + u".requirePkce"_s, &client->requirePkce)
            || !readBool(
                object, "allowPlainPkce"_L1, path + u".allowPlainPkce"_s, &client->allowPlainPkce)
            || !readBool(
                object, "requireConsent"_L1, path + u".requireConsent"_s, &client->requireConsent)
            || !readBool(object, "rotateRefreshTokens"_L1, path + u".rotateRefreshTokens"_s,
                &client->rotateRefreshTokens)) {
            return false;
        }
        // Absent, it follows from the method; only a stated false breaks the rule.
        if (!object.value("requirePkce"_L1).isBool() && client->isPublic())
            client->requirePkce = true;
        if (const QString problem = ConfigurationJson::validatePkce(*client); !problem.isEmpty())
            return fail(path + u".requirePkce"_s, problem);
        return readInteger(object, "authorizationCodeLifetimeSeconds"_L1,
                   path + u".authorizationCodeLifetimeSeconds"_s, false, 1,
                   ClientRegistration::MaxAuthorizationCodeLifetimeSeconds,
                   &client->authorizationCodeLifetimeSeconds)
            && readInteger(object, "refreshTokenLifetimeSeconds"_L1,
                path + u".refreshTokenLifetimeSeconds"_s, false, 1,
                ClientRegistration::MaxRefreshTokenLifetimeSeconds,
                &client->refreshTokenLifetimeSeconds);
    }

    // Optional: absent (a version 1 or 2 file) means the default user; [] means none.
    bool readUsers(const QJsonObject &json, QList<TestUser> *users)
    {
        const QJsonValue value = json.value("users"_L1);
        if (isAbsent(value)) {
            *users = {Configuration::defaultUser()};
            return true;
        }
        QJsonArray array;
        if (!readArray(json, "users"_L1, u"users"_s, &array))
            return false;
        QSet<QString> names;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = u"users[%1]"_s.arg(i);
            QJsonObject object;
            if (!readObject(array.at(i), path, &object))
                return false;
            TestUser user;
            const QString namePath = path + u".username"_s;
            if (!readString(object, "username"_L1, namePath, true, &user.username))
                return false;
            if (const QString problem = ConfigurationJson::validateUsername(user.username);
                !problem.isEmpty()) {
                return fail(namePath, problem);
            }
            if (names.contains(user.username))
                return fail(namePath, u"duplicate "_s + quoted(user.username));
            names.insert(user.username);
            const QString passwordPath = path + u".password"_s;
            if (!readString(object, "password"_L1, passwordPath, true, &user.password))
                return false;
            if (const QString problem = ConfigurationJson::validateUserPassword(user.password);
                !problem.isEmpty()) {
                return fail(passwordPath, problem);
            }
            if (!readString(object, "name"_L1, path + u".name"_s, false, &user.name)
                || !readString(
                    object, "givenName"_L1, path + u".givenName"_s, false, &user.givenName)
                || !readString(
                    object, "familyName"_L1, path + u".familyName"_s, false, &user.familyName)
                || !readString(object, "email"_L1, path + u".email"_s, false, &user.email)
                || !checkValue(path + u".email"_s, ConfigurationJson::validateEmail(user.email))
                || !readBool(
                    object, "emailVerified"_L1, path + u".emailVerified"_s, &user.emailVerified)) {
                return false;
            }
            const QJsonValue claims = object.value("extraClaims"_L1);
            if (!isAbsent(claims)) {
                const QString claimsPath = path + u".extraClaims"_s;
                if (!readObject(claims, claimsPath, &user.extraClaims))
                    return false;
                for (auto it = user.extraClaims.constBegin(); it != user.extraClaims.constEnd();
                     ++it) {
                    if (const QString problem = ConfigurationJson::validateUserClaimName(it.key());
                        !problem.isEmpty()) {
                        return fail(claimsPath + u"."_s + it.key(), problem);
                    }
                }
            }
            users->append(user);
        }
        return true;
    }

    bool readClients(
        const QJsonObject &json, const Configuration &config, QList<ClientRegistration> *clients)
    {
        QJsonArray array;
        if (!readArray(json, "clients"_L1, u"clients"_s, &array))
            return false;
        QSet<QString> ids;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = u"clients[%1]"_s.arg(i);
            QJsonObject object;
            if (!readObject(array.at(i), path, &object))
                return false;
            ClientRegistration client;
            if (!readClient(object, path, config, &ids, &client)
                || !readTokenSettings(object, path, &client)
                || !readAuthorizationSettings(object, path, &client)) {
                return false;
            }
            clients->append(client);
        }
        return true;
    }

    // Optional: absent means the defaults (docs/configuration.md, "resourceServer").
    bool readResourceServer(const QJsonObject &json, ResourceServerSettings *resource)
    {
        const QJsonValue value = json.value("resourceServer"_L1);
        if (isAbsent(value))
            return true;
        QJsonObject object;
        if (!readObject(value, u"resourceServer"_s, &object))
            return false;
        const QString at = u"resourceServer."_s;
        if (const QJsonValue enabled = object.value("enabled"_L1); !isAbsent(enabled)) {
            if (!enabled.isBool())
                return fail(
                    at + u"enabled"_s, u"must be true or false, not "_s + describe(enabled));
            resource->enabled = enabled.toBool();
        }
        if (!readString(
                object, "bindAddress"_L1, at + u"bindAddress"_s, false, &resource->bindAddress)) {
            return false;
        }
        if (QHostAddress address; !address.setAddress(resource->bindAddress)) {
            return fail(at + u"bindAddress"_s,
                quoted(resource->bindAddress) + u" is not an IPv4 or IPv6 address"_s);
        }
        qint64 port = resource->port;
        if (!readInteger(object, "port"_L1, at + u"port"_s, false, 0, 65535, &port))
            return false;
        resource->port = quint16(port);
        if (!readString(
                object, "contextPath"_L1, at + u"contextPath"_s, false, &resource->contextPath)) {
            return false;
        }
        if (const QString problem = ConfigurationJson::validateContextPath(resource->contextPath);
            !problem.isEmpty()) {
            return fail(at + u"contextPath"_s, problem);
        }
        QString validation = ResourceServerSettings::validationName(resource->validation);
        if (!readString(object, "validation"_L1, at + u"validation"_s, false, &validation))
            return false;
        if (!ResourceServerSettings::validationFromName(validation, &resource->validation)) {
            return fail(at + u"validation"_s,
                u"must be \"jwt\", \"introspect-opaque\" or \"introspect\", not "_s
                    + quoted(validation));
        }
        if (!readString(object, "introspectionClientId"_L1, at + u"introspectionClientId"_s, false,
                &resource->introspectionClientId)
            || !readString(object, "introspectionClientSecret"_L1,
                at + u"introspectionClientSecret"_s, false, &resource->introspectionClientSecret)) {
            return false;
        }
        QString auth = ResourceServerSettings::introspectionAuthName(resource->introspectionAuth);
        if (!readString(object, "introspectionAuthMethod"_L1, at + u"introspectionAuthMethod"_s,
                false, &auth)) {
            return false;
        }
        if (auth == "client_secret_basic"_L1) {
            resource->introspectionAuth
                = ResourceServerSettings::IntrospectionAuth::ClientSecretBasic;
        } else if (auth == "client_secret_post"_L1) {
            resource->introspectionAuth
                = ResourceServerSettings::IntrospectionAuth::ClientSecretPost;
        } else {
            return fail(at + u"introspectionAuthMethod"_s,
                u"must be \"client_secret_basic\" or \"client_secret_post\", not "_s
                    + quoted(auth));
        }
        if (!isAbsent(object.value("audience"_L1))
            && !readStringList(object, "audience"_L1, at + u"audience"_s, &resource->audience)) {
            return false;
        }
        for (const auto &[key, flag] :
            {std::pair {"allowFormBodyToken"_L1, &resource->allowFormBodyToken},
                std::pair {"allowQueryToken"_L1, &resource->allowQueryToken}}) {
            const QJsonValue member = object.value(key);
            if (isAbsent(member))
                continue;
            if (!member.isBool())
                return fail(at + key, u"must be true or false, not "_s + describe(member));
            *flag = member.toBool();
        }
        const QJsonValue routes = object.value("routeScopes"_L1);
        if (isAbsent(routes))
            return true;
        QJsonObject table;
        if (!readObject(routes, at + u"routeScopes"_s, &table))
            return false;
        QList<ResourceRouteScope> scopes = ResourceServerSettings::defaultRouteScopes();
        for (auto it = table.constBegin(); it != table.constEnd(); ++it) {
            const QString path = at + u"routeScopes["_s + quoted(it.key()) + u"]"_s;
            const auto entry = std::find_if(scopes.begin(), scopes.end(),
                [&](const ResourceRouteScope &route) { return route.route == it.key(); });
            if (entry == scopes.end()) {
                QStringList names;
                for (const ResourceRouteScope &route : std::as_const(scopes))
                    names.append(quoted(route.route));
                return fail(
                    path, u"is not a route of the API; the routes are "_s + names.join(u", "_s));
            }
            if (!it.value().isString())
                return fail(path, u"must be a string, not "_s + describe(it.value()));
            const QString scope = it.value().toString();
            if (!scope.isEmpty()) {
                if (const QString problem = ConfigurationJson::validateScopeName(scope);
                    !problem.isEmpty()) {
                    return fail(path, problem);
                }
            }
            entry->scope = scope;
        }
        resource->routeScopes = scopes;
        return true;
    }

    QString m_error;
};

} // namespace

QString ServerSettings::issuer(quint16 boundPort) const
{
    // RFC 3986 §3.2.2: an IPv6 literal is bracketed in a URL authority.
    const bool bareIpv6 = hostName.contains(u':') && !hostName.startsWith(u'[');
    const QString host = bareIpv6 ? u"["_s + hostName + u"]"_s : hostName;
    return u"http://"_s + host + u":"_s + QString::number(boundPort) + contextPath;
}

const ClientRegistration *Configuration::findClient(QStringView clientId) const
{
    for (const ClientRegistration &client : clients) {
        if (client.clientId == clientId)
            return &client;
    }
    return nullptr;
}

const TestUser *Configuration::findUser(QStringView username) const
{
    for (const TestUser &user : users) {
        if (user.username == username)
            return &user;
    }
    return nullptr;
}

TestUser Configuration::defaultUser()
{
    TestUser user;
    user.username = u"user1"_s;
    user.password = u"password"_s;
    user.name = u"User One"_s;
    user.givenName = u"User"_s;
    user.familyName = u"One"_s;
    user.email = u"user1@example.com"_s;
    user.emailVerified = true;
    return user;
}

const ScopeDefinition *Configuration::findScope(QStringView name) const
{
    for (const ScopeDefinition &scope : scopes) {
        if (scope.name == name)
            return &scope;
    }
    return nullptr;
}

Configuration Configuration::defaults()
{
    Configuration config;
    config.scopes = {
        {u"country.read"_s, u"Read the country reference data"_s},
        {u"customer.read"_s, u"Read customer records"_s},
        {u"customer.write"_s, u"Create and update customer records"_s},
        // OpenID Connect Core §5.4; "openid" makes the request an OpenID Connect one (§3.1.2.1).
        {u"openid"_s, u"Sign you in and tell the app who you are"_s},
        {u"profile"_s, u"Your name and other profile details"_s},
        {u"email"_s, u"Your email address and whether it is verified"_s},
    };

    // Where the series' client helper publishes the private_key_jwt clients' public key.
    const QString helperJwks = u"http://localhost:8095/ms-auth-client/oauth2/jwks"_s;
    const auto client = [](const QString &id, const QString &secret, const QString &name,
                            QList<QStringView> methods, QStringView format) {
        ClientRegistration registration;
        registration.clientId = id;
        registration.clientSecret = secret;
        registration.displayName = name;
        for (const QStringView method : methods)
            registration.authenticationMethods.append(method.toString());
        registration.grantTypes = {GrantType::ClientCredentials.toString()};
        registration.scopes = {u"country.read"_s, u"customer.read"_s, u"customer.write"_s};
        // The seed's sample answers expires_in 14399.
        registration.accessTokenLifetimeSeconds = 4 * 60 * 60;
        registration.tokenFormat = format.toString();
        return registration;
    };
    config.clients = {
        client(u"service-client-jwt"_s, u"service-client-jwt-secret"_s, u"Service client (JWT)"_s,
            {AuthMethod::ClientSecretPost, AuthMethod::ClientSecretBasic}, TokenFormat::Jwt),
        client(u"user-client-opaque"_s, u"user-client-secret"_s, u"User client (opaque)"_s,
            {AuthMethod::ClientSecretPost}, TokenFormat::Reference),
        // Its secret is 26 bytes, too short for HS256 (RFC 7518 §3.2): as in the series, it
        // authenticates with client_secret_post.
        client(u"client_secret_jwt_client"_s, u"client_secret_jwt_password"_s,
            u"client_secret_jwt client (series)"_s,
            {AuthMethod::ClientSecretJwt, AuthMethod::ClientSecretPost}, TokenFormat::Jwt),
        client(u"privatekeyjwt_jwt_client"_s, QString(), u"private_key_jwt client (JWT)"_s,
            {AuthMethod::PrivateKeyJwt}, TokenFormat::Jwt),
        client(u"privatekey-jwt-client-opaque"_s, QString(), u"private_key_jwt client (opaque)"_s,
            {AuthMethod::PrivateKeyJwt}, TokenFormat::Reference),
        client(u"jwt-secret-client"_s, u"jwt-secret-client-secret-with-32-bytes"_s,
            u"client_secret_jwt client"_s, {AuthMethod::ClientSecretJwt}, TokenFormat::Jwt),
    };
    config.clients[3].jwksUri = helperJwks;
    config.clients[4].jwksUri = helperJwks;

    // The sign-in clients (authorization code): a web app on Spring Security's oauth2Login
    // default redirect path, and a native or single-page app on any loopback port.
    ClientRegistration web = client(u"web-client"_s, u"web-client-secret"_s, u"Web app"_s,
        {AuthMethod::ClientSecretBasic}, TokenFormat::Jwt);
    web.grantTypes = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    web.scopes = {u"openid"_s, u"profile"_s, u"email"_s, u"country.read"_s, u"customer.read"_s,
        u"customer.write"_s};
    web.redirectUris = {u"http://127.0.0.1:8080/login/oauth2/code/web-client"_s};
    web.postLogoutRedirectUris = {u"http://127.0.0.1:8080/"_s};
    web.requireConsent = true;
    web.accessTokenLifetimeSeconds = 300;
    config.clients.append(web);

    ClientRegistration publicClient = client(u"public-client"_s, QString(), u"Public app (PKCE)"_s,
        {AuthMethod::None}, TokenFormat::Jwt);
    publicClient.grantTypes
        = {GrantType::AuthorizationCode.toString(), GrantType::RefreshToken.toString()};
    publicClient.scopes = {u"openid"_s, u"profile"_s, u"country.read"_s};
    publicClient.redirectUris = {u"http://127.0.0.1/callback"_s};
    publicClient.postLogoutRedirectUris = {u"http://127.0.0.1/logged-out"_s};
    publicClient.requirePkce = true;
    publicClient.rotateRefreshTokens = true;
    publicClient.accessTokenLifetimeSeconds = 300;
    config.clients.append(publicClient);

    config.users = {defaultUser()};
    return config;
}

namespace ConfigurationJson {

QJsonObject toJson(const Configuration &config)
{
    const QJsonObject server {
        {"bindAddress"_L1, config.server.bindAddress},
        {"port"_L1, int(config.server.port)},
        {"contextPath"_L1, config.server.contextPath},
        {"hostName"_L1, config.server.hostName},
        {"idleTimeoutMilliseconds"_L1, config.server.idleTimeoutMilliseconds},
        {"requestTimeoutMilliseconds"_L1, config.server.requestTimeoutMilliseconds},
        {"maxConnections"_L1, config.server.maxConnections},
        {"maxRequestBodyBytes"_L1, config.server.maxRequestBodyBytes},
        {"compatibilityProfile"_L1,
            config.server.profile == ServerSettings::Profile::Strict ? u"strict"_s : u"spring"_s},
    };

    QJsonArray scopes;
    for (const ScopeDefinition &scope : config.scopes)
        scopes.append(QJsonObject {{"name"_L1, scope.name}, {"description"_L1, scope.description}});

    QJsonArray clients;
    for (const ClientRegistration &client : config.clients) {
        QJsonObject object {
            {"clientId"_L1, client.clientId},
            {"displayName"_L1, client.displayName},
            {"authenticationMethods"_L1, QJsonArray::fromStringList(client.authenticationMethods)},
            {"grantTypes"_L1, QJsonArray::fromStringList(client.grantTypes)},
            {"scopes"_L1, QJsonArray::fromStringList(client.scopes)},
            {"accessTokenLifetimeSeconds"_L1, client.accessTokenLifetimeSeconds},
            {"tokenFormat"_L1, client.tokenFormat},
        };
        // Written only when set, so a client without them reads as it did in version 1.
        if (!client.clientSecret.isEmpty())
            object.insert("clientSecret"_L1, client.clientSecret);
        if (!client.audience.isEmpty())
            object.insert("audience"_L1, QJsonArray::fromStringList(client.audience));
        if (!client.extraClaims.isEmpty())
            object.insert("extraClaims"_L1, client.extraClaims);
        if (client.clientSecretExpiresAt)
            object.insert(
                "clientSecretExpiresAt"_L1, dateTimeToJson(*client.clientSecretExpiresAt));
        if (!client.jwks.isEmpty())
            object.insert("jwks"_L1, client.jwks);
        if (!client.jwksUri.isEmpty())
            object.insert("jwksUri"_L1, client.jwksUri);
        if (!client.appPrivateKeyPem.isEmpty())
            object.insert("appPrivateKeyPem"_L1, client.appPrivateKeyPem);
        if (client.assertionMaxLifetimeSeconds
            != ClientRegistration::DefaultAssertionMaxLifetimeSeconds) {
            object.insert("assertionMaxLifetimeSeconds"_L1, client.assertionMaxLifetimeSeconds);
        }
        if (!client.redirectUris.isEmpty())
            object.insert("redirectUris"_L1, QJsonArray::fromStringList(client.redirectUris));
        if (!client.postLogoutRedirectUris.isEmpty()) {
            object.insert("postLogoutRedirectUris"_L1,
                QJsonArray::fromStringList(client.postLogoutRedirectUris));
        }
        if (client.requirePkce && !client.isPublic())
            object.insert("requirePkce"_L1, true);
        if (client.allowPlainPkce)
            object.insert("allowPlainPkce"_L1, true);
        if (client.requireConsent)
            object.insert("requireConsent"_L1, true);
        if (client.authorizationCodeLifetimeSeconds
            != ClientRegistration::DefaultAuthorizationCodeLifetimeSeconds) {
            object.insert(
                "authorizationCodeLifetimeSeconds"_L1, client.authorizationCodeLifetimeSeconds);
        }
        if (client.refreshTokenLifetimeSeconds
            != ClientRegistration::DefaultRefreshTokenLifetimeSeconds) {
            object.insert("refreshTokenLifetimeSeconds"_L1, client.refreshTokenLifetimeSeconds);
        }
        // Its default depends on the client being public; written when it differs.
        if (client.rotateRefreshTokens != client.isPublic())
            object.insert("rotateRefreshTokens"_L1, client.rotateRefreshTokens);
        clients.append(object);
    }

    QJsonArray users;
    for (const TestUser &user : config.users) {
        QJsonObject object {
            {"username"_L1, user.username},
            {"password"_L1, user.password},
            {"emailVerified"_L1, user.emailVerified},
        };
        for (const auto &[key, value] :
            {std::pair {"name"_L1, &user.name}, std::pair {"givenName"_L1, &user.givenName},
                std::pair {"familyName"_L1, &user.familyName},
                std::pair {"email"_L1, &user.email}}) {
            if (!value->isEmpty())
                object.insert(key, *value);
        }
        if (!user.extraClaims.isEmpty())
            object.insert("extraClaims"_L1, user.extraClaims);
        users.append(object);
    }

    const ResourceServerSettings &resource = config.resourceServer;
    QJsonObject routeScopes;
    for (const ResourceRouteScope &route : resource.routeScopes)
        routeScopes.insert(route.route, route.scope);
    QJsonObject resourceServer {
        {"enabled"_L1, resource.enabled},
        {"bindAddress"_L1, resource.bindAddress},
        {"port"_L1, int(resource.port)},
        {"contextPath"_L1, resource.contextPath},
        {"validation"_L1, ResourceServerSettings::validationName(resource.validation)},
        {"introspectionClientId"_L1, resource.introspectionClientId},
        {"introspectionClientSecret"_L1, resource.introspectionClientSecret},
        {"introspectionAuthMethod"_L1,
            ResourceServerSettings::introspectionAuthName(resource.introspectionAuth)},
        {"allowFormBodyToken"_L1, resource.allowFormBodyToken},
        {"allowQueryToken"_L1, resource.allowQueryToken},
        {"routeScopes"_L1, routeScopes},
    };
    if (!resource.audience.isEmpty())
        resourceServer.insert("audience"_L1, QJsonArray::fromStringList(resource.audience));

    return QJsonObject {
        {"version"_L1, Configuration::CurrentVersion},
        {"server"_L1, server},
        {"scopes"_L1, scopes},
        {"clients"_L1, clients},
        {"users"_L1, users},
        {"resourceServer"_L1, resourceServer},
    };
}

Expected<Configuration, QString> fromJson(const QJsonObject &json)
{
    Reader reader;
    Configuration config;
    if (reader.readConfiguration(json, &config))
        return config;
    return Unexpected(reader.error());
}

QString validateClientId(const QString &clientId)
{
    if (clientId.isEmpty())
        return u"must not be empty"_s;
    if (clientId.size() > MaxClientIdLength)
        return u"must be at most %1 characters, not %2"_s.arg(MaxClientIdLength)
            .arg(clientId.size());
    // Stricter than RFC 6749 Appendix A.1 (which allows spaces) because a client_id with a space
    // is hard to tell apart in forms, logs and curl commands.
    const QString rejected
        = firstRejectedCharacter(clientId, [](char32_t c) { return c >= 0x21 && c <= 0x7e; });
    if (!rejected.isEmpty())
        return u"must contain only visible ASCII characters (no spaces), but "_s + rejected;
    return {};
}

QString validateScopeName(const QString &name)
{
    if (name.isEmpty())
        return u"must not be empty"_s;
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    const QString rejected = firstRejectedCharacter(name, [](char32_t c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
    });
    if (!rejected.isEmpty()) {
        return u"must contain only visible ASCII characters other than \" and \\ "
               "(RFC 6749 §3.3), but "_s
            + rejected;
    }
    return {};
}

QString validateJwks(const QJsonObject &jwks)
{
    QString error;
    const std::optional<ClientJwkSet> set = ClientJwks::parse(jwks, &error);
    if (!set)
        return error;
    if (!set->skipped.isEmpty())
        return set->skipped.first();
    if (set->keys.isEmpty())
        return u"the JWK set has no key (\"keys\" is empty)"_s;
    return {};
}

QString validateJwksUri(const QString &uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
        || url.host().isEmpty()) {
        return u"must be an http or https URL such as "
               "http://localhost:8095/ms-auth-client/oauth2/jwks, not "_s
            + quoted(uri);
    }
    if (url.hasFragment())
        return u"must not have a fragment (\"#...\")"_s;
    if (!url.userInfo().isEmpty())
        return u"must not carry a user name or password"_s;
    return {};
}

QString validateRedirectUri(const QString &uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    if (uri.isEmpty() || !url.isValid() || url.isRelative()) {
        return u"must be an absolute URI such as "
               "http://127.0.0.1:8080/login/oauth2/code/web-client, not "_s
            + quoted(uri);
    }
    if (url.hasFragment())
        return u"must not have a fragment (\"#...\", RFC 6749 §3.1.2)"_s;
    const QString scheme = url.scheme();
    if ((scheme == "http"_L1 || scheme == "https"_L1) && url.host().isEmpty())
        return u"must name a host"_s;
    if (!url.userInfo().isEmpty())
        return u"must not carry a user name or password"_s;
    return {};
}

bool isLoopbackRedirectUri(const QString &uri)
{
    const QUrl url(uri);
    if (url.scheme() != "http"_L1)
        return false;
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

QString validateUsername(const QString &username)
{
    if (username.isEmpty())
        return u"must not be empty"_s;
    if (username.size() > MaxClientIdLength)
        return u"must be at most %1 characters, not %2"_s.arg(MaxClientIdLength)
            .arg(username.size());
    const QString rejected
        = firstRejectedCharacter(username, [](char32_t c) { return c >= 0x21 && c <= 0x7e; });
    if (!rejected.isEmpty())
        return u"must contain only visible ASCII characters (no spaces), but "_s + rejected;
    return {};
}

QString validateUserPassword(const QString &password)
{
    if (password.isEmpty())
        return u"must not be empty"_s;
    return {};
}

QString validateEmail(const QString &email)
{
    if (email.isEmpty())
        return {};
    const qsizetype at = email.indexOf(u'@');
    const bool shaped = at > 0 && at == email.lastIndexOf(u'@') && at < email.size() - 1
        && std::none_of(email.cbegin(), email.cend(), [](QChar c) { return c.isSpace(); });
    if (!shaped)
        return u"must be an address such as user1@example.com, not "_s + quoted(email);
    return {};
}

QString validateUserClaimName(const QString &name)
{
    if (name.isEmpty())
        return u"must not be empty"_s;
    if (Protocol::idTokenClaims().contains(name)) {
        return quoted(name)
            + u" is a claim the server sets itself (OpenID Connect Core §2, §5.1); it cannot be "
              "an extra claim"_s;
    }
    return {};
}

QString validateAuthenticationMethods(const QStringList &methods)
{
    if (methods.contains(AuthMethod::None) && methods.size() > 1) {
        return u"\"none\" (a public client) cannot be combined with another method: a client "
               "either has a credential or it does not (RFC 6749 §2.1)"_s;
    }
    return {};
}

QString validateGrantTypes(const ClientRegistration &client)
{
    if (client.isPublic() && client.allowsGrantType(GrantType::ClientCredentials)) {
        return u"a public client (method \"none\") cannot use client_credentials, which is for "
               "confidential clients only (RFC 6749 §4.4)"_s;
    }
    return {};
}

QString validateRedirectUriPresence(const ClientRegistration &client)
{
    if (client.allowsGrantType(GrantType::AuthorizationCode) && client.redirectUris.isEmpty())
        return u"authorization_code needs at least one redirect URI (RFC 6749 §3.1.2.2)"_s;
    return {};
}

QString validatePkce(const ClientRegistration &client)
{
    if (client.isPublic() && !client.requirePkce)
        return u"a public client (method \"none\") always needs PKCE (RFC 9700 §2.1.1)"_s;
    return {};
}

QString validateContextPath(const QString &path)
{
    if (path.isEmpty())
        return {};
    if (!path.startsWith(u'/'))
        return u"must be empty or start with \"/\""_s;
    if (path.endsWith(u'/'))
        return u"must not end with \"/\" (use \"\" to serve from the root)"_s;
    const QStringList segments = path.mid(1).split(u'/');
    for (const QString &segment : segments) {
        if (segment.isEmpty())
            return u"must not contain an empty segment (\"//\")"_s;
        if (segment == "."_L1 || segment == ".."_L1)
            return u"must not contain a \".\" or \"..\" segment"_s;
    }
    const QString rejected
        = firstRejectedCharacter(path, [](char32_t c) { return c == U'/' || isUnreserved(c); });
    if (!rejected.isEmpty()) {
        return u"may only contain letters, digits, \"-\", \".\", \"_\" and \"~\" between "
               "slashes, but "_s
            + rejected;
    }
    return {};
}

} // namespace ConfigurationJson
