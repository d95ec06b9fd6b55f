// SPDX-License-Identifier: GPL-3.0-or-later
#include "keystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcStore, "playground.store", QtInfoMsg)

constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyFolder = OwnerOnly | QFileDevice::ExeOwner;
// The *User flags describe the current user, not the file's mode bits.
constexpr QFileDevice::Permissions ModeBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner
    | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;

bool setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// A private key readable by others is a leaked key; narrowing it never loses anything the
// server needs, so it is done silently rather than refused.
void tightenPermissions(const QString &path)
{
#ifdef Q_OS_UNIX
    const QFileDevice::Permissions mode = QFile::permissions(path) & ModeBits;
    if (!(mode & ~OwnerOnly))
        return;
    if (QFile::setPermissions(path, mode & OwnerOnly)) {
        qCInfo(lcStore, "Restricted the permissions of %s to the owner",
            qUtf8Printable(QDir::toNativeSeparators(path)));
    } else {
        qCWarning(lcStore, "Could not restrict the permissions of %s to the owner",
            qUtf8Printable(QDir::toNativeSeparators(path)));
    }
#else
    Q_UNUSED(path)
#endif
}

} // namespace

KeyStore::KeyStore(const QString &directory) : m_directory(directory)
{ }

QString KeyStore::activeKeyPath() const
{
    return m_directory + u"/signing-key.pem"_s;
}

Key KeyStore::loadOrCreate(QString *error) const
{
    const QString path = activeKeyPath();
    const QString shownPath = QDir::toNativeSeparators(path);

    if (QFileInfo::exists(path)) {
        // Everything below only reads: a key that cannot be used is reported, never replaced,
        // since replacing it would silently invalidate every token it signed.
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            setError(
                error, u"cannot read the signing key %1: %2"_s.arg(shownPath, file.errorString()));
            return {};
        }
        const QByteArray pem = file.readAll();
        file.close();

        QString parseError;
        const Key key = Key::fromPem(pem, &parseError);
        if (key.isNull()) {
            setError(error,
                u"the signing key %1 is not a usable PEM key: %2"_s.arg(shownPath, parseError));
            return {};
        }
        if (!key.isPrivate()) {
            setError(error,
                u"the signing key %1 holds only a public key; signing needs the "
                "private key"_s.arg(shownPath));
            return {};
        }
        tightenPermissions(path);
        return key;
    }

    if (!QFileInfo(m_directory).isDir()) {
        if (!QDir().mkpath(m_directory)) {
            setError(error,
                u"cannot create the key folder %1"_s.arg(QDir::toNativeSeparators(m_directory)));
            return {};
        }
        QFile::setPermissions(m_directory, OwnerOnlyFolder);
    }

    const Key key = Key::generateRsa(2048);
    if (key.isNull() || !key.isPrivate()) {
        setError(error, u"cannot generate an RSA signing key"_s);
        return {};
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(
            error, u"cannot write the signing key %1: %2"_s.arg(shownPath, file.errorString()));
        return {};
    }
    const QByteArray pem = key.privateKeyPem();
    // Set on the temporary file before the rename, so the key is never readable by others.
    if (pem.isEmpty() || file.write(pem) != pem.size() || !file.setPermissions(OwnerOnly)
        || !file.commit()) {
        const QString reason
            = pem.isEmpty() ? u"the key could not be exported"_s : file.errorString();
        file.cancelWriting();
        setError(error, u"cannot write the signing key %1: %2"_s.arg(shownPath, reason));
        return {};
    }
    return key;
}
