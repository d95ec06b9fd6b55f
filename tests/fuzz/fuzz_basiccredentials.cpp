// SPDX-License-Identifier: GPL-3.0-or-later
// BasicCredentials::parse on any Authorization header value. Properties: it never crashes; what
// it accepts has a non-empty client id, and the header a compliant client would send for that id
// and secret (headerValue()) parses back to the same two strings.

#include "fuzzcheck.h"
#include "oauth/clientauth/basiccredentials.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView value(reinterpret_cast<const char *>(data), qsizetype(size));
    const bool isBasic = isBasicAuthorization(value);
    const Result<BasicCredentials> parsed = BasicCredentials::parse(value);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().description().isEmpty());
        return 0;
    }
    FUZZ_CHECK(isBasic);
    FUZZ_CHECK(!parsed->clientId.isEmpty());

    const QByteArray header = BasicCredentials::headerValue(parsed->clientId, parsed->clientSecret);
    FUZZ_CHECK(isBasicAuthorization(header));
    const Result<BasicCredentials> again = BasicCredentials::parse(header);
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(again->clientId == parsed->clientId);
    FUZZ_CHECK(again->clientSecret == parsed->clientSecret);
    return 0;
}
