// SPDX-License-Identifier: GPL-3.0-or-later
#include "configurationedits.h"
#include "scopelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

Configuration sample()
{
    // The seed's 3 scopes, then openid, profile and email; one client using the seed's three.
    Configuration config = Configuration::defaults();
    config.clients = {config.clients.first()};
    ClientRegistration other = config.clients.first();
    other.clientId = u"reader"_s;
    other.scopes = {u"customer.read"_s};
    config.clients.append(other);
    return config;
}

QStringList names(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row, ScopeListModel::NameColumn).data().toString());
    return result;
}

} // namespace

class TestScopeListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsAndUsage_data();
    void rowsAndUsage();
    void edits_data();
    void edits();
    void usageChangeIsDataChanged();
    void headers();
};

void TestScopeListModel::rowsAndUsage_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("usage");
    QTest::addColumn<QStringList>("usedBy");
    QTest::newRow("country.read") << 0 << u"country.read"_s << u"1 client"_s
                                  << QStringList {u"service-client-jwt"_s};
    QTest::newRow("customer.read") << 1 << u"customer.read"_s << u"2 clients"_s
                                   << QStringList {u"service-client-jwt"_s, u"reader"_s};
}

void TestScopeListModel::rowsAndUsage()
{
    QFETCH(int, row);
    QFETCH(QString, name);
    QFETCH(QString, usage);
    QFETCH(QStringList, usedBy);
    ScopeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(sample());
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.index(row, ScopeListModel::NameColumn).data().toString(), name);
    QCOMPARE(model.index(row, ScopeListModel::UsedByColumn).data().toString(), usage);
    QCOMPARE(model.index(row, ScopeListModel::DescriptionColumn)
                 .data(ScopeListModel::UsedByRole)
                 .toStringList(),
        usedBy);
    QCOMPARE(model.index(row, ScopeListModel::UsedByColumn)
                 .data(ScopeListModel::ScopeNameRole)
                 .toString(),
        name);
    for (const QString &client : usedBy) {
        QVERIFY(model.index(row, ScopeListModel::UsedByColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(client));
    }
}

void TestScopeListModel::edits_data()
{
    QTest::addColumn<int>("edit");
    QTest::addColumn<QStringList>("expectedNames");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("resets");
    QTest::newRow("add") << 0
                         << QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s,
                                u"openid"_s, u"profile"_s, u"email"_s, u"orders.read"_s}
                         << 0 << 1 << 0;
    QTest::newRow("rename") << 1
                            << QStringList {u"country.read"_s, u"customer.view"_s,
                                   u"customer.write"_s, u"openid"_s, u"profile"_s, u"email"_s}
                            << 1 << 1 << 0;
    QTest::newRow("delete") << 2
                            << QStringList {u"country.read"_s, u"customer.read"_s, u"openid"_s,
                                   u"profile"_s, u"email"_s}
                            << 1 << 0 << 0;
}

void TestScopeListModel::edits()
{
    QFETCH(int, edit);
    QFETCH(QStringList, expectedNames);
    QFETCH(int, removed);
    QFETCH(int, inserted);
    QFETCH(int, resets);

    ScopeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Configuration before = sample();
    model.setConfiguration(before);
    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);

    Configuration after;
    switch (edit) {
    case 0:
        after = ConfigurationEdits::withScope(before, {}, {u"orders.read"_s, u"Orders"_s});
        break;
    case 1:
        after = ConfigurationEdits::withScope(
            before, u"customer.read"_s, {u"customer.view"_s, u"Read customer records"_s});
        break;
    default:
        after = ConfigurationEdits::withoutScope(before, u"customer.write"_s);
        break;
    }
    model.setConfiguration(after);
    QCOMPARE(names(model), expectedNames);
    QCOMPARE(removedSpy.count(), removed);
    QCOMPARE(insertedSpy.count(), inserted);
    QCOMPARE(resetSpy.count(), resets);
    if (edit == 1) {
        // The renamed scope kept its users.
        QCOMPARE(model.index(1, ScopeListModel::UsedByColumn).data().toString(), u"2 clients"_s);
    }
}

void TestScopeListModel::usageChangeIsDataChanged()
{
    ScopeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Configuration config = sample();
    model.setConfiguration(config);
    QSignalSpy changedSpy(&model, &QAbstractItemModel::dataChanged);
    config.clients[0].scopes = {u"customer.read"_s};
    model.setConfiguration(config);
    // country.read and customer.write lost their only user; customer.read kept both.
    QCOMPARE(changedSpy.count(), 2);
    QCOMPARE(model.index(0, ScopeListModel::UsedByColumn).data().toString(), u"not used"_s);
    QCOMPARE(model.index(2, ScopeListModel::UsedByColumn).data().toString(), u"not used"_s);
    QCOMPARE(model.index(1, ScopeListModel::UsedByColumn).data().toString(), u"2 clients"_s);
}

void TestScopeListModel::headers()
{
    ScopeListModel model;
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.headerData(ScopeListModel::NameColumn, Qt::Horizontal).toString(), u"Scope"_s);
    QCOMPARE(
        model.headerData(ScopeListModel::UsedByColumn, Qt::Horizontal).toString(), u"Used by"_s);
}

QTEST_MAIN(TestScopeListModel)
#include "tst_scopelistmodel.moc"
