// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpmessage.h"

namespace {

// Header names are case-insensitive (RFC 9110 §5.1).
bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    return headerCount(name) > 0;
}

bool HttpRequest::hasFormBody() const
{
    const QByteArray type = header("Content-Type").toLower();
    return type.split(';').first().trimmed() == "application/x-www-form-urlencoded";
}

int HttpRequest::headerCount(QByteArrayView name) const
{
    int count = 0;
    for (const auto &header : headers) {
        if (sameName(header.first, name))
            ++count;
    }
    return count;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    // Replaces the first header of that name in place (keeping the order) and drops any later one.
    bool replaced = false;
    for (qsizetype i = 0; i < headers.size();) {
        if (!sameName(headers.at(i).first, name)) {
            ++i;
        } else if (!replaced) {
            headers[i].second = value;
            replaced = true;
            ++i;
        } else {
            headers.removeAt(i);
        }
    }
    if (!replaced)
        headers.append({name, value});
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}
