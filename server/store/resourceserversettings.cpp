// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourceserversettings.h"

#include "configuration.h"

using namespace Qt::Literals::StringLiterals;

QList<ResourceRouteScope> ResourceServerSettings::defaultRouteScopes()
{
    return {
        {u"GET /country/code/{code}"_s, u"country.read"_s},
        {u"GET /country"_s, u"country.read"_s},
        {u"GET /customer/{id}"_s, u"customer.read"_s},
        {u"POST /customer"_s, u"customer.write"_s},
    };
}

QString ResourceServerSettings::scopeFor(QStringView route) const
{
    for (const ResourceRouteScope &entry : routeScopes) {
        if (entry.route == route)
            return entry.scope;
    }
    // A route the settings do not name (a file written before the route existed): its default.
    for (const ResourceRouteScope &entry : defaultRouteScopes()) {
        if (entry.route == route)
            return entry.scope;
    }
    return {};
}

QString ResourceServerSettings::realm() const
{
    QString realm = contextPath;
    while (realm.startsWith(u'/'))
        realm.remove(0, 1);
    return realm.isEmpty() ? u"resource"_s : realm;
}

QString ResourceServerSettings::baseUrl(const QString &hostName, quint16 boundPort) const
{
    // The same URL rules as the issuer's.
    ServerSettings server;
    server.hostName = hostName;
    server.contextPath = contextPath;
    return server.issuer(boundPort);
}

QString ResourceServerSettings::validationName(Validation validation)
{
    switch (validation) {
    case Validation::Jwt:
        return u"jwt"_s;
    case Validation::IntrospectOpaque:
        return u"introspect-opaque"_s;
    case Validation::Introspect:
        return u"introspect"_s;
    }
    return {};
}

bool ResourceServerSettings::validationFromName(QStringView name, Validation *out)
{
    for (const Validation validation :
        {Validation::Jwt, Validation::IntrospectOpaque, Validation::Introspect}) {
        if (validationName(validation) == name) {
            *out = validation;
            return true;
        }
    }
    return false;
}

QString ResourceServerSettings::introspectionAuthName(IntrospectionAuth auth)
{
    return auth == IntrospectionAuth::ClientSecretPost ? u"client_secret_post"_s
                                                       : u"client_secret_basic"_s;
}
