// SPDX-License-Identifier: GPL-3.0-or-later
#include "authorizationserver.h"

#include "httpworker.h"
#include "store/clock.h"
#include "store/registry.h"

#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcServer, "playground.server")

namespace {

// "localhost" and the usual literals; anything else must be an IP address.
std::optional<QHostAddress> parseBindAddress(const QString &text)
{
    if (text == "localhost"_L1)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

} // namespace

AuthorizationServer::AuthorizationServer(Registry *registry, const Clock &clock, QObject *parent)
    : QObject(parent), m_registry(registry), m_clock(clock)
{
    qRegisterMetaType<ExchangeRecord>();
    m_thread.setObjectName(u"oauth2-server"_s);
}

AuthorizationServer::~AuthorizationServer()
{
    if (m_worker) {
        // The worker and its sockets must die on the thread that owns them.
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { delete worker; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

bool AuthorizationServer::start(const ServerSettings &settings, QString *error)
{
    const std::optional<QHostAddress> address = parseBindAddress(settings.bindAddress);
    if (!address) {
        if (error)
            *error = u"\"%1\" is not an IP address to bind to."_s.arg(settings.bindAddress);
        return false;
    }
    if (!m_thread.isRunning())
        m_thread.start();
    if (!m_worker) {
        m_worker = new HttpWorker(*m_registry, m_clock);
        m_worker->moveToThread(&m_thread);
        connect(m_worker, &HttpWorker::exchangeRecorded, this,
            &AuthorizationServer::exchangeRecorded, Qt::QueuedConnection);
    }

    quint16 bound = 0;
    QString message;
    QMetaObject::invokeMethod(
        m_worker,
        [&, worker = m_worker] { bound = worker->listen(*address, settings.port, &message); },
        Qt::BlockingQueuedConnection);
    if (bound == 0) {
        qCWarning(lcServer).noquote() << message;
        if (error)
            *error = message;
        return false;
    }

    const bool wasListening = isListening();
    m_settings = settings;
    m_port = bound;
    qCDebug(lcServer).noquote() << "Listening on" << issuer();
    if (!wasListening)
        Q_EMIT listeningChanged(true);
    return true;
}

void AuthorizationServer::stop()
{
    if (!m_worker || !isListening())
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_port = 0;
    Q_EMIT listeningChanged(false);
}

QString AuthorizationServer::issuer() const
{
    // The context path may change while running: read it from the live configuration.
    ServerSettings settings = m_registry->snapshot()->configuration.server;
    return settings.issuer(m_port);
}
