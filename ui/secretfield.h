// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QToolButton;

// A secret typed or shown in the window: masked until the user asks to see it, with a Show/Hide
// toggle beside it. The Clients page and the Composer both use it, so a secret looks and behaves
// the same wherever it appears. The line edit is the focus proxy, so a label's buddy may be the
// field itself.
class SecretField : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged USER true)
    Q_PROPERTY(bool revealed READ isRevealed WRITE setRevealed NOTIFY revealedChanged)
public:
    explicit SecretField(QWidget *parent = nullptr);
    ~SecretField() override;

    QString text() const;
    void setText(const QString &text);
    bool isRevealed() const { return m_revealed; }
    void setRevealed(bool revealed);
    void setPlaceholderText(const QString &text);
    // For a secret of several lines (a PEM key used as an HMAC secret): shown, it is edited in
    // a text box that keeps its line breaks; hidden, the masked line edit holds the same text
    // (a QLineEdit keeps pasted line breaks, it only draws them as spaces).
    void setMultiLine(bool multiLine);
    bool isMultiLine() const { return m_textEdit != nullptr; }
    QPlainTextEdit *textEdit() const { return m_textEdit; }

    QLineEdit *lineEdit() const { return m_lineEdit; }
    QToolButton *revealButton() const { return m_revealButton; }

Q_SIGNALS:
    void textChanged(const QString &text);
    void revealedChanged(bool revealed);

private:
    QLineEdit *m_lineEdit;
    QToolButton *m_revealButton;
    QPlainTextEdit *m_textEdit = nullptr;
    bool m_revealed = false;
    bool m_syncing = false;
    void showEditor();
};
