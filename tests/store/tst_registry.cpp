// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/registry.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

// A configuration whose parts agree with each other in a checkable way: n clients, port n, and
// every client id and scope names n. A reader that saw half of one edit and half of another
// would find a mismatch.
Configuration consistentConfiguration(int n)
{
    Configuration config;
    config.server.port = quint16(n);
    config.server.contextPath = u"/v"_s + QString::number(n);
    const QString scope = u"scope."_s + QString::number(n);
    config.scopes = {{scope, QString()}};
    for (int i = 0; i < n; ++i) {
        ClientRegistration client;
        client.clientId = u"c%1-%2"_s.arg(n).arg(i);
        client.clientSecret = u"s"_s;
        client.scopes = {scope};
        client.accessTokenLifetimeSeconds = n;
        config.clients.append(client);
    }
    return config;
}

bool isConsistent(const RegistrySnapshot &snapshot)
{
    const Configuration &config = snapshot.configuration;
    const int n = config.server.port;
    if (config.clients.size() != n || config.server.contextPath != u"/v"_s + QString::number(n))
        return false;
    const QString prefix = u"c"_s + QString::number(n) + u"-"_s;
    for (const ClientRegistration &client : config.clients) {
        if (!client.clientId.startsWith(prefix) || client.accessTokenLifetimeSeconds != n)
            return false;
    }
    return config.scopes.size() == 1
        && config.scopes.first().name == u"scope."_s + QString::number(n);
}

QStringList thumbprints(const QList<Key> &keys)
{
    QStringList result;
    for (const Key &key : keys)
        result.append(key.thumbprint());
    return result;
}

} // namespace

class tst_Registry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void initialSnapshot();
    void snapshotIsImmutable();
    void configurationChangedOncePerEdit();
    void setConfigurationKeepsKeys();
    void signingKeyRotationKeepsPreviousKey();
    void concurrentReadersSeeConsistentSnapshots();

private:
    Key m_first;
    Key m_second;
};

void tst_Registry::initTestCase()
{
    m_first = Key::generateRsa(2048);
    m_second = Key::generateRsa(2048);
    QVERIFY(!m_first.isNull());
    QVERIFY(!m_second.isNull());
    QVERIFY(m_first.thumbprint() != m_second.thumbprint());
}

void tst_Registry::initialSnapshot()
{
    const Registry registry(Configuration::defaults(), m_first);
    const RegistrySnapshotPtr snapshot = registry.snapshot();
    QVERIFY(snapshot);
    QVERIFY(snapshot->configuration == Configuration::defaults());
    QVERIFY(registry.configuration() == Configuration::defaults());
    QCOMPARE(snapshot->signingKey.thumbprint(), m_first.thumbprint());
    QCOMPARE(thumbprints(snapshot->verificationKeys), QStringList {m_first.thumbprint()});
    // Nothing changed, so readers share one snapshot.
    QCOMPARE(registry.snapshot().get(), snapshot.get());
}

void tst_Registry::snapshotIsImmutable()
{
    Registry registry(Configuration::defaults(), m_first);
    const RegistrySnapshotPtr before = registry.snapshot();

    Configuration edited = Configuration::defaults();
    edited.clients.first().accessTokenLifetimeSeconds = 60;
    edited.server.port = 9000;
    registry.setConfiguration(edited);

    const RegistrySnapshotPtr after = registry.snapshot();
    QVERIFY(after.get() != before.get());
    QVERIFY(before->configuration == Configuration::defaults());
    QCOMPARE(before->configuration.clients.first().accessTokenLifetimeSeconds, 14400);
    QVERIFY(after->configuration == edited);
    QVERIFY(registry.configuration() == edited);
}

void tst_Registry::configurationChangedOncePerEdit()
{
    Registry registry(Configuration::defaults(), m_first);
    QSignalSpy spy(&registry, &Registry::configurationChanged);
    QVERIFY(spy.isValid());

    registry.setConfiguration(consistentConfiguration(2));
    QCOMPARE(spy.count(), 1);
    // By the time the signal arrives the new snapshot is in place.
    int portSeenInSlot = -1;
    connect(&registry, &Registry::configurationChanged, this,
        [&registry, &portSeenInSlot] { portSeenInSlot = registry.configuration().server.port; });
    registry.setConfiguration(consistentConfiguration(3));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(portSeenInSlot, 3);

    registry.setSigningKey(m_second);
    QCOMPARE(spy.count(), 3);
}

void tst_Registry::setConfigurationKeepsKeys()
{
    Registry registry(Configuration::defaults(), m_first);
    registry.setSigningKey(m_second);
    registry.setConfiguration(consistentConfiguration(1));

    const RegistrySnapshotPtr snapshot = registry.snapshot();
    QVERIFY(snapshot->configuration == consistentConfiguration(1));
    QCOMPARE(snapshot->signingKey.thumbprint(), m_second.thumbprint());
    QCOMPARE(thumbprints(snapshot->verificationKeys),
        (QStringList {m_second.thumbprint(), m_first.thumbprint()}));
}

void tst_Registry::signingKeyRotationKeepsPreviousKey()
{
    Registry registry(Configuration::defaults(), m_first);
    const RegistrySnapshotPtr before = registry.snapshot();

    registry.setSigningKey(m_second);
    RegistrySnapshotPtr snapshot = registry.snapshot();
    QCOMPARE(snapshot->signingKey.thumbprint(), m_second.thumbprint());
    // Tokens signed with the first key must still verify.
    QCOMPARE(thumbprints(snapshot->verificationKeys),
        (QStringList {m_second.thumbprint(), m_first.thumbprint()}));
    QVERIFY(snapshot->configuration == Configuration::defaults());
    QCOMPARE(thumbprints(before->verificationKeys), QStringList {m_first.thumbprint()});

    // Setting the same key again changes nothing about what verifies.
    registry.setSigningKey(m_second);
    snapshot = registry.snapshot();
    QCOMPARE(thumbprints(snapshot->verificationKeys),
        (QStringList {m_second.thumbprint(), m_first.thumbprint()}));

    // Rotating back keeps only the one just replaced.
    registry.setSigningKey(m_first);
    snapshot = registry.snapshot();
    QCOMPARE(snapshot->signingKey.thumbprint(), m_first.thumbprint());
    QCOMPARE(thumbprints(snapshot->verificationKeys),
        (QStringList {m_first.thumbprint(), m_second.thumbprint()}));
}

void tst_Registry::concurrentReadersSeeConsistentSnapshots()
{
    constexpr int Readers = 4;
    constexpr int Swaps = 1000;
    constexpr int Variants = 16;

    std::vector<Configuration> variants;
    for (int n = 1; n <= Variants; ++n)
        variants.push_back(consistentConfiguration(n));
    Registry registry(variants.front(), m_first);

    std::atomic<bool> stop {false};
    std::atomic<int> started {0};
    std::atomic<qint64> reads {0};
    std::atomic<qint64> inconsistent {0};
    std::atomic<int> lastBadPort {-1};

    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < Readers; ++t) {
        threads.emplace_back(QThread::create([&] {
            ++started;
            // At least one read even if the writer is already done.
            do {
                const RegistrySnapshotPtr snapshot = registry.snapshot();
                if (!snapshot || !isConsistent(*snapshot)) {
                    ++inconsistent;
                    lastBadPort = snapshot ? int(snapshot->configuration.server.port) : -2;
                }
                ++reads;
            } while (!stop.load());
        }));
        threads.back()->start();
    }
    // Let every reader run before swapping, so the reads really overlap the writes.
    while (started.load() < Readers)
        QThread::yieldCurrentThread();

    for (int i = 0; i < Swaps; ++i)
        registry.setConfiguration(variants[size_t(i % Variants)]);
    stop = true;
    for (const auto &thread : threads)
        QVERIFY(thread->wait(QDeadlineTimer(60000)));

    QCOMPARE(inconsistent.load(), qint64(0));
    QCOMPARE(lastBadPort.load(), -1);
    QVERIFY(reads.load() >= Readers);
    const int lastN = (Swaps - 1) % Variants + 1;
    QCOMPARE(registry.configuration().server.port, quint16(lastN));
    QVERIFY(isConsistent(*registry.snapshot()));
}

QTEST_GUILESS_MAIN(tst_Registry)
#include "tst_registry.moc"
