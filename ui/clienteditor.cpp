// SPDX-License-Identifier: GPL-3.0-or-later
#include "clienteditor.h"
#include "ui_clienteditor.h"

#include "client/jwksfetcher.h"
#include "configurationedits.h"
#include "durationedit.h"
#include "fieldmessage.h"
#include "jose/base64url.h"
#include "oauth/protocolregistry.h"
#include "scopechecklistmodel.h"
#include "secretfield.h"
#include "store/clientjwkset.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
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

// A ConfigurationJson message ("a public client ... (RFC 9700 §2.1.1)") as a sentence.
QString sentence(const QString &problem)
{
    if (problem.isEmpty())
        return problem;
    QString text = problem;
    text[0] = text.at(0).toUpper();
    if (!text.endsWith(u'.'))
        text.append(u'.');
    return text;
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
    buildJwtUi();
    buildTokenFormatUi();
    createOptionBoxes();
    for (const auto &[method, box] : std::as_const(m_methodBoxes))
        connectEdit(box, &QCheckBox::toggled, Field::AuthMethods);
    for (const auto &[grant, box] : std::as_const(m_grantBoxes))
        connectEdit(box, &QCheckBox::toggled, Field::GrantTypes);
    connectEdit(m_scopesModel, &QAbstractItemModel::dataChanged, Field::Scopes);
    connectEdit(m_ui->tokenLifetimeEdit, &DurationEdit::secondsChanged, Field::Lifetime);
    connectEdit(m_tokenFormatComboBox, &QComboBox::currentIndexChanged, Field::TokenFormat);
    connectEdit(m_ui->redirectUrisTextEdit, &QPlainTextEdit::textChanged, Field::RedirectUris);
    connectEdit(m_ui->postLogoutRedirectUrisTextEdit, &QPlainTextEdit::textChanged,
        Field::PostLogoutRedirectUris);
    connectEdit(m_ui->requirePkceCheckBox, &QCheckBox::toggled, Field::Pkce);
    connectEdit(m_ui->allowPlainPkceCheckBox, &QCheckBox::toggled, Field::Pkce);
    connect(m_ui->requireConsentCheckBox, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            updateState();
    });
    connectEdit(
        m_ui->authorizationCodeLifetimeEdit, &DurationEdit::secondsChanged, Field::CodeLifetime);
    connectEdit(
        m_ui->refreshTokenLifetimeEdit, &DurationEdit::secondsChanged, Field::RefreshLifetime);
    connect(m_ui->rotateRefreshTokensCheckBox, &QCheckBox::toggled, this, [this] {
        if (!m_loading)
            updateState();
    });
    // The duration edits' parts named after their field, so each name stays unique in the form
    // (the access token lifetime's keep the plain names they had).
    const std::pair<DurationEdit *, QString> namedEdits[] = {
        {m_ui->authorizationCodeLifetimeEdit, u"authorizationCode"_s},
        {m_ui->refreshTokenLifetimeEdit, u"refreshToken"_s},
    };
    for (const auto &[edit, prefix] : namedEdits) {
        const QList<QWidget *> parts = edit->findChildren<QWidget *>();
        for (QWidget *part : parts) {
            QString name = part->objectName();
            if (name.isEmpty())
                continue;
            name[0] = name.at(0).toUpper();
            part->setObjectName(prefix + name);
        }
    }
    // A code lives an hour at most: the 4-hour preset would only ever be refused.
    if (auto *tooLong = findChild<QToolButton *>(u"authorizationCodePreset14400ToolButton"_s)) {
        tooLong->hide();
    }
    // A few lines tall: most clients have one or two URIs.
    for (QPlainTextEdit *uris :
        {m_ui->redirectUrisTextEdit, m_ui->postLogoutRedirectUrisTextEdit}) {
        const QFontMetrics metrics(uris->font());
        uris->setFixedHeight(metrics.lineSpacing() * 3 + 2 * uris->frameWidth()
            + int(uris->document()->documentMargin() * 2));
    }

    connect(m_ui->secretExpiresCheckBox, &QCheckBox::toggled, this, [this](bool checked) {
        m_ui->secretExpiresDateTimeEdit->setVisible(checked);
        if (checked && !m_loading) {
            // A quarter is a common rotation period; the user adjusts it.
            m_ui->secretExpiresDateTimeEdit->setDateTime(QDateTime::fromSecsSinceEpoch(
                QDateTime::currentSecsSinceEpoch() + 90 * 24 * 60 * 60));
        }
    });
    // Loading a client is not the user pointing at a method.
    for (const auto &[method, box] : std::as_const(m_methodBoxes)) {
        connect(box, &QCheckBox::toggled, this, [this, name = method] {
            if (!m_loading)
                highlightMethod(name);
        });
        box->installEventFilter(this);
    }
    connectEdit(m_keySourceComboBox, &QComboBox::currentIndexChanged, Field::AuthMethods);
    connectEdit(m_jwksUriLineEdit, &QLineEdit::textChanged, Field::AuthMethods);
    connectEdit(m_jwksTextEdit, &QPlainTextEdit::textChanged, Field::AuthMethods);

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
    QList<QLabel *> labels = {m_ui->clientIdErrorLabel, m_ui->clientSecretErrorLabel,
        m_ui->secretExpiryErrorLabel, m_ui->authMethodsErrorLabel, m_ui->grantTypesErrorLabel,
        m_ui->scopesErrorLabel, m_ui->tokenLifetimeErrorLabel};
    if (m_tokenFormatMessageLabel)
        labels.append(m_tokenFormatMessageLabel);
    return labels;
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
    m_generatedKeyPem.clear();
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

void ClientEditor::buildJwtUi()
{
    QWidget *form = m_ui->clientSecretPostCheckBox->parentWidget();
    m_secretJwtCheckBox = new QCheckBox(u"client_secret_jwt"_s, form);
    m_secretJwtCheckBox->setObjectName(u"clientSecretJwtCheckBox"_s);
    m_secretJwtCheckBox->setToolTip(tr("A JWT signed with the secret (HS256/384/512, RFC 7523). "
                                       "HS256 needs a secret of at least 32 bytes."));
    m_privateKeyJwtCheckBox = new QCheckBox(u"private_key_jwt"_s, form);
    m_privateKeyJwtCheckBox->setObjectName(u"privateKeyJwtCheckBox"_s);
    m_privateKeyJwtCheckBox->setToolTip(
        tr("A JWT signed with the client's private key (RS, PS, ES, EdDSA; RFC 7523), verified "
           "with the public keys below."));
    auto *methods = new QHBoxLayout;
    methods->addWidget(m_secretJwtCheckBox);
    methods->addWidget(m_privateKeyJwtCheckBox);
    methods->addStretch();
    int row = -1;
    QFormLayout::ItemRole role;
    m_ui->formLayout->getLayoutPosition(m_ui->authMethodsLayout, &row, &role);
    m_ui->formLayout->insertRow(row + 1, QString(), methods);

    m_keysBox = new QWidget(form);
    m_keysBox->setObjectName(u"clientKeysBox"_s);
    auto *keys = new QVBoxLayout(m_keysBox);
    keys->setContentsMargins(0, 0, 0, 0);
    m_keySourceComboBox = new QComboBox(m_keysBox);
    m_keySourceComboBox->setObjectName(u"keySourceComboBox"_s);
    m_keySourceComboBox->setAccessibleName(tr("Where the server finds the client's public keys"));
    m_keySourceComboBox->addItem(tr("JWK set URL (jwksUri), fetched by the server"));
    m_keySourceComboBox->addItem(tr("JWK set pasted here (jwks)"));
    keys->addWidget(m_keySourceComboBox);
    auto *urlRow = new QHBoxLayout;
    m_jwksUriLineEdit = new QLineEdit(m_keysBox);
    m_jwksUriLineEdit->setObjectName(u"jwksUriLineEdit"_s);
    m_jwksUriLineEdit->setAccessibleName(tr("JWK set URL (jwksUri)"));
    m_jwksUriLineEdit->setPlaceholderText(u"http://localhost:8095/ms-auth-client/oauth2/jwks"_s);
    m_fetchJwksButton = new QPushButton(tr("Fetch now"), m_keysBox);
    m_fetchJwksButton->setObjectName(u"fetchJwksButton"_s);
    m_fetchJwksButton->setToolTip(tr("Fetch the set once, to check what the server will find"));
    urlRow->addWidget(m_jwksUriLineEdit);
    urlRow->addWidget(m_fetchJwksButton);
    keys->addLayout(urlRow);
    m_jwksTextEdit = new QPlainTextEdit(m_keysBox);
    m_jwksTextEdit->setObjectName(u"jwksTextEdit"_s);
    m_jwksTextEdit->setAccessibleName(tr("Pasted JWK set"));
    m_jwksTextEdit->setPlaceholderText(tr("{\"keys\": [{\"kty\": \"EC\", ...}]}"));
    m_jwksTextEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_jwksTextEdit->setMaximumHeight(120);
    keys->addWidget(m_jwksTextEdit);
    m_generateKeyButton = new QPushButton(tr("Generate a Ke&y Pair for This Client"), m_keysBox);
    m_generateKeyButton->setObjectName(u"generateKeyButton"_s);
    m_generateKeyButton->setToolTip(
        tr("An EC P-256 key pair: the app keeps the private key (in the configuration file, "
           "readable by you only) to sign the composer's assertions; the public JWK set goes "
           "above"));
    keys->addWidget(m_generateKeyButton, 0, Qt::AlignLeft);
    m_jwksStatusLabel = new QLabel(m_keysBox);
    m_jwksStatusLabel->setObjectName(u"jwksStatusLabel"_s);
    m_jwksStatusLabel->setWordWrap(true);
    keys->addWidget(m_jwksStatusLabel);
    m_keysLabel = new QLabel(tr("Client keys:"), form);
    m_ui->formLayout->insertRow(row + 2, m_keysLabel, m_keysBox);

    QWidget::setTabOrder(m_ui->clientSecretPostCheckBox, m_secretJwtCheckBox);
    QWidget::setTabOrder(m_secretJwtCheckBox, m_privateKeyJwtCheckBox);
    QWidget::setTabOrder(m_privateKeyJwtCheckBox, m_keySourceComboBox);
    QWidget::setTabOrder(m_keySourceComboBox, m_jwksUriLineEdit);
    QWidget::setTabOrder(m_jwksUriLineEdit, m_fetchJwksButton);
    QWidget::setTabOrder(m_fetchJwksButton, m_jwksTextEdit);
    QWidget::setTabOrder(m_jwksTextEdit, m_generateKeyButton);
    QWidget::setTabOrder(m_generateKeyButton, m_ui->clientCredentialsCheckBox);

    connect(
        m_privateKeyJwtCheckBox, &QCheckBox::toggled, this, &ClientEditor::updateKeysVisibility);
    connect(m_keySourceComboBox, &QComboBox::currentIndexChanged, this,
        &ClientEditor::updateKeysVisibility);
    connect(m_fetchJwksButton, &QPushButton::clicked, this, &ClientEditor::fetchJwksNow);
    connect(m_generateKeyButton, &QPushButton::clicked, this, &ClientEditor::generateKeyPair);
    updateKeysVisibility();
}

void ClientEditor::buildTokenFormatUi()
{
    m_tokenFormatComboBox = new QComboBox(this);
    m_tokenFormatComboBox->setObjectName(u"tokenFormatComboBox"_s);
    m_tokenFormatComboBox->setToolTip(
        tr("What the access tokens issued to this client look like; applied at the next token "
           "request once saved"));
    auto *label = new QLabel(tr("To&ken format:"), this);
    label->setObjectName(u"tokenFormatLabel"_s);
    label->setBuddy(m_tokenFormatComboBox);
    m_tokenFormatMessageLabel = new QLabel(this);
    m_tokenFormatMessageLabel->setObjectName(u"tokenFormatMessageLabel"_s);
    m_tokenFormatMessageLabel->setWordWrap(true);
    m_tokenFormatMessageLabel->setTextFormat(Qt::PlainText);
    m_tokenFormatMessageLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // The combo as wide as its longest entry, like the lifetime beside it, not the whole row.
    auto *row = new QHBoxLayout;
    row->addWidget(m_tokenFormatComboBox);
    row->addStretch(1);
    m_ui->formLayout->addRow(label, row);
    m_ui->formLayout->setWidget(
        m_ui->formLayout->rowCount(), QFormLayout::FieldRole, m_tokenFormatMessageLabel);
    QWidget::setTabOrder(m_ui->tokenLifetimeEdit, m_tokenFormatComboBox);
    QWidget::setTabOrder(m_tokenFormatComboBox, m_ui->revertButton);
    setTokenFormatOptions(TokenFormat::Jwt.toString());
}

void ClientEditor::setTokenFormatOptions(const QString &current)
{
    const QSignalBlocker blocker(m_tokenFormatComboBox);
    m_tokenFormatComboBox->clear();
    const QStringList formats = ProtocolRegistry::instance().tokenFormats();
    for (const QString &format : formats)
        m_tokenFormatComboBox->addItem(format, format);
    if (!current.isEmpty() && !formats.contains(current))
        m_tokenFormatComboBox->addItem(
            tr("%1 (not supported by this version)").arg(current), current);
    m_tokenFormatComboBox->setCurrentIndex(std::max(0, m_tokenFormatComboBox->findData(current)));
}

QString ClientEditor::tokenFormatHint(const QString &format)
{
    if (format == TokenFormat::Jwt)
        return tr("A signed JWT (RFC 9068): a resource server checks it itself with the "
                  "server's JWK set.");
    if (format == TokenFormat::Reference)
        return tr("An opaque reference (96 random bytes): a resource server asks the "
                  "introspection endpoint what it means (RFC 7662).");
    return {};
}

ClientEditor::KeySource ClientEditor::keySource() const
{
    return m_keySourceComboBox->currentIndex() == 1 ? KeySource::Pasted : KeySource::Url;
}

void ClientEditor::updateKeysVisibility()
{
    const bool shown = m_privateKeyJwtCheckBox->isChecked();
    m_keysLabel->setVisible(shown);
    m_keysBox->setVisible(shown);
    const bool url = keySource() == KeySource::Url;
    m_jwksUriLineEdit->setVisible(url);
    m_fetchJwksButton->setVisible(url);
    m_jwksTextEdit->setVisible(!url);
    m_generateKeyButton->setVisible(!url);
    m_jwksStatusLabel->clear();
}

void ClientEditor::generateKeyPair()
{
    const Key key = Key::generateEc(256);
    QJsonObject jwk = key.publicJwk();
    jwk.insert(u"kid"_s, key.thumbprint());
    jwk.insert(u"use"_s, u"sig"_s);
    jwk.insert(u"alg"_s, u"ES256"_s);
    m_generatedKeyPem = QString::fromLatin1(key.privateKeyPem());
    m_keySourceComboBox->setCurrentIndex(1);
    m_jwksTextEdit->setPlainText(QString::fromUtf8(QJsonDocument(
        QJsonObject {{u"keys"_s, QJsonArray {jwk}}}).toJson(QJsonDocument::Indented)));
    FieldMessage::show(m_jwksStatusLabel, nullptr,
        tr("Generated an EC P-256 key pair (kid %1). The app keeps the private key to sign the "
           "composer's assertions; the server gets the public JWK set above.")
            .arg(key.thumbprint()),
        FieldMessage::Severity::Hint);
}

void ClientEditor::fetchJwksNow()
{
    if (!m_jwksFetcher) {
        m_jwksFetcher = new JwksFetcher(this);
        m_jwksFetcher->setTimeout(5000);
        connect(m_jwksFetcher, &JwksFetcher::finished, this, [this](const JwksFetchResult &result) {
            m_fetchJwksButton->setEnabled(true);
            if (!result.isOk()) {
                FieldMessage::show(m_jwksStatusLabel, nullptr,
                    tr("Not fetched: %1").arg(result.error), FieldMessage::Severity::Error);
                return;
            }
            QStringList kids;
            for (const VerificationKey &key : result.keys)
                kids.append(key.kid.isEmpty() ? tr("(no kid)") : key.kid);
            FieldMessage::show(m_jwksStatusLabel, nullptr,
                tr("Fetched %n key(s): %1", nullptr, int(result.keys.size()))
                    .arg(kids.join(u", "_s)),
                FieldMessage::Severity::Hint);
        });
    }
    m_fetchJwksButton->setEnabled(false);
    m_jwksStatusLabel->setText(tr("Fetching\u2026"));
    m_jwksFetcher->fetch(QUrl(m_jwksUriLineEdit->text().trimmed()));
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
    const ProtocolRegistry &registry = ProtocolRegistry::instance();
    setUnsupportedOptions(&m_methodBoxes, m_ui->authMethodsLayout, registry.authenticationMethods(),
        client.authenticationMethods, Field::AuthMethods);
    setUnsupportedOptions(&m_grantBoxes, m_ui->grantTypesLayout, registry.grantTypes(),
        client.grantTypes, Field::GrantTypes);
    for (const auto &[method, box] : std::as_const(m_methodBoxes))
        box->setChecked(client.allowsAuthenticationMethod(method));
    for (const auto &[grant, box] : std::as_const(m_grantBoxes))
        box->setChecked(client.allowsGrantType(grant));
    m_ui->redirectUrisTextEdit->setPlainText(client.redirectUris.join(u'\n'));
    m_ui->postLogoutRedirectUrisTextEdit->setPlainText(client.postLogoutRedirectUris.join(u'\n'));
    m_ui->requirePkceCheckBox->setChecked(client.requirePkce);
    m_ui->allowPlainPkceCheckBox->setChecked(client.allowPlainPkce);
    m_ui->requireConsentCheckBox->setChecked(client.requireConsent);
    m_ui->authorizationCodeLifetimeEdit->setSeconds(client.authorizationCodeLifetimeSeconds);
    m_ui->refreshTokenLifetimeEdit->setSeconds(client.refreshTokenLifetimeSeconds);
    m_ui->rotateRefreshTokensCheckBox->setChecked(client.rotateRefreshTokens);
    m_keySourceComboBox->setCurrentIndex(
        client.jwksUri.isEmpty() && !client.jwks.isEmpty() ? 1 : 0);
    m_jwksUriLineEdit->setText(client.jwksUri);
    m_jwksTextEdit->setPlainText(client.jwks.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(client.jwks).toJson(QJsonDocument::Indented)));
    updateKeysVisibility();
    m_scopesModel->setCheckedScopes(client.scopes);
    m_ui->tokenLifetimeEdit->setSeconds(client.accessTokenLifetimeSeconds);
    setTokenFormatOptions(client.tokenFormat);
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
    // From the loaded client, so what this form has no field for yet (audience, extra claims)
    // is kept as it was.
    ClientRegistration client = m_baseline;
    client.clientId = m_ui->clientIdLineEdit->text();
    client.clientSecret = m_ui->clientSecretField->text();
    client.displayName = m_ui->displayNameLineEdit->text();

    // Methods and grants this build does not implement (a configuration may name them) have no
    // check box and stay as they were.
    const auto checkedOptions
        = [](const QList<std::pair<QString, QCheckBox *>> &boxes, const QStringList &baseline) {
              QStringList checked;
              for (const auto &[name, box] : boxes) {
                  if (box->isChecked())
                      checked.append(name);
              }
              for (const QString &name : baseline) {
                  const bool shown = std::any_of(boxes.begin(), boxes.end(),
                      [&name](const auto &option) { return option.first == name; });
                  if (!shown && !checked.contains(name))
                      checked.append(name);
              }
              return orderedLike(baseline, checked);
          };
    client.authenticationMethods = checkedOptions(m_methodBoxes, m_baseline.authenticationMethods);
    client.grantTypes = checkedOptions(m_grantBoxes, m_baseline.grantTypes);
    // The keys as the form shows them while private_key_jwt is on; as they were otherwise, so
    // that switching the method off and on again loses nothing.
    client.jwks = m_baseline.jwks;
    client.jwksUri = m_baseline.jwksUri;
    if (m_privateKeyJwtCheckBox->isChecked()) {
        if (keySource() == KeySource::Url) {
            client.jwksUri = m_jwksUriLineEdit->text().trimmed();
            client.jwks = {};
        } else {
            client.jwksUri.clear();
            client.jwks = QJsonDocument::fromJson(m_jwksTextEdit->toPlainText().toUtf8()).object();
        }
    }
    // No widget for it yet: as it was.
    client.assertionMaxLifetimeSeconds = m_baseline.assertionMaxLifetimeSeconds;
    // The app-held private key stays only while its public half is in the set.
    const QString pem
        = m_generatedKeyPem.isEmpty() ? m_baseline.appPrivateKeyPem : m_generatedKeyPem;
    if (!pem.isEmpty()) {
        const QString thumbprint = Key::fromPem(pem.toUtf8()).thumbprint();
        const std::optional<ClientJwkSet> set = ClientJwks::parse(client.jwks, nullptr);
        const bool published = set
            && std::any_of(set->keys.cbegin(), set->keys.cend(),
                [&thumbprint](const ClientKey &key) { return key.key.thumbprint() == thumbprint; });
        if (published)
            client.appPrivateKeyPem = pem;
    }

    client.scopes = orderedLike(m_baseline.scopes, m_scopesModel->checkedScopes());
    client.accessTokenLifetimeSeconds = m_ui->tokenLifetimeEdit->seconds();
    client.tokenFormat = m_tokenFormatComboBox->currentData().toString();
    client.clientSecretExpiresAt = expiryFromForm();
    client.redirectUris = uriLines(m_ui->redirectUrisTextEdit);
    client.postLogoutRedirectUris = uriLines(m_ui->postLogoutRedirectUrisTextEdit);
    client.requirePkce = m_ui->requirePkceCheckBox->isChecked();
    client.allowPlainPkce = m_ui->allowPlainPkceCheckBox->isChecked();
    client.requireConsent = m_ui->requireConsentCheckBox->isChecked();
    client.authorizationCodeLifetimeSeconds = m_ui->authorizationCodeLifetimeEdit->seconds();
    client.refreshTokenLifetimeSeconds = m_ui->refreshTokenLifetimeEdit->seconds();
    client.rotateRefreshTokens = m_ui->rotateRefreshTokensCheckBox->isChecked();
    return client;
}

QStringList ClientEditor::uriLines(const QPlainTextEdit *edit)
{
    QStringList uris;
    const QStringList lines = edit->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            uris.append(line.trimmed());
    }
    return uris;
}

QString ClientEditor::uriListError(const QPlainTextEdit *edit) const
{
    const QStringList lines = edit->toPlainText().split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString uri = lines.at(i).trimmed();
        if (uri.isEmpty())
            continue;
        if (const QString problem = ConfigurationJson::validateRedirectUri(uri);
            !problem.isEmpty()) {
            return lines.size() == 1 ? tr("The URI %1.").arg(problem)
                                     : tr("The URI on line %1 %2.").arg(i + 1).arg(problem);
        }
    }
    return {};
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
        // private_key_jwt alone needs no secret (the protocol catalogue says which methods do).
        if (current.clientSecret.isEmpty()
            && std::any_of(current.authenticationMethods.cbegin(),
                current.authenticationMethods.cend(),
                [](const QString &method) { return Protocol::usesSecret(method); })) {
            return tr("The secret must not be empty: both methods authenticate with it. "
                      "Generate makes a strong one.");
        }
        return {};
    case Field::SecretExpiry:
        return {};
    case Field::AuthMethods:
        if (current.authenticationMethods.isEmpty())
            return tr("Choose at least one method, or no request can authenticate as this client.");
        if (const QString problem
            = ConfigurationJson::validateAuthenticationMethods(current.authenticationMethods);
            !problem.isEmpty()) {
            return sentence(problem);
        }
        if (current.allowsAuthenticationMethod(AuthMethod::PrivateKeyJwt)) {
            if (keySource() == KeySource::Url) {
                if (current.jwksUri.isEmpty())
                    return tr("Enter the URL where the client publishes its JWK set.");
                if (const QString problem = ConfigurationJson::validateJwksUri(current.jwksUri);
                    !problem.isEmpty()) {
                    return tr("The JWK set URL %1.").arg(problem);
                }
                return {};
            }
            QJsonParseError parseError;
            QJsonDocument::fromJson(m_jwksTextEdit->toPlainText().toUtf8(), &parseError);
            if (m_jwksTextEdit->toPlainText().trimmed().isEmpty())
                return tr("Paste the client's public JWK set, {\"keys\": [...]}.");
            if (parseError.error != QJsonParseError::NoError)
                return tr("The JWK set is not JSON: %1.").arg(parseError.errorString());
            if (const QString problem = ConfigurationJson::validateJwks(current.jwks);
                !problem.isEmpty()) {
                return tr("The JWK set: %1.").arg(problem);
            }
        }
        return {};
    case Field::GrantTypes:
        if (current.grantTypes.isEmpty())
            return tr("Choose at least one grant type, or the client can never get a token.");
        return sentence(ConfigurationJson::validateGrantTypes(current));
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
    case Field::TokenFormat:
        if (!ProtocolRegistry::instance().tokenFormats().contains(current.tokenFormat)) {
            return tr("This version cannot issue \u201c%1\u201d tokens: choose one of %2.")
                .arg(
                    current.tokenFormat, ProtocolRegistry::instance().tokenFormats().join(u", "_s));
        }
        return {};
    case Field::RedirectUris:
        if (const QString problem = uriListError(m_ui->redirectUrisTextEdit); !problem.isEmpty())
            return problem;
        return sentence(ConfigurationJson::validateRedirectUriPresence(current));
    case Field::PostLogoutRedirectUris:
        return uriListError(m_ui->postLogoutRedirectUrisTextEdit);
    case Field::Pkce:
        return sentence(ConfigurationJson::validatePkce(current));
    case Field::CodeLifetime:
        if (current.authorizationCodeLifetimeSeconds < 1
            || current.authorizationCodeLifetimeSeconds
                > ClientRegistration::MaxAuthorizationCodeLifetimeSeconds) {
            return tr("A code must live from 1 second to %1.")
                .arg(DurationEdit::format(ClientRegistration::MaxAuthorizationCodeLifetimeSeconds));
        }
        return {};
    case Field::RefreshLifetime:
        if (current.refreshTokenLifetimeSeconds < 1
            || current.refreshTokenLifetimeSeconds
                > ClientRegistration::MaxRefreshTokenLifetimeSeconds) {
            return tr("A refresh token must live from 1 second to %1.")
                .arg(DurationEdit::format(ClientRegistration::MaxRefreshTokenLifetimeSeconds));
        }
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
    // A rule between two settings shows as soon as either was touched.
    const auto errorIfEitherTouched = [this](Field field, Field other) -> QString {
        return m_touched.contains(field) || m_touched.contains(other) ? errorFor(field) : QString();
    };
    showMessage(m_ui->grantTypesErrorLabel, m_ui->clientCredentialsCheckBox,
        errorIfEitherTouched(Field::GrantTypes, Field::AuthMethods), {});
    showMessage(m_ui->redirectUrisMessageLabel, m_ui->redirectUrisTextEdit,
        errorIfEitherTouched(Field::RedirectUris, Field::GrantTypes), {},
        tr("One URI per line, compared exactly, except that for http://127.0.0.1 and "
           "http://[::1] any port matches (RFC 8252 §7.3)."));
    showMessage(m_ui->postLogoutRedirectUrisErrorLabel, m_ui->postLogoutRedirectUrisTextEdit,
        errorIfTouched(Field::PostLogoutRedirectUris), {});
    showMessage(m_ui->pkceErrorLabel, m_ui->requirePkceCheckBox,
        errorIfEitherTouched(Field::Pkce, Field::AuthMethods), {});
    showMessage(m_ui->authorizationCodeLifetimeErrorLabel,
        m_ui->authorizationCodeLifetimeEdit->spinBox(), errorIfTouched(Field::CodeLifetime), {});
    showMessage(m_ui->refreshTokenLifetimeErrorLabel, m_ui->refreshTokenLifetimeEdit->spinBox(),
        errorIfTouched(Field::RefreshLifetime), {});
    // A missing scope is shown at once: the user did not cause it and should see it.
    showMessage(m_ui->scopesErrorLabel, m_ui->scopesListView, errorFor(Field::Scopes), {});
    // The number the token response carries, so a user can match the form to what they see.
    showMessage(m_ui->tokenLifetimeErrorLabel, m_ui->tokenLifetimeEdit->spinBox(),
        errorIfTouched(Field::Lifetime), {},
        tr("Token responses say \"expires_in\": %1.").arg(m_ui->tokenLifetimeEdit->seconds()));
    // Like a missing scope, an unsupported format is shown at once: it came with the file.
    const QString format = m_tokenFormatComboBox->currentData().toString();
    showMessage(m_tokenFormatMessageLabel, m_tokenFormatComboBox, errorFor(Field::TokenFormat), {},
        tokenFormatHint(format));
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
    case Field::TokenFormat:
        return m_tokenFormatComboBox;
    case Field::RedirectUris:
        return m_ui->redirectUrisTextEdit;
    case Field::PostLogoutRedirectUris:
        return m_ui->postLogoutRedirectUrisTextEdit;
    case Field::Pkce:
        return m_ui->requirePkceCheckBox;
    case Field::CodeLifetime:
        return m_ui->authorizationCodeLifetimeEdit->spinBox();
    case Field::RefreshLifetime:
        return m_ui->refreshTokenLifetimeEdit->spinBox();
    }
    return nullptr;
}

bool ClientEditor::validate()
{
    constexpr Field Order[] = {Field::ClientId, Field::Secret, Field::SecretExpiry,
        Field::AuthMethods, Field::GrantTypes, Field::RedirectUris, Field::PostLogoutRedirectUris,
        Field::Pkce, Field::CodeLifetime, Field::RefreshLifetime, Field::Scopes, Field::Lifetime,
        Field::TokenFormat};
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
    // The scroll bar's own width: a platform theme's can be wider than the style's metric, and a
    // form a few pixels short of its fields scrolls sideways.
    const int scrollBar = std::max(scroll->verticalScrollBar()->sizeHint().width(),
        style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, scroll));
    return std::max(fields->sizeHint().width(), fields->minimumSizeHint().width()) + scrollBar
        + 2 * scroll->frameWidth();
}

int ClientEditor::naturalHeight() const
{
    const auto *scroll = findChild<QScrollArea *>(u"fieldsScrollArea"_s);
    int height = m_ui->editorLayout->contentsMargins().top()
        + m_ui->editorLayout->contentsMargins().bottom() + scroll->widget()->sizeHint().height()
        + 2 * scroll->frameWidth();
    int items = 1;
    for (QLayout *row :
        {static_cast<QLayout *>(m_ui->headerLayout), static_cast<QLayout *>(m_ui->buttonsLayout)}) {
        height += row->sizeHint().height();
        ++items;
    }
    const int spacing = m_ui->editorLayout->spacing() >= 0
        ? m_ui->editorLayout->spacing()
        : style()->layoutSpacing(QSizePolicy::DefaultType, QSizePolicy::DefaultType, Qt::Vertical);
    return height + (items - 1) * spacing;
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
        for (const auto &[method, box] : std::as_const(m_methodBoxes)) {
            if (watched == box)
                highlightMethod(method);
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ClientEditor::createOptionBoxes()
{
    const ProtocolRegistry &registry = ProtocolRegistry::instance();
    const auto boxFor = [](QBoxLayout *layout, QCheckBox *laidOut, const QString &name) {
        if (laidOut)
            return laidOut;
        // Before the layout's trailing spacer.
        auto *box = new QCheckBox(name);
        box->setObjectName(name + u"CheckBox"_s);
        layout->insertWidget(std::max(0, layout->count() - 1), box);
        return box;
    };
    for (const QString &method : registry.authenticationMethods()) {
        // The form's own boxes; the JWT methods' sit on their row with the key options
        // (buildJwtUi).
        QCheckBox *laidOut = nullptr;
        if (method == AuthMethod::ClientSecretBasic)
            laidOut = m_ui->clientSecretBasicCheckBox;
        else if (method == AuthMethod::ClientSecretPost)
            laidOut = m_ui->clientSecretPostCheckBox;
        else if (method == AuthMethod::ClientSecretJwt)
            laidOut = m_secretJwtCheckBox;
        else if (method == AuthMethod::PrivateKeyJwt)
            laidOut = m_privateKeyJwtCheckBox;
        QCheckBox *box = boxFor(m_ui->authMethodsLayout, laidOut, method);
        if (method == AuthMethod::None) {
            box->setObjectName(u"noneCheckBox"_s);
            box->setText(tr("none (public client)"));
            box->setToolTip(tr("The client sends its client_id only, with no secret or key: an "
                               "app on a user's device or in a browser (RFC 6749 §2.1). It must "
                               "use PKCE, cannot use client_credentials, and takes no other "
                               "method."));
        }
        m_methodBoxes.append({method, box});
    }

    // In the registry's order; the form's client_credentials box is moved into place.
    m_ui->grantTypesLayout->removeWidget(m_ui->clientCredentialsCheckBox);
    int position = 0;
    for (const QString &grant : registry.grantTypes()) {
        QCheckBox *box = nullptr;
        if (grant == GrantType::ClientCredentials) {
            box = m_ui->clientCredentialsCheckBox;
            box->setText(tr("client_c&redentials (no user)"));
        } else {
            box = new QCheckBox(grant, m_ui->clientCredentialsCheckBox->parentWidget());
            box->setObjectName(grant + u"CheckBox"_s);
        }
        if (grant == GrantType::AuthorizationCode) {
            box->setObjectName(u"authorizationCodeCheckBox"_s);
            box->setText(tr("authorization_code (a user signs in)"));
            box->setToolTip(tr("A user signs in on the server's login page and the browser "
                               "brings a code back to a redirect URI, which the client exchanges "
                               "for tokens (RFC 6749 §4.1)"));
        } else if (grant == GrantType::RefreshToken) {
            box->setObjectName(u"refreshTokenCheckBox"_s);
            box->setText(tr("refresh_token (new tokens without signing in again)"));
            box->setToolTip(tr("Token responses also carry a refresh token, which gets new "
                               "access tokens without the user signing in again (RFC 6749 §6)"));
        }
        m_ui->grantTypesLayout->insertWidget(position++, box);
        m_grantBoxes.append({grant, box});
    }

    QWidget *previous = m_ui->clientSecretPostCheckBox;
    for (const auto &[method, box] : std::as_const(m_methodBoxes)) {
        if (box->parentWidget() && m_ui->authMethodsLayout->indexOf(box) >= 0
            && box != m_ui->clientSecretBasicCheckBox && box != m_ui->clientSecretPostCheckBox) {
            QWidget::setTabOrder(previous, box);
            previous = box;
        }
    }
    QWidget::setTabOrder(previous, m_secretJwtCheckBox);
    previous = m_generateKeyButton;
    for (const auto &[grant, box] : std::as_const(m_grantBoxes)) {
        QWidget::setTabOrder(previous, box);
        previous = box;
    }
    QWidget::setTabOrder(previous, m_ui->redirectUrisTextEdit);
}

void ClientEditor::setUnsupportedOptions(QList<std::pair<QString, QCheckBox *>> *boxes,
    QBoxLayout *layout, const QStringList &known, const QStringList &configured, Field field)
{
    boxes->removeIf([this](const std::pair<QString, QCheckBox *> &option) {
        if (!m_unsupportedBoxes.contains(option.second))
            return false;
        m_unsupportedBoxes.removeAll(option.second);
        delete option.second;
        return true;
    });
    for (const QString &name : configured) {
        if (known.contains(name))
            continue;
        auto *box = new QCheckBox(tr("%1 (not supported by this version)").arg(name),
            m_ui->clientCredentialsCheckBox->parentWidget());
        box->setObjectName(u"unsupportedCheckBox"_s);
        box->setToolTip(tr("The configuration names \u201c%1\u201d, which this version does not "
                           "implement; uncheck it to remove it from the client.")
                            .arg(name));
        layout->insertWidget(std::max(0, layout->count() - 1), box);
        connect(box, &QCheckBox::toggled, this, [this, field] { fieldEdited(field); });
        boxes->append({name, box});
        m_unsupportedBoxes.append(box);
    }
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
