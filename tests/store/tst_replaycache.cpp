// SPDX-License-Identifier: GPL-3.0-or-later
// The replay cache of client assertions: each key accepted once until it expires, bounded, and
// safe to use from every worker thread at once.
#include "store/replaycache.h"

#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 Now = 1700000000000;

} // namespace

class TestReplayCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsOnceUntilExpiry();
    void boundedWithoutForgettingLiveEntries();
    void concurrentRecordsAcceptEachKeyOnce();
};

void TestReplayCache::recordsOnceUntilExpiry()
{
    ReplayCache cache;
    QCOMPARE(cache.record(u"client\njti"_s, Now + 60000, Now), ReplayCache::Outcome::Recorded);
    QCOMPARE(
        cache.record(u"client\njti"_s, Now + 60000, Now + 59999), ReplayCache::Outcome::Replayed);
    QCOMPARE(cache.record(u"other\njti"_s, Now + 60000, Now), ReplayCache::Outcome::Recorded);
    // At its expiry the entry no longer counts (the assertion it came from is refused as
    // expired by then).
    QCOMPARE(
        cache.record(u"client\njti"_s, Now + 120000, Now + 60000), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.size(), 1);
}

void TestReplayCache::boundedWithoutForgettingLiveEntries()
{
    ReplayCache cache(3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(cache.record(u"k%1"_s.arg(i), Now + 1000 * (i + 1), Now),
            ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.record(u"new"_s, Now + 5000, Now), ReplayCache::Outcome::Full);
    // A replay is still recognised when full.
    QCOMPARE(cache.record(u"k2"_s, Now + 5000, Now), ReplayCache::Outcome::Replayed);
    // The soonest-expiring entry makes room when it expires, and only then.
    QCOMPARE(cache.record(u"new"_s, Now + 5000, Now + 999), ReplayCache::Outcome::Full);
    QCOMPARE(cache.record(u"new"_s, Now + 5000, Now + 1000), ReplayCache::Outcome::Recorded);
    QCOMPARE(cache.size(), 3);
}

void TestReplayCache::concurrentRecordsAcceptEachKeyOnce()
{
    // Four threads present the same 2000 keys: each key is accepted exactly once overall.
    constexpr int Threads = 4;
    constexpr int Keys = 2000;
    ReplayCache cache;
    std::atomic<int> recorded {0};
    std::atomic<int> replayed {0};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back(QThread::create([&cache, &recorded, &replayed, t] {
            for (int i = 0; i < Keys; ++i) {
                const int key = (i + t * 500) % Keys;
                switch (cache.record(u"client\n%1"_s.arg(key), Now + 60000, Now)) {
                case ReplayCache::Outcome::Recorded:
                    recorded.fetch_add(1);
                    break;
                case ReplayCache::Outcome::Replayed:
                    replayed.fetch_add(1);
                    break;
                case ReplayCache::Outcome::Full:
                    break;
                }
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60000));
    QCOMPARE(recorded.load(), Keys);
    QCOMPARE(replayed.load(), (Threads - 1) * Keys);
    QCOMPARE(cache.size(), Keys);
}

QTEST_GUILESS_MAIN(TestReplayCache)
#include "tst_replaycache.moc"
