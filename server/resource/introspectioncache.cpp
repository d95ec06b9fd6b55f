// SPDX-License-Identifier: GPL-3.0-or-later
#include "introspectioncache.h"

#include <QMutexLocker>

using namespace Qt::Literals::StringLiterals;

IntrospectionCache::IntrospectionCache() = default;

IntrospectionCache::~IntrospectionCache()
{
    // Whoever still waits is told now; the retry then finds no answer and says so.
    QList<std::function<void()>> waiters;
    {
        const QMutexLocker locker(&m_mutex);
        for (Entry &entry : m_entries)
            waiters.append(std::exchange(entry.waiters, {}));
    }
    for (const auto &waiter : std::as_const(waiters))
        waiter();
}

void IntrospectionCache::setCaller(Caller caller)
{
    const QMutexLocker locker(&m_mutex);
    m_caller = std::move(caller);
}

IntrospectionCache::Lookup IntrospectionCache::startFresh(
    const QByteArray &token, const IntrospectionCall &call, qint64 nowMSecs)
{
    Caller caller;
    {
        const QMutexLocker locker(&m_mutex);
        // Answers nobody waits for any more go (a request waits at most 15 s); swept only when
        // many tokens were seen, so a request costs a hash lookup.
        for (auto it = m_entries.begin(); m_entries.size() > 1024 && it != m_entries.end();) {
            if (!it->pending && nowMSecs - it->deliveredAtMSecs > AnswerKeptMSecs)
                it = m_entries.erase(it);
            else
                ++it;
        }
        Entry &entry = m_entries[token];
        if (entry.pending)
            return Lookup {Lookup::Status::Pending, {}, {}};
        if (entry.delivered) {
            entry.hasPrevious = true;
            entry.previousAnswer = entry.answer;
            entry.previousError = entry.error;
        }
        entry.delivered = false;
        entry.answer.reset();
        entry.error.clear();
        entry.pending = true;
        ++m_calls;
        caller = m_caller;
    }
    if (caller)
        caller(token, call);
    else
        deliver(token, std::nullopt, u"no introspection client is running"_s, nowMSecs);
    return Lookup {Lookup::Status::Pending, {}, {}};
}

IntrospectionCache::Lookup IntrospectionCache::answered(const QByteArray &token) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(token);
    if (it == m_entries.constEnd() || (!it->delivered && !it->hasPrevious)) {
        return Lookup {
            Lookup::Status::Failed, {}, u"the introspection answer did not arrive in time"_s};
    }
    const std::optional<IntrospectionAnswer> &answer
        = it->delivered ? it->answer : it->previousAnswer;
    if (!answer)
        return Lookup {Lookup::Status::Failed, {}, it->delivered ? it->error : it->previousError};
    return Lookup {Lookup::Status::Answered, *answer, {}};
}

void IntrospectionCache::deliver(const QByteArray &token,
    const std::optional<IntrospectionAnswer> &answer, const QString &error, qint64 nowMSecs)
{
    QList<std::function<void()>> waiters;
    {
        const QMutexLocker locker(&m_mutex);
        const auto it = m_entries.find(token);
        if (it == m_entries.end())
            return;
        it->pending = false;
        it->delivered = true;
        it->answer = answer;
        it->error = error;
        it->deliveredAtMSecs = nowMSecs;
        waiters = std::exchange(it->waiters, {});
    }
    for (const auto &waiter : std::as_const(waiters))
        waiter();
}

void IntrospectionCache::whenAnswered(const QByteArray &token, std::function<void()> callback)
{
    {
        const QMutexLocker locker(&m_mutex);
        const auto it = m_entries.find(token);
        if (it != m_entries.end() && it->pending) {
            it->waiters.append(std::move(callback));
            return;
        }
    }
    callback();
}

int IntrospectionCache::callCount() const
{
    const QMutexLocker locker(&m_mutex);
    return m_calls;
}
