// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionguard.h"

#include "oauth/oautherror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcConnections, "playground.server.connections", QtInfoMsg)

namespace {

// How long a closing connection keeps discarding what its client still sends after the answer,
// so that the client reads the answer instead of a reset; then it is aborted.
constexpr qint64 MaxLingerMilliseconds = 2000;
// What a closing connection reads at a time (and throws away).
constexpr qint64 DrainBufferBytes = 64 * 1024;

QByteArray httpResponse(int status, QByteArrayView reason, const QByteArray &body)
{
    QByteArray out;
    out.reserve(200 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: application/json;charset=UTF-8\r\n"
           "Cache-Control: no-store\r\n"
           "Pragma: no-cache\r\n"
           "Connection: close\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

// Set by the guard's first readyRead slot, which runs before Qt's reader on every readyRead
// (Qt 6.8 reconnects its reader after a response, so it may also run after the guard's second
// slot): the socket Qt reads next on this thread. Never left pointing at a socket that is gone
// (the guard, its child, clears it when destroyed or closing).
thread_local QTcpSocket *t_socketBeingRead = nullptr;

QByteArray errorResponse(
    int status, QByteArrayView reason, OAuthError::Code code, const QString &description)
{
    return httpResponse(status, reason, OAuthError(code, description).toJson());
}

} // namespace

// ConnectionBudget

void ConnectionBudget::setLimits(const ConnectionLimits &limits)
{
    QMutexLocker locker(&m_mutex);
    m_limits = limits;
}

ConnectionLimits ConnectionBudget::limits() const
{
    QMutexLocker locker(&m_mutex);
    return m_limits;
}

int ConnectionBudget::idleConnections() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_idle.size());
}

ConnectionBudget::Admission ConnectionBudget::admit()
{
    QMutexLocker locker(&m_mutex);
    if (m_open.load(std::memory_order_relaxed) < m_limits.maxConnections) {
        m_open.fetch_add(1, std::memory_order_relaxed);
        return Admission::Admitted;
    }
    if (m_idle.empty())
        return Admission::Refused;
    // Reuse the longest-idle connection's place. It closes on its own thread, an instant later;
    // until then the count is one over the cap, which the open-file headroom absorbs. A guard
    // being destroyed waits for this mutex before it leaves the list, so it is still alive here,
    // and Qt drops the queued call if it is gone by the time the call would run.
    ConnectionGuard *oldest = m_idle.front();
    m_idle.pop_front();
    oldest->m_listed = false;
    QMetaObject::invokeMethod(oldest, &ConnectionGuard::evict, Qt::QueuedConnection);
    m_open.fetch_add(1, std::memory_order_relaxed);
    return Admission::Admitted;
}

void ConnectionBudget::release()
{
    m_open.fetch_sub(1, std::memory_order_relaxed);
}

void ConnectionBudget::markIdle(ConnectionGuard *guard)
{
    QMutexLocker locker(&m_mutex);
    if (guard->m_listed)
        m_idle.erase(guard->m_idleEntry);
    guard->m_idleEntry = m_idle.insert(m_idle.end(), guard);
    guard->m_listed = true;
}

void ConnectionBudget::markBusy(ConnectionGuard *guard)
{
    QMutexLocker locker(&m_mutex);
    if (guard->m_listed) {
        m_idle.erase(guard->m_idleEntry);
        guard->m_listed = false;
    }
}

// ConnectionGuard

void ConnectionGuard::closeDescriptor(qintptr socketDescriptor)
{
#ifdef Q_OS_UNIX
    ::close(int(socketDescriptor));
#else
    QTcpSocket socket;
    if (socket.setSocketDescriptor(socketDescriptor))
        socket.abort();
#endif
}

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, std::shared_ptr<ConnectionBudget> budget)
    : QObject(socket), m_socket(socket), m_budget(std::move(budget))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::timedOut);
}

ConnectionGuard *ConnectionGuard::install(
    QTcpSocket *socket, std::shared_ptr<ConnectionBudget> budget)
{
    auto *guard = new ConnectionGuard(socket, std::move(budget));
    // Connected first, so it runs before Qt's reader on every readyRead.
    connect(socket, &QIODevice::readyRead, guard, &ConnectionGuard::beforeQtReads);
    connect(socket, &QAbstractSocket::disconnected, guard, &ConnectionGuard::released);
    // A new connection is idle until its first byte: at the cap it is as reusable as a kept-alive
    // one, and it is closed after the idle timeout if nothing comes.
    guard->becomeIdle(guard->m_budget->limits());
    return guard;
}

void ConnectionGuard::follow()
{
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::afterQtReads);
}

ConnectionGuard::~ConnectionGuard()
{
    if (t_socketBeingRead == m_socket)
        t_socketBeingRead = nullptr;
    released();
}

void ConnectionGuard::refuse(qintptr socketDescriptor, QObject *parent)
{
    auto *socket = new QTcpSocket(parent);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        closeDescriptor(socketDescriptor);
        return;
    }
    qCDebug(lcConnections) << "Connection cap reached with no idle connection: 503 to"
                           << socket->peerAddress().toString();
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    const QJsonObject error {
        {"error"_L1, "temporarily_unavailable"_L1},
        {"error_description"_L1,
            "The server has as many connections open as it allows; try again shortly."_L1},
    };
    socket->write(httpResponse(
        503, "Service Unavailable", QJsonDocument(error).toJson(QJsonDocument::Compact)));
    socket->disconnectFromHost(); // once the answer is written
    QTimer::singleShot(MaxLingerMilliseconds, socket, [socket] { socket->abort(); });
}

QTcpSocket *ConnectionGuard::socketBeingRead()
{
    return t_socketBeingRead;
}

void ConnectionGuard::beforeQtReads()
{
    t_socketBeingRead = m_socket;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_seen)
        return;
    const ConnectionLimits limits = m_budget->limits();
    const QByteArray buffered = m_socket->peek(available);
    const quint64 started = m_framer.requestsStarted();
    const quint64 completed = m_framer.requestsCompleted();
    m_framer.setBodyLimit(limits.maxRequestBodyBytes);
    m_framer.feed(QByteArrayView(buffered).sliced(std::min<qint64>(m_seen, buffered.size())));
    m_seen = available;

    switch (m_framer.error()) {
    case RequestFramer::Error::None:
        break;
    case RequestFramer::Error::BodyTooLarge:
        qCDebug(lcConnections) << "Body over" << limits.maxRequestBodyBytes << "bytes: 413";
        closeWith(errorResponse(413, "Content Too Large", OAuthError::Code::PayloadTooLarge,
            u"The request body is larger than %1 bytes."_s.arg(limits.maxRequestBodyBytes)));
        return;
    case RequestFramer::Error::HeadersTooLarge:
        closeWith(
            errorResponse(431, "Request Header Fields Too Large", OAuthError::Code::InvalidRequest,
                u"The request line and headers are larger than %1 bytes."_s.arg(
                    RequestFramer::MaxHeaderBytes)));
        return;
    case RequestFramer::Error::Malformed:
        closeWith(errorResponse(400, "Bad Request", OAuthError::Code::InvalidRequest,
            u"The chunked request body is malformed."_s));
        return;
    }

    if (!m_framer.isIdle() && m_framer.requestsStarted() != started)
        becomeBusy(limits); // a request began (perhaps right after one ended): its own deadline
    else if (m_framer.isIdle() && m_framer.requestsCompleted() != completed)
        becomeIdle(limits);
}

void ConnectionGuard::afterQtReads()
{
    // What Qt left unread (the start of a pipelined request) has been seen already.
    m_seen = m_socket->bytesAvailable();
}

void ConnectionGuard::becomeIdle(const ConnectionLimits &limits)
{
    m_state = State::Idle;
    m_budget->markIdle(this);
    m_timer.start(std::chrono::milliseconds(limits.idleTimeoutMilliseconds));
}

void ConnectionGuard::becomeBusy(const ConnectionLimits &limits)
{
    m_state = State::Busy;
    m_budget->markBusy(this);
    m_timer.start(std::chrono::milliseconds(limits.requestTimeoutMilliseconds));
}

void ConnectionGuard::timedOut()
{
    switch (m_state) {
    case State::Idle:
        qCDebug(lcConnections) << "Idle timeout: closing";
        closeWith({});
        break;
    case State::Busy: {
        const qint64 timeout = m_budget->limits().requestTimeoutMilliseconds;
        qCDebug(lcConnections) << "Request not complete within" << timeout << "ms: 408";
        closeWith(errorResponse(408, "Request Timeout", OAuthError::Code::InvalidRequest,
            u"The request was not complete within %1 ms."_s.arg(timeout)));
        break;
    }
    case State::Closing:
        m_socket->abort();
        break;
    }
}

void ConnectionGuard::evict()
{
    // Between the budget's choice and now a request may have begun: that client is served.
    if (m_state != State::Idle)
        return;
    qCDebug(lcConnections) << "Connection cap reached: closing the longest-idle connection";
    closeWith({});
}

void ConnectionGuard::closeWith(const QByteArray &response)
{
    if (m_state == State::Closing)
        return;
    const qint64 requestTimeout = m_budget->limits().requestTimeoutMilliseconds;
    m_state = State::Closing;
    m_budget->markBusy(this);
    m_timer.stop();

    if (t_socketBeingRead == m_socket)
        t_socketBeingRead = nullptr;
    // Qt reads nothing more from this connection; what arrives is discarded.
    QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, &ConnectionGuard::drain);
    m_socket->setReadBufferSize(DrainBufferBytes);
    drain();

    if (response.isEmpty()) {
        m_socket->disconnectFromHost();
        return;
    }
    m_socket->write(response);
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0) {
        halfClose();
    } else {
        connect(m_socket, &QIODevice::bytesWritten, this, [this] {
            if (m_socket->bytesToWrite() == 0)
                halfClose();
        });
    }
    m_timer.start(std::chrono::milliseconds(std::min(requestTimeout, MaxLingerMilliseconds)));
}

void ConnectionGuard::drain()
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction(); // Qt's partial request: give its buffer back
    m_socket->skip(m_socket->bytesAvailable());
}

void ConnectionGuard::halfClose()
{
#ifdef Q_OS_UNIX
    // The client sees the end of the answer and closes; what it sends meanwhile is discarded.
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#else
    m_socket->disconnectFromHost();
#endif
}

void ConnectionGuard::released()
{
    if (m_released)
        return;
    m_released = true;
    m_timer.stop();
    m_budget->markBusy(this);
    m_budget->release();
}
