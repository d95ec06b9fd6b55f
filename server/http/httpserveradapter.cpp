// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpserveradapter.h"

#include "connectionguard.h"
#include "exchangerecord.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcAdapter, "playground.server.http", QtInfoMsg)

// A QTcpServer whose accepted connections can be sent elsewhere. Qt's own incomingConnection()
// wraps the descriptor in a QTcpSocket and queues it with addPendingConnection(), which is what
// QAbstractHttpServer waits for; serveDescriptor() does the same for a descriptor that another
// thread accepted, with a ConnectionGuard around Qt's reader (timeouts, the body limit).
//
// On every Qt version, addPendingConnection() emits pendingConnectionAvailable, to which bind()
// connected QAbstractHttpServer directly: Qt connects its readyRead reader (6.4: a lambda on the
// server; 6.8: QHttpServerHttp1ProtocolHandler, which also re-parents the socket) before
// addPendingConnection() returns. So the guard's first slot runs before Qt's reader and its
// second after it, and Qt deletes the socket, and with it the guard, once it disconnects.
class ConnectionServer final : public QTcpServer
{
public:
    ConnectionServer(std::shared_ptr<ConnectionBudget> budget, QObject *parent)
        : QTcpServer(parent), m_budget(std::move(budget))
    {
        // Qt pauses accepting for good after an accept error that is not EAGAIN: EMFILE when
        // out of descriptors, ECONNABORTED when a client gave up in the backlog. Resume shortly,
        // so the server never stops accepting.
        connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
            if (!m_acceptFailing) { // once per streak, not every 50 ms
                qCWarning(lcAdapter) << "accept failed:" << error << errorString()
                                     << "- accepting again every 50 ms";
            }
            m_acceptFailing = true;
            QTimer::singleShot(std::chrono::milliseconds(50), this, [this] {
                if (m_accepting)
                    resumeAccepting();
            });
        });
    }

    HttpServerAdapter::Distributor distributor;

    void setAccepting(bool accepting)
    {
        m_accepting = accepting;
        if (!accepting)
            pauseAccepting();
    }

    void serveDescriptor(qintptr socketDescriptor)
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(socketDescriptor)) {
            delete socket;
            ConnectionGuard::closeDescriptor(socketDescriptor);
            m_budget->release();
            return;
        }
        ConnectionGuard *guard = ConnectionGuard::install(socket, m_budget);
        // QAbstractHttpServer takes the socket at once (a direct connection to the pending-
        // connection signal), and QTcpServer::nextPendingConnection() turns accepting back on
        // for a paused server. Left on, this thread would race the accepting one for every new
        // connection and keep those it won: measured, whole wrk runs of 8 connections then
        // landed on one thread and throughput halved. Pause again before the event loop runs.
        addPendingConnection(socket);
        if (!m_accepting)
            pauseAccepting();
        guard->follow();
    }

protected:
    void incomingConnection(qintptr socketDescriptor) override
    {
        m_acceptFailing = false;
        if (m_budget->admit() == ConnectionBudget::Admission::Refused) {
            ConnectionGuard::refuse(socketDescriptor, this);
            return;
        }
        if (distributor)
            distributor(socketDescriptor);
        else
            serveDescriptor(socketDescriptor);
    }

private:
    std::shared_ptr<ConnectionBudget> m_budget;
    bool m_accepting = true;
    bool m_acceptFailing = false;
};

HttpServerAdapter::HttpServerAdapter(
    Handler handler, std::shared_ptr<ConnectionBudget> budget, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(std::move(handler)), m_budget(std::move(budget))
{ }

quint16 HttpServerAdapter::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *tcpServer = new ConnectionServer(m_budget, this);
    if (!tcpServer->listen(address, port)) {
        if (error) {
            const QString where = u"port %1 on %2"_s.arg(port).arg(address.toString());
            *error = tcpServer->serverError() == QAbstractSocket::AddressInUseError
                ? u"Cannot listen on %1: the port is already in use."_s.arg(where)
                : u"Cannot listen on %1: %2"_s.arg(where, tcpServer->errorString());
        }
        delete tcpServer;
        return 0;
    }
    // Qt 6.4's bind() returns void, 6.8's returns bool; the server is listening either way.
    bind(tcpServer);
    m_connections = tcpServer;
    return tcpServer->serverPort();
}

bool HttpServerAdapter::adopt(qintptr listeningDescriptor, QString *error)
{
    auto *tcpServer = new ConnectionServer(m_budget, this);
    if (!tcpServer->setSocketDescriptor(listeningDescriptor)) {
        if (error)
            *error = u"Cannot share the listening socket: %1"_s.arg(tcpServer->errorString());
        delete tcpServer;
        return false;
    }
    // Only the first adapter accepts; it decides which thread serves each connection.
    tcpServer->setAccepting(false);
    bind(tcpServer);
    m_connections = tcpServer;
    return true;
}

void HttpServerAdapter::setDistributor(Distributor distributor)
{
    if (m_connections)
        m_connections->distributor = std::move(distributor);
}

void HttpServerAdapter::serveDescriptor(qintptr socketDescriptor)
{
    if (m_connections)
        m_connections->serveDescriptor(socketDescriptor);
}

qintptr HttpServerAdapter::listeningDescriptor() const
{
    const QList<QTcpServer *> tcpServers = servers();
    return tcpServers.isEmpty() ? -1 : tcpServers.constFirst()->socketDescriptor();
}

HttpRequest HttpServerAdapter::toHttpRequest(const QHttpServerRequest &request)
{
    HttpRequest out;
    out.receivedMicros = ExchangeRecord::wallClockMicros();
    const QUrl url = request.url();
    out.path = url.path(QUrl::FullyEncoded).toUtf8();
    out.query = url.query(QUrl::FullyEncoded).toUtf8();
    out.body = request.body();
    out.peer = request.remoteAddress().toString();
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        // Qt 6.8 gives the name as a QLatin1StringView (lower-cased), the value as bytes.
        const QLatin1StringView name = headers.nameAt(i);
        out.headers.append(
            {QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray()});
    }
#else
    out.headers = request.headers();
#endif
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        out.method = "GET"_ba;
        break;
    case QHttpServerRequest::Method::Put:
        out.method = "PUT"_ba;
        break;
    case QHttpServerRequest::Method::Delete:
        out.method = "DELETE"_ba;
        break;
    case QHttpServerRequest::Method::Post:
        out.method = "POST"_ba;
        break;
    case QHttpServerRequest::Method::Head:
        out.method = "HEAD"_ba;
        break;
    case QHttpServerRequest::Method::Options:
        out.method = "OPTIONS"_ba;
        break;
    case QHttpServerRequest::Method::Patch:
        out.method = "PATCH"_ba;
        break;
    case QHttpServerRequest::Method::Connect:
        out.method = "CONNECT"_ba;
        break;
    case QHttpServerRequest::Method::Trace:
        out.method = "TRACE"_ba;
        break;
    default:
        out.method = "UNKNOWN"_ba;
        break;
    }
    return out;
}

void HttpServerAdapter::send(QHttpServerResponder &responder, const HttpResponse &response)
{
    const auto status = static_cast<QHttpServerResponder::StatusCode>(response.status);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpHeaders headers;
    if (!response.contentType.isEmpty())
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, response.contentType);
    for (const auto &[name, value] : response.headers)
        headers.append(name, value);
    responder.write(response.body, headers, status);
#else
    responder.writeStatusLine(status);
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type"_ba, response.contentType);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length"_ba, QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
#endif
}

namespace {

// A deferred answer's bytes, written by the adapter itself (Qt's responder for the request is
// gone by then).
QByteArray rawResponse(const HttpResponse &response, bool close)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + ' ';
    switch (response.status) {
    case 200:
        out += "OK";
        break;
    case 400:
        out += "Bad Request";
        break;
    case 401:
        out += "Unauthorized";
        break;
    case 500:
        out += "Internal Server Error";
        break;
    default:
        break; // RFC 9112 §4: the reason phrase may be empty
    }
    out += "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    out += response.body;
    return out;
}

// Carries a resume from whichever thread ends the wait to the adapter's thread. Deleted with
// deleteLater() when the last reference goes, wherever that is.
class DeferredAnswer final : public QObject
{
public:
    QPointer<QTcpSocket> socket;
    bool answered = false;
};

// A deferred request is answered at the latest this long after it arrived, even when what it
// waits for never reports (the JWK set fetcher's own total timeout is shorter).
constexpr int MaxDeferralMilliseconds = 15000;

} // namespace

std::optional<HttpResponse> HttpServerAdapter::answer(
    const HttpRequest &request, QTcpSocket *socket)
{
    HttpResponse response = m_handler(request);
    if (!response.retryWhen)
        return response;
    if (socket && request.mayDefer) {
        answerLater(request, socket, std::move(response.retryWhen));
        return std::nullopt;
    }
    HttpRequest again = request;
    again.mayDefer = false;
    response = m_handler(again);
    response.retryWhen = {};
    return response;
}

void HttpServerAdapter::answerLater(
    const HttpRequest &request, QTcpSocket *socket, DeferredWait wait)
{
    const std::shared_ptr<DeferredAnswer> state(
        new DeferredAnswer, [](DeferredAnswer *answer) { answer->deleteLater(); });
    state->socket = socket;
    HttpRequest again = request;
    again.mayDefer = false;
    // On this thread, once: the socket is checked here, where it lives, and a socket that is
    // still there means its adapter (an ancestor) is too.
    const auto finish = [this, again](const std::shared_ptr<DeferredAnswer> &answer) {
        if (answer->answered || !answer->socket)
            return;
        answer->answered = true;
        HttpResponse response = m_handler(again);
        response.retryWhen = {};
        const bool close
            = again.header("connection").trimmed().compare("close", Qt::CaseInsensitive) == 0;
        answer->socket->write(rawResponse(response, close));
        if (close)
            answer->socket->disconnectFromHost();
    };
    // The timer holds no reference, so a state nobody waits on any more goes away with it.
    const std::weak_ptr<DeferredAnswer> weak = state;
    QTimer::singleShot(MaxDeferralMilliseconds, state.get(), [weak, finish] {
        if (const std::shared_ptr<DeferredAnswer> answer = weak.lock())
            finish(answer);
    });
    wait([state, finish] {
        QMetaObject::invokeMethod(
            state.get(), [state, finish] { finish(state); }, Qt::QueuedConnection);
    });
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool HttpServerAdapter::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const std::optional<HttpResponse> response = answer(toHttpRequest(request), socket);
    if (!response)
        return true;
    QHttpServerResponder responder = makeResponder(request, socket);
    send(responder, *response);
    return true;
}

void HttpServerAdapter::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Unreachable: handleRequest() answers everything.
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}
#else
bool HttpServerAdapter::handleRequest(
    const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    // No socket is passed from 6.5 on: the guard knows which one Qt is reading. The peer's
    // address and port must match, or the request is answered now.
    QTcpSocket *socket = ConnectionGuard::socketBeingRead();
    if (socket
        && (socket->peerAddress() != request.remoteAddress()
            || socket->peerPort() != request.remotePort())) {
        socket = nullptr;
    }
    const std::optional<HttpResponse> response = answer(toHttpRequest(request), socket);
    if (response)
        send(responder, *response);
    return true;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
void HttpServerAdapter::missingHandler(const QHttpServerRequest &, QHttpServerResponder &&responder)
#else
void HttpServerAdapter::missingHandler(const QHttpServerRequest &, QHttpServerResponder &responder)
#endif
{
    // Unreachable: handleRequest() answers everything.
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}
#endif
