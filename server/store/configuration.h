// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/expected.h"
#include "core/protocol.h"
#include "resourceserversettings.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// A scope the server knows (RFC 6749 §3.3).
struct ScopeDefinition
{
    QString name;
    QString description;

    friend bool operator==(const ScopeDefinition &, const ScopeDefinition &) = default;
};

// A test user who can sign in on the login page (authorization code flow), with the OpenID
// Connect standard claims (OpenID Connect Core §5.1) the profile and email scopes release.
struct TestUser
{
    QString username; // also the "sub" of the user's tokens
    QString password;
    QString name;
    QString givenName;
    QString familyName;
    QString email;
    bool emailVerified = false;
    QJsonObject extraClaims; // further claims, released with the profile scope

    friend bool operator==(const TestUser &, const TestUser &) = default;
};

// A registered client, as Spring Authorization Server's RegisteredClient.
struct ClientRegistration
{
    QString clientId;
    QString clientSecret;
    QString displayName;
    QStringList authenticationMethods; // AuthMethod names
    QStringList grantTypes; // GrantType names
    QStringList scopes; // scope names the client may request
    qint64 accessTokenLifetimeSeconds = 300;
    std::optional<QDateTime> clientSecretExpiresAt; // no expiry when empty
    // private_key_jwt: the client's public keys, inline (a JWK set, RFC 7517 §5) or at a URL the
    // server fetches; exactly one of them when the method is registered (RFC 7591 §2: "jwks",
    // "jwks_uri").
    QJsonObject jwks; // empty when none
    QString jwksUri; // empty when none
    // client_secret_jwt and private_key_jwt: an assertion whose "exp" is further away than this
    // is refused, which also bounds how long its jti is remembered against replay.
    static constexpr qint64 DefaultAssertionMaxLifetimeSeconds = 3600;
    static constexpr qint64 MinAssertionMaxLifetimeSeconds = 60;
    static constexpr qint64 MaxAssertionMaxLifetimeSeconds = 86400;
    qint64 assertionMaxLifetimeSeconds = DefaultAssertionMaxLifetimeSeconds;
    // The private key of a key pair the app generated for this client (PKCS#8 PEM), whose public
    // half is in "jwks", so the composer can sign private_key_jwt assertions as the client. The
    // server never reads it; it is kept like the client secret, in the 0600 configuration file.
    QString appPrivateKeyPem;
    QString tokenFormat = TokenFormat::Jwt.toString(); // a TokenFormat name
    QStringList audience; // "aud" of its access tokens; empty: the client id
    QJsonObject extraClaims; // merged into every access token; no registered claim

    // authorization_code (RFC 6749 §4.1): where the code may be sent, compared exactly, except
    // that a loopback IP literal matches on any port (RFC 8252 §7.3); and where RP-initiated
    // logout may send the browser back (OpenID Connect RP-Initiated Logout §3).
    QStringList redirectUris;
    QStringList postLogoutRedirectUris;
    // PKCE (RFC 7636): required for every public client whatever this says; "plain" only when
    // allowed (S256 otherwise, RFC 7636 §4.2).
    bool requirePkce = false;
    bool allowPlainPkce = false;
    bool requireConsent = false; // the consent page before a code is issued
    static constexpr qint64 DefaultAuthorizationCodeLifetimeSeconds = 300;
    static constexpr qint64 MaxAuthorizationCodeLifetimeSeconds = 3600;
    qint64 authorizationCodeLifetimeSeconds = DefaultAuthorizationCodeLifetimeSeconds;
    // refresh_token (RFC 6749 §6): opaque, for clients with the grant. Rotation (RFC 9700
    // §4.14.2) gives a new refresh token on each use and treats the reuse of an old one as theft,
    // revoking the whole family; on by default for public clients (the reader sets it then).
    static constexpr qint64 DefaultRefreshTokenLifetimeSeconds = 86400;
    static constexpr qint64 MaxRefreshTokenLifetimeSeconds = 365 * 24 * 60 * 60;
    qint64 refreshTokenLifetimeSeconds = DefaultRefreshTokenLifetimeSeconds;
    bool rotateRefreshTokens = false;

    // A public client authenticates with no secret (method "none") and must use PKCE.
    bool isPublic() const
    {
        return authenticationMethods.size() == 1
            && authenticationMethods.first() == AuthMethod::None;
    }
    bool requiresPkce() const { return requirePkce || isPublic(); }

    // The audience its access tokens carry.
    QStringList effectiveAudience() const
    {
        return audience.isEmpty() ? QStringList {clientId} : audience;
    }

    bool allowsAuthenticationMethod(QStringView method) const
    {
        return authenticationMethods.contains(method);
    }
    bool allowsGrantType(QStringView grant) const { return grantTypes.contains(grant); }

    friend bool operator==(const ClientRegistration &, const ClientRegistration &) = default;
};

// Where and how the server listens; the issuer is built from these, never from the Host header.
struct ServerSettings
{
    // What the server accepts beyond RFC 6749's letter (docs/protocol.md, "Compatibility
    // profile"): spring takes token parameters other than credentials from the URL query, as
    // Spring Authorization Server does, and flags it on the exchange; strict reads the body only.
    enum class Profile { Spring, Strict };
    Profile profile = Profile::Spring;

    QString bindAddress = QStringLiteral("127.0.0.1");
    quint16 port = 8085;
    QString contextPath = QStringLiteral("/ms-auth-server"); // "" or "/segment[/segment...]"
    QString hostName = QStringLiteral("localhost");

    // Protection against careless and hostile clients (docs/configuration.md, "server").
    // A connection with no request in progress is closed after idleTimeoutMilliseconds; one whose
    // request (headers and body) is not complete requestTimeoutMilliseconds after its first byte
    // is answered 408 and closed. maxConnections caps the open connections of all worker threads
    // together (0: derived from the open-file limit); at the cap the longest-idle connection is
    // closed for a new one, and only when none is idle is a new one refused with 503. A body
    // larger than maxRequestBodyBytes is refused with 413 before it is read.
    static constexpr qint64 DefaultIdleTimeoutMilliseconds = 60000;
    static constexpr qint64 DefaultRequestTimeoutMilliseconds = 10000;
    static constexpr qint64 DefaultMaxRequestBodyBytes = 64 * 1024;
    // The accepted ranges: timeouts from 10 ms (tests use a few hundred) to one hour; bodies up
    // to 16 MiB, since Qt's HTTP server holds a whole body in memory (twice, while it parses).
    static constexpr qint64 MinTimeoutMilliseconds = 10;
    static constexpr qint64 MaxTimeoutMilliseconds = 3600000;
    static constexpr int MaxConnectionsLimit = 1000000;
    static constexpr qint64 MinRequestBodyBytes = 1024;
    static constexpr qint64 MaxRequestBodyBytes = 16 * 1024 * 1024;
    qint64 idleTimeoutMilliseconds = DefaultIdleTimeoutMilliseconds;
    qint64 requestTimeoutMilliseconds = DefaultRequestTimeoutMilliseconds;
    int maxConnections = 0;
    qint64 maxRequestBodyBytes = DefaultMaxRequestBodyBytes;

    // http://{hostName}:{port}{contextPath}; "port" is the port actually bound (for --port 0).
    QString issuer(quint16 boundPort) const;
    QString issuer() const { return issuer(port); }

    friend bool operator==(const ServerSettings &, const ServerSettings &) = default;
};

// Everything the user configures: one JSON document (docs/configuration.md has the schema).
struct Configuration
{
    // Version 2 added the clients' tokenFormat, audience, extraClaims and jwksUri and the
    // server's compatibilityProfile; version 3 the test users and the clients' authorization
    // code, PKCE, consent, logout and refresh-token settings. An older document loads with their
    // defaults (its clients and scopes kept as they are; without "users", the default user) and
    // is written back as version 3.
    static constexpr int CurrentVersion = 3;

    ServerSettings server;
    ResourceServerSettings resourceServer; // optional in the file: absent means the defaults
    QList<ScopeDefinition> scopes;
    QList<ClientRegistration> clients;
    QList<TestUser> users;

    const ClientRegistration *findClient(QStringView clientId) const;
    const TestUser *findUser(QStringView username) const;
    // user1 / password, the default test user.
    static TestUser defaultUser();
    const ScopeDefinition *findScope(QStringView name) const;

    // The tutorial series' server (family.md): scopes country.read, customer.read,
    // customer.write and its five clients (the seed's service-client-jwt first, unchanged), plus
    // jwt-secret-client, whose secret is long enough for client_secret_jwt with HS256; then the
    // OpenID Connect scopes openid, profile, email, the sign-in clients web-client (confidential,
    // consent) and public-client (method none, PKCE, any loopback port), and the user user1.
    static Configuration defaults();

    friend bool operator==(const Configuration &, const Configuration &) = default;
};

// JSON (de)serialisation with precise, path-qualified error messages.
namespace ConfigurationJson {

QJsonObject toJson(const Configuration &config);

// Parses and validates; on failure the error is one line such as
// "clients[0].accessTokenLifetimeSeconds: must be a positive integer".
Expected<Configuration, QString> fromJson(const QJsonObject &json);

// Validation shared by the loader and the forms: empty string when valid.
QString validateClientId(const QString &clientId);
QString validateScopeName(const QString &name);
QString validateContextPath(const QString &path);
// A client's inline JWK set: every key usable to verify private_key_jwt assertions.
QString validateJwks(const QJsonObject &jwks);
// A client's jwksUri: an http or https URL with a host, no fragment, no credentials.
QString validateJwksUri(const QString &uri);
// A redirect URI (RFC 6749 §3.1.2): absolute, no fragment; http(s) or a private-use scheme
// (RFC 8252 §7.1).
QString validateRedirectUri(const QString &uri);
QString validateUsername(const QString &username);
// A test user's password: not empty.
QString validateUserPassword(const QString &password);
// A test user's email: empty, or one "@" with something on each side and no space; the server
// only releases it, so the check catches typing slips, not every RFC 5322 address.
QString validateEmail(const QString &email);
// The name of one of a test user's extra claims: not empty and not a claim the server sets in
// id_tokens itself (OpenID Connect Core §2, §5.1), sub, iss, aud and the standard profile ones.
QString validateUserClaimName(const QString &name);

// The rules between a client's settings, shared by the loader and the client form (each
// message is the loader's, without the member path; empty when the client keeps the rule).
// "none" (a public client) cannot be combined with another method (RFC 6749 §2.1).
QString validateAuthenticationMethods(const QStringList &methods);
// A public client cannot use client_credentials (RFC 6749 §4.4).
QString validateGrantTypes(const ClientRegistration &client);
// authorization_code needs at least one redirect URI (RFC 6749 §3.1.2.2); each URI is checked
// on its own by validateRedirectUri.
QString validateRedirectUriPresence(const ClientRegistration &client);
// A public client always needs PKCE (RFC 9700 §2.1.1).
QString validatePkce(const ClientRegistration &client);
// true when "uri" names a loopback IP literal over http (127.0.0.1, [::1]), whose port a redirect
// may choose (RFC 8252 §7.3).
bool isLoopbackRedirectUri(const QString &uri);

} // namespace ConfigurationJson
