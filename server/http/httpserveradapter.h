// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "oauth/httpmessage.h"

#include <QAbstractHttpServer>
#include <QHostAddress>

#include <functional>
#include <memory>
#include <optional>

class ConnectionBudget;
class QTcpServer;
class QTcpSocket;

// The one class that calls QHttpServer API, so the differences between Qt 6.4 and 6.8+ live here:
//  - 6.4 passes a QTcpSocket to handleRequest(); 6.5+ passes a QHttpServerResponder;
//  - 6.4 has listen() and a void bind(); 6.8 removed listen() and bind() returns bool, so we
//    always listen on our own QTcpServer (which also gives a precise error) and bind() it;
//  - 6.4's request headers are a list of pairs; 6.8's are QHttpHeaders;
//  - 6.4-6.7 write a response with writeStatusLine()/writeHeader()/writeBody(); 6.8 removed
//    them in favour of write(data, QHttpHeaders, status).
// Every request, for every path and method, goes to one handler: routing, 404 and 405 are ours
// (Qt 6.4's router answers 404 where 405 is due). Every connection is admitted by the budget and
// watched by a ConnectionGuard (timeouts, connection cap, body limit) that sits in front of
// Qt's reader, the same way on every version.
// A response may ask to wait (a client's JWK set being fetched): the adapter then answers later,
// writing the bytes to the connection itself once the request has been handled again, which
// works alike on every version and never touches a connection that closed meanwhile (the reason
// Qt 6.4 crashes with QFuture routes).
class HttpServerAdapter final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    HttpServerAdapter(
        Handler handler, std::shared_ptr<ConnectionBudget> budget, QObject *parent = nullptr);

    // Listens on address:port (0 picks a free port). Returns the bound port, or 0 and *error.
    quint16 listen(const QHostAddress &address, quint16 port, QString *error);
    // Holds a duplicate of another adapter's listening socket without accepting from it, so that
    // this adapter counts as bound (Qt 6.8's bind() insists on a listening server) and serves the
    // connections handed to it by serveDescriptor(). Takes ownership of the descriptor.
    bool adopt(qintptr listeningDescriptor, QString *error);
    // The listening socket, for adopt() in another thread; -1 when not listening.
    qintptr listeningDescriptor() const;

    // Where connections accepted by this adapter go: a function that receives the descriptor
    // (to hand it to another thread's adapter), or, when unset, this adapter itself.
    using Distributor = std::function<void(qintptr)>;
    void setDistributor(Distributor distributor);
    // Serves a connection accepted elsewhere; on this adapter's thread.
    void serveDescriptor(qintptr socketDescriptor);

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#elif QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(
        const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(
        const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#endif

private:
    // The handler's answer, or std::nullopt when it is held back: the response asked to wait
    // (HttpResponse::retryWhen) and the connection is known, so the request is handled again
    // once the wait ends and that answer is written to the socket. When the connection is not
    // known, the request is handled again at once without waiting.
    std::optional<HttpResponse> answer(const HttpRequest &request, QTcpSocket *socket);
    void answerLater(const HttpRequest &request, QTcpSocket *socket, DeferredWait wait);
    static HttpRequest toHttpRequest(const QHttpServerRequest &request);
    static void send(QHttpServerResponder &responder, const HttpResponse &response);

    Handler m_handler;
    std::shared_ptr<ConnectionBudget> m_budget;
    class ConnectionServer *m_connections = nullptr;
};
