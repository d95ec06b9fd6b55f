// SPDX-License-Identifier: GPL-3.0-or-later
#include "scopechecklistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QList<ScopeDefinition> Scopes
    = {{u"a.read"_s, u"Read A"_s}, {u"b.read"_s, u"Read B"_s}, {u"c.write"_s, u"Write C"_s}};

QStringList displayed(const QAbstractItemModel &model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts.append(model.index(row, 0).data().toString());
    return texts;
}

} // namespace

class TestScopeCheckListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkedAndTooltips();
    void toggling();
    void missingScopeIsShownAndKept();
    void availableScopesChangeKeepsChecks();
};

void TestScopeCheckListModel::checkedAndTooltips()
{
    ScopeCheckListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAvailableScopes(Scopes);
    model.setCheckedScopes({u"c.write"_s, u"a.read"_s});
    QCOMPARE(displayed(model), (QStringList {u"a.read"_s, u"b.read"_s, u"c.write"_s}));
    QCOMPARE(model.index(0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model.index(1).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(model.index(1).data(Qt::ToolTipRole).toString(), u"Read B"_s);
    QCOMPARE(model.checkedScopes(), (QStringList {u"a.read"_s, u"c.write"_s}));
    QVERIFY(model.flags(model.index(0)).testFlag(Qt::ItemIsUserCheckable));
    QVERIFY(model.missingCheckedScopes().isEmpty());
}

void TestScopeCheckListModel::toggling()
{
    ScopeCheckListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAvailableScopes(Scopes);
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(model.index(1), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(model.checkedScopes(), (QStringList {u"b.read"_s}));
    QVERIFY(model.setData(model.index(1), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(model.checkedScopes().isEmpty());
    QVERIFY(!model.setData(model.index(1), u"text"_s, Qt::EditRole));
}

void TestScopeCheckListModel::missingScopeIsShownAndKept()
{
    ScopeCheckListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAvailableScopes(Scopes);
    model.setCheckedScopes({u"a.read"_s, u"gone"_s});
    QCOMPARE(model.rowCount(), 4);
    const QModelIndex missing = model.index(3);
    QVERIFY(missing.data(ScopeCheckListModel::MissingRole).toBool());
    QCOMPARE(missing.data(ScopeCheckListModel::ScopeNameRole).toString(), u"gone"_s);
    QVERIFY(missing.data().toString().contains(u"no longer defined"_s));
    QVERIFY(missing.data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.checkedScopes(), (QStringList {u"a.read"_s, u"gone"_s}));
    QCOMPARE(model.missingCheckedScopes(), (QStringList {u"gone"_s}));

    // Unchecking resolves it; the row stays until the list is rebuilt, so nothing jumps.
    QVERIFY(model.setData(missing, Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(model.missingCheckedScopes().isEmpty());
    QCOMPARE(model.rowCount(), 4);
}

void TestScopeCheckListModel::availableScopesChangeKeepsChecks()
{
    ScopeCheckListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAvailableScopes(Scopes);
    model.setCheckedScopes({u"b.read"_s});
    QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changedSpy(&model, &QAbstractItemModel::dataChanged);

    // Same names, new description: no reset.
    QList<ScopeDefinition> described = Scopes;
    described[1].description = u"Read all of B"_s;
    model.setAvailableScopes(described);
    QCOMPARE(resetSpy.count(), 0);
    QCOMPARE(changedSpy.count(), 1);
    QCOMPARE(model.index(1).data(Qt::ToolTipRole).toString(), u"Read all of B"_s);

    // b.read deleted elsewhere while checked: shown as missing.
    model.setAvailableScopes({Scopes.at(0), Scopes.at(2)});
    QCOMPARE(model.checkedScopes(), (QStringList {u"b.read"_s}));
    QCOMPARE(model.missingCheckedScopes(), (QStringList {u"b.read"_s}));
    QCOMPARE(model.rowCount(), 3);
}

QTEST_MAIN(TestScopeCheckListModel)
#include "tst_scopechecklistmodel.moc"
