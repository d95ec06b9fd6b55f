// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourceapi.h"

#include "countries.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

struct RouteDefinition
{
    QByteArray method;
    QList<QByteArray> segments; // "{x}" is a placeholder
    QString name;
};

// The routes and the names ResourceServerSettings::routeScopes gives them.
const QList<RouteDefinition> &routes()
{
    static const QList<RouteDefinition> table {
        {"GET"_ba, {"country"_ba, "code"_ba, "{code}"_ba}, u"GET /country/code/{code}"_s},
        {"GET"_ba, {"country"_ba}, u"GET /country"_s},
        {"GET"_ba, {"customer"_ba, "{id}"_ba}, u"GET /customer/{id}"_s},
        {"POST"_ba, {"customer"_ba}, u"POST /customer"_s},
    };
    return table;
}

HttpResponse json(int status, const QJsonDocument &document)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "application/json"_ba;
    response.body = document.toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse problem(int status, const QString &error, const QString &description)
{
    return json(status,
        QJsonDocument(QJsonObject {{u"error"_s, error}, {u"error_description"_s, description}}));
}

QJsonObject countryJson(const Country &country)
{
    return QJsonObject {{u"code"_s, country.code}, {u"name"_s, country.name}};
}

QJsonObject customerJson(qint64 id, const QString &name, const QString &email, const QString &code)
{
    return QJsonObject {
        {u"id"_s, id}, {u"name"_s, name}, {u"email"_s, email}, {u"countryCode"_s, code}};
}

// An id as the path gives it: a positive decimal integer, no sign, no leading zero.
std::optional<qint64> parseId(const QString &text)
{
    if (text.isEmpty() || text.size() > 15 || text.startsWith(u'0'))
        return std::nullopt;
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    for (const QChar c : text) {
        if (!c.isDigit())
            return std::nullopt;
    }
    return id;
}

// The members POST /customer accepts; empty when valid, else why not.
QString customerProblem(const QJsonObject &object)
{
    static const QStringList known {u"name"_s, u"email"_s, u"countryCode"_s};
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key())) {
            return u"unknown member \"%1\" (a customer has name, email and countryCode; the id "
                   "is given by the server)"_s.arg(it.key());
        }
    }
    const QJsonValue name = object.value("name"_L1);
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return u"\"name\" is required: a non-empty string"_s;
    if (name.toString().size() > 200)
        return u"\"name\" is longer than 200 characters"_s;
    const QJsonValue email = object.value("email"_L1);
    if (!email.isString())
        return u"\"email\" is required: a string such as \"ada@example.com\""_s;
    const QString address = email.toString();
    const qsizetype at = address.indexOf(u'@');
    if (at <= 0 || at != address.lastIndexOf(u'@') || at == address.size() - 1
        || address.contains(u' ') || address.size() > 254) {
        return u"\"email\" is not an e-mail address: \"%1\""_s.arg(address);
    }
    const QJsonValue code = object.value("countryCode"_L1);
    if (!code.isUndefined()) {
        if (!code.isString())
            return u"\"countryCode\" must be a string such as \"AUS\""_s;
        if (!Countries::find(code.toString()))
            return u"\"countryCode\" \"%1\" is not a country of GET /country"_s.arg(
                code.toString());
    }
    return {};
}

constexpr qsizetype MaxCustomers = 10000;

} // namespace

ResourceApi::ResourceApi()
{
    m_customers = {
        customerJson(1, u"Ada Lovelace"_s, u"ada@example.com"_s, u"GBR"_s),
        customerJson(2, u"Grace Hopper"_s, u"grace@example.com"_s, u"USA"_s),
        customerJson(3, u"Ruby Payne-Scott"_s, u"ruby@example.com"_s, u"AUS"_s),
    };
}

ResourceApi::Match ResourceApi::match(QByteArrayView method, QByteArrayView path)
{
    Match out;
    if (!path.startsWith('/'))
        return out;
    QList<QByteArray> segments = path.sliced(1).toByteArray().split('/');
    if (segments.size() > 1 && segments.constLast().isEmpty())
        segments.removeLast(); // "/country/" is "/country"
    QByteArrayList allowed;
    for (const RouteDefinition &route : routes()) {
        if (route.segments.size() != segments.size())
            continue;
        QStringList parameters;
        bool fits = true;
        for (qsizetype i = 0; i < segments.size() && fits; ++i) {
            const QByteArray &pattern = route.segments.at(i);
            if (pattern.startsWith('{')) {
                const QString value = QUrl::fromPercentEncoding(segments.at(i));
                fits = !value.isEmpty();
                parameters.append(value);
            } else {
                fits = segments.at(i) == pattern;
            }
        }
        if (!fits)
            continue;
        if (route.method == method) {
            out.kind = Match::Kind::Found;
            out.route = route.name;
            out.parameters = parameters;
            return out;
        }
        if (!allowed.contains(route.method))
            allowed.append(route.method);
    }
    if (!allowed.isEmpty()) {
        out.kind = Match::Kind::MethodNotAllowed;
        out.allow = allowed.join(", ");
    }
    return out;
}

HttpResponse ResourceApi::handle(
    const Match &match, const HttpRequest &request, const QString &location)
{
    if (match.route == "GET /country/code/{code}"_L1) {
        const Country *country = Countries::find(match.parameters.value(0));
        if (!country) {
            return problem(404, u"not_found"_s,
                u"no country with code \"%1\" (GET /country lists them)"_s.arg(
                    match.parameters.value(0)));
        }
        return json(200, QJsonDocument(countryJson(*country)));
    }
    if (match.route == "GET /country"_L1) {
        QJsonArray array;
        for (const Country &country : Countries::all())
            array.append(countryJson(country));
        return json(200, QJsonDocument(array));
    }
    if (match.route == "GET /customer/{id}"_L1) {
        const QString text = match.parameters.value(0);
        const std::optional<qint64> id = parseId(text);
        if (!id) {
            return problem(400, u"invalid_request"_s,
                u"a customer id is a positive integer, not \"%1\""_s.arg(text));
        }
        const std::optional<QJsonObject> found = customer(*id);
        if (!found)
            return problem(404, u"not_found"_s, u"no customer with id %1"_s.arg(*id));
        return json(200, QJsonDocument(*found));
    }
    if (match.route == "POST /customer"_L1)
        return addCustomer(request, location);
    return problem(404, u"not_found"_s, u"no such resource"_s);
}

std::optional<QJsonObject> ResourceApi::customer(qint64 id) const
{
    const QMutexLocker locker(&m_mutex);
    if (id < 1 || id > m_customers.size())
        return std::nullopt;
    return m_customers.at(id - 1);
}

HttpResponse ResourceApi::addCustomer(const HttpRequest &request, const QString &location)
{
    const QByteArray type = request.header("content-type").split(';').constFirst().trimmed();
    if (type.compare("application/json", Qt::CaseInsensitive) != 0) {
        return problem(400, u"invalid_request"_s,
            u"the body must be a JSON object with Content-Type: application/json, not \"%1\""_s.arg(
                QString::fromLatin1(type)));
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        return problem(400, u"invalid_request"_s,
            u"the body is not valid JSON: %1 at byte offset %2"_s.arg(error.errorString())
                .arg(error.offset));
    }
    if (!document.isObject())
        return problem(400, u"invalid_request"_s, u"the body must be a JSON object"_s);
    const QJsonObject object = document.object();
    if (const QString why = customerProblem(object); !why.isEmpty())
        return problem(400, u"invalid_request"_s, why);

    QJsonObject created;
    {
        const QMutexLocker locker(&m_mutex);
        // A demo keeps a demo's worth, so a loop of POSTs cannot eat the memory.
        if (m_customers.size() >= MaxCustomers) {
            return problem(400, u"invalid_request"_s,
                u"the sample API keeps at most %1 customers; restart the resource server"_s.arg(
                    MaxCustomers));
        }
        const qint64 id = m_customers.size() + 1;
        created = customerJson(id, object.value("name"_L1).toString().trimmed(),
            object.value("email"_L1).toString(),
            object.value("countryCode"_L1).toString().toUpper());
        m_customers.append(created);
    }
    HttpResponse response = json(201, QJsonDocument(created));
    response.setHeader("Location"_ba,
        (location + u"/customer/"_s + QString::number(created.value("id"_L1).toInteger()))
            .toUtf8());
    return response;
}
