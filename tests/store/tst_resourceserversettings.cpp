// SPDX-License-Identifier: GPL-3.0-or-later
// The optional "resourceServer" object of the configuration: defaults when absent, every member
// read and written back, and a precise message for each bad value.
#include "store/configuration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

QJsonObject document(const QJsonValue &resourceServer = {})
{
    QJsonObject json = ConfigurationJson::toJson(Configuration::defaults());
    json.remove(u"resourceServer"_s);
    if (!resourceServer.isUndefined())
        json.insert(u"resourceServer"_s, resourceServer);
    return json;
}

} // namespace

class TestResourceServerSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void absentMeansDefaults();
    void defaults();
    void roundTrip();
    void partialObjectKeepsOtherDefaults();
    void errors_data();
    void errors();
};

void TestResourceServerSettings::absentMeansDefaults()
{
    for (const QJsonValue &value : {QJsonValue(QJsonValue::Undefined), QJsonValue(QJsonValue::Null),
             QJsonValue(QJsonObject {})}) {
        const auto parsed = ConfigurationJson::fromJson(document(value));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
        QCOMPARE(parsed->resourceServer, ResourceServerSettings {});
    }
    // A version 1 document too.
    QJsonObject v1 = document();
    v1.insert(u"version"_s, 1);
    QVERIFY(ConfigurationJson::fromJson(v1));
}

void TestResourceServerSettings::defaults()
{
    const ResourceServerSettings settings;
    QVERIFY(settings.enabled);
    QCOMPARE(settings.port, 8091);
    QCOMPARE(settings.bindAddress, u"127.0.0.1"_s);
    QCOMPARE(settings.contextPath, u"/ms-system"_s);
    QCOMPARE(settings.validation, ResourceServerSettings::Validation::IntrospectOpaque);
    QCOMPARE(settings.introspectionClientId, u"service-client-jwt"_s);
    QCOMPARE(settings.introspectionClientSecret, u"service-client-jwt-secret"_s);
    QVERIFY(settings.audience.isEmpty());
    QVERIFY(!settings.allowFormBodyToken);
    QVERIFY(!settings.allowQueryToken);
    QCOMPARE(settings.scopeFor(u"GET /country/code/{code}"), u"country.read"_s);
    QCOMPARE(settings.scopeFor(u"POST /customer"), u"customer.write"_s);
    QCOMPARE(settings.realm(), u"ms-system"_s);
    QCOMPARE(settings.baseUrl(u"localhost"_s, 8091), u"http://localhost:8091/ms-system"_s);
    // The seed's credentials are a registered client of the defaults.
    const Configuration defaults = Configuration::defaults();
    const ClientRegistration *client = defaults.findClient(settings.introspectionClientId);
    QVERIFY(client);
    QCOMPARE(client->clientSecret, settings.introspectionClientSecret);
}

void TestResourceServerSettings::roundTrip()
{
    Configuration config = Configuration::defaults();
    ResourceServerSettings &settings = config.resourceServer;
    settings.enabled = false;
    settings.bindAddress = u"::1"_s;
    settings.port = 0;
    settings.contextPath = u"/api/v1"_s;
    settings.validation = ResourceServerSettings::Validation::Introspect;
    settings.introspectionClientId = u"client_secret_jwt_client"_s;
    settings.introspectionClientSecret = u"client_secret_jwt_password"_s;
    settings.introspectionAuth = ResourceServerSettings::IntrospectionAuth::ClientSecretPost;
    settings.audience = {u"ms-system"_s, u"other"_s};
    settings.allowFormBodyToken = true;
    settings.allowQueryToken = true;
    settings.routeScopes[2].scope = u"customer.write"_s;
    settings.routeScopes[1].scope = QString();
    const QByteArray text = QJsonDocument(ConfigurationJson::toJson(config)).toJson();
    const auto parsed = ConfigurationJson::fromJson(QJsonDocument::fromJson(text).object());
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->resourceServer, settings);
    QCOMPARE(parsed->resourceServer.realm(), u"api/v1"_s);
    QVERIFY(text.contains("\"validation\": \"introspect\""));
    QVERIFY(text.contains("\"GET /customer/{id}\": \"customer.write\""));
}

void TestResourceServerSettings::partialObjectKeepsOtherDefaults()
{
    const auto parsed = ConfigurationJson::fromJson(
        document(QJsonObject {{u"port"_s, 9000}, {u"validation"_s, u"jwt"_s},
            {u"routeScopes"_s, QJsonObject {{u"GET /country"_s, u"customer.read"_s}}}}));
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->resourceServer.port, 9000);
    QCOMPARE(parsed->resourceServer.validation, ResourceServerSettings::Validation::Jwt);
    QCOMPARE(parsed->resourceServer.contextPath, u"/ms-system"_s);
    QCOMPARE(parsed->resourceServer.scopeFor(u"GET /country"), u"customer.read"_s);
    QCOMPARE(parsed->resourceServer.scopeFor(u"GET /country/code/{code}"), u"country.read"_s);
    QCOMPARE(parsed->resourceServer.routeScopes.size(), 4);
}

void TestResourceServerSettings::errors_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("not an object")
        << QJsonValue(u"on"_s) << u"resourceServer: must be an object, not the string \"on\""_s;
    QTest::newRow("enabled") << QJsonValue(QJsonObject {{u"enabled"_s, 1}})
                             << u"resourceServer.enabled: must be true or false, not a number"_s;
    QTest::newRow("port") << QJsonValue(QJsonObject {{u"port"_s, 70000}})
                          << u"resourceServer.port: must be an integer from 0 to 65535"_s;
    QTest::newRow("bind")
        << QJsonValue(QJsonObject {{u"bindAddress"_s, u"example.com"_s}})
        << u"resourceServer.bindAddress: \"example.com\" is not an IPv4 or IPv6 address"_s;
    QTest::newRow("context path") << QJsonValue(QJsonObject {{u"contextPath"_s, u"ms-system"_s}})
                                  << u"resourceServer.contextPath: "_s;
    QTest::newRow("validation")
        << QJsonValue(QJsonObject {{u"validation"_s, u"signature"_s}})
        << u"resourceServer.validation: must be \"jwt\", \"introspect-opaque\" or \"introspect\", not \"signature\""_s;
    QTest::newRow("auth method") << QJsonValue(
        QJsonObject {{u"introspectionAuthMethod"_s, u"private_key_jwt"_s}})
                                 << u"resourceServer.introspectionAuthMethod: must be"_s;
    QTest::newRow("audience") << QJsonValue(QJsonObject {{u"audience"_s, u"x"_s}})
                              << u"resourceServer.audience: must be an array"_s;
    QTest::newRow("query switch") << QJsonValue(QJsonObject {{u"allowQueryToken"_s, u"yes"_s}})
                                  << u"resourceServer.allowQueryToken: must be true or false"_s;
    QTest::newRow("unknown route")
        << QJsonValue(QJsonObject {{u"routeScopes"_s, QJsonObject {{u"GET /planet"_s, u"a"_s}}}})
        << u"resourceServer.routeScopes[\"GET /planet\"]: is not a route of the API; the routes are \"GET /country/code/{code}\""_s;
    QTest::newRow("bad scope") << QJsonValue(
        QJsonObject {{u"routeScopes"_s, QJsonObject {{u"GET /country"_s, u"a b"_s}}}})
                               << u"resourceServer.routeScopes[\"GET /country\"]: "_s;
    QTest::newRow("scope not string")
        << QJsonValue(QJsonObject {{u"routeScopes"_s, QJsonObject {{u"GET /country"_s, 3}}}})
        << u"resourceServer.routeScopes[\"GET /country\"]: must be a string, not a number"_s;
}

void TestResourceServerSettings::errors()
{
    QFETCH(QJsonValue, value);
    QFETCH(QString, error);
    const auto parsed = ConfigurationJson::fromJson(document(value));
    QVERIFY(!parsed);
    QVERIFY2(parsed.error().startsWith(error), qPrintable(parsed.error()));
}

QTEST_GUILESS_MAIN(TestResourceServerSettings)
#include "tst_resourceserversettings.moc"
