// SPDX-License-Identifier: GPL-3.0-or-later
#include "browserform.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace BrowserForm {

QString formValue(const QByteArray &query, const QString &name)
{
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype equals = pair.indexOf('=');
        QByteArray key = pair.left(equals);
        QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        if (QString::fromUtf8(QByteArray::fromPercentEncoding(key.replace('+', ' '))) == name)
            return QString::fromUtf8(QByteArray::fromPercentEncoding(value.replace('+', ' ')));
    }
    return {};
}

namespace {

QByteArray queryOf(const QByteArray &location)
{
    const qsizetype mark = location.indexOf('?');
    return mark < 0 ? QByteArray() : location.mid(mark + 1);
}

QString htmlUnescape(QString text)
{
    text.replace("&quot;"_L1, "\""_L1).replace("&#39;"_L1, "'"_L1);
    text.replace("&lt;"_L1, "<"_L1).replace("&gt;"_L1, ">"_L1).replace("&amp;"_L1, "&"_L1);
    return text;
}

} // namespace

QString queryValue(const QByteArray &location, const QString &name)
{
    return formValue(queryOf(location), name);
}

bool hasQueryParameter(const QByteArray &location, const QString &name)
{
    return QByteArray('&' + queryOf(location)).contains(QByteArray('&' + name.toUtf8() + '='));
}

QString hiddenField(const QByteArray &page, const QString &name)
{
    const QRegularExpression re(
        u"<input type=\"hidden\" name=\"%1\" value=\"([^\"]*)\">"_s.arg(name));
    const QRegularExpressionMatch m = re.match(QString::fromUtf8(page));
    return m.hasMatch() ? htmlUnescape(m.captured(1)) : QString();
}

QByteArray cookie(const HttpResult &reply, const QByteArray &name, QByteArray *attributes)
{
    for (const auto &[key, value] : reply.headers) {
        if (key.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        // Qt joins repeated Set-Cookie headers with newlines.
        for (const QByteArray &line : value.split('\n')) {
            if (line.startsWith(QByteArray(name + '='))) {
                const qsizetype semi = line.indexOf(';');
                if (attributes)
                    *attributes = semi < 0 ? QByteArray() : line.mid(semi + 1).trimmed();
                return semi < 0 ? line : line.left(semi);
            }
        }
    }
    return {};
}

QByteArray encode(const Pairs &pairs)
{
    QByteArray out;
    for (const auto &[k, v] : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
    }
    return out;
}

} // namespace BrowserForm

using namespace BrowserForm;

void TestBrowser::keepCookies(const HttpResult &reply)
{
    for (const auto &[key, value] : reply.headers) {
        if (key.compare("Set-Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &line : value.split('\n')) {
            const QByteArray pair = line.left(line.indexOf(';')).trimmed();
            const qsizetype equals = pair.indexOf('=');
            if (equals <= 0)
                continue;
            const QByteArray name = pair.left(equals);
            // An empty value with Max-Age=0 deletes the cookie.
            if (pair.size() == equals + 1 || line.contains("Max-Age=0"))
                m_cookies.remove(name);
            else
                m_cookies.insert(name, pair.mid(equals + 1));
        }
    }
}

QByteArray TestBrowser::cookieHeader() const
{
    QByteArray header;
    for (auto it = m_cookies.constBegin(); it != m_cookies.constEnd(); ++it) {
        if (!header.isEmpty())
            header += "; ";
        header += it.key() + '=' + it.value();
    }
    return header;
}

HttpResult TestBrowser::get(const QUrl &url)
{
    HttpClient::Headers headers;
    if (!m_cookies.isEmpty())
        headers.append({"Cookie"_ba, cookieHeader()});
    HttpResult reply = m_http->send("GET", url, headers);
    keepCookies(reply);
    return reply;
}

HttpResult TestBrowser::authorize(
    const Pairs &parameters, const QString &username, const QString &password)
{
    QUrl authorize = url(u"/oauth2/authorize"_s);
    authorize.setQuery(QString::fromLatin1(encode(parameters)));
    HttpResult reply = get(authorize);
    for (int step = 0; step < 3 && reply.status == 200; ++step) {
        const QString request = hiddenField(reply.body, u"request"_s);
        const QString csrf = hiddenField(reply.body, u"csrf"_s);
        if (request.isEmpty() || csrf.isEmpty())
            return reply; // a page that is not a form of the sign-in flow
        Pairs form {{u"csrf"_s, csrf}, {u"request"_s, request}};
        QString action;
        if (reply.body.contains("name=\"password\"")) {
            form += Pairs {{u"username"_s, username}, {u"password"_s, password}};
            action = u"/login"_s;
        } else {
            if (!m_answersConsent)
                return reply;
            // A consent page: every scope it lists stays ticked, then Allow.
            const QRegularExpression scope(
                u"<input type=\"checkbox\" name=\"scope\" value=\"([^\"]*)\""_s);
            for (auto it = scope.globalMatch(QString::fromUtf8(reply.body)); it.hasNext();)
                form.append({u"scope"_s, it.next().captured(1)});
            form.append({u"decision"_s, u"allow"_s});
            const QRegularExpression actionRe(u"<form[^>]*action=\"([^\"]*)\""_s);
            const QString path = actionRe.match(QString::fromUtf8(reply.body)).captured(1);
            const QString issuerPath = QUrl(m_issuer).path();
            action = path.startsWith(issuerPath) ? path.mid(issuerPath.size()) : path;
        }
        reply = m_http->postForm(url(action), encode(form), {{"Cookie"_ba, cookieHeader()}});
        keepCookies(reply);
    }
    return reply;
}
