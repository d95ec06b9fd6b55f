// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "httpclient.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// What black-box tests of the sign-in pages need to act as a browser does: read a page's hidden
// fields, keep the cookies the server sets, post a form back, read a redirect's parameters.
namespace BrowserForm {

using Pairs = QList<QPair<QString, QString>>;

// The decoded value of a parameter of form-encoded text ('+' is a space); empty when absent.
QString formValue(const QByteArray &query, const QString &name);
// The decoded value of a parameter of a URL's query (a Location header).
QString queryValue(const QByteArray &location, const QString &name);
bool hasQueryParameter(const QByteArray &location, const QString &name);

// The value of the hidden field "name" on a page, unescaped as a browser reads it.
QString hiddenField(const QByteArray &page, const QString &name);

// "name=value" of the Set-Cookie header that sets "name", without attributes; the attributes in
// *attributes.
QByteArray cookie(
    const HttpResult &reply, const QByteArray &name, QByteArray *attributes = nullptr);

// application/x-www-form-urlencoded.
QByteArray encode(const Pairs &pairs);

} // namespace BrowserForm

// A browser with a cookie jar on one authorization server: asks the authorization endpoint,
// signs in on the login page when it is shown, and answers a consent page when one is shown.
class TestBrowser
{
public:
    // issuer: "http://127.0.0.1:PORT/ms-auth-server".
    TestBrowser(HttpClient *http, QString issuer) : m_http(http), m_issuer(std::move(issuer)) { }

    // GET {issuer}/oauth2/authorize with the parameters, then the login form with the user's
    // credentials if the login page is shown, then Allow on a consent page: the last response
    // (a 302 to the redirect URI when all went well).
    HttpResult authorize(const BrowserForm::Pairs &parameters,
        const QString &username = QStringLiteral("user1"),
        const QString &password = QStringLiteral("password"));

    // Off: authorize() stops at a consent page and answers it (200), for tests of the page.
    void setAnswersConsent(bool answers) { m_answersConsent = answers; }

    HttpResult get(const QUrl &url);
    // The Cookie header the jar sends.
    QByteArray cookieHeader() const;
    void keepCookies(const HttpResult &reply);
    bool hasCookie(const QByteArray &name) const { return m_cookies.contains(name); }

    QUrl url(const QString &pathBelowIssuer) const { return QUrl(m_issuer + pathBelowIssuer); }

private:
    HttpClient *m_http;
    QString m_issuer;
    QHash<QByteArray, QByteArray> m_cookies;
    bool m_answersConsent = true;
};
