// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "ui_mainwindow.h"

#include "clientspage.h"
#include "composerpage.h"
#include "dialogs.h"
#include "inspectorpage.h"
#include "scopespage.h"
#include "sequence/sequencepage.h"
#include "serverpage.h"
#include "theme.h"
#include "tokens/tokenspage.h"
#include "trafficpage.h"
#include "users/userspage.h"
#include "workspace.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

// Long enough to read a path in a message ("Exported 12 exchanges to /home/...").
constexpr int StatusMessageTimeout = 10000;

// Explicit names rather than QCoreApplication's, so tests and tools that do not set them still
// read and write the same place (tests redirect it with QSettings::setPath).
QSettings windowSettings()
{
    return QSettings(u"oauth2-playground"_s, u"oauth2-playground"_s);
}

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amountOfB,
        a.greenF() + (b.greenF() - a.greenF()) * amountOfB,
        a.blueF() + (b.blueF() - a.blueF()) * amountOfB);
}

} // namespace

MainWindow::MainWindow(Workspace *workspace, QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_workspace(workspace)
{
    m_ui->setupUi(this);
    setWindowIcon(Theme::appIcon());

    // Menus show an action's explanation in the status bar, not as a tooltip.
    const QList<QAction *> actions = findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->statusTip().isEmpty() && action->toolTip() != action->iconText())
            action->setStatusTip(action->toolTip());
    }
    // Standard keys where the platform has them; Quit falls back to Ctrl+Q, since some platform
    // themes bind nothing to QKeySequence::Quit.
    m_ui->importAction->setShortcut(QKeySequence::Open);
    QList<QKeySequence> quitKeys = QKeySequence::keyBindings(QKeySequence::Quit);
    if (!quitKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Q)))
        quitKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_ui->quitAction->setShortcuts(quitKeys);
    m_ui->aboutAction->setShortcut(QKeySequence::HelpContents);
    // Start and stop as a debugger's run and stop keys; restart keeps Ctrl+R.
    m_ui->startAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_ui->stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_ui->openFolderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_ui->startAction->setIcon(Theme::icon(u"start"));
    m_ui->stopAction->setIcon(Theme::icon(u"stop"));
    m_ui->restartAction->setIcon(Theme::icon(u"restart"));
    m_ui->copyIssuerAction->setIcon(Theme::icon(u"copy"));
    m_ui->copyTokenEndpointAction->setIcon(Theme::icon(u"copy"));

    // The sidebar: big enough to click, wide enough for the longest title.
    QListWidget *navigation = m_ui->navigationListWidget;
    m_ui->sidebarWidget->setBackgroundRole(QPalette::Base);
    navigation->setIconSize(QSize(20, 20));
    navigation->setSpacing(2);
    navigation->setFocusPolicy(Qt::StrongFocus);

    auto *serverPage = new ServerPage(m_workspace, this);
    addPage(u"server"_s, tr("Server"), u"server"_s,
        tr("The embedded server: state, endpoints, signing key and listening settings"),
        serverPage);
    addPage(u"clients"_s, tr("Clients"), u"clients"_s,
        tr("The registered clients and how they authenticate"), new ClientsPage(m_workspace, this));
    addPage(u"scopes"_s, tr("Scopes"), u"scopes"_s, tr("The scopes clients may request"),
        new ScopesPage(m_workspace, this));
    auto *inspectorPage = new InspectorPage(m_workspace, this);
    addPage(u"inspector"_s, tr("Inspector"), u"inspector"_s,
        tr("Decode a JWT, check its times and verify its signature"), inspectorPage);
    auto *trafficPage = new TrafficPage(m_workspace, this);
    addPage(u"traffic"_s, tr("Traffic"), u"traffic"_s,
        tr("Every exchange the embedded server handled: request, decision, response"), trafficPage);
    auto *composerPage = new ComposerPage(m_workspace, this);
    addPage(u"composer"_s, tr("Composer"), u"composer"_s,
        tr("Compose a request to the server's endpoints, see it as sent and as commands, send it"),
        composerPage);
    auto *tokensPage = new TokensPage(m_workspace, this);
    addPage(u"tokens"_s, tr("Tokens"), u"tokens"_s,
        tr("Every token the embedded server issued: status, countdown, revoke, inspect"),
        tokensPage);
    addPage(u"sequence"_s, tr("Sequence"), u"sequence"_s,
        tr("Each flow of the traffic drawn as a sequence diagram; export as SVG, PNG or Mermaid"),
        new SequencePage(trafficPage->model(), this));
    // Last, so the other pages keep the Ctrl+number they had before it came.
    addPage(u"users"_s, tr("Users"), u"users"_s,
        tr("The test users who sign in on the login page, with their claims"),
        new UsersPage(m_workspace, this));
    connect(
        tokensPage, &TokensPage::tokenToInspect, this, [this, inspectorPage](const QString &token) {
            inspectorPage->inspectToken(token);
            showPage(u"inspector"_s);
        });
    // Introspect on the Tokens page is a real request, sent from the Composer.
    connect(tokensPage, &TokensPage::tokenToIntrospect, this,
        [this, composerPage](const QString &token, const QString &clientId) {
            composerPage->prepareTokenCheck(u"introspection_endpoint"_s, token, clientId);
            showPage(u"composer"_s);
            composerPage->send();
        });
    connect(inspectorPage, &InspectorPage::clientAssertionToCompose, this,
        [this, composerPage](const QString &assertion) {
            composerPage->useClientAssertion(assertion);
            showPage(u"composer"_s);
        });
    connect(inspectorPage, &InspectorPage::tokenToIntrospect, this,
        [this, composerPage](const QString &token) {
            composerPage->prepareTokenCheck(u"introspection_endpoint"_s, token, QString());
            showPage(u"composer"_s);
        });
    connect(composerPage, &ComposerPage::tokenReceived, this,
        [this, inspectorPage](const QString &token) {
            inspectorPage->inspectToken(token);
            showPage(u"inspector"_s);
        });
    connect(trafficPage, &TrafficPage::tokenToInspect, this,
        [this, inspectorPage](const QString &token) {
            inspectorPage->inspectToken(token);
            showPage(u"inspector"_s);
        });

    const QFontMetrics metrics(navigation->font());
    int widest = 0;
    for (int row = 0; row < navigation->count(); ++row)
        widest = std::max(widest, metrics.horizontalAdvance(navigation->item(row)->text()));
    const QMargins margins = m_ui->sidebarLayout->contentsMargins();
    m_ui->sidebarWidget->setFixedWidth(std::max(widest + navigation->iconSize().width() + 56, 168)
        + margins.left() + margins.right());

    connect(navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_pages.size())
            return;
        m_ui->pageStack->setCurrentIndex(row);
        QSettings settings = windowSettings();
        settings.setValue(u"MainWindow/page"_s, m_pages.at(row).key);
    });

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(u"serverStateLabel"_s);
    m_stateLabel->setTextFormat(Qt::RichText);
    m_stateLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addPermanentWidget(m_stateLabel);

    m_ui->bannerFrame->hide();
    m_ui->bannerFrame->setAutoFillBackground(true);
    connect(m_ui->bannerDismissButton, &QPushButton::clicked, m_ui->bannerFrame, &QWidget::hide);
    connect(
        m_ui->bannerExportButton, &QPushButton::clicked, this, &MainWindow::exportConfiguration);

    connect(m_ui->importAction, &QAction::triggered, this, [this] { importConfiguration(); });
    connect(m_ui->exportAction, &QAction::triggered, this, &MainWindow::exportConfiguration);
    connect(
        m_ui->openFolderAction, &QAction::triggered, this, &MainWindow::openConfigurationFolder);
    connect(m_ui->quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->startAction, &QAction::triggered, this, [this] {
        QString error;
        if (!m_workspace->startServer(&error))
            showStatus(error);
    });
    connect(m_ui->stopAction, &QAction::triggered, m_workspace, &Workspace::stopServer);
    connect(m_ui->restartAction, &QAction::triggered, this, [this] {
        QString error;
        showStatus(m_workspace->restartServer(&error) ? tr("Restarted the server.") : error);
    });
    connect(m_ui->copyIssuerAction, &QAction::triggered, this,
        [this] { copyToClipboard(m_workspace->endpoints().issuer, tr("the issuer URL")); });
    connect(m_ui->copyTokenEndpointAction, &QAction::triggered, this,
        [this] { copyToClipboard(m_workspace->endpoints().token, tr("the token endpoint URL")); });
    connect(m_ui->aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    connect(m_workspace, &Workspace::serverStateChanged, this, &MainWindow::refreshServerState);
    connect(m_workspace, &Workspace::configurationChanged, this, &MainWindow::refreshServerState);
    connect(m_workspace, &Workspace::saveFailed, this, [this](const QString &message) {
        showBanner(message);
        m_bannerIsSaveFailure = true;
    });
    connect(m_workspace, &Workspace::saved, this, [this] {
        if (m_bannerIsSaveFailure) {
            m_ui->bannerFrame->hide();
            m_bannerIsSaveFailure = false;
            showStatus(tr("Saved."));
        }
    });
    connect(m_workspace, &Workspace::keyFailed, this, &MainWindow::showBanner);
    connect(m_workspace, &Workspace::importFinished, this, [this](bool ok, const QString &message) {
        if (ok)
            showStatus(message);
        else
            showWarning(tr("Import Failed"), message);
    });
    connect(m_workspace, &Workspace::exportFinished, this, [this](bool ok, const QString &message) {
        if (ok)
            showStatus(message);
        else
            showWarning(tr("Export Failed"), message);
    });

    if (!m_workspace->isSaveEnabled()) {
        showBanner(tr("Changes are not saved during this run: the configuration file could not "
                      "be read or moved aside. Export the configuration to keep your changes."));
    }
    if (!m_workspace->keyError().isEmpty())
        showBanner(m_workspace->keyError());

    refreshServerState();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

template<class PageWidget>
void MainWindow::addPage(const QString &key, const QString &title, const QString &iconName,
    const QString &toolTip, PageWidget *widget)
{
    const int index = int(m_pages.size());
    m_pages.append({key, iconName, widget, [widget] { return widget->hasUnsavedChanges(); },
        [widget] { return widget->saveChanges(); },
        [widget] {
            widget->discardChanges();
        }});
    m_ui->pageStack->addWidget(widget);

    auto *item = new QListWidgetItem(Theme::icon(iconName), title, m_ui->navigationListWidget);
    item->setToolTip(toolTip);
    item->setSizeHint(QSize(0, std::max(36, fontMetrics().height() + 18)));

    // One convention for news: a page that has any says it with statusMessage(), and it goes to
    // the status bar for the same time as the window's own.
    if constexpr (requires { &PageWidget::statusMessage; })
        connect(widget, &PageWidget::statusMessage, this, &MainWindow::showStatus);

    auto *action = m_ui->goMenu->addAction(Theme::icon(iconName), title);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    action->setToolTip(toolTip);
    connect(action, &QAction::triggered, this, [this, key] { showPage(key); });
}

QString MainWindow::currentPage() const
{
    const int row = m_ui->navigationListWidget->currentRow();
    return row >= 0 && row < m_pages.size() ? m_pages.at(row).key : QString();
}

void MainWindow::showPage(const QString &key)
{
    for (int row = 0; row < m_pages.size(); ++row) {
        if (m_pages.at(row).key == key) {
            m_ui->navigationListWidget->setCurrentRow(row);
            return;
        }
    }
}

void MainWindow::refreshServerState()
{
    const Workspace::ServerState state = m_workspace->serverState();
    const QString issuer = m_workspace->endpoints().issuer;
    Theme::Tone tone = Theme::Tone::Muted;
    QString text;
    switch (state) {
    case Workspace::ServerState::Running:
        tone = Theme::Tone::Success;
        text = tr("Running \u2014 %1").arg(issuer);
        break;
    case Workspace::ServerState::Starting:
        tone = Theme::Tone::Warning;
        text = tr("Starting\u2026");
        break;
    case Workspace::ServerState::Stopped:
        tone = m_workspace->serverError().isEmpty() ? Theme::Tone::Muted : Theme::Tone::Error;
        text = m_workspace->serverError().isEmpty()
            ? tr("Stopped")
            : tr("Stopped \u2014 %1").arg(m_workspace->serverError());
        break;
    }
    const QColor colour = Theme::color(tone, m_stateLabel->palette());
    m_stateLabel->setText(u"<span style=\"color:%1\">\u25CF</span>&nbsp;%2"_s.arg(
        colour.name(), text.toHtmlEscaped()));
    m_stateLabel->setToolTip(tr("The embedded authorization server"));

    m_ui->startAction->setEnabled(state == Workspace::ServerState::Stopped);
    m_ui->stopAction->setEnabled(state != Workspace::ServerState::Stopped);
    m_ui->restartAction->setEnabled(state == Workspace::ServerState::Running);
}

bool MainWindow::resolveUnsavedChanges(const QString &question)
{
    QStringList titles;
    QList<int> rows;
    for (int row = 0; row < m_pages.size(); ++row) {
        if (m_pages.at(row).hasUnsavedChanges()) {
            rows.append(row);
            titles.append(m_ui->navigationListWidget->item(row)->text());
        }
    }
    if (rows.isEmpty())
        return true;

    const QString text = titles.size() == 1
        ? tr("The %1 page has changes that are not saved.").arg(titles.constFirst())
        : tr("These pages have changes that are not saved: %1.").arg(titles.join(u", "_s));
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"), text,
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(question);
    box.setDefaultButton(QMessageBox::Save);
    Dialogs::nameSaveAndDiscard(&box);
    Dialogs::fitTitle(&box);
    switch (box.exec()) {
    case QMessageBox::Save:
        for (int row : std::as_const(rows)) {
            if (!m_pages.at(row).saveChanges()) {
                // The page shows why at the field.
                m_ui->navigationListWidget->setCurrentRow(row);
                return false;
            }
        }
        return true;
    case QMessageBox::Discard:
        for (int row : std::as_const(rows))
            m_pages.at(row).discardChanges();
        return true;
    default:
        return false;
    }
}

void MainWindow::importConfiguration(const QString &preselected)
{
    if (!resolveUnsavedChanges(tr("Save them before importing?")))
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Configuration"),
        preselected.isEmpty() ? lastDirectory() : preselected,
        tr("Configuration files (*.json *.corrupt-*);;All files (*)"));
    if (path.isEmpty())
        return;
    setLastDirectory(path);
    statusBar()->showMessage(tr("Importing %1\u2026").arg(QDir::toNativeSeparators(path)));
    m_workspace->importFrom(path);
}

void MainWindow::exportConfiguration()
{
    if (!resolveUnsavedChanges(tr("Save them before exporting?")))
        return;
    const QString suggested
        = QDir(lastDirectory()).absoluteFilePath(u"oauth2-playground-config.json"_s);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Configuration"), suggested,
        tr("Configuration files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    setLastDirectory(path);
    m_workspace->exportTo(path);
}

void MainWindow::openConfigurationFolder()
{
    const QString folder = QFileInfo(m_workspace->configPath()).absolutePath();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder))) {
        showWarning(tr("Cannot Open the Folder"),
            tr("No file manager could open %1.").arg(QDir::toNativeSeparators(folder)));
    }
}

void MainWindow::copyToClipboard(const QString &text, const QString &what)
{
    QGuiApplication::clipboard()->setText(text);
    showStatus(tr("Copied %1.").arg(what));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About OAuth2 Playground"),
        tr("<h3>OAuth2 Playground %1</h3>"
           "<p>An OAuth 2.0 authorization server on your desktop, modelled on Spring "
           "Authorization Server, for learning, demos and testing client applications.</p>"
           "<p>Free software under the GNU General Public License, version 3 or later.</p>"
           "<p>Tokens are signed with OpenSSL 3 rather than QCA: QCA has no Qt 6 build on "
           "common distributions and lacks the EC, EdDSA and RSA-PSS keys that JWTs use.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>")
            .arg(QStringLiteral(PLAYGROUND_VERSION), QStringLiteral(QT_VERSION_STR),
                QString::fromLatin1(qVersion())));
}

QMessageBox *MainWindow::showWarning(const QString &title, const QString &text)
{
    // Window-modal and asynchronous: the event loop (and the server's signals) keep running.
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Dialogs::fitTitle(box);
    box->open();
    return box;
}

void MainWindow::showStatus(const QString &message)
{
    statusBar()->showMessage(message, StatusMessageTimeout);
}

void MainWindow::showBanner(const QString &message)
{
    m_bannerIsSaveFailure = false;
    m_ui->bannerLabel->setText(message);
    refreshBannerColours();
    m_ui->bannerFrame->show();
}

void MainWindow::refreshBannerColours()
{
    // A tint of the warning colour over the window, so it reads in light and dark palettes.
    QPalette palette;
    const QPalette base = this->palette();
    palette.setColor(QPalette::Window,
        blend(base.color(QPalette::Window), Theme::color(Theme::Tone::Warning, base),
            Theme::isDark(base) ? 0.22 : 0.16));
    m_ui->bannerFrame->setPalette(palette);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shown)
        return;
    m_shown = true;
    if (!m_workspace->openMessage().isEmpty()) {
        // After the window is on screen, so the dialog has a parent to sit on.
        QTimer::singleShot(0, this, [this] {
            QMessageBox *box
                = showWarning(tr("Configuration Not Loaded"), m_workspace->openMessage());
            const QString aside = m_workspace->setAsidePath();
            if (aside.isEmpty())
                return;
            // File > Import, on the file that was kept aside, once the user has fixed it.
            QPushButton *import = box->addButton(tr("&Import It\u2026"), QMessageBox::ActionRole);
            import->setObjectName(u"importSetAsideButton"_s);
            box->setDefaultButton(QMessageBox::Ok);
            connect(
                import, &QPushButton::clicked, this, [this, aside] { importConfiguration(aside); });
        });
    }
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        refreshServerState();
        refreshBannerColours();
        Theme::refreshTones(this);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!resolveUnsavedChanges(tr("Save them before closing?"))) {
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

void MainWindow::restoreWindowState()
{
    const QSettings settings = windowSettings();
    if (!restoreGeometry(settings.value(u"MainWindow/geometry"_s).toByteArray())) {
        // First run: 1280x800 where it fits, never larger than the screen.
        QSize size(1280, 800);
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.9);
        resize(size);
    }
    restoreState(settings.value(u"MainWindow/state"_s).toByteArray());

    const QString page = settings.value(u"MainWindow/page"_s, u"server"_s).toString();
    showPage(page);
    if (m_ui->navigationListWidget->currentRow() < 0)
        m_ui->navigationListWidget->setCurrentRow(0);
}

void MainWindow::saveWindowState() const
{
    QSettings settings = windowSettings();
    settings.setValue(u"MainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"MainWindow/state"_s, saveState());
    settings.setValue(u"MainWindow/page"_s, currentPage());
}

QString MainWindow::lastDirectory() const
{
    const QSettings settings = windowSettings();
    return settings.value(u"MainWindow/lastDirectory"_s, QDir::homePath()).toString();
}

void MainWindow::setLastDirectory(const QString &filePath) const
{
    QSettings settings = windowSettings();
    settings.setValue(u"MainWindow/lastDirectory"_s, QFileInfo(filePath).absolutePath());
}
