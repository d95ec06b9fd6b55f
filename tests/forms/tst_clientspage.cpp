// SPDX-License-Identifier: GPL-3.0-or-later
// Drives the Clients page as a user would (clicks, typing, shortcuts) against a real Workspace
// whose server listens on a free loopback port, and checks the effect over real HTTP.
#include "formtest.h"

#include "clienteditor.h"
#include "clientlistmodel.h"
#include "clientspage.h"
#include "composerpage.h"
#include "configurationedits.h"
#include "oauth/protocolregistry.h"
#include "scopechecklistmodel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using FormTest::MessageBoxAnswer;
using FormTest::Method;
using FormTest::seedConfiguration;

namespace {

const QString SeedId = u"service-client-jwt"_s;
const QString SeedSecret = u"service-client-jwt-secret"_s;

} // namespace

class TestClientsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createdClientGetsToken_data();
    void createdClientGetsToken();
    void removedScopeGivesInvalidScope();
    void renamedClientIdAppliesAtOnce();
    void membersWithoutFieldsAreKept();
    void expiredSecretGivesInvalidClient();
    void deletedClientGivesInvalidClient_data();
    void deletedClientGivesInvalidClient();
    void invalidClientIdIsRejectedAtTheField_data();
    void invalidClientIdIsRejectedAtTheField();
    void invalidFieldIsRejectedAtTheField_data();
    void invalidFieldIsRejectedAtTheField();
    void messageClearsWhenFixed();
    void generatedSecretsAreLongAndDifferent();
    void copyPutsTheSecretOnTheClipboard();
    void showHideSecret();
    void revertRestoresSavedValues();
    void switchingWhileDirtyAsks_data();
    void switchingWhileDirtyAsks();
    void duplicateIsAnUnsavedCopyWithANewSecret();
    void keyboardShortcuts();
    void editsSurviveRestart();
    void explanationShowsTheRequestThatWorks();
    void scopeDeletedElsewhereIsMarkedMissing();
    void scopeRenamedElsewhereKeepsEdits();
    void filterHidesOtherClients();
    void filterKeepsUnsavedEdits();
    void tabOrderFollowsTheForm();
    void tokenFormatAppliesAtOnce();
    void generatedKeyPairSignsInTheComposer();

private:
    Workspace *workspace() const { return m_fixture->workspace(); }
    void openPage();

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
    void toggleScope(const QString &scope);
    bool isScopeChecked(const QString &scope) const;
    void clickRow(int row);
    QString editorId() const { return widget<QLineEdit>(u"clientIdLineEdit"_s)->text(); }
    bool isDirty() const { return widget<QLabel>(u"unsavedLabel"_s)->isVisible(); }
    static QString focusName()
    {
        const QWidget *focused = QApplication::focusWidget();
        if (!focused)
            return {};
        // A spin box may hand the focus to its inner line edit.
        if (focused->objectName() == u"qt_spinbox_lineedit"_s)
            return focused->parentWidget()->objectName();
        return focused->objectName();
    }
    void addSecondClient();

    std::unique_ptr<FormTest::UnexpectedDialogGuard> m_dialogGuard;
    std::unique_ptr<FormTest::WorkspaceFixture> m_fixture;
    std::unique_ptr<ClientsPage> m_page;
    HttpClient m_http;
};

void TestClientsPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestClientsPage::init()
{
    m_dialogGuard = std::make_unique<FormTest::UnexpectedDialogGuard>();
    m_fixture = std::make_unique<FormTest::WorkspaceFixture>();
    QVERIFY(m_fixture->isValid());
    Workspace *opened = m_fixture->open();
    QTRY_VERIFY_WITH_TIMEOUT(opened->server()->isListening(), 30000);
    openPage();
}

void TestClientsPage::openPage()
{
    m_page = std::make_unique<ClientsPage>(workspace());
    m_page->resize(1280, 760);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestClientsPage::cleanup()
{
    m_page.reset();
    m_fixture->close();
    m_fixture.reset();
    const QStringList unexpected = m_dialogGuard->unexpected();
    m_dialogGuard.reset();
    QVERIFY2(
        unexpected.isEmpty(), qPrintable(u"unexpected dialog: "_s + unexpected.join(u" | "_s)));
}

void TestClientsPage::typeInto(const QString &name, const QString &text)
{
    auto *edit = widget<QLineEdit>(name);
    FormTest::typeText(edit, text);
    QCOMPARE(edit->text(), text);
}

void TestClientsPage::toggleScope(const QString &scope)
{
    auto *view = widget<QListView>(u"scopesListView"_s);
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(ScopeCheckListModel::ScopeNameRole).toString() != scope)
            continue;
        view->setFocus(Qt::TabFocusReason);
        view->setCurrentIndex(index);
        QTest::keyClick(view, Qt::Key_Space);
        return;
    }
    QFAIL(qPrintable(u"no scope "_s + scope));
}

bool TestClientsPage::isScopeChecked(const QString &scope) const
{
    const QAbstractItemModel *model = widget<QListView>(u"scopesListView"_s)->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(ScopeCheckListModel::ScopeNameRole).toString() == scope)
            return index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
    }
    return false;
}

void TestClientsPage::clickRow(int row)
{
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    const QRect rect = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestClientsPage::addSecondClient()
{
    ClientRegistration second;
    second.clientId = u"billing"_s;
    second.clientSecret = u"billing-secret-0123456789"_s;
    second.displayName = u"Billing"_s;
    second.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    second.grantTypes = {GrantType::ClientCredentials.toString()};
    second.scopes = {u"customer.read"_s};
    workspace()->setConfiguration(
        ConfigurationEdits::withClient(workspace()->configuration(), {}, second));
    QCOMPARE(widget<QTableView>(u"clientsTableView"_s)->model()->rowCount(), 2);
}

void TestClientsPage::createdClientGetsToken_data()
{
    QTest::addColumn<Method>("method");
    QTest::newRow("client_secret_basic") << Method::Basic;
    QTest::newRow("client_secret_post") << Method::Post;
}

void TestClientsPage::createdClientGetsToken()
{
    QFETCH(Method, method);

    click(u"newButton"_s);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"clientIdLineEdit"_s));
    QTest::keyClicks(QApplication::focusWidget(), u"billing-service"_s);
    typeInto(u"displayNameLineEdit"_s, u"Billing service"_s);
    // New clients start with client_secret_basic only.
    QVERIFY(widget<QCheckBox>(u"clientSecretBasicCheckBox"_s)->isChecked());
    QVERIFY(!widget<QCheckBox>(u"clientSecretPostCheckBox"_s)->isChecked());
    if (method == Method::Post) {
        click(u"clientSecretPostCheckBox"_s);
        click(u"clientSecretBasicCheckBox"_s);
    }
    toggleScope(u"customer.read"_s);
    click(u"preset3600ToolButton"_s);
    const QString secret = widget<QLineEdit>(u"clientSecretLineEdit"_s)->text();
    QCOMPARE(secret.size(), 43);
    QVERIFY(isDirty());

    click(u"saveButton"_s);
    QVERIFY(!isDirty());
    const Configuration config = workspace()->configuration();
    const ClientRegistration *saved = config.findClient(u"billing-service"_s);
    QVERIFY(saved);
    QCOMPARE(saved->displayName, u"Billing service"_s);
    QCOMPARE(saved->clientSecret, secret);
    QCOMPARE(saved->authenticationMethods,
        QStringList {method == Method::Post ? AuthMethod::ClientSecretPost.toString()
                                            : AuthMethod::ClientSecretBasic.toString()});
    QCOMPARE(saved->grantTypes, QStringList {GrantType::ClientCredentials.toString()});
    QCOMPARE(saved->scopes, QStringList {u"customer.read"_s});
    QCOMPARE(saved->accessTokenLifetimeSeconds, qint64(3600));
    // The form says which expires_in that means.
    QVERIFY(widget<QLabel>(u"tokenLifetimeErrorLabel"_s)->text().contains(u"3600"_s));
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    QCOMPARE(
        table->currentIndex().data(ClientListModel::ClientIdRole).toString(), u"billing-service"_s);

    const HttpResult ok = FormTest::requestToken(
        m_http, *workspace(), u"billing-service"_s, secret, {u"customer.read"_s}, method);
    QCOMPARE(ok.status, 200);
    const QJsonObject token = ok.json();
    QCOMPARE(token.value(u"token_type"_s).toString(), u"Bearer"_s);
    QCOMPARE(token.value(u"scope"_s).toString(), u"customer.read"_s);
    const int expiresIn = token.value(u"expires_in"_s).toInt();
    QVERIFY2(expiresIn == 3599 || expiresIn == 3600, qPrintable(QString::number(expiresIn)));

    // The method that was not chosen is refused.
    const Method other = method == Method::Post ? Method::Basic : Method::Post;
    const HttpResult refused = FormTest::requestToken(
        m_http, *workspace(), u"billing-service"_s, secret, {u"customer.read"_s}, other);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json().value(u"error"_s).toString(), u"invalid_client"_s);
}

void TestClientsPage::removedScopeGivesInvalidScope()
{
    QCOMPARE(editorId(), SeedId);
    const HttpResult before = FormTest::requestToken(
        m_http, *workspace(), SeedId, SeedSecret, {u"country.read"_s}, Method::Post);
    QCOMPARE(before.status, 200);

    QVERIFY(isScopeChecked(u"country.read"_s));
    toggleScope(u"country.read"_s);
    QVERIFY(!isScopeChecked(u"country.read"_s));
    click(u"saveButton"_s);
    QCOMPARE(workspace()->configuration().findClient(SeedId)->scopes,
        (QStringList {u"customer.read"_s, u"customer.write"_s}));

    const HttpResult refused = FormTest::requestToken(
        m_http, *workspace(), SeedId, SeedSecret, {u"country.read"_s}, Method::Post);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.json().value(u"error"_s).toString(), u"invalid_scope"_s);
    const HttpResult others = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret,
        {u"customer.read"_s, u"customer.write"_s}, Method::Basic);
    QCOMPARE(others.status, 200);
}

void TestClientsPage::renamedClientIdAppliesAtOnce()
{
    addSecondClient();
    typeInto(u"clientIdLineEdit"_s, u"renamed-client"_s);
    click(u"saveButton"_s);

    const Configuration config = workspace()->configuration();
    QCOMPARE(config.clients.size(), 2);
    QCOMPARE(config.clients.first().clientId, u"renamed-client"_s); // same place in the list
    QCOMPARE(config.clients.first().clientSecret, SeedSecret);
    QCOMPARE(editorId(), u"renamed-client"_s);
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"renamed-client"_s);
    QVERIFY(!isDirty());
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    QCOMPARE(
        table->currentIndex().data(ClientListModel::ClientIdRole).toString(), u"renamed-client"_s);

    QCOMPARE(FormTest::requestToken(
                 m_http, *workspace(), u"renamed-client"_s, SeedSecret, {}, Method::Basic)
                 .status,
        200);
    const HttpResult old
        = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic);
    QCOMPARE(old.status, 401);
    QCOMPARE(old.json().value(u"error"_s).toString(), u"invalid_client"_s);
}

void TestClientsPage::membersWithoutFieldsAreKept()
{
    // Audience and extra claims have no field on this form yet: editing such a client keeps
    // them, and the token format it was loaded with; a private_key_jwt client needs no secret.
    Configuration config = workspace()->configuration();
    config.clients[0].tokenFormat = u"reference"_s;
    config.clients[0].audience = {u"api"_s};
    config.clients[0].extraClaims = QJsonObject {{u"tenant"_s, u"t1"_s}};
    ClientRegistration keyClient = Configuration::defaults().clients.at(3);
    QVERIFY(keyClient.clientSecret.isEmpty());
    config.clients.append(keyClient);
    workspace()->setConfiguration(config);
    clickRow(0);
    typeInto(u"displayNameLineEdit"_s, u"Renamed"_s);
    click(u"saveButton"_s);
    const ClientRegistration saved = workspace()->configuration().clients.first();
    QCOMPARE(saved.displayName, u"Renamed"_s);
    QCOMPARE(saved.tokenFormat, u"reference"_s);
    QCOMPARE(saved.audience, QStringList {u"api"_s});
    QCOMPARE(saved.extraClaims.value(u"tenant"_s).toString(), u"t1"_s);

    clickRow(1);
    QCOMPARE(editorId(), keyClient.clientId);
    typeInto(u"displayNameLineEdit"_s, u"Key client"_s);
    QVERIFY(!widget<QLabel>(u"clientSecretErrorLabel"_s)->isVisible());
    click(u"saveButton"_s);
    const ClientRegistration savedKey = workspace()->configuration().clients.at(1);
    QCOMPARE(savedKey.displayName, u"Key client"_s);
    QCOMPARE(savedKey.authenticationMethods, QStringList {u"private_key_jwt"_s});
    QVERIFY(savedKey.clientSecret.isEmpty());
    QCOMPARE(savedKey.jwksUri, keyClient.jwksUri);
}

void TestClientsPage::expiredSecretGivesInvalidClient()
{
    auto *expires = widget<QDateTimeEdit>(u"secretExpiresDateTimeEdit"_s);
    QVERIFY(!expires->isVisible());
    click(u"secretExpiresCheckBox"_s);
    QVERIFY(expires->isVisible());
    // The suggested expiry lies ahead: saving it changes nothing for requests yet.
    QVERIFY(expires->dateTime() > QDateTime::currentDateTime());
    auto *warning = widget<QLabel>(u"secretExpiryErrorLabel"_s);
    QVERIFY(!warning->isVisible());

    expires->setDateTime(QDateTime::currentDateTime().addDays(-1));
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(u"Already expired"_s), qPrintable(warning->text()));
    click(u"saveButton"_s); // a warning does not block saving
    const std::optional<QDateTime> saved
        = workspace()->configuration().findClient(SeedId)->clientSecretExpiresAt;
    QVERIFY(saved);
    QCOMPARE(saved->timeSpec(), Qt::UTC);
    QVERIFY(*saved < QDateTime::currentDateTimeUtc());
    const HttpResult refused
        = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic);
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.json().value(u"error"_s).toString(), u"invalid_client"_s);

    click(u"secretExpiresCheckBox"_s);
    QVERIFY(!expires->isVisible());
    click(u"saveButton"_s);
    QVERIFY(!workspace()->configuration().findClient(SeedId)->clientSecretExpiresAt);
    QCOMPARE(
        FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic).status,
        200);
}

void TestClientsPage::deletedClientGivesInvalidClient_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::newRow("confirmed") << true;
    QTest::newRow("cancelled") << false;
}

void TestClientsPage::deletedClientGivesInvalidClient()
{
    QFETCH(bool, confirm);
    QCOMPARE(
        FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic).status,
        200);

    const auto answer = confirm ? std::make_unique<MessageBoxAnswer>(QMessageBox::DestructiveRole)
                                : std::make_unique<MessageBoxAnswer>(QMessageBox::Cancel);
    click(u"deleteButton"_s);
    QVERIFY(answer->wasShown());
    QCOMPARE(answer->objectName(), u"deleteClientMessageBox"_s);
    QVERIFY2(answer->text().contains(SeedId), qPrintable(answer->text()));

    const HttpResult result
        = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic);
    if (confirm) {
        QVERIFY(workspace()->configuration().clients.isEmpty());
        QCOMPARE(widget<QStackedWidget>(u"editorStack"_s)->currentWidget()->objectName(),
            u"emptyPage"_s);
        QVERIFY(!widget<QPushButton>(u"deleteButton"_s)->isEnabled());
        QCOMPARE(result.status, 401);
        QCOMPARE(result.json().value(u"error"_s).toString(), u"invalid_client"_s);
    } else {
        QVERIFY(workspace()->configuration().findClient(SeedId));
        QCOMPARE(editorId(), SeedId);
        QCOMPARE(result.status, 200);
    }
}

void TestClientsPage::invalidClientIdIsRejectedAtTheField_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("space") << u"billing service"_s << u"character 8 is a space"_s;
    QTest::newRow("non-ASCII") << u"b\u00fcro"_s << u"U+00FC"_s;
    QTest::newRow("tab") << u"a\tb"_s << u"U+0009"_s;
    QTest::newRow("duplicate") << SeedId << u"already uses"_s;
    QTest::newRow("too long") << QString(256, u'a') << u"at most 255"_s;
}

void TestClientsPage::invalidClientIdIsRejectedAtTheField()
{
    QFETCH(QString, clientId);
    QFETCH(QString, message);
    const Configuration before = workspace()->configuration();

    click(u"newButton"_s);
    typeInto(u"displayNameLineEdit"_s, u"Some client"_s);
    auto *idEdit = widget<QLineEdit>(u"clientIdLineEdit"_s);
    // Typed as a user would, except for the tab, which moves focus when typed.
    if (clientId.contains(u'\t'))
        idEdit->insert(clientId);
    else
        typeInto(u"clientIdLineEdit"_s, clientId);
    click(u"saveButton"_s);

    auto *label = widget<QLabel>(u"clientIdErrorLabel"_s);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(message), qPrintable(label->text()));
    QCOMPARE(QApplication::focusWidget(), idEdit);
    QCOMPARE(workspace()->configuration(), before);
    QVERIFY(isDirty()); // nothing typed is thrown away
    QCOMPARE(idEdit->text(), clientId);
    QVERIFY(!m_page->saveChanges());
    QCOMPARE(workspace()->configuration(), before);
}

void TestClientsPage::invalidFieldIsRejectedAtTheField_data()
{
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("focus");
    QTest::newRow("no method") << u"no method"_s << u"authMethodsErrorLabel"_s
                               << u"at least one method"_s << u"clientSecretBasicCheckBox"_s;
    QTest::newRow("no grant") << u"no grant"_s << u"grantTypesErrorLabel"_s
                              << u"at least one grant"_s << u"clientCredentialsCheckBox"_s;
    QTest::newRow("empty secret") << u"empty secret"_s << u"clientSecretErrorLabel"_s
                                  << u"must not be empty"_s << u"clientSecretLineEdit"_s;
    QTest::newRow("zero lifetime") << u"zero lifetime"_s << u"tokenLifetimeErrorLabel"_s
                                   << u"at least 1 second"_s << u"valueSpinBox"_s;
    QTest::newRow("over a year") << u"over a year"_s << u"tokenLifetimeErrorLabel"_s
                                 << u"at most 365 days"_s << u"valueSpinBox"_s;
}

void TestClientsPage::invalidFieldIsRejectedAtTheField()
{
    QFETCH(QString, edit);
    QFETCH(QString, label);
    QFETCH(QString, message);
    QFETCH(QString, focus);
    const Configuration before = workspace()->configuration();
    QCOMPARE(editorId(), SeedId);

    if (edit == u"no method"_s) {
        click(u"clientSecretBasicCheckBox"_s);
        click(u"clientSecretPostCheckBox"_s);
    } else if (edit == u"no grant"_s) {
        click(u"clientCredentialsCheckBox"_s);
    } else if (edit == u"empty secret"_s) {
        typeInto(u"clientSecretLineEdit"_s, QString());
    } else {
        auto *spin = widget<QSpinBox>(u"valueSpinBox"_s);
        if (edit == u"over a year"_s)
            QTest::keyClick(widget<QComboBox>(u"unitComboBox"_s), Qt::Key_End); // days
        spin->setFocus(Qt::TabFocusReason);
        spin->selectAll();
        QTest::keyClicks(spin, edit == u"over a year"_s ? u"366"_s : u"0"_s);
    }
    // Shown as soon as the field is edited...
    auto *errorLabel = widget<QLabel>(label);
    QVERIFY(errorLabel->isVisible());
    QVERIFY2(errorLabel->text().contains(message), qPrintable(errorLabel->text()));

    // ...and Save refuses, focusing the field.
    widget<QLineEdit>(u"displayNameLineEdit"_s)->setFocus(Qt::TabFocusReason);
    click(u"saveButton"_s);
    QCOMPARE(focusName(), focus);
    QVERIFY(errorLabel->isVisible());
    QCOMPARE(workspace()->configuration(), before);
    QVERIFY(isDirty());
    QCOMPARE(
        FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Post).status,
        200);
}

void TestClientsPage::messageClearsWhenFixed()
{
    click(u"newButton"_s);
    auto *label = widget<QLabel>(u"clientIdErrorLabel"_s);
    QVERIFY(!label->isVisible()); // nothing typed yet: no reproach
    typeInto(u"clientIdLineEdit"_s, u"bad id"_s);
    QVERIFY(label->isVisible());
    typeInto(u"clientIdLineEdit"_s, u"good-id"_s);
    QVERIFY(!label->isVisible());
    QVERIFY(label->text().isEmpty());
    click(u"saveButton"_s);
    QVERIFY(workspace()->configuration().findClient(u"good-id"_s));
}

void TestClientsPage::generatedSecretsAreLongAndDifferent()
{
    static const QRegularExpression base64url(u"^[A-Za-z0-9_-]{43}$"_s);
    QSet<QString> seen;
    for (int i = 0; i < 200; ++i) {
        const QString secret = ClientEditor::generateSecret();
        QVERIFY2(base64url.match(secret).hasMatch(), qPrintable(secret));
        seen.insert(secret);
    }
    QCOMPARE(seen.size(), 200);

    auto *secretEdit = widget<QLineEdit>(u"clientSecretLineEdit"_s);
    click(u"generateSecretButton"_s);
    const QString first = secretEdit->text();
    click(u"generateSecretButton"_s);
    const QString second = secretEdit->text();
    QVERIFY(base64url.match(first).hasMatch());
    QVERIFY(base64url.match(second).hasMatch());
    QVERIFY(first != second);
    QVERIFY(first != SeedSecret);
    QVERIFY(isDirty());
    QCOMPARE(workspace()->configuration().findClient(SeedId)->clientSecret, SeedSecret);
}

void TestClientsPage::copyPutsTheSecretOnTheClipboard()
{
    auto *copy = widget<QPushButton>(u"copySecretButton"_s);
    QGuiApplication::clipboard()->clear();
    click(u"copySecretButton"_s);
    QCOMPARE(QGuiApplication::clipboard()->text(), SeedSecret);
    QCOMPARE(copy->text(), u"Copied"_s);
    QTRY_COMPARE(copy->text(), u"&Copy"_s);
    typeInto(u"clientSecretLineEdit"_s, QString());
    QVERIFY(!copy->isEnabled());
}

void TestClientsPage::showHideSecret()
{
    auto *secretEdit = widget<QLineEdit>(u"clientSecretLineEdit"_s);
    auto *browser = widget<QTextBrowser>(u"explanationBrowser"_s);
    QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
    QVERIFY(!browser->toPlainText().contains(SeedSecret));

    click(u"showSecretToolButton"_s);
    QCOMPARE(secretEdit->echoMode(), QLineEdit::Normal);
    QVERIFY(browser->toPlainText().contains(SeedSecret));

    click(u"showSecretToolButton"_s);
    QCOMPARE(secretEdit->echoMode(), QLineEdit::Password);
    QVERIFY(!browser->toPlainText().contains(SeedSecret));
    QVERIFY(!isDirty());
}

void TestClientsPage::revertRestoresSavedValues()
{
    auto *save = widget<QPushButton>(u"saveButton"_s);
    auto *revert = widget<QPushButton>(u"revertButton"_s);
    QVERIFY(!save->isEnabled());
    QVERIFY(!revert->isEnabled());
    QVERIFY(!isDirty());

    typeInto(u"displayNameLineEdit"_s, u"Changed"_s);
    click(u"preset300ToolButton"_s);
    toggleScope(u"customer.write"_s);
    QVERIFY(isDirty());
    QVERIFY(m_page->hasUnsavedChanges());
    QVERIFY(save->isEnabled());
    QVERIFY(revert->isEnabled());

    click(u"revertButton"_s);
    QCOMPARE(widget<QLineEdit>(u"displayNameLineEdit"_s)->text(), u"Service client (JWT)"_s);
    QCOMPARE(widget<QSpinBox>(u"valueSpinBox"_s)->value(), 4);
    QCOMPARE(widget<QComboBox>(u"unitComboBox"_s)->currentText(), u"hours"_s);
    QVERIFY(isScopeChecked(u"customer.write"_s));
    QVERIFY(!isDirty());
    QVERIFY(!m_page->hasUnsavedChanges());
    QVERIFY(!save->isEnabled());
    QCOMPARE(workspace()->configuration(), seedConfiguration());
}

void TestClientsPage::switchingWhileDirtyAsks_data()
{
    QTest::addColumn<QMessageBox::StandardButton>("answer");
    QTest::addColumn<QString>("shownAfter");
    QTest::addColumn<QString>("savedDisplayName");
    QTest::newRow("save") << QMessageBox::Save << u"billing"_s << u"Edited"_s;
    QTest::newRow("discard") << QMessageBox::Discard << u"billing"_s << u"Service client (JWT)"_s;
    QTest::newRow("cancel") << QMessageBox::Cancel << SeedId << u"Service client (JWT)"_s;
}

void TestClientsPage::switchingWhileDirtyAsks()
{
    QFETCH(QMessageBox::StandardButton, answer);
    QFETCH(QString, shownAfter);
    QFETCH(QString, savedDisplayName);
    addSecondClient();
    QCOMPARE(editorId(), SeedId);
    typeInto(u"displayNameLineEdit"_s, u"Edited"_s);

    MessageBoxAnswer box(answer);
    clickRow(1);
    QVERIFY(box.wasShown());
    QCOMPARE(box.objectName(), u"unsavedClientMessageBox"_s);
    QVERIFY(box.text().contains(SeedId));

    QCOMPARE(editorId(), shownAfter);
    QCOMPARE(workspace()->configuration().findClient(SeedId)->displayName, savedDisplayName);
    // The list agrees with the form: current row and highlighted row.
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    QTRY_COMPARE(table->currentIndex().data(ClientListModel::ClientIdRole).toString(), shownAfter);
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(ClientListModel::ClientIdRole).toString(), shownAfter);
    if (answer == QMessageBox::Cancel) {
        QVERIFY(isDirty());
        QCOMPARE(widget<QLineEdit>(u"displayNameLineEdit"_s)->text(), u"Edited"_s);
    } else {
        QVERIFY(!isDirty());
    }
}

void TestClientsPage::duplicateIsAnUnsavedCopyWithANewSecret()
{
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    table->setFocus(Qt::TabFocusReason);
    QTest::keyClick(table, Qt::Key_D, Qt::ControlModifier);

    QCOMPARE(editorId(), u"service-client-jwt-copy"_s);
    QCOMPARE(widget<QLineEdit>(u"displayNameLineEdit"_s)->text(), u"Service client (JWT) (copy)"_s);
    const QString secret = widget<QLineEdit>(u"clientSecretLineEdit"_s)->text();
    QCOMPARE(secret.size(), 43);
    QVERIFY(isDirty());
    QVERIFY(!table->currentIndex().isValid());
    QCOMPARE(workspace()->configuration().clients.size(), 1);
    QVERIFY(!widget<QPushButton>(u"duplicateButton"_s)->isEnabled());

    // Ctrl+S while the form has the focus.
    QTest::keyClick(widget<QLineEdit>(u"clientIdLineEdit"_s), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(!isDirty());
    const Configuration config = workspace()->configuration();
    QCOMPARE(config.clients.size(), 2);
    const ClientRegistration *copy = config.findClient(u"service-client-jwt-copy"_s);
    QVERIFY(copy);
    QCOMPARE(copy->scopes, config.findClient(SeedId)->scopes);
    QCOMPARE(copy->accessTokenLifetimeSeconds, qint64(14400));
    QCOMPARE(FormTest::requestToken(
                 m_http, *workspace(), copy->clientId, secret, {u"customer.write"_s}, Method::Basic)
                 .status,
        200);
    QCOMPARE(
        FormTest::requestToken(m_http, *workspace(), copy->clientId, SeedSecret, {}, Method::Basic)
            .status,
        401);

    // A second copy gets the next free id.
    clickRow(0);
    click(u"duplicateButton"_s);
    QCOMPARE(editorId(), u"service-client-jwt-copy-2"_s);
}

void TestClientsPage::keyboardShortcuts()
{
    auto *table = widget<QTableView>(u"clientsTableView"_s);

    // Delete on the list asks (answered Cancel here).
    {
        MessageBoxAnswer box(QMessageBox::Cancel);
        table->setFocus(Qt::TabFocusReason);
        QTest::keyClick(table, Qt::Key_Delete);
        QVERIFY(box.wasShown());
        QCOMPARE(box.objectName(), u"deleteClientMessageBox"_s);
    }
    // Offscreen has no window manager to give the focus back after a dialog.
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    // Delete in a text field deletes a character, nothing else.
    {
        MessageBoxAnswer box(QMessageBox::Cancel);
        auto *name = widget<QLineEdit>(u"displayNameLineEdit"_s);
        name->setFocus(Qt::TabFocusReason);
        name->setCursorPosition(0);
        QTest::keyClick(name, Qt::Key_Delete);
        QVERIFY(!box.wasShown());
        QCOMPARE(name->text(), u"ervice client (JWT)"_s);
    }
    // Ctrl+S saves while the form has the focus.
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"displayNameLineEdit"_s));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_S, Qt::ControlModifier);
    QCOMPARE(
        workspace()->configuration().findClient(SeedId)->displayName, u"ervice client (JWT)"_s);

    // Ctrl+F goes to the filter, Ctrl+N to a new client's ID.
    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"filterLineEdit"_s));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"clientIdLineEdit"_s));
    QCOMPARE(widget<QLabel>(u"titleLabel"_s)->text(), u"New client"_s);
    QVERIFY(!isDirty());

    // Mnemonics reach the fields: Alt+D is "Display name".
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_D, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), widget<QLineEdit>(u"displayNameLineEdit"_s));
}

void TestClientsPage::editsSurviveRestart()
{
    click(u"newButton"_s);
    typeInto(u"clientIdLineEdit"_s, u"persisted"_s);
    click(u"clientSecretPostCheckBox"_s);
    toggleScope(u"country.read"_s);
    click(u"preset14400ToolButton"_s);
    const QString secret = widget<QLineEdit>(u"clientSecretLineEdit"_s)->text();
    click(u"saveButton"_s);
    QVERIFY(workspace()->configuration().findClient(u"persisted"_s));

    // Quit and start again on the same file.
    m_page.reset();
    m_fixture->close();
    Workspace *reopened = m_fixture->open();
    QTRY_VERIFY_WITH_TIMEOUT(reopened->server()->isListening(), 30000);
    openPage();

    const ClientRegistration *client = workspace()->configuration().findClient(u"persisted"_s);
    QVERIFY(client);
    QCOMPARE(client->clientSecret, secret);
    QCOMPARE(client->scopes, QStringList {u"country.read"_s});
    QCOMPARE(client->accessTokenLifetimeSeconds, qint64(14400));
    QCOMPARE(widget<QTableView>(u"clientsTableView"_s)->model()->rowCount(), 2);
    QCOMPARE(FormTest::requestToken(
                 m_http, *workspace(), u"persisted"_s, secret, {u"country.read"_s}, Method::Post)
                 .status,
        200);
}

void TestClientsPage::explanationShowsTheRequestThatWorks()
{
    auto *browser = widget<QTextBrowser>(u"explanationBrowser"_s);
    click(u"showSecretToolButton"_s);

    const auto lineStartingWith = [&](const QString &prefix) {
        const QStringList lines = browser->toPlainText().split(u'\n');
        for (const QString &line : lines) {
            if (line.startsWith(prefix))
                return line;
        }
        return QString();
    };

    // Focus on a method's checkbox explains that method, with this client's real request.
    widget<QCheckBox>(u"clientSecretPostCheckBox"_s)->setFocus(Qt::TabFocusReason);
    QCOMPARE(widget<QComboBox>(u"explainMethodCombo"_s)->currentData().toString(),
        u"client_secret_post"_s);
    const QString body = lineStartingWith(u"grant_type=client_credentials&client_id="_s);
    QVERIFY2(body.contains(u"client_secret=service-client-jwt-secret"_s), qPrintable(body));
    const QString path = QUrl(workspace()->server()->issuer()).path() + u"/oauth2/token"_s;
    QCOMPARE(lineStartingWith(u"POST "_s), u"POST "_s + path + u" HTTP/1.1"_s);
    QCOMPARE(lineStartingWith(u"Host: "_s),
        u"Host: localhost:"_s + QString::number(workspace()->server()->port()));
    // What the panel shows is what the server accepts.
    const QUrl tokenUrl(workspace()->server()->issuer() + u"/oauth2/token"_s);
    HttpResult sent = m_http.postForm(tokenUrl, body.toUtf8());
    QCOMPARE(sent.status, 200);

    widget<QCheckBox>(u"clientSecretBasicCheckBox"_s)->setFocus(Qt::TabFocusReason);
    QCOMPARE(widget<QComboBox>(u"explainMethodCombo"_s)->currentData().toString(),
        u"client_secret_basic"_s);
    const QString header = lineStartingWith(u"Authorization: Basic "_s);
    QCOMPARE(header,
        u"Authorization: Basic "_s
            + QString::fromLatin1("service-client-jwt:service-client-jwt-secret"_ba.toBase64()));
    sent = m_http.postForm(tokenUrl, lineStartingWith(u"grant_type="_s).toUtf8(),
        {{"Authorization"_ba, header.mid(15).toLatin1()}});
    QCOMPARE(sent.status, 200);

    // A secret that changes under form-urlencoding: the panel says so, and is still right.
    typeInto(u"clientSecretLineEdit"_s, u"a+b:c d"_s);
    QVERIFY(browser->toPlainText().contains(u"\u201c+\u201d"_s));
    click(u"saveButton"_s);
    sent = m_http.postForm(tokenUrl, lineStartingWith(u"grant_type="_s).toUtf8(),
        {{"Authorization"_ba, lineStartingWith(u"Authorization: "_s).mid(15).toLatin1()}});
    QCOMPARE(sent.status, 200);

    // The combo lists every method the server implements and switches the explanation by hand,
    // from the keyboard through its label's mnemonic.
    auto *combo = widget<QComboBox>(u"explainMethodCombo"_s);
    QStringList listed;
    for (int i = 0; i < combo->count(); ++i)
        listed.append(combo->itemData(i).toString());
    QCOMPARE(listed, ProtocolRegistry::instance().authenticationMethods());
    QTest::keyClick(m_page.get(), Qt::Key_W, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), combo);
    const int post = combo->findData(u"client_secret_post"_s);
    while (combo->currentIndex() != post)
        QTest::keyClick(combo, combo->currentIndex() < post ? Qt::Key_Down : Qt::Key_Up);
    QVERIFY(!lineStartingWith(u"grant_type=client_credentials&client_id="_s).isEmpty());
    QVERIFY(lineStartingWith(u"Authorization: "_s).isEmpty());
}

void TestClientsPage::scopeDeletedElsewhereIsMarkedMissing()
{
    Configuration config = workspace()->configuration();
    config.clients[0].scopes = {u"country.read"_s};
    workspace()->setConfiguration(config);
    QVERIFY(!isScopeChecked(u"customer.write"_s));
    toggleScope(u"customer.write"_s);
    QVERIFY(isDirty());

    // The scope goes away (the Scopes page, an import) while the form has it checked.
    workspace()->setConfiguration(ConfigurationEdits::withoutScope(config, u"customer.write"_s));
    const Configuration afterDelete = workspace()->configuration();
    QVERIFY(isScopeChecked(u"customer.write"_s));
    auto *label = widget<QLabel>(u"scopesErrorLabel"_s);
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(u"no longer defined"_s), qPrintable(label->text()));

    click(u"saveButton"_s);
    QCOMPARE(workspace()->configuration(), afterDelete);
    QCOMPARE(QApplication::focusWidget(), widget<QListView>(u"scopesListView"_s));

    toggleScope(u"customer.write"_s);
    QVERIFY(!label->isVisible());
    typeInto(u"displayNameLineEdit"_s, u"Fixed"_s);
    click(u"saveButton"_s);
    QCOMPARE(workspace()->configuration().findClient(SeedId)->displayName, u"Fixed"_s);
    QCOMPARE(
        workspace()->configuration().findClient(SeedId)->scopes, QStringList {u"country.read"_s});
}

void TestClientsPage::scopeRenamedElsewhereKeepsEdits()
{
    typeInto(u"displayNameLineEdit"_s, u"Edited"_s);
    workspace()->setConfiguration(ConfigurationEdits::withScope(
        workspace()->configuration(), u"country.read"_s, {u"country.view"_s, u"Read countries"_s}));

    QVERIFY(isDirty());
    QCOMPARE(widget<QLineEdit>(u"displayNameLineEdit"_s)->text(), u"Edited"_s);
    QVERIFY(isScopeChecked(u"country.view"_s));
    QVERIFY(!widget<QLabel>(u"scopesErrorLabel"_s)->isVisible());
    click(u"saveButton"_s);
    const ClientRegistration *client = workspace()->configuration().findClient(SeedId);
    QCOMPARE(client->displayName, u"Edited"_s);
    QCOMPARE(
        client->scopes, (QStringList {u"country.view"_s, u"customer.read"_s, u"customer.write"_s}));
}

void TestClientsPage::filterHidesOtherClients()
{
    addSecondClient();
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    typeInto(u"filterLineEdit"_s, u"BILL"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(
        table->model()->index(0, 0).data(ClientListModel::ClientIdRole).toString(), u"billing"_s);
    // The form follows the list: the client it showed is hidden, so it shows one that is not.
    QCOMPARE(editorId(), u"billing"_s);
    QCOMPARE(table->currentIndex().data(ClientListModel::ClientIdRole).toString(), u"billing"_s);

    // Display names match too.
    typeInto(u"filterLineEdit"_s, u"(jwt)"_s);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(editorId(), SeedId);
    // Nothing matches: no client in the form, and the page says why.
    typeInto(u"filterLineEdit"_s, u"no such client"_s);
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(widget<QLabel>(u"emptyLabel"_s)->isVisible());
    QVERIFY2(widget<QLabel>(u"emptyLabel"_s)->text().contains(u"No client matches"_s),
        qPrintable(widget<QLabel>(u"emptyLabel"_s)->text()));
    typeInto(u"filterLineEdit"_s, QString());
    QCOMPARE(table->model()->rowCount(), 2);
}

void TestClientsPage::filterKeepsUnsavedEdits()
{
    addSecondClient();
    QCOMPARE(editorId(), SeedId);
    typeInto(u"displayNameLineEdit"_s, u"Edited"_s);
    QVERIFY(isDirty());
    typeInto(u"filterLineEdit"_s, u"BILL"_s);
    // Typing in the filter never throws edits away: the edited client stays in the form.
    QCOMPARE(editorId(), SeedId);
    QVERIFY(isDirty());
    QCOMPARE(widget<QLineEdit>(u"displayNameLineEdit"_s)->text(), u"Edited"_s);
    typeInto(u"filterLineEdit"_s, QString());
    auto *table = widget<QTableView>(u"clientsTableView"_s);
    QCOMPARE(table->currentIndex().data(ClientListModel::ClientIdRole).toString(), SeedId);
}

void TestClientsPage::tabOrderFollowsTheForm()
{
    widget<QLineEdit>(u"clientIdLineEdit"_s)->setFocus(Qt::TabFocusReason);
    const QStringList expected = {u"displayNameLineEdit"_s, u"clientSecretLineEdit"_s,
        u"showSecretToolButton"_s, u"generateSecretButton"_s, u"copySecretButton"_s,
        u"secretExpiresCheckBox"_s, u"clientSecretBasicCheckBox"_s, u"clientSecretPostCheckBox"_s,
        u"noneCheckBox"_s, u"clientSecretJwtCheckBox"_s, u"privateKeyJwtCheckBox"_s,
        u"authorizationCodeCheckBox"_s, u"clientCredentialsCheckBox"_s, u"refreshTokenCheckBox"_s,
        u"redirectUrisTextEdit"_s, u"postLogoutRedirectUrisTextEdit"_s, u"requirePkceCheckBox"_s,
        u"allowPlainPkceCheckBox"_s, u"requireConsentCheckBox"_s,
        u"authorizationCodeValueSpinBox"_s, u"authorizationCodeUnitComboBox"_s,
        u"authorizationCodePreset300ToolButton"_s, u"authorizationCodePreset3600ToolButton"_s,
        u"refreshTokenValueSpinBox"_s, u"refreshTokenUnitComboBox"_s,
        u"refreshTokenPreset300ToolButton"_s, u"refreshTokenPreset3600ToolButton"_s,
        u"refreshTokenPreset14400ToolButton"_s, u"rotateRefreshTokensCheckBox"_s,
        u"scopesListView"_s, u"valueSpinBox"_s, u"unitComboBox"_s, u"preset300ToolButton"_s,
        u"preset3600ToolButton"_s, u"preset14400ToolButton"_s, u"tokenFormatComboBox"_s};
    QStringList visited;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        visited.append(focusName());
    }
    QCOMPARE(visited, expected);
}

void TestClientsPage::tokenFormatAppliesAtOnce()
{
    // The options are the protocol registry's token generators, in its order.
    auto *combo = widget<QComboBox>(u"tokenFormatComboBox"_s);
    QStringList options;
    for (int i = 0; i < combo->count(); ++i)
        options.append(combo->itemData(i).toString());
    QCOMPARE(options, ProtocolRegistry::instance().tokenFormats());
    QCOMPARE(combo->currentData().toString(), u"jwt"_s);
    auto *message = widget<QLabel>(u"tokenFormatMessageLabel"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"JWK set"_s), qPrintable(message->text()));

    // Chosen by keyboard through its label's mnemonic, as a user would.
    QTest::keyClick(m_page.get(), Qt::Key_K, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), combo);
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentData().toString(), u"reference"_s);
    QVERIFY(isDirty());
    QVERIFY2(message->text().contains(u"introspection"_s), qPrintable(message->text()));
    click(u"saveButton"_s);
    QVERIFY(!isDirty());
    QCOMPARE(workspace()->configuration().clients.first().tokenFormat, u"reference"_s);

    // The running server issues opaque tokens to the client at once: 96 bytes, base64url.
    const HttpResult opaque
        = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic);
    QCOMPARE(opaque.status, 200);
    const QString reference = opaque.json().value(u"access_token"_s).toString();
    QCOMPARE(reference.size(), 128);
    QVERIFY(!reference.contains(u'.'));

    // And back: a JWT again.
    QTest::keyClick(combo, Qt::Key_Up);
    QCOMPARE(combo->currentData().toString(), u"jwt"_s);
    click(u"saveButton"_s);
    const HttpResult jwt
        = FormTest::requestToken(m_http, *workspace(), SeedId, SeedSecret, {}, Method::Basic);
    QCOMPARE(jwt.status, 200);
    QCOMPARE(jwt.json().value(u"access_token"_s).toString().count(u'.'), 2);
}

// Issue 10, §3: "generate a key pair for this client": the app keeps the private key in the
// configuration file, which only the user can read, the server gets the public JWK set, and the
// Composer signs a private_key_jwt assertion with the held key that the running server accepts.
void TestClientsPage::generatedKeyPairSignsInTheComposer()
{
    click(u"privateKeyJwtCheckBox"_s);
    auto *source = widget<QComboBox>(u"keySourceComboBox"_s);
    QVERIFY(source->isVisible());
    click(u"generateKeyButton"_s);
    QCOMPARE(source->currentIndex(), 1); // the pasted set, filled with the public key
    const QString shown = widget<QPlainTextEdit>(u"jwksTextEdit"_s)->toPlainText();
    QVERIFY2(shown.contains(u"\"kty\": \"EC\""_s), qPrintable(shown));
    QVERIFY(!shown.contains(u"\"d\""_s));
    QVERIFY(widget<QLabel>(u"jwksStatusLabel"_s)->text().startsWith(u"Generated"_s));
    click(u"saveButton"_s);
    QVERIFY(!isDirty());

    const ClientRegistration saved = workspace()->configuration().clients.first();
    QVERIFY(saved.allowsAuthenticationMethod(AuthMethod::PrivateKeyJwt));
    QVERIFY(saved.appPrivateKeyPem.startsWith(u"-----BEGIN PRIVATE KEY-----"_s));
    workspace()->waitForBackgroundWork();
    QFile file(workspace()->configPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("appPrivateKeyPem"));
    QCOMPARE(file.permissions()
            & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                | QFileDevice::WriteOther),
        QFileDevice::Permissions());

    ComposerPage composer(workspace());
    composer.show();
    auto *clients = composer.findChild<QComboBox *>(u"clientCombo"_s);
    const int index = clients->findData(SeedId);
    clients->setCurrentIndex(index);
    Q_EMIT clients->activated(index);
    auto *radio = composer.findChild<QRadioButton *>(u"privateKeyJwtRadio"_s);
    QTest::mouseClick(radio, Qt::LeftButton);
    QVERIFY(radio->isChecked());
    QCOMPARE(composer.findChild<QComboBox *>(u"assertionAlgCombo"_s)->currentText(), u"ES256"_s);
    QTest::mouseClick(composer.findChild<QPushButton *>(u"sendButton"_s), Qt::LeftButton);
    auto *status = composer.findChild<QLabel *>(u"statusLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"HTTP 200"_s), 15000);
}

QTEST_MAIN(TestClientsPage)
#include "tst_clientspage.moc"
