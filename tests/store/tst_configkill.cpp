// SPDX-License-Identifier: GPL-3.0-or-later
//
// Crash safety of the configuration save (docs/configuration.md: "a crash leaves either the old
// file or the new one, never half of each"), with the real store code: playground-configsaver
// saves two documents alternately through ConfigFile::save as fast as it can, and this test
// kills it with SIGKILL at random moments, many times. After each kill the file must load and be
// exactly one of the two documents. Beside it, only what QSaveFile leaves by design when killed
// between linking its temporary file to "config.json.XXXXXX" and renaming that over the target:
// a whole copy of the new document, rarely, removed by a later save (configfile.cpp).

#include "killsavedocuments.h"
#include "store/configfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

class TestConfigKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killWhileSaving();
    void saveRemovesStaleTemporaryFiles();
};

namespace {

// What ConfigFile would read from a file at "path", without its Missing/defaults handling.
std::optional<Configuration> readDocument(const QString &path)
{
    const ConfigFile::LoadResult loaded = ConfigFile(path).load();
    if (loaded.status != ConfigFile::Status::Loaded)
        return std::nullopt;
    return loaded.configuration;
}

} // namespace

void TestConfigKill::killWhileSaving()
{
    const int kills = qEnvironmentVariableIntValue("PLAYGROUND_KILL_COUNT") > 0
        ? qEnvironmentVariableIntValue("PLAYGROUND_KILL_COUNT")
        : 200;
    // A fixed seed per run would test the same moments every time; print it to replay a failure.
    const quint32 seed = qEnvironmentVariableIsSet("PLAYGROUND_KILL_SEED")
        ? quint32(qEnvironmentVariableIntValue("PLAYGROUND_KILL_SEED"))
        : QRandomGenerator::global()->generate();
    qInfo("random seed %u (PLAYGROUND_KILL_SEED replays it)", seed);
    QRandomGenerator random(seed);

    // On tmpfs where there is one. A SIGKILL does not lose what was written to the page cache,
    // so the disk adds nothing to what is tested here but the time of QSaveFile's fsync(), which
    // on a busy disk delays each kill by up to seconds (the kill waits for it).
    const QString shm = u"/dev/shm"_s;
    QTemporaryDir dir = QFileInfo(shm).isDir() && QFileInfo(shm).isWritable()
        ? QTemporaryDir(shm + u"/tst_configkill-XXXXXX"_s)
        : QTemporaryDir();
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    const Configuration small = KillSaveDocuments::small();
    const Configuration large = KillSaveDocuments::large();
    QVERIFY(ConfigFile(path).save(small));

    QSet<QString> leftovers;
    int foundSmall = 0;
    int foundLarge = 0;
    QElapsedTimer savingFor;
    qint64 totalSavingMs = 0;
    for (int i = 0; i < kills; ++i) {
        QProcess saver;
        saver.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        saver.start(QStringLiteral(PLAYGROUND_CONFIGSAVER), {path});
        QVERIFY2(saver.waitForStarted(10000), qPrintable(saver.errorString()));
        QVERIFY2(saver.waitForReadyRead(30000), "the saver did not complete its first save");
        QCOMPARE(saver.readLine(), "saving\n"_ba);
        savingFor.start();
        // Anywhere within a few saves: mid-write, between write and rename, between two saves.
        QThread::usleep(random.bounded(20000));
        saver.kill(); // SIGKILL on Unix: no handler, no flush, no destructor runs
        QVERIFY(saver.waitForFinished(10000));
        totalSavingMs += savingFor.elapsed();
        QCOMPARE(saver.exitStatus(), QProcess::CrashExit);

        const ConfigFile::LoadResult loaded = ConfigFile(path).load();
        QVERIFY2(loaded.status == ConfigFile::Status::Loaded,
            qPrintable(u"after kill %1: %2"_s.arg(i + 1).arg(loaded.error)));
        if (loaded.configuration == small) {
            ++foundSmall;
        } else {
            QVERIFY2(loaded.configuration == large,
                qPrintable(u"after kill %1: neither document"_s.arg(i + 1)));
            ++foundLarge;
        }

        // Nothing else beside the file but QSaveFile's "config.json.XXXXXX", each a whole copy
        // of one document (never half of one: the name is given only to a complete file).
        static const QRegularExpression temporaryName(u"^config\\.json\\.[A-Za-z0-9]{6}$"_s);
        const QStringList others
            = QDir(dir.path())
                  .entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QString &name : others) {
            if (name == u"config.json"_s || leftovers.contains(name))
                continue;
            QVERIFY2(temporaryName.match(name).hasMatch(),
                qPrintable(u"after kill %1: unexpected file %2"_s.arg(i + 1).arg(name)));
            const std::optional<Configuration> copy = readDocument(dir.filePath(name));
            QVERIFY2(copy && (*copy == small || *copy == large),
                qPrintable(u"after kill %1: %2 is not a whole document"_s.arg(i + 1).arg(name)));
            leftovers.insert(name);
        }
    }
    qInfo("%d kills after %lld ms of saving in all: %d found the small document, %d the large "
          "one; %d temporary files left",
        kills, totalSavingMs, foundSmall, foundLarge, int(leftovers.size()));
    // The window for a leftover is a link and a rename: rare, so they cannot pile up.
    QVERIFY2(leftovers.size() <= qMax(2, kills / 20),
        qPrintable(u"%1 temporary files after %2 kills"_s.arg(leftovers.size()).arg(kills)));
    // Both outcomes occur, so the kills did land at different points of the loop.
    QVERIFY(foundSmall > 0);
    QVERIFY(foundLarge > 0);
}

void TestConfigKill::saveRemovesStaleTemporaryFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"config.json"_s);
    const auto makeFile = [&dir](const QString &name, qint64 ageSeconds) {
        QFile file(dir.filePath(name));
        // Flushed first: a write at close() would set the time again.
        return file.open(QIODevice::WriteOnly) && file.write("{}") == 2 && file.flush()
            && file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds),
                QFileDevice::FileModificationTime);
    };
    QVERIFY(makeFile(u"config.json.aB3xY9"_s, 120)); // left by a save killed 2 min ago
    QVERIFY(makeFile(u"config.json.Qw12er"_s, 0)); // may be another process's save right now
    QVERIFY(makeFile(u"config.json.corrupt-20260101-000000"_s, 120)); // the user's, set aside
    QVERIFY(makeFile(u"config.json.backup1"_s, 120)); // not QSaveFile's pattern
    QVERIFY(makeFile(u"other.json.aB3xY9"_s, 120)); // another file's

    QVERIFY(ConfigFile(path).save(KillSaveDocuments::small()));
    QStringList names = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
    names.sort();
    QCOMPARE(names,
        QStringList({u"config.json"_s, u"config.json.Qw12er"_s, u"config.json.backup1"_s,
            u"config.json.corrupt-20260101-000000"_s, u"other.json.aB3xY9"_s}));
}

QTEST_GUILESS_MAIN(TestConfigKill)
#include "tst_configkill.moc"
