// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

// A public or private key held by OpenSSL 3 (EVP_PKEY), with the conversions JOSE needs.
//
// This class and jws.cpp are the only places that call libcrypto, so swapping the crypto backend
// touches server/jose/ alone. Copies share the same immutable EVP_PKEY, which OpenSSL allows to be
// used for signing from several threads at once.
class Key
{
public:
    enum class Type { None, Rsa, Ec, Ed25519, Oct };

    Key() = default;

    // RSA key pair of the given size (2048 by default: RS256 as Spring Authorization Server).
    static Key generateRsa(int bits = 2048);
    // EC key pair on the JOSE curve of that size: 256 (P-256), 384 (P-384) or 521 (P-521).
    static Key generateEc(int bits = 256);
    static Key generateEd25519();

    // PKCS#8 / traditional PEM private key, SubjectPublicKeyInfo PEM public key, or an X.509
    // certificate ("BEGIN CERTIFICATE"), of which the subject's public key is taken.
    static Key fromPem(const QByteArray &pem, QString *errorMessage = nullptr);
    // A JWK (RFC 7517). RSA public and private keys are supported, and so are EC (P-256, P-384,
    // P-521), OKP Ed25519 keys (RFC 8037) and symmetric "oct" keys (RFC 7518 §6.4).
    static Key fromJwk(const QJsonObject &jwk, QString *errorMessage = nullptr);
    // A shared secret for the HS256/384/512 algorithms (type Oct); null for an empty secret.
    // A symmetric key has no public form: publicJwk(), the PEM exports and thumbprint() stay
    // empty so that it can never be published by mistake.
    static Key fromSecret(const QByteArray &secret);

    bool isNull() const { return !m_pkey; }
    // true for a key that can sign: an asymmetric private key, or any symmetric key.
    bool isPrivate() const;
    Type type() const;
    // The modulus or curve size; for a symmetric key the length of the secret in bits.
    int bits() const;

    // PKCS#8 PEM of the private key (unencrypted), empty for a public-only key.
    QByteArray privateKeyPem() const;
    QByteArray publicKeyPem() const;

    // The public JWK members ("kty", "n", "e"; "kty", "crv", "x", "y" for EC; "kty", "crv", "x"
    // for Ed25519), without "kid"/"use"/"alg". Empty for a null key or an unsupported curve.
    QJsonObject publicJwk() const;
    // RFC 7638 JWK thumbprint (SHA-256, base64url): the project's stable "kid".
    QString thumbprint() const;

    EVP_PKEY *handle() const { return m_pkey.get(); }

private:
    explicit Key(EVP_PKEY *pkey);
    std::shared_ptr<EVP_PKEY> m_pkey;
};
