// SPDX-License-Identifier: GPL-3.0-or-later
// The router, and behind it the token endpoint, client authentication, grants, metadata and the
// exchange record, fed whole HTTP/1.1 request texts (rawhttprequest.h turns them into the
// HttpRequest the adapter would build). The registry holds the seed configuration and one
// RSA key; the clock is fixed.
//
// Properties: no crash; every response has a status from 200 to 599 and the no-store headers; a
// 200 comes only from a known endpoint; JSON bodies parse; the record is filled.

#include "fuzzcheck.h"
#include "http/router.h"
#include "jose/key.h"
#include "rawhttprequest.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace {

struct Server
{
    ManualClock clock {1767225600000}; // 2026-01-01T00:00:00Z
    Registry registry {Configuration::defaults(), Key::generateRsa(2048)};
    Router router {registry, clock};
};

Server &server()
{
    static Server *instance = [] {
        auto *made = new Server; // never destroyed: libFuzzer exits without unwinding
        made->router.setBoundPort(8085);
        return made;
    }();
    return *instance;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    server();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::optional<HttpRequest> request = parseRawHttpRequest(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!request)
        return 0;

    ExchangeRecord record;
    const HttpResponse response = server().router.route(*request, &record);
    FUZZ_CHECK(response.status >= 200 && response.status <= 599);
    FUZZ_CHECK(response.header("Cache-Control") == "no-store");
    FUZZ_CHECK(response.header("Pragma") == "no-cache");
    if (response.status == 200)
        FUZZ_CHECK(request->path.startsWith("/ms-auth-server/")
            || request->path.startsWith("/.well-known/oauth-authorization-server"));
    if (response.contentType.startsWith("application/json") && !response.body.isEmpty()) {
        QJsonParseError error;
        QJsonDocument::fromJson(response.body, &error);
        FUZZ_CHECK(error.error == QJsonParseError::NoError);
    }
    FUZZ_CHECK(record.status == response.status);
    FUZZ_CHECK(record.method == request->method);
    FUZZ_CHECK(!record.outcome.isEmpty());
    FUZZ_CHECK(!record.rawResponse.isEmpty());
    record.logLine();
    return 0;
}
