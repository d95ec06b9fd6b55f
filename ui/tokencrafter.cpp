// SPDX-License-Identifier: GPL-3.0-or-later
#include "tokencrafter.h"

#include "secretfield.h"
#include "theme.h"

#include "jose/base64url.h"
#include "jose/jws.h"
#include "jose/key.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

enum KeyPage { SecretPage, PrivateKeyPage, UnsignedPage };

QString indented(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    return document.isObject()
        ? QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed()
        : QString::fromUtf8(json);
}

QPlainTextEdit *jsonEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setTabChangesFocus(true);
    return edit;
}

} // namespace

TokenCrafter::TokenCrafter(const JwtDecoding &decoding, QWidget *parent)
    : QDialog(parent)
    , m_headerEdit(jsonEdit(u"craftHeaderEdit"_s, this))
    , m_payloadEdit(jsonEdit(u"craftPayloadEdit"_s, this))
    , m_algorithmCombo(new QComboBox(this))
    , m_matchAlgCheck(new QCheckBox(tr("Set the header's \u201calg\u201d to &match"), this))
    , m_keyStack(new QStackedWidget(this))
    , m_secretField(new SecretField(this))
    , m_keyEdit(jsonEdit(u"craftKeyEdit"_s, this))
    , m_generateButton(new QPushButton(tr("&Generate a Key"), this))
    , m_tokenView(jsonEdit(u"craftTokenView"_s, this))
    , m_problemLabel(new QLabel(this))
    , m_inspectButton(new QPushButton(Theme::icon(u"inspector"), tr("&Inspect This Token"), this))
    , m_composerButton(new QPushButton(Theme::icon(u"composer"), tr("Use in Com&poser"), this))
{
    setWindowTitle(tr("Edit and Re-sign"));
    m_headerEdit->setAccessibleName(tr("Header"));
    m_payloadEdit->setAccessibleName(tr("Payload"));
    m_headerEdit->setPlainText(indented(
        decoding.headerJson.isEmpty() ? R"({"alg":"HS256","typ":"JWT"})"_ba : decoding.headerJson));
    m_payloadEdit->setPlainText(indented(decoding.payloadJson));

    m_algorithmCombo->setObjectName(u"craftAlgorithmCombo"_s);
    m_algorithmCombo->addItem(tr("none (unsigned)"), u"none"_s);
    for (const QString &alg : JwtInspector::supportedAlgorithms())
        m_algorithmCombo->addItem(alg, alg);
    m_matchAlgCheck->setObjectName(u"craftMatchAlgCheck"_s);
    m_matchAlgCheck->setChecked(true);
    m_matchAlgCheck->setToolTip(tr("Untick to keep the header as typed, e.g. one that claims "
                                   "HS256 while the signature is made otherwise"));

    m_secretField->setObjectName(u"craftSecretField"_s);
    m_secretField->lineEdit()->setObjectName(u"craftSecretEdit"_s);
    m_secretField->lineEdit()->setAccessibleName(tr("Shared secret"));
    m_secretField->setPlaceholderText(tr("The HMAC secret, as UTF-8 text; several lines allowed"));
    // Several lines: a PEM public key pasted whole is the secret of the "HS256 with the public
    // key as secret" attack, which a resource server that trusts the header's alg falls for.
    m_secretField->setMultiLine(true);
    m_secretField->setToolTip(
        tr("Paste a server's public key (PEM, every line) to make the token of the \u201cHS256 "
           "with the public key as secret\u201d attack"));
    auto *secretPage = new QWidget(m_keyStack);
    auto *secretLayout = new QHBoxLayout(secretPage);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    secretLayout->addWidget(m_secretField);
    m_keyStack->addWidget(secretPage);
    auto *keyPage = new QWidget(m_keyStack);
    auto *keyLayout = new QVBoxLayout(keyPage);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    m_keyEdit->setAccessibleName(tr("Private key"));
    m_keyEdit->setPlaceholderText(tr("-----BEGIN PRIVATE KEY----- \u2026 (PEM)"));
    m_keyEdit->setMaximumHeight(m_keyEdit->fontMetrics().lineSpacing() * 6);
    keyLayout->addWidget(m_keyEdit);
    m_generateButton->setObjectName(u"craftGenerateButton"_s);
    m_generateButton->setToolTip(tr("A new key of the kind the algorithm needs (RSA 2048, the "
                                    "curve of ES256/384/512, Ed25519); it is not kept"));
    keyLayout->addWidget(m_generateButton, 0, Qt::AlignLeft);
    m_keyStack->addWidget(keyPage);
    auto *unsignedLabel = new QLabel(
        tr("No signature: anyone could have written these claims, and a resource server must "
           "refuse the token."),
        m_keyStack);
    unsignedLabel->setWordWrap(true);
    m_keyStack->addWidget(unsignedLabel);

    m_tokenView->setReadOnly(true);
    m_tokenView->setAccessibleName(tr("Encoded token"));
    m_tokenView->setWordWrapMode(QTextOption::WrapAnywhere);
    m_problemLabel->setObjectName(u"craftProblemLabel"_s);
    m_problemLabel->setWordWrap(true);
    m_inspectButton->setObjectName(u"craftInspectButton"_s);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    for (const auto &[edit, title] :
        {std::pair {m_headerEdit, tr("Header")}, std::pair {m_payloadEdit, tr("Payload")}}) {
        auto *panel = new QWidget(splitter);
        auto *panelLayout = new QVBoxLayout(panel);
        panelLayout->setContentsMargins(0, 0, 0, 0);
        auto *label = new QLabel(u"<b>%1</b>"_s.arg(title.toHtmlEscaped()), panel);
        panelLayout->addWidget(label);
        panelLayout->addWidget(edit);
    }

    auto *form = new QFormLayout;
    auto *algorithmRow = new QHBoxLayout;
    algorithmRow->addWidget(m_algorithmCombo);
    algorithmRow->addWidget(m_matchAlgCheck);
    algorithmRow->addStretch(1);
    auto *algorithmLabel = new QLabel(tr("&Algorithm:"), this);
    algorithmLabel->setBuddy(m_algorithmCombo);
    form->addRow(algorithmLabel, algorithmRow);
    m_keyLabel = new QLabel(tr("&Key:"), this);
    m_keyLabel->setObjectName(u"craftKeyLabel"_s);
    form->addRow(m_keyLabel, m_keyStack);
    connect(m_secretField, &SecretField::revealedChanged, this, &TokenCrafter::updateKeyBuddy);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copy = buttons->addButton(tr("&Copy Token"), QDialogButtonBox::ActionRole);
    buttons->addButton(m_inspectButton, QDialogButtonBox::ActionRole);
    // Sent from the Composer: to the server's introspection endpoint, or as a client's proof.
    m_composerButton->setObjectName(u"craftComposerButton"_s);
    m_composerButton->setToolTip(tr("Send this token from the Composer"));
    auto *composerMenu = new QMenu(m_composerButton);
    QAction *asToken = composerMenu->addAction(tr("As the &Token of an Introspection Request"));
    asToken->setObjectName(u"craftIntrospectAction"_s);
    QAction *asAssertion
        = composerMenu->addAction(tr("As the &Client Assertion of a Token Request"));
    asAssertion->setObjectName(u"craftAssertionAction"_s);
    asAssertion->setToolTip(tr("For client_secret_jwt or private_key_jwt: iss names the client"));
    m_composerButton->setMenu(composerMenu);
    buttons->addButton(m_composerButton, QDialogButtonBox::ActionRole);
    connect(asToken, &QAction::triggered, this, [this] {
        Q_EMIT composerRequested(m_token, ComposerUse::IntrospectionToken);
        accept();
    });
    connect(asAssertion, &QAction::triggered, this, [this] {
        Q_EMIT composerRequested(m_token, ComposerUse::ClientAssertion);
        accept();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 2);
    layout->addLayout(form);
    auto *tokenLabel = new QLabel(u"<b>%1</b>"_s.arg(tr("Encoded token").toHtmlEscaped()), this);
    layout->addWidget(tokenLabel);
    layout->addWidget(m_tokenView, 1);
    layout->addWidget(m_problemLabel);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(copy, &QPushButton::clicked, this,
        [this] { QGuiApplication::clipboard()->setText(m_token); });
    connect(m_inspectButton, &QPushButton::clicked, this, [this] {
        Q_EMIT inspectRequested(m_token);
        accept();
    });
    connect(m_generateButton, &QPushButton::clicked, this, &TokenCrafter::generateKey);
    for (QPlainTextEdit *edit : {m_headerEdit, m_payloadEdit, m_keyEdit})
        connect(edit, &QPlainTextEdit::textChanged, this, &TokenCrafter::rebuild);
    connect(m_secretField, &SecretField::textChanged, this, &TokenCrafter::rebuild);
    connect(m_matchAlgCheck, &QCheckBox::toggled, this, &TokenCrafter::rebuild);
    connect(m_algorithmCombo, &QComboBox::currentIndexChanged, this, &TokenCrafter::rebuild);

    const int index = m_algorithmCombo->findData(decoding.alg);
    m_algorithmCombo->setCurrentIndex(index >= 0 ? index : m_algorithmCombo->findData(u"HS256"_s));
    resize(fontMetrics().averageCharWidth() * 110, fontMetrics().height() * 34);
    rebuild();
}

TokenCrafter::~TokenCrafter() = default;

void TokenCrafter::setAlgorithm(const QString &alg)
{
    m_algorithmCombo->setCurrentIndex(m_algorithmCombo->findData(alg));
}

void TokenCrafter::updateKeyBuddy()
{
    // Alt+K reaches the input shown: QLabel gives the focus only to a buddy that takes it, which
    // the stack and the secret field's frame do not.
    const int page = m_keyStack->currentIndex();
    QWidget *field = nullptr;
    if (page == SecretPage) {
        field = m_secretField->isRevealed() && m_secretField->textEdit()
            ? static_cast<QWidget *>(m_secretField->textEdit())
            : m_secretField->lineEdit();
    } else if (page == PrivateKeyPage) {
        field = m_keyEdit;
    } else {
        field = m_algorithmCombo; // unsigned: nothing to type, the algorithm is what matters
    }
    m_keyLabel->setBuddy(field);
}

void TokenCrafter::generateKey()
{
    const QString alg = m_algorithmCombo->currentData().toString();
    Key key;
    if (alg.startsWith(u"RS"_s) || alg.startsWith(u"PS"_s))
        key = Key::generateRsa(2048);
    else if (alg == u"ES256"_s)
        key = Key::generateEc(256);
    else if (alg == u"ES384"_s)
        key = Key::generateEc(384);
    else if (alg == u"ES512"_s)
        key = Key::generateEc(521);
    else if (alg == u"EdDSA"_s)
        key = Key::generateEd25519();
    if (!key.isNull())
        m_keyEdit->setPlainText(QString::fromLatin1(key.privateKeyPem()));
}

void TokenCrafter::rebuild()
{
    const QString alg = m_algorithmCombo->currentData().toString();
    const bool none = alg == u"none"_s;
    const bool hmac = alg.startsWith(u"HS"_s);
    m_keyStack->setCurrentIndex(none ? UnsignedPage : hmac ? SecretPage : PrivateKeyPage);
    updateKeyBuddy();

    m_token.clear();
    m_problem.clear();
    QJsonParseError error;
    const QJsonDocument headerDocument
        = QJsonDocument::fromJson(m_headerEdit->toPlainText().toUtf8(), &error);
    QByteArray headerJson;
    if (!headerDocument.isObject()) {
        m_problem = tr("The header must be a JSON object: %1.")
                        .arg(error.error == QJsonParseError::NoError ? tr("it is not an object")
                                                                     : error.errorString());
    } else {
        QJsonObject header = headerDocument.object();
        if (m_matchAlgCheck->isChecked())
            header.insert(u"alg"_s, alg);
        headerJson = QJsonDocument(header).toJson(QJsonDocument::Compact);
    }
    // A JSON payload is written compactly; anything else (a plain JWS) as typed.
    const QByteArray typed = m_payloadEdit->toPlainText().toUtf8();
    const QJsonDocument payloadDocument = QJsonDocument::fromJson(typed);
    const QByteArray payloadJson
        = payloadDocument.isObject() ? payloadDocument.toJson(QJsonDocument::Compact) : typed;

    if (m_problem.isEmpty()) {
        if (none) {
            m_token = QString::fromLatin1(
                Base64Url::encode(headerJson) + '.' + Base64Url::encode(payloadJson) + '.');
        } else {
            Key key;
            if (hmac) {
                if (m_secretField->text().isEmpty())
                    m_problem = tr("Enter the shared secret to sign with.");
                else
                    key = Key::fromSecret(m_secretField->text().toUtf8());
            } else {
                QString keyError;
                const QByteArray pem = m_keyEdit->toPlainText().trimmed().toLatin1();
                key = pem.isEmpty() ? Key() : Key::fromPem(pem, &keyError);
                if (pem.isEmpty())
                    m_problem = tr("Paste a private key (PEM), or press Generate a Key.");
                else if (key.isNull())
                    m_problem = tr("The key cannot be read: %1").arg(keyError);
                else if (!key.isPrivate())
                    m_problem = tr("Signing needs the private key; this is a public one.");
            }
            if (m_problem.isEmpty()) {
                m_token = QString::fromLatin1(Jws::compact(headerJson, payloadJson, alg, key));
                if (m_token.isEmpty())
                    m_problem = tr("This key cannot sign %1: it is of another kind.").arg(alg);
            }
        }
    }
    m_tokenView->setPlainText(m_token);
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
    Theme::setTone(m_problemLabel, Theme::Tone::Error);
    m_inspectButton->setEnabled(!m_token.isEmpty());
    m_composerButton->setEnabled(!m_token.isEmpty());
}
