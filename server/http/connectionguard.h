// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestframer.h"

#include <QByteArray>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <list>
#include <memory>

class ConnectionGuard;
class QTcpSocket;

// What ConnectionGuard enforces; ServerSettings holds the configured values.
struct ConnectionLimits
{
    qint64 idleTimeoutMilliseconds = 60000;
    qint64 requestTimeoutMilliseconds = 10000;
    int maxConnections = 1024; // the effective cap, already derived from the open-file limit
    qint64 maxRequestBodyBytes = 64 * 1024;
};

// The connections of one AuthorizationServer, over all its worker threads: how many are open, the
// cap, and which are idle, oldest first. Thread-safe; shared by the workers and the guards.
//
// When a connection is accepted at the cap, the connection idle the longest (on whichever thread)
// is asked to close and the new one is admitted, as nginx reuses keep-alive connections; only
// when none is idle is the new one refused. So a client with a request to make is served even
// when thousands of idle connections sit open.
class ConnectionBudget
{
public:
    enum class Admission { Admitted, Refused };

    void setLimits(const ConnectionLimits &limits);
    ConnectionLimits limits() const;

    // On the accepting thread, for each new connection. An admitted connection holds its place
    // until release().
    Admission admit();
    void release();
    int openConnections() const { return m_open.load(std::memory_order_relaxed); }
    int idleConnections() const;

private:
    friend class ConnectionGuard;
    using IdleList = std::list<ConnectionGuard *>;
    // Both under m_mutex; the guard keeps its iterator.
    void markIdle(ConnectionGuard *guard);
    void markBusy(ConnectionGuard *guard);

    mutable QMutex m_mutex;
    ConnectionLimits m_limits;
    IdleList m_idle; // oldest idle first
    std::atomic<int> m_open {0};
};

// Watches one connection for the server (created for each accepted socket, as its child, before
// Qt's HTTP server sees it): follows the requests with a RequestFramer on bytes peeked before
// Qt reads them, and
//  - closes the connection after the idle timeout when no request is in progress;
//  - answers 408 and closes when a request is not complete by the request timeout (slowloris);
//  - answers 413 (431 for oversized headers) and closes as soon as the headers announce more body
//    than the limit, before Qt buffers any of it;
//  - gives its place in the budget back when the connection closes.
// Every close first disconnects Qt's reader, then answers, half-closes and discards what the
// client still sends for a moment, so that the client reads the answer rather than a reset.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    // Installs a guard on a connected socket whose place in the budget was admitted. Call before
    // Qt's HTTP server connects to the socket, then follow() right after it has.
    static ConnectionGuard *install(QTcpSocket *socket, std::shared_ptr<ConnectionBudget> budget);
    void follow();

    // Answers a connection the budget refused: 503 with Connection: close, then closes.
    static void refuse(qintptr socketDescriptor, QObject *parent);

    // Closes a descriptor that no socket took over (it would stay open otherwise).
    static void closeDescriptor(qintptr socketDescriptor);

    // The socket whose readyRead this thread handled last, while it is open, or null: how the
    // adapter finds the connection of a request on Qt versions whose handleRequest() passes no
    // socket, to answer it later (it checks the peer address and port).
    static QTcpSocket *socketBeingRead();

    ~ConnectionGuard() override;

private:
    enum class State { Idle, Busy, Closing };

    ConnectionGuard(QTcpSocket *socket, std::shared_ptr<ConnectionBudget> budget);
    void beforeQtReads();
    void afterQtReads();
    void timedOut();
    void evict(); // queued from ConnectionBudget::admit(), on this guard's thread
    void becomeIdle(const ConnectionLimits &limits);
    void becomeBusy(const ConnectionLimits &limits);
    void closeWith(const QByteArray &response);
    void drain();
    void halfClose();
    void released();

    QTcpSocket *m_socket;
    std::shared_ptr<ConnectionBudget> m_budget;
    RequestFramer m_framer;
    QTimer m_timer;
    State m_state = State::Idle;
    qint64 m_seen = 0; // bytes at the head of the socket's buffer the framer has already seen
    bool m_released = false;
    // Owned by the budget's mutex.
    bool m_listed = false;
    ConnectionBudget::IdleList::iterator m_idleEntry;

    friend class ConnectionBudget;
};
