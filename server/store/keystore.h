// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jose/key.h"

#include <QString>

// The server's signing keys on disk: PEM files with 0600 in the key folder beside the
// configuration. The first run generates an RSA-2048 key; later runs load it, so the "kid"
// (its RFC 7638 thumbprint) stays the same across restarts.
class KeyStore
{
public:
    explicit KeyStore(const QString &directory);

    QString directory() const { return m_directory; }
    QString activeKeyPath() const;

    // Loads the active key, generating and saving one when there is none. A file that exists
    // but cannot be parsed is an error (never replaced): returns a null Key and sets *error.
    Key loadOrCreate(QString *error = nullptr) const;

private:
    QString m_directory;
};
