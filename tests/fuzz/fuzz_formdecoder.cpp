// SPDX-License-Identifier: GPL-3.0-or-later
// FormDecoder on any body. Properties: it never crashes; whatever decodes, encoded again with
// encodeComponent() and decoded once more, gives the same pairs (the composer and the explainer
// rely on that round trip).

#include "fuzzcheck.h"
#include "oauth/formdecoder.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<FormParameters> decoded = FormDecoder::decode(body);

    // One component alone decodes exactly when the whole body, taken as one name, does.
    const std::optional<QString> component = FormDecoder::decodeComponent(body);
    if (component) {
        const QByteArray encoded = FormDecoder::encodeComponent(*component);
        const std::optional<QString> again = FormDecoder::decodeComponent(encoded);
        FUZZ_CHECK(again && *again == *component);
    }
    if (!decoded)
        return 0;

    QByteArray reencoded;
    for (const auto &[name, value] : decoded->pairs()) {
        if (!reencoded.isEmpty())
            reencoded += '&';
        reencoded += FormDecoder::encodeComponent(name) + '=' + FormDecoder::encodeComponent(value);
    }
    const Result<FormParameters> again = FormDecoder::decode(reencoded);
    FUZZ_CHECK(again.isOk());
    // Pairs with an empty name and value ("=") may be dropped as empty pairs; compare the rest.
    QList<QPair<QString, QString>> expected;
    for (const auto &pair : decoded->pairs()) {
        if (!pair.first.isEmpty() || !pair.second.isEmpty())
            expected.append(pair);
    }
    QList<QPair<QString, QString>> actual;
    for (const auto &pair : again->pairs()) {
        if (!pair.first.isEmpty() || !pair.second.isEmpty())
            actual.append(pair);
    }
    FUZZ_CHECK(actual == expected);
    for (const auto &pair : expected)
        FUZZ_CHECK(decoded->contains(pair.first) && decoded->count(pair.first) >= 1);
    return 0;
}
