// SPDX-License-Identifier: GPL-3.0-or-later
#include "serverpage.h"

#include "resourceserverpanel.h"
#include "ui_serverpage.h"

#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QGuiApplication>
#include <QHostAddress>
#include <QLineEdit>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace {

struct BindChoice
{
    QString address;
    const char *description;
};

// The addresses most people want, with what each means; any other IP can be typed.
const BindChoice BindChoices[] = {
    {u"127.0.0.1"_s, QT_TRANSLATE_NOOP("ServerPage", "this machine only (default)")},
    {u"0.0.0.0"_s, QT_TRANSLATE_NOOP("ServerPage", "all IPv4 interfaces")},
    {u"::1"_s, QT_TRANSLATE_NOOP("ServerPage", "this machine only, IPv6")},
    {u"::"_s, QT_TRANSLATE_NOOP("ServerPage", "all interfaces, IPv6 and IPv4")},
};

// "ms-auth-server", "/ms-auth-server/" and "/" as the user means them, as the command line does.
QString normalizedContextPath(QString path)
{
    path = path.trimmed();
    if (!path.isEmpty() && !path.startsWith(u'/'))
        path.prepend(u'/');
    while (path.endsWith(u'/'))
        path.chop(1);
    return path;
}

bool isLoopback(const QString &address)
{
    const QHostAddress parsed(address);
    return !parsed.isNull() && parsed.isLoopback();
}

} // namespace

ServerPage::ServerPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ServerPage>()), m_workspace(workspace)
{
    m_ui->setupUi(this);
    m_ui->contentWidget->setBackgroundRole(QPalette::Window);
    // The sample resource server, below the authorization server's settings.
    m_ui->contentLayout->insertWidget(m_ui->contentLayout->indexOf(m_ui->settingsGroupBox) + 1,
        new ResourceServerPanel(workspace, m_ui->contentWidget));

    m_ui->startButton->setIcon(Theme::icon(u"start"));
    m_ui->stopButton->setIcon(Theme::icon(u"stop"));
    m_ui->restartButton->setIcon(Theme::icon(u"restart"));

    const struct
    {
        QToolButton *button;
        QLineEdit *lineEdit;
        const char *what;
    } copyRows[] = {
        {m_ui->copyIssuerButton, m_ui->issuerLineEdit, QT_TR_NOOP("the issuer URL")},
        {m_ui->copyTokenEndpointButton, m_ui->tokenEndpointLineEdit,
            QT_TR_NOOP("the token endpoint URL")},
        {m_ui->copyJwkSetButton, m_ui->jwkSetLineEdit, QT_TR_NOOP("the JWK set URL")},
        {m_ui->copyMetadataButton, m_ui->metadataLineEdit, QT_TR_NOOP("the metadata URL")},
        {m_ui->copySpringMetadataButton, m_ui->springMetadataLineEdit,
            QT_TR_NOOP("the metadata URL")},
        {m_ui->copyKeyIdButton, m_ui->keyIdLineEdit, QT_TR_NOOP("the key ID")},
        {m_ui->copyKeyFileButton, m_ui->keyFileLineEdit, QT_TR_NOOP("the key file's path")},
    };
    for (const auto &row : copyRows) {
        row.button->setIcon(Theme::icon(u"copy"));
        row.button->setAutoRaise(true);
        connect(row.button, &QToolButton::clicked, this,
            [this, lineEdit = row.lineEdit, what = row.what] { copy(lineEdit, tr(what)); });
    }

    for (const BindChoice &choice : BindChoices) {
        m_ui->bindAddressComboBox->addItem(
            u"%1  \u2014  %2"_s.arg(choice.address, tr(choice.description)), choice.address);
    }
    // The list shows what each address means; the field holds the address alone.
    m_ui->bindAddressComboBox->setCompleter(nullptr);
    connect(m_ui->bindAddressComboBox, &QComboBox::activated, this, [this](int index) {
        m_ui->bindAddressComboBox->setEditText(
            m_ui->bindAddressComboBox->itemData(index).toString());
    });

    connect(m_ui->startButton, &QPushButton::clicked, this, [this] {
        QString error;
        if (!m_workspace->startServer(&error))
            refreshState(); // the error shows under the header
    });
    connect(m_ui->stopButton, &QPushButton::clicked, m_workspace, &Workspace::stopServer);
    connect(m_ui->restartButton, &QPushButton::clicked, this, [this] {
        if (m_workspace->restartServer())
            Q_EMIT statusMessage(tr("Restarted the server."));
    });
    connect(m_ui->applyButton, &QPushButton::clicked, this, &ServerPage::saveChanges);
    connect(m_ui->revertButton, &QPushButton::clicked, this, &ServerPage::discardChanges);

    connect(m_ui->portSpinBox, &QSpinBox::valueChanged, this, &ServerPage::refreshSettingsMessages);
    connect(m_ui->bindAddressComboBox, &QComboBox::editTextChanged, this,
        &ServerPage::refreshSettingsMessages);
    connect(m_ui->contextPathLineEdit, &QLineEdit::textChanged, this,
        &ServerPage::refreshSettingsMessages);
    connect(m_ui->hostNameLineEdit, &QLineEdit::textChanged, this,
        &ServerPage::refreshSettingsMessages);

    connect(m_workspace, &Workspace::serverStateChanged, this, [this] {
        // "Keeps running on port N" is stale once the server stops, starts or moves.
        if (!m_applyError.isEmpty()) {
            m_applyError.clear();
            m_applyErrorField = Workspace::SettingsField::None;
            refreshSettingsMessages();
        }
        refreshState();
        refreshEndpoints();
    });
    connect(m_workspace, &Workspace::configurationChanged, this, [this] {
        refreshEndpoints();
        // Someone else changed the settings (an import): follow, unless the form has edits.
        if (!hasUnsavedChanges())
            loadSettings();
        refreshSettingsMessages();
    });
    connect(m_workspace, &Workspace::keyReady, this, &ServerPage::refreshKey);
    connect(m_workspace, &Workspace::keyFailed, this, [this] {
        refreshKey();
        refreshState();
    });

    alignColumns();
    applyFonts();
    loadSettings();
    refreshState();
    refreshEndpoints();
    refreshKey();
}

ServerPage::~ServerPage() = default;

void ServerPage::alignColumns()
{
    // One label column for the three groups, so that their fields start on one line.
    QGridLayout *const grids[] = {m_ui->endpointsLayout, m_ui->keyLayout, m_ui->settingsLayout};
    int labelWidth = 0;
    for (QGridLayout *grid : grids) {
        for (int index = 0; index < grid->count(); ++index) {
            int row = 0, column = 0, rowSpan = 0, columnSpan = 0;
            grid->getItemPosition(index, &row, &column, &rowSpan, &columnSpan);
            if (column == 0 && columnSpan == 1 && grid->itemAt(index)->widget())
                labelWidth
                    = std::max(labelWidth, grid->itemAt(index)->widget()->sizeHint().width());
        }
    }
    for (QGridLayout *grid : grids)
        grid->setColumnMinimumWidth(0, labelWidth);

    // Settings fields as wide as their content needs, measured in the current font.
    const int character = fontMetrics().averageCharWidth();
    m_ui->portSpinBox->setFixedWidth(character * 20);
    m_ui->bindAddressComboBox->setFixedWidth(character * 44);
    m_ui->contextPathLineEdit->setFixedWidth(character * 44);
    m_ui->hostNameLineEdit->setFixedWidth(character * 44);
}

void ServerPage::applyFonts()
{
    QFont stateFont = font();
    stateFont.setPointSizeF(stateFont.pointSizeF() * 1.6);
    stateFont.setBold(true);
    m_ui->stateLabel->setFont(stateFont);
    QFont dotFont = font();
    dotFont.setPointSizeF(dotFont.pointSizeF() * 2.6);
    m_ui->stateDotLabel->setFont(dotFont);
}

void ServerPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        Theme::refreshTones(this);
    } else if (event->type() == QEvent::FontChange) {
        alignColumns();
        applyFonts();
    }
}

void ServerPage::refreshState()
{
    const Workspace::ServerState state = m_workspace->serverState();
    Theme::Tone tone = Theme::Tone::Muted;
    QString text;
    switch (state) {
    case Workspace::ServerState::Running:
        tone = Theme::Tone::Success;
        text = tr("Running");
        break;
    case Workspace::ServerState::Starting:
        tone = Theme::Tone::Warning;
        text = tr("Starting\u2026");
        break;
    case Workspace::ServerState::Stopped:
        tone = m_workspace->serverError().isEmpty() ? Theme::Tone::Muted : Theme::Tone::Error;
        text = tr("Stopped");
        break;
    }
    Theme::setTone(m_ui->stateDotLabel, tone);
    m_ui->stateLabel->setText(text);
    m_ui->stateDotLabel->setToolTip(tr("The server is %1.").arg(text.toLower()));

    QString issuer;
    switch (state) {
    case Workspace::ServerState::Running:
        issuer = tr("Serving at %1").arg(m_workspace->endpoints().issuer);
        break;
    case Workspace::ServerState::Starting:
        issuer = tr("Preparing the signing key\u2026");
        break;
    case Workspace::ServerState::Stopped:
        issuer = m_workspace->effectiveSettings().port == 0
            ? tr("Not listening. Start it to serve on any free port.")
            : tr("Not listening. Start it to serve at %1").arg(m_workspace->endpoints().issuer);
        break;
    }
    m_ui->issuerLabel->setText(issuer);
    Theme::setTone(m_ui->issuerLabel, Theme::Tone::Muted);

    QStringList problems;
    if (!m_workspace->serverError().isEmpty())
        problems.append(m_workspace->serverError());
    if (!m_workspace->keyError().isEmpty())
        problems.append(m_workspace->keyError());
    showMessage(m_ui->serverMessageLabel, problems.join(u'\n'), Theme::Tone::Error);

    m_ui->startButton->setEnabled(state == Workspace::ServerState::Stopped);
    m_ui->stopButton->setEnabled(state != Workspace::ServerState::Stopped);
    m_ui->restartButton->setEnabled(state == Workspace::ServerState::Running);
}

void ServerPage::refreshEndpoints()
{
    const Workspace::Endpoints endpoints = m_workspace->endpoints();
    const std::pair<QLineEdit *, QString> rows[] = {
        {m_ui->issuerLineEdit, endpoints.issuer},
        {m_ui->tokenEndpointLineEdit, endpoints.token},
        {m_ui->jwkSetLineEdit, endpoints.jwkSet},
        {m_ui->metadataLineEdit, endpoints.metadata},
        {m_ui->springMetadataLineEdit, endpoints.springMetadata},
    };
    // Port 0 while stopped: the port is only known once bound, so show where it goes.
    static const QRegularExpression unboundPort(u"^([a-z]+://[^/]+):0(?=/|$)"_s);
    const bool unbound = m_workspace->boundPort() == 0;
    for (auto [lineEdit, url] : rows) {
        if (unbound)
            url.replace(unboundPort, u"\\1:<port>"_s);
        if (lineEdit->text() != url) {
            lineEdit->setText(url);
            lineEdit->setCursorPosition(0);
        }
    }
}

void ServerPage::refreshKey()
{
    if (m_workspace->isKeyReady()) {
        m_ui->keyIdLineEdit->setText(m_workspace->keyId());
        m_ui->algorithmLabel->setText(m_workspace->keyDescription());
    } else {
        m_ui->keyIdLineEdit->setText(
            m_workspace->keyError().isEmpty() ? tr("Loading\u2026") : tr("Not available"));
        m_ui->algorithmLabel->setText(tr("RS256, RSA 2048"));
    }
    m_ui->keyIdLineEdit->setCursorPosition(0);
    m_ui->copyKeyIdButton->setEnabled(m_workspace->isKeyReady());
    m_ui->keyFileLineEdit->setText(QDir::toNativeSeparators(m_workspace->keyPath()));
    m_ui->keyFileLineEdit->setCursorPosition(0);
}

void ServerPage::loadSettings()
{
    const ServerSettings settings = m_workspace->effectiveSettings();
    m_loadedSettings = settings;
    const QSignalBlocker blockPort(m_ui->portSpinBox);
    const QSignalBlocker blockBind(m_ui->bindAddressComboBox);
    const QSignalBlocker blockContext(m_ui->contextPathLineEdit);
    const QSignalBlocker blockHost(m_ui->hostNameLineEdit);
    m_ui->portSpinBox->setValue(settings.port);
    m_ui->bindAddressComboBox->setCurrentIndex(
        m_ui->bindAddressComboBox->findData(settings.bindAddress));
    m_ui->bindAddressComboBox->setEditText(settings.bindAddress);
    m_ui->contextPathLineEdit->setText(settings.contextPath);
    m_ui->hostNameLineEdit->setText(settings.hostName);
    refreshSettingsMessages();
}

ServerSettings ServerPage::formSettings() const
{
    ServerSettings settings;
    settings.port = quint16(m_ui->portSpinBox->value());
    settings.bindAddress = m_ui->bindAddressComboBox->currentText().trimmed();
    settings.contextPath = normalizedContextPath(m_ui->contextPathLineEdit->text());
    settings.hostName = m_ui->hostNameLineEdit->text().trimmed();
    if (settings.hostName.isEmpty())
        settings.hostName = u"localhost"_s; // what the placeholder promises
    return settings;
}

bool ServerPage::hasUnsavedChanges() const
{
    return formSettings() != m_loadedSettings;
}

QWidget *ServerPage::fieldWidget(Workspace::SettingsField field) const
{
    switch (field) {
    case Workspace::SettingsField::Port:
        return m_ui->portSpinBox;
    case Workspace::SettingsField::BindAddress:
        return m_ui->bindAddressComboBox;
    case Workspace::SettingsField::ContextPath:
        return m_ui->contextPathLineEdit;
    case Workspace::SettingsField::HostName:
        return m_ui->hostNameLineEdit;
    case Workspace::SettingsField::None:
        break;
    }
    return m_ui->applyButton;
}

void ServerPage::refreshSettingsMessages()
{
    const ServerSettings settings = formSettings();
    const QList<Workspace::SettingsProblem> problems = Workspace::validateServerSettings(settings);
    auto problemFor = [&](Workspace::SettingsField field) {
        for (const Workspace::SettingsProblem &problem : problems) {
            if (problem.field == field)
                return problem.message;
        }
        // An Apply failure stays while the value that caused it is still in the form.
        if (field == m_applyErrorField && settings.port == m_applyErrorSettings.port
            && settings.bindAddress == m_applyErrorSettings.bindAddress) {
            return m_applyError;
        }
        return QString();
    };

    showMessage(
        m_ui->portMessageLabel, problemFor(Workspace::SettingsField::Port), Theme::Tone::Error);
    showMessage(m_ui->contextPathMessageLabel, problemFor(Workspace::SettingsField::ContextPath),
        Theme::Tone::Error);
    showMessage(m_ui->hostNameMessageLabel, problemFor(Workspace::SettingsField::HostName),
        Theme::Tone::Error);

    if (const QString bindProblem = problemFor(Workspace::SettingsField::BindAddress);
        !bindProblem.isEmpty()) {
        showMessage(m_ui->bindAddressMessageLabel, bindProblem, Theme::Tone::Error);
    } else if (isLoopback(settings.bindAddress)) {
        showMessage(m_ui->bindAddressMessageLabel,
            tr("Only programs on this machine can reach the server."), Theme::Tone::Muted);
    } else {
        showMessage(m_ui->bindAddressMessageLabel,
            tr("Reachable from the network: anyone who can reach this port can ask for tokens "
               "with the clients' secrets. Use it on a trusted network only."),
            Theme::Tone::Warning);
    }

    const SettingsOverrides overrides = m_workspace->overrides();
    QStringList given;
    if (overrides.port)
        given.append(u"--port %1"_s.arg(*overrides.port));
    if (overrides.bindAddress)
        given.append(u"--bind %1"_s.arg(*overrides.bindAddress));
    if (overrides.contextPath)
        given.append(u"--context-path %1"_s.arg(
            overrides.contextPath->isEmpty() ? u"/"_s : *overrides.contextPath));
    if (overrides.idleTimeoutMilliseconds)
        given.append(u"--idle-timeout %1"_s.arg(*overrides.idleTimeoutMilliseconds));
    if (overrides.requestTimeoutMilliseconds)
        given.append(u"--request-timeout %1"_s.arg(*overrides.requestTimeoutMilliseconds));
    if (overrides.maxConnections)
        given.append(u"--max-connections %1"_s.arg(*overrides.maxConnections));
    showMessage(m_ui->overrideNoteLabel,
        given.isEmpty() ? QString()
                        : tr("%1 from the command line applies to this run only; Apply saves "
                             "these settings and replaces it.",
                            nullptr, int(given.size()))
                              .arg(given.join(u", "_s)),
        Theme::Tone::Warning);

    const bool dirty = hasUnsavedChanges();
    m_ui->applyButton->setEnabled(dirty || m_workspace->hasOverrides());
    m_ui->revertButton->setEnabled(dirty);
}

void ServerPage::showMessage(QLabel *label, const QString &text, Theme::Tone tone)
{
    // A screen reader announces why a field is wrong with the field itself.
    const std::pair<QLabel *, QWidget *> fields[] = {
        {m_ui->portMessageLabel, m_ui->portSpinBox},
        {m_ui->bindAddressMessageLabel, m_ui->bindAddressComboBox},
        {m_ui->contextPathMessageLabel, m_ui->contextPathLineEdit},
        {m_ui->hostNameMessageLabel, m_ui->hostNameLineEdit},
    };
    for (const auto &[messageLabel, field] : fields) {
        if (messageLabel == label)
            field->setAccessibleDescription(text);
    }
    label->setText(text);
    Theme::setTone(label, tone);
    // An empty row would leave a gap under its field.
    label->setVisible(!text.isEmpty());
}

bool ServerPage::saveChanges()
{
    const ServerSettings settings = formSettings();
    const QList<Workspace::SettingsProblem> problems = Workspace::validateServerSettings(settings);
    if (!problems.isEmpty()) {
        refreshSettingsMessages();
        fieldWidget(problems.constFirst().field)->setFocus(Qt::OtherFocusReason);
        return false;
    }
    QString error;
    Workspace::SettingsField field = Workspace::SettingsField::None;
    if (!m_workspace->applyServerSettings(settings, &error, &field)) {
        m_applyError = error;
        m_applyErrorField = field;
        m_applyErrorSettings = settings;
        refreshSettingsMessages();
        if (field == Workspace::SettingsField::None)
            showMessage(m_ui->serverMessageLabel, error, Theme::Tone::Error);
        fieldWidget(field)->setFocus(Qt::OtherFocusReason);
        return false;
    }
    m_applyError.clear();
    m_applyErrorField = Workspace::SettingsField::None;
    loadSettings();
    Q_EMIT statusMessage(tr("Saved the listening settings."));
    return true;
}

void ServerPage::discardChanges()
{
    m_applyError.clear();
    m_applyErrorField = Workspace::SettingsField::None;
    loadSettings();
}

void ServerPage::copy(const QLineEdit *lineEdit, const QString &what)
{
    QGuiApplication::clipboard()->setText(lineEdit->text());
    Q_EMIT statusMessage(tr("Copied %1.").arg(what));
}
