// SPDX-License-Identifier: GPL-3.0-or-later
// JwtInspector::decode and everything the Inspector page and `inspect` show of a decoding (rows,
// pretty JSON, time report) on any pasted text; JsonText on the same bytes taken as JSON, since
// it promises never to read out of bounds on text QJsonDocument did not accept. Properties: no
// crash; error positions and syntax-colouring spans lie inside their text.

#include "client/jwtinspector.h"
#include "fuzzcheck.h"
#include "jose/jsontext.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

void checkPretty(const JsonText::Pretty &pretty)
{
    for (const JsonText::Span &span : pretty.spans) {
        FUZZ_CHECK(span.start >= 0 && span.length >= 0);
        FUZZ_CHECK(span.start + span.length <= pretty.text.size());
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    checkPretty(JsonText::pretty(bytes));
    JsonText::compact(bytes);
    JsonText::topLevelMembers(bytes);

    const JwtDecoding decoding = JwtInspector::decode(QString::fromUtf8(bytes));
    if (decoding.error) {
        FUZZ_CHECK(!decoding.error->message.isEmpty());
        FUZZ_CHECK(decoding.error->position >= -1);
        FUZZ_CHECK(decoding.error->position <= decoding.token.size());
    }
    FUZZ_CHECK(decoding.segmentCount >= 0);
    decoding.signingInput();
    for (const JwtInspector::Part part : {JwtInspector::Part::Header, JwtInspector::Part::Claims}) {
        for (const MemberRow &row : JwtInspector::rows(decoding, part))
            JwtInspector::claimDescription(row.name);
        checkPretty(JwtInspector::prettyJson(decoding, part));
    }
    // "now" as a Clock gives it: 2026-01-01, the epoch, the last second of the year 9999.
    for (const qint64 now : {qint64(1767225600), qint64(0), qint64(253402300799)}) {
        const TimeReport report = JwtInspector::timeReport(decoding.claims, now, 60);
        FUZZ_CHECK(!report.summary.isEmpty());
        for (const TimeClaim &claim : report.claims)
            FUZZ_CHECK(!claim.relative.isEmpty());
    }
    return 0;
}
