// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretfield.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QToolButton>

SecretField::SecretField(QWidget *parent)
    : QWidget(parent), m_lineEdit(new QLineEdit(this)), m_revealButton(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_lineEdit);
    layout->addWidget(m_revealButton);
    m_lineEdit->setObjectName(QStringLiteral("secretLineEdit"));
    m_lineEdit->setEchoMode(QLineEdit::Password);
    m_lineEdit->setAccessibleName(tr("Secret"));
    m_revealButton->setObjectName(QStringLiteral("revealSecretButton"));
    m_revealButton->setCheckable(true);
    m_revealButton->setFocusPolicy(Qt::StrongFocus);
    m_revealButton->setToolTip(tr("Show or hide the secret"));
    // No mnemonic: Alt+H and Alt+S belong to the Help and Server menus; the toggle is the next
    // Tab stop after the secret. As wide as its wider text, so nothing moves when it toggles.
    m_revealButton->setText(tr("Hide"));
    const int hideWidth = m_revealButton->sizeHint().width();
    m_revealButton->setText(tr("Show"));
    m_revealButton->setMinimumWidth(std::max(hideWidth, m_revealButton->sizeHint().width()));
    setFocusProxy(m_lineEdit);
    setSizePolicy(m_lineEdit->sizePolicy());

    connect(m_lineEdit, &QLineEdit::textChanged, this, &SecretField::textChanged);
    connect(m_revealButton, &QToolButton::toggled, this, &SecretField::setRevealed);
}

SecretField::~SecretField() = default;

QString SecretField::text() const
{
    return m_lineEdit->text();
}

void SecretField::setText(const QString &text)
{
    m_lineEdit->setText(text);
}

void SecretField::setPlaceholderText(const QString &text)
{
    m_lineEdit->setPlaceholderText(text);
    if (m_textEdit)
        m_textEdit->setPlaceholderText(text);
}

void SecretField::setMultiLine(bool multiLine)
{
    if (multiLine == isMultiLine())
        return;
    if (!multiLine) {
        delete m_textEdit;
        m_textEdit = nullptr;
        showEditor();
        return;
    }
    m_textEdit = new QPlainTextEdit(this);
    m_textEdit->setObjectName(m_lineEdit->objectName() + QStringLiteral("Lines"));
    m_textEdit->setAccessibleName(m_lineEdit->accessibleName());
    m_textEdit->setPlaceholderText(m_lineEdit->placeholderText());
    m_textEdit->setTabChangesFocus(true);
    m_textEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_textEdit->setMaximumHeight(m_textEdit->fontMetrics().lineSpacing() * 6);
    m_textEdit->setPlainText(m_lineEdit->text());
    qobject_cast<QHBoxLayout *>(layout())->insertWidget(1, m_textEdit, 1);
    // In the chain where it sits: after the line edit (hidden while it shows), before Show.
    QWidget::setTabOrder(m_lineEdit, m_textEdit);
    QWidget::setTabOrder(m_textEdit, m_revealButton);
    connect(m_textEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (m_syncing)
            return;
        m_syncing = true;
        m_lineEdit->setText(m_textEdit->toPlainText()); // emits textChanged once
        m_syncing = false;
    });
    connect(m_lineEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_syncing || !m_textEdit)
            return;
        m_syncing = true;
        m_textEdit->setPlainText(text);
        m_syncing = false;
    });
    showEditor();
}

void SecretField::showEditor()
{
    const bool lines = m_textEdit && m_revealed;
    QWidget *focused = lines ? static_cast<QWidget *>(m_textEdit) : m_lineEdit;
    const bool hadFocus = m_lineEdit->hasFocus() || (m_textEdit && m_textEdit->hasFocus());
    m_lineEdit->setVisible(!lines);
    if (m_textEdit)
        m_textEdit->setVisible(lines);
    setFocusProxy(focused);
    if (hadFocus)
        focused->setFocus(Qt::OtherFocusReason);
}

void SecretField::setRevealed(bool revealed)
{
    if (revealed == m_revealed)
        return;
    m_revealed = revealed;
    m_lineEdit->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_revealButton->setChecked(revealed);
    m_revealButton->setText(revealed ? tr("Hide") : tr("Show"));
    showEditor();
    Q_EMIT revealedChanged(revealed);
}
