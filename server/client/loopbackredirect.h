// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

class QTcpServer;
class QTcpSocket;
class QTimer;

// What the browser brought to a native app's loopback redirect URI (RFC 8252 §7.3): one HTTP
// request's head, read as the authorization response (RFC 6749 §4.1.2 and §4.1.2.1) and checked
// against the request the app sent: state (RFC 6749 §10.12), iss (RFC 9207).
struct AuthorizationCallback
{
    enum class Status {
        Incomplete, // the head has not ended yet
        Code, // a valid authorization response with a code
        Error, // a valid error response (access_denied, ...)
        Rejected, // a response to refuse: wrong state, wrong iss, repeated or missing parameters
        NotFound, // another path (a favicon): not the callback
        Malformed, // not an HTTP/1.x GET request line, or a head over the limit
    };
    Status status = Status::Incomplete;
    QByteArray requestLine; // as received, without CRLF
    QString code;
    QString state;
    QString error;
    QString errorDescription;
    QString iss; // empty when the server sent none
    QString problem; // why it was rejected or malformed, in plain words
};

class LoopbackRedirect
{
public:
    // A browser's request for the callback is a few hundred bytes; a code, state and an error
    // description fit in far less than this.
    static constexpr qsizetype MaxHeadBytes = 8192;

    struct Expectation
    {
        QString path = QStringLiteral("/callback");
        QString state;
        QString issuer; // the iss the response must carry when it carries one
        // RFC 9207 §2.4: a server that says it sends iss (its metadata's
        // authorization_response_iss_parameter_supported) must be refused a response without.
        bool issRequired = false;
    };

    // Reads the bytes received so far on one connection.
    static AuthorizationCallback parse(QByteArrayView received, const Expectation &expected);
    // The whole HTTP/1.1 answer for a callback: a small page that says what arrived and that the
    // tab can be closed, with Connection: close.
    static QByteArray answer(const AuthorizationCallback &callback);
};

// The listener a native app opens for one authorization request (RFC 8252 §7.3): a QTcpServer on
// 127.0.0.1 and a port the system picks, reading requests with LoopbackRedirect. It closes after
// the first valid callback (a code or an error), on cancel() or when the flow's time is up;
// a connection that sends nothing for a few seconds, or a head over the limit, is closed alone.
class LoopbackListener : public QObject
{
    Q_OBJECT
public:
    static constexpr int ConnectionTimeoutMSecs = 5000;
    static constexpr int DefaultFlowTimeoutMSecs = 5 * 60 * 1000;

    explicit LoopbackListener(QObject *parent = nullptr);
    ~LoopbackListener() override;

    // Listens for a response to the request with this state; false (and errorString()) when no
    // port could be bound. A listener already open is closed first.
    bool listen(const LoopbackRedirect::Expectation &expected,
        int flowTimeoutMSecs = DefaultFlowTimeoutMSecs);
    void cancel();
    bool isListening() const;
    quint16 port() const;
    // http://127.0.0.1:PORT/callback
    QString redirectUri() const;
    QString errorString() const { return m_error; }

Q_SIGNALS:
    // A valid callback arrived (Code or Error); the listener is closed.
    void callbackReceived(const AuthorizationCallback &callback);
    // A request that was refused (Rejected, Malformed); the listener keeps listening.
    void requestRefused(const AuthorizationCallback &callback);
    void timedOut();

private:
    void accept();
    void read(QTcpSocket *socket);
    void close();

    QTcpServer *m_server = nullptr;
    QTimer *m_flowTimer = nullptr;
    LoopbackRedirect::Expectation m_expected;
    QHash<QTcpSocket *, QByteArray> m_received;
    QString m_error;
};
