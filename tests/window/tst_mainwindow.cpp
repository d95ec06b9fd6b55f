// SPDX-License-Identifier: GPL-3.0-or-later
// The window shell: pages and shortcuts, the status bar, remembered geometry and page, warnings
// that must be seen (a configuration set aside, a failed save), and closing with unsaved edits.
// Settings go to a temporary folder, never the user's.
#include "httpclient.h"

#include "clientspage.h"
#include "dialogs.h"
#include "inspectorpage.h"
#include "mainwindow.h"
#include "tokencrafter.h"
#include "tokens/tokenspage.h"
#include "trafficpage.h"
#include "workspace.h"

#include "store/clock.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

const QByteArray SeedBody = "grant_type=client_credentials&client_id=service-client-jwt"
                            "&client_secret=service-client-jwt-secret&scope=country.read"_ba;

SettingsOverrides anyFreePort()
{
    SettingsOverrides overrides;
    overrides.port = 0;
    return overrides;
}

QAction *findAction(QWidget *window, const QString &text)
{
    const QList<QAction *> actions = window->findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->text().remove(u'&') == text)
            return action;
    }
    return nullptr;
}

// The Alt+letter a text claims ("&Save" claims S; "&&" is a literal ampersand).
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return QChar();
}

// Everything in "root" that claims a mnemonic, as "letter: what" pairs.
QList<std::pair<QChar, QString>> mnemonicsIn(QWidget *root)
{
    QList<std::pair<QChar, QString>> found;
    const auto add = [&found](const QString &text, const QObject *owner) {
        const QChar letter = mnemonic(text);
        if (!letter.isNull())
            found.append({letter, owner->objectName() + u" \""_s + text + u'"'});
    };
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            add(button->text(), button);
        else if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
            add(label->text(), label);
        else if (auto *group = qobject_cast<QGroupBox *>(widget))
            add(group->title(), group);
        else if (auto *tabs = qobject_cast<QTabBar *>(widget)) {
            for (int i = 0; i < tabs->count(); ++i)
                add(tabs->tabText(i), tabs);
        }
    }
    return found;
}

// An input a screen reader must be able to name.
bool isInput(QWidget *widget)
{
    if (qobject_cast<QHeaderView *>(widget))
        return false;
    // The parts of a compound input (a spin box's or a combo box's line edit, an item view's
    // editor) are named by the compound.
    for (QWidget *parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (qobject_cast<QAbstractSpinBox *>(parent) || qobject_cast<QComboBox *>(parent)
            || qobject_cast<QAbstractItemView *>(parent))
            return false;
    }
    return qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
        || qobject_cast<QComboBox *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
        || qobject_cast<QTextEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget);
}

bool isNamed(QWidget *input, const QList<QLabel *> &labels)
{
    if (!input->accessibleName().isEmpty())
        return true;
    for (QLabel *label : labels) {
        for (QWidget *buddy = label->buddy(); buddy; buddy = buddy->focusProxy()) {
            if (buddy == input)
                return true;
            if (buddy->focusProxy() == buddy)
                break;
        }
    }
    return false;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pagesAndShortcuts_data();
    void pagesAndShortcuts();
    void everyPageHasDistinctMnemonicsAndNamedInputs_data();
    void everyPageHasDistinctMnemonicsAndNamedInputs();
    void everyMenuActionHasAShortcut();
    void fitsA1280x720ScreenWithA12ptFont_data();
    void fitsA1280x720ScreenWithA12ptFont();
    void messagesDoNotMoveTheActions();
    void lastPageAndGeometryAreRemembered_data();
    void lastPageAndGeometryAreRemembered();
    void statusBarShowsTheServer();
    void serverMenuControlsTheServer();
    void setAsideFileIsReportedAfterShowing();
    void newsGoesToTheStatusBar();
    void failedSaveShowsABanner();
    void closingWithUnsavedEdits_data();
    void closingWithUnsavedEdits();
    void trafficSendsTokensToTheInspector();
    void trafficRevealsSecretsOnlyWhenAsked();
    void composerSendsTokensToTheInspector();
    void tokensPageIntrospectsThroughTheComposer();
    void craftedTokensGoToTheComposer();

private:
    bool openWorkspace(const QString &configPath);
    QString configPath() const { return m_dir->filePath(u"config.json"_s); }

    QTemporaryDir m_settingsHome;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    QByteArray m_keyPem;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // As the app names itself (app/main.cpp): window managers append it to dialog titles.
    QGuiApplication::setApplicationDisplayName(u"OAuth2 Playground"_s);
    QVERIFY(m_settingsHome.isValid());
    // The window's QSettings (native format, user scope) land in the temporary folder.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsHome.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsHome.path());
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(openWorkspace(configPath()));
}

void TestMainWindow::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

bool TestMainWindow::openWorkspace(const QString &path)
{
    // One signing key for the whole run: copied into each folder.
    if (!m_keyPem.isEmpty()) {
        QDir(QFileInfo(path).absolutePath()).mkpath(u"keys"_s);
        QFile key(QFileInfo(path).absolutePath() + u"/keys/signing-key.pem"_s);
        if (!key.open(QIODevice::WriteOnly) || key.write(m_keyPem) != m_keyPem.size())
            return false;
        key.close();
        key.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    m_workspace = std::make_unique<Workspace>(path, Clock::system());
    m_workspace->open(anyFreePort());
    const bool running = QTest::qWaitFor(
        [this] { return m_workspace->serverState() == Workspace::ServerState::Running; }, 30000);
    if (running && m_keyPem.isEmpty()) {
        QFile key(m_workspace->keyPath());
        if (key.open(QIODevice::ReadOnly))
            m_keyPem = key.readAll();
    }
    return running;
}

void TestMainWindow::pagesAndShortcuts_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("widgetClass");
    QTest::newRow("Ctrl+1") << int(Qt::Key_1) << u"server"_s << u"ServerPage"_s;
    QTest::newRow("Ctrl+2") << int(Qt::Key_2) << u"clients"_s << u"ClientsPage"_s;
    QTest::newRow("Ctrl+3") << int(Qt::Key_3) << u"scopes"_s << u"ScopesPage"_s;
    QTest::newRow("Ctrl+4") << int(Qt::Key_4) << u"inspector"_s << u"InspectorPage"_s;
    QTest::newRow("Ctrl+5") << int(Qt::Key_5) << u"traffic"_s << u"TrafficPage"_s;
    QTest::newRow("Ctrl+6") << int(Qt::Key_6) << u"composer"_s << u"ComposerPage"_s;
    QTest::newRow("Ctrl+7") << int(Qt::Key_7) << u"tokens"_s << u"TokensPage"_s;
    QTest::newRow("Ctrl+8") << int(Qt::Key_8) << u"sequence"_s << u"SequencePage"_s;
    QTest::newRow("Ctrl+9") << int(Qt::Key_9) << u"users"_s << u"UsersPage"_s;
}

void TestMainWindow::pagesAndShortcuts()
{
    QFETCH(int, key);
    QFETCH(QString, page);
    QFETCH(QString, widgetClass);
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // Start on another page so the shortcut has something to do.
    window.showPage(page == u"server"_s ? u"scopes"_s : u"server"_s);

    QTest::keyClick(&window, Qt::Key(key), Qt::ControlModifier);
    QCOMPARE(window.currentPage(), page);
    auto *stack = window.findChild<QStackedWidget *>(u"pageStack"_s);
    QVERIFY(stack);
    QCOMPARE(QString::fromLatin1(stack->currentWidget()->metaObject()->className()), widgetClass);
    auto *navigation = window.findChild<QListWidget *>(u"navigationListWidget"_s);
    QCOMPARE(navigation->count(), 9);
    QVERIFY(!navigation->currentItem()->icon().isNull());
    QVERIFY(!navigation->currentItem()->toolTip().isEmpty());
}

void TestMainWindow::everyPageHasDistinctMnemonicsAndNamedInputs_data()
{
    QTest::addColumn<QString>("page");
    for (const char *page : {"server", "clients", "scopes", "inspector", "traffic", "composer",
             "tokens", "sequence", "users"})
        QTest::newRow(page) << QString::fromLatin1(page);
}

void TestMainWindow::everyPageHasDistinctMnemonicsAndNamedInputs()
{
    QFETCH(QString, page);
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(page);
    auto *stack = window.findChild<QStackedWidget *>(u"pageStack"_s);
    QWidget *current = stack->currentWidget();

    // What one Alt+letter can reach on this page: the menu bar, and every widget of the page,
    // including those shown only at times (a Start button, a message's action).
    QList<std::pair<QChar, QString>> claims;
    const QList<QAction *> menus = window.menuBar()->actions();
    for (QAction *menu : menus) {
        if (!mnemonic(menu->text()).isNull())
            claims.append({mnemonic(menu->text()), u"menu \""_s + menu->text() + u'"'});
    }
    claims += mnemonicsIn(current);
    QHash<QChar, QString> owner;
    QStringList collisions;
    for (const auto &[letter, what] : std::as_const(claims)) {
        if (owner.contains(letter))
            collisions.append(u"Alt+%1: %2 and %3"_s.arg(letter, owner.value(letter), what));
        else
            owner.insert(letter, what);
    }
    QVERIFY2(collisions.isEmpty(), qPrintable(collisions.join(u"; "_s)));

    // Every input has a label whose buddy it is, or an accessible name.
    const QList<QLabel *> labels = current->findChildren<QLabel *>();
    QStringList unnamed;
    const QList<QWidget *> widgets = current->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (isInput(widget) && !isNamed(widget, labels)) {
            unnamed.append(widget->objectName() + u" ("_s
                + QString::fromLatin1(widget->metaObject()->className()) + u')');
        }
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(u"unnamed: "_s + unnamed.join(u", "_s)));
}

void TestMainWindow::everyMenuActionHasAShortcut()
{
    MainWindow window(m_workspace.get());
    QStringList missing;
    QStringList seen;
    QStringList duplicates;
    const QList<QAction *> menus = window.menuBar()->actions();
    for (QAction *menuAction : menus) {
        const QList<QAction *> actions = menuAction->menu()->actions();
        for (QAction *action : actions) {
            if (action->isSeparator() || action->menuRole() == QAction::AboutQtRole)
                continue;
            if (action->shortcut().isEmpty())
                missing.append(action->text());
            for (const QKeySequence &key : action->shortcuts()) {
                if (seen.contains(key.toString()))
                    duplicates.append(key.toString());
                seen.append(key.toString());
            }
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"no shortcut: "_s + missing.join(u", "_s)));
    QVERIFY2(duplicates.isEmpty(), qPrintable(u"twice: "_s + duplicates.join(u", "_s)));
    // Quit works whatever the platform theme's key bindings say.
    QVERIFY(findAction(&window, u"Quit"_s)->shortcuts().contains(QKeySequence(u"Ctrl+Q"_s)));
}

void TestMainWindow::fitsA1280x720ScreenWithA12ptFont_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("actions"); // buttons that must be in view, unscrolled
    QTest::newRow("server") << u"server"_s << u"applyButton revertButton startButton"_s;
    QTest::newRow("clients") << u"clients"_s << u"saveButton revertButton duplicateButton"_s;
    QTest::newRow("scopes") << u"scopes"_s << u"saveButton revertButton"_s;
    QTest::newRow("users") << u"users"_s << u"saveButton revertButton newButton deleteButton"_s;
    QTest::newRow("inspector") << u"inspector"_s << u"pasteButton"_s;
    QTest::newRow("traffic") << u"traffic"_s << QString();
    QTest::newRow("composer") << u"composer"_s << u"sendButton"_s;
}

// Issue 9, items 6 and 7: at 1280x720 with a 12 pt font, no page makes the window wider or
// taller than the screen, no button or field label is cut short, and each form's actions are in
// view without scrolling.
void TestMainWindow::fitsA1280x720ScreenWithA12ptFont()
{
    QFETCH(QString, page);
    QFETCH(QString, actions);
    const QFont normal = QApplication::font();
    QFont large = normal;
    large.setPointSize(12);
    QApplication::setFont(large);
    const auto restore = qScopeGuard([normal] { QApplication::setFont(normal); });

    MainWindow window(m_workspace.get());
    const QSize screen(1280, 720 - 40); // less a panel or title bar
    window.resize(screen);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(page);
    QTest::qWait(50);
    QVERIFY2(window.minimumSizeHint().width() <= screen.width()
            && window.minimumSizeHint().height() <= screen.height(),
        qPrintable(u"minimum %1x%2"_s.arg(window.minimumSizeHint().width())
                       .arg(window.minimumSizeHint().height())));
    QVERIFY2(window.width() <= screen.width() && window.height() <= screen.height(),
        qPrintable(u"grew to %1x%2"_s.arg(window.width()).arg(window.height())));

    auto *stack = window.findChild<QStackedWidget *>(u"pageStack"_s);
    QWidget *current = stack->currentWidget();
    QStringList cut;
    const QList<QWidget *> widgets = current->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        // The line edits' own clear buttons are drawn as icons, not text.
        if (!widget->isVisibleTo(&window) || qobject_cast<QLineEdit *>(widget->parentWidget()))
            continue;
        auto *button = qobject_cast<QAbstractButton *>(widget);
        auto *label = qobject_cast<QLabel *>(widget);
        if (label && (!label->buddy() || label->wordWrap()))
            label = nullptr;
        if ((button || label) && widget->width() < widget->sizeHint().width()) {
            cut.append(u"%1 (%2 < %3)"_s.arg(widget->objectName())
                           .arg(widget->width())
                           .arg(widget->sizeHint().width()));
        }
    }
    QVERIFY2(cut.isEmpty(), qPrintable(u"cut short: "_s + cut.join(u", "_s)));

    // Issue 9, item 7: the forms do not scroll sideways, and the client form's fields get more
    // than the six rows they had under the explanation.
    for (const QString &name : {u"fieldsScrollArea"_s, u"formScrollArea"_s}) {
        auto *area = current->findChild<QScrollArea *>(name);
        if (!area)
            continue;
        QTRY_COMPARE(area->horizontalScrollBar()->maximum(), 0);
        if (name == u"fieldsScrollArea"_s) {
            const int rows = area->viewport()->height() / area->fontMetrics().lineSpacing();
            QVERIFY2(rows >= 14, qPrintable(u"%1 rows"_s.arg(rows)));
        }
    }

    for (const QString &name : actions.split(u' ', Qt::SkipEmptyParts)) {
        auto *button = current->findChild<QAbstractButton *>(name);
        QVERIFY2(button, qPrintable(name));
        QVERIFY2(button->isVisibleTo(&window), qPrintable(name));
        // Wholly in view: not clipped by a scroll area or the window's edge.
        QCOMPARE(button->visibleRegion().boundingRect(), button->rect());
        const QRect inWindow(button->mapTo(&window, QPoint(0, 0)), button->size());
        QVERIFY2(window.rect().contains(inWindow), qPrintable(name));
    }
}

// Issue 9, item 8: a message appearing (a field's error, the composer's explanation) leaves the
// buttons where the user is about to click.
void TestMainWindow::messagesDoNotMoveTheActions()
{
    MainWindow window(m_workspace.get());
    window.resize(1280, 680);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto where = [&window](QWidget *widget) {
        return widget->mapTo(&window, QPoint());
    };

    window.showPage(u"server"_s);
    auto *apply = window.findChild<QPushButton *>(u"applyButton"_s);
    auto *message = window.findChild<QLabel *>(u"contextPathMessageLabel"_s);
    QVERIFY(apply && message);
    QTest::qWait(50);
    const QPoint applyBefore = where(apply);
    auto *contextPath = window.findChild<QLineEdit *>(u"contextPathLineEdit"_s);
    contextPath->setFocus();
    contextPath->selectAll();
    QTest::keyClicks(contextPath, u"/a b"_s);
    QTRY_VERIFY(message->isVisible() && !message->text().isEmpty());
    QTest::qWait(50);
    QCOMPARE(where(apply), applyBefore);

    window.showPage(u"composer"_s);
    auto *send = window.findChild<QPushButton *>(u"sendButton"_s);
    auto *explanation = window.findChild<QLabel *>(u"explanationLabel"_s);
    QTest::qWait(50);
    const QPoint sendBefore = where(send);
    auto *secret = window.findChild<QLineEdit *>(u"secretEdit"_s);
    secret->setText(u"not-the-secret"_s);
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(explanation->isVisible(), 15000);
    QTest::qWait(50);
    QCOMPARE(where(send), sendBefore);
}

void TestMainWindow::lastPageAndGeometryAreRemembered_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QSize>("size");
    QTest::newRow("scopes") << u"scopes"_s << QSize(1100, 700);
    QTest::newRow("clients") << u"clients"_s << QSize(1240, 760);
    QTest::newRow("server") << u"server"_s << QSize(1150, 660);
}

void TestMainWindow::lastPageAndGeometryAreRemembered()
{
    QFETCH(QString, page);
    QFETCH(QSize, size);
    {
        MainWindow window(m_workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(page);
        // Never below what the pages need, or the window would refuse the size.
        size = size.expandedTo(window.minimumSizeHint());
        window.resize(size);
        QTRY_COMPARE(window.size(), size);
        QVERIFY(window.close());
    }
    MainWindow again(m_workspace.get());
    QCOMPARE(again.currentPage(), page);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), size);

    const QSettings stored(u"oauth2-playground"_s, u"oauth2-playground"_s);
    QVERIFY2(stored.fileName().startsWith(m_settingsHome.path()), qPrintable(stored.fileName()));
    QCOMPARE(stored.value(u"MainWindow/page"_s).toString(), page);
}

void TestMainWindow::statusBarShowsTheServer()
{
    MainWindow window(m_workspace.get());
    window.show();
    auto *state = window.findChild<QLabel *>(u"serverStateLabel"_s);
    QVERIFY(state);
    QVERIFY2(state->text().contains(u"Running"_s), qPrintable(state->text()));
    QVERIFY(state->text().contains(m_workspace->endpoints().issuer));

    m_workspace->stopServer();
    QVERIFY2(state->text().contains(u"Stopped"_s), qPrintable(state->text()));
    QVERIFY(!state->text().contains(u"Running"_s));
    m_workspace->startServer();
    QVERIFY(state->text().contains(u"Running"_s));
}

void TestMainWindow::serverMenuControlsTheServer()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QAction *stop = findAction(&window, u"Stop"_s);
    QAction *start = findAction(&window, u"Start"_s);
    QAction *restart = findAction(&window, u"Restart"_s);
    QAction *copyIssuer = findAction(&window, u"Copy Issuer URL"_s);
    QVERIFY(stop && start && restart && copyIssuer);
    QCOMPARE(restart->shortcut(), QKeySequence(u"Ctrl+R"_s));
    QVERIFY(!start->isEnabled());

    HttpClient http;
    stop->trigger();
    QCOMPARE(m_workspace->serverState(), Workspace::ServerState::Stopped);
    QVERIFY(start->isEnabled());
    QVERIFY(!restart->isEnabled());
    start->trigger();
    QCOMPARE(m_workspace->serverState(), Workspace::ServerState::Running);
    const QUrl token(
        u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(m_workspace->boundPort()));
    QCOMPARE(http.postForm(token, SeedBody).status, 200);

    QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(m_workspace->serverState(), Workspace::ServerState::Running);
    QCOMPARE(http.postForm(QUrl(u"http://127.0.0.1:%1/ms-auth-server/oauth2/token"_s.arg(
                               m_workspace->boundPort())),
                     SeedBody)
                 .status,
        200);

    copyIssuer->trigger();
    QCOMPARE(QApplication::clipboard()->text(), m_workspace->endpoints().issuer);
}

void TestMainWindow::setAsideFileIsReportedAfterShowing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{ not json");
    file.close();
    QVERIFY(openWorkspace(path));
    QVERIFY(!m_workspace->openMessage().isEmpty());

    MainWindow window(m_workspace.get());
    // Nothing pops up before the window is there to carry it.
    QVERIFY(!window.findChild<QMessageBox *>());
    window.show();
    QTRY_VERIFY(window.findChild<QMessageBox *>());
    auto *box = window.findChild<QMessageBox *>();
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->icon(), QMessageBox::Warning);
    QCOMPARE(box->text(), m_workspace->openMessage());
    QVERIFY(box->text().contains(u"corrupt-"_s));
    // Where the file went, and how to get it back: File > Import, offered on that very file.
    const QString aside = m_workspace->setAsidePath();
    QVERIFY(QFile::exists(aside));
    QVERIFY(box->text().contains(QDir::toNativeSeparators(aside)));
    QVERIFY(box->text().contains(u"File > Import"_s));
    auto *import = box->findChild<QPushButton *>(u"importSetAsideButton"_s);
    QVERIFY(import);
    QString offered;
    QTimer::singleShot(200, this, [&offered] {
        if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
            offered = dialog->selectedFiles().value(0);
            dialog->reject();
        }
    });
    import->click();
    QTRY_COMPARE(QFileInfo(offered).fileName(), QFileInfo(aside).fileName());
}

void TestMainWindow::newsGoesToTheStatusBar()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A client saved.
    window.showPage(u"clients"_s);
    auto *clients = window.findChild<ClientsPage *>();
    auto *name = clients->findChild<QLineEdit *>(u"displayNameLineEdit"_s);
    QVERIFY(name);
    name->setText(u"Renamed for the test"_s);
    QTest::mouseClick(clients->findChild<QPushButton *>(u"saveButton"_s), Qt::LeftButton);
    QTRY_VERIFY(
        window.statusBar()->currentMessage().contains(u"Saved client service-client-jwt"_s));
    // A HAR written.
    window.showPage(u"traffic"_s);
    auto *traffic = window.findChild<TrafficPage *>();
    QVERIFY(traffic);
    const QString har = m_dir->filePath(u"exchanges.har"_s);
    traffic->exportHarInBackground(har);
    QTRY_VERIFY(window.statusBar()->currentMessage().contains(u"Exported"_s));
    QVERIFY(window.statusBar()->currentMessage().contains(QDir::toNativeSeparators(har)));
    QVERIFY(QFile::exists(har));
}

void TestMainWindow::failedSaveShowsABanner()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *banner = window.findChild<QWidget *>(u"bannerFrame"_s);
    auto *bannerText = window.findChild<QLabel *>(u"bannerLabel"_s);
    QVERIFY(banner && bannerText);
    QVERIFY(!banner->isVisible());

    // A folder where the file should be: the atomic write cannot replace it.
    m_workspace->waitForBackgroundWork();
    QVERIFY(QFile::remove(configPath()));
    QVERIFY(QDir(m_dir->path()).mkdir(u"config.json"_s));
    Configuration edited = m_workspace->configuration();
    edited.scopes.append({u"unsaved.scope"_s, QString()});
    m_workspace->setConfiguration(edited);
    m_workspace->waitForBackgroundWork();

    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(bannerText->text().contains(u"could not be saved"_s), qPrintable(bannerText->text()));
    QVERIFY(bannerText->text().contains(QDir::toNativeSeparators(configPath())));
    // The edit still reached the running server.
    QVERIFY(m_workspace->registry()->configuration().findScope(u"unsaved.scope"));

    // Once a save works again the warning goes.
    QVERIFY(QDir(m_dir->path()).rmdir(u"config.json"_s));
    m_workspace->setConfiguration(m_workspace->configuration());
    m_workspace->waitForBackgroundWork();
    QTRY_VERIFY(!banner->isVisible());
    QVERIFY(QFile::exists(configPath()));
}

void TestMainWindow::closingWithUnsavedEdits_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<QString>("hostAfter");
    QTest::newRow("cancel") << int(QMessageBox::Cancel) << false << u"localhost"_s;
    QTest::newRow("discard") << int(QMessageBox::Discard) << true << u"localhost"_s;
    QTest::newRow("save") << int(QMessageBox::Save) << true << u"edited.example"_s;
}

void TestMainWindow::closingWithUnsavedEdits()
{
    QFETCH(int, answer);
    QFETCH(bool, closes);
    QFETCH(QString, hostAfter);
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.showPage(u"server"_s);
    auto *host = window.findChild<QLineEdit *>(u"hostNameLineEdit"_s);
    QVERIFY(host);
    host->setFocus();
    QTest::keyClick(host, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(host, u"edited.example"_s);

    QString question;
    QString title;
    int width = 0;
    int titleWidth = 0;
    QString discard;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        question = box->text();
        title = Dialogs::fullTitle(box);
        width = box->width();
        titleWidth = Dialogs::titleWidth(box); // a bold title, with room for its buttons
        discard = box->button(QMessageBox::Discard)->text();
        box->button(QMessageBox::StandardButton(answer))->click();
    });
    const bool closed = window.close();

    QVERIFY2(question.contains(u"Server"_s), qPrintable(question));
    // Its whole title fits (issue 9: "Unsaved Cha…2 Playground"), and Discard has a mnemonic.
    QVERIFY2(title.endsWith(u"OAuth2 Playground"_s), qPrintable(title));
    QVERIFY2(width >= titleWidth, qPrintable(u"%1 <= %2"_s.arg(width).arg(titleWidth)));
    QCOMPARE(discard, u"&Discard"_s);
    QCOMPARE(closed, closes);
    QCOMPARE(window.isVisible(), !closes);
    QCOMPARE(m_workspace->configuration().server.hostName, hostAfter);
}

void TestMainWindow::trafficSendsTokensToTheInspector()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(u"traffic"_s);
    HttpClient http;
    const HttpResult result = http.postForm(QUrl(m_workspace->endpoints().token), SeedBody);
    QCOMPARE(result.status, 200);
    const QString token = result.json().value(u"access_token"_s).toString();

    auto *table = window.findChild<QTableView *>(u"trafficTableView"_s);
    QVERIFY(table);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    auto *send = window.findChild<QPushButton *>(u"sendTokenButton"_s);
    QVERIFY(send && send->isVisible());
    send->click();

    QCOMPARE(window.currentPage(), u"inspector"_s);
    QCOMPARE(window.findChild<QPlainTextEdit *>(u"tokenEdit"_s)->toPlainText(), token);
    auto *signature = window.findChild<QLabel *>(u"signatureLabel"_s);
    QVERIFY2(signature->text().contains(u"Verified"_s), qPrintable(signature->text()));
}

void TestMainWindow::trafficRevealsSecretsOnlyWhenAsked()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(u"traffic"_s);
    HttpClient http;
    QCOMPARE(http.postForm(QUrl(m_workspace->endpoints().token), SeedBody).status, 200);

    auto *table = window.findChild<QTableView *>(u"trafficTableView"_s);
    QVERIFY(table);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    auto *request = window.findChild<QPlainTextEdit *>(u"requestTextEdit"_s);
    auto *reveal = window.findChild<QCheckBox *>(u"revealSecretsCheckBox"_s);
    QVERIFY(request && reveal);
    QVERIFY(!reveal->isChecked());
    QVERIFY(request->toPlainText().contains(u"client_secret=******"_s));
    QVERIFY(!request->toPlainText().contains(u"service-client-jwt-secret"_s));

    QTest::mouseClick(reveal, Qt::LeftButton, {}, QPoint(4, reveal->height() / 2));
    QVERIFY(reveal->isChecked());
    QVERIFY(request->toPlainText().contains(u"client_secret=service-client-jwt-secret"_s));

    reveal->setChecked(false);
    QVERIFY(!request->toPlainText().contains(u"service-client-jwt-secret"_s));
}

void TestMainWindow::composerSendsTokensToTheInspector()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(m_workspace->serverState(), Workspace::ServerState::Running);
    window.showPage(u"composer"_s);
    auto *send = window.findChild<QPushButton *>(u"sendButton"_s);
    QVERIFY(send && send->isVisible());
    send->click();
    auto *inspect = window.findChild<QPushButton *>(u"inspectButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(inspect->isVisible(), 15000);
    inspect->click();

    QCOMPARE(window.currentPage(), u"inspector"_s);
    const QString token = window.findChild<QPlainTextEdit *>(u"tokenEdit"_s)->toPlainText();
    QCOMPARE(token.count(u'.'), 2);
    auto *signature = window.findChild<QLabel *>(u"signatureLabel"_s);
    QVERIFY2(signature->text().contains(u"Verified"_s), qPrintable(signature->text()));
}

// Issue 10, §3: Introspect on the Tokens page is a real RFC 7662 request, sent from the Composer
// as the token's client, so the exchange shows in the Traffic log.
void TestMainWindow::tokensPageIntrospectsThroughTheComposer()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(m_workspace->serverState(), Workspace::ServerState::Running);
    HttpClient http;
    const HttpResult result = http.postForm(QUrl(m_workspace->endpoints().token), SeedBody);
    QCOMPARE(result.status, 200);

    window.showPage(u"tokens"_s);
    window.findChild<TokensPage *>()->refresh();
    auto *table = window.findChild<QTableView *>(u"tokensTableView"_s);
    QTRY_COMPARE(table->model()->rowCount(), 1);
    auto *introspect = window.findChild<QPushButton *>(u"introspectTokenButton"_s);
    QVERIFY(!introspect->isEnabled());
    table->selectRow(0);
    QVERIFY(introspect->isEnabled());
    QTest::mouseClick(introspect, Qt::LeftButton);

    QCOMPARE(window.currentPage(), u"composer"_s);
    auto *status = window.findChild<QLabel *>(u"statusLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"HTTP 200"_s), 15000);
    const QString response = window.findChild<QPlainTextEdit *>(u"responseText"_s)->toPlainText();
    QVERIFY2(response.contains(u"\"active\": true"_s), qPrintable(response));
    QVERIFY(response.contains(u"\"client_id\": \"service-client-jwt\""_s));
    QVERIFY(window.findChild<QPlainTextEdit *>(u"previewText"_s)
                ->toPlainText()
                .contains(u"/oauth2/introspect HTTP/1.1"_s));

    // The exchange is in the Traffic log beside the token request.
    const QAbstractItemModel *traffic
        = window.findChild<QTableView *>(u"trafficTableView"_s)->model();
    const auto logged = [traffic] {
        for (int row = 0; row < traffic->rowCount(); ++row) {
            for (int column = 0; column < traffic->columnCount(); ++column) {
                if (traffic->index(row, column).data().toString().contains(u"introspect"_s))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(logged(), 5000);
}

// Issue 9, item 16: a token crafted in the inspector can be sent from the Composer, as the token
// of an introspection request or as a client assertion.
void TestMainWindow::craftedTokensGoToTheComposer()
{
    MainWindow window(m_workspace.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(u"inspector"_s);
    auto *inspector = window.findChild<InspectorPage *>();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray payload = u"{\"iss\":\"service-client-jwt\",\"sub\":\"service-client-jwt\","
                               "\"aud\":\"%1\",\"exp\":%2}"_s.arg(m_workspace->endpoints().token)
                                   .arg(now + 300)
                                   .toUtf8();
    inspector->inspectToken(
        QString::fromLatin1(R"({"alg":"none"})"_ba.toBase64(
                                QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.' + payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            + '.'));

    for (const QString &action : {u"craftIntrospectAction"_s, u"craftAssertionAction"_s}) {
        window.showPage(u"inspector"_s);
        TokenCrafter *crafter = inspector->craftToken();
        crafter->setAlgorithm(u"HS256"_s);
        crafter->findChild<QLineEdit *>(u"craftSecretEdit"_s)
            ->setText(u"service-client-jwt-secret-long-enough-for-hs256"_s);
        const QString crafted = crafter->token();
        QVERIFY2(!crafted.isEmpty(), qPrintable(crafter->problem()));
        auto *use = crafter->findChild<QPushButton *>(u"craftComposerButton"_s);
        QVERIFY(use->isEnabled());
        QAction *chosen = use->menu()->findChild<QAction *>(action);
        QVERIFY2(chosen, qPrintable(action));
        chosen->trigger();

        QCOMPARE(window.currentPage(), u"composer"_s);
        auto *kind = window.findChild<QComboBox *>(u"requestKindCombo"_s);
        if (action == u"craftIntrospectAction"_s) {
            QCOMPARE(kind->currentData().toString(), u"introspection_endpoint"_s);
            QCOMPARE(window.findChild<QLineEdit *>(u"requestTokenEdit"_s)->text(), crafted);
        } else {
            QCOMPARE(kind->currentData().toString(), u"token_endpoint"_s);
            QCOMPARE(
                window.findChild<QLineEdit *>(u"clientIdEdit"_s)->text(), u"service-client-jwt"_s);
            QVERIFY(window.findChild<QAbstractButton *>(u"secretJwtRadio"_s)->isChecked());
            QVERIFY(window.findChild<QPlainTextEdit *>(u"curlText"_s)
                        ->property("copyText")
                        .toString()
                        .contains(u"client_assertion="_s + crafted));
        }
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
