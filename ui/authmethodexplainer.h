// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

class QPalette;
struct ClientRegistration;

// What the explanation beside the client form is about: one authentication method, shown with
// the exact request the client being edited would send.
struct AuthMethodExample
{
    QString method; // an AuthMethod name
    QString clientId;
    QString clientSecret;
    bool secretVisible
        = false; // when false the secret, and the Basic header that encodes it, are masked
    QStringList scopes; // client_credentials only: a code's scope was granted at the authorize step
    QUrl tokenEndpoint;
    bool enabledForClient = true;
    // The grant the sample request uses (empty: client_credentials). authorization_code for a
    // client without client_credentials (always for "none": a public client cannot use it), with
    // the client's first redirect URI and, when it uses PKCE, a code_verifier.
    QString grantType;
    QString redirectUri;
    bool pkce = false;
};

// Turns an example into the HTML of the explanation panel: what the method puts on the wire,
// how (the RFC 6749 §2.3.1 url-encoding step that many clients skip, the claims of a JWT
// assertion, why a public client proves nothing), and when to use which. Colours come from the
// palette so the text reads on light and dark themes.
namespace AuthMethodExplainer {

// Sets the example's grant to the one the client would really use at the token endpoint:
// client_credentials when it has it, else authorization_code (always for "none"), with its first
// redirect URI and PKCE as the client requires.
void useGrantOf(AuthMethodExample &example, const ClientRegistration &client);

// The request as text, "POST ... HTTP/1.1" to the body.
QString requestText(const AuthMethodExample &example);
// A curl command that sends the same request.
QString curlCommand(const AuthMethodExample &example);
// The characters of value that form-urlencoding changes, each once, in order of appearance.
QStringList charactersChangedByEncoding(const QString &value);

QString html(const AuthMethodExample &example, const QPalette &palette);

} // namespace AuthMethodExplainer
