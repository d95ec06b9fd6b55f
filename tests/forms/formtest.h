// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Shared by the page tests: a real Workspace in a temporary folder serving on a free port, token
// requests over loopback, and answers to the pages' message boxes.

#include "httpclient.h"

#include "http/authorizationserver.h"
#include "oauth/clientauth/basiccredentials.h"
#include "store/clock.h"
#include "store/configfile.h"
#include "workspace.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>
#include <variant>

namespace FormTest {

using namespace Qt::Literals::StringLiterals;

enum class Method { Basic, Post };

// Replaces a line edit's text by typing it, as a user would.
inline void typeText(QLineEdit *edit, const QString &text)
{
    edit->setFocus(Qt::TabFocusReason);
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Backspace);
    for (const QChar c : text) {
        // keyClicks() knows only ASCII; other characters arrive as text, as from an input method.
        if (c.unicode() < 0x80)
            QTest::keyClick(edit, c.toLatin1());
        else
            QTest::sendKeyEvent(QTest::Click, edit, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

inline QByteArray formEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

// A token request as a client using the given method sends it.
inline HttpResult requestToken(HttpClient &http, const Workspace &workspace,
    const QString &clientId, const QString &clientSecret, const QStringList &scopes, Method method)
{
    QByteArray body = "grant_type=client_credentials"_ba;
    HttpClient::Headers headers;
    if (method == Method::Post) {
        body += "&client_id=" + formEncode(clientId) + "&client_secret=" + formEncode(clientSecret);
    } else {
        headers.append({"Authorization"_ba, BasicCredentials::headerValue(clientId, clientSecret)});
    }
    if (!scopes.isEmpty())
        body += "&scope=" + formEncode(scopes.join(u' '));
    const QUrl url(workspace.server()->issuer() + u"/oauth2/token"_s);
    return http.postForm(url, body, headers);
}

// The seed's set-up alone: the default scopes and only the first default client
// (service-client-jwt). The form tests count and edit clients from this one-client start.
inline Configuration seedConfiguration()
{
    Configuration config = Configuration::defaults();
    config.clients = {config.clients.first()};
    return config;
}

// Owns a temporary configuration folder with seedConfiguration() (or another configuration) in
// it, and a Workspace opened on it with port 0.
class WorkspaceFixture
{
public:
    explicit WorkspaceFixture(const Configuration &config = seedConfiguration())
        : m_path(m_dir.filePath(u"config.json"_s))
    {
        ConfigFile(m_path).save(config);
    }

    // Opens (or re-opens, as after an app restart) the workspace on the same file.
    Workspace *open()
    {
        m_workspace.reset();
        m_workspace = std::make_unique<Workspace>(m_path, Clock::system());
        SettingsOverrides overrides;
        overrides.port = 0; // a free port: tests run side by side
        m_workspace->open(overrides);
        return m_workspace.get();
    }

    // Waits for queued saves, then closes the workspace as quitting the app does.
    void close()
    {
        if (m_workspace)
            m_workspace->waitForBackgroundWork();
        m_workspace.reset();
    }

    Workspace *workspace() const { return m_workspace.get(); }
    bool isValid() const { return m_dir.isValid(); }

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Workspace> m_workspace;
};

// How many MessageBoxAnswer objects wait for a box; UnexpectedDialogGuard leaves boxes alone then.
inline int expectedMessageBoxes = 0;

// Answers the next modal QMessageBox by clicking a button, and records what it said. Polls from
// a timer because the box runs its own event loop inside the click that opened it.
class MessageBoxAnswer
{
public:
    explicit MessageBoxAnswer(QMessageBox::StandardButton button) : m_answer(button) { start(); }
    explicit MessageBoxAnswer(QMessageBox::ButtonRole role) : m_answer(role) { start(); }
    ~MessageBoxAnswer()
    {
        delete m_timer;
        --expectedMessageBoxes;
    }

    bool wasShown() const { return m_shown; }
    QString objectName() const { return m_objectName; }
    QString text() const { return m_text; }
    QString informativeText() const { return m_informativeText; }

private:
    void start()
    {
        ++expectedMessageBoxes;
        m_timer = new QTimer;
        m_timer->setInterval(10);
        QObject::connect(m_timer, &QTimer::timeout, m_timer, [this] { answer(); });
        m_timer->start();
    }

    void answer()
    {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || !box->isVisible())
            return;
        m_timer->stop();
        m_shown = true;
        m_objectName = box->objectName();
        m_text = box->text();
        m_informativeText = box->informativeText();
        QAbstractButton *button = nullptr;
        if (const auto *standard = std::get_if<QMessageBox::StandardButton>(&m_answer)) {
            button = box->button(*standard);
        } else {
            const auto role = std::get<QMessageBox::ButtonRole>(m_answer);
            const QList<QAbstractButton *> buttons = box->buttons();
            for (QAbstractButton *candidate : buttons) {
                if (box->buttonRole(candidate) == role)
                    button = candidate;
            }
        }
        if (button)
            button->click();
        else
            box->reject(); // a missing button must not hang the test
    }

    std::variant<QMessageBox::StandardButton, QMessageBox::ButtonRole> m_answer;
    QTimer *m_timer = nullptr;
    bool m_shown = false;
    QString m_objectName;
    QString m_text;
    QString m_informativeText;
};

// Closes any modal dialog that no MessageBoxAnswer expects, so a test that opens one by mistake
// fails (unexpectedText() says what it asked) instead of waiting forever.
class UnexpectedDialogGuard
{
public:
    UnexpectedDialogGuard()
    {
        m_timer.setInterval(50);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            if (!modal || expectedMessageBoxes > 0)
                return;
            if (auto *box = qobject_cast<QMessageBox *>(modal))
                m_unexpected.append(box->text());
            else
                m_unexpected.append(modal->objectName());
            if (auto *dialog = qobject_cast<QDialog *>(modal))
                dialog->reject();
        });
        m_timer.start();
    }
    QStringList unexpected() const { return m_unexpected; }

private:
    QTimer m_timer;
    QStringList m_unexpected;
};

} // namespace FormTest
