// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "exchangerecord.h"
#include "router.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class Clock;
class HttpServerAdapter;
class Registry;

// Lives on the server thread: owns the QHttpServer adapter and the router, times each exchange
// and reports it. Only AuthorizationServer talks to it, through queued or blocking calls.
class HttpWorker : public QObject
{
    Q_OBJECT
public:
    HttpWorker(const Registry &registry, const Clock &clock);
    ~HttpWorker() override;

    // On the worker's thread. Binds a new listener first and only then drops the old one, so a
    // failed re-bind leaves the running server serving.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    void close();

Q_SIGNALS:
    void exchangeRecorded(const ExchangeRecord &record);

private:
    HttpResponse handle(const HttpRequest &request);

    Router m_router;
    HttpServerAdapter *m_adapter = nullptr;
    quint64 m_nextId = 1;
};
