// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/jwksfetcher.h"
#include "client/jwtinspector.h"
#include "theme.h"

#include <QHash>
#include <QWidget>

#include <memory>

class ClaimTableModel;
class JwksFetcher;
class QLabel;
class QSyntaxHighlighter;
class QTimer;
class QTextBrowser;
class TokenCrafter;
class Workspace;
namespace Ui {
class InspectorPage;
}

// Decodes, explains and verifies a JWT: the token with its segments coloured, the header and
// claims as JSON side by side, a table of the claims with their meaning and a live countdown,
// and whether the signature holds with the key the user picks.
//
// Decoding and verifying are JwtInspector's (no clock, file or network); this page adds the
// clock (the workspace's), the keys (embedded server, issuer's JWK set fetched asynchronously,
// pasted text, shared secret) and the widgets.
class InspectorPage : public QWidget
{
    Q_OBJECT
public:
    enum class KeySourceKind { EmbeddedServer, IssuerJwks, PastedKey, SharedSecret };
    Q_ENUM(KeySourceKind)

    explicit InspectorPage(Workspace *workspace, QWidget *parent = nullptr);
    ~InspectorPage() override;

    // Nothing here is saved: a token is looked at, not kept.
    bool hasUnsavedChanges() const { return false; }
    bool saveChanges() { return true; }
    void discardChanges() { }

    KeySourceKind keySource() const;
    void setKeySource(KeySourceKind source);
    const JwtDecoding &decoding() const { return m_decoding; }
    const VerificationResult &verification() const { return m_verification; }

    // Opens the editor that re-signs the shown token (Edit and Re-sign…); returns it for tests.
    TokenCrafter *craftToken();

Q_SIGNALS:
    // A re-signed token for the Composer (TokenCrafter's "Use in Composer").
    void tokenToIntrospect(const QString &token);
    void clientAssertionToCompose(const QString &assertion);

public Q_SLOTS:
    // Shows "token" at once (no debounce), as when another page sends one here.
    void inspectToken(const QString &token);

protected:
    void changeEvent(QEvent *event) override;

private:
    void decodeNow();
    void showKeyPage(int index);
    void clearResults();
    void chooseDefaultKeySource();
    void verify();
    void fetchIssuerKeys(bool force);
    void issuerKeysFetched(const JwksFetchResult &result);
    void refreshTimes();
    void refreshVerdict();
    // Why a decoded part cannot be shown as JSON; empty when it can.
    QString partProblem(JwtInspector::Part part) const;
    void refreshJsonPanes();
    void refreshLegend();
    QString embeddedIssuer() const;
    QString segmentName(int segment) const;

    std::unique_ptr<Ui::InspectorPage> m_ui;
    Workspace *m_workspace;
    ClaimTableModel *m_claimsModel;
    JwksFetcher *m_fetcher;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QTimer *m_decodeTimer;
    QTimer *m_countdownTimer;
    JwtDecoding m_decoding;
    VerificationResult m_verification;
    bool m_verificationPending = false; // the issuer's keys are being fetched
    Theme::Tone m_signatureTone = Theme::Tone::Normal; // the signature's own tone
    TimeReport m_times;
    QHash<QString, JwksFetchResult> m_issuerKeys; // by issuer, for this run
    QString m_fetchingIssuer;
    QString m_lastIssuer;
    bool m_keySourceChosen = false; // the user picked one: keep it across tokens
    bool m_settingSource = false;
};
