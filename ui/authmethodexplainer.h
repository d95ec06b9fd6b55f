// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

class QPalette;

// What the explanation beside the client form is about: one authentication method, shown with
// the exact request the client being edited would send.
struct AuthMethodExample
{
    QString method; // an AuthMethod name
    QString clientId;
    QString clientSecret;
    bool secretVisible
        = false; // when false the secret, and the Basic header that encodes it, are masked
    QStringList scopes;
    QUrl tokenEndpoint;
    bool enabledForClient = true;
};

// Turns an example into the HTML of the explanation panel: what the method puts on the wire,
// how (including the RFC 6749 §2.3.1 url-encoding step that many clients skip), and when to use
// which. Colours come from the palette so the text reads on light and dark themes.
namespace AuthMethodExplainer {

// The request as text, "POST ... HTTP/1.1" to the body.
QString requestText(const AuthMethodExample &example);
// A curl command that sends the same request.
QString curlCommand(const AuthMethodExample &example);
// The characters of value that form-urlencoding changes, each once, in order of appearance.
QStringList charactersChangedByEncoding(const QString &value);

QString html(const AuthMethodExample &example, const QPalette &palette);

} // namespace AuthMethodExplainer
