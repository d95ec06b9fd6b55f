// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "store/configuration.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QThread>

class Clock;
class HttpWorker;
class Registry;

// The embedded authorization server: a QHttpServer that lives, routes and listens on its own
// thread, so a burst of requests never freezes the window and the window never slows the server.
// Reads clients, scopes and keys from the Registry's snapshots, so edits apply without a restart.
class AuthorizationServer : public QObject
{
    Q_OBJECT
public:
    explicit AuthorizationServer(Registry *registry, const Clock &clock, QObject *parent = nullptr);
    ~AuthorizationServer() override;

    // Listens on settings.bindAddress:settings.port (0 picks a free port). Blocks only for the
    // bind itself. On failure returns false, sets *error ("Port 8085 on 127.0.0.1 is already in
    // use") and leaves a server that was running untouched.
    bool start(const ServerSettings &settings, QString *error = nullptr);
    void stop();

    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QString issuer() const;
    ServerSettings settings() const { return m_settings; }

Q_SIGNALS:
    // Queued from the server thread.
    void exchangeRecorded(const ExchangeRecord &record);
    void listeningChanged(bool listening);

private:
    Registry *m_registry;
    const Clock &m_clock;
    QThread m_thread;
    HttpWorker *m_worker = nullptr;
    ServerSettings m_settings;
    quint16 m_port = 0;
};
