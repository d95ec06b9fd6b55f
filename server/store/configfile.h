// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "configuration.h"

#include <QString>

// Reads and writes the configuration document on disk.
//
// Writes are atomic (QSaveFile) and the file is created with 0600, since it holds client
// secrets. A file that cannot be read or fails validation is never overwritten: load() reports
// it, and the caller decides between stopping (headless) and setAside() plus defaults (window).
class ConfigFile
{
public:
    enum class Status { Loaded, Missing, Invalid };

    struct LoadResult
    {
        Status status = Status::Missing;
        Configuration configuration; // the file's content when Loaded, else defaults()
        QString error; // one line when Invalid: what is wrong (not the path)
    };

    explicit ConfigFile(const QString &path);

    QString path() const { return m_path; }
    // The folder keys live in: "keys" beside the configuration file.
    QString keyDirectory() const;
    // The token store's database beside the configuration file: "tokens.sqlite".
    QString tokenStorePath() const;

    LoadResult load() const;
    // Atomic write; false and *error set when it fails (the old file is then untouched).
    bool save(const Configuration &config, QString *error = nullptr) const;
    // Renames the file to "<name>.corrupt-<UTC timestamp>" and returns the new path (empty on
    // failure), so a bad file is kept for the user rather than replaced.
    QString setAside() const;

    // The platform's application-data folder + "config.json".
    static QString defaultPath();

private:
    QString m_path;
};
