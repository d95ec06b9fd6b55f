// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

// The one source of "now" for token times, expiry and countdowns; tests substitute ManualClock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 currentMSecsSinceEpoch() const = 0;
    QDateTime now() const
    {
        return QDateTime::fromMSecsSinceEpoch(currentMSecsSinceEpoch(), QTimeZone::utc());
    }

    static const Clock &system();
};

class SystemClock final : public Clock
{
public:
    qint64 currentMSecsSinceEpoch() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A clock that only moves when told; thread-safe so a test can move it while the server runs.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 msecsSinceEpoch) : m_now(msecsSinceEpoch) { }
    qint64 currentMSecsSinceEpoch() const override { return m_now.load(); }
    void setMSecsSinceEpoch(qint64 msecs) { m_now.store(msecs); }
    void advance(qint64 msecs) { m_now.fetch_add(msecs); }

private:
    std::atomic<qint64> m_now;
};
