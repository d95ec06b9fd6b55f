// SPDX-License-Identifier: GPL-3.0-or-later
#include "trafficmodel.h"

#include "theme.h"

#include <QApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace {

struct RawMessage
{
    QByteArray startLine;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// The text ExchangeRecord keeps: a start line, "Name: value" lines, an empty line, the body.
RawMessage parseRaw(const QByteArray &raw)
{
    RawMessage message;
    qsizetype end = raw.indexOf("\r\n\r\n");
    qsizetype bodyStart = end + 4;
    if (end < 0) {
        end = raw.size();
        bodyStart = raw.size();
    }
    const QList<QByteArray> lines = raw.first(end).split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (i == 0) {
            message.startLine = line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            message.headers.append({line.first(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    message.body = raw.mid(bodyStart);
    return message;
}

QByteArray headerOf(const RawMessage &message, QByteArrayView name)
{
    for (const auto &[key, value] : message.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonArray harHeaders(const RawMessage &message)
{
    QJsonArray headers;
    for (const auto &[name, value] : message.headers) {
        headers.append(QJsonObject {
            {u"name"_s, QString::fromLatin1(name)}, {u"value"_s, QString::fromUtf8(value)}});
    }
    return headers;
}

QString durationText(qint64 micros)
{
    if (micros < 1000)
        return QCoreApplication::translate("TrafficModel", "%1 µs").arg(micros);
    return QCoreApplication::translate("TrafficModel", "%1 ms")
        .arg(double(micros) / 1000.0, 0, 'f', micros < 100000 ? 1 : 0);
}

} // namespace

TrafficModel::TrafficModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(FlushIntervalMsecs);
    connect(&m_flushTimer, &QTimer::timeout, this, &TrafficModel::flush);
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExchangeRecord &record = m_records.at(index.row());
    const bool isError = record.status == 0 || record.status >= 400;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(record.startedMSecs())
                .toLocalTime()
                .toString(u"HH:mm:ss.zzz"_s);
        case MethodColumn:
            return QString::fromLatin1(record.method);
        case PathColumn:
            return QString::fromUtf8(record.path);
        case ClientColumn:
            return record.decision.clientId;
        case StatusColumn:
            return record.status;
        case OutcomeColumn:
            return record.outcome;
        case DurationColumn:
            return durationText(record.durationMicros);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == OutcomeColumn && !record.decision.reason.isEmpty())
            return record.decision.reason;
        if (index.column() == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(record.startedMSecs())
                .toLocalTime()
                .toString(Qt::ISODateWithMs);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn || index.column() == OutcomeColumn) {
            return Theme::color(
                isError ? Theme::Tone::Error : Theme::Tone::Success, QApplication::palette());
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SearchTextRole:
        return QStringList {QString::fromUtf8(record.path), record.decision.clientId,
            record.outcome, record.decision.reason}
            .join(u'\n');
    case IsErrorRole:
        return isError;
    default:
        return {};
    }
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case ClientColumn:
        return tr("Client");
    case StatusColumn:
        return tr("Status");
    case OutcomeColumn:
        return tr("Outcome");
    case DurationColumn:
        return tr("Duration");
    case ColumnCount:
        break;
    }
    return {};
}

void TrafficModel::setCap(int cap)
{
    m_cap = std::max(1, cap);
    if (m_records.size() > m_cap)
        dropOldest(int(m_records.size()) - m_cap);
    if (m_pending.size() > m_cap)
        m_pending.remove(0, m_pending.size() - m_cap);
}

void TrafficModel::append(const ExchangeRecord &record)
{
    m_pending.append(record);
    // Never more than the cap waiting either: a burst while the timer is due stays bounded.
    if (m_pending.size() > m_cap)
        m_pending.removeFirst();
    if (m_pending.size() >= FlushAtPending)
        flush();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TrafficModel::flush()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty())
        return;
    const int incoming = int(m_pending.size());
    const int overflow = int(m_records.size()) + incoming - m_cap;
    if (overflow > 0)
        dropOldest(std::min(overflow, int(m_records.size())));

    const int first = int(m_records.size());
    beginInsertRows({}, first, first + incoming - 1);
    m_records.append(std::move(m_pending));
    m_pending = {};
    endInsertRows();
    Q_EMIT rowsAppended(incoming);
}

void TrafficModel::dropOldest(int count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_records.remove(0, count);
    endRemoveRows();
}

void TrafficModel::clear()
{
    m_flushTimer.stop();
    m_pending.clear();
    if (m_records.isEmpty())
        return;
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QString TrafficModel::accessTokenOf(const ExchangeRecord &record)
{
    const RawMessage response = parseRaw(record.rawResponse);
    const QJsonObject json = QJsonDocument::fromJson(response.body).object();
    return json.value(u"access_token"_s).toString();
}

QByteArray TrafficModel::toHar(const QList<ExchangeRecord> &records, SecretMasking::Tokens tokens)
{
    QJsonArray entries;
    for (const ExchangeRecord &record : records) {
        // The records are masked already; masking again costs little and keeps a HAR free of
        // credentials whatever made the record.
        RawMessage request = parseRaw(record.rawRequest);
        request.headers = SecretMasking::maskHeaders(request.headers);
        request.body = SecretMasking::maskRequestBody(request.body);
        RawMessage response = parseRaw(record.rawResponse);
        response.headers = SecretMasking::maskHeaders(response.headers);
        response.body = SecretMasking::maskJson(response.body, tokens);
        const QList<QByteArray> requestLine = request.startLine.split(' ');
        const QByteArray target = requestLine.value(1, record.path);
        const QByteArray host = headerOf(request, "Host");
        const QUrl url = SecretMasking::maskUrl(
            QUrl(u"http://"_s + QString::fromLatin1(host.isEmpty() ? "localhost"_ba : host)
                + QString::fromUtf8(target)));

        QJsonArray queryString;
        const QList<QPair<QString, QString>> items
            = QUrlQuery(url.query(QUrl::FullyEncoded)).queryItems(QUrl::FullyDecoded);
        for (const auto &[name, value] : items)
            queryString.append(QJsonObject {{u"name"_s, name}, {u"value"_s, value}});

        QJsonObject harRequest {{u"method"_s, QString::fromLatin1(record.method)},
            {u"url"_s, url.toString(QUrl::FullyEncoded)},
            {u"httpVersion"_s, QString::fromLatin1(requestLine.value(2, "HTTP/1.1"_ba))},
            {u"cookies"_s, QJsonArray()}, {u"headers"_s, harHeaders(request)},
            {u"queryString"_s, queryString}, {u"headersSize"_s, -1},
            {u"bodySize"_s, request.body.size()}};
        if (!request.body.isEmpty()) {
            const QByteArray type = headerOf(request, "Content-Type");
            harRequest.insert(u"postData"_s,
                QJsonObject {{u"mimeType"_s, QString::fromLatin1(type)},
                    {u"text"_s, QString::fromUtf8(request.body)}});
        }

        const QList<QByteArray> statusLine = response.startLine.split(' ');
        const QByteArray statusText = statusLine.mid(2).join(' ');
        const QByteArray mimeType = headerOf(response, "Content-Type");
        const QJsonObject harResponse {{u"status"_s, record.status},
            {u"statusText"_s, QString::fromLatin1(statusText)},
            {u"httpVersion"_s, QString::fromLatin1(statusLine.value(0, "HTTP/1.1"_ba))},
            {u"cookies"_s, QJsonArray()}, {u"headers"_s, harHeaders(response)},
            {u"content"_s,
                QJsonObject {{u"size"_s, response.body.size()},
                    {u"mimeType"_s, QString::fromLatin1(mimeType)},
                    {u"text"_s, QString::fromUtf8(response.body)}}},
            {u"redirectURL"_s, QString()}, {u"headersSize"_s, -1},
            {u"bodySize"_s, response.body.size()}};

        const double ms = double(record.durationMicros) / 1000.0;
        entries.append(
            QJsonObject {{u"startedDateTime"_s,
                             QDateTime::fromMSecsSinceEpoch(record.startedMSecs(), QTimeZone::utc())
                                 .toString(Qt::ISODateWithMs)},
                {u"time"_s, ms}, {u"request"_s, harRequest}, {u"response"_s, harResponse},
                {u"cache"_s, QJsonObject()},
                {u"timings"_s, QJsonObject {{u"send"_s, 0}, {u"wait"_s, ms}, {u"receive"_s, 0}}},
                {u"comment"_s, record.decision.reason}});
    }
    const QJsonObject log {{u"version"_s, u"1.2"_s},
        {u"creator"_s,
            QJsonObject {{u"name"_s, u"OAuth2 Playground"_s},
                {u"version"_s, QStringLiteral(PLAYGROUND_VERSION)}}},
        {u"entries"_s, entries}};
    return QJsonDocument(QJsonObject {{u"log"_s, log}}).toJson(QJsonDocument::Indented);
}

void TrafficFilterModel::setStatusFilter(StatusFilter filter)
{
    if (m_status == filter)
        return;
    m_status = filter;
    invalidateFilter();
}

void TrafficFilterModel::setSearchText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateFilter();
}

bool TrafficFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_status != StatusFilter::All) {
        const bool isError = index.data(TrafficModel::IsErrorRole).toBool();
        if (isError != (m_status == StatusFilter::Errors))
            return false;
    }
    return m_text.isEmpty()
        || index.data(TrafficModel::SearchTextRole)
               .toString()
               .contains(m_text, Qt::CaseInsensitive);
}
