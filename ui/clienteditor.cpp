// SPDX-License-Identifier: GPL-3.0-or-later
#include "clienteditor.h"
#include "ui_clienteditor.h"

#include "configurationedits.h"
#include "durationedit.h"
#include "fieldmessage.h"
#include "jose/base64url.h"
#include "scopechecklistmodel.h"
#include "secretfield.h"

#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 MaxLifetimeSeconds = 365 * 24 * 60 * 60;
constexpr qsizetype ShortSecretLength = 16;

// The checked items, in the baseline's order first and then in the form's order, so loading a
// client and reading it back gives the same list and the form is not dirty for no reason.
QStringList orderedLike(const QStringList &baseline, const QStringList &checked)
{
    QStringList ordered;
    for (const QString &item : baseline) {
        if (checked.contains(item))
            ordered.append(item);
    }
    for (const QString &item : checked) {
        if (!ordered.contains(item))
            ordered.append(item);
    }
    return ordered;
}

// The date-time edit shows whole seconds; a saved time with milliseconds still counts as
// unchanged when the form shows the same second. In Qt::UTC, as the loader gives it.
QDateTime toSeconds(const QDateTime &time)
{
    return QDateTime::fromSecsSinceEpoch(time.toSecsSinceEpoch()).toUTC();
}

} // namespace

ClientEditor::ClientEditor(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ClientEditor>())
    , m_scopesModel(new ScopeCheckListModel(this))
{
    m_ui->setupUi(this);
    m_ui->scopesListView->setModel(m_scopesModel);
    m_ui->scopesListView->setSpacing(1); // check boxes a little apart are easier to hit
    connect(m_scopesModel, &QAbstractItemModel::modelReset, this,
        &ClientEditor::updateScopesListHeight);
    setFocusProxy(m_ui->clientIdLineEdit);

    // The fields scroll; the title and the Save/Revert row stay in view at any window height
    // (issue 9: at 1280x720 they were below the fold). Done here rather than in the .ui file so
    // the form's rows stay where they are.
    auto *fieldsScrollArea = new QScrollArea(this);
    fieldsScrollArea->setObjectName(u"fieldsScrollArea"_s);
    fieldsScrollArea->setFrameShape(QFrame::NoFrame);
    fieldsScrollArea->setWidgetResizable(true);
    fieldsScrollArea->setFocusPolicy(Qt::NoFocus);
    auto *fields = new QWidget(fieldsScrollArea);
    fields->setObjectName(u"fieldsWidget"_s);
    auto *fieldsLayout = new QVBoxLayout(fields);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    m_ui->editorLayout->removeItem(m_ui->formLayout);
    fieldsLayout->addLayout(m_ui->formLayout);
    fieldsLayout->addStretch(1);
    fieldsScrollArea->setWidget(fields);
    m_ui->editorLayout->removeItem(m_ui->bottomSpacer);
    delete m_ui->bottomSpacer;
    m_ui->bottomSpacer = nullptr;
    m_ui->editorLayout->insertWidget(1, fieldsScrollArea, 1);

    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_ui->titleLabel->setFont(titleFont);
    FieldMessage::show(
        m_ui->unsavedLabel, nullptr, m_ui->unsavedLabel->text(), FieldMessage::Severity::Warning);

    // The edit shows local time, QDateTimeEdit's default (setTimeSpec is deprecated in Qt 6.8).
    // Wide enough for either text, so the row does not jump when the text changes.
    QPushButton copyProbe(tr("Copied"));
    m_ui->copySecretButton->setMinimumWidth(
        std::max(m_ui->copySecretButton->sizeHint().width(), copyProbe.sizeHint().width()));
    // The secret field is the one the Composer uses too; its parts keep the names they had.
    SecretField *secretField = m_ui->clientSecretField;
    secretField->lineEdit()->setObjectName(u"clientSecretLineEdit"_s);
    secretField->lineEdit()->setAccessibleName(tr("Client secret"));
    secretField->revealButton()->setObjectName(u"showSecretToolButton"_s);
    secretField->revealButton()->setToolTip(
        tr("Show or hide the secret here and in the explanation beside the form"));
    for (QLabel *label : messageLabels())
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    const auto connectEdit = [this](auto *sender, auto signal, Field field) {
        connect(sender, signal, this, [this, field] { fieldEdited(field); });
    };
    connectEdit(m_ui->clientIdLineEdit, &QLineEdit::textChanged, Field::ClientId);
    connect(m_ui->displayNameLineEdit, &QLineEdit::textChanged, this, [this] {
        if (!m_loading)
            updateState();
    });
    connectEdit(secretField, &SecretField::textChanged, Field::Secret);
    connectEdit(m_ui->secretExpiresCheckBox, &QCheckBox::toggled, Field::SecretExpiry);
    connectEdit(
        m_ui->secretExpiresDateTimeEdit, &QDateTimeEdit::dateTimeChanged, Field::SecretExpiry);
    connectEdit(m_ui->clientSecretBasicCheckBox, &QCheckBox::toggled, Field::AuthMethods);
    connectEdit(m_ui->clientSecretPostCheckBox, &QCheckBox::toggled, Field::AuthMethods);
    connectEdit(m_ui->clientCredentialsCheckBox, &QCheckBox::toggled, Field::GrantTypes);
    connectEdit(m_scopesModel, &QAbstractItemModel::dataChanged, Field::Scopes);
    connectEdit(m_ui->tokenLifetimeEdit, &DurationEdit::secondsChanged, Field::Lifetime);

    connect(m_ui->secretExpiresCheckBox, &QCheckBox::toggled, this, [this](bool checked) {
        m_ui->secretExpiresDateTimeEdit->setVisible(checked);
        if (checked && !m_loading) {
            // A quarter is a common rotation period; the user adjusts it.
            m_ui->secretExpiresDateTimeEdit->setDateTime(QDateTime::fromSecsSinceEpoch(
                QDateTime::currentSecsSinceEpoch() + 90 * 24 * 60 * 60));
        }
    });
    // Loading a client is not the user pointing at a method.
    connect(m_ui->clientSecretBasicCheckBox, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            highlightMethod(AuthMethod::ClientSecretBasic.toString());
    });
    connect(m_ui->clientSecretPostCheckBox, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            highlightMethod(AuthMethod::ClientSecretPost.toString());
    });
    m_ui->clientSecretBasicCheckBox->installEventFilter(this);
    m_ui->clientSecretPostCheckBox->installEventFilter(this);

    connect(
        secretField, &SecretField::revealedChanged, this, &ClientEditor::secretVisibilityChanged);
    connect(m_ui->generateSecretButton, &QPushButton::clicked, this, [this] {
        m_ui->clientSecretField->setText(generateSecret());
        m_ui->clientSecretField->setFocus(Qt::OtherFocusReason);
    });
    connect(m_ui->copySecretButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_ui->clientSecretField->text());
        m_ui->copySecretButton->setText(tr("Copied"));
        QTimer::singleShot(
            1500, m_ui->copySecretButton, [this] { m_ui->copySecretButton->setText(tr("&Copy")); });
    });
    connect(m_ui->saveButton, &QPushButton::clicked, this, &ClientEditor::saveRequested);
    connect(m_ui->revertButton, &QPushButton::clicked, this, &ClientEditor::revert);

    // Ctrl+S only while the form has the focus: the window's own shortcuts stay free elsewhere.
    auto *save = new QShortcut(QKeySequence::Save, this);
    save->setContext(Qt::WidgetWithChildrenShortcut);
    connect(save, &QShortcut::activated, this, [this] {
        if (isDirty())
            Q_EMIT saveRequested();
    });

    ClientRegistration blank;
    blank.accessTokenLifetimeSeconds = 300;
    load(blank, true, false);
    updateScopesListHeight();
}

ClientEditor::~ClientEditor() = default;

QString ClientEditor::generateSecret()
{
    std::array<quint32, 8> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QString::fromLatin1(Base64Url::encode(bytes));
}

void ClientEditor::setAvailableScopes(const QList<ScopeDefinition> &scopes)
{
    const bool wasLoading = m_loading;
    m_loading = true; // a new list of defined scopes is not an edit
    m_scopesModel->setAvailableScopes(scopes);
    m_loading = wasLoading;
    updateState();
}

QList<QLabel *> ClientEditor::messageLabels() const
{
    return {m_ui->clientIdErrorLabel, m_ui->clientSecretErrorLabel, m_ui->secretExpiryErrorLabel,
        m_ui->authMethodsErrorLabel, m_ui->grantTypesErrorLabel, m_ui->scopesErrorLabel,
        m_ui->tokenLifetimeErrorLabel};
}

void ClientEditor::updateScopesListHeight()
{
    // As tall as its rows (between 3 and 8), so a short list does not leave a large empty box
    // and a long one scrolls.
    QListView *view = m_ui->scopesListView;
    const int itemHeight
        = m_scopesModel->rowCount() > 0 ? view->sizeHintForRow(0) : view->fontMetrics().height();
    const int rows = std::clamp(m_scopesModel->rowCount(), 3, 8);
    view->setFixedHeight(rows * (itemHeight + 2 * view->spacing()) + 2 * view->frameWidth());
}

void ClientEditor::setRegisteredClientIds(const QStringList &ids)
{
    m_registeredIds = ids;
    updateState();
}

void ClientEditor::loadClient(const ClientRegistration &client)
{
    load(client, false, false);
}

void ClientEditor::loadNewClient(const ClientRegistration &client, NewClientState state)
{
    load(client, true, state == NewClientState::Modified);
}

void ClientEditor::load(const ClientRegistration &client, bool isNew, bool forcedDirty)
{
    m_baseline = client;
    m_isNew = isNew;
    m_forcedDirty = forcedDirty;
    m_touched.clear();
    setForm(client);
    updateTitle();
    updateState();
}

void ClientEditor::rebase(const ClientRegistration &saved)
{
    if (!isDirty()) {
        const QSet<Field> touched = m_touched;
        loadClient(saved);
        m_touched = touched;
        updateState();
        return;
    }
    const ClientRegistration merged = ConfigurationEdits::mergeClient(m_baseline, client(), saved);
    m_baseline = saved;
    setForm(merged);
    updateTitle();
    updateState();
}

void ClientEditor::detach()
{
    if (m_isNew)
        return;
    m_isNew = true;
    m_forcedDirty = true;
    updateTitle();
    updateState();
}

void ClientEditor::setForm(const ClientRegistration &client)
{
    m_loading = true;
    m_ui->clientIdLineEdit->setText(client.clientId);
    m_ui->displayNameLineEdit->setText(client.displayName);
    m_ui->clientSecretField->setText(client.clientSecret);
    m_ui->secretExpiresCheckBox->setChecked(client.clientSecretExpiresAt.has_value());
    m_ui->secretExpiresDateTimeEdit->setVisible(client.clientSecretExpiresAt.has_value());
    m_ui->secretExpiresDateTimeEdit->setDateTime(client.clientSecretExpiresAt
            ? client.clientSecretExpiresAt->toLocalTime()
            : QDateTime::currentDateTime().addDays(90));
    m_ui->clientSecretBasicCheckBox->setChecked(
        client.allowsAuthenticationMethod(AuthMethod::ClientSecretBasic));
    m_ui->clientSecretPostCheckBox->setChecked(
        client.allowsAuthenticationMethod(AuthMethod::ClientSecretPost));
    m_ui->clientCredentialsCheckBox->setChecked(
        client.allowsGrantType(GrantType::ClientCredentials));
    m_scopesModel->setCheckedScopes(client.scopes);
    m_ui->tokenLifetimeEdit->setSeconds(client.accessTokenLifetimeSeconds);
    m_loading = false;
}

std::optional<QDateTime> ClientEditor::expiryFromForm() const
{
    if (!m_ui->secretExpiresCheckBox->isChecked())
        return std::nullopt;
    const QDateTime shown = toSeconds(m_ui->secretExpiresDateTimeEdit->dateTime().toUTC());
    if (m_baseline.clientSecretExpiresAt && toSeconds(*m_baseline.clientSecretExpiresAt) == shown)
        return m_baseline.clientSecretExpiresAt;
    return shown;
}

ClientRegistration ClientEditor::client() const
{
    ClientRegistration client;
    client.clientId = m_ui->clientIdLineEdit->text();
    client.clientSecret = m_ui->clientSecretField->text();
    client.displayName = m_ui->displayNameLineEdit->text();

    QStringList methods;
    if (m_ui->clientSecretBasicCheckBox->isChecked())
        methods.append(AuthMethod::ClientSecretBasic.toString());
    if (m_ui->clientSecretPostCheckBox->isChecked())
        methods.append(AuthMethod::ClientSecretPost.toString());
    client.authenticationMethods = orderedLike(m_baseline.authenticationMethods, methods);

    QStringList grants;
    if (m_ui->clientCredentialsCheckBox->isChecked())
        grants.append(GrantType::ClientCredentials.toString());
    // Grants this form has no checkbox for yet stay as they were.
    for (const QString &grant : m_baseline.grantTypes) {
        if (grant != GrantType::ClientCredentials && !grants.contains(grant))
            grants.append(grant);
    }
    client.grantTypes = orderedLike(m_baseline.grantTypes, grants);

    client.scopes = orderedLike(m_baseline.scopes, m_scopesModel->checkedScopes());
    client.accessTokenLifetimeSeconds = m_ui->tokenLifetimeEdit->seconds();
    client.clientSecretExpiresAt = expiryFromForm();
    return client;
}

bool ClientEditor::isDirty() const
{
    return m_forcedDirty || client() != m_baseline;
}

void ClientEditor::fieldEdited(Field field)
{
    if (m_loading)
        return;
    m_touched.insert(field);
    updateState();
}

void ClientEditor::updateState()
{
    if (m_loading)
        return;
    const bool dirty = isDirty();
    // A disabled button hands the focus to the next widget in the chain, wherever that is;
    // after a save or a revert the first field is the useful place.
    if (!dirty && (m_ui->saveButton->hasFocus() || m_ui->revertButton->hasFocus()))
        m_ui->clientIdLineEdit->setFocus(Qt::OtherFocusReason);
    m_ui->unsavedLabel->setVisible(dirty);
    m_ui->saveButton->setEnabled(dirty);
    m_ui->revertButton->setEnabled(dirty);
    m_ui->copySecretButton->setEnabled(!m_ui->clientSecretField->text().isEmpty());
    showMessages();
    Q_EMIT edited();
    if (dirty != m_lastDirty) {
        m_lastDirty = dirty;
        Q_EMIT dirtyChanged(dirty);
    }
}

QString ClientEditor::errorFor(Field field) const
{
    const ClientRegistration current = client();
    switch (field) {
    case Field::ClientId: {
        if (const QString problem = ConfigurationJson::validateClientId(current.clientId);
            !problem.isEmpty()) {
            return tr("The client ID %1.").arg(problem);
        }
        const bool taken
            = current.clientId != originalClientId() && m_registeredIds.contains(current.clientId);
        if (taken)
            return tr("Another client already uses the ID \u201c%1\u201d.").arg(current.clientId);
        return {};
    }
    case Field::Secret:
        if (current.clientSecret.isEmpty()) {
            return tr("The secret must not be empty: both methods authenticate with it. "
                      "Generate makes a strong one.");
        }
        return {};
    case Field::SecretExpiry:
        return {};
    case Field::AuthMethods:
        if (current.authenticationMethods.isEmpty())
            return tr("Choose at least one method, or no request can authenticate as this client.");
        return {};
    case Field::GrantTypes:
        if (current.grantTypes.isEmpty())
            return tr("Choose at least one grant type, or the client can never get a token.");
        return {};
    case Field::Scopes: {
        const QStringList missing = m_scopesModel->missingCheckedScopes();
        if (missing.size() == 1) {
            return tr("\u201c%1\u201d is no longer defined. Uncheck it to save, or define it "
                      "again on the Scopes page.")
                .arg(missing.first());
        }
        if (!missing.isEmpty()) {
            return tr("%1 are no longer defined. Uncheck them to save, or define them again on "
                      "the Scopes page.")
                .arg(u"\u201c"_s + missing.join(u"\u201d, \u201c"_s) + u"\u201d"_s);
        }
        return {};
    }
    case Field::Lifetime:
        if (current.accessTokenLifetimeSeconds < 1)
            return tr("The lifetime must be at least 1 second.");
        if (current.accessTokenLifetimeSeconds > MaxLifetimeSeconds)
            return tr("The lifetime must be at most 365 days.");
        return {};
    }
    return {};
}

QString ClientEditor::warningFor(Field field) const
{
    switch (field) {
    case Field::Secret: {
        const QString secret = m_ui->clientSecretField->text();
        if (secret.isEmpty())
            return {};
        if (secret.front().isSpace() || secret.back().isSpace())
            return tr("The secret starts or ends with a space, which is easily lost when copied.");
        if (secret.size() < ShortSecretLength)
            return tr("A short secret is easy to guess. Generate makes a 43-character one.");
        return {};
    }
    case Field::SecretExpiry: {
        const std::optional<QDateTime> expiry = expiryFromForm();
        if (expiry && *expiry <= QDateTime::currentDateTimeUtc())
            return tr("Already expired: the server refuses this secret with invalid_client.");
        return {};
    }
    default:
        return {};
    }
}

void ClientEditor::showMessage(QLabel *label, QWidget *field, const QString &error,
    const QString &warning, const QString &hint)
{
    if (!error.isEmpty())
        FieldMessage::show(label, field, error, FieldMessage::Severity::Error);
    else if (!warning.isEmpty())
        FieldMessage::show(label, field, warning, FieldMessage::Severity::Warning);
    else
        FieldMessage::show(label, nullptr, hint, FieldMessage::Severity::Hint);
    m_ui->formLayout->setRowVisible(
        label, !error.isEmpty() || !warning.isEmpty() || !hint.isEmpty());
}

void ClientEditor::showMessages()
{
    const auto errorIfTouched = [this](Field field) -> QString {
        return m_touched.contains(field) ? errorFor(field) : QString();
    };
    showMessage(
        m_ui->clientIdErrorLabel, m_ui->clientIdLineEdit, errorIfTouched(Field::ClientId), {});
    showMessage(m_ui->clientSecretErrorLabel, m_ui->clientSecretField->lineEdit(),
        errorIfTouched(Field::Secret), warningFor(Field::Secret));
    showMessage(m_ui->secretExpiryErrorLabel, m_ui->secretExpiresDateTimeEdit, {},
        warningFor(Field::SecretExpiry));
    showMessage(m_ui->authMethodsErrorLabel, m_ui->clientSecretBasicCheckBox,
        errorIfTouched(Field::AuthMethods), {});
    showMessage(m_ui->grantTypesErrorLabel, m_ui->clientCredentialsCheckBox,
        errorIfTouched(Field::GrantTypes), {});
    // A missing scope is shown at once: the user did not cause it and should see it.
    showMessage(m_ui->scopesErrorLabel, m_ui->scopesListView, errorFor(Field::Scopes), {});
    // The number the token response carries, so a user can match the form to what they see.
    showMessage(m_ui->tokenLifetimeErrorLabel, m_ui->tokenLifetimeEdit->spinBox(),
        errorIfTouched(Field::Lifetime), {},
        tr("Token responses say \"expires_in\": %1.").arg(m_ui->tokenLifetimeEdit->seconds()));
}

QWidget *ClientEditor::focusTarget(Field field) const
{
    switch (field) {
    case Field::ClientId:
        return m_ui->clientIdLineEdit;
    case Field::Secret:
        return m_ui->clientSecretField->lineEdit();
    case Field::SecretExpiry:
        return m_ui->secretExpiresDateTimeEdit;
    case Field::AuthMethods:
        return m_ui->clientSecretBasicCheckBox;
    case Field::GrantTypes:
        return m_ui->clientCredentialsCheckBox;
    case Field::Scopes:
        return m_ui->scopesListView;
    case Field::Lifetime:
        return m_ui->tokenLifetimeEdit->spinBox();
    }
    return nullptr;
}

bool ClientEditor::validate()
{
    constexpr Field Order[] = {Field::ClientId, Field::Secret, Field::SecretExpiry,
        Field::AuthMethods, Field::GrantTypes, Field::Scopes, Field::Lifetime};
    QWidget *firstInvalid = nullptr;
    for (const Field field : Order) {
        m_touched.insert(field);
        if (!firstInvalid && !errorFor(field).isEmpty())
            firstInvalid = focusTarget(field);
    }
    showMessages();
    if (!firstInvalid)
        return true;
    firstInvalid->setFocus(Qt::OtherFocusReason);
    if (auto *lineEdit = qobject_cast<QLineEdit *>(firstInvalid))
        lineEdit->selectAll();
    return false;
}

void ClientEditor::revert()
{
    const bool wasNew = m_isNew;
    load(m_baseline, wasNew, false);
}

int ClientEditor::naturalWidth() const
{
    const auto *scroll = findChild<QScrollArea *>(u"fieldsScrollArea"_s);
    const QWidget *fields = scroll->widget();
    return std::max(fields->sizeHint().width(), fields->minimumSizeHint().width())
        + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * scroll->frameWidth();
}

bool ClientEditor::isSecretVisible() const
{
    return m_ui->clientSecretField->isRevealed();
}

void ClientEditor::highlightMethod(const QString &method)
{
    if (method == m_highlightedMethod)
        return;
    m_highlightedMethod = method;
    Q_EMIT authMethodHighlighted(method);
}

void ClientEditor::updateTitle()
{
    if (!m_isNew) {
        m_ui->titleLabel->setText(m_baseline.clientId);
        return;
    }
    m_ui->titleLabel->setText(tr("New client"));
}

bool ClientEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::Enter) {
        if (watched == m_ui->clientSecretBasicCheckBox)
            highlightMethod(AuthMethod::ClientSecretBasic.toString());
        else if (watched == m_ui->clientSecretPostCheckBox)
            highlightMethod(AuthMethod::ClientSecretPost.toString());
    }
    return QWidget::eventFilter(watched, event);
}

void ClientEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        FieldMessage::refreshColor(m_ui->unsavedLabel);
        for (QLabel *label : messageLabels())
            FieldMessage::refreshColor(label);
    }
    QWidget::changeEvent(event);
}
