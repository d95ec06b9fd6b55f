// SPDX-License-Identifier: GPL-3.0-or-later
#include "scopespage.h"
#include "ui_scopespage.h"
#include "unsavedchanges.h"

#include "configurationedits.h"
#include "dialogs.h"
#include "fieldmessage.h"
#include "rowselection.h"
#include "scopelistmodel.h"
#include "theme.h"
#include "workspace.h"

#include <QEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QShortcut>

using namespace Qt::Literals::StringLiterals;

namespace {

QString quotedList(const QStringList &names)
{
    return u"\u201c"_s + names.join(u"\u201d, \u201c"_s) + u"\u201d"_s;
}

} // namespace

ScopesPage::ScopesPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ScopesPage>())
    , m_workspace(workspace)
    , m_model(new ScopeListModel(this))
{
    m_ui->setupUi(this);

    QTableView *table = m_ui->scopesTableView;
    table->setModel(m_model);
    QHeaderView *header = table->horizontalHeader();
    header->setSectionResizeMode(ScopeListModel::NameColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ScopeListModel::DescriptionColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ScopeListModel::UsedByColumn, QHeaderView::ResizeToContents);

    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_ui->titleLabel->setFont(titleFont);
    Theme::setTone(m_ui->scopeHelpLabel, Theme::Tone::Muted);
    m_ui->scopeNameErrorLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_ui->renameNoticeLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    FieldMessage::show(
        m_ui->unsavedLabel, nullptr, m_ui->unsavedLabel->text(), FieldMessage::Severity::Warning);

    const int unit = fontMetrics().averageCharWidth();
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 2);
    m_ui->splitter->setSizes({unit * 100, unit * 70});
    m_ui->listPanel->setMinimumWidth(unit * 40);

    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { currentRowChanged(current); });
    connect(m_ui->scopeNameLineEdit, &QLineEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        m_nameTouched = true;
        updateState();
    });
    connect(m_ui->descriptionLineEdit, &QLineEdit::textChanged, this, [this] {
        if (!m_loading)
            updateState();
    });
    connect(m_ui->newButton, &QPushButton::clicked, this, &ScopesPage::createScope);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &ScopesPage::deleteScope);
    connect(m_ui->saveButton, &QPushButton::clicked, this, [this] { saveChanges(); });
    connect(m_ui->revertButton, &QPushButton::clicked, this, &ScopesPage::discardChanges);
    // Enter in a field saves, as in a dialog.
    connect(m_ui->scopeNameLineEdit, &QLineEdit::returnPressed, this, [this] { saveChanges(); });
    connect(m_ui->descriptionLineEdit, &QLineEdit::returnPressed, this, [this] { saveChanges(); });

    // Window-wide while this page is shown (a hidden page's shortcuts are inactive).
    auto *newShortcut = new QShortcut(QKeySequence::New, this);
    connect(newShortcut, &QShortcut::activated, this, &ScopesPage::createScope);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, table);
    deleteShortcut->setContext(Qt::WidgetShortcut);
    connect(deleteShortcut, &QShortcut::activated, this, &ScopesPage::deleteScope);
    auto *renameShortcut = new QShortcut(QKeySequence(Qt::Key_F2), table);
    renameShortcut->setContext(Qt::WidgetShortcut);
    connect(renameShortcut, &QShortcut::activated, this, [this] {
        if (!isEditing())
            return;
        m_ui->scopeNameLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->scopeNameLineEdit->selectAll();
    });
    auto *saveShortcut = new QShortcut(QKeySequence::Save, m_ui->editorPage);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, [this] { saveChanges(); });

    // The window focuses a page when it shows it: the list is where keyboard work starts.
    setFocusProxy(table);

    connect(m_workspace, &Workspace::configurationChanged, this, &ScopesPage::configurationChanged);

    m_model->setConfiguration(m_workspace->configuration());
    if (m_model->rowCount() > 0)
        showScope(m_model->itemAt(0).scope.name);
    else
        showNothing();
}

ScopesPage::~ScopesPage() = default;

void ScopesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        Theme::refreshTones(this);
    QWidget::changeEvent(event);
}

bool ScopesPage::isEditing() const
{
    return m_ui->editorStack->currentWidget() == m_ui->editorPage;
}

ScopeDefinition ScopesPage::formScope() const
{
    return {m_ui->scopeNameLineEdit->text(), m_ui->descriptionLineEdit->text()};
}

bool ScopesPage::hasUnsavedChanges() const
{
    return isEditing() && formScope() != m_baseline;
}

QString ScopesPage::nameError() const
{
    const QString name = m_ui->scopeNameLineEdit->text();
    if (const QString problem = ConfigurationJson::validateScopeName(name); !problem.isEmpty())
        return tr("The name %1.").arg(problem);
    if (name != originalName() && m_workspace->configuration().findScope(name))
        return tr("Another scope is already named \u201c%1\u201d.").arg(name);
    return {};
}

void ScopesPage::updateState()
{
    const bool dirty = hasUnsavedChanges();
    // A disabled button hands the focus to the next widget in the chain (the list, which would
    // then select its first row); after a save or a revert the name field is the useful place.
    if (!dirty && (m_ui->saveButton->hasFocus() || m_ui->revertButton->hasFocus()))
        m_ui->scopeNameLineEdit->setFocus(Qt::OtherFocusReason);
    m_ui->unsavedLabel->setVisible(dirty);
    m_ui->saveButton->setEnabled(dirty);
    m_ui->revertButton->setEnabled(dirty);
    m_ui->deleteButton->setEnabled(isEditing());

    const QString error = m_nameTouched ? nameError() : QString();
    FieldMessage::show(m_ui->scopeNameErrorLabel, m_ui->scopeNameLineEdit, error);
    m_ui->formLayout->setRowVisible(m_ui->scopeNameErrorLabel, !error.isEmpty());

    const Configuration config = m_workspace->configuration();
    const QStringList usedBy
        = m_isNew ? QStringList() : ConfigurationEdits::clientsUsingScope(config, m_baseline.name);
    // The same words as the list's "Used by" column.
    m_ui->usedByLabel->setText(
        usedBy.isEmpty() ? ScopeListModel::usageSummary(0) : usedBy.join(u", "_s));

    const QString name = m_ui->scopeNameLineEdit->text();
    QString notice;
    if (!m_isNew && name != m_baseline.name && !usedBy.isEmpty() && error.isEmpty()) {
        notice = (usedBy.size() == 1 ? tr("Saving renames it in the client %1 too.")
                                     : tr("Saving renames it in the clients %1 too."))
                     .arg(quotedList(usedBy))
            + u' '
            + tr("Applications that still ask for \u201c%1\u201d get invalid_scope from then on.")
                  .arg(m_baseline.name);
    }
    FieldMessage::show(m_ui->renameNoticeLabel, nullptr, notice, FieldMessage::Severity::Warning);
    m_ui->formLayout->setRowVisible(m_ui->renameNoticeLabel, !notice.isEmpty());

    m_ui->titleLabel->setText(m_isNew ? tr("New scope") : m_baseline.name);
}

void ScopesPage::load(const ScopeDefinition &scope, bool isNew)
{
    m_baseline = scope;
    m_isNew = isNew;
    m_nameTouched = false;
    {
        QScopedValueRollback loading(m_loading, true);
        m_ui->scopeNameLineEdit->setText(scope.name);
        m_ui->descriptionLineEdit->setText(scope.description);
    }
    m_ui->editorStack->setCurrentWidget(m_ui->editorPage);
    updateState();
}

void ScopesPage::showScope(const QString &name)
{
    const Configuration config = m_workspace->configuration();
    const ScopeDefinition *scope = config.findScope(name);
    if (!scope) {
        showNothing();
        return;
    }
    load(*scope, false);
    selectRow(name);
}

void ScopesPage::showNothing()
{
    load({}, true);
    m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
    selectRow(QString());
    updateState();
}

void ScopesPage::selectRow(const QString &name)
{
    QScopedValueRollback selecting(m_selecting, true);
    const int row = name.isEmpty() ? -1 : m_model->rowOfKey(name);
    RowSelection::select(m_ui->scopesTableView, row < 0 ? QModelIndex() : m_model->index(row, 0));
}

void ScopesPage::configurationChanged()
{
    const Configuration config = m_workspace->configuration();
    {
        // Removing the current row moves the current index; that is no request to load a scope.
        QScopedValueRollback selecting(m_selecting, true);
        m_model->setConfiguration(config);
    }
    if (m_applying)
        return;
    if (isEditing() && !m_isNew) {
        const ScopeDefinition *saved = config.findScope(m_baseline.name);
        if (saved && !hasUnsavedChanges()) {
            load(*saved, false);
        } else if (saved) {
            // Keep what the user typed; take the new saved value of an untouched field.
            ScopeDefinition form = formScope();
            if (form.description == m_baseline.description)
                form.description = saved->description;
            m_baseline = *saved;
            QScopedValueRollback loading(m_loading, true);
            m_ui->descriptionLineEdit->setText(form.description);
        } else if (hasUnsavedChanges()) {
            m_isNew = true; // removed meanwhile: saving adds it again
        } else if (m_model->rowCount() > 0) {
            showScope(m_model->itemAt(0).scope.name);
        } else {
            showNothing();
        }
    }
    selectRow(originalName());
    updateState();
}

void ScopesPage::currentRowChanged(const QModelIndex &current)
{
    if (m_selecting || !current.isValid())
        return;
    const QString name = current.data(ScopeListModel::ScopeNameRole).toString();
    if (isEditing() && !m_isNew && m_baseline.name == name)
        return;
    if (!confirmLeavingEditor()) {
        // Queued: a mouse press selects the clicked row after this slot returns.
        QMetaObject::invokeMethod(
            this, [this] { selectRow(originalName()); }, Qt::QueuedConnection);
        return;
    }
    showScope(name);
}

bool ScopesPage::confirmLeavingEditor()
{
    if (!hasUnsavedChanges())
        return true;
    const QString name = m_ui->scopeNameLineEdit->text();
    const QString question = m_isNew
        ? tr("Save the new scope \u201c%1\u201d?").arg(name)
        : tr("Save the changes to the scope \u201c%1\u201d?").arg(m_baseline.name);
    return UnsavedChanges::resolve(
        this, question, u"unsavedScopeMessageBox"_s, [this] { return saveChanges(); },
        [this] { discardChanges(); });
}

void ScopesPage::apply(const Configuration &config)
{
    QScopedValueRollback applying(m_applying, true);
    QScopedValueRollback selecting(m_selecting, true);
    m_workspace->setConfiguration(config);
    m_model->setConfiguration(m_workspace->configuration());
}

bool ScopesPage::saveChanges()
{
    if (!hasUnsavedChanges())
        return true;
    m_nameTouched = true;
    updateState();
    if (!nameError().isEmpty()) {
        m_ui->scopeNameLineEdit->setFocus(Qt::OtherFocusReason);
        m_ui->scopeNameLineEdit->selectAll();
        return false;
    }
    const ScopeDefinition scope = formScope();
    apply(ConfigurationEdits::withScope(m_workspace->configuration(), originalName(), scope));
    load(scope, false);
    selectRow(scope.name);
    Q_EMIT statusMessage(tr("Saved scope %1: the server uses it now.").arg(scope.name));
    return true;
}

void ScopesPage::discardChanges()
{
    if (!isEditing())
        return;
    load(m_baseline, m_isNew);
}

void ScopesPage::createScope()
{
    if (!confirmLeavingEditor())
        return;
    load({}, true);
    selectRow(QString());
    m_ui->scopeNameLineEdit->setFocus(Qt::OtherFocusReason);
}

void ScopesPage::deleteScope()
{
    if (!isEditing())
        return;
    const int row = m_ui->scopesTableView->currentIndex().row();
    const auto showNearest = [this](int nearRow) {
        if (m_model->rowCount() == 0)
            showNothing();
        else
            showScope(m_model->itemAt(std::clamp(nearRow, 0, m_model->rowCount() - 1)).scope.name);
    };
    if (m_isNew) {
        // Never saved: there is nothing to delete but the form.
        showNearest(0);
        return;
    }

    const QString name = m_baseline.name;
    const Configuration config = m_workspace->configuration();
    const QStringList usedBy = ConfigurationEdits::clientsUsingScope(config, name);
    QString details = tr("No client may request it.");
    if (!usedBy.isEmpty()) {
        const QString whom = usedBy.size() == 1
            ? tr("It is also taken away from the client that may request it: %1.")
                  .arg(quotedList(usedBy))
            : tr("It is also taken away from the %1 clients that may request it: %2.")
                  .arg(usedBy.size())
                  .arg(quotedList(usedBy));
        details = whom + u' ' + tr("Their requests for it get invalid_scope from now on.");
    }
    if (!Dialogs::confirmDelete(this, tr("Delete Scope"),
            tr("Delete the scope \u201c%1\u201d?").arg(name), details,
            u"deleteScopeMessageBox"_s)) {
        return;
    }

    apply(ConfigurationEdits::withoutScope(config, name));
    showNearest(row);
}
