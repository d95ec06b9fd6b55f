// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to server/jose: the only place that includes OpenSSL headers for the project.

// Refuse the pre-3.0 low-level APIs (RSA_*, EC_KEY_*, ...) at compile time: everything goes
// through EVP and OSSL_PARAM so that keys stay provider-native.
#ifndef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 30000
#endif
#ifndef OPENSSL_NO_DEPRECATED
#define OPENSSL_NO_DEPRECATED
#endif

#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace JoseOpenSsl {

template<auto Free>
struct Deleter
{
    template<typename T>
    void operator()(T *p) const
    {
        Free(p);
    }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using MdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
// Private exponents and primes: wiped before they are freed.
using SecretBnPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

// The reason of the oldest error in this thread's queue (with OpenSSL's detail text when it has
// one), then empties the queue so that the failure cannot be mistaken for one of a later,
// unrelated call.
inline QString takeError(const char *fallback)
{
    const char *detail = nullptr;
    int flags = 0;
    const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &detail, &flags);
    QString message;
    if (code != 0) {
        if (const char *reason = ERR_reason_error_string(code)) {
            message = QString::fromLatin1(reason);
        } else {
            char buffer[256];
            ERR_error_string_n(code, buffer, sizeof buffer);
            message = QString::fromLatin1(buffer);
        }
        if ((flags & ERR_TXT_STRING) && detail && *detail) {
            message += u" (" + QString::fromUtf8(detail) + u')';
        }
    } else {
        message = QString::fromLatin1(fallback);
    }
    ERR_clear_error();
    return message;
}

enum class Digest { Sha256, Sha384, Sha512 };

// Fetching a digest by name walks OpenSSL's provider store under a lock; doing it once per
// process keeps that off the per-token path. The fetched EVP_MDs are immutable and may be shared
// by any number of threads. Function-local statics are initialised thread-safely, and are
// destroyed before OpenSSL's own cleanup at exit, which is registered first.
inline const EVP_MD *digest(Digest which)
{
    struct Digests
    {
        MdPtr sha256 {EVP_MD_fetch(nullptr, "SHA2-256", nullptr)};
        MdPtr sha384 {EVP_MD_fetch(nullptr, "SHA2-384", nullptr)};
        MdPtr sha512 {EVP_MD_fetch(nullptr, "SHA2-512", nullptr)};
    };
    static const Digests digests;
    switch (which) {
    case Digest::Sha256:
        return digests.sha256.get();
    case Digest::Sha384:
        return digests.sha384.get();
    case Digest::Sha512:
        return digests.sha512.get();
    }
    return nullptr;
}

} // namespace JoseOpenSsl
