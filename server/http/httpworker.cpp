// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpworker.h"

#include "httpserveradapter.h"
#include "store/clock.h"

#include <QElapsedTimer>

HttpWorker::HttpWorker(const Registry &registry, const Clock &clock) : m_router(registry, clock)
{ }

HttpWorker::~HttpWorker()
{
    close();
}

quint16 HttpWorker::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *adapter = new HttpServerAdapter(
        [this](const HttpRequest &request) { return handle(request); }, this);
    const quint16 bound = adapter->listen(address, port, error);
    if (bound == 0) {
        delete adapter;
        return 0;
    }
    close();
    m_adapter = adapter;
    m_router.setBoundPort(bound);
    return bound;
}

void HttpWorker::close()
{
    // Deleting the adapter deletes its QTcpServer and, with it, the open connections.
    delete m_adapter;
    m_adapter = nullptr;
}

HttpResponse HttpWorker::handle(const HttpRequest &request)
{
    QElapsedTimer timer;
    timer.start();
    ExchangeRecord record;
    record.id = m_nextId++;
    record.startedMSecs = QDateTime::currentMSecsSinceEpoch();
    HttpResponse response = m_router.route(request, &record);
    record.durationMicros = timer.nsecsElapsed() / 1000;
    Q_EMIT exchangeRecorded(record);
    return response;
}
