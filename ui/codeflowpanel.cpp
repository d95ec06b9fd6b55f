// SPDX-License-Identifier: GPL-3.0-or-later
#include "codeflowpanel.h"

#include "client/loopbackredirect.h"
#include "theme.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString checkLine(bool passed, const QString &name, const QString &detail)
{
    // The words carry the verdict; the mark is for the eye.
    return (passed ? u"\u2713 %1: pass \u2014 %2"_s : u"\u2717 %1: FAIL \u2014 %2"_s)
        .arg(name, detail);
}

QString shortened(const QString &token)
{
    return token.size() <= 40 ? token : token.left(24) + u"\u2026"_s + token.right(8);
}

} // namespace

CodeFlowPanel::CodeFlowPanel(QWidget *parent)
    : QGroupBox(tr("Authorization code flow"), parent), m_listener(new LoopbackListener(this))
{
    setObjectName(u"codeFlowGroupBox"_s);
    auto *layout = new QVBoxLayout(this);

    // Alt+W and Alt+X: the other letters are the Composer's and the menus'.
    // 1. The authorization request.
    layout->addWidget(heading(tr("1. Build the authorization URL"), this));
    m_startButton = new QPushButton(tr("Ne&w Authorization Request"), this);
    m_startButton->setObjectName(u"codeFlowStartButton"_s);
    m_startButton->setToolTip(tr("New PKCE, state and nonce values, and a loopback listener on a "
                                 "port the system picks"));
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_startButton);
    startRow->addStretch();
    layout->addLayout(startRow);
    // A grid rather than a form layout: the wrapped notes get the height their width needs.
    auto *values = new QGridLayout;
    values->setColumnStretch(1, 1);
    const auto addValue = [this, values](const QString &name, QLabel *value) {
        const int row = values->rowCount();
        values->addWidget(new QLabel(name, this), row, 0, Qt::AlignLeft | Qt::AlignTop);
        values->addWidget(value, row, 1);
    };
    const auto addNote = [this, values](const QString &text) {
        QLabel *note = noteLabel(text);
        values->addWidget(note, values->rowCount(), 1);
    };
    m_verifierLabel = valueLabel(u"codeFlowVerifierLabel"_s);
    addValue(u"code_verifier:"_s, m_verifierLabel);
    addNote(tr("A new random secret of 43 characters from the RFC 7636 §4.1 unreserved set (32 "
               "bytes of the system's CSPRNG, base64url) that stays in this app until the token "
               "request."));
    m_challengeLabel = valueLabel(u"codeFlowChallengeLabel"_s);
    addValue(u"code_challenge:"_s, m_challengeLabel);
    addNote(tr("BASE64URL(SHA-256(code_verifier)), method S256 (RFC 7636 §4.2): it goes in the "
               "URL, so whoever intercepts the code still lacks the verifier."));
    m_stateLabel = valueLabel(u"codeFlowStateLabel"_s);
    addValue(u"state:"_s, m_stateLabel);
    m_nonceLabel = valueLabel(u"codeFlowNonceLabel"_s);
    addValue(u"nonce:"_s, m_nonceLabel);
    m_redirectLabel = valueLabel(u"codeFlowRedirectLabel"_s);
    addValue(u"redirect_uri:"_s, m_redirectLabel);
    m_codeLabel = valueLabel(u"codeFlowCodeLabel"_s);
    layout->addLayout(values);

    // 2. The browser.
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(heading(tr("2. Sign in with the browser"), this));
    m_openButton = new QPushButton(tr("Open in Browser"), this);
    m_openButton->setObjectName(u"codeFlowOpenButton"_s);
    m_copyButton = new QPushButton(Theme::icon(u"copy"), tr("Copy URL"), this);
    m_copyButton->setObjectName(u"codeFlowCopyButton"_s);
    layout->addWidget(noteLabel(tr("The browser shows the server's sign-in page (user1 and "
                                   "password by default) and a consent page if the client asks "
                                   "for one, then is redirected to the listener.")));
    auto *browserRow = new QHBoxLayout;
    browserRow->addWidget(m_openButton);
    browserRow->addWidget(m_copyButton);
    browserRow->addStretch();
    layout->addLayout(browserRow);

    // 3. The redirect.
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(heading(tr("3. Catch the redirect"), this));
    m_listenerLabel = noteLabel(tr("No listener: start with New Authorization Request."));
    m_listenerLabel->setObjectName(u"codeFlowListenerLabel"_s);
    m_cancelButton = new QPushButton(tr("Stop Listening"), this);
    m_cancelButton->setObjectName(u"codeFlowCancelButton"_s);
    auto *listenerRow = new QHBoxLayout;
    listenerRow->addWidget(m_listenerLabel, 1);
    listenerRow->addWidget(m_cancelButton, 0, Qt::AlignTop);
    layout->addLayout(listenerRow);
    auto *callback = new QHBoxLayout;
    callback->addWidget(new QLabel(u"code:"_s, this));
    callback->addWidget(m_codeLabel, 1);
    layout->addLayout(callback);
    m_callbackChecksLabel = noteLabel(QString());
    m_callbackChecksLabel->setObjectName(u"codeFlowCallbackChecksLabel"_s);
    layout->addWidget(m_callbackChecksLabel);

    // 4. The token request.
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(heading(tr("4. Exchange the code"), this));
    m_exchangeButton = new QPushButton(Theme::icon(u"start"), tr("E&xchange Code"), this);
    m_exchangeButton->setObjectName(u"codeFlowExchangeButton"_s);
    m_exchangeButton->setToolTip(tr("grant_type=authorization_code with the code_verifier, "
                                    "authenticated as the client's method says"));
    m_inspectButton = new QPushButton(Theme::icon(u"inspector"), tr("id_token in Inspector"), this);
    m_inspectButton->setObjectName(u"codeFlowInspectButton"_s);
    auto *exchangeRow = new QHBoxLayout;
    exchangeRow->addWidget(m_exchangeButton);
    exchangeRow->addWidget(m_inspectButton);
    exchangeRow->addStretch();
    layout->addLayout(exchangeRow);
    m_tokensLabel = valueLabel(u"codeFlowTokensLabel"_s);
    layout->addWidget(m_tokensLabel);
    m_idTokenChecksLabel = noteLabel(QString());
    m_idTokenChecksLabel->setObjectName(u"codeFlowIdTokenChecksLabel"_s);
    layout->addWidget(m_idTokenChecksLabel);

    // 5. What the tokens are for.
    layout->addSpacing(layout->spacing() * 2);
    layout->addWidget(heading(tr("5. Use the tokens"), this));
    m_refreshButton = new QPushButton(tr("Refresh"), this);
    m_refreshButton->setObjectName(u"codeFlowRefreshButton"_s);
    m_refreshButton->setToolTip(tr("grant_type=refresh_token (RFC 6749 §6)"));
    m_userInfoButton = new QPushButton(tr("UserInfo"), this);
    m_userInfoButton->setObjectName(u"codeFlowUserInfoButton"_s);
    m_userInfoButton->setToolTip(
        tr("GET /userinfo with the access token (OpenID Connect Core §5.3)"));
    m_logoutButton = new QPushButton(tr("Log Out"), this);
    m_logoutButton->setObjectName(u"codeFlowLogoutButton"_s);
    m_logoutButton->setToolTip(tr("Open /connect/logout with id_token_hint in the browser "
                                  "(OpenID Connect RP-Initiated Logout)"));
    auto *useRow = new QHBoxLayout;
    useRow->addWidget(m_refreshButton);
    useRow->addWidget(m_userInfoButton);
    useRow->addWidget(m_logoutButton);
    useRow->addStretch();
    layout->addLayout(useRow);
    m_resultLabel = noteLabel(QString());
    m_resultLabel->setObjectName(u"codeFlowResultLabel"_s);
    layout->addWidget(m_resultLabel);

    connect(m_startButton, &QPushButton::clicked, this, &CodeFlowPanel::start);
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        setStep(Step::Authorize);
        QDesktopServices::openUrl(authorizationUrl());
    });
    connect(m_copyButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(authorizationUrl().toString(QUrl::FullyEncoded));
    });
    connect(m_cancelButton, &QPushButton::clicked, this, &CodeFlowPanel::cancel);
    const auto sendStep = [this](Step step) {
        setStep(step);
        Q_EMIT sendRequested();
    };
    connect(
        m_exchangeButton, &QPushButton::clicked, this, [sendStep] { sendStep(Step::Exchange); });
    connect(m_refreshButton, &QPushButton::clicked, this, [sendStep] { sendStep(Step::Refresh); });
    connect(
        m_userInfoButton, &QPushButton::clicked, this, [sendStep] { sendStep(Step::UserInfo); });
    connect(m_logoutButton, &QPushButton::clicked, this, [this] {
        setStep(Step::Logout);
        QDesktopServices::openUrl(logoutUrl());
        m_resultLabel->setText(tr("Logout opened in the browser: the server ends its session "
                                  "there. The tokens stay valid until they expire or are "
                                  "revoked."));
    });
    connect(m_inspectButton, &QPushButton::clicked, this,
        [this] { Q_EMIT idTokenToInspect(m_idToken); });
    connect(
        m_listener, &LoopbackListener::callbackReceived, this, &CodeFlowPanel::callbackReceived);
    connect(m_listener, &LoopbackListener::requestRefused, this,
        [this](const AuthorizationCallback &refused) {
            m_callbackChecksLabel->setText(
                tr("Refused a request: %1. Still listening.").arg(refused.problem));
            Theme::setTone(m_callbackChecksLabel, Theme::Tone::Warning);
            Q_EMIT callbackShown(QString::fromLatin1(refused.requestLine) + u"\n\n"_s
                + QString::fromUtf8(LoopbackRedirect::answer(refused)));
        });
    connect(m_listener, &LoopbackListener::timedOut, this, [this] {
        m_listenerLabel->setText(tr("No redirect within %1 minutes: the listener is closed. "
                                    "Start a new request.")
                                     .arg(LoopbackListener::DefaultFlowTimeoutMSecs / 60000));
        Theme::setTone(m_listenerLabel, Theme::Tone::Error);
        refreshButtons();
    });
    refreshButtons();
}

CodeFlowPanel::~CodeFlowPanel() = default;

QLabel *CodeFlowPanel::valueLabel(const QString &objectName)
{
    auto *label = new QLabel(u"\u2014"_s, this);
    label->setObjectName(objectName);
    label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // One token a line: unwrapped, so the form does not reserve the height of a wrapped one.
    return label;
}

QLabel *CodeFlowPanel::noteLabel(const QString &text)
{
    auto *label = new QLabel(text, this);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    Theme::setTone(label, Theme::Tone::Muted);
    return label;
}

void CodeFlowPanel::setEndpointsProvider(std::function<Endpoints()> provider)
{
    m_endpoints = std::move(provider);
}

void CodeFlowPanel::setClientProvider(std::function<TokenRequestInput()> provider)
{
    m_client = std::move(provider);
}

bool CodeFlowPanel::isListening() const
{
    return m_listener->isListening();
}

bool CodeFlowPanel::start()
{
    const Endpoints endpoints = m_endpoints ? m_endpoints() : Endpoints();
    if (!endpoints.authorization.isValid()) {
        m_listenerLabel->setText(tr("No authorization endpoint: choose the embedded server, or "
                                    "discover an issuer first."));
        Theme::setTone(m_listenerLabel, Theme::Tone::Error);
        return false;
    }
    m_issuer = endpoints.issuer;
    m_verifier = CodeFlow::newCodeVerifier();
    m_challenge = CodeFlow::s256Challenge(m_verifier);
    m_state = CodeFlow::newState();
    m_nonce = CodeFlow::newNonce();
    m_code.clear();
    m_accessToken.clear();
    m_refreshToken.clear();
    m_idToken.clear();
    LoopbackRedirect::Expectation expected;
    expected.state = m_state;
    expected.issuer = m_issuer;
    expected.issRequired = endpoints.issRequired;
    if (!m_listener->listen(expected)) {
        m_listenerLabel->setText(
            tr("Could not open the loopback listener: %1").arg(m_listener->errorString()));
        Theme::setTone(m_listenerLabel, Theme::Tone::Error);
        refreshButtons();
        return false;
    }
    m_redirectUri = m_listener->redirectUri();
    m_authorizationEndpoint = endpoints.authorization;

    m_verifierLabel->setText(m_verifier);
    m_challengeLabel->setText(m_challenge);
    m_stateLabel->setText(m_state);
    m_nonceLabel->setText(m_nonce);
    m_redirectLabel->setText(m_redirectUri);
    m_listenerLabel->setText(tr("Listening on %1 for the redirect (RFC 8252 §7.3), for %2 "
                                "minutes; it closes after the first valid one.")
                                 .arg(m_redirectUri)
                                 .arg(LoopbackListener::DefaultFlowTimeoutMSecs / 60000));
    Theme::setTone(m_listenerLabel, Theme::Tone::Normal);
    m_codeLabel->setText(u"\u2014"_s);
    m_callbackChecksLabel->clear();
    m_tokensLabel->setText(u"\u2014"_s);
    m_idTokenChecksLabel->clear();
    m_resultLabel->clear();
    setStep(Step::Authorize);
    refreshButtons();
    return true;
}

void CodeFlowPanel::cancel()
{
    if (!m_listener->isListening())
        return;
    m_listener->cancel();
    m_listenerLabel->setText(tr("Stopped listening: a redirect now finds no one. Start a new "
                                "request."));
    Theme::setTone(m_listenerLabel, Theme::Tone::Muted);
    refreshButtons();
}

void CodeFlowPanel::callbackReceived(const AuthorizationCallback &callback)
{
    Q_EMIT callbackShown(QString::fromLatin1(callback.requestLine) + u"\n\n"_s
        + tr("The listener answered:") + u"\n"_s
        + QString::fromUtf8(LoopbackRedirect::answer(callback)));
    QStringList checks = {checkLine(
        true, u"state"_s, tr("%1 is the one sent (RFC 6749 §10.12)").arg(callback.state))};
    checks.append(callback.iss.isEmpty()
            ? tr("\u2013 iss: not sent; a server that supports RFC 9207 sends it")
            : checkLine(true, u"iss"_s, tr("%1 is the issuer (RFC 9207)").arg(callback.iss)));
    m_callbackChecksLabel->setText(checks.join(u'\n'));
    Theme::setTone(m_callbackChecksLabel, Theme::Tone::Success);
    if (callback.status == AuthorizationCallback::Status::Error) {
        m_codeLabel->setText(tr("none: the server redirected the error %1").arg(callback.error));
        m_listenerLabel->setText(callback.errorDescription.isEmpty()
                ? tr("The server refused: %1. The listener is closed.").arg(callback.error)
                : tr("The server refused: %1: %2. The listener is closed.")
                      .arg(callback.error, callback.errorDescription));
        Theme::setTone(m_listenerLabel, Theme::Tone::Error);
    } else {
        m_code = callback.code;
        m_codeLabel->setText(m_code);
        m_listenerLabel->setText(tr("Redirect received on %1; the listener is closed. The code "
                                    "is single-use and short-lived: exchange it now.")
                                     .arg(m_redirectUri));
        Theme::setTone(m_listenerLabel, Theme::Tone::Success);
        setStep(Step::Exchange);
    }
    refreshButtons();
}

QUrl CodeFlowPanel::authorizationUrl() const
{
    if (m_verifier.isEmpty())
        return {};
    // Built again each time: the scopes stay editable until the browser goes.
    const TokenRequestInput client = m_client ? m_client() : TokenRequestInput();
    CodeFlow::AuthorizationRequest request;
    request.authorizationEndpoint = m_authorizationEndpoint;
    request.clientId = client.clientId;
    request.redirectUri = m_redirectUri;
    request.scopes = client.scopes;
    request.state = m_state;
    request.nonce = m_nonce;
    request.codeChallenge = m_challenge;
    return CodeFlow::authorizationUrl(request);
}

void CodeFlowPanel::setStep(Step step)
{
    m_step = step;
    Q_EMIT inputChanged();
}

QUrl CodeFlowPanel::logoutUrl() const
{
    const Endpoints endpoints = m_endpoints ? m_endpoints() : Endpoints();
    QUrl url = endpoints.endSession;
    const TokenRequestInput client = m_client ? m_client() : TokenRequestInput();
    QByteArrayList pairs = {"id_token_hint=" + QUrl::toPercentEncoding(m_idToken),
        "client_id=" + QUrl::toPercentEncoding(client.clientId)};
    url.setQuery(QString::fromLatin1(pairs.join('&')), QUrl::StrictMode);
    return url;
}

TokenRequestInput CodeFlowPanel::input() const
{
    const Endpoints endpoints = m_endpoints ? m_endpoints() : Endpoints();
    TokenRequestInput client = m_client ? m_client() : TokenRequestInput();
    TokenRequestInput get;
    get.httpMethod = u"GET"_s;
    switch (m_step) {
    case Step::Authorize:
        get.endpoint = u"authorization_endpoint"_s;
        get.tokenUrl = m_verifier.isEmpty() ? endpoints.authorization : authorizationUrl();
        return get;
    case Step::UserInfo:
        get.endpoint = u"userinfo_endpoint"_s;
        get.tokenUrl = endpoints.userInfo;
        get.token = m_accessToken;
        return get;
    case Step::Logout:
        get.endpoint = u"end_session_endpoint"_s;
        get.tokenUrl = logoutUrl();
        return get;
    case Step::Exchange:
        client.grantType = u"authorization_code"_s;
        client.grantParameters = {{u"code"_s, m_code}, {u"redirect_uri"_s, m_redirectUri},
            {u"code_verifier"_s, m_verifier}};
        break;
    case Step::Refresh:
        client.grantType = u"refresh_token"_s;
        client.grantParameters = {{u"refresh_token"_s, m_refreshToken}};
        break;
    }
    client.endpoint = u"token_endpoint"_s;
    client.tokenUrl = endpoints.token;
    client.scopes.clear(); // the code and the refresh token carry the scopes granted
    client.extraParameters.clear();
    return client;
}

void CodeFlowPanel::handleAnswer(Step step, int status, const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const bool ok = status >= 200 && status < 300;
    if (step == Step::UserInfo) {
        m_resultLabel->setText(ok ? tr("UserInfo answered HTTP %1 for sub %2.")
                                        .arg(status)
                                        .arg(object.value("sub"_L1).toString())
                                  : tr("UserInfo answered HTTP %1.").arg(status));
        Theme::setTone(m_resultLabel, ok ? Theme::Tone::Success : Theme::Tone::Error);
        return;
    }
    if (step != Step::Exchange && step != Step::Refresh)
        return;
    if (!ok) {
        const QString error = object.value("error"_L1).toString();
        QLabel *label = step == Step::Exchange ? m_idTokenChecksLabel : m_resultLabel;
        label->setText(tr("The token endpoint answered HTTP %1 %2.").arg(status).arg(error));
        Theme::setTone(label, Theme::Tone::Error);
        if (step == Step::Exchange && error == "invalid_grant"_L1)
            m_code.clear(); // spent, expired or bound elsewhere: it will not work again
        refreshButtons();
        return;
    }
    m_accessToken = object.value("access_token"_L1).toString();
    if (object.contains("refresh_token"_L1))
        m_refreshToken = object.value("refresh_token"_L1).toString(); // rotated, or the first
    if (object.contains("id_token"_L1))
        m_idToken = object.value("id_token"_L1).toString();
    if (step == Step::Exchange)
        m_code.clear(); // single-use (RFC 6749 §4.1.2)
    QStringList tokens = {u"access_token:  "_s + shortened(m_accessToken)};
    tokens.append(u"refresh_token: "_s
        + (m_refreshToken.isEmpty() ? tr("(none)") : shortened(m_refreshToken)));
    tokens.append(
        u"id_token:      "_s + (m_idToken.isEmpty() ? tr("(none)") : shortened(m_idToken)));
    m_tokensLabel->setText(tokens.join(u'\n'));
    if (!m_idToken.isEmpty() && object.contains("id_token"_L1)) {
        QStringList lines;
        bool allPassed = true;
        for (const CodeFlow::Check &check :
            CodeFlow::checkIdToken(m_idToken, m_nonce, m_accessToken)) {
            lines.append(checkLine(check.passed, check.name, check.detail));
            allPassed = allPassed && check.passed;
        }
        m_idTokenChecksLabel->setText(lines.join(u'\n'));
        Theme::setTone(m_idTokenChecksLabel, allPassed ? Theme::Tone::Success : Theme::Tone::Error);
    } else if (step == Step::Exchange) {
        m_idTokenChecksLabel->setText(tr("No id_token: the scopes did not include openid."));
        Theme::setTone(m_idTokenChecksLabel, Theme::Tone::Muted);
    }
    if (step == Step::Refresh) {
        m_resultLabel->setText(object.contains("refresh_token"_L1)
                ? tr("Refreshed: a new access token, and a new refresh token (rotation: the old "
                     "one is spent).")
                : tr("Refreshed: a new access token; the refresh token stays."));
        Theme::setTone(m_resultLabel, Theme::Tone::Success);
    }
    refreshButtons();
}

void CodeFlowPanel::refreshButtons()
{
    const bool built = !m_verifier.isEmpty();
    m_openButton->setEnabled(built && m_listener->isListening());
    m_copyButton->setEnabled(built);
    m_cancelButton->setEnabled(m_listener->isListening());
    m_exchangeButton->setEnabled(!m_code.isEmpty());
    m_inspectButton->setEnabled(!m_idToken.isEmpty());
    m_refreshButton->setEnabled(!m_refreshToken.isEmpty());
    m_userInfoButton->setEnabled(!m_accessToken.isEmpty());
    m_logoutButton->setEnabled(!m_idToken.isEmpty());
}
