// SPDX-License-Identifier: GPL-3.0-or-later
#include "userspage.h"
#include "ui_userspage.h"

#include "configurationedits.h"
#include "dialogs.h"
#include "extraclaimsmodel.h"
#include "fieldmessage.h"
#include "rowselection.h"
#include "secretfield.h"
#include "theme.h"
#include "unsavedchanges.h"
#include "userlistmodel.h"
#include "workspace.h"

#include <QEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QToolButton>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

UsersPage::UsersPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::UsersPage>())
    , m_workspace(workspace)
    , m_model(new UserListModel(this))
    , m_claimsModel(new ExtraClaimsModel(this))
{
    m_ui->setupUi(this);

    QTableView *table = m_ui->usersTableView;
    table->setModel(m_model);
    QHeaderView *header = table->horizontalHeader();
    header->setSectionResizeMode(UserListModel::UsernameColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(UserListModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(UserListModel::EmailColumn, QHeaderView::ResizeToContents);

    QTableView *claims = m_ui->extraClaimsTableView;
    claims->setModel(m_claimsModel);
    claims->horizontalHeader()->setSectionResizeMode(
        ExtraClaimsModel::NameColumn, QHeaderView::ResizeToContents);
    claims->horizontalHeader()->setMinimumSectionSize(fontMetrics().averageCharWidth() * 14);
    // A few rows: most users have none or two.
    claims->setFixedHeight(claims->horizontalHeader()->sizeHint().height()
        + claims->verticalHeader()->defaultSectionSize() * 4 + 2 * claims->frameWidth());

    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_ui->titleLabel->setFont(titleFont);
    Theme::setTone(m_ui->userHelpLabel, Theme::Tone::Muted);
    for (QLabel *label : {m_ui->usernameErrorLabel, m_ui->passwordErrorLabel, m_ui->emailErrorLabel,
             m_ui->extraClaimsErrorLabel}) {
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    FieldMessage::show(
        m_ui->unsavedLabel, nullptr, m_ui->unsavedLabel->text(), FieldMessage::Severity::Warning);

    SecretField *password = m_ui->passwordField;
    password->lineEdit()->setObjectName(u"passwordLineEdit"_s);
    password->lineEdit()->setAccessibleName(tr("Password"));
    password->revealButton()->setObjectName(u"showPasswordToolButton"_s);
    password->revealButton()->setToolTip(tr("Show or hide the password"));

    const int unit = fontMetrics().averageCharWidth();
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->splitter->setSizes({unit * 90, unit * 80});
    m_ui->listPanel->setMinimumWidth(unit * 40);

    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { currentRowChanged(current); });
    const auto onEdit = [this](Field field) {
        return [this, field] {
            fieldEdited(field);
        };
    };
    connect(m_ui->usernameLineEdit, &QLineEdit::textChanged, this, onEdit(Field::Username));
    connect(password, &SecretField::textChanged, this, onEdit(Field::Password));
    connect(m_ui->emailLineEdit, &QLineEdit::textChanged, this, onEdit(Field::Email));
    for (QLineEdit *edit :
        {m_ui->nameLineEdit, m_ui->givenNameLineEdit, m_ui->familyNameLineEdit}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            if (!m_loading)
                updateState();
        });
    }
    connect(m_ui->emailVerifiedCheckBox, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            updateState();
    });
    connect(m_claimsModel, &QAbstractItemModel::dataChanged, this, onEdit(Field::ExtraClaims));
    connect(m_claimsModel, &QAbstractItemModel::rowsInserted, this, onEdit(Field::ExtraClaims));
    connect(m_claimsModel, &QAbstractItemModel::rowsRemoved, this, onEdit(Field::ExtraClaims));
    connect(m_ui->addClaimButton, &QPushButton::clicked, this, [this] {
        const int row = m_claimsModel->addClaim();
        const QModelIndex name = m_claimsModel->index(row, ExtraClaimsModel::NameColumn);
        m_ui->extraClaimsTableView->setCurrentIndex(name);
        m_ui->extraClaimsTableView->setFocus(Qt::OtherFocusReason);
        m_ui->extraClaimsTableView->edit(name);
    });
    connect(m_ui->removeClaimButton, &QPushButton::clicked, this,
        [this] { m_claimsModel->removeClaim(m_ui->extraClaimsTableView->currentIndex().row()); });

    connect(m_ui->newButton, &QPushButton::clicked, this, &UsersPage::createUser);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &UsersPage::deleteUser);
    connect(m_ui->saveButton, &QPushButton::clicked, this, [this] { saveChanges(); });
    connect(m_ui->revertButton, &QPushButton::clicked, this, &UsersPage::discardChanges);
    // Enter in a field saves, as in a dialog.
    for (QLineEdit *edit : {m_ui->usernameLineEdit, password->lineEdit(), m_ui->nameLineEdit,
             m_ui->givenNameLineEdit, m_ui->familyNameLineEdit, m_ui->emailLineEdit}) {
        connect(edit, &QLineEdit::returnPressed, this, [this] { saveChanges(); });
    }

    // Window-wide while this page is shown (a hidden page's shortcuts are inactive).
    auto *newShortcut = new QShortcut(QKeySequence::New, this);
    connect(newShortcut, &QShortcut::activated, this, &UsersPage::createUser);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, table);
    deleteShortcut->setContext(Qt::WidgetShortcut);
    connect(deleteShortcut, &QShortcut::activated, this, &UsersPage::deleteUser);
    auto *deleteClaimShortcut = new QShortcut(QKeySequence::Delete, claims);
    deleteClaimShortcut->setContext(Qt::WidgetShortcut);
    connect(
        deleteClaimShortcut, &QShortcut::activated, m_ui->removeClaimButton, &QPushButton::click);
    auto *saveShortcut = new QShortcut(QKeySequence::Save, m_ui->editorPage);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, [this] { saveChanges(); });

    // The window focuses a page when it shows it: the list is where keyboard work starts.
    setFocusProxy(table);

    connect(m_workspace, &Workspace::configurationChanged, this, &UsersPage::configurationChanged);

    m_model->setConfiguration(m_workspace->configuration());
    if (m_model->rowCount() > 0)
        showUser(m_model->itemAt(0).username);
    else
        showNothing();
}

UsersPage::~UsersPage() = default;

void UsersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        Theme::refreshTones(this);
    QWidget::changeEvent(event);
}

bool UsersPage::isEditing() const
{
    return m_ui->editorStack->currentWidget() == m_ui->editorPage;
}

TestUser UsersPage::formUser() const
{
    TestUser user;
    user.username = m_ui->usernameLineEdit->text();
    user.password = m_ui->passwordField->text();
    user.name = m_ui->nameLineEdit->text();
    user.givenName = m_ui->givenNameLineEdit->text();
    user.familyName = m_ui->familyNameLineEdit->text();
    user.email = m_ui->emailLineEdit->text().trimmed();
    user.emailVerified = m_ui->emailVerifiedCheckBox->isChecked();
    user.extraClaims = m_claimsModel->claims();
    return user;
}

bool UsersPage::hasUnsavedChanges() const
{
    if (!isEditing())
        return false;
    // A half-typed claim row (not a claim yet) is an edit too.
    return formUser() != m_baseline || !m_claimsModel->problem().isEmpty()
        || m_claimsModel->rowCount() != m_baseline.extraClaims.size();
}

QString UsersPage::errorFor(Field field) const
{
    switch (field) {
    case Field::Username: {
        const QString username = m_ui->usernameLineEdit->text();
        if (const QString problem = ConfigurationJson::validateUsername(username);
            !problem.isEmpty()) {
            return tr("The username %1.").arg(problem);
        }
        if (username != originalUsername() && m_workspace->configuration().findUser(username))
            return tr("Another user is already named \u201c%1\u201d.").arg(username);
        return {};
    }
    case Field::Password:
        if (const QString problem
            = ConfigurationJson::validateUserPassword(m_ui->passwordField->text());
            !problem.isEmpty()) {
            return tr("The password %1: the login page would let nobody in.").arg(problem);
        }
        return {};
    case Field::Email:
        if (const QString problem
            = ConfigurationJson::validateEmail(m_ui->emailLineEdit->text().trimmed());
            !problem.isEmpty()) {
            return tr("The email %1.").arg(problem);
        }
        return {};
    case Field::ExtraClaims:
        return m_claimsModel->problem();
    }
    return {};
}

QWidget *UsersPage::fieldWidget(Field field) const
{
    switch (field) {
    case Field::Username:
        return m_ui->usernameLineEdit;
    case Field::Password:
        return m_ui->passwordField->lineEdit();
    case Field::Email:
        return m_ui->emailLineEdit;
    case Field::ExtraClaims:
        return m_ui->extraClaimsTableView;
    }
    return nullptr;
}

void UsersPage::fieldEdited(Field field)
{
    if (m_loading)
        return;
    m_touched.insert(field);
    updateState();
}

void UsersPage::updateState()
{
    const bool dirty = hasUnsavedChanges();
    // A disabled button hands the focus to the next widget in the chain (the list, which would
    // then select its first row); after a save or a revert the username field is the useful place.
    if (!dirty && (m_ui->saveButton->hasFocus() || m_ui->revertButton->hasFocus()))
        m_ui->usernameLineEdit->setFocus(Qt::OtherFocusReason);
    m_ui->unsavedLabel->setVisible(dirty);
    m_ui->saveButton->setEnabled(dirty);
    m_ui->revertButton->setEnabled(dirty);
    m_ui->deleteButton->setEnabled(isEditing());
    m_ui->removeClaimButton->setEnabled(m_claimsModel->rowCount() > 0);

    const std::pair<Field, QLabel *> messages[] = {
        {Field::Username, m_ui->usernameErrorLabel},
        {Field::Password, m_ui->passwordErrorLabel},
        {Field::Email, m_ui->emailErrorLabel},
        {Field::ExtraClaims, m_ui->extraClaimsErrorLabel},
    };
    for (const auto &[field, label] : messages) {
        const QString error = m_touched.contains(field) ? errorFor(field) : QString();
        FieldMessage::show(label, fieldWidget(field), error);
        m_ui->formLayout->setRowVisible(label, !error.isEmpty());
    }

    m_ui->titleLabel->setText(m_isNew ? tr("New user") : m_baseline.username);
}

void UsersPage::load(const TestUser &user, bool isNew)
{
    m_baseline = user;
    m_isNew = isNew;
    m_touched.clear();
    {
        QScopedValueRollback loading(m_loading, true);
        m_ui->usernameLineEdit->setText(user.username);
        m_ui->passwordField->setText(user.password);
        m_ui->passwordField->setRevealed(false);
        m_ui->nameLineEdit->setText(user.name);
        m_ui->givenNameLineEdit->setText(user.givenName);
        m_ui->familyNameLineEdit->setText(user.familyName);
        m_ui->emailLineEdit->setText(user.email);
        m_ui->emailVerifiedCheckBox->setChecked(user.emailVerified);
        m_claimsModel->setClaims(user.extraClaims);
    }
    m_ui->editorStack->setCurrentWidget(m_ui->editorPage);
    updateState();
}

void UsersPage::showUser(const QString &username)
{
    const Configuration config = m_workspace->configuration();
    const TestUser *user = config.findUser(username);
    if (!user) {
        showNothing();
        return;
    }
    load(*user, false);
    selectRow(username);
}

void UsersPage::showNothing()
{
    load({}, true);
    m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
    selectRow(QString());
    updateState();
}

void UsersPage::selectRow(const QString &username)
{
    QScopedValueRollback selecting(m_selecting, true);
    const int row = username.isEmpty() ? -1 : m_model->rowOfKey(username);
    RowSelection::select(m_ui->usersTableView, row < 0 ? QModelIndex() : m_model->index(row, 0));
}

void UsersPage::configurationChanged()
{
    const Configuration config = m_workspace->configuration();
    {
        // Removing the current row moves the current index; that is no request to load a user.
        QScopedValueRollback selecting(m_selecting, true);
        m_model->setConfiguration(config);
    }
    if (m_applying)
        return;
    if (isEditing() && !m_isNew) {
        const TestUser *saved = config.findUser(m_baseline.username);
        if (saved && !hasUnsavedChanges()) {
            load(*saved, false);
        } else if (saved) {
            m_baseline = *saved; // what the user typed stays; saving writes it over the new one
        } else if (hasUnsavedChanges()) {
            m_isNew = true; // removed meanwhile: saving adds it again
        } else if (m_model->rowCount() > 0) {
            showUser(m_model->itemAt(0).username);
        } else {
            showNothing();
        }
    }
    selectRow(originalUsername());
    updateState();
}

void UsersPage::currentRowChanged(const QModelIndex &current)
{
    if (m_selecting || !current.isValid())
        return;
    const QString username = current.data(UserListModel::UsernameRole).toString();
    if (isEditing() && !m_isNew && m_baseline.username == username)
        return;
    if (!confirmLeavingEditor()) {
        // Queued: a mouse press selects the clicked row after this slot returns.
        QMetaObject::invokeMethod(
            this, [this] { selectRow(originalUsername()); }, Qt::QueuedConnection);
        return;
    }
    showUser(username);
}

bool UsersPage::confirmLeavingEditor()
{
    if (!hasUnsavedChanges())
        return true;
    const QString question = m_isNew
        ? tr("Save the new user \u201c%1\u201d?").arg(m_ui->usernameLineEdit->text())
        : tr("Save the changes to the user \u201c%1\u201d?").arg(m_baseline.username);
    return UnsavedChanges::resolve(
        this, question, u"unsavedUserMessageBox"_s, [this] { return saveChanges(); },
        [this] { discardChanges(); });
}

void UsersPage::apply(const Configuration &config)
{
    QScopedValueRollback applying(m_applying, true);
    QScopedValueRollback selecting(m_selecting, true);
    m_workspace->setConfiguration(config);
    m_model->setConfiguration(m_workspace->configuration());
}

bool UsersPage::saveChanges()
{
    if (!hasUnsavedChanges())
        return true;
    constexpr Field Order[] = {Field::Username, Field::Password, Field::Email, Field::ExtraClaims};
    QWidget *firstInvalid = nullptr;
    int claimRow = -1;
    for (const Field field : Order) {
        m_touched.insert(field);
        if (!firstInvalid && !errorFor(field).isEmpty())
            firstInvalid = fieldWidget(field);
    }
    updateState();
    if (firstInvalid) {
        firstInvalid->setFocus(Qt::OtherFocusReason);
        if (auto *edit = qobject_cast<QLineEdit *>(firstInvalid))
            edit->selectAll();
        if (firstInvalid == m_ui->extraClaimsTableView) {
            m_claimsModel->problem(&claimRow);
            m_ui->extraClaimsTableView->setCurrentIndex(m_claimsModel->index(claimRow, 0));
        }
        return false;
    }
    const TestUser user = formUser();
    apply(ConfigurationEdits::withUser(m_workspace->configuration(), originalUsername(), user));
    load(user, false);
    selectRow(user.username);
    Q_EMIT statusMessage(tr("Saved user %1: the login page takes it now.").arg(user.username));
    return true;
}

void UsersPage::discardChanges()
{
    if (!isEditing())
        return;
    load(m_baseline, m_isNew);
}

void UsersPage::createUser()
{
    if (!confirmLeavingEditor())
        return;
    load({}, true);
    selectRow(QString());
    m_ui->usernameLineEdit->setFocus(Qt::OtherFocusReason);
}

void UsersPage::deleteUser()
{
    if (!isEditing())
        return;
    const int row = m_ui->usersTableView->currentIndex().row();
    const auto showNearest = [this](int nearRow) {
        if (m_model->rowCount() == 0)
            showNothing();
        else
            showUser(m_model->itemAt(std::clamp(nearRow, 0, m_model->rowCount() - 1)).username);
    };
    if (m_isNew) {
        // Never saved: there is nothing to delete but the form.
        showNearest(0);
        return;
    }

    const QString username = m_baseline.username;
    if (!Dialogs::confirmDelete(this, tr("Delete User"),
            tr("Delete the user \u201c%1\u201d?").arg(username),
            tr("They can no longer sign in. Tokens already issued to them stay valid until they "
               "expire or are revoked."),
            u"deleteUserMessageBox"_s)) {
        return;
    }

    apply(ConfigurationEdits::withoutUser(m_workspace->configuration(), username));
    Q_EMIT statusMessage(tr("Deleted user %1.").arg(username));
    showNearest(row);
}
