// SPDX-License-Identifier: GPL-3.0-or-later
#include "composerpage.h"

#include "ui_composerpage.h"

#include "client/jwksfetcher.h"
#include "clientassertionbuilder.h"
#include "http/authorizationserver.h"
#include "http/resourceserver.h"
#include "jose/base64url.h"
#include "oauth/clientauth/clientassertion.h"
#include "oauth/endpoints/metadata.h"
#include "oauth/protocolregistry.h"
#include "oauth/secretmasking.h"
#include "requesthistory.h"
#include "resource/resourceapi.h"
#include "secretfield.h"
#include "store/clientjwkset.h"
#include "store/configuration.h"
#include "theme.h"
#include "workspace.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int SendTimeoutMSecs = 15000;

QPlainTextEdit *monospaceView(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

// RFC 6749 §5.2, in plain words.
QString explainError(const QString &code)
{
    if (code == "invalid_client"_L1) {
        return ComposerPage::tr("invalid_client: the server did not accept the client's "
                                "credentials: unknown client id, wrong secret, or an "
                                "authentication method the client may not use.");
    }
    if (code == "invalid_request"_L1) {
        return ComposerPage::tr("invalid_request: the request is malformed: a parameter is "
                                "missing, repeated or not understood.");
    }
    if (code == "invalid_grant"_L1)
        return ComposerPage::tr("invalid_grant: the grant offered is invalid or expired.");
    if (code == "unauthorized_client"_L1) {
        return ComposerPage::tr("unauthorized_client: the client is known but may not use this "
                                "grant type.");
    }
    if (code == "unsupported_grant_type"_L1) {
        return ComposerPage::tr("unsupported_grant_type: the server does not support this grant "
                                "type.");
    }
    if (code == "invalid_scope"_L1) {
        return ComposerPage::tr("invalid_scope: a requested scope is unknown or not allowed for "
                                "this client.");
    }
    return code.isEmpty() ? QString()
                          : ComposerPage::tr("%1: not an RFC 6749 error code.").arg(code);
}

// A request's text with the query of its request line masked by SecretMasking's rule (the code a
// browser brought to the loopback listener).
QString maskedRequestLine(QString text)
{
    const qsizetype lineEnd = text.indexOf(u'\n');
    const qsizetype question = text.indexOf(u'?');
    const qsizetype space = text.indexOf(u' ', question);
    if (question < 0 || space < 0 || (lineEnd >= 0 && space > lineEnd))
        return text;
    const QByteArray query = text.mid(question + 1, space - question - 1).toLatin1();
    return text.replace(
        question + 1, space - question - 1, QString::fromLatin1(SecretMasking::maskForm(query)));
}

} // namespace

ComposerPage::ComposerPage(Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ComposerPage>())
    , m_workspace(workspace)
    , m_network(new QNetworkAccessManager(this))
    , m_history(new RequestHistory(
          QFileInfo(workspace->configPath()).absolutePath() + u"/history.json"_s, this))
{
    buildUi();
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_statusLabel->setText(
                tr("No answer within %1 s: cancelled.").arg(SendTimeoutMSecs / 1000));
            m_timedOut = true;
            m_reply->abort();
        }
    });
    connect(m_workspace, &Workspace::configurationChanged, this, [this] {
        refreshClients();
        refreshTarget();
    });
    connect(m_workspace, &Workspace::serverStateChanged, this, &ComposerPage::refreshTarget);
    connect(m_workspace, &Workspace::exchangeRecorded, this, [this](const ExchangeRecord &record) {
        if (!m_sentToEmbedded || record.startedMSecs() + 1000 < m_sendStartedMSecs)
            return;
        const QString tokenPath = m_sentInput.tokenUrl.path();
        if (QString::fromLatin1(record.path) != tokenPath)
            return;
        m_record = record;
        showServerReason();
    });
    refreshClients();
    refreshKind();
    applyClient(m_clientCombo->currentIndex());
}

void ComposerPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_shownOnce)
        return; // later, a width the user dragged stays
    m_shownOnce = true;
    // The form as wide as its rows need (a large font widens the method row), so it never
    // scrolls sideways when the page has the room; the request and answer take the rest.
    QTimer::singleShot(0, this, [this] {
        const int total = m_ui->splitter->width() - m_ui->splitter->handleWidth();
        const int form = m_ui->formWidget->minimumSizeHint().width()
            + m_ui->formScrollArea->verticalScrollBar()->sizeHint().width()
            + 2 * m_ui->formScrollArea->frameWidth();
        const int shown = m_ui->splitter->sizes().value(0);
        if (form > shown && form < total * 3 / 5)
            m_ui->splitter->setSizes({form, total - form});
    });
}

ComposerPage::~ComposerPage()
{
    if (m_reply)
        m_reply->abort();
}

void ComposerPage::buildAssertionUi()
{
    // In code rather than in the .ui: the two JWT methods and the assertion's options.
    auto *methods = qobject_cast<QHBoxLayout *>(m_ui->methodLayout);
    m_secretJwtRadio = new QRadioButton(u"client_secret_jwt"_s, m_basicRadio->parentWidget());
    m_secretJwtRadio->setObjectName(u"secretJwtRadio"_s);
    m_secretJwtRadio->setToolTip(tr("A JWT signed with the client secret (HMAC), RFC 7523"));
    m_privateKeyJwtRadio = new QRadioButton(u"private_key_jwt"_s, m_basicRadio->parentWidget());
    m_privateKeyJwtRadio->setObjectName(u"privateKeyJwtRadio"_s);
    m_privateKeyJwtRadio->setToolTip(tr("A JWT signed with the client's private key, RFC 7523"));
    // A second row under the secret-based methods, so the form stays narrow; the radio buttons
    // share one parent and so stay exclusive.
    m_noneRadio = new QRadioButton(u"none"_s, m_basicRadio->parentWidget());
    m_noneRadio->setObjectName(u"noneRadio"_s);
    m_noneRadio->setToolTip(
        tr("A public client: client_id in the body, no secret (RFC 6749 §2.1)"));
    auto *jwtMethods = new QHBoxLayout;
    jwtMethods->addWidget(m_secretJwtRadio);
    jwtMethods->addWidget(m_privateKeyJwtRadio);
    jwtMethods->addWidget(m_noneRadio);
    jwtMethods->addStretch();
    int methodRow = -1;
    QFormLayout::ItemRole role;
    m_ui->clientLayout->getLayoutPosition(methods, &methodRow, &role);
    m_ui->clientLayout->insertRow(methodRow + 1, QString(), jwtMethods);

    m_assertionBox = new QWidget(m_basicRadio->parentWidget());
    m_assertionBox->setObjectName(u"assertionBox"_s);
    auto *form = new QFormLayout(m_assertionBox);
    form->setContentsMargins(0, 0, 0, 0);
    m_assertionAlgCombo = new QComboBox(m_assertionBox);
    m_assertionAlgCombo->setObjectName(u"assertionAlgCombo"_s);
    form->addRow(tr("Algorithm:"), m_assertionAlgCombo);
    m_assertionKidEdit = new QLineEdit(m_assertionBox);
    m_assertionKidEdit->setObjectName(u"assertionKidEdit"_s);
    m_assertionKidEdit->setPlaceholderText(tr("kid of the client's key (optional)"));
    form->addRow(tr("Key ID:"), m_assertionKidEdit);
    m_assertionKeyEdit = new QPlainTextEdit(m_assertionBox);
    m_assertionKeyEdit->setObjectName(u"assertionKeyEdit"_s);
    m_assertionKeyEdit->setAccessibleName(tr("Private key that signs the client assertion (PEM)"));
    m_assertionKeyEdit->setPlaceholderText(tr("-----BEGIN PRIVATE KEY----- ... (PEM)"));
    m_assertionKeyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_assertionKeyEdit->setMaximumHeight(90);
    m_assertionKeyLabel = new QLabel(tr("Private key:"), m_assertionBox);
    form->addRow(m_assertionKeyLabel, m_assertionKeyEdit);
    m_assertionLabel = new QLabel(m_assertionBox);
    m_assertionLabel->setObjectName(u"assertionStatusLabel"_s);
    m_assertionLabel->setWordWrap(true);
    form->addRow(m_assertionLabel);
    m_discardAssertionButton = new QPushButton(tr("Sign a New One Here"), m_assertionBox);
    m_discardAssertionButton->setObjectName(u"discardAssertionButton"_s);
    m_discardAssertionButton->setToolTip(
        tr("Forget the crafted assertion; sign a new one for each request with the key above"));
    form->addRow(m_discardAssertionButton);
    m_discardAssertionButton->hide();
    connect(m_discardAssertionButton, &QPushButton::clicked, this, [this] {
        m_craftedAssertion.clear();
        m_discardAssertionButton->hide();
        refreshPreview();
    });
    m_ui->clientLayout->addRow(m_assertionBox);
    m_assertionBox->hide();
    refreshAssertionOptions();
}

void ComposerPage::refreshAssertionOptions()
{
    const bool secret = !m_privateKeyJwtRadio->isChecked();
    const QStringList &algorithms
        = secret ? ClientAssertion::secretAlgorithms() : ClientAssertion::privateKeyAlgorithms();
    const QSignalBlocker blocker(m_assertionAlgCombo);
    const QString current = m_assertionAlgCombo->currentText();
    m_assertionAlgCombo->clear();
    m_assertionAlgCombo->addItems(algorithms);
    if (algorithms.contains(current))
        m_assertionAlgCombo->setCurrentText(current);
    // The algorithm of the app-held key, once private_key_jwt is chosen after the client.
    if (!secret && algorithms.contains(m_heldKeyAlg) && !algorithms.contains(current))
        m_assertionAlgCombo->setCurrentText(m_heldKeyAlg);
    m_assertionKeyLabel->setVisible(!secret);
    m_assertionKeyEdit->setVisible(!secret);
    // private_key_jwt signs with the key, a public client has none: the secret plays no part.
    m_secretField->setEnabled(secret);
    // Show stays: it also reveals the code, verifier and tokens in the request beside the form.
    m_secretField->lineEdit()->setEnabled(!m_noneRadio->isChecked());
}

QString ComposerPage::currentMethod() const
{
    if (m_basicRadio->isChecked())
        return AuthMethod::ClientSecretBasic.toString();
    if (m_secretJwtRadio->isChecked())
        return AuthMethod::ClientSecretJwt.toString();
    if (m_privateKeyJwtRadio->isChecked())
        return AuthMethod::PrivateKeyJwt.toString();
    if (m_noneRadio->isChecked())
        return AuthMethod::None.toString();
    return AuthMethod::ClientSecretPost.toString();
}

void ComposerPage::setMethod(const QString &method)
{
    if (method == AuthMethod::ClientSecretBasic)
        m_basicRadio->setChecked(true);
    else if (method == AuthMethod::ClientSecretJwt)
        m_secretJwtRadio->setChecked(true);
    else if (method == AuthMethod::PrivateKeyJwt)
        m_privateKeyJwtRadio->setChecked(true);
    else if (method == AuthMethod::None)
        m_noneRadio->setChecked(true);
    else
        m_postRadio->setChecked(true);
}

void ComposerPage::buildResourceCallUi()
{
    // In code rather than in the .ui: the resource call's method, path and JSON body, below the
    // target; the scope its route needs.
    m_apiGroupBox = new QGroupBox(tr("API call"), m_ui->formWidget);
    m_apiGroupBox->setObjectName(u"apiGroupBox"_s);
    auto *form = new QFormLayout(m_apiGroupBox);
    m_apiMethodCombo = new QComboBox(m_apiGroupBox);
    m_apiMethodCombo->setObjectName(u"apiMethodCombo"_s);
    m_apiMethodCombo->setAccessibleName(tr("HTTP method of the API call"));
    m_apiMethodCombo->addItems({u"GET"_s, u"POST"_s});
    m_apiPathCombo = new QComboBox(m_apiGroupBox);
    m_apiPathCombo->setObjectName(u"apiPathCombo"_s);
    m_apiPathCombo->setAccessibleName(tr("Path of the API call, below the resource server's URL"));
    m_apiPathCombo->setEditable(true);
    m_apiPathCombo->setInsertPolicy(QComboBox::NoInsert);
    m_apiPathCombo->setToolTip(tr("Below the resource server's URL; pick a route or type a path"));
    for (const auto &[method, path] : ComposerRequestKinds::resourceExamples())
        m_apiPathCombo->addItem(path, method);
    auto *call = new QHBoxLayout;
    call->addWidget(m_apiMethodCombo);
    call->addWidget(m_apiPathCombo, 1);
    form->addRow(tr("Call:"), call);
    m_apiScopeLabel = new QLabel(m_apiGroupBox);
    m_apiScopeLabel->setObjectName(u"apiScopeLabel"_s);
    m_apiScopeLabel->setWordWrap(true);
    form->addRow(QString(), m_apiScopeLabel);
    m_apiBodyEdit = new QPlainTextEdit(m_apiGroupBox);
    m_apiBodyEdit->setObjectName(u"apiBodyEdit"_s);
    m_apiBodyEdit->setAccessibleName(tr("JSON body of the API call"));
    m_apiBodyEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_apiBodyEdit->setMaximumHeight(80);
    m_apiBodyEdit->setPlainText(u"{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}"_s);
    m_apiBodyLabel = new QLabel(tr("Body:"), m_apiGroupBox);
    form->addRow(m_apiBodyLabel, m_apiBodyEdit);
    m_ui->formLayout->insertWidget(
        m_ui->formLayout->indexOf(m_ui->targetGroupBox) + 1, m_apiGroupBox);

    // Where the token comes from: typed, the last token response, or (a resource call) none.
    m_tokenSourceCombo = new QComboBox(m_ui->tokenGroupBox);
    m_tokenSourceCombo->setObjectName(u"tokenSourceCombo"_s);
    m_tokenSourceCombo->setToolTip(tr("Which token the request carries"));
    auto *sourceLabel = new QLabel(tr("&Bearer:"), m_ui->tokenGroupBox);
    sourceLabel->setBuddy(m_tokenSourceCombo);
    m_ui->tokenLayout->insertRow(0, sourceLabel, m_tokenSourceCombo);

    connect(m_apiMethodCombo, &QComboBox::currentIndexChanged, this, &ComposerPage::refreshTarget);
    connect(m_apiPathCombo, &QComboBox::currentTextChanged, this, &ComposerPage::refreshTarget);
    connect(m_apiPathCombo, &QComboBox::activated, this, [this](int index) {
        // A route picked from the list brings its method.
        m_apiMethodCombo->setCurrentText(m_apiPathCombo->itemData(index).toString());
    });
    connect(m_apiBodyEdit, &QPlainTextEdit::textChanged, this, &ComposerPage::refreshPreview);
    connect(m_tokenSourceCombo, &QComboBox::currentIndexChanged, this,
        &ComposerPage::refreshTokenSource);
}

ComposerPage::TokenSource ComposerPage::tokenSource() const
{
    return TokenSource(m_tokenSourceCombo->currentData().toInt());
}

void ComposerPage::refreshTokenSource()
{
    const TokenSource source = tokenSource();
    m_tokenEdit->setEnabled(source != TokenSource::None);
    m_tokenEdit->setReadOnly(source == TokenSource::LastReceived);
    if (source == TokenSource::LastReceived) {
        const QSignalBlocker blocker(m_tokenEdit);
        m_tokenEdit->setText(m_lastToken);
        m_tokenEdit->setPlaceholderText(tr("No token received yet: send a token request first"));
    } else {
        m_tokenEdit->setPlaceholderText(tr("Paste a token"));
    }
    refreshPreview();
}

void ComposerPage::refreshRouteScope()
{
    if (!currentKind().resourceCall)
        return;
    const QByteArray path
        = QUrl(m_apiPathCombo->currentText().trimmed()).path(QUrl::FullyEncoded).toLatin1();
    const ResourceApi::Match match
        = ResourceApi::match(m_apiMethodCombo->currentText().toLatin1(), path);
    QString text;
    if (match.kind == ResourceApi::Match::Kind::Found) {
        const QString scope = m_workspace->configuration().resourceServer.scopeFor(match.route);
        text = scope.isEmpty()
            ? tr("%1 takes any valid token (the Server page sets its scope).").arg(match.route)
            : tr("%1 needs the scope %2 (the Server page can change it).").arg(match.route, scope);
    } else if (match.kind == ResourceApi::Match::Kind::MethodNotAllowed) {
        text = tr("The API answers this path only to %1.").arg(QString::fromLatin1(match.allow));
    } else {
        text = tr("No route of the API matches: it will answer 404 once the token is checked.");
    }
    m_apiScopeLabel->setText(text);
    const bool post = m_apiMethodCombo->currentText() != "GET"_L1;
    m_apiBodyEdit->setVisible(post);
    m_apiBodyLabel->setVisible(post);
}

void ComposerPage::buildUi()
{
    m_ui->setupUi(this);
    m_targetCombo = m_ui->targetCombo;
    m_issuerEdit = m_ui->issuerEdit;
    m_discoverButton = m_ui->discoverButton;
    m_discoverStatus = m_ui->discoverStatusLabel;
    m_tokenUrlEdit = m_ui->tokenUrlEdit;
    m_clientCombo = m_ui->clientCombo;
    m_clientIdEdit = m_ui->clientIdEdit;
    m_secretField = m_ui->secretField;
    // The same secret field as the Clients page: masked until Show.
    m_secretField->lineEdit()->setObjectName(u"secretEdit"_s);
    m_secretField->lineEdit()->setAccessibleName(tr("Client secret"));
    m_secretField->revealButton()->setObjectName(u"showSecretButton"_s);
    m_secretField->revealButton()->setToolTip(
        tr("Show or hide the secret here and in the request beside the form"));
    m_postRadio = m_ui->postRadio;
    m_basicRadio = m_ui->basicRadio;
    buildAssertionUi();
    // The requests this composer can build, for the endpoints the protocol registry lists.
    m_requestKindCombo = m_ui->requestKindCombo;
    for (const ComposerRequestKind *kind : ComposerRequestKinds::available())
        m_requestKindCombo->addItem(kind->title, kind->endpoint);
    m_tokenEdit = m_ui->requestTokenEdit;
    m_tokenEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tokenTypeHintCombo = m_ui->tokenTypeHintCombo;
    m_tokenTypeHintCombo->addItem(tr("(no hint)"), QString());
    for (const QString &hint : ComposerRequestKinds::tokenTypeHints())
        m_tokenTypeHintCombo->addItem(hint, hint);
    buildResourceCallUi();
    // The code flow's steps, below the client and the scopes that its first step uses.
    m_codeFlow = new CodeFlowPanel(m_ui->formWidget);
    m_ui->formLayout->insertWidget(m_ui->formLayout->indexOf(m_ui->scopeGroupBox) + 1, m_codeFlow);
    m_codeFlow->setEndpointsProvider([this] { return codeFlowEndpoints(); });
    m_codeFlow->setClientProvider([this] { return formInput(); });
    connect(m_codeFlow, &CodeFlowPanel::inputChanged, this, &ComposerPage::refreshPreview);
    connect(m_codeFlow, &CodeFlowPanel::sendRequested, this, &ComposerPage::send);
    connect(m_codeFlow, &CodeFlowPanel::idTokenToInspect, this, &ComposerPage::tokenReceived);
    connect(m_codeFlow, &CodeFlowPanel::callbackShown, this, [this](const QString &text) {
        // What the browser brought to the listener, and its answer, where answers go.
        m_explanationLabel->hide();
        m_inspectButton->hide();
        m_statusLabel->setText(tr("Redirect caught by the loopback listener"));
        Theme::setTone(m_statusLabel, Theme::Tone::Normal);
        m_responseText->setPlainText(m_secretField->isRevealed() ? text : maskedRequestLine(text));
    });
    m_scopeList = m_ui->scopeList;
    m_extraScopesEdit = m_ui->extraScopesEdit;
    m_parameterTable = m_ui->parameterTable;
    m_sendButton = m_ui->sendButton;
    m_cancelButton = m_ui->cancelButton;
    m_statusLabel = m_ui->statusLabel;
    m_explanationLabel = m_ui->explanationLabel;
    m_trustCheck = m_ui->trustCheck;
    m_responseText = m_ui->responseText;
    m_inspectButton = m_ui->inspectButton;
    QPushButton *addButton = m_ui->addParameterButton;
    QPushButton *removeButton = m_ui->removeParameterButton;
    m_ui->splitter->setStretchFactor(0, 2);
    m_ui->splitter->setStretchFactor(1, 3);
    // The request gets the larger share: it is what the page is about until an answer comes.
    m_ui->resultSplitter->setStretchFactor(0, 3);
    m_ui->resultSplitter->setStretchFactor(1, 2);
    m_ui->resultSplitter->setSizes({3000, 2000}); // scaled to the page when first laid out

    // The request exactly as sent, and, beside it, how its Basic header is built; then the same
    // request as commands. Monospace and read-only.
    QTabWidget *requestTabs = m_ui->requestTabs;
    auto *requestTab = new QWidget(requestTabs);
    auto *requestLayout = new QVBoxLayout(requestTab);
    m_preview = monospaceView(requestTab);
    m_preview->setObjectName(u"previewText"_s);
    m_preview->setAccessibleName(tr("The request as sent"));
    // The body is one long line; wrapped, all of it shows.
    m_preview->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_preview->setWordWrapMode(QTextOption::WrapAnywhere);
    requestLayout->addWidget(m_preview, 1);
    m_requestNotes = new QLabel(requestTab);
    m_requestNotes->setObjectName(u"requestNotesLabel"_s);
    m_requestNotes->setWordWrap(true);
    m_requestNotes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_requestNotes->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    requestLayout->addWidget(m_requestNotes);
    requestTabs->addTab(requestTab, tr("Request"));
    m_curlText = monospaceView(requestTabs);
    m_curlText->setObjectName(u"curlText"_s);
    m_httpieText = monospaceView(requestTabs);
    m_httpieText->setObjectName(u"httpieText"_s);
    m_powerShellText = monospaceView(requestTabs);
    m_powerShellText->setObjectName(u"powerShellText"_s);
    const std::pair<QPlainTextEdit *, QString> snippets[] = {
        {m_curlText, u"curl"_s}, {m_httpieText, u"HTTPie"_s}, {m_powerShellText, u"PowerShell"_s}};
    for (const auto &[view, title] : snippets) {
        view->setAccessibleName(tr("The request as a %1 command").arg(title));
        auto *tab = new QWidget(requestTabs);
        auto *tabLayout = new QVBoxLayout(tab);
        tabLayout->addWidget(view);
        auto *copy = new QPushButton(Theme::icon(u"copy"), tr("Copy"), tab);
        connect(copy, &QPushButton::clicked, this, [view] {
            QGuiApplication::clipboard()->setText(view->property("copyText").toString());
        });
        auto *copyRow = new QHBoxLayout;
        copyRow->addStretch();
        copyRow->addWidget(copy);
        tabLayout->addLayout(copyRow);
        requestTabs->addTab(tab, title);
    }
    m_snippetTabs = requestTabs;

    // Requests sent before, this run or earlier ones.
    auto *historyTab = new QWidget(requestTabs);
    auto *historyLayout = new QVBoxLayout(historyTab);
    m_historyView = new QListView(historyTab);
    m_historyView->setObjectName(u"historyView"_s);
    m_historyView->setAccessibleName(tr("Requests sent before"));
    m_historyView->setModel(m_history);
    m_historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_historyView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    historyLayout->addWidget(m_historyView);
    auto *historyButtons = new QHBoxLayout;
    historyButtons->addStretch();
    auto *loadButton = new QPushButton(tr("Loa&d"), historyTab);
    loadButton->setObjectName(u"historyLoadButton"_s);
    loadButton->setToolTip(tr("Fill the form from the selected request"));
    auto *sendAgainButton = new QPushButton(Theme::icon(u"start"), tr("Send Again"), historyTab);
    sendAgainButton->setObjectName(u"historySendAgainButton"_s);
    sendAgainButton->setToolTip(tr("Send the selected request again (Enter or double-click)"));
    historyButtons->addWidget(loadButton);
    historyButtons->addWidget(sendAgainButton);
    historyLayout->addLayout(historyButtons);
    requestTabs->addTab(historyTab, tr("History"));
    if (!m_history->loadError().isEmpty())
        m_statusLabel->setText(m_history->loadError());
    const auto sendAgain = [this] {
        if (!m_reply && loadHistoryEntry())
            send();
    };
    connect(loadButton, &QPushButton::clicked, this, &ComposerPage::loadHistoryEntry);
    connect(sendAgainButton, &QPushButton::clicked, this, sendAgain);
    connect(m_historyView, &QListView::activated, this, sendAgain);

    m_sendButton->setIcon(Theme::icon(u"start"));
    m_inspectButton->setIcon(Theme::icon(u"inspector"));
    m_inspectButton->hide();
    m_explanationLabel->hide();
    m_trustCheck->hide();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_responseText->setFont(fixed);
    m_responseText->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_responseText->setWordWrapMode(QTextOption::WrapAnywhere);

    connect(m_targetCombo, &QComboBox::currentIndexChanged, this, &ComposerPage::refreshTarget);
    connect(m_requestKindCombo, &QComboBox::currentIndexChanged, this, &ComposerPage::refreshKind);
    connect(m_tokenEdit, &QLineEdit::textChanged, this, &ComposerPage::refreshPreview);
    connect(
        m_tokenTypeHintCombo, &QComboBox::currentIndexChanged, this, &ComposerPage::refreshPreview);
    connect(m_discoverButton, &QPushButton::clicked, this, &ComposerPage::discover);
    connect(m_issuerEdit, &QLineEdit::returnPressed, this, &ComposerPage::discover);
    connect(m_clientCombo, &QComboBox::activated, this, &ComposerPage::applyClient);
    for (QLineEdit *edit : {m_tokenUrlEdit, m_clientIdEdit, m_extraScopesEdit})
        connect(edit, &QLineEdit::textChanged, this, &ComposerPage::refreshPreview);
    connect(m_secretField, &SecretField::textChanged, this, &ComposerPage::refreshPreview);
    connect(m_secretField, &SecretField::revealedChanged, this, &ComposerPage::refreshPreview);
    connect(m_postRadio, &QRadioButton::toggled, this, &ComposerPage::refreshPreview);
    for (QRadioButton *radio : {m_secretJwtRadio, m_privateKeyJwtRadio, m_noneRadio}) {
        connect(radio, &QRadioButton::toggled, this, [this] {
            refreshAssertionOptions();
            refreshPreview();
        });
    }
    connect(
        m_assertionAlgCombo, &QComboBox::currentIndexChanged, this, &ComposerPage::refreshPreview);
    connect(m_assertionKidEdit, &QLineEdit::textChanged, this, &ComposerPage::refreshPreview);
    connect(m_assertionKeyEdit, &QPlainTextEdit::textChanged, this, &ComposerPage::refreshPreview);
    connect(m_scopeList, &QListWidget::itemChanged, this, &ComposerPage::refreshPreview);
    connect(m_parameterTable, &QTableWidget::itemChanged, this, &ComposerPage::refreshPreview);
    connect(addButton, &QPushButton::clicked, this, [this] {
        const int row = m_parameterTable->rowCount();
        m_parameterTable->insertRow(row);
        m_parameterTable->setItem(row, 0, new QTableWidgetItem);
        m_parameterTable->setItem(row, 1, new QTableWidgetItem);
        m_parameterTable->editItem(m_parameterTable->item(row, 0));
    });
    connect(removeButton, &QPushButton::clicked, this, [this] {
        const int row = m_parameterTable->currentRow();
        if (row >= 0) {
            m_parameterTable->removeRow(row);
            refreshPreview();
        }
    });
    connect(m_sendButton, &QPushButton::clicked, this, &ComposerPage::send);
    // Ctrl+Enter sends from anywhere on the page; Esc stops waiting for an answer.
    for (const QKeySequence &key : {QKeySequence(Qt::CTRL | Qt::Key_Return),
             QKeySequence(
                 QKeyCombination(Qt::ControlModifier | Qt::KeypadModifier, Qt::Key_Enter))}) {
        auto *sendShortcut = new QShortcut(key, this);
        sendShortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(sendShortcut, &QShortcut::activated, this, &ComposerPage::send);
    }
    m_cancelShortcut = new QShortcut(QKeySequence::Cancel, this);
    m_cancelShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    m_cancelShortcut->setEnabled(false);
    connect(m_cancelShortcut, &QShortcut::activated, this, &ComposerPage::cancel);
    connect(m_ui->startServerButton, &QPushButton::clicked, this, [this] {
        QString error;
        const bool started = currentKind().resourceCall ? m_workspace->startResourceServer(&error)
                                                        : m_workspace->startServer(&error);
        if (!started) {
            m_ui->serverStoppedLabel->setText(
                tr("The embedded server could not start: %1").arg(error));
        }
        refreshTarget();
    });
    m_ui->serverStoppedWidget->hide();
    connect(m_cancelButton, &QPushButton::clicked, this, &ComposerPage::cancel);
    connect(m_inspectButton, &QPushButton::clicked, this,
        [this] { Q_EMIT tokenReceived(m_accessToken); });
}

void ComposerPage::refreshTarget()
{
    const auto target = Target(m_targetCombo->currentIndex());
    if (currentKind().resourceCall) {
        // No issuer metadata names a resource server: the embedded one, or a URL typed by hand.
        m_issuerEdit->setEnabled(false);
        m_discoverButton->setEnabled(false);
        m_discoverStatus->setVisible(false);
        m_tokenUrlEdit->setReadOnly(target == Target::EmbeddedServer);
        m_apiPathCombo->setEnabled(target == Target::EmbeddedServer);
        if (target == Target::EmbeddedServer)
            m_tokenUrlEdit->setText(embeddedUrl());
        refreshRouteScope();
        refreshPreview();
        refreshServerStopped();
        return;
    }
    m_issuerEdit->setEnabled(target == Target::Discovered);
    m_discoverButton->setEnabled(target == Target::Discovered);
    m_discoverStatus->setVisible(target == Target::Discovered);
    m_tokenUrlEdit->setReadOnly(target == Target::EmbeddedServer);
    if (target == Target::EmbeddedServer) {
        m_tokenUrlEdit->setText(embeddedUrl());
        QStringList names;
        for (const ScopeDefinition &scope : m_workspace->configuration().scopes)
            names.append(scope.name);
        refreshScopes(names);
    } else if (target == Target::Discovered) {
        refreshScopes(m_discoveredScopes);
        const QString url = m_discoveredMetadata.value(currentKind().endpoint).toString();
        if (!m_discoveredMetadata.isEmpty()) {
            m_tokenUrlEdit->setText(url);
            if (url.isEmpty()) {
                m_discoverStatus->setText(
                    tr("The issuer's metadata names no %1.").arg(currentKind().endpoint));
            }
        }
    }
    refreshPreview();
    refreshServerStopped();
}

const ComposerRequestKind &ComposerPage::currentKind() const
{
    return ComposerRequestKinds::forEndpoint(m_requestKindCombo->currentData().toString());
}

QString ComposerPage::embeddedUrl() const
{
    if (currentKind().resourceCall) {
        QString path = m_apiPathCombo->currentText().trimmed();
        if (!path.startsWith(u'/'))
            path.prepend(u'/');
        return m_workspace->resourceServer()->baseUrl() + path;
    }
    return m_workspace->endpoints().issuer + ComposerRequestKinds::pathOf(currentKind().endpoint);
}

void ComposerPage::refreshKind()
{
    const ComposerRequestKind &kind = currentKind();
    m_ui->scopeGroupBox->setVisible(kind.usesScopes);
    m_ui->tokenGroupBox->setVisible(kind.usesToken);
    // A resource call carries a bearer token and no client credentials (RFC 6750 §2.1).
    m_apiGroupBox->setVisible(kind.resourceCall);
    m_ui->clientGroupBox->setVisible(!kind.resourceCall);
    m_ui->parameterGroupBox->setVisible(!kind.resourceCall && !kind.codeFlow);
    m_codeFlow->setVisible(kind.codeFlow);
    if (kind.codeFlow)
        selectCodeFlowClient();
    m_ui->tokenTypeHintLabel->setVisible(!kind.resourceCall);
    m_tokenTypeHintCombo->setVisible(!kind.resourceCall);
    {
        const QSignalBlocker blocker(m_tokenSourceCombo);
        const int current = m_tokenSourceCombo->currentData().toInt();
        m_tokenSourceCombo->clear();
        m_tokenSourceCombo->addItem(tr("Typed or pasted below"), int(TokenSource::Typed));
        m_tokenSourceCombo->addItem(tr("The last token received"), int(TokenSource::LastReceived));
        if (kind.resourceCall) {
            m_tokenSourceCombo->addItem(
                tr("None: no Authorization header"), int(TokenSource::None));
        }
        m_tokenSourceCombo->setCurrentIndex(std::max(0, m_tokenSourceCombo->findData(current)));
    }
    refreshTokenSource();
    refreshTarget();
}

void ComposerPage::prepareTokenCheck(
    const QString &endpoint, const QString &token, const QString &clientId)
{
    m_requestKindCombo->setCurrentIndex(std::max(0, m_requestKindCombo->findData(endpoint)));
    m_targetCombo->setCurrentIndex(int(Target::EmbeddedServer));
    const int clientIndex = m_clientCombo->findData(clientId);
    if (clientIndex > 0) {
        m_clientCombo->setCurrentIndex(clientIndex);
        applyClient(clientIndex);
    }
    m_tokenSourceCombo->setCurrentIndex(m_tokenSourceCombo->findData(int(TokenSource::Typed)));
    m_tokenEdit->setText(token);
    m_tokenTypeHintCombo->setCurrentIndex(
        std::max(0, m_tokenTypeHintCombo->findData(u"access_token"_s)));
    refreshPreview();
}

void ComposerPage::useClientAssertion(const QString &assertion)
{
    // The claims say for which client it is and how it is signed.
    const QList<QString> parts = assertion.split(u'.');
    const auto decoded = [&parts](int i) {
        return parts.size() == 3 ? QJsonDocument::fromJson(
                   Base64Url::decode(parts.at(i).toLatin1()).value_or(QByteArray()))
                                       .object()
                                 : QJsonObject();
    };
    const QString clientId = decoded(1).value("iss"_L1).toString();
    const QString alg = decoded(0).value("alg"_L1).toString();
    m_requestKindCombo->setCurrentIndex(
        std::max(0, m_requestKindCombo->findData(u"token_endpoint"_s)));
    const int clientIndex = m_clientCombo->findData(clientId);
    if (clientIndex > 0) {
        m_clientCombo->setCurrentIndex(clientIndex);
        applyClient(clientIndex);
    } else if (!clientId.isEmpty()) {
        m_clientCombo->setCurrentIndex(0);
        m_clientIdEdit->setText(clientId);
    }
    if (alg.startsWith(u"HS"_s))
        m_secretJwtRadio->setChecked(true);
    else
        m_privateKeyJwtRadio->setChecked(true);
    m_craftedAssertion = assertion;
    m_discardAssertionButton->show();
    refreshPreview();
}

void ComposerPage::selectCodeFlowClient()
{
    const Configuration configuration = m_workspace->configuration();
    const auto canUseFlow = [&configuration](const QString &id) {
        const ClientRegistration *client = configuration.findClient(id);
        return client && client->grantTypes.contains(GrantType::AuthorizationCode.toString());
    };
    if (m_clientCombo->currentIndex() == 0 || canUseFlow(m_clientCombo->currentData().toString()))
        return; // typed by hand, or able to
    int index = canUseFlow(u"public-client"_s) ? m_clientCombo->findData(u"public-client"_s) : -1;
    for (int row = 1; index < 0 && row < m_clientCombo->count(); ++row) {
        if (canUseFlow(m_clientCombo->itemData(row).toString()))
            index = row;
    }
    if (index > 0) {
        m_clientCombo->setCurrentIndex(index);
        applyClient(index);
    }
}

void ComposerPage::refreshClients()
{
    const QString current = m_clientCombo->currentData().toString();
    m_clientCombo->clear();
    m_clientCombo->addItem(tr("(typed below)"));
    for (const ClientRegistration &client : m_workspace->configuration().clients) {
        m_clientCombo->addItem(client.displayName.isEmpty()
                ? client.clientId
                : u"%1 (%2)"_s.arg(client.displayName, client.clientId),
            client.clientId);
    }
    const int index = m_clientCombo->findData(current);
    m_clientCombo->setCurrentIndex(index >= 0 ? index : std::min(1, m_clientCombo->count() - 1));
}

void ComposerPage::refreshScopes(const QStringList &names)
{
    QStringList checked;
    for (int row = 0; row < m_scopeList->count(); ++row) {
        if (m_scopeList->item(row)->checkState() == Qt::Checked)
            checked.append(m_scopeList->item(row)->text());
    }
    const QSignalBlocker blocker(m_scopeList);
    m_scopeList->clear();
    for (const QString &name : names) {
        auto *item = new QListWidgetItem(name, m_scopeList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
}

void ComposerPage::applyClient(int index)
{
    if (index <= 0)
        return;
    const QString id = m_clientCombo->itemData(index).toString();
    for (const ClientRegistration &client : m_workspace->configuration().clients) {
        if (client.clientId != id)
            continue;
        m_clientIdEdit->setText(client.clientId);
        m_secretField->setText(client.clientSecret);
        if (client.allowsAuthenticationMethod(AuthMethod::ClientSecretPost))
            m_postRadio->setChecked(true);
        else if (client.allowsAuthenticationMethod(AuthMethod::ClientSecretBasic))
            m_basicRadio->setChecked(true);
        else if (client.allowsAuthenticationMethod(AuthMethod::ClientSecretJwt))
            m_secretJwtRadio->setChecked(true);
        else if (client.allowsAuthenticationMethod(AuthMethod::PrivateKeyJwt))
            m_privateKeyJwtRadio->setChecked(true);
        else if (client.allowsAuthenticationMethod(AuthMethod::None))
            m_noneRadio->setChecked(true);
        // A key pair the app generated for the client: sign with it, under its kid and alg.
        m_heldKeyAlg.clear();
        if (!client.appPrivateKeyPem.isEmpty()) {
            const Key key = Key::fromPem(client.appPrivateKeyPem.toUtf8());
            m_assertionKeyEdit->setPlainText(client.appPrivateKeyPem);
            const std::optional<ClientJwkSet> set = ClientJwks::parse(client.jwks, nullptr);
            for (const ClientKey &published : set ? set->keys : QList<ClientKey>()) {
                if (published.key.thumbprint() != key.thumbprint())
                    continue;
                m_assertionKidEdit->setText(published.kid);
                m_heldKeyAlg = published.alg;
                if (!published.alg.isEmpty())
                    m_assertionAlgCombo->setCurrentText(published.alg);
            }
        }
        // The client's own scopes, as the seed request asks for all of them.
        const QSignalBlocker blocker(m_scopeList);
        for (int row = 0; row < m_scopeList->count(); ++row) {
            QListWidgetItem *item = m_scopeList->item(row);
            item->setCheckState(client.scopes.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
        }
    }
    refreshPreview();
}

TokenRequestInput ComposerPage::currentInput() const
{
    if (currentKind().codeFlow)
        return m_codeFlow->input();
    return formInput();
}

CodeFlowPanel::Endpoints ComposerPage::codeFlowEndpoints() const
{
    // A server described by its RFC 8414 metadata: a discovered one, or the embedded one, whose
    // document is built here just as its metadata endpoint serves it.
    const auto fromMetadata = [](const QJsonObject &metadata) {
        const auto url = [&metadata](const char *member) {
            return QUrl(metadata.value(QLatin1StringView(member)).toString());
        };
        CodeFlowPanel::Endpoints endpoints;
        endpoints.issuer = metadata.value("issuer"_L1).toString();
        endpoints.authorization = url("authorization_endpoint");
        endpoints.token = url("token_endpoint");
        endpoints.userInfo = url("userinfo_endpoint");
        endpoints.endSession = url("end_session_endpoint");
        // RFC 9207 §3: a server that says so sends iss in every authorization response.
        endpoints.issRequired
            = metadata.value("authorization_response_iss_parameter_supported"_L1).toBool();
        return endpoints;
    };
    const auto target = Target(m_targetCombo->currentIndex());
    if (target == Target::Discovered)
        return fromMetadata(m_discoveredMetadata);
    if (target == Target::EmbeddedServer) {
        return fromMetadata(Metadata::authorizationServer(m_workspace->endpoints().issuer,
            m_workspace->configuration(), ProtocolRegistry::instance()));
    }
    // A typed authorization endpoint: the others where this server has them below it.
    const QString authorizationPath = ComposerRequestKinds::pathOf(u"authorization_endpoint");
    const QString typed = m_tokenUrlEdit->text().trimmed();
    if (!typed.endsWith(authorizationPath))
        return {};
    const QString issuer = typed.chopped(authorizationPath.size());
    CodeFlowPanel::Endpoints endpoints;
    endpoints.issuer = issuer;
    endpoints.authorization = QUrl(issuer + authorizationPath);
    endpoints.token = QUrl(issuer + ComposerRequestKinds::pathOf(u"token_endpoint"));
    endpoints.userInfo = QUrl(issuer + ComposerRequestKinds::pathOf(u"userinfo_endpoint"));
    endpoints.endSession = QUrl(issuer + ComposerRequestKinds::pathOf(u"end_session_endpoint"));
    return endpoints;
}

TokenRequestInput ComposerPage::formInput() const
{
    TokenRequestInput input;
    const ComposerRequestKind &kind = currentKind();
    input.endpoint = kind.endpoint;
    input.tokenUrl = QUrl(m_tokenUrlEdit->text().trimmed());
    if (kind.codeFlow) {
        input.endpoint = u"token_endpoint"_s;
        input.tokenUrl = codeFlowEndpoints().token;
    }
    if (kind.usesToken) {
        input.token = tokenSource() == TokenSource::None ? QString()
            : tokenSource() == TokenSource::LastReceived ? m_lastToken
                                                         : m_tokenEdit->text().trimmed();
        if (!kind.resourceCall)
            input.tokenTypeHint = m_tokenTypeHintCombo->currentData().toString();
    }
    if (kind.resourceCall) {
        input.httpMethod = m_apiMethodCombo->currentText();
        if (input.httpMethod != "GET"_L1)
            input.jsonBody = m_apiBodyEdit->toPlainText();
        return input;
    }
    input.method = currentMethod();
    input.clientId = m_clientIdEdit->text();
    input.clientSecret = m_secretField->text();
    if (TokenRequestBuilder(input).isAssertion() && !m_craftedAssertion.isEmpty()) {
        input.clientAssertion = m_craftedAssertion;
    } else if (TokenRequestBuilder(input).isAssertion()) {
        // A fresh assertion (new jti, iat now) each time: the server accepts a jti once.
        ClientAssertionInput assertion;
        assertion.clientId = input.clientId;
        // The endpoint it is sent to, as the embedded server and Spring check it (RFC 7523 §3:
        // the server's own identity; the token endpoint URL for a token request).
        assertion.audience = input.tokenUrl.toString();
        assertion.alg = m_assertionAlgCombo->currentText();
        assertion.kid = m_assertionKidEdit->text().trimmed();
        assertion.nowSecs = QDateTime::currentSecsSinceEpoch();
        assertion.key = m_secretJwtRadio->isChecked()
            ? Key::fromSecret(input.clientSecret.toUtf8())
            : Key::fromPem(m_assertionKeyEdit->toPlainText().toUtf8());
        input.clientAssertion = QString::fromLatin1(ClientAssertionBuilder::build(assertion).jwt);
    }
    for (int row = 0; kind.usesScopes && row < m_scopeList->count(); ++row) {
        if (m_scopeList->item(row)->checkState() == Qt::Checked)
            input.scopes.append(m_scopeList->item(row)->text());
    }
    const QStringList more = kind.usesScopes
        ? m_extraScopesEdit->text().split(u' ', Qt::SkipEmptyParts)
        : QStringList();
    for (const QString &scope : more) {
        if (!input.scopes.contains(scope))
            input.scopes.append(scope);
    }
    for (int row = 0; !kind.codeFlow && row < m_parameterTable->rowCount(); ++row) {
        const QTableWidgetItem *name = m_parameterTable->item(row, 0);
        const QTableWidgetItem *value = m_parameterTable->item(row, 1);
        if (name && !name->text().isEmpty())
            input.extraParameters.append({name->text(), value ? value->text() : QString()});
    }
    return input;
}

void ComposerPage::refreshPreview()
{
    const TokenRequestBuilder builder(currentInput());
    // While the secret is hidden in its field, it is hidden here too (SecretMasking's rule);
    // the Copy buttons and Send use the real request.
    const auto secrets = m_secretField->isRevealed() ? TokenRequestBuilder::Secrets::Shown
                                                     : TokenRequestBuilder::Secrets::Masked;
    m_preview->setPlainText(builder.previewText(secrets));
    m_assertionBox->setVisible(builder.isAssertion());
    if (builder.isAssertion()) {
        // The assertion's parts, decoded, as the server will read them: beside the exact bytes.
        const QList<QByteArray> parts = builder.input().clientAssertion.toLatin1().split('.');
        const auto decoded = [&parts](int i) {
            if (parts.size() != 3)
                return QString();
            return QString::fromUtf8(
                QJsonDocument::fromJson(Base64Url::decode(parts.at(i)).value_or(QByteArray()))
                    .toJson(QJsonDocument::Indented))
                .trimmed();
        };
        ClientAssertionInput check;
        check.alg = m_assertionAlgCombo->currentText();
        check.key = m_secretJwtRadio->isChecked()
            ? Key::fromSecret(builder.input().clientSecret.toUtf8())
            : Key::fromPem(m_assertionKeyEdit->toPlainText().toUtf8());
        const QString problem = m_craftedAssertion.isEmpty()
            ? ClientAssertionBuilder::build(check).problem
            : QString();
        if (!m_craftedAssertion.isEmpty()) {
            m_assertionLabel->setText(
                tr("The assertion crafted in the inspector is sent as it is; a server accepts "
                   "its jti once."));
        } else {
            m_assertionLabel->setText(problem.isEmpty()
                    ? tr("A new assertion (new jti) is signed for every request.")
                    : tr("The server will refuse it: %1.").arg(problem));
        }
        Theme::setTone(
            m_assertionLabel, problem.isEmpty() ? Theme::Tone::Normal : Theme::Tone::Error);
        m_requestNotes->setText(tr("client_assertion header:") + u"\n"_s + decoded(0) + u"\n\n"_s
            + tr("client_assertion claims:") + u"\n"_s + decoded(1));
        m_requestNotes->show();
    } else if (!builder.isBasic()) {
        m_requestNotes->hide();
    } else if (secrets == TokenRequestBuilder::Secrets::Shown) {
        m_requestNotes->setText(builder.basicSteps().join(u'\n'));
        m_requestNotes->show();
    } else {
        m_requestNotes->setText(
            tr("How the Authorization header is built from the secret: press Show beside it."));
        m_requestNotes->show();
    }
    m_curlText->setPlainText(builder.curlCommand(secrets));
    m_curlText->setProperty("copyText", builder.curlCommand());
    m_httpieText->setPlainText(builder.httpieCommand(secrets));
    m_httpieText->setProperty("copyText", builder.httpieCommand());
    m_powerShellText->setPlainText(builder.powerShellCommand(secrets));
    m_powerShellText->setProperty("copyText", builder.powerShellCommand());
}

bool ComposerPage::isEmbeddedServerStopped() const
{
    if (Target(m_targetCombo->currentIndex()) != Target::EmbeddedServer)
        return false;
    if (currentKind().resourceCall)
        return !m_workspace->resourceServer()->isListening();
    return m_workspace->serverState() == Workspace::ServerState::Stopped;
}

void ComposerPage::refreshServerStopped()
{
    const bool stopped = isEmbeddedServerStopped();
    if (stopped && !m_ui->serverStoppedWidget->isVisible()) {
        m_ui->serverStoppedLabel->setText(currentKind().resourceCall
                ? tr("The resource server is stopped: start it to send this request.")
                : tr("The embedded server is stopped: start it to send this request."));
    }
    m_ui->serverStoppedWidget->setVisible(stopped);
    if (stopped)
        Theme::setTone(m_ui->serverStoppedLabel, Theme::Tone::Warning);
}

void ComposerPage::discover()
{
    const QList<QUrl> urls = JwksFetcher::discoveryUrls(m_issuerEdit->text().trimmed());
    if (urls.isEmpty()) {
        m_discoverStatus->setText(tr("Enter an http or https issuer URL."));
        return;
    }
    discoverFrom(urls);
}

void ComposerPage::discoverFrom(QList<QUrl> urls)
{
    if (m_discoveryReply)
        m_discoveryReply->abort();
    const QUrl url = urls.takeFirst();
    m_discoverStatus->setText(tr("Reading %1\u2026").arg(url.toDisplayString()));
    QNetworkRequest request(url);
    request.setTransferTimeout(SendTimeoutMSecs);
    m_discoveryReply = m_network->get(request);
    QNetworkReply *reply = m_discoveryReply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, urls] {
        reply->deleteLater();
        const QJsonObject metadata = QJsonDocument::fromJson(reply->readAll()).object();
        const QString tokenEndpoint = metadata.value("token_endpoint"_L1).toString();
        if (reply->error() != QNetworkReply::NoError || tokenEndpoint.isEmpty()) {
            if (!urls.isEmpty() && reply->error() != QNetworkReply::OperationCanceledError) {
                discoverFrom(urls);
                return;
            }
            m_discoverStatus->setText(tr("No token endpoint found at %1: %2")
                                          .arg(url.toDisplayString(),
                                              reply->error() != QNetworkReply::NoError
                                                  ? reply->errorString()
                                                  : tr("the document has no token_endpoint")));
            return;
        }
        m_discoveredMetadata = metadata;
        m_discoveredScopes.clear();
        const QJsonArray scopes = metadata.value("scopes_supported"_L1).toArray();
        for (const QJsonValue &scope : scopes)
            m_discoveredScopes.append(scope.toString());
        m_discoverStatus->setText(tr("Found in %1.").arg(url.toDisplayString()));
        refreshTarget();
    });
}

void ComposerPage::send()
{
    if (m_reply)
        return;
    m_sentFlowStep.reset();
    if (currentKind().codeFlow) {
        const CodeFlowPanel::Step step = m_codeFlow->step();
        if (step == CodeFlowPanel::Step::Authorize || step == CodeFlowPanel::Step::Logout) {
            m_statusLabel->setText(tr("The browser sends this one: Open in Browser."));
            Theme::setTone(m_statusLabel, Theme::Tone::Muted);
            return;
        }
        m_sentFlowStep = step;
    }
    const TokenRequestBuilder builder(currentInput());
    const QUrl url = builder.input().tokenUrl;
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)) {
        m_statusLabel->setText(tr("Enter an http or https endpoint URL."));
        return;
    }
    if (isEmbeddedServerStopped()) {
        // Not "Connection refused": say why, and how to fix it.
        m_statusLabel->setText(tr("Not sent: the embedded server is stopped."));
        Theme::setTone(m_statusLabel, Theme::Tone::Error);
        refreshServerStopped();
        m_ui->startServerButton->setFocus(Qt::OtherFocusReason);
        return;
    }
    QNetworkRequest request(url);
    for (const auto &[name, value] : builder.headers()) {
        if (name != "Host"_ba)
            request.setRawHeader(name, value);
    }
    m_sendStartedMSecs = QDateTime::currentMSecsSinceEpoch();
    m_sentToEmbedded = Target(m_targetCombo->currentIndex()) == Target::EmbeddedServer;
    m_replyFinished = false;
    m_timedOut = false;
    m_sentInput = builder.input();
    m_replyStatus = 0;
    m_record.reset();
    m_accessToken.clear();
    m_inspectButton->hide();
    m_explanationLabel->hide();
    m_responseText->clear();
    m_statusLabel->setText(tr("Sending\u2026"));
    Theme::setTone(m_statusLabel, Theme::Tone::Normal);

    m_reply = builder.requestMethod() == "POST"
        ? m_network->post(request, builder.body())
        : m_network->sendCustomRequest(request, builder.requestMethod(), builder.body());
    if (m_trustCheck->isChecked() && !m_trustedSslErrors.isEmpty())
        m_reply->ignoreSslErrors(m_trustedSslErrors);
    connect(m_reply, &QNetworkReply::sslErrors, this,
        [this](const QList<QSslError> &errors) { m_pendingSslErrors = errors; });
    connect(m_reply, &QNetworkReply::finished, this, &ComposerPage::finishReply);
    m_elapsed.start();
    m_timeout->start(SendTimeoutMSecs);
    m_sendButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_cancelShortcut->setEnabled(true);
}

void ComposerPage::cancel()
{
    if (m_reply) {
        m_statusLabel->setText(tr("Cancelled."));
        m_reply->abort();
    }
}

void ComposerPage::finishReply()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout->stop();
    m_sendButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_cancelShortcut->setEnabled(false);
    m_replyFinished = true;
    const qint64 elapsed = m_elapsed.elapsed();

    m_replyStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_replyStatus == 0) {
        QString text = reply->errorString();
        if (!m_pendingSslErrors.isEmpty()) {
            QStringList lines = {tr("TLS errors:")};
            for (const QSslError &error : std::as_const(m_pendingSslErrors))
                lines.append(u"  "_s + error.errorString());
            text += u"\n\n"_s + lines.join(u'\n');
            m_trustedSslErrors = m_pendingSslErrors;
            m_trustCheck->show();
        }
        m_pendingSslErrors.clear();
        if (reply->error() != QNetworkReply::OperationCanceledError)
            m_statusLabel->setText(tr("Failed after %1 ms").arg(elapsed));
        Theme::setTone(m_statusLabel, Theme::Tone::Error);
        m_responseText->setPlainText(text);
        if (m_timedOut)
            recordSent(0, tr("timed out"));
        else if (reply->error() == QNetworkReply::OperationCanceledError)
            recordSent(0, tr("cancelled"));
        else
            recordSent(0, reply->errorString());
        return;
    }

    const QByteArray body = reply->readAll();
    QString text
        = u"HTTP %1 %2\n"_s.arg(m_replyStatus)
              .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    for (const auto &[name, value] : reply->rawHeaderPairs())
        text += QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value) + u'\n';
    const QJsonDocument json = QJsonDocument::fromJson(body);
    text += u'\n'
        + (json.isNull() ? QString::fromUtf8(body)
                         : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
    m_responseText->setPlainText(text);
    m_statusLabel->setText(tr("HTTP %1 in %2 ms").arg(m_replyStatus).arg(elapsed));
    const bool ok = m_replyStatus >= 200 && m_replyStatus < 300;
    Theme::setTone(m_statusLabel, ok ? Theme::Tone::Success : Theme::Tone::Error);
    const QJsonObject object = json.object();
    const ComposerRequestKind &kind = ComposerRequestKinds::forEndpoint(m_sentInput.endpoint);
    if (ok) {
        m_accessToken = object.value("access_token"_L1).toString();
        m_inspectButton->setVisible(!m_accessToken.isEmpty());
        if (!m_accessToken.isEmpty()) {
            // "The last token received", for the API call, the introspection, the revocation.
            m_lastToken = m_accessToken;
            if (tokenSource() == TokenSource::LastReceived)
                refreshTokenSource();
        }
        if (kind.describeSuccess) {
            m_explanationLabel->setText(kind.describeSuccess(body));
            m_explanationLabel->show();
        }
    } else if (kind.describeError) {
        m_explanationLabel->setText(
            kind.describeError(m_replyStatus, reply->rawHeader("WWW-Authenticate"), body));
        m_explanationLabel->setVisible(!m_explanationLabel->text().isEmpty());
    } else {
        m_explanationLabel->setText(explainError(object.value("error"_L1).toString()));
        m_explanationLabel->setVisible(!m_explanationLabel->text().isEmpty());
    }
    const QString error = object.value("error"_L1).toString();
    recordSent(m_replyStatus, ok || error.isEmpty() ? QString::number(m_replyStatus) : error);
    showServerReason();
    if (m_sentFlowStep)
        m_codeFlow->handleAnswer(*m_sentFlowStep, m_replyStatus, body);
}

void ComposerPage::recordSent(int status, const QString &outcome)
{
    // The code flow's steps spend single-use values (a code, a rotated refresh token) that the
    // history does not keep: sent again, they could only be refused.
    if (m_sentFlowStep)
        return;
    HistoryEntry entry;
    entry.sentMSecs = m_sendStartedMSecs;
    entry.input = m_sentInput;
    entry.toEmbeddedServer = m_sentToEmbedded;
    entry.bearerToken
        = TokenRequestBuilder(m_sentInput).isResourceCall() && !m_sentInput.token.isEmpty();
    entry.status = status;
    entry.outcome = outcome;
    m_history->append(std::move(entry));
}

bool ComposerPage::loadHistoryEntry()
{
    const QModelIndex index = m_historyView->currentIndex();
    if (!index.isValid())
        return false;
    const HistoryEntry entry = m_history->entry(index.row());
    const TokenRequestInput &input = entry.input;

    m_requestKindCombo->setCurrentIndex(std::max(0,
        m_requestKindCombo->findData(ComposerRequestKinds::forEndpoint(input.endpoint).endpoint)));
    // The embedded server may listen on another port than when the request was sent.
    const bool embedded = entry.toEmbeddedServer || input.tokenUrl.toString() == embeddedUrl();
    if (currentKind().resourceCall) {
        m_apiMethodCombo->setCurrentText(input.httpMethod.isEmpty() ? u"GET"_s : input.httpMethod);
        if (!input.jsonBody.isEmpty())
            m_apiBodyEdit->setPlainText(input.jsonBody);
        // The path below the resource server's URL, which may have another port now.
        QString path = input.tokenUrl.path();
        const QString context = QUrl(m_workspace->resourceServer()->baseUrl()).path();
        if (embedded && path.startsWith(context))
            path = path.mid(context.size());
        if (embedded)
            m_apiPathCombo->setCurrentText(path);
        m_tokenSourceCombo->setCurrentIndex(m_tokenSourceCombo->findData(
            int(entry.bearerToken ? TokenSource::LastReceived : TokenSource::None)));
    }
    m_targetCombo->setCurrentIndex(int(embedded ? Target::EmbeddedServer : Target::Manual));
    if (!embedded)
        m_tokenUrlEdit->setText(input.tokenUrl.toString());

    const int clientIndex = m_clientCombo->findData(input.clientId);
    m_clientCombo->setCurrentIndex(std::max(clientIndex, 0));
    m_clientIdEdit->setText(input.clientId);
    // The history holds no secrets: the registered client's, or the user types it.
    const Configuration configuration = m_workspace->configuration();
    const ClientRegistration *client = configuration.findClient(input.clientId);
    m_secretField->setText(client ? client->clientSecret : QString());
    setMethod(input.method);

    QStringList others = input.scopes;
    {
        const QSignalBlocker blocker(m_scopeList);
        for (int row = 0; row < m_scopeList->count(); ++row) {
            QListWidgetItem *item = m_scopeList->item(row);
            const bool wanted = input.scopes.contains(item->text());
            item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
            others.removeAll(item->text());
        }
    }
    m_extraScopesEdit->setText(others.join(u' '));
    if (tokenSource() == TokenSource::Typed)
        m_tokenEdit->clear();
    m_tokenTypeHintCombo->setCurrentIndex(
        std::max(0, m_tokenTypeHintCombo->findData(input.tokenTypeHint)));

    QStringList retype; // credentials the history kept masked
    // The history never keeps a token; a resource call takes the last one received, if any.
    if (currentKind().usesToken && tokenSource() == TokenSource::Typed)
        retype.append(u"token"_s);
    else if (currentKind().resourceCall && entry.bearerToken && m_lastToken.isEmpty())
        retype.append(u"token"_s);
    {
        const QSignalBlocker blocker(m_parameterTable);
        m_parameterTable->setRowCount(0);
        for (const auto &[name, value] : input.extraParameters) {
            const bool masked = SecretMasking::isCredentialParameter(name)
                && value == QLatin1StringView(SecretMasking::Mask);
            if (masked)
                retype.append(name);
            const int row = m_parameterTable->rowCount();
            m_parameterTable->insertRow(row);
            m_parameterTable->setItem(row, 0, new QTableWidgetItem(name));
            m_parameterTable->setItem(row, 1, new QTableWidgetItem(masked ? QString() : value));
        }
    }
    refreshPreview();
    if (!retype.isEmpty()) {
        m_statusLabel->setText(tr("The history does not keep secrets: type %1 again, then send.")
                                   .arg(retype.join(u", "_s)));
        Theme::setTone(m_statusLabel, Theme::Tone::Muted);
        return false;
    }
    return true;
}

void ComposerPage::showServerReason()
{
    if (!m_replyFinished || !m_record || m_replyStatus < 400)
        return;
    const QString reason = m_record->decision.reason;
    if (reason.isEmpty())
        return;
    QString text = m_explanationLabel->text();
    const QString line = tr("The embedded server says: %1").arg(reason);
    if (text.contains(line))
        return;
    text += (text.isEmpty() ? QString() : u"\n"_s) + line;
    m_explanationLabel->setText(text);
    m_explanationLabel->show();
}
