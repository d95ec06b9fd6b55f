// SPDX-License-Identifier: GPL-3.0-or-later
// The sample API: which route a request reaches, and what each route answers.
#include "resource/countries.h"
#include "resource/resourceapi.h"
#include "store/resourceserversettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

using Kind = ResourceApi::Match::Kind;

class TestResourceApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void match_data();
    void match();
    void everyRouteHasASetting();
    void countries();
    void customers();
    void addCustomer();

private:
    HttpResponse get(ResourceApi &api, const QByteArray &path)
    {
        HttpRequest request;
        request.method = "GET"_ba;
        return api.handle(ResourceApi::match("GET", path), request, u"http://x/ms-system"_s);
    }
};

void TestResourceApi::match_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("route");
    QTest::addColumn<QStringList>("parameters");
    QTest::addColumn<QByteArray>("allow");

    QTest::newRow("country code") << "GET"_ba
                                  << "/country/code/AUS"_ba << int(Kind::Found)
                                  << u"GET /country/code/{code}"_s << QStringList {u"AUS"_s}
                                  << QByteArray();
    QTest::newRow("encoded parameter")
        << "GET"_ba
        << "/country/code/A%55S"_ba << int(Kind::Found) << u"GET /country/code/{code}"_s
        << QStringList {u"AUS"_s} << QByteArray();
    QTest::newRow("countries") << "GET"_ba
                               << "/country"_ba << int(Kind::Found) << u"GET /country"_s
                               << QStringList() << QByteArray();
    QTest::newRow("trailing slash")
        << "GET"_ba
        << "/country/"_ba << int(Kind::Found) << u"GET /country"_s << QStringList() << QByteArray();
    QTest::newRow("customer") << "GET"_ba
                              << "/customer/12"_ba << int(Kind::Found) << u"GET /customer/{id}"_s
                              << QStringList {u"12"_s} << QByteArray();
    QTest::newRow("add customer") << "POST"_ba
                                  << "/customer"_ba << int(Kind::Found) << u"POST /customer"_s
                                  << QStringList() << QByteArray();
    QTest::newRow("GET /customer")
        << "GET"_ba
        << "/customer"_ba << int(Kind::MethodNotAllowed) << QString() << QStringList() << "POST"_ba;
    QTest::newRow("POST /country")
        << "POST"_ba
        << "/country"_ba << int(Kind::MethodNotAllowed) << QString() << QStringList() << "GET"_ba;
    QTest::newRow("unknown") << "GET"_ba
                             << "/planet"_ba << int(Kind::NotFound) << QString() << QStringList()
                             << QByteArray();
    QTest::newRow("root") << "GET"_ba
                          << "/"_ba << int(Kind::NotFound) << QString() << QStringList()
                          << QByteArray();
    QTest::newRow("empty code") << "GET"_ba
                                << "/country/code/"_ba << int(Kind::NotFound) << QString()
                                << QStringList() << QByteArray();
}

void TestResourceApi::match()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(int, kind);
    QFETCH(QString, route);
    QFETCH(QStringList, parameters);
    QFETCH(QByteArray, allow);
    const ResourceApi::Match out = ResourceApi::match(method, path);
    QCOMPARE(int(out.kind), kind);
    QCOMPARE(out.route, route);
    QCOMPARE(out.parameters, parameters);
    QCOMPARE(out.allow, allow);
}

void TestResourceApi::everyRouteHasASetting()
{
    // The settings' route names are the ones the API answers.
    for (const ResourceRouteScope &route : ResourceServerSettings::defaultRouteScopes()) {
        const qsizetype space = route.route.indexOf(u' ');
        QString path = route.route.mid(space + 1);
        path.replace(u"{code}"_s, u"AUS"_s).replace(u"{id}"_s, u"1"_s);
        const ResourceApi::Match out
            = ResourceApi::match(route.route.left(space).toLatin1(), path.toLatin1());
        QCOMPARE(int(out.kind), int(Kind::Found));
        QCOMPARE(out.route, route.route);
        QVERIFY(!route.scope.isEmpty());
    }
}

void TestResourceApi::countries()
{
    ResourceApi api;
    const HttpResponse aus = get(api, "/country/code/AUS");
    QCOMPARE(aus.status, 200);
    QCOMPARE(aus.body, R"({"code":"AUS","name":"AUSTRALIA"})"_ba);
    QCOMPARE(get(api, "/country/code/nzl").status, 200);
    const HttpResponse unknown = get(api, "/country/code/XYZ");
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.body.contains("XYZ"));

    const QJsonArray all = QJsonDocument::fromJson(get(api, "/country").body).array();
    QCOMPARE(all.size(), Countries::all().size());
    QVERIFY(all.size() >= 50);
    // Sorted and unique, so find() (a binary search) finds each.
    for (qsizetype i = 1; i < Countries::all().size(); ++i)
        QVERIFY(Countries::all().at(i - 1).code < Countries::all().at(i).code);
    for (const Country &country : Countries::all()) {
        QCOMPARE(country.code.size(), 3);
        QCOMPARE(country.name, country.name.toUpper());
        QCOMPARE(Countries::find(country.code), &country);
    }
}

void TestResourceApi::customers()
{
    ResourceApi api;
    const HttpResponse one = get(api, "/customer/1");
    QCOMPARE(one.status, 200);
    QCOMPARE(QJsonDocument::fromJson(one.body).object().value("id"_L1).toInt(), 1);
    QCOMPARE(get(api, "/customer/4").status, 404);
    for (const QByteArray &bad : {"/customer/0"_ba, "/customer/-1"_ba, "/customer/01"_ba,
             "/customer/1x"_ba, "/customer/99999999999999999"_ba})
        QCOMPARE(get(api, bad).status, 400);
}

void TestResourceApi::addCustomer()
{
    ResourceApi api;
    HttpRequest request;
    request.method = "POST"_ba;
    request.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    request.body
        = R"({"name": " Katherine Johnson ", "email": "kj@example.com", "countryCode": "usa"})";
    const HttpResponse created
        = api.handle(ResourceApi::match("POST", "/customer"), request, u"http://x/ms-system"_s);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("Location"), "http://x/ms-system/customer/4"_ba);
    const QJsonObject object = QJsonDocument::fromJson(created.body).object();
    QCOMPARE(object.value("name"_L1).toString(), u"Katherine Johnson"_s);
    QCOMPARE(object.value("countryCode"_L1).toString(), u"USA"_s);
    QCOMPARE(api.customer(4)->value("email"_L1).toString(), u"kj@example.com"_s);
}

QTEST_GUILESS_MAIN(TestResourceApi)
#include "tst_resourceapi.moc"
