// SPDX-License-Identifier: GPL-3.0-or-later
// LoopbackRedirect::parse on any bytes a connection to the Composer's loopback listener may send,
// then answer(). Properties: it never crashes; it waits only while the head has not ended within
// the limit; a code or an error comes with the state sent and no other iss; the answer is one
// HTTP/1.1 response whose Content-Length is its body's and whose page holds no markup from the
// input.

#include "client/loopbackredirect.h"
#include "fuzzcheck.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace Qt::Literals::StringLiterals;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView received(reinterpret_cast<const char *>(data), qsizetype(size));
    LoopbackRedirect::Expectation expected;
    expected.state = u"s-123"_s;
    expected.issuer = u"http://localhost:8085/ms-auth-server"_s;
    const AuthorizationCallback callback = LoopbackRedirect::parse(received, expected);
    using Status = AuthorizationCallback::Status;
    if (callback.status == Status::Incomplete) {
        FUZZ_CHECK(received.size() <= LoopbackRedirect::MaxHeadBytes);
        FUZZ_CHECK(!received.contains("\r\n\r\n") && !received.contains("\n\n"));
        return 0;
    }
    FUZZ_CHECK(callback.requestLine.size() <= LoopbackRedirect::MaxHeadBytes);
    if (callback.status == Status::Code || callback.status == Status::Error) {
        FUZZ_CHECK(callback.state == expected.state);
        FUZZ_CHECK(callback.iss.isEmpty() || callback.iss == expected.issuer);
        FUZZ_CHECK(callback.status == Status::Error || !callback.code.isEmpty());
    } else {
        FUZZ_CHECK(!callback.problem.isEmpty());
    }
    const QByteArray answer = LoopbackRedirect::answer(callback);
    FUZZ_CHECK(answer.startsWith("HTTP/1.1 "));
    const qsizetype end = answer.indexOf("\r\n\r\n");
    FUZZ_CHECK(end > 0);
    const QByteArray body = answer.mid(end + 4);
    const QByteArray length = "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    FUZZ_CHECK(answer.contains(length));
    // What the input said is escaped: the only tags are the page's own.
    const qsizetype paragraph = body.indexOf("<p>");
    const qsizetype paragraphEnd = body.lastIndexOf("</p>");
    FUZZ_CHECK(paragraph > 0 && paragraphEnd > paragraph);
    FUZZ_CHECK(!body.mid(paragraph + 3, paragraphEnd - paragraph - 3).contains('<'));
    return 0;
}
