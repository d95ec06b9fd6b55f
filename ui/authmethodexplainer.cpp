// SPDX-License-Identifier: GPL-3.0-or-later
#include "authmethodexplainer.h"

#include "oauth/clientauth/basiccredentials.h"
#include "oauth/formdecoder.h"
#include "store/configuration.h"
#include "theme.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QPalette>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString Mask = u"\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022"_s;

QString tr(const char *text)
{
    return QCoreApplication::translate("AuthMethodExplainer", text);
}

bool isBasic(const AuthMethodExample &example)
{
    return example.method == AuthMethod::ClientSecretBasic;
}

QString encoded(const QString &value)
{
    return QString::fromLatin1(FormDecoder::encodeComponent(value));
}

QString shownSecret(const AuthMethodExample &example)
{
    return example.secretVisible ? example.clientSecret : Mask;
}

QString hostAndPort(const QUrl &url)
{
    const int port = url.port(url.scheme() == "https"_L1 ? 443 : 80);
    const bool defaultPort
        = (url.scheme() == "https"_L1 && port == 443) || (url.scheme() == "http"_L1 && port == 80);
    return defaultPort ? url.host() : u"%1:%2"_s.arg(url.host()).arg(port);
}

QString scopeParameter(const AuthMethodExample &example)
{
    return example.scopes.isEmpty() ? QString() : u"&scope="_s + encoded(example.scopes.join(u' '));
}

QString basicHeaderValue(const AuthMethodExample &example)
{
    if (!example.secretVisible)
        return tr("Basic \u2039base64, shown with the secret\u203a");
    return QString::fromLatin1(
        BasicCredentials::headerValue(example.clientId, example.clientSecret));
}

// The request, HTML-escaped, with the credentials bold in the accent colour: that is the part
// where the two methods differ.
QString requestHtml(const AuthMethodExample &example, const QString &accent)
{
    const auto strong = [&](const QString &text) -> QString {
        return u"<b><span style=\"color:%1\">"_s.arg(accent) + text.toHtmlEscaped()
            + u"</span></b>"_s;
    };
    const QString path = example.tokenEndpoint.path(QUrl::FullyEncoded);
    QString text = u"POST "_s + path.toHtmlEscaped() + u" HTTP/1.1\n"_s + u"Host: "_s
        + hostAndPort(example.tokenEndpoint).toHtmlEscaped() + u'\n';
    if (isBasic(example))
        text += strong(u"Authorization: "_s + basicHeaderValue(example)) + u'\n';
    text += u"Content-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials"_s;
    if (!isBasic(example)) {
        text += u"&amp;"_s
            + strong(u"client_id="_s + encoded(example.clientId) + u"&client_secret="_s
                + (example.secretVisible ? encoded(example.clientSecret) : Mask));
    }
    text += scopeParameter(example).toHtmlEscaped();
    return text;
}

QString shellQuoted(const QString &value)
{
    QString quoted = value;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace

namespace AuthMethodExplainer {

QString requestText(const AuthMethodExample &example)
{
    QString text = u"POST "_s + example.tokenEndpoint.path(QUrl::FullyEncoded)
        + u" HTTP/1.1\nHost: "_s + hostAndPort(example.tokenEndpoint) + u'\n';
    if (isBasic(example))
        text += u"Authorization: "_s + basicHeaderValue(example) + u'\n';
    text += u"Content-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials"_s;
    if (!isBasic(example)) {
        text += u"&client_id="_s + encoded(example.clientId) + u"&client_secret="_s
            + (example.secretVisible ? encoded(example.clientSecret) : Mask);
    }
    return text + scopeParameter(example);
}

QString curlCommand(const AuthMethodExample &example)
{
    const QString url = example.tokenEndpoint.toString(QUrl::FullyEncoded);
    QStringList lines = {u"curl --request POST "_s + shellQuoted(url)};
    if (isBasic(example)) {
        const bool raw = charactersChangedByEncoding(example.clientId).isEmpty()
            && charactersChangedByEncoding(example.clientSecret).isEmpty();
        // curl --user puts the raw values in the header; that matches RFC 6749 §2.3.1 only when
        // encoding would change nothing.
        if (raw) {
            lines.append(
                u"--user "_s + shellQuoted(example.clientId + u':' + shownSecret(example)));
        } else {
            lines.append(
                u"--header "_s + shellQuoted(u"Authorization: "_s + basicHeaderValue(example)));
        }
    }
    lines.append(u"--data-urlencode 'grant_type=client_credentials'"_s);
    if (!isBasic(example)) {
        lines.append(u"--data-urlencode "_s + shellQuoted(u"client_id="_s + example.clientId));
        lines.append(
            u"--data-urlencode "_s + shellQuoted(u"client_secret="_s + shownSecret(example)));
    }
    if (!example.scopes.isEmpty())
        lines.append(u"--data-urlencode "_s + shellQuoted(u"scope="_s + example.scopes.join(u' ')));
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
    const bool basic = isBasic(example);

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
    if (basic) {
        out += u"<p>"_s
            + tr("<b>The credentials go in the Authorization header.</b> The client sends its ID "
                 "and secret as HTTP Basic authentication; the form body carries only the grant "
                 "and the scope.")
            + u"</p>"_s;
    } else {
        out += u"<p>"_s
            + tr("<b>The credentials go in the form body.</b> The client adds "
                 "<i>client_id</i> and <i>client_secret</i> to the parameters of the request, "
                 "next to the grant; there is no Authorization header.")
            + u"</p>"_s;
    }
    if (!example.enabledForClient) {
        const QColor amber = Theme::color(Theme::Tone::Warning, palette);
        out += u"<p><span style=\"color:%1\"><b>"_s.arg(amber.name())
            + tr("Not enabled for this client:") + u"</b> "_s
            + tr("the server answers this request with 401 invalid_client.") + u"</span></p>"_s;
    }

    out += u"<h4>"_s + tr("On the wire") + u"</h4>"_s;
    out += code(requestHtml(example, accent));

    if (basic) {
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
    } else {
        out += u"<p>"_s
            + tr("Each value is form-urlencoded like every other parameter, so there is no "
                 "separate encoding step to forget. The credentials must be in the body: the "
                 "server refuses them in the URL query, and refuses a request that also sends an "
                 "Authorization header (RFC 6749 §2.3 allows one method per request).")
            + u"</p>"_s;
    }

    out += u"<h4>"_s + tr("Try it") + u"</h4>"_s;
    out += code(curlCommand(example).toHtmlEscaped());
    if (!example.secretVisible) {
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
        + tr("A client may allow both. Outside this playground, send either only over https.")
        + u"</p>"_s;
    out += u"</body></html>"_s;
    return out;
}

} // namespace AuthMethodExplainer
