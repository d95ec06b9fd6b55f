// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "codeflowpanel.h"
#include "composerrequestkind.h"
#include "http/exchangerecord.h"
#include "tokenrequestbuilder.h"

#include <QJsonObject>

#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QSslError>
#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QShortcut;
class QTableWidget;
class QTabWidget;
class QTimer;
class RequestHistory;
class SecretField;
class Workspace;
namespace Ui {
class ComposerPage;
}

// Composes a request to one of the server's client-authenticating endpoints (a client
// credentials token request, an introspection, a revocation) or a call to the resource server's
// API with a bearer token (ComposerRequestKind), or walks the authorization code flow step by
// step (CodeFlowPanel); shows each request
// exactly as it goes on the wire and as curl, HTTPie and PowerShell commands, sends it and
// explains the answer.
class ComposerPage : public QWidget
{
    Q_OBJECT
public:
    enum class Target { EmbeddedServer, Discovered, Manual };

    explicit ComposerPage(Workspace *workspace, QWidget *parent = nullptr);
    ~ComposerPage() override;

    bool hasUnsavedChanges() const { return false; }
    bool saveChanges() { return true; }
    void discardChanges() { }

    TokenRequestInput currentInput() const;
    RequestHistory *history() const { return m_history; }
    const ComposerRequestKind &currentKind() const;

    // Fills the form for a request about a token (introspection, revocation: the endpoint's
    // metadata member) to the embedded server, authenticated as the registered client
    // "clientId" the way it is registered to.
    void prepareTokenCheck(const QString &endpoint, const QString &token, const QString &clientId);
    // A client assertion made elsewhere (the inspector's Edit and Re-sign): a token request
    // sends it as it is, for the client its "iss" names, until the user discards it; a new one
    // is then signed here for each request again.
    void useClientAssertion(const QString &assertion);
    // Sends the request the form shows (Send, Ctrl+Enter).
    void send();
    // Where a request about a token, or a resource call, takes its token from.
    enum class TokenSource { Typed, LastReceived, None };
    // The access token of the last successful token response ("The last token received").
    QString lastReceivedToken() const { return m_lastToken; }
    CodeFlowPanel *codeFlow() const { return m_codeFlow; }

Q_SIGNALS:
    void tokenReceived(const QString &token);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    void refreshTarget();
    void refreshClients();
    void refreshScopes(const QStringList &names);
    void applyClient(int index);
    void refreshPreview();
    // With "Embedded server" chosen and the server stopped, says so and offers to start it.
    void refreshServerStopped();
    bool isEmbeddedServerStopped() const;
    void discover();
    void discoverFrom(QList<QUrl> urls);
    void cancel();
    void finishReply();
    void showServerReason();
    void recordSent(int status, const QString &outcome);
    // Fills the form from a history entry; false when no entry is selected or a credential the
    // history masked has to be typed again (so "Send Again" does not send the mask).
    bool loadHistoryEntry();

    // The kind chosen: shows its fields, points the URL at its endpoint.
    void refreshKind();
    // The chosen kind's endpoint at the embedded server.
    QString embeddedUrl() const;
    // The form's request, without the code flow's steps: for the code flow, its client (the
    // token endpoint's URL, credentials, method, scopes).
    TokenRequestInput formInput() const;
    // The code flow's endpoints at the target: the embedded server's, or the discovered ones.
    CodeFlowPanel::Endpoints codeFlowEndpoints() const;
    // Entering the code flow with a client that cannot use it: the first one that can,
    // public-client first.
    void selectCodeFlowClient();

    std::unique_ptr<Ui::ComposerPage> m_ui;
    QComboBox *m_requestKindCombo = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QComboBox *m_tokenTypeHintCombo = nullptr;
    QString m_craftedAssertion;
    bool m_shownOnce = false;
    QString m_heldKeyAlg; // the "alg" the client's app-held key is published with
    QPushButton *m_discardAssertionButton = nullptr;
    QJsonObject m_discoveredMetadata;
    Workspace *m_workspace;
    QNetworkAccessManager *m_network;
    QComboBox *m_targetCombo = nullptr;
    QLineEdit *m_issuerEdit = nullptr;
    QPushButton *m_discoverButton = nullptr;
    QLabel *m_discoverStatus = nullptr;
    QLineEdit *m_tokenUrlEdit = nullptr;
    QComboBox *m_clientCombo = nullptr;
    QLineEdit *m_clientIdEdit = nullptr;
    SecretField *m_secretField = nullptr;
    QRadioButton *m_postRadio = nullptr;
    QRadioButton *m_basicRadio = nullptr;
    // client_secret_jwt and private_key_jwt (RFC 7523): the assertion is built and signed here,
    // with the secret or a pasted private key, and shown as header and claims.
    QRadioButton *m_secretJwtRadio = nullptr;
    QRadioButton *m_privateKeyJwtRadio = nullptr;
    QRadioButton *m_noneRadio = nullptr; // a public client: client_id alone (RFC 6749 §2.1)
    CodeFlowPanel *m_codeFlow = nullptr;
    // The code flow step being sent, if the request in flight is one.
    std::optional<CodeFlowPanel::Step> m_sentFlowStep;
    QWidget *m_assertionBox = nullptr;
    QComboBox *m_assertionAlgCombo = nullptr;
    QLineEdit *m_assertionKidEdit = nullptr;
    QPlainTextEdit *m_assertionKeyEdit = nullptr;
    QLabel *m_assertionKeyLabel = nullptr;
    QLabel *m_assertionLabel = nullptr;
    void buildAssertionUi();
    // The resource call's method, path and body; where a token comes from.
    void buildResourceCallUi();
    void refreshTokenSource();
    void refreshRouteScope();
    TokenSource tokenSource() const;
    QGroupBox *m_apiGroupBox = nullptr;
    QComboBox *m_apiMethodCombo = nullptr;
    QComboBox *m_apiPathCombo = nullptr;
    QPlainTextEdit *m_apiBodyEdit = nullptr;
    QLabel *m_apiBodyLabel = nullptr;
    QLabel *m_apiScopeLabel = nullptr;
    QComboBox *m_tokenSourceCombo = nullptr;
    QString m_lastToken;
    void refreshAssertionOptions();
    QString currentMethod() const;
    void setMethod(const QString &method);
    QListWidget *m_scopeList = nullptr;
    QLineEdit *m_extraScopesEdit = nullptr;
    QTableWidget *m_parameterTable = nullptr;
    QPlainTextEdit *m_preview = nullptr; // the exact request, nothing else
    QLabel *m_requestNotes = nullptr; // beside it: how the Basic header is built
    QTabWidget *m_snippetTabs = nullptr;
    QPlainTextEdit *m_curlText = nullptr;
    QPlainTextEdit *m_httpieText = nullptr;
    QPlainTextEdit *m_powerShellText = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QShortcut *m_cancelShortcut = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_explanationLabel = nullptr;
    QPlainTextEdit *m_responseText = nullptr;
    QPushButton *m_inspectButton = nullptr;
    QCheckBox *m_trustCheck = nullptr;
    RequestHistory *m_history = nullptr;
    QListView *m_historyView = nullptr;

    QPointer<QNetworkReply> m_reply;
    QPointer<QNetworkReply> m_discoveryReply;
    QTimer *m_timeout = nullptr;
    QElapsedTimer m_elapsed;
    qint64 m_sendStartedMSecs = 0;
    bool m_sentToEmbedded = false;
    bool m_replyFinished = false;
    bool m_timedOut = false;
    TokenRequestInput m_sentInput;
    int m_replyStatus = 0;
    QString m_accessToken;
    std::optional<ExchangeRecord> m_record;
    QList<QSslError> m_pendingSslErrors;
    QList<QSslError> m_trustedSslErrors;
    QStringList m_discoveredScopes;
};
