// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourceserverpanel.h"

#include "theme.h"
#include "workspace.h"

#include "http/resourceserver.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

using Validation = ResourceServerSettings::Validation;

struct ValidationChoice
{
    Validation validation;
    const char *label;
    const char *explanation;
};

const ValidationChoice ValidationChoices[] = {
    {Validation::Jwt, QT_TRANSLATE_NOOP("ResourceServerPanel", "JWT signature only"),
        QT_TRANSLATE_NOOP("ResourceServerPanel",
            "JWTs are checked here, against the authorization server's JWK set (signature, iss, "
            "exp, nbf). Opaque tokens are refused. A revoked JWT keeps working until it "
            "expires.")},
    {Validation::IntrospectOpaque,
        QT_TRANSLATE_NOOP("ResourceServerPanel", "JWT signature, opaque tokens introspected"),
        QT_TRANSLATE_NOOP("ResourceServerPanel",
            "As the series does: JWTs by signature, opaque tokens by asking the authorization "
            "server (/oauth2/introspect). A revoked JWT keeps working until it expires; a "
            "revoked opaque token stops at once.")},
    {Validation::Introspect, QT_TRANSLATE_NOOP("ResourceServerPanel", "Introspect every token"),
        QT_TRANSLATE_NOOP("ResourceServerPanel",
            "Every request asks the authorization server whether its token is active, so a "
            "revoked token, JWT or opaque, stops at once.")},
};

} // namespace

ResourceServerPanel::ResourceServerPanel(Workspace *workspace, QWidget *parent)
    : QGroupBox(tr("Resource server (sample API)"), parent), m_workspace(workspace)
{
    setObjectName(u"resourceServerGroupBox"_s);
    auto *layout = new QVBoxLayout(this);

    auto *stateRow = new QHBoxLayout;
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(u"resourceStateLabel"_s);
    m_urlLineEdit = new QLineEdit(this);
    m_urlLineEdit->setObjectName(u"resourceUrlLineEdit"_s);
    m_urlLineEdit->setReadOnly(true);
    m_urlLineEdit->setAccessibleName(tr("Resource server URL"));
    m_startStopButton = new QPushButton(this);
    m_startStopButton->setObjectName(u"resourceStartStopButton"_s);
    stateRow->addWidget(m_stateLabel);
    stateRow->addWidget(m_urlLineEdit, 1);
    stateRow->addWidget(m_startStopButton);
    layout->addLayout(stateRow);

    auto *form = new QFormLayout;
    m_portSpinBox = new QSpinBox(this);
    m_portSpinBox->setObjectName(u"resourcePortSpinBox"_s);
    m_portSpinBox->setRange(0, 65535);
    m_portSpinBox->setSpecialValueText(tr("Any free port"));
    m_portSpinBox->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    form->addRow(tr("Port (samp&le API)"), m_portSpinBox);
    m_validationComboBox = new QComboBox(this);
    m_validationComboBox->setObjectName(u"validationComboBox"_s);
    for (const ValidationChoice &choice : ValidationChoices)
        m_validationComboBox->addItem(tr(choice.label), int(choice.validation));
    form->addRow(tr("Val&idation"), m_validationComboBox);
    m_validationExplanation = new QLabel(this);
    m_validationExplanation->setObjectName(u"validationExplanationLabel"_s);
    m_validationExplanation->setWordWrap(true);
    Theme::setTone(m_validationExplanation, Theme::Tone::Muted);
    form->addRow(m_validationExplanation);
    const QList<ResourceRouteScope> routes = ResourceServerSettings::defaultRouteScopes();
    for (qsizetype i = 0; i < routes.size(); ++i) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(u"routeScopeComboBox%1"_s.arg(i));
        combo->setAccessibleName(tr("Scope for %1").arg(routes.at(i).route));
        m_scopeComboBoxes.append(combo);
        auto *label = new QLabel(routes.at(i).route, this);
        label->setBuddy(combo);
        form->addRow(label, combo);
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            m_applyButton->setEnabled(hasUnsavedChanges());
            m_revertButton->setEnabled(hasUnsavedChanges());
        });
    }
    layout->addLayout(form);
    // The page scrolls with the wheel: a field changes only once it has the focus.
    for (QWidget *field : std::initializer_list<QWidget *> {m_portSpinBox, m_validationComboBox}) {
        field->setFocusPolicy(Qt::StrongFocus);
        field->installEventFilter(this);
    }
    for (QComboBox *combo : std::as_const(m_scopeComboBoxes)) {
        combo->setFocusPolicy(Qt::StrongFocus);
        combo->installEventFilter(this);
    }

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(u"resourceMessageLabel"_s);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->hide();
    Theme::setTone(m_messageLabel, Theme::Tone::Error);
    layout->addWidget(m_messageLabel);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_revertButton = new QPushButton(tr("Revert"), this);
    m_revertButton->setObjectName(u"resourceRevertButton"_s);
    m_applyButton = new QPushButton(tr("Apply"), this);
    m_applyButton->setObjectName(u"resourceApplyButton"_s);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_applyButton);
    layout->addLayout(buttons);

    const auto edited = [this] {
        m_applyButton->setEnabled(hasUnsavedChanges());
        m_revertButton->setEnabled(hasUnsavedChanges());
    };
    connect(m_portSpinBox, &QSpinBox::valueChanged, this, edited);
    connect(m_validationComboBox, &QComboBox::currentIndexChanged, this, [this, edited] {
        refreshExplanation();
        edited();
    });
    connect(m_applyButton, &QPushButton::clicked, this, &ResourceServerPanel::saveChanges);
    connect(m_revertButton, &QPushButton::clicked, this, &ResourceServerPanel::discardChanges);
    connect(m_startStopButton, &QPushButton::clicked, this, [this] {
        if (m_workspace->resourceServer()->isListening()) {
            m_workspace->stopResourceServer();
        } else {
            m_workspace->startResourceServer();
        }
        refreshState();
    });
    connect(m_workspace, &Workspace::serverStateChanged, this, &ResourceServerPanel::refreshState);
    connect(m_workspace, &Workspace::configurationChanged, this, [this] {
        refreshScopeChoices();
        // An import replaces an untouched form, never the user's edits.
        if (!hasUnsavedChanges())
            loadSettings();
    });

    refreshScopeChoices();
    loadSettings();
    refreshState();
}

bool ResourceServerPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel) {
        const auto *widget = qobject_cast<QWidget *>(watched);
        if (widget && !widget->hasFocus() && widget->parentWidget()) {
            // To the scroll area, through the parents, as if the field were not there.
            QCoreApplication::sendEvent(widget->parentWidget(), event);
            return true;
        }
    }
    return QGroupBox::eventFilter(watched, event);
}

void ResourceServerPanel::refreshState()
{
    const ResourceServer *server = m_workspace->resourceServer();
    const bool running = server && server->isListening();
    m_stateLabel->setText(running ? tr("Running at") : tr("Stopped"));
    Theme::setTone(m_stateLabel, running ? Theme::Tone::Success : Theme::Tone::Muted);
    m_urlLineEdit->setText(running ? server->baseUrl() : QString());
    m_urlLineEdit->setVisible(running);
    m_startStopButton->setText(running ? tr("Stop") : tr("Start"));
    m_startStopButton->setIcon(Theme::icon(running ? u"stop" : u"start"));
    m_startStopButton->setEnabled(server != nullptr);
    const QString error = m_workspace->resourceServerError();
    if (!error.isEmpty() && !running) {
        m_messageLabel->setText(error);
        m_messageLabel->show();
    }
}

void ResourceServerPanel::refreshScopeChoices()
{
    const Configuration configuration = m_workspace->configuration();
    for (QComboBox *combo : std::as_const(m_scopeComboBoxes)) {
        const QString current = combo->currentData().toString();
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItem(tr("any valid token"), QString());
        for (const ScopeDefinition &scope : configuration.scopes)
            combo->addItem(scope.name, scope.name);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    }
}

void ResourceServerPanel::loadSettings()
{
    m_loaded = m_workspace->overrides().applyTo(m_workspace->configuration().resourceServer);
    const QSignalBlocker portBlocker(m_portSpinBox);
    const QSignalBlocker validationBlocker(m_validationComboBox);
    m_portSpinBox->setValue(m_loaded.port);
    m_validationComboBox->setCurrentIndex(m_validationComboBox->findData(int(m_loaded.validation)));
    for (qsizetype i = 0; i < m_scopeComboBoxes.size(); ++i) {
        QComboBox *combo = m_scopeComboBoxes.at(i);
        const QSignalBlocker blocker(combo);
        const QString scope
            = m_loaded.scopeFor(ResourceServerSettings::defaultRouteScopes().at(i).route);
        if (combo->findData(scope) < 0)
            combo->addItem(scope, scope); // a scope the registry no longer has: kept as it is
        combo->setCurrentIndex(combo->findData(scope));
    }
    refreshExplanation();
    m_messageLabel->hide();
    m_applyButton->setEnabled(false);
    m_revertButton->setEnabled(false);
}

void ResourceServerPanel::refreshExplanation()
{
    const int validation = m_validationComboBox->currentData().toInt();
    for (const ValidationChoice &choice : ValidationChoices) {
        if (int(choice.validation) == validation)
            m_validationExplanation->setText(tr(choice.explanation));
    }
}

ResourceServerSettings ResourceServerPanel::formSettings() const
{
    ResourceServerSettings settings = m_loaded;
    settings.port = quint16(m_portSpinBox->value());
    settings.validation = Validation(m_validationComboBox->currentData().toInt());
    const QList<ResourceRouteScope> routes = ResourceServerSettings::defaultRouteScopes();
    settings.routeScopes.clear();
    for (qsizetype i = 0; i < routes.size(); ++i)
        settings.routeScopes.append(
            {routes.at(i).route, m_scopeComboBoxes.at(i)->currentData().toString()});
    return settings;
}

bool ResourceServerPanel::hasUnsavedChanges() const
{
    return formSettings() != m_loaded;
}

bool ResourceServerPanel::saveChanges()
{
    QString error;
    if (!m_workspace->applyResourceServerSettings(formSettings(), &error)) {
        m_messageLabel->setText(error);
        m_messageLabel->show();
        m_portSpinBox->setFocus();
        return false;
    }
    loadSettings();
    return true;
}

void ResourceServerPanel::discardChanges()
{
    loadSettings();
}
