// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/jwtinspector.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class SecretField;

// Edits a token's header and payload and signs them again: with a shared secret, a pasted
// private key, a key generated here, or deliberately unsigned ("alg": "none"), so that a user
// can make the tokens their own resource server must refuse (expired, wrong audience, wrong
// "kid", unsigned, a header that lies about its algorithm). The encoded token follows every
// keystroke. Signing is server/jose's Jws::compact(); this class only gathers the inputs.
class TokenCrafter : public QDialog
{
    Q_OBJECT
public:
    // Where "Use in Composer" puts the token: as the token of an introspection request (does my
    // server take it?), or as the client_assertion of a token request (RFC 7523 §2.2).
    enum class ComposerUse { IntrospectionToken, ClientAssertion };

    explicit TokenCrafter(const JwtDecoding &decoding, QWidget *parent = nullptr);
    ~TokenCrafter() override;

    // The encoded token, empty while problem() says why it cannot be made.
    QString token() const { return m_token; }
    QString problem() const { return m_problem; }
    void setAlgorithm(const QString &alg);

Q_SIGNALS:
    void inspectRequested(const QString &token);
    void composerRequested(const QString &token, TokenCrafter::ComposerUse use);

private:
    void rebuild();
    void generateKey();
    void updateKeyBuddy();

    QPlainTextEdit *m_headerEdit;
    QPlainTextEdit *m_payloadEdit;
    QComboBox *m_algorithmCombo;
    QCheckBox *m_matchAlgCheck;
    QStackedWidget *m_keyStack;
    QLabel *m_keyLabel = nullptr;
    SecretField *m_secretField;
    QPlainTextEdit *m_keyEdit;
    QPushButton *m_generateButton;
    QPlainTextEdit *m_tokenView;
    QLabel *m_problemLabel;
    QPushButton *m_inspectButton;
    QPushButton *m_composerButton;
    QString m_token;
    QString m_problem;
};
