// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopbackredirect.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

// Sockets one flow keeps open at once: a browser opens two or three; more is not a browser.
constexpr int MaxConnections = 8;
// How long a refused client's remaining bytes are read and dropped before the close.
constexpr int LingerMSecs = 2000;

QString tr(const char *text)
{
    return QCoreApplication::translate("LoopbackRedirect", text);
}

QString decoded(QByteArray component)
{
    // A query as a form (the authorization response is form-encoded, RFC 6749 §4.1.2): '+' is a
    // space.
    component.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(component));
}

AuthorizationCallback malformed(AuthorizationCallback callback, const QString &problem)
{
    callback.status = AuthorizationCallback::Status::Malformed;
    callback.problem = problem;
    return callback;
}

AuthorizationCallback rejected(AuthorizationCallback callback, const QString &problem)
{
    callback.status = AuthorizationCallback::Status::Rejected;
    callback.problem = problem;
    return callback;
}

} // namespace

AuthorizationCallback LoopbackRedirect::parse(QByteArrayView received, const Expectation &expected)
{
    AuthorizationCallback callback;
    qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0)
        end = received.indexOf("\n\n"); // bare LF, as RFC 9112 §2.2 lets a recipient accept
    if (end < 0 || end > MaxHeadBytes) {
        if (received.size() <= MaxHeadBytes)
            return callback; // Incomplete
        return malformed(callback, tr("the request head is over %1 bytes").arg(MaxHeadBytes));
    }
    const QByteArrayView head = received.first(end);
    qsizetype lineEnd = head.indexOf('\n');
    QByteArrayView line = lineEnd < 0 ? head : head.first(lineEnd);
    if (line.endsWith('\r'))
        line.chop(1);
    callback.requestLine = line.toByteArray();
    const QList<QByteArray> parts = callback.requestLine.split(' ');
    if (parts.size() != 3 || (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0"))
        return malformed(callback, tr("not an HTTP/1.1 request line"));
    if (parts.at(0) != "GET")
        return malformed(callback,
            tr("the browser brings the response with GET, not %1")
                .arg(QString::fromLatin1(parts.at(0))));
    const QByteArray &target = parts.at(1);
    if (!target.startsWith('/'))
        return malformed(callback, tr("the request target is not a path"));
    const qsizetype question = target.indexOf('?');
    const QString path = decoded(target.left(question < 0 ? target.size() : question));
    if (path != expected.path) {
        callback.status = AuthorizationCallback::Status::NotFound;
        callback.problem = tr("%1 is not the callback path %2").arg(path, expected.path);
        return callback;
    }

    QHash<QString, QString> values;
    QStringList repeated;
    const QByteArray query = question < 0 ? QByteArray() : target.mid(question + 1);
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QString name = decoded(equals < 0 ? pair : pair.left(equals));
        const QString value = equals < 0 ? QString() : decoded(pair.mid(equals + 1));
        if (values.contains(name) && !repeated.contains(name))
            repeated.append(name);
        values.insert(name, value);
    }
    callback.code = values.value(u"code"_s);
    callback.state = values.value(u"state"_s);
    callback.error = values.value(u"error"_s);
    callback.errorDescription = values.value(u"error_description"_s);
    callback.iss = values.value(u"iss"_s);
    if (!repeated.isEmpty()) {
        // RFC 6749 §3.1: a parameter is sent at most once; which copy counts is anyone's guess.
        return rejected(callback, tr("repeated parameters: %1").arg(repeated.join(u", "_s)));
    }
    if (!values.contains(u"state"_s))
        return rejected(callback, tr("no state: not the answer to this request (RFC 6749 §10.12)"));
    if (callback.state != expected.state) {
        return rejected(callback,
            tr("state %1 is not the one sent (%2): a forged or stale response, refused "
               "(RFC 6749 §10.12)")
                .arg(callback.state, expected.state));
    }
    if (expected.issRequired && !values.contains(u"iss"_s)) {
        return rejected(callback,
            tr("no iss, though %1 sends one: refused (RFC 9207 §2.4)").arg(expected.issuer));
    }
    if (values.contains(u"iss"_s) && callback.iss != expected.issuer) {
        return rejected(callback,
            tr("iss %1 is not the issuer %2: a response from another server, refused (RFC 9207 "
               "§2.4)")
                .arg(callback.iss, expected.issuer));
    }
    if (values.contains(u"error"_s)) {
        callback.status = AuthorizationCallback::Status::Error;
        return callback;
    }
    if (callback.code.isEmpty())
        return rejected(callback, tr("neither a code nor an error"));
    callback.status = AuthorizationCallback::Status::Code;
    return callback;
}

QByteArray LoopbackRedirect::answer(const AuthorizationCallback &callback)
{
    using Status = AuthorizationCallback::Status;
    QByteArray status = "200 OK";
    QString title;
    QString text;
    switch (callback.status) {
    case Status::Code:
        title = tr("Signed in");
        text = tr("OAuth2 Playground received the authorization code. You can close this tab.");
        break;
    case Status::Error:
        title = tr("The server said no");
        text = tr("OAuth2 Playground received the error %1. You can close this tab.")
                   .arg(callback.error);
        break;
    case Status::NotFound:
        status = "404 Not Found";
        title = tr("Not found");
        text = callback.problem;
        break;
    case Status::Rejected:
    case Status::Malformed:
    case Status::Incomplete:
        status = callback.problem.contains(QString::number(MaxHeadBytes))
            ? "431 Request Header Fields Too Large"
            : "400 Bad Request";
        title = tr("Refused");
        text = tr("OAuth2 Playground refused this request: %1.").arg(callback.problem);
        break;
    }
    const QByteArray body
        = u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
          "</head><body><h1>%1</h1><p>%2</p></body></html>\n"_s
              .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
              .toUtf8();
    // no-referrer: the page is loaded from a URL that holds the code.
    return "HTTP/1.1 " + status + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size())
        + "\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
          "Content-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n"
        + body;
}

LoopbackListener::LoopbackListener(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_flowTimer(new QTimer(this))
{
    m_server->setMaxPendingConnections(MaxConnections);
    m_flowTimer->setSingleShot(true);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackListener::accept);
    connect(m_flowTimer, &QTimer::timeout, this, [this] {
        close();
        Q_EMIT timedOut();
    });
}

LoopbackListener::~LoopbackListener()
{
    close();
}

bool LoopbackListener::listen(const LoopbackRedirect::Expectation &expected, int flowTimeoutMSecs)
{
    close();
    m_expected = expected;
    // RFC 8252 §7.3 and §8.3: the loopback IP literal, not "localhost", and any free port.
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        m_error = m_server->errorString();
        return false;
    }
    m_error.clear();
    m_flowTimer->start(flowTimeoutMSecs);
    return true;
}

void LoopbackListener::cancel()
{
    close();
}

bool LoopbackListener::isListening() const
{
    return m_server->isListening();
}

quint16 LoopbackListener::port() const
{
    return m_server->serverPort();
}

QString LoopbackListener::redirectUri() const
{
    return u"http://127.0.0.1:%1%2"_s.arg(port()).arg(m_expected.path);
}

void LoopbackListener::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_received.size() >= MaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_received.insert(socket, QByteArray());
        // A connection that says nothing, or too slowly, is closed on its own.
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [this, socket] {
            m_received.remove(socket);
            socket->disconnectFromHost(); // after what is still to be written, if anything
        });
        timer->start(ConnectionTimeoutMSecs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_received.remove(socket);
            socket->deleteLater();
        });
    }
}

void LoopbackListener::read(QTcpSocket *socket)
{
    auto it = m_received.find(socket);
    if (it == m_received.end()) {
        socket->readAll(); // answered already: what follows is discarded
        return;
    }
    // Never more than the limit and one read's worth: a head over it is refused below.
    it->append(socket->read(LoopbackRedirect::MaxHeadBytes + 1 - it->size()));
    const AuthorizationCallback callback = LoopbackRedirect::parse(*it, m_expected);
    if (callback.status == AuthorizationCallback::Status::Incomplete)
        return;
    m_received.erase(it);
    socket->write(LoopbackRedirect::answer(callback));
    using Status = AuthorizationCallback::Status;
    if (callback.status == Status::Malformed) {
        // The client may still be sending (a huge head): what it sends is read and dropped for
        // a moment, so that it reads the answer rather than a reset.
        if (auto *timer = socket->findChild<QTimer *>())
            timer->start(LingerMSecs);
    } else {
        socket->disconnectFromHost();
    }
    if (callback.status == Status::Code || callback.status == Status::Error) {
        close();
        Q_EMIT callbackReceived(callback);
    } else if (callback.status != Status::NotFound) {
        Q_EMIT requestRefused(callback);
    }
}

void LoopbackListener::close()
{
    m_flowTimer->stop();
    m_server->close();
    const QList<QTcpSocket *> sockets = m_received.keys();
    m_received.clear();
    for (QTcpSocket *socket : sockets) {
        socket->abort();
        socket->deleteLater();
    }
}
