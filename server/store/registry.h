// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "configuration.h"
#include "jose/key.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <memory>

// What one request sees: an immutable copy of the configuration and keys.
struct RegistrySnapshot
{
    Configuration configuration;
    Key signingKey; // signs new tokens
    QList<Key> verificationKeys; // published in the JWK set (includes signingKey)
};

using RegistrySnapshotPtr = std::shared_ptr<const RegistrySnapshot>;

// The clients, scopes, settings and keys shared by the server thread (reads) and the UI (edits).
//
// Readers take a snapshot per request: a shared pointer copied under a mutex. Writers build a new
// snapshot and swap it in, so an edit applies to the next request without a restart and no
// request ever sees half an edit.
class Registry : public QObject
{
    Q_OBJECT
public:
    explicit Registry(Configuration configuration, Key signingKey, QObject *parent = nullptr);

    RegistrySnapshotPtr snapshot() const;
    Configuration configuration() const { return snapshot()->configuration; }

    void setConfiguration(const Configuration &configuration);
    void setSigningKey(const Key &key);

Q_SIGNALS:
    void configurationChanged();

private:
    void swap(RegistrySnapshotPtr next);

    // Writers hold m_writeMutex from reading the current snapshot to installing the next, so two
    // edits never lose one another; readers only ever wait for m_mutex, held for a pointer copy.
    QMutex m_writeMutex;
    mutable QMutex m_mutex;
    RegistrySnapshotPtr m_snapshot;
};
