// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"

#include <QHash>
#include <QString>

// The HTML pages of the authorization endpoint (login, consent, messages), rendered from the
// templates bundled in the Qt resources (resources/authorize/, ":/authorize/"): no file outside the
// binary, no request to another host (the stylesheet is inlined and allowed by its hash in the
// Content-Security-Policy).
namespace AuthorizationPages {

// Text for HTML content and attribute values: & < > " ' escaped.
QString escape(QStringView text);

// Replaces each {{name}} of the template by values[name], escaped, or by rawValues[name] as it is
// (fragments the caller built from escaped text); one pass, so an inserted value is never read as
// a placeholder. Unknown placeholders become empty.
QString render(const QString &templateText, const QHash<QString, QString> &values,
    const QHash<QString, QString> &rawValues = {});

// The template ":/authorize/<name>" ("login.html"), empty when missing.
QString resourceText(const QString &name);

// A page response: status, text/html; charset=utf-8, the page's Content-Security-Policy (nothing
// but the inlined stylesheet, no frames, no base), X-Frame-Options DENY, nosniff and no referrer.
// Router adds Cache-Control: no-store.
HttpResponse page(int status, const QString &html);

// The message page: a title and one paragraph of text (escaped).
HttpResponse message(int status, const QString &title, const QString &text);

struct LoginPage
{
    QString action; // absolute path the form posts to
    QString clientName; // display name, else the client id
    QString redirectHost; // host[:port] the browser goes back to
    QString csrf;
    QString request; // the pending authorization request, form-encoded
    QString username; // typed before, kept on an error
    QString error; // empty: none
};
HttpResponse login(int status, const LoginPage &login);

struct ConsentPage
{
    struct Scope
    {
        QString name;
        QString description; // empty: the name alone
    };
    QString action; // absolute path the form posts to
    QString clientName;
    QString redirectHost;
    QString username; // who is signed in
    QString csrf;
    QString request; // the pending authorization request, form-encoded
    bool identity = false; // openid was asked for: said, not ticked (it is the sign-in itself)
    QList<Scope> scopes; // one ticked checkbox "scope" each
};
HttpResponse consent(const ConsentPage &consent);

} // namespace AuthorizationPages
