// SPDX-License-Identifier: GPL-3.0-or-later
#include "privatekeyjwt.h"

#include "clientauthservices.h"

#include "store/jwkscache.h"

using namespace Qt::Literals::StringLiterals;

namespace {

// The keys of "set" that may verify an assertion with this alg and kid, or why none may.
Result<QList<Key>> selectKeys(const ClientJwkSet &set, const QString &alg, const QString &kid,
    const QString &where, bool *kidUnknown)
{
    *kidUnknown = false;
    QList<Key> keys;
    QStringList mismatches;
    bool kidFound = false;
    for (const ClientKey &key : set.keys) {
        if (!kid.isEmpty() && key.kid != kid)
            continue;
        kidFound = true;
        if (!key.alg.isEmpty() && key.alg != alg) {
            mismatches.append(u"the key%1 is for %2, not %3"_s.arg(
                key.kid.isEmpty() ? QString() : u" "_s + key.kid, key.alg, alg));
            continue;
        }
        if (const QString mismatch = ClientAssertion::keyMismatch(alg, key.key);
            !mismatch.isEmpty()) {
            mismatches.append(
                mismatch + (key.kid.isEmpty() ? QString() : u" (kid "_s + key.kid + u")"_s));
            continue;
        }
        keys.append(key.key);
    }
    if (!keys.isEmpty())
        return keys;
    if (!kid.isEmpty() && !kidFound) {
        *kidUnknown = true;
        return OAuthError(OAuthError::Code::InvalidClient,
            u"no key with kid %1 in %2"_s.arg(kid.left(100), where));
    }
    if (!mismatches.isEmpty()) {
        return OAuthError(OAuthError::Code::InvalidClient,
            u"the header alg does not match the key type: "_s + mismatches.join(u"; "_s));
    }
    return OAuthError(
        OAuthError::Code::InvalidClient, u"no key in %1 can verify %2"_s.arg(where, alg));
}

} // namespace

QString PrivateKeyJwtAuthenticator::method() const
{
    return AuthMethod::PrivateKeyJwt.toString();
}

QStringList PrivateKeyJwtAuthenticator::signingAlgorithms() const
{
    return ClientAssertion::privateKeyAlgorithms();
}

bool PrivateKeyJwtAuthenticator::claimsAlgorithm(const QString &alg) const
{
    return !alg.startsWith(u"HS");
}

Result<QList<Key>> PrivateKeyJwtAuthenticator::verificationKeys(const ClientAssertionToken &token,
    const ClientRegistration &client, const TokenContext &context) const
{
    bool kidUnknown = false;
    if (!client.jwks.isEmpty()) {
        QString error;
        const std::optional<ClientJwkSet> set = ClientJwks::parse(client.jwks, &error);
        if (!set)
            return refused(u"the client's registered JWK set cannot be read: "_s + error);
        const Result<QList<Key>> keys = selectKeys(
            *set, token.alg, token.kid, u"the client's registered JWK set"_s, &kidUnknown);
        if (!keys)
            return refused(keys.error().description());
        return keys;
    }
    if (client.jwksUri.isEmpty())
        return refused(u"the client has registered no public key (jwks or jwksUri)"_s);
    if (!context.clientAuth || !context.clientAuth->jwksCache)
        return refused(u"the server cannot fetch JWK sets here"_s);

    JwksCache &cache = *context.clientAuth->jwksCache;
    const QString &uri = client.jwksUri;
    const auto wait = [&context, &cache, &uri](const QString &why) {
        if (context.deferral) {
            *context.deferral = [&cache, uri](std::function<void()> resume) {
                cache.whenFetched(uri, std::move(resume));
            };
        }
        return refused(why);
    };

    JwksCache::Lookup lookup = cache.keys(uri, context.nowMSecs);
    if (lookup.status == JwksCache::Lookup::Status::Pending)
        return wait(
            u"the client's JWK set at %1 is being fetched; try again in a moment"_s.arg(uri));
    if (lookup.status == JwksCache::Lookup::Status::Failed) {
        return refused(
            u"the client's JWK set could not be fetched: %1 (next attempt in %2 s at "
            "the earliest)"_s.arg(lookup.error)
                .arg(std::max<qint64>(0, (lookup.retryAtMSecs - context.nowMSecs + 999) / 1000)));
    }

    const QString where = u"the client's JWK set at %1"_s.arg(uri);
    Result<QList<Key>> keys = selectKeys(lookup.keys, token.alg, token.kid, where, &kidUnknown);
    if (keys)
        return keys;
    if (!kidUnknown)
        return refused(keys.error().description());

    // A kid the set lacks: the client may have rotated its key. Fetch again, at most once per
    // cooldown, and wait for it.
    lookup = cache.refresh(uri, context.nowMSecs);
    if (lookup.status == JwksCache::Lookup::Status::Pending) {
        return wait(u"%1; the set is being fetched again, try again in a moment"_s.arg(
            keys.error().description()));
    }
    const qint64 age = std::max<qint64>(0, (context.nowMSecs - lookup.fetchedAtMSecs) / 1000);
    return refused(u"%1 (fetched %2 s ago; it is fetched again on an unknown kid at most every "
                   "%3 s)"_s.arg(keys.error().description())
                       .arg(age)
                       .arg(cache.cooldownMSecs() / 1000));
}
