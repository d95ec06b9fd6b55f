// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientspage.h"
#include "ui_clientspage.h"
#include "unsavedchanges.h"

#include "authmethodexplainer.h"
#include "clienteditor.h"
#include "clientitemdelegate.h"
#include "clientlistmodel.h"
#include "configurationedits.h"
#include "dialogs.h"
#include "oauth/protocolregistry.h"
#include "rowselection.h"
#include "workspace.h"

#include <QComboBox>
#include <QMessageBox>
#include <QPushButton>
#include <QResizeEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

// Below this width the explanation moves under the form instead of beside it.
constexpr int SideBySideMinimumWidth = 1000;

QStringList clientIds(const Configuration &config)
{
    QStringList ids;
    for (const ClientRegistration &client : config.clients)
        ids.append(client.clientId);
    return ids;
}

} // namespace

ClientsPage::ClientsPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ClientsPage>())
    , m_workspace(workspace)
    , m_model(new ClientListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    ClientEditor *editor = m_ui->clientEditor;

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    QTableView *table = m_ui->clientsTableView;
    table->setModel(m_proxy);
    table->setItemDelegateForColumn(ClientListModel::ClientIdColumn, new ClientItemDelegate(table));
    // One column, two lines a row (ClientItemDelegate); the other columns still feed the filter.
    for (int column = 0; column < ClientListModel::ColumnCount; ++column)
        table->setColumnHidden(column, column != ClientListModel::ClientIdColumn);
    table->horizontalHeader()->setSectionResizeMode(
        ClientListModel::ClientIdColumn, QHeaderView::Stretch);
    table->horizontalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    // The window must fit a 1280 px screen with a large font (issue 9), so no panel insists on
    // its full width: the form's fields scroll inside the editor (sideways too, if the user
    // narrows it), its actions stay in view, and the splitter starts at the form's natural width.
    const int unit = fontMetrics().averageCharWidth();
    editor->setMinimumWidth(unit * 36);

    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->detailSplitter->setStretchFactor(0, 3);
    m_ui->detailSplitter->setStretchFactor(1, 2);
    // No explicit minimum for the list: its layout's (the New/Duplicate/Delete row at the font
    // in use) is the one that keeps those buttons whole.
    m_ui->explanationBrowser->setMinimumWidth(unit * 24);
    m_ui->splitter->setSizes({unit * 30, unit * 140});
    m_ui->detailSplitter->setSizes({editor->sizeHint().width() + unit * 2, unit * 64});

    connect(m_ui->filterLineEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        {
            // Filtering moves the current row; that must not load another client.
            QScopedValueRollback selecting(m_selecting, true);
            m_proxy->setFilterFixedString(text);
        }
        followFilter();
    });
    connect(m_ui->filterLineEdit, &QLineEdit::returnPressed, this, [this] {
        m_ui->clientsTableView->setFocus(Qt::ShortcutFocusReason);
        if (!m_ui->clientsTableView->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_ui->clientsTableView->setCurrentIndex(m_proxy->index(0, 0));
    });
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) { currentRowChanged(current); });

    connect(m_ui->newButton, &QPushButton::clicked, this, &ClientsPage::createClient);
    connect(m_ui->duplicateButton, &QPushButton::clicked, this, &ClientsPage::duplicateClient);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &ClientsPage::deleteClient);

    // Window-wide while this page is the one shown (a hidden page's shortcuts are inactive), so
    // they work wherever the focus is, the window's page list included. Delete only on the
    // list, where it cannot be mistaken for deleting a character.
    auto *newShortcut = new QShortcut(QKeySequence::New, this);
    connect(newShortcut, &QShortcut::activated, this, &ClientsPage::createClient);
    auto *duplicateShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_D), this);
    connect(duplicateShortcut, &QShortcut::activated, this, &ClientsPage::duplicateClient);
    auto *deleteShortcut = new QShortcut(QKeySequence::Delete, table);
    deleteShortcut->setContext(Qt::WidgetShortcut);
    connect(deleteShortcut, &QShortcut::activated, this, &ClientsPage::deleteClient);
    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_ui->filterLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->filterLineEdit->selectAll();
    });

    connect(editor, &ClientEditor::dirtyChanged, this, &ClientsPage::updateActions);
    connect(editor, &ClientEditor::edited, this, &ClientsPage::updateExplanation);
    connect(editor, &ClientEditor::secretVisibilityChanged, this, &ClientsPage::updateExplanation);
    connect(editor, &ClientEditor::saveRequested, this, [this] { saveChanges(); });
    connect(editor, &ClientEditor::authMethodHighlighted, this, &ClientsPage::setExplainedMethod);
    // Every method the server implements, in the registry's order.
    for (const QString &method : ProtocolRegistry::instance().authenticationMethods())
        m_ui->explainMethodCombo->addItem(method, method);
    chooseExplainedMethod(AuthMethod::ClientSecretBasic.toString());
    connect(m_ui->explainMethodCombo, &QComboBox::activated, this, &ClientsPage::updateExplanation);

    // The window focuses a page when it shows it: the list is where keyboard work starts.
    setFocusProxy(table);

    connect(
        m_workspace, &Workspace::configurationChanged, this, &ClientsPage::configurationChanged);
    connect(m_workspace, &Workspace::serverStateChanged, this, &ClientsPage::updateExplanation);

    configurationChanged();
    if (m_model->rowCount() > 0)
        showClient(m_model->itemAt(0).clientId);
    else
        showNothing();
}

ClientsPage::~ClientsPage() = default;

bool ClientsPage::hasUnsavedChanges() const
{
    return m_ui->editorStack->currentWidget() == m_ui->editorPage && m_ui->clientEditor->isDirty();
}

bool ClientsPage::saveChanges()
{
    if (!hasUnsavedChanges())
        return true;
    ClientEditor *editor = m_ui->clientEditor;
    const Configuration config = m_workspace->configuration();
    editor->setRegisteredClientIds(clientIds(config));
    if (!editor->validate())
        return false;

    const ClientRegistration client = editor->client();
    {
        QScopedValueRollback applying(m_applying, true);
        m_workspace->setConfiguration(
            ConfigurationEdits::withClient(config, editor->originalClientId(), client));
    }
    configurationChanged();
    editor->loadClient(client);
    selectRow(client.clientId);
    updateActions();
    updateExplanation();
    Q_EMIT statusMessage(tr("Saved client %1: the server uses it now.").arg(client.clientId));
    return true;
}

void ClientsPage::discardChanges()
{
    m_ui->clientEditor->revert();
}

void ClientsPage::configurationChanged()
{
    const Configuration config = m_workspace->configuration();
    {
        // Removing the current row moves the current index; that is no request to load a client.
        QScopedValueRollback selecting(m_selecting, true);
        m_model->setConfiguration(config);
    }
    ClientEditor *editor = m_ui->clientEditor;
    editor->setAvailableScopes(config.scopes);
    editor->setRegisteredClientIds(clientIds(config));
    if (m_applying)
        return;

    const bool editing = m_ui->editorStack->currentWidget() == m_ui->editorPage;
    if (editing && !editor->isNew()) {
        if (const ClientRegistration *saved = config.findClient(editor->originalClientId())) {
            editor->rebase(*saved);
        } else if (editor->isDirty()) {
            editor->detach();
        } else if (m_model->rowCount() > 0) {
            showClient(m_model->itemAt(0).clientId);
        } else {
            showNothing();
        }
    }
    selectRow(editor->originalClientId());
    updateActions();
    updateExplanation();
}

void ClientsPage::currentRowChanged(const QModelIndex &current)
{
    // An invalid current index means the filter hid the row: the form keeps what it shows.
    if (m_selecting || !current.isValid())
        return;
    ClientEditor *editor = m_ui->clientEditor;
    const QString clientId = current.data(ClientListModel::ClientIdRole).toString();
    const bool editing = m_ui->editorStack->currentWidget() == m_ui->editorPage;
    if (editing && !editor->isNew() && editor->originalClientId() == clientId)
        return;
    if (!confirmLeavingEditor()) {
        // Queued: a mouse press selects the clicked row after this slot returns.
        QMetaObject::invokeMethod(
            this, [this] { selectRow(m_ui->clientEditor->originalClientId()); },
            Qt::QueuedConnection);
        return;
    }
    showClient(clientId);
}

bool ClientsPage::confirmLeavingEditor()
{
    if (!hasUnsavedChanges())
        return true;
    const ClientRegistration client = m_ui->clientEditor->client();
    const QString name = client.clientId.isEmpty() ? tr("a client without an ID")
                                                   : u"\u201c"_s + client.clientId + u"\u201d"_s;
    const QString question = m_ui->clientEditor->isNew() ? tr("Save the new client %1?").arg(name)
                                                         : tr("Save the changes to %1?").arg(name);
    return UnsavedChanges::resolve(
        this, question, u"unsavedClientMessageBox"_s, [this] { return saveChanges(); },
        [this] { m_ui->clientEditor->revert(); });
}

void ClientsPage::showClient(const QString &clientId)
{
    const Configuration config = m_workspace->configuration();
    const ClientRegistration *client = config.findClient(clientId);
    if (!client) {
        showNothing();
        return;
    }
    ClientEditor *editor = m_ui->clientEditor;
    editor->setAvailableScopes(config.scopes);
    editor->setRegisteredClientIds(clientIds(config));
    editor->loadClient(*client);
    m_ui->editorStack->setCurrentWidget(m_ui->editorPage);
    selectRow(clientId);
    if (!client->allowsAuthenticationMethod(explainedMethod())
        && !client->authenticationMethods.isEmpty()) {
        chooseExplainedMethod(client->authenticationMethods.first());
    }
    updateActions();
    updateExplanation();
}

void ClientsPage::followFilter()
{
    ClientEditor *editor = m_ui->clientEditor;
    const QString shown = editor->originalClientId();
    const bool editing = m_ui->editorStack->currentWidget() == m_ui->editorPage && !editor->isNew();
    const int row = shown.isEmpty() ? -1 : m_model->rowOfKey(shown);
    const bool hidden = row < 0 || !m_proxy->mapFromSource(m_model->index(row, 0)).isValid();
    // Rows filtered out and back in lose their selection: put it back on the edited client.
    // Unsaved edits are never dropped by typing in the filter: that client stays in the form.
    if (!editing || !hidden || editor->isDirty()) {
        selectRow(shown);
        return;
    }
    // The form follows the list: the first client the filter shows, or none.
    if (m_proxy->rowCount() > 0) {
        showClient(m_proxy->index(0, 0).data(ClientListModel::ClientIdRole).toString());
        return;
    }
    showNothing();
    m_ui->emptyLabel->setText(tr("No client matches \u201c%1\u201d. Clear the filter to see "
                                 "them all, or press New (Ctrl+N) to register one.")
                                  .arg(m_ui->filterLineEdit->text()));
}

void ClientsPage::showNothing()
{
    m_ui->emptyLabel->setText(tr("No client selected. Choose one in the list, or press New "
                                 "(Ctrl+N) to register one."));
    ClientRegistration blank;
    m_ui->clientEditor->loadNewClient(blank, ClientEditor::NewClientState::Pristine);
    m_ui->editorStack->setCurrentWidget(m_ui->emptyPage);
    selectRow(QString());
    updateActions();
    updateExplanation();
}

void ClientsPage::selectRow(const QString &clientId)
{
    QScopedValueRollback selecting(m_selecting, true);
    const int row = clientId.isEmpty() ? -1 : m_model->rowOfKey(clientId);
    RowSelection::select(m_ui->clientsTableView,
        row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, 0)));
}

void ClientsPage::createClient()
{
    if (!confirmLeavingEditor())
        return;
    const Configuration config = m_workspace->configuration();
    ClientRegistration client;
    client.clientSecret = ClientEditor::generateSecret();
    // Basic is the method every client library supports; five minutes is what SAS defaults to.
    client.authenticationMethods = {AuthMethod::ClientSecretBasic.toString()};
    client.grantTypes = {GrantType::ClientCredentials.toString()};
    client.accessTokenLifetimeSeconds = 300;
    ClientEditor *editor = m_ui->clientEditor;
    editor->setAvailableScopes(config.scopes);
    editor->setRegisteredClientIds(clientIds(config));
    editor->loadNewClient(client, ClientEditor::NewClientState::Pristine);
    m_ui->editorStack->setCurrentWidget(m_ui->editorPage);
    selectRow(QString());
    chooseExplainedMethod(AuthMethod::ClientSecretBasic.toString());
    updateActions();
    updateExplanation();
    editor->setFocus(Qt::OtherFocusReason);
}

void ClientsPage::duplicateClient()
{
    ClientEditor *editor = m_ui->clientEditor;
    if (m_ui->editorStack->currentWidget() != m_ui->editorPage || editor->isNew())
        return;
    if (!confirmLeavingEditor())
        return;
    const Configuration config = m_workspace->configuration();
    const ClientRegistration *source = config.findClient(editor->originalClientId());
    if (!source)
        return;
    // A copy is for a second, similar client: same methods, grants, scopes and lifetime, but
    // its own identity and its own secret (two clients never share one).
    ClientRegistration copy = *source;
    copy.clientId = ConfigurationEdits::uniqueClientId(config, source->clientId + u"-copy"_s);
    copy.clientSecret = ClientEditor::generateSecret();
    if (!copy.displayName.isEmpty())
        copy.displayName = tr("%1 (copy)").arg(copy.displayName);
    editor->loadNewClient(copy, ClientEditor::NewClientState::Modified);
    selectRow(QString());
    updateActions();
    updateExplanation();
    editor->setFocus(Qt::OtherFocusReason);
}

void ClientsPage::deleteClient()
{
    ClientEditor *editor = m_ui->clientEditor;
    if (m_ui->editorStack->currentWidget() != m_ui->editorPage)
        return;

    const auto showNearest = [this](int row) {
        if (m_proxy->rowCount() == 0) {
            showNothing();
            return;
        }
        const QModelIndex index = m_proxy->index(std::clamp(row, 0, m_proxy->rowCount() - 1), 0);
        showClient(index.data(ClientListModel::ClientIdRole).toString());
    };

    if (editor->isNew()) {
        // Nothing saved to delete: dropping the form is the whole operation.
        if (editor->isDirty()) {
            QMessageBox box(QMessageBox::Question, tr("Discard New Client"),
                tr("Discard the new client? It was never saved."),
                QMessageBox::Discard | QMessageBox::Cancel, this);
            box.setObjectName(u"discardNewClientMessageBox"_s);
            box.setDefaultButton(QMessageBox::Cancel);
            Dialogs::fitTitle(&box);
            if (box.exec() != QMessageBox::Discard)
                return;
        }
        showNearest(0);
        return;
    }

    const QString clientId = editor->originalClientId();
    QString details = tr("From now on its requests get invalid_client. Tokens already issued to "
                         "it stay valid until they expire: they are signed JWTs that the server "
                         "does not keep.");
    if (editor->isDirty())
        details += u' ' + tr("Your unsaved edits to it are lost too.");
    if (!Dialogs::confirmDelete(this, tr("Delete Client"),
            tr("Delete the client \u201c%1\u201d?").arg(clientId), details,
            u"deleteClientMessageBox"_s)) {
        return;
    }

    const int row = m_ui->clientsTableView->currentIndex().row();
    {
        QScopedValueRollback applying(m_applying, true);
        m_workspace->setConfiguration(
            ConfigurationEdits::withoutClient(m_workspace->configuration(), clientId));
    }
    configurationChanged();
    showNearest(row);
}

void ClientsPage::updateActions()
{
    const bool editing = m_ui->editorStack->currentWidget() == m_ui->editorPage;
    m_ui->duplicateButton->setEnabled(editing && !m_ui->clientEditor->isNew());
    m_ui->deleteButton->setEnabled(editing);
}

QString ClientsPage::explainedMethod() const
{
    return m_ui->explainMethodCombo->currentData().toString();
}

void ClientsPage::chooseExplainedMethod(const QString &method)
{
    // A method the build does not implement is not in the combo: the explanation stays.
    const int index = m_ui->explainMethodCombo->findData(method);
    if (index >= 0)
        m_ui->explainMethodCombo->setCurrentIndex(index); // emits no activated()
}

void ClientsPage::setExplainedMethod(const QString &method)
{
    chooseExplainedMethod(method);
    updateExplanation();
}

void ClientsPage::updateExplanation()
{
    const QString method = explainedMethod();

    const ClientRegistration client = m_ui->clientEditor->client();
    const Configuration config = m_workspace->configuration();
    AuthMethodExample example;
    example.method = method;
    // Placeholders read better than an empty value in the sample request.
    example.clientId = client.clientId.isEmpty() ? u"your-client-id"_s : client.clientId;
    example.clientSecret = client.clientSecret;
    example.secretVisible = m_ui->clientEditor->isSecretVisible();
    if (client.clientSecret.isEmpty()) {
        example.clientSecret = u"your-client-secret"_s;
        example.secretVisible = true;
    }
    for (const QString &scope : client.scopes) {
        if (config.findScope(scope))
            example.scopes.append(scope);
    }
    example.tokenEndpoint = QUrl(m_workspace->endpoints().token);
    example.enabledForClient = client.allowsAuthenticationMethod(method);
    AuthMethodExplainer::useGrantOf(example, client);

    QTextBrowser *browser = m_ui->explanationBrowser;
    const int scroll = browser->verticalScrollBar()->value();
    browser->setHtml(AuthMethodExplainer::html(example, browser->palette()));
    browser->verticalScrollBar()->setValue(scroll);
}

void ClientsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateExplanation();
}

void ClientsPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitDetailLayout(event->size(), false);
}

void ClientsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Again once first shown and laid out: the first resize comes before the explanation's method
    // choice and the loaded client give the panels their real minimum and natural widths.
    if (m_shownOnce)
        return; // later, a size the user dragged stays
    m_shownOnce = true;
    QTimer::singleShot(0, this, [this] { fitDetailLayout(size(), true); });
}

void ClientsPage::fitDetailLayout(QSize pageSize, bool force)
{
    // Side by side only when the list (at its narrowest), the whole form and the explanation fit
    // (so the threshold grows with the font); else the explanation goes under the form.
    const int handle = m_ui->splitter->handleWidth();
    const int listMinimum = m_ui->listPanel->minimumSizeHint().width();
    const int natural = m_ui->clientEditor->naturalWidth();
    const int explanationMinimum = m_ui->explanationPanel->minimumSizeHint().width();
    const int sideBySide = std::max(
        SideBySideMinimumWidth, listMinimum + natural + explanationMinimum + 2 * handle + 24);
    const Qt::Orientation orientation
        = pageSize.width() < sideBySide ? Qt::Vertical : Qt::Horizontal;
    // Sized again when the orientation changes, and when the form has come to scroll sideways
    // while the list or the explanation has width to spare (the window shrank after the sizes
    // were set: at 1440x900 with a 12 pt font the first sizes were for a wider window).
    // Otherwise a width the user dragged stays.
    const bool squeezed = orientation == Qt::Horizontal && m_ui->clientEditor->width() < natural
        && (m_ui->explanationPanel->width() > explanationMinimum
            || m_ui->listPanel->width() > listMinimum);
    if (!force && orientation == m_ui->detailSplitter->orientation() && m_detailSplitSet
        && !squeezed)
        return;
    m_ui->detailSplitter->setOrientation(orientation);

    // The list gives up width, down to its minimum, before the form scrolls sideways (issue 9,
    // item 7: at 1440x900 with a 12 pt font the form was cut by a list wider than it needs).
    const int page = m_ui->splitter->width() > 0 ? m_ui->splitter->width() : pageSize.width();
    const int beside = orientation == Qt::Horizontal ? explanationMinimum + handle : 0;
    const int listRoom = page - handle - natural - beside;
    const int list = std::max(listMinimum, std::min(m_ui->listPanel->width(), listRoom));
    m_ui->splitter->setSizes({list, std::max(0, page - handle - list)});
    // The detail splitter's own handle is not part of its sizes: counting it shrank the form
    // below its fields' width, and the form scrolled sideways by the handle's few pixels.
    const int detail = std::max(0, page - handle - list - m_ui->detailSplitter->handleWidth());

    if (orientation == Qt::Horizontal) {
        // Side by side: the form as wide as its fields need, the explanation the rest.
        const int editor = std::min(
            natural, std::max(m_ui->clientEditor->minimumWidth(), detail - explanationMinimum));
        m_ui->detailSplitter->setSizes({editor, std::max(0, detail - editor)});
    } else {
        // One above the other (a narrow window or a large font): the form as tall as its fields
        // need, when the page allows, and the explanation the rest, at least its minimum. With
        // a 3:2 share the form's fields had six rows of a 720 px screen (issue 9, item 7).
        const int available = (m_ui->detailSplitter->height() > 0 ? m_ui->detailSplitter->height()
                                                                  : pageSize.height())
            - m_ui->detailSplitter->handleWidth();
        // The explanation keeps its heading, method choice and a few lines of its text.
        const int explanationHeight = std::max(
            m_ui->explanationPanel->minimumSizeHint().height(), fontMetrics().lineSpacing() * 9);
        const int editor = std::min(m_ui->clientEditor->naturalHeight(),
            std::max(
                m_ui->clientEditor->minimumSizeHint().height(), available - explanationHeight));
        m_ui->detailSplitter->setSizes({editor, std::max(0, available - editor)});
    }
    m_detailSplitSet = true;
}
