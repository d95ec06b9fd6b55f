// SPDX-License-Identifier: GPL-3.0-or-later
#include "registry.h"

#include <QMutexLocker>

namespace {

bool isSameKey(const Key &a, const Key &b)
{
    if (a.handle() == b.handle())
        return true;
    if (a.isNull() || b.isNull())
        return false;
    return a.thumbprint() == b.thumbprint();
}

} // namespace

Registry::Registry(Configuration configuration, Key signingKey, QObject *parent) : QObject(parent)
{
    auto initial = std::make_shared<RegistrySnapshot>();
    initial->configuration = std::move(configuration);
    initial->signingKey = signingKey;
    if (!signingKey.isNull())
        initial->verificationKeys = {signingKey};
    m_snapshot = std::move(initial);
}

RegistrySnapshotPtr Registry::snapshot() const
{
    QMutexLocker locker(&m_mutex);
    return m_snapshot;
}

void Registry::setConfiguration(const Configuration &configuration)
{
    {
        QMutexLocker writer(&m_writeMutex);
        auto next = std::make_shared<RegistrySnapshot>(*snapshot());
        next->configuration = configuration;
        swap(std::move(next));
    }
    Q_EMIT configurationChanged();
}

void Registry::setSigningKey(const Key &key)
{
    {
        QMutexLocker writer(&m_writeMutex);
        const RegistrySnapshotPtr current = snapshot();
        auto next = std::make_shared<RegistrySnapshot>(*current);
        next->signingKey = key;
        if (!isSameKey(current->signingKey, key)) {
            next->verificationKeys.clear();
            if (!key.isNull())
                next->verificationKeys.append(key);
            // Tokens the replaced key signed may still be unexpired: keep publishing it.
            if (!current->signingKey.isNull())
                next->verificationKeys.append(current->signingKey);
        }
        swap(std::move(next));
    }
    Q_EMIT configurationChanged();
}

void Registry::swap(RegistrySnapshotPtr next)
{
    {
        QMutexLocker locker(&m_mutex);
        m_snapshot.swap(next);
    }
    // "next" now holds the old snapshot; if this was its last reference it is destroyed here,
    // outside the lock, so readers never wait for a configuration's destructor.
}
