// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tokenrequestbuilder.h"

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

// One request the composer sent, and how it ended.
struct HistoryEntry
{
    qint64 sentMSecs = 0;
    TokenRequestInput input; // once added: no client secret, credentials masked (SecretMasking)
    bool toEmbeddedServer = false; // its port may differ on the next run
    bool bearerToken = false; // a resource call that carried a token (which is not kept)
    int status = 0; // HTTP status, 0 when there was no answer
    QString outcome; // "200", "invalid_client", "timed out"
};

// The composer's sent requests, newest first, kept in history.json beside the configuration.
// The client secret is never kept: a re-run takes it from the registered client. Extra
// parameters that are credentials (password, client_assertion, ...) and a password or credential
// in the token URL are masked as SecretMasking says, in memory and on disk.
class RequestHistory : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int MaximumEntries = 100;

    // Reads the file now (small, like the configuration). An unreadable file is renamed aside
    // to <file>.corrupt and the history starts empty; if that fails nothing is ever saved, so the
    // file is not overwritten.
    explicit RequestHistory(const QString &filePath, QObject *parent = nullptr);
    ~RequestHistory() override;

    QString filePath() const { return m_filePath; }
    // Why the file was set aside (empty when it loaded or did not exist).
    QString loadError() const { return m_loadError; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    HistoryEntry entry(int row) const { return m_entries.at(row); }
    // Adds at the top, drops the oldest beyond the cap and saves in the background.
    void append(HistoryEntry entry);

    static QByteArray toJson(const QList<HistoryEntry> &entries);
    // false when the document is not a history file.
    static bool fromJson(const QByteArray &json, QList<HistoryEntry> *entries);

private:
    struct SaveState;
    void load();
    void save();

    QString m_filePath;
    QString m_loadError;
    QList<HistoryEntry> m_entries;
    std::shared_ptr<SaveState> m_saveState;
    bool m_saveEnabled = true;
};
