// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationpages.h"

#include <QCryptographicHash>
#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace AuthorizationPages {

namespace {

QString stylesheet()
{
    static const QString css = resourceText(u"pages.css"_s);
    return css;
}

QByteArray contentSecurityPolicy()
{
    // The <style> element holds the stylesheet exactly; its hash is the only style allowed.
    // No form-action: browsers check it against the redirect a login answer sends back to the
    // client's redirect URI, on another origin.
    static const QByteArray policy = "default-src 'none'; style-src 'sha256-"_ba
        + QCryptographicHash::hash(stylesheet().toUtf8(), QCryptographicHash::Sha256).toBase64()
        + "'; img-src 'none'; frame-ancestors 'none'; base-uri 'none'"_ba;
    return policy;
}

// A fragment template without its leading comment lines (the licence header).
QString fragment(const QString &name)
{
    QString text = resourceText(name);
    while (text.startsWith("<!--"_L1)) {
        const qsizetype end = text.indexOf("-->\n"_L1);
        text.remove(0, end < 0 ? text.size() : end + 4);
    }
    return text;
}

// The whole document: layout.html around the page's own <main> content (built from escaped text).
QString document(const QString &title, const QString &mainHtml)
{
    static const QString layout = resourceText(u"layout.html"_s);
    return render(
        layout, {{u"title"_s, title}}, {{u"css"_s, stylesheet()}, {u"main"_s, mainHtml.trimmed()}});
}

} // namespace

QString escape(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += "&amp;"_L1;
            break;
        case '<':
            out += "&lt;"_L1;
            break;
        case '>':
            out += "&gt;"_L1;
            break;
        case '"':
            out += "&quot;"_L1;
            break;
        case '\'':
            out += "&#39;"_L1;
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString render(const QString &templateText, const QHash<QString, QString> &values,
    const QHash<QString, QString> &rawValues)
{
    QString out;
    out.reserve(templateText.size() * 2);
    qsizetype from = 0;
    while (true) {
        const qsizetype open = templateText.indexOf("{{"_L1, from);
        const qsizetype close = open < 0 ? -1 : templateText.indexOf("}}"_L1, open + 2);
        if (close < 0) {
            out += QStringView(templateText).mid(from);
            return out;
        }
        out += QStringView(templateText).mid(from, open - from);
        const QString name = templateText.mid(open + 2, close - open - 2);
        if (rawValues.contains(name))
            out += rawValues.value(name);
        else
            out += escape(values.value(name));
        from = close + 2;
    }
}

QString resourceText(const QString &name)
{
    QFile file(u":/authorize/"_s + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

HttpResponse page(int status, const QString &html)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8"_ba;
    response.body = html.toUtf8();
    response.setHeader("Content-Security-Policy"_ba, contentSecurityPolicy());
    response.setHeader("X-Frame-Options"_ba, "DENY"_ba);
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    response.setHeader("Referrer-Policy"_ba, "no-referrer"_ba);
    return response;
}

HttpResponse message(int status, const QString &title, const QString &text)
{
    return page(status,
        document(title, u"<h1>"_s + escape(title) + u"</h1>\n<p>"_s + escape(text) + u"</p>"_s));
}

HttpResponse login(int status, const LoginPage &login)
{
    static const QString templateText = fragment(u"login.html"_s);
    const QString error = login.error.isEmpty()
        ? QString()
        : u"<p class=\"error\" role=\"alert\">"_s + escape(login.error) + u"</p>"_s;
    return page(status,
        document(u"Sign in"_s,
            render(templateText,
                {{u"action"_s, login.action}, {u"client"_s, login.clientName},
                    {u"redirectHost"_s, login.redirectHost}, {u"csrf"_s, login.csrf},
                    {u"request"_s, login.request}, {u"username"_s, login.username}},
                {{u"error"_s, error}})));
}

HttpResponse consent(const ConsentPage &consent)
{
    static const QString templateText = fragment(u"consent.html"_s);
    QString scopes;
    for (qsizetype i = 0; i < consent.scopes.size(); ++i) {
        const ConsentPage::Scope &scope = consent.scopes.at(i);
        const QString id = u"scope-%1"_s.arg(i);
        scopes += u"<div class=\"scope\"><input type=\"checkbox\" name=\"scope\" value=\""_s
            + escape(scope.name) + u"\" id=\""_s + id + u"\" checked>\n<label for=\""_s + id
            + u"\">"_s + escape(scope.description.isEmpty() ? scope.name : scope.description)
            + u" <code>"_s + escape(scope.name) + u"</code></label></div>\n"_s;
    }
    if (consent.scopes.isEmpty())
        scopes = u"<p>Nothing beyond signing you in.</p>"_s;
    const QString identity = consent.identity
        ? u"<p class=\"identity\">Signing you in tells it who you are (your user id; the "
          u"<code>openid</code> scope).</p>"_s
        : QString();
    return page(200,
        document(u"Allow access"_s,
            render(templateText,
                {{u"action"_s, consent.action}, {u"client"_s, consent.clientName},
                    {u"redirectHost"_s, consent.redirectHost}, {u"username"_s, consent.username},
                    {u"csrf"_s, consent.csrf}, {u"request"_s, consent.request}},
                {{u"identity"_s, identity}, {u"scopes"_s, scopes.trimmed()}})));
}

} // namespace AuthorizationPages
