// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Users page as a user would against a real Workspace whose server listens on a free
// loopback port: users added, edited and deleted reach the running Registry at once and the
// configuration file for the next start; bad input stops at the field with the loader's words.
#include "formtest.h"

#include "store/registry.h"
#include "users/extraclaimsmodel.h"
#include "users/userlistmodel.h"
#include "users/userspage.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using FormTest::MessageBoxAnswer;

class TestUsersPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheDefaultUser();
    void addUserAppliesAtOnce();
    void badInputStaysAtTheField_data();
    void badInputStaysAtTheField();
    void extraClaims_data();
    void extraClaims();
    void editAppliesToTheRegistry();
    void deleteUser_data();
    void deleteUser();
    void persistedAcrossRestarts();
    void passwordIsMasked();
    void revertAndSwitchingWhileDirty();
    void claimsModelParsesJsonValues();

private:
    Workspace *workspace() const { return m_fixture->workspace(); }
    const TestUser *runningUser(const QString &username) const
    {
        m_running = workspace()->registry()->configuration();
        return m_running.findUser(username);
    }

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
    void typeInto(const QString &name, const QString &text)
    {
        auto *edit = widget<QLineEdit>(name);
        FormTest::typeText(edit, text);
        QCOMPARE(edit->text(), text);
    }
    void openPage();
    void clickRow(const QString &username);
    void editClaim(int row, int column, const QString &text);
    // The cell editor the table has open, or nullptr.
    QLineEdit *openClaimEditor() const
    {
        const QList<QLineEdit *> editors = widget<QTableView>(u"extraClaimsTableView"_s)
                                               ->viewport()
                                               ->findChildren<QLineEdit *>();
        for (QLineEdit *editor : editors) {
            if (editor->isVisible())
                return editor;
        }
        return nullptr;
    }
    QString currentUser() const
    {
        return widget<QTableView>(u"usersTableView"_s)
            ->currentIndex()
            .data(UserListModel::UsernameRole)
            .toString();
    }
    bool isDirty() const { return widget<QLabel>(u"unsavedLabel"_s)->isVisible(); }
    QStringList usernames() const
    {
        QStringList names;
        for (const TestUser &user : workspace()->configuration().users)
            names.append(user.username);
        return names;
    }
    void addAlice();

    std::unique_ptr<FormTest::UnexpectedDialogGuard> m_dialogGuard;
    std::unique_ptr<FormTest::WorkspaceFixture> m_fixture;
    std::unique_ptr<UsersPage> m_page;
    mutable Configuration m_running;
};

void TestUsersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestUsersPage::init()
{
    m_dialogGuard = std::make_unique<FormTest::UnexpectedDialogGuard>();
    m_fixture = std::make_unique<FormTest::WorkspaceFixture>();
    QVERIFY(m_fixture->isValid());
    Workspace *opened = m_fixture->open();
    QTRY_VERIFY_WITH_TIMEOUT(opened->server()->isListening(), 30000);
    openPage();
}

void TestUsersPage::openPage()
{
    m_page = std::make_unique<UsersPage>(workspace());
    m_page->resize(1280, 720);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestUsersPage::cleanup()
{
    m_page.reset();
    m_fixture->close();
    m_fixture.reset();
    const QStringList unexpected = m_dialogGuard->unexpected();
    m_dialogGuard.reset();
    QVERIFY2(
        unexpected.isEmpty(), qPrintable(u"unexpected dialog: "_s + unexpected.join(u" | "_s)));
}

void TestUsersPage::clickRow(const QString &username)
{
    auto *table = widget<QTableView>(u"usersTableView"_s);
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        const QModelIndex index = table->model()->index(row, 0);
        if (index.data(UserListModel::UsernameRole).toString() == username) {
            QTest::mouseClick(
                table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
            return;
        }
    }
    QFAIL(qPrintable(u"no row "_s + username));
}

// As a user edits a cell: select it, F2, type, Enter.
void TestUsersPage::editClaim(int row, int column, const QString &text)
{
    auto *table = widget<QTableView>(u"extraClaimsTableView"_s);
    const QModelIndex index = table->model()->index(row, column);
    table->setFocus(Qt::OtherFocusReason);
    table->setCurrentIndex(index);
    QTest::keyClick(table, Qt::Key_F2);
    QLineEdit *editor = openClaimEditor();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QCOMPARE(editor->text(), text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits after the editor has seen the key (a queued call).
    QTRY_COMPARE(index.data().toString(), text);
}

void TestUsersPage::addAlice()
{
    click(u"newButton"_s);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"usernameLineEdit"_s));
    QTest::keyClicks(QApplication::focusWidget(), u"alice"_s);
    typeInto(u"passwordLineEdit"_s, u"wonderland"_s);
    typeInto(u"nameLineEdit"_s, u"Alice Liddell"_s);
    typeInto(u"givenNameLineEdit"_s, u"Alice"_s);
    typeInto(u"familyNameLineEdit"_s, u"Liddell"_s);
    typeInto(u"emailLineEdit"_s, u"alice@example.com"_s);
    click(u"emailVerifiedCheckBox"_s);
}

void TestUsersPage::showsTheDefaultUser()
{
    QCOMPARE(usernames(), QStringList {u"user1"_s});
    QCOMPARE(currentUser(), u"user1"_s);
    QCOMPARE(widget<QLineEdit>(u"usernameLineEdit"_s)->text(), u"user1"_s);
    QCOMPARE(
        widget<QLineEdit>(u"passwordLineEdit"_s)->text(), Configuration::defaultUser().password);
    QCOMPARE(widget<QLineEdit>(u"emailLineEdit"_s)->text(), Configuration::defaultUser().email);
    QVERIFY(!isDirty());
    QVERIFY(!widget<QPushButton>(u"saveButton"_s)->isEnabled());
}

void TestUsersPage::addUserAppliesAtOnce()
{
    addAlice();
    QVERIFY(isDirty());
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"New user"_s);
    click(u"saveButton"_s);

    QVERIFY(!isDirty());
    QCOMPARE(usernames(), (QStringList {u"user1"_s, u"alice"_s}));
    QCOMPARE(currentUser(), u"alice"_s);
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"alice"_s);
    const TestUser *alice = runningUser(u"alice"_s);
    QVERIFY(alice);
    QCOMPARE(alice->password, u"wonderland"_s);
    QCOMPARE(alice->name, u"Alice Liddell"_s);
    QCOMPARE(alice->givenName, u"Alice"_s);
    QCOMPARE(alice->familyName, u"Liddell"_s);
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QVERIFY(alice->emailVerified);
    QVERIFY(alice->extraClaims.isEmpty());
}

void TestUsersPage::badInputStaysAtTheField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorLabel");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty username") << u"usernameLineEdit"_s << QString() << u"usernameErrorLabel"_s
                                    << u"The username must not be empty."_s;
    QTest::newRow("username with a space")
        << u"usernameLineEdit"_s << u"alice l"_s << u"usernameErrorLabel"_s
        << u"The username must contain only visible ASCII characters (no spaces), but "
           "character 6 is a space."_s;
    QTest::newRow("username taken")
        << u"usernameLineEdit"_s << u"user1"_s << u"usernameErrorLabel"_s
        << u"Another user is already named \u201cuser1\u201d."_s;
    QTest::newRow("empty password")
        << u"passwordLineEdit"_s << QString() << u"passwordErrorLabel"_s
        << u"The password must not be empty: the login page would let nobody in."_s;
    QTest::newRow("email without @")
        << u"emailLineEdit"_s << u"alice.example.com"_s << u"emailErrorLabel"_s
        << u"The email must be an address such as user1@example.com, not "
           "\"alice.example.com\"."_s;
}

void TestUsersPage::badInputStaysAtTheField()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, errorLabel);
    QFETCH(QString, message);
    addAlice();
    typeInto(field, text);
    auto *label = widget<QLabel>(errorLabel);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), message);
    // The screen reader hears it at the field.
    QCOMPARE(widget<QLineEdit>(field)->accessibleDescription(), message);

    click(u"saveButton"_s);
    QCOMPARE(usernames(), QStringList {u"user1"_s});
    QCOMPARE(runningUser(u"alice"_s), nullptr);
    QVERIFY(isDirty());
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(field));

    // Fixed, it saves.
    typeInto(field,
        field == u"usernameLineEdit"_s       ? u"alice"_s
            : field == u"passwordLineEdit"_s ? u"p"_s
                                             : u"alice@example.com"_s);
    QVERIFY(!label->isVisible());
    click(u"saveButton"_s);
    QVERIFY(runningUser(u"alice"_s));
}

void TestUsersPage::extraClaims_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message"); // empty: saved
    QTest::addColumn<QJsonValue>("saved");
    QTest::newRow("text") << u"department"_s << u"\"Sales\""_s << QString()
                          << QJsonValue(u"Sales"_s);
    QTest::newRow("number") << u"level"_s << u"42"_s << QString() << QJsonValue(42);
    QTest::newRow("array") << u"groups"_s << u"[\"a\", \"b\"]"_s << QString()
                           << QJsonValue(QJsonArray {u"a"_s, u"b"_s});
    QTest::newRow("not JSON") << u"department"_s << u"Sales"_s
                              << u"The value of \u201cdepartment\u201d is not JSON: put text in "
                                 "double quotes (\"Sales\"), or write a number, true, false, "
                                 "null, [...] or {...}."_s
                              << QJsonValue();
    QTest::newRow("sub") << u"sub"_s << u"\"x\""_s
                         << u"The claim \"sub\" is a claim the server sets itself (OpenID "
                            "Connect Core §2, §5.1); it cannot be an extra claim."_s
                         << QJsonValue();
    QTest::newRow("iss") << u"iss"_s << u"\"x\""_s
                         << u"The claim \"iss\" is a claim the server sets itself (OpenID "
                            "Connect Core §2, §5.1); it cannot be an extra claim."_s
                         << QJsonValue();
    QTest::newRow("aud") << u"aud"_s << u"\"x\""_s
                         << u"The claim \"aud\" is a claim the server sets itself (OpenID "
                            "Connect Core §2, §5.1); it cannot be an extra claim."_s
                         << QJsonValue();
}

void TestUsersPage::extraClaims()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, message);
    QFETCH(QJsonValue, saved);
    QCOMPARE(currentUser(), u"user1"_s);
    click(u"addClaimButton"_s);
    // The new row's name is open for typing at once.
    QLineEdit *editor = openClaimEditor();
    QVERIFY(editor);
    QCOMPARE(editor->text(), u"claim"_s);
    QTest::keyClick(editor, Qt::Key_Escape);
    QTRY_VERIFY(!openClaimEditor());
    editClaim(0, ExtraClaimsModel::NameColumn, name);
    editClaim(0, ExtraClaimsModel::ValueColumn, value);
    QVERIFY(isDirty());
    auto *label = widget<QLabel>(u"extraClaimsErrorLabel"_s);
    click(u"saveButton"_s);
    if (!message.isEmpty()) {
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), message);
        QVERIFY(runningUser(u"user1"_s)->extraClaims.isEmpty());
        QVERIFY(isDirty());
        return;
    }
    QVERIFY(!label->isVisible());
    QVERIFY(!isDirty());
    QCOMPARE(runningUser(u"user1"_s)->extraClaims, (QJsonObject {{name, saved}}));

    // Removed again.
    widget<QTableView>(u"extraClaimsTableView"_s)
        ->setCurrentIndex(widget<QTableView>(u"extraClaimsTableView"_s)->model()->index(0, 0));
    click(u"removeClaimButton"_s);
    click(u"saveButton"_s);
    QVERIFY(runningUser(u"user1"_s)->extraClaims.isEmpty());
}

void TestUsersPage::editAppliesToTheRegistry()
{
    typeInto(u"nameLineEdit"_s, u"User Number One"_s);
    typeInto(u"usernameLineEdit"_s, u"first"_s);
    QVERIFY(isDirty());
    // Not before the save.
    QVERIFY(runningUser(u"user1"_s));
    QTest::keyClick(widget<QLineEdit>(u"usernameLineEdit"_s), Qt::Key_Return);

    QVERIFY(!isDirty());
    QCOMPARE(usernames(), QStringList {u"first"_s});
    QCOMPARE(runningUser(u"user1"_s), nullptr);
    const TestUser *first = runningUser(u"first"_s);
    QVERIFY(first);
    QCOMPARE(first->name, u"User Number One"_s);
    QCOMPARE(first->password, Configuration::defaultUser().password);
    QCOMPARE(currentUser(), u"first"_s);
}

void TestUsersPage::deleteUser_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::newRow("confirmed") << true;
    QTest::newRow("cancelled") << false;
}

void TestUsersPage::deleteUser()
{
    QFETCH(bool, confirm);
    addAlice();
    click(u"saveButton"_s);
    const Configuration before = workspace()->configuration();

    clickRow(u"alice"_s);
    const auto answer = confirm ? std::make_unique<MessageBoxAnswer>(QMessageBox::DestructiveRole)
                                : std::make_unique<MessageBoxAnswer>(QMessageBox::Cancel);
    click(u"deleteButton"_s);
    QVERIFY(answer->wasShown());
    QCOMPARE(answer->objectName(), u"deleteUserMessageBox"_s);
    QVERIFY(answer->text().contains(u"alice"_s));
    if (!confirm) {
        QCOMPARE(workspace()->configuration(), before);
        QCOMPARE(currentUser(), u"alice"_s);
        return;
    }
    QCOMPARE(usernames(), QStringList {u"user1"_s});
    QCOMPARE(runningUser(u"alice"_s), nullptr);
    QCOMPARE(currentUser(), u"user1"_s);

    // The last one too: the list may be empty, and the form says so.
    MessageBoxAnswer last(QMessageBox::DestructiveRole);
    click(u"deleteButton"_s);
    QVERIFY(last.wasShown());
    QVERIFY(usernames().isEmpty());
    QVERIFY(workspace()->registry()->configuration().users.isEmpty());
    QCOMPARE(
        widget<QStackedWidget>(u"editorStack"_s)->currentWidget()->objectName(), u"emptyPage"_s);
}

void TestUsersPage::persistedAcrossRestarts()
{
    addAlice();
    click(u"addClaimButton"_s);
    QVERIFY(openClaimEditor());
    QTest::keyClick(openClaimEditor(), Qt::Key_Escape);
    QTRY_VERIFY(!openClaimEditor());
    editClaim(0, ExtraClaimsModel::NameColumn, u"department"_s);
    editClaim(0, ExtraClaimsModel::ValueColumn, u"\"Sales\""_s);
    click(u"saveButton"_s);
    QVERIFY(!isDirty());

    // Quit and start again on the same file.
    m_page.reset();
    m_fixture->close();
    Workspace *reopened = m_fixture->open();
    QTRY_VERIFY_WITH_TIMEOUT(reopened->server()->isListening(), 30000);
    openPage();

    const TestUser *alice = runningUser(u"alice"_s);
    QVERIFY(alice);
    QCOMPARE(alice->password, u"wonderland"_s);
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QVERIFY(alice->emailVerified);
    QCOMPARE(alice->extraClaims, (QJsonObject {{u"department"_s, u"Sales"_s}}));
    QCOMPARE(widget<QTableView>(u"usersTableView"_s)->model()->rowCount(), 2);
    clickRow(u"alice"_s);
    QCOMPARE(widget<QLineEdit>(u"familyNameLineEdit"_s)->text(), u"Liddell"_s);
    QCOMPARE(widget<QTableView>(u"extraClaimsTableView"_s)->model()->index(0, 1).data(),
        QVariant(u"\"Sales\""_s));
}

void TestUsersPage::passwordIsMasked()
{
    auto *password = widget<QLineEdit>(u"passwordLineEdit"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    click(u"showPasswordToolButton"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Normal);
    // Another user is shown masked again.
    addAlice();
    click(u"saveButton"_s);
    clickRow(u"user1"_s);
    QCOMPARE(password->echoMode(), QLineEdit::Password);
}

void TestUsersPage::revertAndSwitchingWhileDirty()
{
    typeInto(u"givenNameLineEdit"_s, u"Changed"_s);
    click(u"revertButton"_s);
    QVERIFY(!isDirty());
    QCOMPARE(
        widget<QLineEdit>(u"givenNameLineEdit"_s)->text(), Configuration::defaultUser().givenName);

    // New while dirty asks; Save keeps the edit.
    typeInto(u"givenNameLineEdit"_s, u"Changed"_s);
    {
        MessageBoxAnswer answer(QMessageBox::Save);
        click(u"newButton"_s);
        QVERIFY(answer.wasShown());
        QCOMPARE(answer.objectName(), u"unsavedUserMessageBox"_s);
    }
    QCOMPARE(runningUser(u"user1"_s)->givenName, u"Changed"_s);
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"New user"_s);
}

void TestUsersPage::claimsModelParsesJsonValues()
{
    QCOMPARE(ExtraClaimsModel::parseValue(u"\"a\""_s), std::optional(QJsonValue(u"a"_s)));
    QCOMPARE(ExtraClaimsModel::parseValue(u" true "_s), std::optional(QJsonValue(true)));
    QCOMPARE(ExtraClaimsModel::parseValue(u"null"_s), std::optional(QJsonValue()));
    QCOMPARE(ExtraClaimsModel::parseValue(u"{\"k\": 1}"_s),
        std::optional(QJsonValue(QJsonObject {{u"k"_s, 1}})));
    QVERIFY(!ExtraClaimsModel::parseValue(u"a"_s));
    QVERIFY(!ExtraClaimsModel::parseValue(u"1, 2"_s));
    QVERIFY(!ExtraClaimsModel::parseValue(QString()));
    QCOMPARE(ExtraClaimsModel::valueText(QJsonArray {1, u"x"_s}), u"[1,\"x\"]"_s);

    ExtraClaimsModel model;
    QAbstractItemModelTester tester(&model);
    model.setClaims({{u"a"_s, 1}});
    QCOMPARE(model.addClaim(), 1);
    QCOMPARE(model.index(1, 0).data().toString(), u"claim"_s);
    QCOMPARE(model.claims(), (QJsonObject {{u"a"_s, 1}, {u"claim"_s, u""_s}}));
    model.setData(model.index(1, 0), u"a"_s);
    int row = -1;
    QCOMPARE(model.problem(&row), u"The claim \u201ca\u201d is there twice."_s);
    QCOMPARE(row, 1);
    model.removeClaim(0);
    QCOMPARE(model.problem(), QString());
}

QTEST_MAIN(TestUsersPage)
#include "tst_userspage.moc"
