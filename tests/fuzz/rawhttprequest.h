// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"

#include <QByteArrayView>

#include <optional>

// Test helper, not product code: a raw HTTP/1.1 request text turned into the HttpRequest the
// Router takes, without a socket, the way HttpServerAdapter::toHttpRequest() sees it after
// QHttpServer has parsed the bytes.
//
//   request-line CRLF *( field-line CRLF ) CRLF [ body ]    (RFC 9112 §2.1; bare LF accepted)
//
// Path and query come from the request target as QUrl reads it (as the adapter does); header
// values are trimmed; the body is the rest, cut to Content-Length when one is given and
// shorter. std::nullopt when there is no request line QHttpServer would accept (no method, no
// target, not HTTP/1.x), since the router never sees those.
std::optional<HttpRequest> parseRawHttpRequest(QByteArrayView text);
