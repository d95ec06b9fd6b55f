// SPDX-License-Identifier: GPL-3.0-or-later
#include "redirecturi.h"

#include "oauth/formdecoder.h"
#include "store/configuration.h"

#include <QUrl>

namespace RedirectUri {

std::optional<QString> match(const QStringList &registered, const QString &presented)
{
    for (const QString &uri : registered) {
        if (uri == presented)
            return uri;
    }
    const QUrl url(presented, QUrl::StrictMode);
    if (!url.isValid() || url.hasFragment() || !url.userInfo().isEmpty())
        return std::nullopt;
    for (const QString &uri : registered) {
        if (!ConfigurationJson::isLoopbackRedirectUri(uri))
            continue;
        // Same scheme, host, path and query; any port (or none) on either side.
        const QUrl candidate(uri, QUrl::StrictMode);
        QUrl a = candidate;
        QUrl b = url;
        a.setPort(-1);
        b.setPort(-1);
        if (a.toString(QUrl::FullyEncoded) == b.toString(QUrl::FullyEncoded)
            && b.host() == candidate.host()) {
            return uri;
        }
    }
    return std::nullopt;
}

QString withParameters(const QString &redirectUri, const QList<QPair<QString, QString>> &parameters)
{
    QByteArray query;
    for (const auto &[name, value] : parameters) {
        if (!query.isEmpty())
            query += '&';
        query += FormDecoder::encodeComponent(name) + '=' + FormDecoder::encodeComponent(value);
    }
    const qsizetype hash = redirectUri.indexOf(u'#');
    const QString base = hash < 0 ? redirectUri : redirectUri.left(hash);
    const QChar separator = base.contains(u'?') ? (base.endsWith(u'?') ? QChar() : u'&') : u'?';
    QString out = base;
    if (!separator.isNull())
        out += separator;
    return out + QString::fromLatin1(query);
}

} // namespace RedirectUri
