// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "introspection.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>

#include <functional>
#include <optional>

// The introspection calls of the resource server in flight and their answers, for the request
// threads to read without waiting on the network (the introspection twin of store/JwksCache).
//
// A request asks for a fresh answer: a call starts (or joins one that runs for the same token)
// and the request waits (whenAnswered) and is handled again, and then reads the answer that
// call brought. Answers are never reused by a later request: a token revoked a moment ago is
// refused by the next request, which is the point of introspecting. An answer is forgotten
// once nobody can be waiting for it any more.
//
// Thread-safe: one mutex, held for a hash operation; the caller and the waiters run without it.
class IntrospectionCache
{
public:
    // Sends "call" (the introspection of "token"); must end with deliver() for the token,
    // whatever happens.
    using Caller = std::function<void(const QByteArray &token, const IntrospectionCall &call)>;

    struct Lookup
    {
        enum class Status { Answered, Pending, Failed };
        Status status = Status::Failed;
        IntrospectionAnswer answer;
        QString error; // Failed: why there is no answer
    };

    // How long a delivered answer waits for the requests that asked for it.
    static constexpr qint64 AnswerKeptMSecs = 30000;

    IntrospectionCache();
    ~IntrospectionCache();

    void setCaller(Caller caller);

    // A request that may wait: starts a call (or joins the one in flight) and answers Pending.
    Lookup startFresh(const QByteArray &token, const IntrospectionCall &call, qint64 nowMSecs);
    // A request handled again after waiting: the answer of the call it waited for, or Failed.
    Lookup answered(const QByteArray &token) const;

    void deliver(const QByteArray &token, const std::optional<IntrospectionAnswer> &answer,
        const QString &error, qint64 nowMSecs);
    // Calls "callback" once no call for "token" runs (at once when none runs), from the thread
    // that delivers.
    void whenAnswered(const QByteArray &token, std::function<void()> callback);

    int callCount() const;

private:
    struct Entry
    {
        bool pending = false;
        bool delivered = false;
        std::optional<IntrospectionAnswer> answer;
        QString error;
        qint64 deliveredAtMSecs = 0;
        // The answer before the call in flight, for a request that waited for that one and is
        // handled again only after a newer request started another call.
        bool hasPrevious = false;
        std::optional<IntrospectionAnswer> previousAnswer;
        QString previousError;
        QList<std::function<void()>> waiters;
    };

    mutable QMutex m_mutex;
    Caller m_caller;
    QHash<QByteArray, Entry> m_entries;
    int m_calls = 0;
};
