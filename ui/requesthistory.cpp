// SPDX-License-Identifier: GPL-3.0-or-later
#include "requesthistory.h"

#include "oauth/secretmasking.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSaveFile>
#include <QThreadPool>

using namespace Qt::Literals::StringLiterals;

namespace {

// What the history keeps of a request: no client secret (a re-run takes the registered
// client's), and the rule of oauth/secretmasking.h for everything else the user typed.
HistoryEntry withoutSecrets(HistoryEntry entry)
{
    entry.input.clientSecret.clear();
    entry.input.token.clear(); // introspected or revoked: a bearer credential too
    entry.input.tokenUrl = SecretMasking::maskUrl(entry.input.tokenUrl);
    entry.input.extraParameters = SecretMasking::maskParameters(entry.input.extraParameters);
    return entry;
}

} // namespace

// Saves run on the global pool and may overlap; the generation keeps an older snapshot from
// replacing a newer one.
struct RequestHistory::SaveState
{
    QMutex mutex;
    quint64 queued = 0;
    quint64 written = 0;
};

RequestHistory::RequestHistory(const QString &filePath, QObject *parent)
    : QAbstractListModel(parent), m_filePath(filePath), m_saveState(std::make_shared<SaveState>())
{
    load();
}

RequestHistory::~RequestHistory() = default;

void RequestHistory::load()
{
    QFile file(m_filePath);
    if (!file.exists())
        return;
    QList<HistoryEntry> entries;
    if (file.open(QIODevice::ReadOnly) && fromJson(file.readAll(), &entries)) {
        m_entries = entries.mid(0, MaximumEntries);
        return;
    }
    file.close();
    const QString aside = m_filePath + u".corrupt"_s;
    QFile::remove(aside);
    if (QFile::rename(m_filePath, aside)) {
        m_loadError = tr("The request history could not be read; it was renamed to %1.").arg(aside);
    } else {
        m_saveEnabled = false;
        m_loadError = tr("The request history could not be read nor renamed aside; new requests "
                         "are not saved.");
    }
}

int RequestHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant RequestHistory::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        // The history outlives the run: a time alone would not say which day.
        const QString time = QDateTime::fromMSecsSinceEpoch(entry.sentMSecs)
                                 .toLocalTime()
                                 .toString(u"yyyy-MM-dd HH:mm:ss"_s);
        const QString method
            = entry.input.httpMethod.isEmpty() ? u"POST"_s : entry.input.httpMethod;
        return u"%1  %2 \u2026%3  %4  %5"_s.arg(
            time, method, entry.input.tokenUrl.path(), entry.input.clientId, entry.outcome);
    }
    case Qt::ToolTipRole:
        return tr("%1\nScopes: %2")
            .arg(entry.input.tokenUrl.toDisplayString(),
                entry.input.scopes.isEmpty() ? tr("(none)") : entry.input.scopes.join(u' '));
    default:
        return {};
    }
}

void RequestHistory::append(HistoryEntry entry)
{
    beginInsertRows(QModelIndex(), 0, 0);
    m_entries.prepend(withoutSecrets(std::move(entry)));
    endInsertRows();
    if (m_entries.size() > MaximumEntries) {
        beginRemoveRows(QModelIndex(), MaximumEntries, int(m_entries.size()) - 1);
        m_entries.resize(MaximumEntries);
        endRemoveRows();
    }
    save();
}

void RequestHistory::save()
{
    if (!m_saveEnabled)
        return;
    const QByteArray json = toJson(m_entries);
    quint64 generation = 0;
    {
        const QMutexLocker locker(&m_saveState->mutex);
        generation = ++m_saveState->queued;
    }
    // The project keeps file I/O off the GUI thread.
    QThreadPool::globalInstance()->start(
        [state = m_saveState, path = m_filePath, json, generation] {
            const QMutexLocker locker(&state->mutex);
            if (generation < state->written)
                return;
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return;
            // On the temporary file, so the history is never readable by others.
            if (file.write(json) != json.size()
                || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
                file.cancelWriting();
                return;
            }
            if (file.commit())
                state->written = generation;
        });
}

QByteArray RequestHistory::toJson(const QList<HistoryEntry> &unmasked)
{
    // Masked at the disk too, whatever the caller kept in memory.
    QList<HistoryEntry> entries;
    entries.reserve(unmasked.size());
    for (const HistoryEntry &entry : unmasked)
        entries.append(withoutSecrets(entry));
    QJsonArray array;
    for (const HistoryEntry &entry : entries) {
        QJsonArray parameters;
        for (const auto &[name, value] : entry.input.extraParameters)
            parameters.append(QJsonArray {name, value});
        // No client secret: the file sits in a folder that may be synced or shared.
        array.append(QJsonObject {
            {u"sent"_s,
                QDateTime::fromMSecsSinceEpoch(entry.sentMSecs)
                    .toUTC()
                    .toString(Qt::ISODateWithMs)},
            {u"endpoint"_s, entry.input.endpoint},
            {u"tokenUrl"_s, entry.input.tokenUrl.toString()},
            {u"tokenTypeHint"_s, entry.input.tokenTypeHint},
            {u"embeddedServer"_s, entry.toEmbeddedServer},
            {u"httpMethod"_s, entry.input.httpMethod},
            {u"jsonBody"_s,
                QString::fromUtf8(SecretMasking::maskRequestBody(entry.input.jsonBody.toUtf8()))},
            {u"bearerToken"_s, entry.bearerToken},
            {u"method"_s, entry.input.method},
            {u"clientId"_s, entry.input.clientId},
            {u"scopes"_s, QJsonArray::fromStringList(entry.input.scopes)},
            {u"parameters"_s, parameters},
            {u"status"_s, entry.status},
            {u"outcome"_s, entry.outcome},
        });
    }
    return QJsonDocument(QJsonObject {{u"version"_s, 1}, {u"requests"_s, array}})
        .toJson(QJsonDocument::Indented);
}

bool RequestHistory::fromJson(const QByteArray &json, QList<HistoryEntry> *entries)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject root = document.object();
    if (root.value("version"_L1).toInt() != 1 || !root.value("requests"_L1).isArray())
        return false;
    QList<HistoryEntry> result;
    const QJsonArray array = root.value("requests"_L1).toArray();
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return false;
        const QJsonObject object = value.toObject();
        const QDateTime sent
            = QDateTime::fromString(object.value("sent"_L1).toString(), Qt::ISODateWithMs);
        const QUrl url(object.value("tokenUrl"_L1).toString());
        if (!sent.isValid() || !url.isValid())
            return false;
        HistoryEntry entry;
        entry.sentMSecs = sent.toMSecsSinceEpoch();
        entry.input.tokenUrl = url;
        // Absent in a history written before the composer sent introspections: a token request.
        entry.input.endpoint = object.value("endpoint"_L1).toString();
        entry.input.tokenTypeHint = object.value("tokenTypeHint"_L1).toString();
        entry.toEmbeddedServer = object.value("embeddedServer"_L1).toBool();
        entry.input.httpMethod = object.value("httpMethod"_L1).toString();
        entry.input.jsonBody = object.value("jsonBody"_L1).toString();
        entry.bearerToken = object.value("bearerToken"_L1).toBool();
        entry.input.method = object.value("method"_L1).toString();
        entry.input.clientId = object.value("clientId"_L1).toString();
        const QJsonArray scopes = object.value("scopes"_L1).toArray();
        for (const QJsonValue &scope : scopes)
            entry.input.scopes.append(scope.toString());
        const QJsonArray parameters = object.value("parameters"_L1).toArray();
        for (const QJsonValue &parameter : parameters) {
            const QJsonArray pair = parameter.toArray();
            if (pair.size() != 2)
                return false;
            entry.input.extraParameters.append({pair.at(0).toString(), pair.at(1).toString()});
        }
        entry.status = object.value("status"_L1).toInt();
        entry.outcome = object.value("outcome"_L1).toString();
        // A history written by an older version may hold secrets in clear.
        result.append(withoutSecrets(entry));
    }
    *entries = result;
    return true;
}
