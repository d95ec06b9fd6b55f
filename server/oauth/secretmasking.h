// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

// The one rule for what the playground never shows, stores or exports in clear: which form and
// query parameters are credentials, which headers carry them, and which JSON members of a
// response are tokens. The traffic log, the HAR export, the composer history and the headless
// output all mask through these functions; docs/protocol.md ("Masking") gives the reasons for
// every name.
//
// Names are compared as the server reads them: a form or query name after percent-decoding and
// '+' (so "client%5Fsecret" is "client_secret"), a JSON member name after its escapes are
// undone, a header name whatever its case. Parameter and member names are also compared without
// regard to ASCII case or surrounding spaces: the server would not accept "Client_Secret", but
// what the user typed there is still a secret. The text stays readable: every name, separator and
// header scheme stays as written, only a value becomes Mask.
namespace SecretMasking {

inline constexpr QByteArrayView Mask = "******";

// Whether JSON members that are tokens (access_token, refresh_token, id_token) are masked in a
// response body. Credentials such as client_secret are masked either way.
enum class Tokens { Masked, Included };

// A decoded form or query parameter name that carries a credential.
bool isCredentialParameter(QStringView decodedName);
// A header whose value is a credential (case-insensitive).
bool isCredentialHeader(QByteArrayView name);
// A JSON member of a response that is a token.
bool isTokenMember(QStringView decodedName);

// application/x-www-form-urlencoded text (a request body or a URL query, without '?'): the value
// of every pair whose decoded name is a credential, repeats included, becomes Mask. An empty
// value stays empty.
QByteArray maskForm(QByteArrayView form);

// A header value: for Authorization and Proxy-Authorization the scheme stays ("Basic ******"),
// for Cookie and Set-Cookie the cookie names and Set-Cookie's attributes stay
// ("sid=******; Path=/"), for Location the URL's credential parameters (an authorization
// response's code). Other headers are returned as they are.
QByteArray maskHeaderValue(QByteArrayView name, QByteArrayView value);

// A JSON text as written (member order, spacing and escapes kept): the string, number or literal
// value of every member, at any depth, whose name is a credential parameter, or a token member
// unless tokens are included, becomes "******". Text that is not a JSON object or array is
// returned as it is.
QByteArray maskJson(QByteArrayView json, Tokens tokens);

// A request body: masked as JSON when it is JSON, else as a form.
QByteArray maskRequestBody(QByteArrayView body);

// The headers with every credential header's value masked; names and order as they were.
HttpHeaders maskHeaders(const HttpHeaders &headers);

// A URL with its query masked as a form and the password of its user info replaced.
QUrl maskUrl(const QUrl &url);

// Name and value pairs as a user typed them (already decoded): credential values that are not
// empty become Mask.
QList<std::pair<QString, QString>> maskParameters(QList<std::pair<QString, QString>> parameters);

} // namespace SecretMasking
