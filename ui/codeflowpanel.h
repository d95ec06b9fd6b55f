// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/codeflow.h"
#include "tokenrequestbuilder.h"

#include <QGroupBox>
#include <QUrl>

#include <functional>

struct AuthorizationCallback;
class LoopbackListener;
class QLabel;
class QPushButton;

// The authorization code flow in the Composer, as steps (RFC 6749 §4.1, RFC 7636, RFC 8252,
// OpenID Connect): 1. the authorization URL with new PKCE, state and nonce values for the
// Composer's client, 2. opened in the system browser (or copied), 3. the redirect caught on a
// loopback listener opened for this flow alone, its state and iss checked, 4. the code exchanged
// at the token endpoint, the ID token's nonce and at_hash checked, 5. refresh, userinfo and
// logout. Each step's request is input(); the Composer shows it, sends it (sendRequested) and
// hands the answer back (handleAnswer).
class CodeFlowPanel : public QGroupBox
{
    Q_OBJECT
public:
    enum class Step { Authorize, Exchange, Refresh, UserInfo, Logout };

    struct Endpoints
    {
        QString issuer;
        QUrl authorization;
        QUrl token;
        QUrl userInfo;
        QUrl endSession;
        bool issRequired = false; // the server sends iss in every authorization response
    };

    explicit CodeFlowPanel(QWidget *parent = nullptr);
    ~CodeFlowPanel() override;

    // Where the steps go; asked again before each step.
    void setEndpointsProvider(std::function<Endpoints()> provider);
    // The Composer's client: id, credentials and method, the scopes to ask for; its tokenUrl is
    // the token endpoint (a client assertion's audience).
    void setClientProvider(std::function<TokenRequestInput()> provider);

    Step step() const { return m_step; }
    // The current step's request, exactly as the Composer shows and sends it.
    TokenRequestInput input() const;
    // The answer to the step the Composer just sent.
    void handleAnswer(Step step, int status, const QByteArray &body);

    // Makes new PKCE, state and nonce values, opens the listener and builds the URL (step 1).
    bool start();
    void cancel();
    // The URL for the values of the last start() and the client's scopes now; invalid before.
    QUrl authorizationUrl() const;
    QUrl logoutUrl() const;
    QString redirectUri() const { return m_redirectUri; }
    QString codeVerifier() const { return m_verifier; }
    QString code() const { return m_code; }
    QString accessToken() const { return m_accessToken; }
    QString refreshToken() const { return m_refreshToken; }
    QString idToken() const { return m_idToken; }
    bool isListening() const;

Q_SIGNALS:
    // input() changed: the Composer shows it again.
    void inputChanged();
    // Exchange, Refresh and UserInfo go out through the Composer's Send.
    void sendRequested();
    // What the loopback listener received and answered, for the response view.
    void callbackShown(const QString &text);
    void idTokenToInspect(const QString &idToken);

private:
    void setStep(Step step);
    void callbackReceived(const AuthorizationCallback &callback);
    void refreshButtons();
    QLabel *valueLabel(const QString &objectName);
    QLabel *noteLabel(const QString &text);

    std::function<Endpoints()> m_endpoints;
    std::function<TokenRequestInput()> m_client;
    LoopbackListener *m_listener;
    Step m_step = Step::Authorize;
    QString m_issuer;
    QString m_verifier;
    QString m_challenge;
    QString m_state;
    QString m_nonce;
    QString m_redirectUri;
    QUrl m_authorizationEndpoint;
    QString m_code;
    QString m_accessToken;
    QString m_refreshToken;
    QString m_idToken;

    QPushButton *m_startButton;
    QLabel *m_verifierLabel;
    QLabel *m_challengeLabel;
    QLabel *m_stateLabel;
    QLabel *m_nonceLabel;
    QLabel *m_redirectLabel;
    QPushButton *m_openButton;
    QPushButton *m_copyButton;
    QLabel *m_listenerLabel;
    QPushButton *m_cancelButton;
    QLabel *m_codeLabel;
    QLabel *m_callbackChecksLabel;
    QPushButton *m_exchangeButton;
    QLabel *m_tokensLabel;
    QLabel *m_idTokenChecksLabel;
    QPushButton *m_inspectButton;
    QPushButton *m_refreshButton;
    QPushButton *m_userInfoButton;
    QPushButton *m_logoutButton;
    QLabel *m_resultLabel;
};
