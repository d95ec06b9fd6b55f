// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Scopes page as a user would against a real Workspace whose server listens on a free
// loopback port, and checks that renames and deletions reach the clients and the wire.
#include "formtest.h"

#include "configurationedits.h"
#include "scopelistmodel.h"
#include "scopespage.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using FormTest::MessageBoxAnswer;
using FormTest::Method;
using FormTest::seedConfiguration;

namespace {

const QString SeedId = u"service-client-jwt"_s;
const QString SeedSecret = u"service-client-jwt-secret"_s;

} // namespace

class TestScopesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void addScope();
    void renameUpdatesClients();
    void deleteUsedScope_data();
    void deleteUsedScope();
    void deleteUnusedScope();
    void invalidNameIsRejectedAtTheField_data();
    void invalidNameIsRejectedAtTheField();
    void descriptionEditKeepsClients();
    void revertAndSwitchingWhileDirty_data();
    void revertAndSwitchingWhileDirty();
    void keyboard();

private:
    Workspace *workspace() const { return m_fixture->workspace(); }

    template<typename T>
    T *widget(const QString &name) const
    {
        T *found = m_page->findChild<T *>(name);
        if (!found)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return found;
    }
    void click(const QString &name)
    {
        QTest::mouseClick(widget<QAbstractButton>(name), Qt::LeftButton);
    }
    void typeInto(const QString &name, const QString &text);
    void clickRow(const QString &scope);
    QString currentScope() const
    {
        return widget<QTableView>(u"scopesTableView"_s)
            ->currentIndex()
            .data(ScopeListModel::ScopeNameRole)
            .toString();
    }
    bool isDirty() const { return widget<QLabel>(u"unsavedLabel"_s)->isVisible(); }
    QStringList scopeNames() const
    {
        QStringList names;
        for (const ScopeDefinition &scope : workspace()->configuration().scopes)
            names.append(scope.name);
        return names;
    }

    std::unique_ptr<FormTest::UnexpectedDialogGuard> m_dialogGuard;
    std::unique_ptr<FormTest::WorkspaceFixture> m_fixture;
    std::unique_ptr<ScopesPage> m_page;
    HttpClient m_http;
};

void TestScopesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestScopesPage::init()
{
    m_dialogGuard = std::make_unique<FormTest::UnexpectedDialogGuard>();
    m_fixture = std::make_unique<FormTest::WorkspaceFixture>();
    QVERIFY(m_fixture->isValid());
    Workspace *opened = m_fixture->open();
    QTRY_VERIFY_WITH_TIMEOUT(opened->server()->isListening(), 30000);
    m_page = std::make_unique<ScopesPage>(opened);
    m_page->resize(1280, 760);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestScopesPage::cleanup()
{
    m_page.reset();
    m_fixture->close();
    m_fixture.reset();
    const QStringList unexpected = m_dialogGuard->unexpected();
    m_dialogGuard.reset();
    QVERIFY2(
        unexpected.isEmpty(), qPrintable(u"unexpected dialog: "_s + unexpected.join(u" | "_s)));
}

void TestScopesPage::typeInto(const QString &name, const QString &text)
{
    auto *edit = widget<QLineEdit>(name);
    FormTest::typeText(edit, text);
    QCOMPARE(edit->text(), text);
}

void TestScopesPage::clickRow(const QString &scope)
{
    auto *table = widget<QTableView>(u"scopesTableView"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(ScopeListModel::ScopeNameRole).toString() == scope) {
            QTest::mouseClick(
                table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
            return;
        }
    }
    QFAIL(qPrintable(u"no row "_s + scope));
}

void TestScopesPage::addScope()
{
    click(u"newButton"_s);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"scopeNameLineEdit"_s));
    QTest::keyClicks(QApplication::focusWidget(), u"orders.read"_s);
    typeInto(u"descriptionLineEdit"_s, u"Read orders"_s);
    QVERIFY(isDirty());
    click(u"saveButton"_s);

    QVERIFY(!isDirty());
    QCOMPARE(scopeNames(),
        (QStringList {u"country.read"_s, u"customer.read"_s, u"customer.write"_s, u"openid"_s,
            u"profile"_s, u"email"_s, u"orders.read"_s}));
    QCOMPARE(
        workspace()->configuration().findScope(u"orders.read"_s)->description, u"Read orders"_s);
    QCOMPARE(currentScope(), u"orders.read"_s);
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"orders.read"_s);

    // The running server knows it at once.
    const HttpResult metadata = m_http.get(QUrl(workspace()->endpoints().metadata));
    QCOMPARE(metadata.status, 200);
    QVERIFY(metadata.json().value(u"scopes_supported"_s).toArray().contains(u"orders.read"_s));
}

void TestScopesPage::renameUpdatesClients()
{
    clickRow(u"country.read"_s);
    QCOMPARE(widget<QLineEdit>(u"scopeNameLineEdit"_s)->text(), u"country.read"_s);
    QCOMPARE(widget<QLabel>(u"usedByLabel"_s)->text(), SeedId);
    typeInto(u"scopeNameLineEdit"_s, u"country.view"_s);
    auto *notice = widget<QLabel>(u"renameNoticeLabel"_s);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(SeedId), qPrintable(notice->text()));
    click(u"saveButton"_s);

    QCOMPARE(scopeNames(),
        (QStringList {u"country.view"_s, u"customer.read"_s, u"customer.write"_s, u"openid"_s,
            u"profile"_s, u"email"_s}));
    QCOMPARE(workspace()->configuration().findClient(SeedId)->scopes,
        (QStringList {u"country.view"_s, u"customer.read"_s, u"customer.write"_s}));
    QCOMPARE(currentScope(), u"country.view"_s);
    QVERIFY(!notice->isVisible());

    const HttpResult renamed = FormTest::requestToken(
        m_http, *workspace(), SeedId, SeedSecret, {u"country.view"_s}, Method::Post);
    QCOMPARE(renamed.status, 200);
    QCOMPARE(renamed.json().value(u"scope"_s).toString(), u"country.view"_s);
    const HttpResult old = FormTest::requestToken(
        m_http, *workspace(), SeedId, SeedSecret, {u"country.read"_s}, Method::Post);
    QCOMPARE(old.status, 400);
    QCOMPARE(old.json().value(u"error"_s).toString(), u"invalid_scope"_s);
}

void TestScopesPage::deleteUsedScope_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::newRow("confirmed") << true;
    QTest::newRow("cancelled") << false;
}

void TestScopesPage::deleteUsedScope()
{
    QFETCH(bool, confirm);
    Configuration config = workspace()->configuration();
    ClientRegistration reader = config.clients.first();
    reader.clientId = u"reader"_s;
    reader.scopes = {u"customer.write"_s};
    workspace()->setConfiguration(ConfigurationEdits::withClient(config, {}, reader));
    const Configuration before = workspace()->configuration();

    clickRow(u"customer.write"_s);
    const auto answer = confirm ? std::make_unique<MessageBoxAnswer>(QMessageBox::DestructiveRole)
                                : std::make_unique<MessageBoxAnswer>(QMessageBox::Cancel);
    click(u"deleteButton"_s);
    QVERIFY(answer->wasShown());
    QCOMPARE(answer->objectName(), u"deleteScopeMessageBox"_s);
    QVERIFY(answer->text().contains(u"customer.write"_s));
    // The confirmation names every client that loses the scope.
    QVERIFY2(answer->informativeText().contains(SeedId), qPrintable(answer->informativeText()));
    QVERIFY(answer->informativeText().contains(u"reader"_s));

    if (!confirm) {
        QCOMPARE(workspace()->configuration(), before);
        QCOMPARE(currentScope(), u"customer.write"_s);
        return;
    }
    QCOMPARE(scopeNames(),
        (QStringList {
            u"country.read"_s, u"customer.read"_s, u"openid"_s, u"profile"_s, u"email"_s}));
    QCOMPARE(workspace()->configuration().findClient(SeedId)->scopes,
        (QStringList {u"country.read"_s, u"customer.read"_s}));
    QCOMPARE(workspace()->configuration().findClient(u"reader"_s)->scopes, QStringList());
    // The nearest scope is shown next: the one that took its row (openid, since version 3's
    // default scopes follow the seed's).
    QCOMPARE(currentScope(), u"openid"_s);
    QCOMPARE(widget<QLineEdit>(u"scopeNameLineEdit"_s)->text(), u"openid"_s);

    const HttpResult refused = FormTest::requestToken(
        m_http, *workspace(), SeedId, SeedSecret, {u"customer.write"_s}, Method::Basic);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json().value(u"error"_s).toString(), u"invalid_scope"_s);
    QCOMPARE(FormTest::requestToken(
                 m_http, *workspace(), SeedId, SeedSecret, {u"customer.read"_s}, Method::Basic)
                 .status,
        200);
}

void TestScopesPage::deleteUnusedScope()
{
    workspace()->setConfiguration(ConfigurationEdits::withScope(
        workspace()->configuration(), {}, {u"unused.scope"_s, QString()}));
    clickRow(u"unused.scope"_s);
    // The form and the list say it with the same words.
    QCOMPARE(widget<QLabel>(u"usedByLabel"_s)->text(), u"not used"_s);
    MessageBoxAnswer answer(QMessageBox::DestructiveRole);
    click(u"deleteButton"_s);
    QVERIFY(answer.wasShown());
    QVERIFY(answer.informativeText().contains(u"No client"_s));
    QCOMPARE(workspace()->configuration(), seedConfiguration());
}

void TestScopesPage::invalidNameIsRejectedAtTheField_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("space") << u"orders read"_s << u"character 7 is a space"_s;
    QTest::newRow("double quote") << u"orders\"read"_s << u"double quote"_s;
    QTest::newRow("backslash") << u"orders\\read"_s << u"backslash"_s;
    QTest::newRow("non-ASCII") << u"b\u00fcro"_s << u"U+00FC"_s;
    QTest::newRow("duplicate") << u"customer.read"_s << u"already named"_s;
}

void TestScopesPage::invalidNameIsRejectedAtTheField()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    const Configuration before = workspace()->configuration();

    click(u"newButton"_s);
    typeInto(u"descriptionLineEdit"_s, u"Something"_s);
    typeInto(u"scopeNameLineEdit"_s, name);
    widget<QLineEdit>(u"descriptionLineEdit"_s)->setFocus(Qt::TabFocusReason);
    click(u"saveButton"_s);

    auto *label = widget<QLabel>(u"scopeNameErrorLabel"_s);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(message), qPrintable(label->text()));
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"scopeNameLineEdit"_s));
    QCOMPARE(workspace()->configuration(), before);
    QVERIFY(isDirty());
    QVERIFY(!m_page->saveChanges());

    // Renaming an existing scope to the bad name is refused the same way.
    m_page->discardChanges();
    clickRow(u"country.read"_s);
    typeInto(u"scopeNameLineEdit"_s, name);
    click(u"saveButton"_s);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(message), qPrintable(label->text()));
    QCOMPARE(workspace()->configuration(), before);
}

void TestScopesPage::descriptionEditKeepsClients()
{
    clickRow(u"customer.read"_s);
    typeInto(u"descriptionLineEdit"_s, u"Read every customer record"_s);
    QVERIFY(!widget<QLabel>(u"renameNoticeLabel"_s)->isVisible());
    // Enter in a field saves.
    QTest::keyClick(widget<QLineEdit>(u"descriptionLineEdit"_s), Qt::Key_Return);
    QVERIFY(!isDirty());
    const Configuration config = workspace()->configuration();
    QCOMPARE(config.findScope(u"customer.read"_s)->description, u"Read every customer record"_s);
    QCOMPARE(config.clients, seedConfiguration().clients);
}

void TestScopesPage::revertAndSwitchingWhileDirty_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("shownAfter");
    QTest::addColumn<QString>("savedDescription");
    const QString original = seedConfiguration().scopes.first().description;
    QTest::newRow("revert") << u"revert"_s << u"country.read"_s << original;
    QTest::newRow("switch, save") << u"save"_s << u"customer.read"_s << u"Edited"_s;
    QTest::newRow("switch, discard") << u"discard"_s << u"customer.read"_s << original;
    QTest::newRow("switch, cancel") << u"cancel"_s << u"country.read"_s << original;
}

void TestScopesPage::revertAndSwitchingWhileDirty()
{
    QFETCH(QString, how);
    QFETCH(QString, shownAfter);
    QFETCH(QString, savedDescription);
    QCOMPARE(currentScope(), u"country.read"_s);
    typeInto(u"descriptionLineEdit"_s, u"Edited"_s);
    QVERIFY(isDirty());
    QVERIFY(m_page->hasUnsavedChanges());

    if (how == u"revert"_s) {
        click(u"revertButton"_s);
    } else {
        const QMessageBox::StandardButton button = how == u"save"_s ? QMessageBox::Save
            : how == u"discard"_s                                   ? QMessageBox::Discard
                                                                    : QMessageBox::Cancel;
        MessageBoxAnswer answer(button);
        clickRow(u"customer.read"_s);
        QVERIFY(answer.wasShown());
        QCOMPARE(answer.objectName(), u"unsavedScopeMessageBox"_s);
    }
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), shownAfter);
    QTRY_COMPARE(currentScope(), shownAfter);
    QCOMPARE(
        workspace()->configuration().findScope(u"country.read"_s)->description, savedDescription);
    QCOMPARE(isDirty(), how == u"cancel"_s);
}

void TestScopesPage::keyboard()
{
    auto *table = widget<QTableView>(u"scopesTableView"_s);
    table->setFocus(Qt::TabFocusReason);
    // F2 renames: the name field, all selected.
    QTest::keyClick(table, Qt::Key_F2);
    auto *name = widget<QLineEdit>(u"scopeNameLineEdit"_s);
    QCOMPARE(QApplication::focusWidget(), name);
    QCOMPARE(name->selectedText(), u"country.read"_s);
    QTest::keyClicks(name, u"country.all"_s);
    // Ctrl+S saves from the form.
    QTest::keyClick(name, Qt::Key_S, Qt::ControlModifier);
    QVERIFY(scopeNames().contains(u"country.all"_s));

    // Delete on the list asks; Ctrl+N starts a new scope.
    {
        MessageBoxAnswer answer(QMessageBox::Cancel);
        table->setFocus(Qt::TabFocusReason);
        QTest::keyClick(table, Qt::Key_Delete);
        QVERIFY(answer.wasShown());
    }
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    table->setFocus(Qt::TabFocusReason);
    QTest::keyClick(table, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"New scope"_s);
    QCOMPARE(QApplication::focusWidget(), name);
    // Alt+D reaches the description.
    QTest::keyClick(name, Qt::Key_D, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"descriptionLineEdit"_s));
}

QTEST_MAIN(TestScopesPage)
#include "tst_scopespage.moc"
