// SPDX-License-Identifier: GPL-3.0-or-later
#include "configfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace {

// The file holds client secrets: owner read/write only.
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyFolder = OwnerOnly | QFileDevice::ExeOwner;

// QSaveFile writes an unnamed temporary file (O_TMPFILE) on Linux and, on commit, links it to
// "<name>.XXXXXX" and renames that over the target; elsewhere the temporary file has that name
// from the start. A process killed in between leaves it behind, a whole document with secrets
// in it (tests/store/tst_configkill.cpp). Such a file older than a minute belongs to no save in
// progress (the window is microseconds) and is removed after the next successful save.
void removeStaleTemporaryFiles(const QFileInfo &target)
{
    const QRegularExpression temporaryName(
        u"^"_s + QRegularExpression::escape(target.fileName()) + u"\\.[A-Za-z0-9]{6}$"_s);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-60);
    QDir folder = target.absoluteDir();
    const QFileInfoList entries
        = folder.entryInfoList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks);
    for (const QFileInfo &entry : entries) {
        if (temporaryName.match(entry.fileName()).hasMatch() && entry.lastModified() < before)
            folder.remove(entry.fileName());
    }
}

QString describeRoot(const QJsonDocument &document)
{
    if (document.isArray())
        return u"an array"_s;
    return u"not an object"_s;
}

} // namespace

ConfigFile::ConfigFile(const QString &path) : m_path(path)
{ }

QString ConfigFile::tokenStorePath() const
{
    return QFileInfo(m_path).absoluteDir().filePath(u"tokens.sqlite"_s);
}

QString ConfigFile::keyDirectory() const
{
    return QFileInfo(m_path).absolutePath() + u"/keys"_s;
}

ConfigFile::LoadResult ConfigFile::load() const
{
    LoadResult result;
    result.configuration = Configuration::defaults();

    const QFileInfo info(m_path);
    if (!info.exists()) {
        result.status = Status::Missing;
        return result;
    }

    result.status = Status::Invalid;
    QFile file(m_path);
    if (info.isDir()) {
        result.error = u"cannot read the file: it is a folder"_s;
        return result;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = u"cannot read the file: "_s + file.errorString();
        return result;
    }
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        result.error = u"cannot read the file: "_s + file.errorString();
        return result;
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = u"not valid JSON: %1 at byte offset %2"_s.arg(parseError.errorString())
                           .arg(parseError.offset);
        return result;
    }
    if (!document.isObject()) {
        result.error = u"the document must be a JSON object, but it is "_s + describeRoot(document);
        return result;
    }

    Expected<Configuration, QString> config = ConfigurationJson::fromJson(document.object());
    if (!config) {
        result.error = config.error();
        return result;
    }
    result.status = Status::Loaded;
    result.configuration = std::move(config).value();
    return result;
}

bool ConfigFile::save(const Configuration &config, QString *error) const
{
    auto failed = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    const QFileInfo info(m_path);
    const QString folder = info.absolutePath();
    if (!QFileInfo(folder).isDir()) {
        if (!QDir().mkpath(folder))
            return failed(u"cannot create the folder %1"_s.arg(QDir::toNativeSeparators(folder)));
        // A folder we create holds secrets too; one that already existed is the user's business.
        QFile::setPermissions(folder, OwnerOnlyFolder);
    }

    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        return failed(u"cannot write the file: "_s + file.errorString());
    }
    const QByteArray data
        = QJsonDocument(ConfigurationJson::toJson(config)).toJson(QJsonDocument::Indented);
    // Permissions go on the temporary file before commit() renames it, so the secrets are never
    // readable by others, not even for a moment.
    if (file.write(data) != data.size() || !file.setPermissions(OwnerOnly)) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return failed(u"cannot write the file: "_s + reason);
    }
    if (!file.commit()) {
        return failed(u"cannot write the file: "_s + file.errorString());
    }
    removeStaleTemporaryFiles(info);
    return true;
}

QString ConfigFile::setAside() const
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    const QString base = m_path + u".corrupt-"_s + stamp;
    QString target = base;
    for (int n = 1; QFileInfo::exists(target); ++n)
        target = base + u"-"_s + QString::number(n);
    if (!QFile::rename(m_path, target))
        return {};
    return target;
}

QString ConfigFile::defaultPath()
{
    // Named explicitly rather than through AppDataLocation, whose folder depends on the
    // organisation and application names set (or not) by whoever calls this.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + u"/oauth2-playground/config.json"_s;
}
