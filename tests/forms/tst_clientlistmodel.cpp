// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientlistmodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

ClientRegistration client(const QString &id)
{
    ClientRegistration c;
    c.clientId = id;
    c.clientSecret = id + u"-secret"_s;
    c.displayName = u"Client "_s + id;
    c.authenticationMethods
        = {AuthMethod::ClientSecretBasic.toString(), AuthMethod::ClientSecretPost.toString()};
    c.grantTypes = {GrantType::ClientCredentials.toString()};
    c.scopes = {u"a.read"_s, u"b.write"_s};
    c.accessTokenLifetimeSeconds = 14400;
    return c;
}

Configuration withClients(const QStringList &ids)
{
    Configuration config;
    config.scopes = {{u"a.read"_s, {}}, {u"b.write"_s, {}}};
    for (const QString &id : ids)
        config.clients.append(client(id));
    return config;
}

QStringList rowIds(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, ClientListModel::ClientIdColumn).data().toString());
    return ids;
}

} // namespace

class TestClientListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions_data();
    void transitions();
    void editIsDataChangedOnOneRow();
    void selectionSurvivesOtherRowsChanging();
    void data_data();
    void data();
    void secondaryTextWithoutDisplayName();
    void headers();
    void methodsSummary_data();
    void methodsSummary();
};

void TestClientListModel::transitions_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("resets");

    using L = QStringList;
    QTest::newRow("append") << L {u"a"_s, u"b"_s} << L {u"a"_s, u"b"_s, u"c"_s} << 0 << 1 << 0;
    QTest::newRow("prepend") << L {u"a"_s, u"b"_s} << L {u"c"_s, u"a"_s, u"b"_s} << 0 << 1 << 0;
    QTest::newRow("remove middle")
        << L {u"a"_s, u"b"_s, u"c"_s} << L {u"a"_s, u"c"_s} << 1 << 0 << 0;
    QTest::newRow("rename") << L {u"a"_s, u"b"_s, u"c"_s} << L {u"a"_s, u"x"_s, u"c"_s} << 1 << 1
                            << 0;
    QTest::newRow("remove all") << L {u"a"_s, u"b"_s} << L {} << 2 << 0 << 0;
    QTest::newRow("from empty") << L {} << L {u"a"_s, u"b"_s} << 0 << 2 << 0;
    QTest::newRow("unchanged") << L {u"a"_s, u"b"_s} << L {u"a"_s, u"b"_s} << 0 << 0 << 0;
    QTest::newRow("reordered") << L {u"a"_s, u"b"_s} << L {u"b"_s, u"a"_s} << 0 << 0 << 1;
    QTest::newRow("reordered and grown")
        << L {u"a"_s, u"b"_s} << L {u"b"_s, u"c"_s, u"a"_s} << 0 << 0 << 1;
}

void TestClientListModel::transitions()
{
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    QFETCH(int, removed);
    QFETCH(int, inserted);
    QFETCH(int, resets);

    ClientListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(withClients(before));
    QCOMPARE(rowIds(model), before);

    QSignalSpy removedSpy(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertedSpy(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);
    model.setConfiguration(withClients(after));
    QCOMPARE(rowIds(model), after);
    QCOMPARE(removedSpy.count(), removed);
    QCOMPARE(insertedSpy.count(), inserted);
    QCOMPARE(resetSpy.count(), resets);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.itemAt(row), client(after.at(row)));
}

void TestClientListModel::editIsDataChangedOnOneRow()
{
    ClientListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Configuration config = withClients({u"a"_s, u"b"_s, u"c"_s});
    model.setConfiguration(config);

    QSignalSpy changedSpy(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy layoutSpy(&model, &QAbstractItemModel::modelReset);
    config.clients[1].displayName = u"Renamed"_s;
    config.clients[1].accessTokenLifetimeSeconds = 60;
    model.setConfiguration(config);

    QCOMPARE(changedSpy.count(), 1);
    const auto topLeft = changedSpy.first().at(0).value<QModelIndex>();
    const auto bottomRight = changedSpy.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), ClientListModel::ColumnCount - 1);
    QCOMPARE(layoutSpy.count(), 0);
    QCOMPARE(model.index(1, ClientListModel::DisplayNameColumn).data().toString(), u"Renamed"_s);
    QCOMPARE(model.index(1, ClientListModel::LifetimeColumn).data().toString(), u"1 minute"_s);
}

void TestClientListModel::selectionSurvivesOtherRowsChanging()
{
    ClientListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(withClients({u"a"_s, u"b"_s, u"c"_s}));
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(
        model.index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    model.setConfiguration(withClients({u"new"_s, u"b"_s, u"c"_s}));
    QVERIFY(selection.currentIndex().isValid());
    QCOMPARE(selection.currentIndex().data(ClientListModel::ClientIdRole).toString(), u"b"_s);
    QVERIFY(selection.isRowSelected(selection.currentIndex().row()));
}

void TestClientListModel::data_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("id") << int(ClientListModel::ClientIdColumn) << int(Qt::DisplayRole)
                        << QVariant(u"svc"_s);
    QTest::newRow("id secondary") << int(ClientListModel::ClientIdColumn)
                                  << int(ClientListModel::SecondaryTextRole)
                                  << QVariant(u"Client svc \u00b7 basic, post"_s);
    QTest::newRow("id role on another column")
        << int(ClientListModel::ScopesColumn) << int(ClientListModel::ClientIdRole)
        << QVariant(u"svc"_s);
    QTest::newRow("display name") << int(ClientListModel::DisplayNameColumn) << int(Qt::DisplayRole)
                                  << QVariant(u"Client svc"_s);
    QTest::newRow("methods") << int(ClientListModel::AuthenticationColumn) << int(Qt::DisplayRole)
                             << QVariant(u"basic, post"_s);
    QTest::newRow("scopes") << int(ClientListModel::ScopesColumn) << int(Qt::DisplayRole)
                            << QVariant(u"a.read, b.write"_s);
    QTest::newRow("lifetime") << int(ClientListModel::LifetimeColumn) << int(Qt::DisplayRole)
                              << QVariant(u"4 hours"_s);
    QTest::newRow("lifetime seconds")
        << int(ClientListModel::LifetimeColumn) << int(Qt::EditRole) << QVariant(qint64(14400));
}

void TestClientListModel::data()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, expected);
    ClientListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(withClients({u"svc"_s}));
    QCOMPARE(model.index(0, column).data(role), expected);
}

void TestClientListModel::secondaryTextWithoutDisplayName()
{
    ClientListModel model;
    Configuration config = withClients({u"svc"_s});
    config.clients[0].displayName.clear();
    config.clients[0].authenticationMethods = {AuthMethod::ClientSecretPost.toString()};
    model.setConfiguration(config);
    QCOMPARE(model.index(0, 0).data(ClientListModel::SecondaryTextRole).toString(), u"post"_s);
    QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(), u"svc"_s);
}

void TestClientListModel::headers()
{
    ClientListModel model;
    QCOMPARE(model.columnCount(), int(ClientListModel::ColumnCount));
    QCOMPARE(
        model.headerData(ClientListModel::ClientIdColumn, Qt::Horizontal).toString(), u"Client"_s);
    QCOMPARE(model.headerData(ClientListModel::AuthenticationColumn, Qt::Horizontal).toString(),
        u"Authentication"_s);
    model.setConfiguration(withClients({u"svc"_s}));
    QVERIFY(
        model.index(0, ClientListModel::ClientIdColumn).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.index(0, ClientListModel::ClientIdColumn).flags().testFlag(Qt::ItemIsEditable));
}

void TestClientListModel::methodsSummary_data()
{
    QTest::addColumn<QStringList>("methods");
    QTest::addColumn<QString>("summary");
    QTest::newRow("both") << QStringList {u"client_secret_post"_s, u"client_secret_basic"_s}
                          << u"post, basic"_s;
    QTest::newRow("none") << QStringList() << QString();
    QTest::newRow("future method kept whole")
        << QStringList {u"private_key_jwt"_s} << u"private_key_jwt"_s;
}

void TestClientListModel::methodsSummary()
{
    QFETCH(QStringList, methods);
    QFETCH(QString, summary);
    QCOMPARE(ClientListModel::methodsSummary(methods), summary);
}

QTEST_MAIN(TestClientListModel)
#include "tst_clientlistmodel.moc"
