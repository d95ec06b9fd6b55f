// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/keystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

// Unix mode bits, e.g. 0644, as Qt permission flags.
QFileDevice::Permissions fromMode(int mode)
{
    QFileDevice::Permissions permissions;
    const QFileDevice::Permission bits[] = {
        QFileDevice::ExeOther,
        QFileDevice::WriteOther,
        QFileDevice::ReadOther,
        QFileDevice::ExeGroup,
        QFileDevice::WriteGroup,
        QFileDevice::ReadGroup,
        QFileDevice::ExeOwner,
        QFileDevice::WriteOwner,
        QFileDevice::ReadOwner,
    };
    for (int i = 0; i < 9; ++i) {
        if (mode & (1 << i))
            permissions |= bits[i];
    }
    return permissions;
}

} // namespace

class tst_KeyStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstRunGeneratesKey();
    void laterRunsLoadTheSameKey();
    void unusableKeyFileIsAnError_data();
    void unusableKeyFileIsAnError();
    void publicOnlyKeyIsRejected();
    void unreadableKeyPathIsAnError();
    void loosePermissionsAreTightened_data();
    void loosePermissionsAreTightened();

private:
    Key m_sample; // a private key generated once, to write in various shapes
};

void tst_KeyStore::initTestCase()
{
    m_sample = Key::generateRsa(2048);
    QVERIFY(!m_sample.isNull());
    QVERIFY(m_sample.isPrivate());
}

void tst_KeyStore::firstRunGeneratesKey()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.filePath(u"config/keys"_s));
    QCOMPARE(store.activeKeyPath(), dir.filePath(u"config/keys/signing-key.pem"_s));
    QVERIFY(!QFileInfo::exists(store.directory()));

    QString error;
    const Key key = store.loadOrCreate(&error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(error, QString());
    QVERIFY(key.isPrivate());
    QCOMPARE(key.type(), Key::Type::Rsa);
    QCOMPARE(key.bits(), 2048);

    QVERIFY(QFileInfo::exists(store.activeKeyPath()));
    const QByteArray pem = readFile(store.activeKeyPath());
    QVERIFY2(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem.left(40).constData());
#ifdef Q_OS_UNIX
    QCOMPARE(QFile::permissions(store.activeKeyPath()) & ModeBits, OwnerOnly);
    QCOMPARE(QFile::permissions(store.directory()) & ModeBits, OwnerOnly | QFileDevice::ExeOwner);
#endif
    // What is on disk is the key that was returned.
    QCOMPARE(Key::fromPem(pem).thumbprint(), key.thumbprint());
}

void tst_KeyStore::laterRunsLoadTheSameKey()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.filePath(u"keys"_s));

    QString error;
    const Key first = store.loadOrCreate(&error);
    QVERIFY2(!first.isNull(), qPrintable(error));
    const QByteArray pem = readFile(store.activeKeyPath());

    const Key second = KeyStore(dir.filePath(u"keys"_s)).loadOrCreate(&error);
    QVERIFY2(!second.isNull(), qPrintable(error));
    QVERIFY(second.isPrivate());
    QVERIFY(!first.thumbprint().isEmpty());
    QCOMPARE(second.thumbprint(), first.thumbprint());
    QCOMPARE(readFile(store.activeKeyPath()), pem);
}

void tst_KeyStore::unusableKeyFileIsAnError_data()
{
    QTest::addColumn<QByteArray>("content");

    const QByteArray pem = m_sample.privateKeyPem();
    QTest::newRow("garbage") << QByteArray("this is not a key\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated PEM") << pem.left(pem.size() / 2);
    QTest::newRow("PEM with a corrupted body")
        << QByteArray(pem).replace(pem.size() / 2, 8, "!!!!!!!!");
}

void tst_KeyStore::unusableKeyFileIsAnError()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.path());
    QVERIFY(writeFile(store.activeKeyPath(), content));

    QString error;
    const Key key = store.loadOrCreate(&error);
    QVERIFY(key.isNull());
    QVERIFY2(error.contains(QDir::toNativeSeparators(store.activeKeyPath())), qPrintable(error));
    QCOMPARE(readFile(store.activeKeyPath()), content);
    // Nothing generated beside it either.
    QCOMPARE(
        QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {u"signing-key.pem"_s});
}

void tst_KeyStore::publicOnlyKeyIsRejected()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.path());
    const QByteArray publicPem = m_sample.publicKeyPem();
    QVERIFY(publicPem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QVERIFY(writeFile(store.activeKeyPath(), publicPem));

    QString error;
    const Key key = store.loadOrCreate(&error);
    QVERIFY(key.isNull());
    QVERIFY2(error.contains(u"public key"_s), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(store.activeKeyPath())), qPrintable(error));
    QCOMPARE(readFile(store.activeKeyPath()), publicPem);
}

void tst_KeyStore::unreadableKeyPathIsAnError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.path());
    QVERIFY(QDir().mkpath(store.activeKeyPath()));

    QString error;
    QVERIFY(store.loadOrCreate(&error).isNull());
    QVERIFY2(error.contains(QDir::toNativeSeparators(store.activeKeyPath())), qPrintable(error));
    QVERIFY(QFileInfo(store.activeKeyPath()).isDir());
}

void tst_KeyStore::loosePermissionsAreTightened_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("expected");

    QTest::newRow("0644") << 0644 << 0600;
    QTest::newRow("0666") << 0666 << 0600;
    QTest::newRow("0640") << 0640 << 0600;
    QTest::newRow("0700") << 0700 << 0600;
    QTest::newRow("0604") << 0604 << 0600;
    QTest::newRow("0600 stays") << 0600 << 0600;
    QTest::newRow("0400 is not widened") << 0400 << 0400;
}

void tst_KeyStore::loosePermissionsAreTightened()
{
    QFETCH(int, mode);
    QFETCH(int, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const KeyStore store(dir.path());
    const QByteArray pem = m_sample.privateKeyPem();
    QVERIFY(writeFile(store.activeKeyPath(), pem));
    QVERIFY(QFile::setPermissions(store.activeKeyPath(), fromMode(mode)));

    QString error;
    const Key key = store.loadOrCreate(&error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.thumbprint(), m_sample.thumbprint());
#ifdef Q_OS_UNIX
    QCOMPARE(QFile::permissions(store.activeKeyPath()) & ModeBits, fromMode(expected));
#else
    Q_UNUSED(expected)
#endif
    QVERIFY(QFile::setPermissions(store.activeKeyPath(), OwnerOnly));
    QCOMPARE(readFile(store.activeKeyPath()), pem);
}

QTEST_GUILESS_MAIN(tst_KeyStore)
#include "tst_keystore.moc"
