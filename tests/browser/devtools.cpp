// SPDX-License-Identifier: GPL-3.0-or-later
#include "devtools.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

DevToolsBrowser::DevToolsBrowser()
{
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
        [this](const QString &message) { onMessage(message); });
}

DevToolsBrowser::~DevToolsBrowser()
{
    m_socket.abort();
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString DevToolsBrowser::executable()
{
    const QString configured = qEnvironmentVariable("PLAYGROUND_CHROMIUM");
    if (!configured.isEmpty())
        return configured;
    for (const QString &name : {u"chromium"_s, u"chromium-browser"_s}) {
        const QString found = QStandardPaths::findExecutable(name);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

bool DevToolsBrowser::start(QString *error)
{
    const QString program = executable();
    if (program.isEmpty()) {
        *error = u"Chromium is not installed (Debian: apt install chromium; ./playground test "
                 u"installs it), or set PLAYGROUND_CHROMIUM"_s;
        return false;
    }
    m_profile = std::make_unique<QTemporaryDir>();
    QStringList arguments {u"--headless"_s, u"--remote-debugging-port=0"_s,
        u"--user-data-dir="_s + m_profile->path(), u"--no-first-run"_s,
        u"--no-default-browser-check"_s, u"--disable-gpu"_s, u"--disable-extensions"_s,
        u"--disable-background-networking"_s, u"--disable-component-update"_s, u"--disable-sync"_s,
        u"--disable-default-apps"_s, u"--hide-scrollbars"_s, u"--window-size=1280,900"_s,
        u"about:blank"_s};
    // Chromium's sandbox refuses to run as root (containers, CI).
    if (::geteuid() == 0)
        arguments.prepend(u"--no-sandbox"_s);
    // Its own log (D-Bus complaints in a container, and so on) goes to the profile, and is shown
    // only when it does not start.
    const QString log = m_profile->filePath(u"chromium.log"_s);
    m_process.setStandardOutputFile(log);
    m_process.setStandardErrorFile(log);
    const auto logTail = [log] {
        QFile file(log);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().right(2000))
                                              : QString();
    };
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(10000)) {
        *error = u"could not start %1: %2"_s.arg(program, m_process.errorString());
        return false;
    }

    // The browser writes its port and its browser target's path into the profile.
    const QString portFile = m_profile->filePath(u"DevToolsActivePort"_s);
    QDeadlineTimer deadline(30000);
    QList<QByteArray> lines;
    while (!deadline.hasExpired()) {
        QFile file(portFile);
        if (file.open(QIODevice::ReadOnly)) {
            lines = file.readAll().split('\n');
            if (lines.size() >= 2 && !lines.at(1).isEmpty())
                break;
        }
        if (m_process.state() == QProcess::NotRunning) {
            *error = u"%1 exited with code %2:\n%3"_s.arg(program)
                         .arg(m_process.exitCode())
                         .arg(logTail());
            return false;
        }
        QTest::qWait(50);
    }
    if (lines.size() < 2) {
        *error = u"%1 did not open its DevTools port within 30 s:\n%2"_s.arg(program, logTail());
        return false;
    }
    const QUrl browserUrl(u"ws://127.0.0.1:%1%2"_s.arg(
        QString::fromLatin1(lines.at(0).trimmed()), QString::fromLatin1(lines.at(1).trimmed())));
    m_socket.open(browserUrl);
    if (!QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 15000)) {
        *error = u"no DevTools connection to %1: %2"_s.arg(
            browserUrl.toString(), m_socket.errorString());
        return false;
    }
    // A page of its own, attached in flat mode: its commands carry the session id.
    const QJsonObject target = call(u"Target.createTarget"_s, {{"url"_L1, "about:blank"_L1}});
    const QString targetId = target.value("targetId"_L1).toString();
    const QJsonObject attached
        = call(u"Target.attachToTarget"_s, {{"targetId"_L1, targetId}, {"flatten"_L1, true}});
    m_session = attached.value("sessionId"_L1).toString();
    if (m_session.isEmpty()) {
        *error = u"could not attach to a page: "_s
            + QString::fromUtf8(QJsonDocument(attached).toJson(QJsonDocument::Compact));
        return false;
    }
    for (const QString &domain : {u"Page"_s, u"Network"_s, u"Runtime"_s}) {
        if (call(domain + u".enable"_s).contains("error"_L1)) {
            *error = domain + u".enable failed"_s;
            return false;
        }
    }
    return true;
}

QJsonObject DevToolsBrowser::call(const QString &method, const QJsonObject &params, int timeoutMs)
{
    const int id = m_nextId++;
    QJsonObject message {{"id"_L1, id}, {"method"_L1, method}, {"params"_L1, params}};
    if (!m_session.isEmpty() && !method.startsWith("Target."_L1))
        message.insert("sessionId"_L1, m_session);
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    if (!QTest::qWaitFor([&] { return m_answers.contains(id); }, timeoutMs))
        return {{"error"_L1, QJsonObject {{"message"_L1, QString(u"timeout: "_s + method)}}}};
    const QJsonObject answer = m_answers.take(id);
    if (answer.contains("error"_L1))
        return {{"error"_L1, answer.value("error"_L1)}};
    return answer.value("result"_L1).toObject();
}

void DevToolsBrowser::onMessage(const QString &message)
{
    const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
    if (object.contains("id"_L1))
        m_answers.insert(object.value("id"_L1).toInt(), object);
    else if (object.contains("method"_L1))
        m_events.append(object);
}

bool DevToolsBrowser::waitForEvent(const QString &method, int timeoutMs, QJsonObject *params)
{
    qsizetype found = -1;
    const bool ok = QTest::qWaitFor(
        [&] {
            for (qsizetype i = m_seen; i < m_events.size(); ++i) {
                if (m_events.at(i).value("method"_L1).toString() == method) {
                    found = i;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    if (ok && params)
        *params = m_events.at(found).value("params"_L1).toObject();
    return ok;
}

QJsonValue DevToolsBrowser::evaluate(const QString &expression)
{
    const QJsonObject result = call(u"Runtime.evaluate"_s,
        {{"expression"_L1, expression}, {"returnByValue"_L1, true}, {"awaitPromise"_L1, true}});
    return result.value("result"_L1).toObject().value("value"_L1);
}

bool DevToolsBrowser::navigate(const QString &url)
{
    clearEvents();
    const QJsonObject result = call(u"Page.navigate"_s, {{"url"_L1, url}});
    if (result.contains("error"_L1) || result.contains("errorText"_L1))
        return false;
    return waitForEvent(u"Page.loadEventFired"_s);
}

bool DevToolsBrowser::waitForLocation(const QString &prefix, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            return evaluate(u"document.readyState === 'complete' ? location.href : ''"_s)
                .toString()
                .startsWith(prefix);
        },
        timeoutMs);
}

void DevToolsBrowser::pressKey(const QString &key)
{
    // Windows virtual key codes and the text a key produces (Enter submits as "\r").
    struct KeyInfo
    {
        int code;
        QString text;
    };
    static const QHash<QString, KeyInfo> keys {
        {u"Tab"_s, {9, QString()}}, {u"Enter"_s, {13, u"\r"_s}}, {u" "_s, {32, u" "_s}}};
    const KeyInfo info = keys.value(key);
    const QString code = key == u" "_s ? u"Space"_s : key;
    QJsonObject down {{"type"_L1, "keyDown"_L1}, {"key"_L1, key}, {"code"_L1, code},
        {"windowsVirtualKeyCode"_L1, info.code}};
    if (!info.text.isEmpty())
        down.insert("text"_L1, info.text);
    call(u"Input.dispatchKeyEvent"_s, down);
    call(u"Input.dispatchKeyEvent"_s,
        {{"type"_L1, "keyUp"_L1}, {"key"_L1, key}, {"code"_L1, code},
            {"windowsVirtualKeyCode"_L1, info.code}});
}

void DevToolsBrowser::type(const QString &text)
{
    call(u"Input.insertText"_s, {{"text"_L1, text}});
}

void DevToolsBrowser::emulate(int width, int height, bool dark)
{
    call(u"Emulation.setDeviceMetricsOverride"_s,
        {{"width"_L1, width}, {"height"_L1, height}, {"deviceScaleFactor"_L1, 1},
            {"mobile"_L1, width < 600}});
    call(u"Emulation.setEmulatedMedia"_s,
        {{"features"_L1,
            QJsonArray {QJsonObject {{"name"_L1, "prefers-color-scheme"_L1},
                {"value"_L1, dark ? "dark"_L1 : "light"_L1}}}}});
}

QByteArray DevToolsBrowser::screenshot()
{
    const QJsonObject result = call(u"Page.captureScreenshot"_s, {{"format"_L1, "png"_L1}});
    return QByteArray::fromBase64(result.value("data"_L1).toString().toLatin1());
}
