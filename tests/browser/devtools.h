// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QWebSocket>

#include <memory>

// A real Chromium, headless, driven over the Chrome DevTools Protocol on a WebSocket: the
// browser the sign-in pages are tested in. One page target; calls block (the event loop runs, so
// a server in the same process keeps answering) until their answer or a timeout.
class DevToolsBrowser
{
public:
    DevToolsBrowser();
    ~DevToolsBrowser();
    DevToolsBrowser(const DevToolsBrowser &) = delete;
    DevToolsBrowser &operator=(const DevToolsBrowser &) = delete;

    // The browser to run: $PLAYGROUND_CHROMIUM, else chromium or chromium-browser on PATH; empty
    // when there is none.
    static QString executable();

    // Starts the browser with a profile of its own and connects to its page. False with *error.
    bool start(QString *error);

    // One protocol command (method, params); its result, or an object with "error" on a
    // protocol error or {"error": {"message": "timeout"}}.
    QJsonObject call(const QString &method, const QJsonObject &params = {}, int timeoutMs = 15000);

    // Waits for an event "method" received since the last clearEvents() (its params in *params);
    // false on timeout.
    bool waitForEvent(const QString &method, int timeoutMs = 15000, QJsonObject *params = nullptr);
    void clearEvents() { m_seen = m_events.size(); }
    // Every event received (method and params), in order.
    const QList<QJsonObject> &events() const { return m_events; }

    // Runtime.evaluate of a JavaScript expression in the page; its value (by value).
    QJsonValue evaluate(const QString &expression);
    // Navigates and waits for the load event.
    bool navigate(const QString &url);
    // Waits until the page's location starts with "prefix" and its document has loaded.
    bool waitForLocation(const QString &prefix, int timeoutMs = 15000);
    // A key as a keyboard sends it (Tab, Enter, " "), down and up.
    void pressKey(const QString &key);
    // Text typed into the focused element.
    void type(const QString &text);
    // The viewport, CSS pixels, and the colour scheme the page's media queries see.
    void emulate(int width, int height, bool dark);
    // A PNG of the viewport.
    QByteArray screenshot();

private:
    void onMessage(const QString &message);

    std::unique_ptr<QTemporaryDir> m_profile;
    QProcess m_process;
    QWebSocket m_socket;
    int m_nextId = 1;
    QHash<int, QJsonObject> m_answers;
    QList<QJsonObject> m_events;
    qsizetype m_seen = 0;
    QString m_session;
};
