// SPDX-License-Identifier: GPL-3.0-or-later
#include "authmethodexplainer.h"

#include "oauth/clientauth/basiccredentials.h"
#include "oauth/clientauth/clientassertion.h"
#include "oauth/formdecoder.h"
#include "oauth/secretmasking.h"
#include "store/configuration.h"
#include "theme.h"
#include "tokenrequestbuilder.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPalette>

using namespace Qt::Literals::StringLiterals;

namespace {

// What a hidden secret shows as: the one masking rule's mask.
const QString Mask = QString::fromLatin1(SecretMasking::Mask);

QString tr(const char *text)
{
    return QCoreApplication::translate("AuthMethodExplainer", text);
}

// What the methods differ in: where the credential goes.
enum class Family { Basic, Post, Assertion, Public };

Family familyOf(const AuthMethodExample &example)
{
    if (example.method == AuthMethod::ClientSecretBasic)
        return Family::Basic;
    if (example.method == AuthMethod::ClientSecretJwt
        || example.method == AuthMethod::PrivateKeyJwt)
        return Family::Assertion;
    if (example.method == AuthMethod::None)
        return Family::Public;
    return Family::Post;
}

bool isBasic(const AuthMethodExample &example)
{
    return familyOf(example) == Family::Basic;
}

bool isCodeGrant(const AuthMethodExample &example)
{
    return example.grantType == GrantType::AuthorizationCode;
}

QString encoded(const QString &value)
{
    return QString::fromLatin1(FormDecoder::encodeComponent(value));
}

QString shownSecret(const AuthMethodExample &example)
{
    return example.secretVisible ? example.clientSecret : Mask;
}

QString basicHeaderValue(const AuthMethodExample &example)
{
    if (!example.secretVisible)
        return tr("Basic \u2039base64, shown with the secret\u203a");
    return QString::fromLatin1(
        BasicCredentials::headerValue(example.clientId, example.clientSecret));
}

// One form parameter of the sample request. A value in ‹angle quotes› stands for what the
// client computes at run time; it and the mask are shown as they are, not encoded.
struct Parameter
{
    QString name;
    QString value;
    bool credential = false; // the part where the methods differ, drawn in the accent colour
    bool literal = false; // a placeholder or the mask
};

QList<Parameter> parameters(const AuthMethodExample &example)
{
    const auto placeholder = [](const QString &text) -> QString {
        return u"\u2039"_s + text + u"\u203a"_s;
    };
    QList<Parameter> list;
    if (isCodeGrant(example)) {
        list.append({u"grant_type"_s, GrantType::AuthorizationCode.toString()});
        list.append({u"code"_s, placeholder(tr("the code from the redirect")), false, true});
        if (example.redirectUri.isEmpty())
            list.append(
                {u"redirect_uri"_s, placeholder(tr("a registered redirect URI")), false, true});
        else
            list.append({u"redirect_uri"_s, example.redirectUri});
        if (example.pkce)
            list.append(
                {u"code_verifier"_s, placeholder(tr("the PKCE code_verifier")), false, true});
    } else {
        list.append({u"grant_type"_s, GrantType::ClientCredentials.toString()});
    }
    switch (familyOf(example)) {
    case Family::Basic:
        break;
    case Family::Post:
        list.append({u"client_id"_s, example.clientId, true});
        list.append({u"client_secret"_s, shownSecret(example), true, !example.secretVisible});
        break;
    case Family::Assertion:
        list.append({u"client_assertion_type"_s, ClientAssertion::JwtBearerType.toString(), true});
        list.append({u"client_assertion"_s,
            placeholder(example.method == AuthMethod::ClientSecretJwt
                    ? tr("a JWT signed with the client secret")
                    : tr("a JWT signed with the client's private key")),
            true, true});
        break;
    case Family::Public:
        list.append({u"client_id"_s, example.clientId, true});
        break;
    }
    if (!isCodeGrant(example) && !example.scopes.isEmpty())
        list.append({u"scope"_s, example.scopes.join(u' ')});
    return list;
}

QString formPair(const Parameter &parameter)
{
    return parameter.name + u'=' + (parameter.literal ? parameter.value : encoded(parameter.value));
}

// The request, HTML-escaped, with the credentials bold in the accent colour: that is the part
// where the methods differ.
QString requestHtml(const AuthMethodExample &example, const QString &accent)
{
    const auto strong = [&](const QString &text) -> QString {
        return u"<b><span style=\"color:%1\">"_s.arg(accent) + text.toHtmlEscaped()
            + u"</span></b>"_s;
    };
    const QString path = example.tokenEndpoint.path(QUrl::FullyEncoded);
    QString text = u"POST "_s + path.toHtmlEscaped() + u" HTTP/1.1\n"_s + u"Host: "_s
        + TokenRequestBuilder::hostHeader(example.tokenEndpoint).toHtmlEscaped() + u'\n';
    if (isBasic(example))
        text += strong(u"Authorization: "_s + basicHeaderValue(example)) + u'\n';
    text += u"Content-Type: application/x-www-form-urlencoded\n\n"_s;
    QStringList pairs;
    for (const Parameter &parameter : parameters(example)) {
        const QString pair = formPair(parameter);
        pairs.append(parameter.credential ? strong(pair) : pair.toHtmlEscaped());
    }
    return text + pairs.join(u"&amp;"_s);
}

} // namespace

namespace AuthMethodExplainer {

void useGrantOf(AuthMethodExample &example, const ClientRegistration &client)
{
    const bool publicClient = example.method == AuthMethod::None;
    if (!publicClient && client.allowsGrantType(GrantType::ClientCredentials))
        return;
    if (!publicClient && !client.allowsGrantType(GrantType::AuthorizationCode))
        return;
    example.grantType = GrantType::AuthorizationCode.toString();
    example.redirectUri = client.redirectUris.value(0);
    example.pkce = publicClient || client.requiresPkce();
}

QString requestText(const AuthMethodExample &example)
{
    QString text = u"POST "_s + example.tokenEndpoint.path(QUrl::FullyEncoded)
        + u" HTTP/1.1\nHost: "_s + TokenRequestBuilder::hostHeader(example.tokenEndpoint) + u'\n';
    if (isBasic(example))
        text += u"Authorization: "_s + basicHeaderValue(example) + u'\n';
    text += u"Content-Type: application/x-www-form-urlencoded\n\n"_s;
    QStringList pairs;
    for (const Parameter &parameter : parameters(example))
        pairs.append(formPair(parameter));
    return text + pairs.join(u'&');
}

QString curlCommand(const AuthMethodExample &example)
{
    const QString url = example.tokenEndpoint.toString(QUrl::FullyEncoded);
    QStringList lines = {u"curl --request POST "_s + TokenRequestBuilder::shellQuoted(url)};
    if (isBasic(example)) {
        const bool raw = charactersChangedByEncoding(example.clientId).isEmpty()
            && charactersChangedByEncoding(example.clientSecret).isEmpty();
        // curl --user puts the raw values in the header; that matches RFC 6749 §2.3.1 only when
        // encoding would change nothing.
        if (raw) {
            lines.append(u"--user "_s
                + TokenRequestBuilder::shellQuoted(example.clientId + u':' + shownSecret(example)));
        } else {
            lines.append(u"--header "_s
                + TokenRequestBuilder::shellQuoted(
                    u"Authorization: "_s + basicHeaderValue(example)));
        }
    }
    for (const Parameter &parameter : parameters(example))
        lines.append(u"--data-urlencode "_s
            + TokenRequestBuilder::shellQuoted(parameter.name + u'=' + parameter.value));
    return lines.join(u" \\\n  "_s);
}

QStringList charactersChangedByEncoding(const QString &value)
{
    QStringList changed;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        // RFC 3986 unreserved characters pass through form-urlencoding unchanged.
        const bool unreserved = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')
            || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u'_' || c == u'~';
        if (unreserved)
            continue;
        QString character = c;
        if (c.isHighSurrogate() && i + 1 < value.size())
            character += value.at(++i);
        if (!changed.contains(character))
            changed.append(character);
    }
    return changed;
}

QString html(const AuthMethodExample &example, const QPalette &palette)
{
    const QString text = palette.color(QPalette::Text).name();
    const QString codeBackground = palette.color(QPalette::AlternateBase).name();
    const QString border = palette.color(QPalette::Mid).name();
    const QString accent = palette.color(QPalette::Link).name();
    const QString muted = palette.color(QPalette::PlaceholderText).name();
    const QString mono
        = QFontDatabase::systemFont(QFontDatabase::FixedFont).family().toHtmlEscaped();

    const auto code = [&](const QString &innerHtml) -> QString {
        return u"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"8\" border=\"1\" "
               "style=\"border-color:%1; border-style:solid; margin-top:4px; margin-bottom:8px\">"
               "<tr><td bgcolor=\"%2\"><span style=\"font-family:'%3'; white-space:pre-wrap\">"_s
                   .arg(border, codeBackground, mono)
            + innerHtml + u"</span></td></tr></table>"_s;
    };
    const auto inlineCode = [&](const QString &plain) -> QString {
        return u"<span style=\"font-family:'%1'\">"_s.arg(mono) + plain.toHtmlEscaped()
            + u"</span>"_s;
    };

    QString out = u"<html><body style=\"color:%1\">"_s.arg(text);
    out += u"<h3>"_s + example.method.toHtmlEscaped() + u"</h3>"_s;
    const Family family = familyOf(example);
    const bool secretJwt = example.method == AuthMethod::ClientSecretJwt;
    out += u"<p>"_s;
    switch (family) {
    case Family::Basic:
        out += tr("<b>The credentials go in the Authorization header.</b> The client sends its ID "
                  "and secret as HTTP Basic authentication; the form body carries only the grant "
                  "and its parameters.");
        break;
    case Family::Post:
        out += tr("<b>The credentials go in the form body.</b> The client adds "
                  "<i>client_id</i> and <i>client_secret</i> to the parameters of the request, "
                  "next to the grant; there is no Authorization header.");
        break;
    case Family::Assertion:
        out += secretJwt
            ? tr("<b>The client proves itself with a JWT signed with its secret.</b> It signs a "
                 "short-lived JWT with HMAC (HS256, HS384 or HS512), the client secret as the "
                 "key, and sends it as <i>client_assertion</i> (RFC 7523). The secret itself "
                 "never travels.")
            : tr("<b>The client proves itself with a JWT signed with its private key.</b> It "
                 "signs a short-lived JWT (RS256, PS256, ES256, EdDSA, \u2026) and sends it as "
                 "<i>client_assertion</i> (RFC 7523); the server checks the signature with the "
                 "public key in the client's registered JWK set or jwks_uri. The server holds no "
                 "secret of the client at all.");
        break;
    case Family::Public:
        out += tr("<b>The client proves nothing: it only names itself.</b> A public client, an "
                  "app in a browser or on the user's device, cannot keep a secret (RFC 6749 "
                  "§2.1), so it sends its <i>client_id</i> alone. What protects the code instead "
                  "is PKCE: the <i>code_verifier</i> must match the <i>code_challenge</i> the "
                  "app sent with the authorization request (RFC 7636).");
        break;
    }
    out += u"</p>"_s;
    if (!example.enabledForClient) {
        const QColor amber = Theme::color(Theme::Tone::Warning, palette);
        out += u"<p><span style=\"color:%1\"><b>"_s.arg(amber.name())
            + tr("Not enabled for this client:") + u"</b> "_s
            + tr("the server answers this request with 401 invalid_client.") + u"</span></p>"_s;
    }

    out += u"<h4>"_s + tr("On the wire") + u"</h4>"_s;
    out += code(requestHtml(example, accent));

    switch (family) {
    case Family::Basic: {
        out += u"<h4>"_s + tr("How the header is built") + u"</h4><ol>"_s;
        const QString id = encoded(example.clientId);
        const QString secret = example.secretVisible ? encoded(example.clientSecret) : Mask;
        out += u"<li>"_s
            + tr("Form-urlencode the ID and the secret: %1 and %2.")
                  .arg(inlineCode(id), inlineCode(secret))
            + u"</li><li>"_s + tr("Join them with a colon: %1.").arg(inlineCode(id + u':' + secret))
            + u"</li><li>"_s
            + tr("Encode that in base64 (standard alphabet, with padding) after \"Basic \".")
            + u"</li></ol>"_s;

        out += u"<p>"_s
            + tr("<b>The trap:</b> step 1 is in RFC 6749 §2.3.1, but many HTTP libraries, and "
                 "<i>curl --user</i>, skip it and put the raw values in the header. Both ways "
                 "agree only while the ID and the secret use nothing but letters, digits and "
                 "- . _ ~.")
            + u" "_s;
        const QStringList idChanged = charactersChangedByEncoding(example.clientId);
        const QStringList secretChanged = charactersChangedByEncoding(example.clientSecret);
        if (idChanged.isEmpty() && secretChanged.isEmpty()) {
            out += tr("This client is safe either way. A generated secret always is.");
        } else if (!example.secretVisible && idChanged.isEmpty()) {
            out += tr("This client's secret has characters that the encoding changes, so a "
                      "client that skips it sends a different header and gets 401 "
                      "invalid_client.");
        } else {
            QStringList shown;
            const QStringList changed
                = idChanged + (example.secretVisible ? secretChanged : QStringList());
            for (const QString &character : changed) {
                const QString quoted
                    = character == u" "_s ? tr("a space") : u"\u201c"_s + character + u"\u201d"_s;
                if (!shown.contains(quoted))
                    shown.append(quoted);
            }
            out += tr("This client's credentials contain %1, which the encoding changes, so a "
                      "client that skips it sends a different header and gets 401 "
                      "invalid_client.")
                       .arg(shown.join(u", "_s).toHtmlEscaped());
        }
        out += u"</p>"_s;
        break;
    }
    case Family::Post:
        out += u"<p>"_s
            + tr("Each value is form-urlencoded like every other parameter, so there is no "
                 "separate encoding step to forget. The credentials must be in the body: the "
                 "server refuses them in the URL query, and refuses a request that also sends an "
                 "Authorization header (RFC 6749 §2.3 allows one method per request).")
            + u"</p>"_s;
        break;
    case Family::Assertion: {
        out += u"<h4>"_s + tr("What the JWT holds") + u"</h4>"_s;
        const QString header = secretJwt ? u"{\"alg\": \"HS256\", \"typ\": \"JWT\"}"_s
                                         : u"{\"alg\": \"RS256\", \"kid\": \"\u2039key id\u203a\", "
                                           "\"typ\": \"JWT\"}"_s;
        const QString claims
            = u"{\n  \"iss\": \"%1\",\n  \"sub\": \"%1\",\n  \"aud\": \"%2\",\n"
              "  \"exp\": \u2039now + a few minutes\u203a,\n  \"iat\": \u2039now\u203a,\n"
              "  \"jti\": \"\u2039unique for each request\u203a\"\n}"_s.arg(
                  example.clientId, example.tokenEndpoint.toString());
        out += code(QString(header + u"\n"_s + claims).toHtmlEscaped());
        out += u"<p>"_s
            + tr("iss and sub are the client id; aud is the token endpoint (the issuer is "
                 "accepted too); exp must lie ahead. Each jti is accepted once: a replayed "
                 "assertion, an expired one or a bad signature gets 401 invalid_client. The "
                 "composer builds and signs one for this client.")
            + u"</p>"_s;
        break;
    }
    case Family::Public:
        out += u"<p>"_s
            + tr("A public client uses authorization_code, never client_credentials (there is no "
                 "user and nothing to prove who is asking), and the server refuses it at "
                 "introspection and revocation, which need a confidential client.")
            + u"</p>"_s;
        break;
    }

    out += u"<h4>"_s + tr("Try it") + u"</h4>"_s;
    out += code(curlCommand(example).toHtmlEscaped());
    if (!example.secretVisible && (family == Family::Basic || family == Family::Post)) {
        out += u"<p><span style=\"color:%1\">"_s.arg(muted)
            + tr("Show the secret in the form to see the real values here.") + u"</span></p>"_s;
    }

    out += u"<h4>"_s + tr("Which one to use") + u"</h4>"_s;
    out += u"<p>"_s
        + tr("<b>client_secret_basic</b> is the method every authorization server MUST "
             "support (RFC 6749 §2.3.1) and the default of most client libraries: prefer it.")
        + u"</p><p>"_s
        + tr("<b>client_secret_post</b> is allowed, but the RFC does NOT RECOMMEND it; it is "
             "there for clients that cannot set an Authorization header. It is not safer: the "
             "body and the headers travel in the same request, so the secret is exactly as "
             "exposed in either place, and only TLS protects it.")
        + u"</p><p>"_s
        + tr("<b>client_secret_jwt</b> and <b>private_key_jwt</b> send a signed, single-use "
             "assertion instead of the secret; private_key_jwt is the strongest, as the server "
             "never holds anything that could sign for the client (OpenID Connect Core §9).")
        + u"</p><p>"_s
        + tr("<b>none</b> is for apps that cannot keep a secret; PKCE is then required.")
        + u"</p><p>"_s
        + tr("A client may allow several methods. Outside this playground, send any of them "
             "only over https.")
        + u"</p>"_s;
    out += u"</body></html>"_s;
    return out;
}

} // namespace AuthMethodExplainer
