// SPDX-License-Identifier: GPL-3.0-or-later
// The configuration loader (ConfigFile::load: JSON parse, schema and validation) on any file
// content. Properties: no crash; Invalid comes with a one-line error; a document that loads,
// written as save() writes it and read back, gives the same configuration (what the window
// saves, headless mode and the next start read alike).

#include "fuzzcheck.h"
#include "store/configfile.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace {

QTemporaryDir *folder()
{
    // tmpfs where there is one: the loader is what is fuzzed, not the disk.
    static const std::unique_ptr<QTemporaryDir> dir = [] {
        const QString shm = QStringLiteral("/dev/shm");
        auto made = QDir(shm).exists()
            ? std::make_unique<QTemporaryDir>(shm + QStringLiteral("/playground-fuzz-XXXXXX"))
            : std::make_unique<QTemporaryDir>();
        FUZZ_CHECK(made->isValid());
        return made;
    }();
    return dir.get();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    folder();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = folder()->filePath(QStringLiteral("config.json"));
    {
        QFile file(path);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        FUZZ_CHECK(file.write(reinterpret_cast<const char *>(data), qint64(size)) == qint64(size));
    }
    const ConfigFile::LoadResult loaded = ConfigFile(path).load();
    FUZZ_CHECK(loaded.status != ConfigFile::Status::Missing);
    if (loaded.status == ConfigFile::Status::Invalid) {
        FUZZ_CHECK(!loaded.error.isEmpty() && !loaded.error.contains(u'\n'));
        FUZZ_CHECK(loaded.configuration == Configuration::defaults());
        return 0;
    }

    const Configuration &config = loaded.configuration;
    const QByteArray saved
        = QJsonDocument(ConfigurationJson::toJson(config)).toJson(QJsonDocument::Indented);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(saved, &parseError);
    FUZZ_CHECK(parseError.error == QJsonParseError::NoError && document.isObject());
    const Expected<Configuration, QString> again = ConfigurationJson::fromJson(document.object());
    if (!again)
        std::fprintf(stderr, "saved document does not load: %s\n", qPrintable(again.error()));
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(*again == config);
    return 0;
}
